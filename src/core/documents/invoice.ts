// The printable invoice, debit note or credit note: seller and buyer, document number and dates, lines, a tax
// summary per rate, totals, what is already paid and what is still due, and how to pay it.
//
// Memos and reasons are the bookkeeper's own words ("customer insolvent", "(typo)"): they stay in the ledger and
// never reach a customer document. What a document says instead is made here from the ledger's facts.
import Big from 'big.js';
import type { LocalDate } from '../date.js';
import { creditorReference } from '../creditor-reference.js';
import { discountsTaken, discountText, isDiscountCredit, offeredDiscount, type EarlyDiscount } from '../discount.js';
import { einvoiceModel, type EinvoiceModel } from '../einvoice/model.js';
import { RefusedError } from '../issues.js';
import type { Ledger } from '../ledger.js';
import { parseAmount, roundToMinor, toBig, type Minor } from '../money.js';
import { isInvoiceLike, type BankAccount, type Credit, type Invoice, type LedgerConfig } from '../types.js';
import { epcPayload } from './epc.js';
import { amountText, companyParty, customerParty, type Block, type DocumentView, type TotalRow } from './view.js';

export interface InvoiceLineView {
  readonly description: string;
  readonly quantity: string;
  readonly unitPrice: string;
  readonly net: Minor;
  /** Percent as written in invoice-lines.csv; '' for an invoice issued without lines (no tax stated). */
  readonly taxRate: string;
  readonly tax: Minor;
}

/** One row of the tax summary: the lines of one rate (and tax category) added up. */
export interface TaxSummaryRow {
  readonly rate: string;
  readonly net: Minor;
  readonly tax: Minor;
  /** How the row is labelled when the rate alone does not say it, e.g. `0 % reverse charge`; '' otherwise. */
  readonly label?: string;
}

export interface InvoiceDocument {
  readonly invoice: Invoice;
  readonly lines: readonly InvoiceLineView[];
  readonly taxes: readonly TaxSummaryRow[];
  readonly net: Minor;
  readonly tax: Minor;
  /** Σ applications to the invoice dated ≤ asOf (payments, credit notes, write-offs). */
  readonly paid: Minor;
  readonly open: Minor;
  /** The discount still on offer at `asOf` (not earned, taken or expired), or null. */
  readonly discount: EarlyDiscount | null;
  readonly asOf: LocalDate;
}

export interface CreditNoteDocument {
  readonly credit: Credit;
  /** The invoice or debit note it was issued against, or null. */
  readonly refersTo: Invoice | null;
  readonly lines: readonly InvoiceLineView[];
  readonly taxes: readonly TaxSummaryRow[];
  readonly net: Minor;
  readonly tax: Minor;
}

const NO_RATE = '';

function rateLabel(rate: string): string {
  return rate === NO_RATE ? 'no tax stated' : `${rate} %`;
}

const minor = (text: string, ccy: string): Minor => {
  const r = parseAmount(text, ccy);
  return r.ok ? r.minor : (0 as Minor);
};

/**
 * The document's e-invoice content where one can be made: its lines and tax groups (reverse charge, export,
 * exemption, the default tax of a document without lines) are then printed exactly as the e-invoice states them.
 * Null where it cannot (master data missing, no tax configured for a document without lines).
 */
function modelOf(ledger: Ledger, id: string): EinvoiceModel | null {
  try {
    return einvoiceModel(ledger, id);
  } catch (e) {
    if (e instanceof RefusedError) return null;
    throw e;
  }
}

const CATEGORY_LABEL: Readonly<Record<string, string>> = { Z: 'zero rated', E: 'exempt', AE: 'reverse charge', G: 'export outside the EU' };

function modelLines(m: EinvoiceModel): InvoiceLineView[] {
  return m.lines.map((l) => ({
    description: l.name, quantity: l.quantity, unitPrice: l.unitPrice, net: minor(l.net, m.currency), taxRate: l.rate, tax: 0 as Minor,
  }));
}

function modelTaxes(m: EinvoiceModel): TaxSummaryRow[] {
  return m.taxes.map((t) => {
    const extra = t.category === 'S' ? '' : t.exemptionReason !== '' && t.category !== 'Z' ? t.exemptionReason : CATEGORY_LABEL[t.category] ?? '';
    return { rate: t.rate, net: minor(t.taxable, m.currency), tax: minor(t.tax, m.currency), label: extra === '' ? '' : `${t.rate} % ${extra}` };
  });
}

