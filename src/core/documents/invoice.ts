// The printable invoice or debit note: parties, terms with any early-payment discount, lines, totals, what is
// already paid and what is still due.
import type { LocalDate } from '../date.js';
import { discountsTaken, discountText, offeredDiscount, type EarlyDiscount } from '../discount.js';
import type { Ledger } from '../ledger.js';
import { formatMinor, type Minor } from '../money.js';
import { isInvoiceLike, type Invoice } from '../types.js';
import { companyParty, customerParty, type Block, type DocumentView, type TotalRow } from './view.js';

export interface InvoiceLineView {
  readonly description: string;
  readonly quantity: string;
  readonly unitPrice: string;
  readonly net: Minor;
  readonly taxRate: string;
  readonly tax: Minor;
}

export interface InvoiceDocument {
  readonly invoice: Invoice;
  readonly lines: readonly InvoiceLineView[];
  readonly net: Minor;
  readonly tax: Minor;
  /** Σ applications to the invoice dated ≤ asOf (payments, credit notes, write-offs). */
  readonly paid: Minor;
  readonly open: Minor;
  /** The discount still on offer at `asOf` (not earned, taken or expired), or null. */
  readonly discount: EarlyDiscount | null;
  readonly asOf: LocalDate;
}

/** The invoice or debit note `id` as of a date, or null when the ledger has no such document. */
export function invoiceDocument(ledger: Ledger, id: string, asOf: LocalDate): InvoiceDocument | null {
  const doc = ledger.byId.get(id);
  if (!doc || !isInvoiceLike(doc)) return null;
  const stored = ledger.invoiceLines.get(id);
  const lines: InvoiceLineView[] = stored && stored.length > 0
    ? [...stored].sort((a, b) => a.line - b.line).map((l) => ({
      description: l.description, quantity: l.quantity, unitPrice: l.unitPrice, net: l.net, taxRate: l.taxRate, tax: l.tax,
    }))
    : [{
      description: doc.memo !== '' ? doc.memo : doc.kind === 'debit-note' ? 'Debit note' : 'Invoice',
      quantity: '1', unitPrice: formatMinor(doc.amount, doc.currency), net: doc.amount, taxRate: '', tax: 0 as Minor,
    }];
  let net = 0;
  let tax = 0;
  for (const l of lines) {
    net += l.net;
    tax += l.tax;
  }
  let paid = 0;
  for (const a of ledger.applications) if (a.debit === id && a.date <= asOf) paid += a.amount;
  return {
    invoice: doc, lines, net: net as Minor, tax: tax as Minor, paid: paid as Minor, open: (doc.amount - paid) as Minor,
    discount: offeredDiscount(doc, asOf, (doc.amount - paid) as Minor, discountsTaken(ledger, asOf)), asOf,
  };
}

export function invoiceView(ledger: Ledger, d: InvoiceDocument): DocumentView {
  const inv = d.invoice;
  const ccy = inv.currency;
  const m = (x: Minor): string => formatMinor(x, ccy);
  const customer = ledger.customers.get(inv.customer)!;
  const title = inv.kind === 'debit-note' ? 'Debit note' : 'Invoice';
  const fields: [string, string][] = [
    [`${title} no.`, inv.id],
    ['Date', inv.date],
    ['Due date', inv.due],
  ];
  if (inv.terms !== '') fields.push(['Terms', inv.terms]);
  if (inv.reference !== '') fields.push(['Your reference', inv.reference]);
  fields.push(['Currency', ccy], ['Payment reference', inv.id]);
  const totals: TotalRow[] = [
    { label: 'Net', value: m(d.net), strong: false },
    { label: 'Tax', value: m(d.tax), strong: false },
    { label: `Total ${ccy}`, value: m(inv.amount), strong: d.paid === 0 },
  ];
  if (d.paid !== 0) totals.push({ label: `Paid or credited by ${d.asOf}`, value: m(d.paid), strong: false });
  totals.push({ label: `Amount due ${ccy}`, value: m(d.open), strong: d.paid !== 0 });
  const blocks: Block[] = [
    { type: 'parties', parties: [companyParty(ledger.config), customerParty(customer, 'Bill to')] },
    { type: 'fields', fields },
    {
      type: 'table', title: 'Lines', empty: 'No lines.',
      columns: [
        { label: '#', align: 'right' }, { label: 'Description', align: 'left' }, { label: 'Qty', align: 'right' },
        { label: 'Unit price', align: 'right' }, { label: 'Net', align: 'right' }, { label: 'Tax %', align: 'right' },
        { label: 'Tax', align: 'right' },
      ],
      rows: d.lines.map((l, i) => [String(i + 1), l.description, l.quantity, l.unitPrice, m(l.net), l.taxRate === '' ? '' : `${l.taxRate} %`, m(l.tax)]),
    },
    { type: 'totals', title: 'Totals', rows: totals },
  ];
  if (d.discount && d.open > 0) blocks.push({ type: 'note', text: discountText(d.discount, ccy) });
  if (d.open > 0) blocks.push({ type: 'note', text: `Please pay ${m(d.open)} ${ccy} by ${inv.due}, quoting ${inv.id} as the payment reference.` });
  else blocks.push({ type: 'note', text: `Paid in full, thank you.` });
  if (inv.memo !== '' && ledger.invoiceLines.has(inv.id)) blocks.push({ type: 'note', text: inv.memo });
  return { title: `${title} ${inv.id}`, blocks };
}
