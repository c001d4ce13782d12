// Credit documents other than payments (credit notes, write-offs), refunds of unapplied credit, and disputes.
import type { LocalDate } from '../date.js';
import { q, RefusedError } from '../issues.js';
import type { Ledger } from '../ledger.js';
import { formatMinor, type Currency, type Minor } from '../money.js';
import { approvedReason, type ApprovalRequest, type ApprovedKind } from '../approvals.js';
import { isDisputedAt } from '../reports/balances.js';
import type { NewDocument } from '../rows.js';
import { isDebit, isInvoiceLike, type CreditDocument, type DebitDocument, type DisputeEvent } from '../types.js';
import { kindName, listSome, remainingAmounts, requireCustomer, requireNewId, type NewApplication, type Plan } from './apply.js';
import { nextId } from './numbering.js';

function requireDebit(ledger: Ledger, id: string, customer: string | null): DebitDocument {
  const doc = ledger.byId.get(id);
  const remaining = remainingAmounts(ledger);
  const hint = (): string => {
    const open = ledger.documents
      .filter((d): d is DebitDocument => isDebit(d) && (customer === null || d.customer === customer) && remaining(d) > 0)
      .map((d) => `${d.id} (${formatMinor(remaining(d), d.currency)}${customer === null ? ` ${d.currency}` : ''})`);
    return open.length === 0 ? `there are no open invoices${customer ? ` of ${customer}` : ''}` : `open invoices${customer ? ` of ${customer}` : ''}: ${listSome(open)}`;
  };
  if (!doc) throw new RefusedError(`invoice ${q(id)} does not exist — ${hint()}`);
  if (!isDebit(doc)) throw new RefusedError(`${id} is ${kindName(doc.kind)}, not an invoice, debit note or refund — ${hint()}`);
  if (customer !== null && doc.customer !== customer) throw new RefusedError(`invoice ${id} belongs to ${doc.customer}, not ${customer} — ${hint()}`);
  return doc;
}

function notBefore(date: LocalDate, doc: { id: string; date: LocalDate }, what: string): void {
  if (date < doc.date) throw new RefusedError(`${what} date ${date} is before ${doc.id}'s date ${doc.date} — use --date ${doc.date} or later`);
}

export interface CreditNoteRequest {
  readonly customer: string;
  readonly amount: Minor;
  readonly reason: string;
  readonly invoice: string | null;
  readonly date: LocalDate;
  readonly id: string | null;
  /** Issue it even beyond the invoice's open amount; the excess stays unapplied. */
  readonly force?: boolean;
  /** Who records it and who approved it, where approvals apply (README "Approvals"). */
  readonly approval?: Approval;
}

export type Approval = Omit<ApprovalRequest, 'kind' | 'amount' | 'currency'>;

/** How much of a debit document is settled already, for a message: by whom, when nothing is open. */
function settledBy(ledger: Ledger, doc: DebitDocument): string {
  const writeOff = ledger.applications.find((a) => a.debit === doc.id && ledger.byId.get(a.credit)?.kind === 'write-off');
  if (writeOff) return `written off (${writeOff.credit})`;
  return ledger.applications.some((a) => a.debit === doc.id && ledger.byId.get(a.credit)?.kind === 'credit-note') ? 'fully paid or credited' : 'fully paid';
}

/**
 * SPEC §7: a credit note or write-off naming an invoice may not exceed what is open there, unless forced; then
 * only the open part is applied and the rest is left unapplied, with a warning.
 */
function boundByOpen(ledger: Ledger, doc: DebitDocument, amount: Minor, what: string, force: boolean, notes: string[]): Minor {
  const fmt = (m: number): string => formatMinor(m, doc.currency);
  const open = remainingAmounts(ledger)(doc);
  if (amount <= open) return amount;
  if (!force && open <= 0) {
    throw new RefusedError(`${doc.id} is ${settledBy(ledger, doc)}: nothing is open on it for ${what} of ${fmt(amount)} ${doc.currency} — leave out --invoice for a credit that stays unapplied, or add --force to issue it against ${doc.id} unapplied`);
  }
  if (!force) {
    throw new RefusedError(`${what} of ${fmt(amount)} ${doc.currency} is more than ${doc.id}'s open amount ${fmt(open)} — use --amount ${fmt(open)} or less, or add --force to issue it anyway and leave the excess ${fmt(amount - open)} unapplied`);
  }
  // The report that follows says how much stays unapplied.
  notes.push(`warning: ${what} of ${fmt(amount)} exceeds ${doc.id}'s open amount ${fmt(Math.max(open, 0))} (issued with --force)`);
  return Math.max(open, 0) as Minor;
}

