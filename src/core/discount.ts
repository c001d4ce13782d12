// Early-payment discount (SPEC §1.3): what terms like `2/10 net30` offer on an invoice, and whether a payment
// earned it. Every path that applies money (apply, reconcile --apply, import payments) and every document that
// mentions the discount asks here, so that they can never disagree.
import Big from 'big.js';
import { addDays, type LocalDate } from './date.js';
import { formatMinor, groupThousands, roundToMinor, toBig, type Minor } from './money.js';
import { parseTerms } from './terms.js';
import type { Ledger } from './ledger.js';
import type { Document, Invoice } from './types.js';

export interface EarlyDiscount {
  readonly percent: string;
  readonly amount: Minor;
  /** The last day the discount may be taken: the invoice date plus the discount days. */
  readonly until: LocalDate;
  /** The invoice's terms as written, for the credit note's reason. */
  readonly terms: string;
}

/** The discount that terms like `2/10 net30` offer on an invoice's total, or null. */
export function earlyDiscount(inv: Pick<Invoice, 'terms' | 'amount' | 'currency' | 'date'>): EarlyDiscount | null {
  const terms = parseTerms(inv.terms);
  if (!terms?.discount) return null;
  const amount = roundToMinor(toBig(inv.amount, inv.currency).times(new Big(terms.discount.percent)).div(100), inv.currency);
  return { percent: terms.discount.percent, amount, until: addDays(inv.date, terms.discount.days), terms: inv.terms };
}

export function discountText(d: EarlyDiscount, currency: string): string {
  return `${d.percent} % discount (${groupThousands(formatMinor(d.amount, currency))}) if paid by ${d.until}`;
}

/** The `reason` of the credit note that takes an earned discount: `early-payment discount 2% (2/10 net30)`. */
export function discountReason(d: EarlyDiscount): string {
  return `early-payment discount ${d.percent}% (${d.terms})`;
}

/**
 * The credit note a payment dated `paid` earns on `inv` when, after it was applied, `openAfter` is left open:
 * exactly that open amount when the payment is inside the window and what is left is more than 0 and at most the
 * discount; otherwise null (paid late, or short by more than the discount).
 */
export function earnedDiscount(inv: Invoice, paid: LocalDate, openAfter: Minor): Minor | null {
  const d = earlyDiscount(inv);
  if (!d || paid > d.until || paid < inv.date) return null;
  if (openAfter <= 0 || openAfter > d.amount) return null;
  return openAfter;
}

/** A credit note that took an early-payment discount: ours (`discountReason`) or one booked by hand in the same words. */
export function isDiscountCredit(doc: Document): boolean {
  return doc.kind === 'credit-note' && doc.invoice !== '' && /^early-payment discount\b/i.test(doc.reason);
}

/** The invoices whose discount a credit note dated on or before `asOf` has taken. */
export function discountsTaken(ledger: Ledger, asOf: LocalDate): ReadonlySet<string> {
  const ids = new Set<string>();
  for (const c of ledger.documents) if (c.kind === 'credit-note' && c.date <= asOf && isDiscountCredit(c)) ids.add(c.invoice);
  return ids;
}

/**
 * The discount a document dated `asOf` may still offer on `inv` with `open` left on it: none once it is settled,
 * past the last day of the window, or already taken (`taken`, from discountsTaken) — a customer must never be asked
 * for a discount that was earned or expired.
 */
export function offeredDiscount(inv: Invoice, asOf: LocalDate, open: Minor, taken: ReadonlySet<string>): EarlyDiscount | null {
  const d = earlyDiscount(inv);
  if (!d || open <= 0 || asOf > d.until || taken.has(inv.id)) return null;
  return d;
}
