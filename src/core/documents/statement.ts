// The printable statement of account: what the customer owed, every movement of the period, what it owes now.
import type { Ledger } from '../ledger.js';
import type { Minor } from '../money.js';
import { openingDate, type Statement } from '../reports/statement.js';
import { isInvoiceLike, type Document, type VoidRecord } from '../types.js';
import { voidsById } from '../voids.js';
import { discountsTaken, discountText, offeredDiscount } from '../discount.js';
import { accountFor, bankFields, paymentReferenceOf, qrBlocks } from './invoice.js';
import { amountText, companyParty, customerParty, type Block, type DocumentView } from './view.js';

const KIND_TITLE: Readonly<Record<Document['kind'], string>> = {
  invoice: 'Invoice', 'debit-note': 'Debit note', refund: 'Refund', payment: 'Payment', 'credit-note': 'Credit note',
  'write-off': 'Write-off',
};

/**
 * What a row of the activity says: the kind of document. A memo or reason is the bookkeeper's own note and is
 * left out; what a credit note was issued against is on the credit note, and the row stays within 80 columns.
 */
function details(doc: Document, voids: ReadonlyMap<string, VoidRecord>, reverses: ReadonlyMap<string, string>): string {
  const v = voids.get(doc.id);
  if (v) return `${KIND_TITLE[doc.kind]}, ${v.reversal === '' ? 'applications reversed' : 'voided'} ${v.date}`;
  const of = reverses.get(doc.id);
  return of === undefined ? KIND_TITLE[doc.kind] : `${KIND_TITLE[doc.kind]}, voids ${of}`;
}

export function statementView(ledger: Ledger, s: Statement): DocumentView {
  const ccy = s.currency;
  const m = (x: Minor): string => amountText(x, ccy);
  const opening = openingDate(s.from);
  // An application moves no balance (the payment already did): listing it would only make the page longer.
  // Voids after the statement's end are not yet known on it.
  const voids = new Map([...voidsById(ledger)].filter(([, v]) => v.date <= s.to));
  const reverses = new Map([...voids.values()].filter((v) => v.reversal !== '').map((v) => [v.reversal, v.document]));
  const rows: string[][] = [
    [s.from, '', `Opening balance`, '', '', m(s.opening)],
    ...s.entries.flatMap((e) => (e.type === 'document'
      ? [[e.date, e.doc.id, details(e.doc, voids, reverses), e.debit !== 0 ? m(e.debit) : '', e.credit !== 0 ? m(e.credit) : '', m(e.balance)]]
      : [])),
    [s.to, '', `Closing balance`, '', '', m(s.closing)],
  ];
  const money = (label: string): { label: string; align: 'right' } => ({ label, align: 'right' });
  const taken = discountsTaken(ledger, s.to);
  const discounts: string[] = [];
  // With RF references the customer quotes a reference that is not the document number: it gets a column of its
  // own, in place of the document date, so that the table stays within 80 columns.
  const rf = ledger.config.paymentReference === 'rf';
  const references: string[] = [];
  const referenced = new Set<string>();
  const openRows = s.aging.items.map((i) => {
    const doc = ledger.byId.get(i.id)!;
    // An instalment of a payment plan is one row each; its amount was agreed, so no discount is offered on it.
    const discount = isInvoiceLike(doc) && i.instalment === undefined ? offeredDiscount(doc, s.to, i.open, taken) : null;
    if (discount) discounts.push(`${i.id}: ${discountText(discount, ccy)}`);
    const reference = isInvoiceLike(doc) ? paymentReferenceOf(ledger.config, doc) : doc.id;
    if (!i.disputed && !referenced.has(reference)) references.push(reference);
    referenced.add(reference);
    const note = i.disputed ? 'disputed' : i.instalment !== undefined ? `instalment ${i.instalment}/${i.of}` : '';
    return [i.id, rf ? reference : i.date, i.due, i.daysOverdue > 0 ? String(i.daysOverdue) : '', m(i.open), note];
  });
  const summary = [
    { label: `Opening balance at ${opening}`, value: m(s.opening), strong: false },
    { label: 'Charges', value: m(s.debits), strong: false },
    { label: 'Payments and credits', value: m(-s.credits as Minor), strong: false },
    { label: `Closing balance at ${s.to} ${ccy}`, value: m(s.closing), strong: true },
  ];
  const blocks: Block[] = [
    { type: 'parties', parties: [companyParty(ledger.config), customerParty(s.customer, 'To')] },
    {
      type: 'fields',
      fields: [['Customer', s.customer.id], ['Period', `${s.from} to ${s.to}`], ['Statement date', s.to], ['Currency', ccy]],
    },
    {
      type: 'table', title: 'Account activity', empty: '',
      columns: [
        { label: 'Date', align: 'left' }, { label: 'Document', align: 'left' }, { label: 'Details', align: 'left', wrap: true },
        money('Debit'), money('Credit'), money('Balance'),
      ],
      rows,
    },
    { type: 'totals', title: 'Summary', rows: summary },
    {
      type: 'table', title: `Open items at ${s.to}`, empty: 'Nothing is open.',
      columns: [
        { label: 'Document', align: 'left' }, { label: rf ? 'Payment reference' : 'Date', align: 'left' }, { label: 'Due', align: 'left' },
        money('Days late'), money('Open'), { label: 'Note', align: 'left', wrap: true },
      ],
      rows: openRows,
    },
  ];
  for (const text of discounts) blocks.push({ type: 'note', text: `Early payment: ${text}.` });
  if (s.aging.open !== 0 || s.aging.unapplied !== 0) {
    const cols = [...s.aging.buckets, 'Total'];
    const amounts = [...s.aging.amounts.map(m), m(s.aging.open)];
    if (s.aging.unapplied !== 0) {
      cols.push('Unapplied', 'Balance');
      amounts.push(m(-s.aging.unapplied as Minor), m(s.aging.balance));
    }
    blocks.push({
      type: 'table', title: `Aging at ${s.to} (${ledger.config.aging.basis === 'due' ? 'days past due' : 'days since invoice date'})`, empty: '',
      columns: cols.map(money), rows: [amounts],
    });
  }
  if (s.aging.balance > 0) {
    const account = accountFor(ledger.config, ccy);
    if (account) blocks.push({ type: 'fields', title: 'Payment', fields: [['Balance due', `${m(s.aging.balance)} ${ccy}`], ...bankFields(ledger.config, account)] });
    // One transfer for the whole balance: the references of the items it settles, as far as the code allows.
    const text = references.join(' ');
    blocks.push(...qrBlocks(ledger.config, account, ccy, s.aging.balance, text.length <= 140 ? text : `Customer ${s.customer.id} statement ${s.to}`));
    blocks.push({
      type: 'note',
      text: `Balance due ${m(s.aging.balance)} ${ccy}. Please quote ${rf ? 'the payment references above' : 'the document numbers'} when you pay.`,
    });
  } else if (s.aging.balance < 0) {
    blocks.push({ type: 'note', text: `Your account is in credit by ${m(-s.aging.balance as Minor)} ${ccy}.` });
  }
  return { title: `Statement of account ${s.customer.id}`, blocks };
}
