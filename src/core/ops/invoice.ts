// Issuing an invoice or debit note: priced lines, the due date from terms, the id, credit checks; and the
// read side (list, show) that reports each invoice's open amount and status at a date.
import Big from 'big.js';
import { isLocalDate, type LocalDate } from '../date.js';
import { q, RefusedError, UsageError } from '../issues.js';
import { ID_HINT, ID_RE } from '../journals.js';
import type { Ledger } from '../ledger.js';
import {
  exampleAmount, formatMinor, minorDigits, parseAmount, roundToMinor, toBig, type Currency, type Minor,
} from '../money.js';
import { appliedAt, isDisputedAt } from '../reports/balances.js';
import { documentRow, invoiceLineRow, type NewRow } from '../rows.js';
import { dueDate, parseTerms, TERMS_HINT } from '../terms.js';
import {
  isDebit, isInvoiceLike, type Customer, type DebitDocument, type DisputeEvent, type Document, type Invoice, type InvoiceLine,
  type VoidRecord,
} from '../types.js';
import { openParts, planInForce, planStatus, type PlanStatus } from '../collections/plans.js';
import { voidsById } from '../voids.js';

/** One `--line "DESC;QTY;UNIT_PRICE[;TAX%]"` as written; numbers stay decimal text so the row keeps them verbatim. */
export interface LineSpec {
  readonly description: string;
  readonly quantity: string;
  readonly unitPrice: string;
  readonly taxRate: string;
}

export interface PricedLine extends LineSpec {
  readonly net: Minor;
  readonly tax: Minor;
}

const SIGNED_DECIMAL_RE = /^-?\d{1,12}(\.\d{1,12})?$/;
const RATE_RE = /^\d{1,3}(\.\d{1,6})?$/;
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u001f\u007f]/;
export const LINE_HINT = 'write --line "DESCRIPTION;QUANTITY;UNIT_PRICE[;TAX%]", e.g. --line "Consulting;10;120.00;20"';

/** Parses the text of one --line; the description may not contain `;`, which separates the fields. */
export function parseLineSpec(text: string): LineSpec {
  const parts = text.split(';');
  if (parts.length < 3 || parts.length > 4) {
    throw new UsageError(`--line ${q(text)} has ${parts.length} field${parts.length === 1 ? '' : 's'} separated by ";", not 3 or 4 — ${LINE_HINT}`);
  }
  const [description, quantity, unitPrice, taxRate = '0'] = parts.map((p) => p.trim()) as [string, string, string, string?];
  if (description === '') throw new UsageError(`--line ${q(text)} has an empty description — ${LINE_HINT}`);
  if (CONTROL_RE.test(description)) throw new UsageError(`--line ${q(text)}: the description contains a line break or control character — write it on one line`);
  if (!SIGNED_DECIMAL_RE.test(quantity)) {
    throw new UsageError(`--line ${q(text)}: quantity ${q(quantity)} is not a decimal number — write e.g. 3 or 1.5 (a negative quantity makes a discount line)`);
  }
  if (!SIGNED_DECIMAL_RE.test(unitPrice)) {
    throw new UsageError(`--line ${q(text)}: unit price ${q(unitPrice)} is not a decimal number — write e.g. 120.00, with "." as the decimal point and no currency sign`);
  }
  if (!RATE_RE.test(taxRate) || new Big(taxRate).gt(100)) {
    throw new UsageError(`--line ${q(text)}: tax rate ${q(taxRate)} is not a percentage from 0 to 100 — write e.g. 20 for 20 %, without the % sign`);
  }
  return { description, quantity, unitPrice, taxRate };
}

/** Largest line net we price, in minor units: the ledger's own amount ceiling. */
const MAX_LINE_MINOR = new Big(1e13);

/** net = round(qty × unit_price), tax = round(net × rate / 100), each half-up to the currency's minor unit. */
export function priceLine(spec: LineSpec, currency: Currency | string): PricedLine {
  const exact = new Big(spec.quantity).times(new Big(spec.unitPrice));
  if (exact.abs().times(new Big(10).pow(minorDigits(currency))).gt(MAX_LINE_MINOR)) {
    throw new UsageError(`--line "${spec.description};${spec.quantity};${spec.unitPrice}" comes to ${exact.toFixed()}, which is too large for one line`);
  }
  const net = roundToMinor(exact, currency);
  const tax = roundToMinor(toBig(net, currency).times(new Big(spec.taxRate)).div(100), currency);
  return { ...spec, net, tax };
}