/** Lines of one rate added up, rates in ascending order. */
function summarise(lines: readonly InvoiceLineView[]): TaxSummaryRow[] {
  const by = new Map<string, { net: number; tax: number }>();
  for (const l of lines) {
    const key = l.taxRate === NO_RATE ? NO_RATE : new Big(l.taxRate).toString();
    const row = by.get(key) ?? { net: 0, tax: 0 };
    row.net += l.net;
    row.tax += l.tax;
    by.set(key, row);
  }
  return [...by].sort(([a], [b]) => (a === NO_RATE ? 1 : b === NO_RATE ? -1 : new Big(a).cmp(new Big(b))))
    .map(([rate, r]) => ({ rate, net: r.net as Minor, tax: r.tax as Minor }));
}

function invoiceLines(ledger: Ledger, doc: Invoice): InvoiceLineView[] {
  const stored = ledger.invoiceLines.get(doc.id);
  if (stored && stored.length > 0) {
    return [...stored].sort((a, b) => a.line - b.line).map((l) => ({
      description: l.description, quantity: l.quantity, unitPrice: l.unitPrice, net: l.net, taxRate: l.taxRate, tax: l.tax,
    }));
  }
  // Issued with --amount: one line for the whole amount, tax not broken down (the memo is internal).
  const description = doc.kind === 'debit-note'
    ? (doc.reference === 'dunning-fee' ? 'Dunning fee and interest' : 'Debit note')
    : 'Invoice amount';
  return [{ description, quantity: '1', unitPrice: amountText(doc.amount, doc.currency), net: doc.amount, taxRate: NO_RATE, tax: 0 as Minor }];
}

/** The invoice or debit note `id` as of a date, or null when the ledger has no such document. */
export function invoiceDocument(ledger: Ledger, id: string, asOf: LocalDate): InvoiceDocument | null {
  const doc = ledger.byId.get(id);
  if (!doc || !isInvoiceLike(doc)) return null;
  const model = modelOf(ledger, id);
  const lines = model ? modelLines(model) : invoiceLines(ledger, doc);
  const taxes = model ? modelTaxes(model) : summarise(lines);
  let net = 0;
  let tax = 0;
  for (const t of taxes) {
    net += t.net;
    tax += t.tax;
  }
  let paid = 0;
  for (const a of ledger.applications) if (a.debit === id && a.date <= asOf) paid += a.amount;
  return {
    invoice: doc, lines, taxes, net: net as Minor, tax: tax as Minor, paid: paid as Minor,
    open: (doc.amount - paid) as Minor,
    discount: offeredDiscount(doc, asOf, (doc.amount - paid) as Minor, discountsTaken(ledger, asOf)), asOf,
  };
}

/**
 * The credit note `id`, or null when the ledger has no credit note of that id. Against an invoice with lines its
 * amount is split over the invoice's tax rates in proportion to their gross, so that the tax it corrects is stated.
 */
export function creditNoteDocument(ledger: Ledger, id: string): CreditNoteDocument | null {
  const doc = ledger.byId.get(id);
  if (!doc || doc.kind !== 'credit-note') return null;
  const target = doc.invoice === '' ? undefined : ledger.byId.get(doc.invoice);
  const refersTo = target && isInvoiceLike(target) ? target : null;
  const what = isDiscountCredit(doc) ? 'Early-payment discount' : 'Credit';
  const description = refersTo ? `${what} on ${refersTo.kind === 'debit-note' ? 'debit note' : 'invoice'} ${refersTo.id} of ${refersTo.date}` : what;
  const taxes = refersTo ? summarise(invoiceLines(ledger, refersTo)) : [];
  const lines: InvoiceLineView[] = [];
  const gross = taxes.reduce((s, t) => s + t.net + t.tax, 0);
  if (gross <= 0 || taxes.every((t) => t.rate === NO_RATE)) {
    lines.push({ description, quantity: '1', unitPrice: amountText(doc.amount, doc.currency), net: doc.amount, taxRate: NO_RATE, tax: 0 as Minor });
  } else {
    let left = doc.amount as number;
    taxes.forEach((t, i) => {
      const share = i === taxes.length - 1 ? left
        : roundToMinor(toBig(doc.amount, doc.currency).times(t.net + t.tax).div(gross), doc.currency);
      left -= share;
      const tax = t.rate === NO_RATE ? 0
        : roundToMinor(toBig(share as Minor, doc.currency).times(new Big(t.rate)).div(new Big(t.rate).plus(100)), doc.currency);
      const suffix = taxes.length > 1 ? `, ${rateLabel(t.rate)} part` : '';
      lines.push({
        description: `${description}${suffix}`, quantity: '1', unitPrice: amountText(share - tax, doc.currency),
        net: (share - tax) as Minor, taxRate: t.rate, tax: tax as Minor,
      });
    });
  }
  const model = modelOf(ledger, id);
  const printed = model ? modelLines(model).map((l) => ({ ...l, description })) : lines;
  const printedTaxes = model ? modelTaxes(model) : summarise(lines);
  let net = 0;
  let tax = 0;
  for (const t of printedTaxes) {
    net += t.net;
    tax += t.tax;
  }
  return { credit: doc, refersTo, lines: printed, taxes: printedTaxes, net: net as Minor, tax: tax as Minor };
}

