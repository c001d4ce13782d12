// Cash application: plans payments and the applications that settle debit documents, never over-applying either side.
import type { LocalDate } from '../date.js';
import { q, RefusedError, UsageError } from '../issues.js';
import type { Ledger } from '../ledger.js';
import { formatMinor, type Currency, type Minor } from '../money.js';
import { appliedAt, isDisputedAt } from '../reports/balances.js';
import { applicationRow, documentRow, type NewDocument, type NewRow } from '../rows.js';
import {
  dueOf, isDebit, type Application, type CreditDocument, type Customer, type DebitDocument, type Document, type DocumentKind,
} from '../types.js';
import { discountedOpen, takeDiscounts } from './discount.js';
import { nextId } from './numbering.js';

export type NewApplication = Omit<Application, 'src'>;

/** A debit document with what is left to settle on it. */
export interface OpenItem {
  readonly id: string;
  readonly due: LocalDate;
  readonly open: Minor;
  /** What settles it with an early-payment discount the payment would earn (less than `open`), if any. */
  readonly discounted?: Minor;
}

export interface Allocation {
  readonly debit: string;
  readonly amount: Minor;
}

/** An invoice named on the command line, with the amount to apply to it or null for "up to its open amount". */
export interface Target {
  readonly id: string;
  readonly amount: Minor | null;
}

/** What a command will write: new documents and applications, what stays unapplied, and notes for the user. */
export interface Plan {
  readonly currency: Currency;
  readonly documents: readonly NewDocument[];
  readonly applications: readonly NewApplication[];
  /** What is left of the credit document the plan applied (payment, credit note), or open on a new refund. */
  readonly unapplied: Minor;
  readonly notes: readonly string[];
}

export function planRows(plan: Plan): NewRow[] {
  return [
    ...plan.documents.map(documentRow),
    ...plan.applications.map((a) => applicationRow(a, plan.currency)),
  ];
}

const FOREVER = '9999-12-31' as LocalDate;

/**
 * What is left of each document (by seq) after all its applications, whatever their date: planning against
 * this, rather than the open amount at one date, is what keeps a later-dated application from being exceeded.
 */
export function remainingAmounts(ledger: Ledger): (doc: Document) => Minor {
  const applied = appliedAt(ledger, FOREVER);
  return (doc) => (doc.amount - applied[doc.seq]!) as Minor;
}