/** A credit note; issued against an invoice it is also applied to it, up to what is open there. */
export function planCreditNote(ledger: Ledger, req: CreditNoteRequest): Plan {
  const cust = requireCustomer(ledger, req.customer);
  if (req.id !== null) requireNewId(ledger, req.id);
  const target = req.invoice === null ? null : requireDebit(ledger, req.invoice, cust.id);
  if (target) notBefore(req.date, target, 'the credit note');
  if (target && isDisputedAt(ledger.disputes.get(target.id), req.date)) {
    throw new RefusedError(`${target.id} is disputed on ${req.date} — settle the dispute first (\`arledger dispute ${target.id} --resolve\`), then issue the credit note against it`);
  }
  const notes: string[] = [];
  const take = target ? boundByOpen(ledger, target, req.amount, 'the credit note', req.force === true, notes) : 0;
  const id = req.id ?? nextId(ledger, 'credit-note', req.date);
  const note: NewDocument = {
    kind: 'credit-note', id, date: req.date, customer: cust.id, currency: cust.currency, amount: req.amount,
    invoice: req.invoice ?? '', reason: withApproval(ledger, req.reason, 'credit-note', req.amount, cust.currency, req.approval),
  };
  const applications: NewApplication[] = [];
  if (target && take > 0) applications.push({ date: req.date, credit: id, debit: target.id, amount: take as Minor });
  return { currency: cust.currency, documents: [note], applications, unapplied: (req.amount - take) as Minor, notes };
}

export interface WriteOffRequest {
  readonly invoice: string;
  readonly amount: Minor | null;
  readonly reason: string;
  readonly date: LocalDate;
  readonly id: string | null;
  /** Write off `amount` even beyond the open amount; the excess stays unapplied. */
  readonly force?: boolean;
  readonly approval?: Approval;
}

function withApproval(ledger: Ledger, reason: string, kind: ApprovedKind, amount: Minor, currency: Currency, approval: Approval | undefined): string {
  return approval ? approvedReason(ledger.config, reason, { kind, amount, currency, ...approval }) : reason;
}

/** A write-off of an invoice's open amount (or part of it), applied to it at once. */
export function planWriteOff(ledger: Ledger, req: WriteOffRequest): Plan {
  const doc = requireDebit(ledger, req.invoice, null);
  if (req.id !== null) requireNewId(ledger, req.id);
  const fmt = (m: number): string => formatMinor(m, doc.currency);
  const open = remainingAmounts(ledger)(doc);
  if (open <= 0) throw new RefusedError(`invoice ${doc.id} is ${settledBy(ledger, doc)} (amount ${fmt(doc.amount)}, nothing open) — there is nothing to write off`);
  notBefore(req.date, doc, 'the write-off');
  const amount = req.amount ?? open;
  const notes: string[] = [];
  const take = boundByOpen(ledger, doc, amount, 'the write-off', req.force === true, notes);
  const id = req.id ?? nextId(ledger, 'write-off', req.date);
  const wo: NewDocument = {
    kind: 'write-off', id, date: req.date, customer: doc.customer, currency: doc.currency, amount, invoice: doc.id,
    reason: withApproval(ledger, req.reason, 'write-off', amount, doc.currency, req.approval),
  };
  return {
    currency: doc.currency, documents: [wo], applications: [{ date: req.date, credit: id, debit: doc.id, amount: take }],
    unapplied: (amount - take) as Minor, notes,
  };
}

export interface RefundRequest {
  readonly customer: string;
  readonly amount: Minor;
  readonly credit: string | null;
  readonly force: boolean;
  readonly date: LocalDate;
  readonly id: string | null;
  readonly method: string;
  readonly reference: string;
  readonly memo: string;
}

/**
 * A refund paying back unapplied credit: the named payment or credit note, else the customer's unapplied ones
 * oldest first. `unapplied` in the plan is what stays open on the refund (only with `force`).
 */
