// Taking an earned early-payment discount (SPEC §1.3): the credit note and application that every path applying a
// payment (apply, reconcile --apply, import payments) adds in the same transaction, built here and nowhere else.
import type { LocalDate } from '../date.js';
import { discountReason, earlyDiscount, earnedDiscount } from '../discount.js';
import type { Ledger } from '../ledger.js';
import { formatMinor, type Minor } from '../money.js';
import type { NewDocument } from '../rows.js';
import { isInvoiceLike, type Document } from '../types.js';
import { nextId } from './numbering.js';

export interface TakenDiscount {
  readonly note: NewDocument;
  readonly application: { readonly date: LocalDate; readonly credit: string; readonly debit: string; readonly amount: Minor };
  /** For stderr: `INV-2026-00012: 2 % early-payment discount of 28.56 taken (CN-2026-0003)`. */
  readonly message: string;
}

/**
 * The credit note for the discount a payment dated `paid` earned on `debit`, when the payment left `openAfter` open
 * there; dated and applied on `date` (the day the payment was applied). Null when nothing was earned. The id is
 * numbered around `taken` (ids already handed out by the same command), and added to it.
 */
export function takeDiscount(ledger: Ledger, debit: Document, paid: LocalDate, openAfter: Minor, date: LocalDate, taken: Set<string>): TakenDiscount | null {
  if (!isInvoiceLike(debit)) return null;
  const amount = earnedDiscount(debit, paid, openAfter);
  const d = earlyDiscount(debit);
  if (amount === null || d === null) return null;
  const id = nextId(ledger, 'credit-note', date, taken);
  taken.add(id);
  const note: NewDocument = {
    kind: 'credit-note', id, date, customer: debit.customer, currency: debit.currency, amount, invoice: debit.id, reason: discountReason(d),
  };
  return {
    note,
    application: { date, credit: id, debit: debit.id, amount },
    message: `${debit.id}: ${d.percent} % early-payment discount of ${formatMinor(amount, debit.currency)} taken (${id})`,
  };
}

/**
 * The discounts earned by a batch of applications of one payment dated `paid`, given what each debit document had
 * open before them; several applications to one document count together.
 */
export function takeDiscounts(
  ledger: Ledger, applications: readonly { readonly date: LocalDate; readonly debit: string; readonly amount: Minor }[],
  paid: LocalDate, openBefore: (doc: Document) => Minor, taken: Set<string>,
): TakenDiscount[] {
  const applied = new Map<string, { date: LocalDate; amount: number }>();
  for (const a of applications) {
    const prev = applied.get(a.debit);
    applied.set(a.debit, { date: prev && prev.date > a.date ? prev.date : a.date, amount: (prev?.amount ?? 0) + a.amount });
  }
  const out: TakenDiscount[] = [];
  for (const [debit, a] of applied) {
    const doc = ledger.byId.get(debit);
    // Most invoices carry no discount; only those that do need their open amount worked out.
    if (!doc || a.amount <= 0 || !isInvoiceLike(doc) || earlyDiscount(doc) === null) continue;
    const t = takeDiscount(ledger, doc, paid, (openBefore(doc) - a.amount) as Minor, a.date, taken);
    if (t) out.push(t);
  }
  return out;
}

/**
 * What an item inside its discount window needs to be settled by a payment dated `paid`: its open amount less the
 * discount that payment would earn, or its whole open amount when no discount is to be had.
 */
export function discountedOpen(doc: Document, open: Minor, paid: LocalDate): Minor {
  if (!isInvoiceLike(doc)) return open;
  const d = earlyDiscount(doc);
  if (!d || paid > d.until || paid < doc.date || open <= d.amount) return open;
  return (open - d.amount) as Minor;
}
