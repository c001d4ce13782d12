// Early-payment discount (SPEC §1.3): what terms like `2/10 net30` offer on an invoice, and whether a payment
// earned it. Every path that applies money (apply, reconcile --apply, import payments) and every document that
// mentions the discount asks here, so that they can never disagree.
import Big from 'big.js';
import { addDays, type LocalDate } from './date.js';
import { formatMinor, roundToMinor, toBig, type Minor } from './money.js';
import { parseTerms } from './terms.js';
import type { Invoice } from './types.js';

export interface EarlyDiscount {
  readonly percent: string;
  readonly amount: Minor;
  /** The last day the discount may be taken: the invoice date plus the discount days. */
  readonly until: LocalDate;
  /** The invoice's terms as written, for the credit note's reason. */
  readonly terms: string;
}

/** The discount that terms like `2/10 net30` offer on an invoice's total, or null. */
export function earlyDiscount(inv: Invoice): EarlyDiscount | null {
  const terms = parseTerms(inv.terms);
  if (!terms?.discount) return null;
  const amount = roundToMinor(toBig(inv.amount, inv.currency).times(new Big(terms.discount.percent)).div(100), inv.currency);
  return { percent: terms.discount.percent, amount, until: addDays(inv.date, terms.discount.days), terms: inv.terms };
}

export function discountText(d: EarlyDiscount, currency: string): string {
  return `${d.percent} % discount (${formatMinor(d.amount, currency)}) if paid by ${d.until}`;
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