export function linesTotal(lines: readonly PricedLine[]): number {
  return lines.reduce((s, l) => s + l.net + l.tax, 0);
}

export interface DueInput {
  readonly date: LocalDate;
  /** --due: wins over every terms. */
  readonly due: LocalDate | null;
  /** --terms, then the customer's, then the ledger's: the first given is used. */
  readonly terms: readonly (string | null)[];
}

/**
 * The due date and the terms written to the row. An explicit due date wins, but the terms in force are still
 * written, since an early-payment discount they carry runs from the invoice date either way.
 */
export function resolveDue(input: DueInput): { due: LocalDate; terms: string } {
  const text = input.terms.find((t): t is string => t !== null && t !== '') ?? 'net30';
  const terms = parseTerms(text);
  if (!terms) throw new UsageError(`terms ${q(text)} are not payment terms — ${TERMS_HINT}`);
  if (input.due !== null) {
    if (input.due < input.date) {
      throw new RefusedError(`due date ${input.due} is before the invoice date ${input.date} — give --due on or after ${input.date}`);
    }
    return { due: input.due, terms: text };
  }
  return { due: dueDate(input.date, terms), terms: text };
}

export interface InvoiceRequest {
  readonly kind: 'invoice' | 'debit-note';
  readonly customer: string;
  readonly date: LocalDate;
  readonly due: LocalDate | null;
  readonly terms: string | null;
  readonly id: string | null;
  readonly reference: string;
  readonly memo: string;
  /** Either priced lines or one amount (text in the customer's currency). */
  readonly lines: readonly LineSpec[] | null;
  readonly amount: string | null;
  /** Issue despite a credit hold or an exceeded credit limit (each becomes a warning). */
  readonly force: boolean;
}

export interface InvoicePlan {
  readonly invoice: Omit<Invoice, 'seq' | 'src'>;
  readonly lines: readonly PricedLine[];
  readonly rows: readonly NewRow[];
  /** What --force overrode, to be shown to the user. */
  readonly warnings: readonly string[];
}

/** Plans the rows of a new invoice or debit note; throws when the ledger or the request forbids it. */
export function planInvoice(ledger: Ledger, req: InvoiceRequest, nextId: () => string): InvoicePlan {
  const customer = ledger.customers.get(req.customer);
  if (!customer) {
    throw new RefusedError(`customer ${q(req.customer)} does not exist — add it with \`arledger customer add ${req.customer} --name NAME\`, or see \`arledger customer list\``);
  }
  const currency = customer.currency;
  if (req.id !== null) {
    if (!ID_RE.test(req.id)) throw new UsageError(`--id ${q(req.id)} is not a valid id — ${ID_HINT}`);
    const taken = ledger.byId.get(req.id);
    if (taken) throw new RefusedError(`id ${req.id} is already used (${taken.kind} at ${taken.src.file}:${taken.src.line}) — document ids are unique across the ledger; choose another --id or leave it out`);
  }
  if (req.terms !== null && !parseTerms(req.terms)) throw new UsageError(`--terms ${q(req.terms)} are not payment terms — ${TERMS_HINT}`);
  const { due, terms } = resolveDue({ date: req.date, due: req.due, terms: [req.terms, customer.terms, ledger.config.terms] });

  let lines: PricedLine[] = [];
  let amount: number;
  if (req.lines !== null) {
    lines = req.lines.map((l) => priceLine(l, currency));
    amount = linesTotal(lines);
    if (amount <= 0) {
      throw new UsageError(`the lines add up to ${formatMinor(amount, currency)} ${currency}; an invoice amount must be greater than 0`);
    }
    if (amount > 1e13) throw new UsageError(`the lines add up to ${formatMinor(amount, currency)} ${currency}, which is too large`);
  } else {
    const text = req.amount ?? '';
    const r = parseAmount(text, currency);
    if (!r.ok) throw new UsageError(`--amount ${q(text)} ${r.problem} — write a plain decimal in ${currency} such as ${exampleAmount(currency)}`);
    if (r.minor === 0) throw new UsageError('--amount must be greater than 0');
    amount = r.minor;
  }

  const warnings = creditProblems(ledger, customer, amount as Minor);
  if (warnings.length > 0 && !req.force) {
    throw new RefusedError(`${warnings.join('; ')} — nothing was written; add --force to issue it anyway`);
  }

  const id = req.id ?? nextId();
  const invoice: Omit<Invoice, 'seq' | 'src'> = {
    id, kind: req.kind, date: req.date, due, customer: customer.id, currency, amount: amount as Minor, terms,
    reference: req.reference, memo: req.memo,
  };
  const rows: NewRow[] = [documentRow(invoice)];
  lines.forEach((l, i) => {
    rows.push(invoiceLineRow({ invoice: id, line: i + 1, description: l.description, quantity: l.quantity,
      unitPrice: l.unitPrice, taxRate: l.taxRate, net: l.net, tax: l.tax }, currency));
  });
  return { invoice, lines, rows, warnings };
}