export function planRefund(ledger: Ledger, req: RefundRequest): Plan {
  const cust = requireCustomer(ledger, req.customer);
  if (req.id !== null) requireNewId(ledger, req.id);
  const remaining = remainingAmounts(ledger);
  const fmt = (m: number): string => formatMinor(m, cust.currency);
  const refundable = (d: CreditDocument): boolean => d.kind !== 'write-off' && d.customer === cust.id && remaining(d) > 0;
  let sources: CreditDocument[];
  if (req.credit !== null) {
    const doc = ledger.byId.get(req.credit);
    const valid = (): string => {
      const list = ledger.documents.filter((d): d is CreditDocument => !isDebit(d) && refundable(d)).map((d) => `${d.id} (${fmt(remaining(d))})`);
      return list.length === 0 ? `${cust.id} has no unapplied payment or credit note` : `unapplied credits of ${cust.id}: ${listSome(list)}`;
    };
    if (!doc) throw new RefusedError(`credit ${q(req.credit)} does not exist — ${valid()}`);
    if (isDebit(doc) || doc.kind === 'write-off') throw new RefusedError(`${req.credit} is ${kindName(doc.kind)}, not a payment or credit note — ${valid()}`);
    if (doc.customer !== cust.id) throw new RefusedError(`${req.credit} belongs to ${doc.customer}, not ${cust.id} — ${valid()}`);
    if (remaining(doc) <= 0) throw new RefusedError(`${req.credit} is fully applied (nothing unapplied to refund) — ${valid()}`);
    notBefore(req.date, doc, 'the refund');
    sources = [doc];
  } else {
    sources = ledger.documents
      .filter((d): d is CreditDocument => !isDebit(d) && refundable(d) && d.date <= req.date)
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  const available = sources.reduce((s, d) => s + remaining(d), 0);
  if (available < req.amount && !req.force) {
    const from = sources.length === 0 ? 'no unapplied credit' : `${fmt(available)} unapplied (${listSome(sources.map((d) => `${d.id} ${fmt(remaining(d))}`))})`;
    throw new RefusedError(`refund ${fmt(req.amount)} is more than ${req.credit ?? cust.id} has to pay back: ${from} on ${req.date} — refund at most ${fmt(available)}, or add --force to leave the rest of the refund open`);
  }
  const id = req.id ?? nextId(ledger, 'refund', req.date);
  const refund: NewDocument = {
    kind: 'refund', id, date: req.date, customer: cust.id, currency: cust.currency, amount: req.amount,
    method: req.method, reference: req.reference, memo: req.memo,
  };
  const applications: NewApplication[] = [];
  let left = req.amount as number;
  for (const s of sources) {
    if (left === 0) break;
    const take = Math.min(left, remaining(s));
    applications.push({ date: req.date, credit: s.id, debit: id, amount: take as Minor });
    left -= take;
  }
  const notes = left > 0 ? [`${fmt(left)} of ${id} stays open: ${cust.id} had only ${fmt(available)} unapplied credit`] : [];
  return { currency: cust.currency, documents: [refund], applications, unapplied: left as Minor, notes };
}

export interface DisputeRequest {
  readonly invoice: string;
  readonly date: LocalDate;
  readonly reason: string;
  readonly resolve: boolean;
}

/** An `open` or `resolved` dispute event, refused when it would not change the invoice's status. */
export function planDispute(ledger: Ledger, req: DisputeRequest): Omit<DisputeEvent, 'src'> {
  const doc = ledger.byId.get(req.invoice);
  const disputable = (): string => {
    const ids = ledger.documents
      .filter((d) => isInvoiceLike(d) && isDisputedAt(ledger.disputes.get(d.id), req.date) === req.resolve)
      .map((d) => d.id);
    return ids.length === 0
      ? `no invoice is ${req.resolve ? 'disputed' : 'undisputed'} on ${req.date}`
      : `${req.resolve ? 'disputed' : 'undisputed'} invoices: ${listSome(ids)}`;
  };
  if (!doc) throw new RefusedError(`invoice ${q(req.invoice)} does not exist — ${disputable()}`);
  if (!isInvoiceLike(doc)) throw new RefusedError(`${req.invoice} is ${kindName(doc.kind)}; only invoices and debit notes are disputed — ${disputable()}`);
  notBefore(req.date, doc, 'the dispute');
  const events = ledger.disputes.get(doc.id) ?? [];
  const last = events.at(-1);
  // A row dated before an existing one would rewrite the invoice's history rather than add to it.
  if (last && last.date > req.date) {
    throw new RefusedError(`${doc.id} has a dispute row dated ${last.date} (${last.src.file}:${last.src.line}), after ${req.date} — use --date ${last.date} or later`);
  }
  const open = isDisputedAt(events, req.date);
  if (req.resolve && !open) throw new RefusedError(`${doc.id} has no open dispute on ${req.date} — nothing to resolve; ${disputable()}`);
  if (!req.resolve && open) {
    throw new RefusedError(`${doc.id} is already disputed since ${last!.date} (${last!.src.file}:${last!.src.line}) — resolve it with \`arledger dispute ${doc.id} --resolve\``);
  }
  return { date: req.date, invoice: doc.id, status: req.resolve ? 'resolved' : 'open', reason: req.reason };
}