/** Oldest due date first, then id; each item gets up to its open amount while the amount lasts. */
export function byDueThenId(a: OpenItem, b: OpenItem): number {
  return a.due < b.due ? -1 : a.due > b.due ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function allocateOldestDue(amount: Minor, items: readonly OpenItem[]): { allocations: Allocation[]; unapplied: Minor } {
  const ordered = [...items].sort(byDueThenId).filter((i) => i.open > 0);
  const { shares, left } = shareOut(amount, ordered);
  const allocations = ordered.map((item, k) => ({ debit: item.id, amount: shares[k]! as Minor })).filter((a) => a.amount > 0);
  return { allocations, unapplied: left as Minor };
}

/**
 * Hands `amount` out in the given order: first what settles each item (its discounted amount where the payment
 * earns a discount), then, with whatever is left, the rest of the discounted items up to their open amounts. So a
 * payment that took a discount on an older invoice still reaches the next one, and one that paid in full is
 * applied in full.
 */
function shareOut(amount: number, items: readonly OpenItem[]): { shares: number[]; left: number } {
  let left = amount;
  const shares = items.map((item) => {
    const take = Math.max(0, Math.min(left, item.discounted ?? item.open));
    left -= take;
    return take;
  });
  items.forEach((item, k) => {
    const more = Math.max(0, Math.min(left, item.open - shares[k]!));
    shares[k]! += more;
    left -= more;
  });
  return { shares, left };
}

export function requireCustomer(ledger: Ledger, id: string): Customer {
  const c = ledger.customers.get(id);
  if (c) return c;
  const known = [...ledger.customers.keys()].sort();
  throw new RefusedError(`customer ${q(id)} does not exist — ${known.length === 0 ? 'add one with `arledger customer add`' : `known customers: ${listSome(known)}`}`);
}

export function requireNewId(ledger: Ledger, id: string): void {
  const prev = ledger.byId.get(id);
  if (prev) throw new RefusedError(`id ${q(id)} is already used by ${kindName(prev.kind)} (${prev.src.file}:${prev.src.line}) — give an unused id, or leave --id out to number it`);
}

/** `an invoice`, `a credit note`: a kind as a message names it. */
export function kindName(kind: DocumentKind): string {
  const words = kind.replace('-', ' ');
  return `${/^[aeiou]/.test(words) ? 'an' : 'a'} ${words}`;
}

export function listSome(items: readonly string[], max = 8): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** The credit side of an application being planned: an existing or a new payment, credit note or write-off. */
export interface CreditSide {
  readonly id: string;
  readonly customer: string;
  readonly currency: Currency;
  /** What it may still apply. */
  readonly available: Minor;
}

/**
 * Applies a credit document to the named debit documents (explicit amounts first, the others in the order given up
 * to their open amounts), or else to the customer's open debit documents oldest due first, skipping disputed ones.
 */
export function allocateCredit(ledger: Ledger, credit: CreditSide, date: LocalDate, targets: readonly Target[], paid: LocalDate | null = null):
  { applications: NewApplication[]; unapplied: Minor; notes: string[] } {
  const remaining = remainingAmounts(ledger);
  const notes: string[] = [];
  const fmt = (m: number): string => formatMinor(m, credit.currency);
  // `paid`: the date the money arrived, when the credit is a payment that may earn early-payment discounts.
  const discounted = (d: DebitDocument): Minor => (paid === null ? remaining(d) : discountedOpen(d, remaining(d), paid));
  const openItems = ledger.documents
    .filter((d): d is DebitDocument => isDebit(d) && d.customer === credit.customer && d.currency === credit.currency && remaining(d) > 0)
    .map((d) => ({ id: d.id, due: dueOf(d), open: remaining(d), discounted: discounted(d), doc: d }));
  const validHint = (): string => {
    const open = openItems.filter((i) => i.doc.date <= date).sort(byDueThenId);
    return open.length === 0
      ? `${credit.customer} has no open items dated on or before ${date}`
      : `open items of ${credit.customer}: ${listSome(open.map((i) => `${i.id} (${fmt(i.open)})`))}`;
  };

  if (targets.length === 0) {
    const candidates = openItems.filter((i) => i.doc.date <= date && !isDisputedAt(ledger.disputes.get(i.id), date));
    const { allocations, unapplied } = allocateOldestDue(credit.available, candidates);
    // Only disputed items the money would have reached are worth a note: older ones, or any when money is left.
    const last = candidates.find((c) => c.id === allocations.at(-1)?.debit);
    const reached = (i: OpenItem): boolean => unapplied > 0 || (last !== undefined && byDueThenId(i, last) < 0);
    const skipped = openItems.filter((i) => i.doc.date <= date && isDisputedAt(ledger.disputes.get(i.id), date) && reached(i));
    if (skipped.length > 0) notes.push(`skipped disputed ${listSome(skipped.map((i) => i.id))}`);
    return { applications: allocations.map((a) => ({ date, credit: credit.id, debit: a.debit, amount: a.amount })), unapplied, notes };
  }

  const seen = new Set<string>();
  const resolved = targets.map((t) => {
    if (seen.has(t.id)) throw new UsageError(`--invoice ${t.id} is named twice — name each invoice once`);
    seen.add(t.id);
    const doc = ledger.byId.get(t.id);
    if (!doc) throw new RefusedError(`invoice ${q(t.id)} does not exist — ${validHint()}`);
    if (!isDebit(doc)) throw new RefusedError(`${t.id} is ${kindName(doc.kind)}, not an invoice, debit note or refund — ${validHint()}`);
    if (doc.customer !== credit.customer) throw new RefusedError(`invoice ${t.id} belongs to ${doc.customer}, not ${credit.customer} — ${validHint()}`);
    if (doc.currency !== credit.currency) throw new RefusedError(`invoice ${t.id} is in ${doc.currency}, ${credit.id} in ${credit.currency} — ${validHint()}`);
    const open = remaining(doc);
    if (open <= 0) throw new RefusedError(`invoice ${t.id} is fully paid (amount ${fmt(doc.amount)}, nothing open) — ${validHint()}`);
    if (doc.date > date) throw new RefusedError(`invoice ${t.id} is dated ${doc.date}, after the application date ${date} — use --date ${doc.date} or later`);
    if (t.amount !== null && t.amount > open) {
      throw new RefusedError(`--invoice ${t.id}=${fmt(t.amount)} is more than its open amount ${fmt(open)} — apply at most ${fmt(open)}`);
    }
    if (isDisputedAt(ledger.disputes.get(doc.id), date)) notes.push(`${t.id} is disputed; applied because it was named`);
    return { id: t.id, due: dueOf(doc), open, discounted: discounted(doc), explicit: t.amount };
  });
  const explicitSum = resolved.reduce((s, r) => s + (r.explicit ?? 0), 0);
  if (explicitSum > credit.available) {
    throw new RefusedError(`the --invoice amounts add up to ${fmt(explicitSum)}, more than the ${fmt(credit.available)} available on ${credit.id} — lower them to at most ${fmt(credit.available)} in total`);
  }
  const unnamed = resolved.filter((r) => r.explicit === null);
  const { shares, left } = shareOut(credit.available - explicitSum, unnamed);
  for (const [k, r] of unnamed.entries()) if (shares[k] === 0) notes.push(`nothing was left to apply to ${r.id}`);
  const amounts = resolved.map((r) => r.explicit ?? shares[unnamed.indexOf(r)]!);
  const applications = resolved
    .map((r, i) => ({ date, credit: credit.id, debit: r.id, amount: amounts[i]! as Minor }))
    .filter((a) => a.amount > 0);
  return { applications, unapplied: left as Minor, notes };
}

export interface PaymentRequest {
  readonly customer: string;
  readonly amount: Minor;
  readonly date: LocalDate;
  readonly id: string | null;
  readonly method: string;
  readonly reference: string;
  readonly bankRef: string;
  readonly memo: string;
  readonly targets: readonly Target[];
}

/** A new payment (numbered from `numbering.payment` unless an id is given) and its applications. */
export function planPayment(ledger: Ledger, req: PaymentRequest): Plan {
  const cust = requireCustomer(ledger, req.customer);
  if (req.id !== null) requireNewId(ledger, req.id);
  const id = req.id ?? nextId(ledger, 'payment', req.date);
  const payment: NewDocument = {
    kind: 'payment', id, date: req.date, customer: cust.id, currency: cust.currency, amount: req.amount,
    method: req.method, reference: req.reference, bankRef: req.bankRef, memo: req.memo,
  };
  const side = { id, customer: cust.id, currency: cust.currency, available: req.amount };
  const { applications, unapplied, notes } = allocateCredit(ledger, side, req.date, req.targets, req.date);
  let remaining: ((doc: Document) => Minor) | undefined;
  const discounts = takeDiscounts(ledger, applications, req.date, (doc) => (remaining ??= remainingAmounts(ledger))(doc), new Set([id]));
  // One bank line may pay for several customers, so a repeated bank_ref is worth a warning, not a refusal.
  const twin = req.bankRef === '' ? undefined : ledger.documents.find((d) => d.kind === 'payment' && d.bankRef === req.bankRef);
  if (twin) notes.push(`bank reference ${q(req.bankRef)} is already on ${twin.id}; make sure this payment is not recorded twice`);
  return {
    currency: cust.currency, documents: [payment, ...discounts.map((t) => t.note)],
    applications: [...applications, ...discounts.map((t) => t.application)], unapplied, notes: [...notes, ...discounts.map((t) => t.message)],
  };
}

/** Applies what is left of an existing payment, credit note or write-off, dated `date`. */
export function planCreditApplication(ledger: Ledger, creditId: string, date: LocalDate, targets: readonly Target[]): Plan {
  const doc = ledger.byId.get(creditId);
  const remaining = remainingAmounts(ledger);
  if (!doc || isDebit(doc)) {
    const open = ledger.documents
      .filter((d): d is CreditDocument => !isDebit(d) && remaining(d) > 0)
      .map((d) => `${d.id} (${formatMinor(remaining(d), d.currency)} ${d.currency})`);
    const what = doc ? `${creditId} is ${kindName(doc.kind)}, not a payment or credit note` : `credit ${q(creditId)} does not exist`;
    throw new RefusedError(`${what} — ${open.length === 0 ? 'no payment or credit note has anything unapplied' : `unapplied credits: ${listSome(open)}`}`);
  }
  const available = remaining(doc);
  if (available <= 0) throw new RefusedError(`${creditId} is fully applied (amount ${formatMinor(doc.amount, doc.currency)}, nothing unapplied) — name a payment or credit note with an unapplied amount`);
  if (date < doc.date) throw new RefusedError(`the application date ${date} is before ${creditId}'s date ${doc.date} — use --date ${doc.date} or later`);
  const side = { id: doc.id, customer: doc.customer, currency: doc.currency, available };
  // A payment earns its discount by the day the money arrived, however late it is applied.
  const paid = doc.kind === 'payment' ? doc.date : null;
  const { applications, unapplied, notes } = allocateCredit(ledger, side, date, targets, paid);
  if (applications.length === 0) notes.push(`${doc.customer} has no open items to apply ${creditId} to on ${date}`);
  const discounts = paid === null ? [] : takeDiscounts(ledger, applications, paid, remaining, new Set());
  return {
    currency: doc.currency, documents: discounts.map((t) => t.note),
    applications: [...applications, ...discounts.map((t) => t.application)], unapplied, notes: [...notes, ...discounts.map((t) => t.message)],
  };
}