function linesBlock(lines: readonly InvoiceLineView[], m: (x: Minor) => string): Block {
  return {
    type: 'table', title: 'Lines', empty: 'No lines.',
    columns: [
      { label: '#', align: 'right' }, { label: 'Description', align: 'left', wrap: true }, { label: 'Qty', align: 'right' },
      { label: 'Unit price', align: 'right' }, { label: 'Tax %', align: 'right' }, { label: 'Net', align: 'right' },
    ],
    rows: lines.map((l, i) => [String(i + 1), l.description, l.quantity, unitPrice(l.unitPrice), l.taxRate === NO_RATE ? '' : `${l.taxRate} %`, m(l.net)]),
  };
}

/** A unit price as written in invoice-lines.csv (plain decimal, perhaps more digits than the currency), grouped. */
function unitPrice(text: string): string {
  return /^-?\d+(\.\d+)?$/.test(text) ? groupPrice(text) : text;
}

function groupPrice(text: string): string {
  const [whole, frac] = text.split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

function taxBlock(taxes: readonly TaxSummaryRow[], ccy: string, m: (x: Minor) => string): Block {
  return {
    type: 'table', title: 'Tax summary', empty: '',
    columns: [
      { label: 'Tax rate', align: 'left' }, { label: `Net ${ccy}`, align: 'right' }, { label: `Tax ${ccy}`, align: 'right' },
      { label: `Gross ${ccy}`, align: 'right' },
    ],
    rows: taxes.map((t) => [t.label ? t.label : rateLabel(t.rate), m(t.net), m(t.tax), m((t.net + t.tax) as Minor)]),
  };
}

/** The reference a customer quotes when paying this invoice: its RF creditor reference with `payment_reference: rf`. */
export function paymentReferenceOf(config: LedgerConfig, inv: Invoice): string {
  return config.paymentReference === 'rf' ? creditorReference(inv.id) ?? inv.id : inv.id;
}

/** The company's account for a currency, else one for any currency (as the e-invoice names it); null without one. */
export function accountFor(config: LedgerConfig, currency: string): BankAccount | null {
  const accounts: readonly BankAccount[] = config.bankAccounts ?? [];
  return accounts.find((a) => a.currency === currency) ?? accounts.find((a) => a.currency === null) ?? null;
}

/** An IBAN in groups of four, as it is printed and read aloud. */
export function ibanText(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}

/** Bank details as payment fields: account holder, bank, IBAN, BIC. */
export function bankFields(config: LedgerConfig, account: BankAccount): [string, string][] {
  const out: [string, string][] = [['Account holder', config.company.name]];
  if (account.bank !== '') out.push(['Bank', account.bank]);
  out.push(['IBAN', ibanText(account.iban)]);
  if (account.bic !== '') out.push(['BIC', account.bic]);
  return out;
}

/** The EPC QR code block of a euro amount to pay into a euro account, or none (other currencies, no account). */
export function qrBlocks(config: LedgerConfig, account: BankAccount | null, currency: string, amount: Minor, reference: string): Block[] {
  if (!account || currency !== 'EUR' || account.currency !== 'EUR' && account.currency !== null) return [];
  const payload = epcPayload({ name: config.company.name, iban: account.iban, bic: account.bic, amount, reference });
  if (payload === null) return [];
  return [{ type: 'qr', payload, caption: ['Scan with your banking app to pay', `${amountText(amount, 'EUR')} EUR to ${ibanText(account.iban)}`, `Reference ${reference}`] }];
}

export function invoiceView(ledger: Ledger, d: InvoiceDocument): DocumentView {
  const inv = d.invoice;
  const ccy = inv.currency;
  const m = (x: Minor): string => amountText(x, ccy);
  const customer = ledger.customers.get(inv.customer)!;
  const title = inv.kind === 'debit-note' ? 'Debit note' : 'Invoice';
  const reference = paymentReferenceOf(ledger.config, inv);
  const fields: [string, string][] = [
    [`${title} no.`, inv.id],
    ['Date', inv.date],
    ['Due date', inv.due],
  ];
  if (inv.terms !== '') fields.push(['Terms', inv.terms]);
  if (inv.reference !== '' && inv.reference !== 'dunning-fee') fields.push(['Your reference', inv.reference]);
  fields.push(['Currency', ccy]);
  const totals: TotalRow[] = [
    { label: `Net ${ccy}`, value: m(d.net), strong: false },
    { label: `Tax ${ccy}`, value: m(d.tax), strong: false },
    { label: `Total ${ccy}`, value: m(inv.amount), strong: d.paid === 0 },
  ];
  if (d.paid !== 0) {
    totals.push({ label: `Paid or credited by ${d.asOf}`, value: m(-d.paid as Minor), strong: false });
    totals.push({ label: `Amount due ${ccy}`, value: m(d.open), strong: true });
  }
  const blocks: Block[] = [
    { type: 'parties', parties: [companyParty(ledger.config, 'Seller'), customerParty(customer, 'Bill to')] },
    { type: 'fields', fields },
    linesBlock(d.lines, m),
    taxBlock(d.taxes, ccy, m),
    { type: 'totals', title: 'Totals', rows: totals },
  ];
  if (d.open > 0) {
    const account = accountFor(ledger.config, ccy);
    blocks.push({
      type: 'fields', title: 'Payment',
      fields: [['Amount due', `${m(d.open)} ${ccy}`], ['Due date', inv.due], ['Payment reference', reference], ...(account ? bankFields(ledger.config, account) : [])],
    });
    blocks.push(...qrBlocks(ledger.config, account, ccy, d.open, reference));
    if (d.discount) blocks.push({ type: 'note', text: `Early payment: ${discountText(d.discount, ccy)}.` });
    blocks.push({ type: 'note', text: `Please pay ${m(d.open)} ${ccy} by ${inv.due}, quoting ${reference} as the payment reference.` });
  } else {
    blocks.push({ type: 'note', text: 'Paid in full, thank you.' });
  }
  return { title: `${title} ${inv.id}`, blocks };
}

export function creditNoteView(ledger: Ledger, d: CreditNoteDocument): DocumentView {
  const cn = d.credit;
  const ccy = cn.currency;
  const m = (x: Minor): string => amountText(x, ccy);
  const customer = ledger.customers.get(cn.customer)!;
  const fields: [string, string][] = [['Credit note no.', cn.id], ['Date', cn.date]];
  if (d.refersTo) {
    fields.push([d.refersTo.kind === 'debit-note' ? 'Debit note' : 'Invoice', `${d.refersTo.id} of ${d.refersTo.date}`]);
    if (d.refersTo.reference !== '' && d.refersTo.reference !== 'dunning-fee') fields.push(['Your reference', d.refersTo.reference]);
  }
  fields.push(['Currency', ccy]);
  const blocks: Block[] = [
    { type: 'parties', parties: [companyParty(ledger.config, 'Seller'), customerParty(customer, 'Credit to')] },
    { type: 'fields', fields },
    linesBlock(d.lines, m),
    taxBlock(d.taxes, ccy, m),
    {
      type: 'totals', title: 'Totals',
      rows: [
        { label: `Net ${ccy}`, value: m(d.net), strong: false },
        { label: `Tax ${ccy}`, value: m(d.tax), strong: false },
        { label: `Credit total ${ccy}`, value: m(cn.amount), strong: true },
      ],
    },
    {
      type: 'note',
      text: d.refersTo
        ? `We have credited ${m(cn.amount)} ${ccy} to your account against ${d.refersTo.id}; there is nothing to pay for this credit note.`
        : `We have credited ${m(cn.amount)} ${ccy} to your account; there is nothing to pay for this credit note.`,
    },
  ];
  return { title: `Credit note ${cn.id}`, blocks };
}