/** Σ debit amounts − Σ credit amounts of a customer over every document: its exposure, whatever the date. */
export function customerExposure(ledger: Ledger, customer: string): number {
  let balance = 0;
  for (const d of ledger.documents) {
    if (d.customer !== customer) continue;
    balance += isDebit(d) ? d.amount : -d.amount;
  }
  return balance;
}

function creditProblems(ledger: Ledger, customer: Customer, amount: Minor): string[] {
  const out: string[] = [];
  const ccy = customer.currency;
  if (customer.hold) out.push(`customer ${customer.id} is on credit hold (hold: true in customers.yaml)`);
  if (customer.creditLimit !== null) {
    const balance = customerExposure(ledger, customer.id);
    if (balance + amount > customer.creditLimit) {
      out.push(`${customer.id}'s balance ${formatMinor(balance, ccy)} plus this ${formatMinor(amount, ccy)} is ${formatMinor(balance + amount, ccy)} ${ccy}, over its credit limit ${formatMinor(customer.creditLimit, ccy)}`);
    }
  }
  return out;
}

// ---- reading ------------------------------------------------------------------------------------------------

/**
 * What a bookkeeper most needs to know of an invoice at a date, the first that applies: `disputed` (an open
 * dispute, whatever is open: it must be dealt with first), then for one with something open `overdue` (past its
 * due date) or `open`; for one settled `written-off` when a write-off settled any part of it (money lost),
 * `credited` when a credit note did (other than an early-payment discount, which is part of being paid), else `paid`.
 * Before all of them `voided` once a void of it is dated on or before the date (README "Void"): it was never owed.
 * An invoice under a payment plan is `overdue` only when one of its instalments is (SPEC §8).
 */
export type InvoiceStatus = 'open' | 'overdue' | 'paid' | 'credited' | 'written-off' | 'disputed' | 'voided';

export interface InvoiceSummary {
  readonly id: string;
  readonly kind: 'invoice' | 'debit-note';
  readonly date: LocalDate;
  readonly due: LocalDate;
  readonly customer: string;
  readonly currency: Currency;
  readonly amount: Minor;
  readonly open: Minor;
  readonly status: InvoiceStatus;
}

export interface InvoiceFilter {
  readonly asOf: LocalDate;
  readonly openOnly: boolean;
  readonly customer: string | null;
}

/** What settled part of a debit document, as far as its status tells: a write-off outranks a credit note. */
type Settlement = 'written-off' | 'credited';

function statusOf(ledger: Ledger, d: DebitDocument, open: number, asOf: LocalDate, settledBy: Settlement | undefined, voided: boolean): InvoiceStatus {
  if (voided) return 'voided';
  if (isDisputedAt(ledger.disputes.get(d.id), asOf)) return 'disputed';
  if (open > 0) return openParts(ledger, d, open, asOf).some((p) => asOf > p.due) ? 'overdue' : 'open';
  return settledBy ?? 'paid';
}

/** The void of a document dated on or before `asOf`, if any. */
function voidAt(voids: ReadonlyMap<string, VoidRecord>, id: string, asOf: LocalDate): VoidRecord | null {
  const v = voids.get(id);
  return v && v.date <= asOf ? v : null;
}

