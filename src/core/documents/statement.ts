// The printable statement of account: what the customer owed, every movement of the period, what it owes now.
import type { Ledger } from '../ledger.js';
import { formatMinor, type Minor } from '../money.js';
import { openingDate, type Statement, type StatementEntry } from '../reports/statement.js';
import { assertNever, isInvoiceLike, type Document } from '../types.js';
import { discountsTaken, discountText, offeredDiscount } from '../discount.js';
import { companyParty, customerParty, type Block, type DocumentView } from './view.js';

const KIND_TITLE: Readonly<Record<Document['kind'], string>> = {
  invoice: 'Invoice', 'debit-note': 'Debit note', refund: 'Refund', payment: 'Payment', 'credit-note': 'Credit note',
  'write-off': 'Write-off',
};

function details(doc: Document): string {
  const title = KIND_TITLE[doc.kind];
  switch (doc.kind) {
    case 'invoice':
    case 'debit-note':
      return [`${title}, due ${doc.due}`, doc.reference !== '' ? `ref ${doc.reference}` : '', doc.memo].filter(Boolean).join(', ');
    case 'payment':
    case 'refund':
      return [title, doc.reference !== '' ? `ref ${doc.reference}` : '', doc.memo].filter(Boolean).join(', ');
    case 'credit-note':
    case 'write-off':
      return [title, doc.invoice !== '' ? `for ${doc.invoice}` : '', doc.reason].filter(Boolean).join(', ');
    default:
      return assertNever(doc);
  }
}

function entryRow(e: StatementEntry, m: (x: Minor) => string): string[] {
  if (e.type === 'document') {
    return [e.date, e.doc.id, details(e.doc), e.debit !== 0 ? m(e.debit) : '', e.credit !== 0 ? m(e.credit) : '', m(e.balance)];
  }
  return [e.date, e.credit, `${m(e.amount)} applied to ${e.debit}`, '', '', m(e.balance)];
}

export function statementView(ledger: Ledger, s: Statement): DocumentView {
  const ccy = s.currency;
  const m = (x: Minor): string => formatMinor(x, ccy);
  const opening = openingDate(s.from);
  const rows: string[][] = [
    [s.from, '', `Opening balance at ${opening}`, '', '', m(s.opening)],
    ...s.entries.map((e) => entryRow(e, m)),
    [s.to, '', `Closing balance at ${s.to}`, '', '', m(s.closing)],
  ];
  const money = (label: string): { label: string; align: 'right' } => ({ label, align: 'right' });
  const taken = discountsTaken(ledger, s.to);
  const openRows = s.aging.items.map((i) => {
    const doc = ledger.byId.get(i.id)!;
    const discount = isInvoiceLike(doc) ? offeredDiscount(doc, s.to, i.open, taken) : null;
    const notes = [
      i.disputed ? 'disputed' : '',
      discount ? discountText(discount, ccy) : '',
    ].filter(Boolean).join('; ');
    return [i.id, i.date, i.due, i.daysOverdue > 0 ? String(i.daysOverdue) : '', m(i.amount), m(i.open), notes];
  });
  const blocks: Block[] = [
    { type: 'parties', parties: [companyParty(ledger.config), customerParty(s.customer, 'To')] },
    {
      type: 'fields',
      fields: [['Customer', s.customer.id], ['Period', `${s.from} to ${s.to}`], ['Statement date', s.to], ['Currency', ccy]],
    },
    {
      type: 'table', title: 'Account activity', empty: '',
      columns: [
        { label: 'Date', align: 'left' }, { label: 'Document', align: 'left' }, { label: 'Details', align: 'left' },
        money('Debit'), money('Credit'), money('Balance'),
      ],
      rows,
    },
    {
      type: 'totals', title: 'Summary',
      rows: [
        { label: `Opening balance at ${opening}`, value: m(s.opening), strong: false },
        { label: 'Charges (debits)', value: m(s.debits), strong: false },
        { label: 'Payments and credits', value: m(s.credits), strong: false },
        { label: `Closing balance at ${s.to} ${ccy}`, value: m(s.closing), strong: true },
      ],
    },
    {
      type: 'table', title: `Open items at ${s.to}`, empty: 'Nothing is open.',
      columns: [
        { label: 'Document', align: 'left' }, { label: 'Date', align: 'left' }, { label: 'Due', align: 'left' },
        money('Days overdue'), money('Amount'), money('Open'), { label: 'Notes', align: 'left' },
      ],
      rows: openRows,
    },
    {
      type: 'table', title: `Aging at ${s.to} (${ledger.config.aging.basis === 'due' ? 'days past due' : 'days since invoice date'})`, empty: '',
      columns: [...s.aging.buckets.map(money), money('Open'), money('Unapplied'), money('Balance')],
      rows: [[...s.aging.amounts.map(m), m(s.aging.open), m(s.aging.unapplied), m(s.aging.balance)]],
    },
  ];
  if (s.aging.balance > 0) {
    blocks.push({ type: 'note', text: `Balance due ${m(s.aging.balance)} ${ccy}. Please quote the document numbers as payment references.` });
  } else if (s.aging.balance < 0) {
    blocks.push({ type: 'note', text: `Your account is in credit by ${m(-s.aging.balance as Minor)} ${ccy}.` });
  }
  return { title: `Statement of account ${s.customer.id}`, blocks };
}