function settlementOf(credit: Document | undefined): Settlement | undefined {
  if (credit?.kind === 'write-off') return 'written-off';
  if (credit?.kind === 'credit-note' && !/^early-payment discount/i.test(credit.reason)) return 'credited';
  return undefined;
}

/** Debit document id -> the strongest settlement applied to it on or before asOf. */
function settlementsAt(ledger: Ledger, asOf: LocalDate): Map<string, Settlement> {
  const out = new Map<string, Settlement>();
  for (const a of ledger.applications) {
    if (a.date > asOf) continue;
    const s = settlementOf(ledger.byId.get(a.credit));
    if (s && out.get(a.debit) !== 'written-off') out.set(a.debit, s);
  }
  return out;
}

/** Invoices and debit notes dated ≤ asOf, by date then id, with their open amount and status at asOf. */
export function listInvoices(ledger: Ledger, filter: InvoiceFilter): InvoiceSummary[] {
  const applied = appliedAt(ledger, filter.asOf);
  const settled = settlementsAt(ledger, filter.asOf);
  const voids = voidsById(ledger);
  const out: InvoiceSummary[] = [];
  for (const d of ledger.documents) {
    if (!isInvoiceLike(d) || d.date > filter.asOf) continue;
    if (filter.customer !== null && d.customer !== filter.customer) continue;
    const open = (d.amount - applied[d.seq]!) as Minor;
    if (filter.openOnly && open === 0) continue;
    out.push({
      id: d.id, kind: d.kind, date: d.date, due: d.due, customer: d.customer, currency: d.currency, amount: d.amount,
      open, status: statusOf(ledger, d, open, filter.asOf, settled.get(d.id), voidAt(voids, d.id, filter.asOf) !== null),
    });
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface InvoiceApplication {
  readonly date: LocalDate;
  readonly credit: string;
  readonly kind: string;
  readonly amount: Minor;
}

export interface InvoiceDetail extends InvoiceSummary {
  readonly asOf: LocalDate;
  readonly name: string;
  readonly terms: string;
  readonly reference: string;
  readonly memo: string;
  readonly lines: readonly InvoiceLine[];
  /** Applications to it dated ≤ asOf, in date then file order. */
  readonly applications: readonly InvoiceApplication[];
  /** Its whole dispute history (events after asOf included, since they are part of the record). */
  readonly disputes: readonly DisputeEvent[];
  /** Its void, when it is voided on or before asOf. */
  readonly void: VoidRecord | null;
  /** The payment plan in force at asOf, instalment by instalment. */
  readonly plan: PlanStatus | null;
}

/** One invoice or debit note as of a date, or null when the ledger has none with that id. */
export function showInvoice(ledger: Ledger, id: string, asOf: LocalDate): InvoiceDetail | null {
  const d = ledger.byId.get(id);
  if (!d || !isInvoiceLike(d) || !isLocalDate(asOf)) return null;
  const applications = ledger.applications
    .filter((a) => a.debit === id && a.date <= asOf)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.src.line - b.src.line))
    .map((a) => ({ date: a.date, credit: a.credit, kind: ledger.byId.get(a.credit)!.kind, amount: a.amount }));
  const open = (d.amount - applications.reduce((s, a) => s + a.amount, 0)) as Minor;
  const disputes = ledger.disputes.get(id) ?? [];
  const voided = voidAt(voidsById(ledger), id, asOf);
  let settledBy: Settlement | undefined;
  for (const a of applications) {
    const s = settlementOf(ledger.byId.get(a.credit));
    if (s && settledBy !== 'written-off') settledBy = s;
  }
  return {
    id: d.id, kind: d.kind, date: d.date, due: d.due, customer: d.customer, currency: d.currency, amount: d.amount,
    open, status: statusOf(ledger, d, open, asOf, settledBy, voided !== null), asOf,
    name: ledger.customers.get(d.customer)?.name ?? '', terms: d.terms, reference: d.reference, memo: d.memo,
    lines: [...(ledger.invoiceLines.get(id) ?? [])].sort((a, b) => a.line - b.line),
    applications, disputes, void: voided,
    plan: planInForce(ledger.plans.get(id), asOf) ? planStatus(ledger, id, asOf) : null,
  };
}
