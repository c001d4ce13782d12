// Everything about one customer at a date, for `customer show`: standing, open items by bucket, credit headroom,
// payment behaviour, the last dunning notice, and the latest notes and promises with each promise's status.
import type { LocalDate } from '../date.js';
import type { Ledger } from '../ledger.js';
import type { Minor } from '../money.js';
import { customerStanding, type CustomerStanding } from '../ops/customer.js';
import type { Customer } from '../types.js';
import { ageOpenItems, bucketLabels, type AgingItem } from './aging.js';
import { paymentBehavior, type BehaviorCustomer } from './behavior.js';

/** A row of notes.csv (SPEC §8) as text. */
export interface NoteEntry {
  readonly date: string;
  readonly invoice: string;
  readonly kind: string;
  readonly text: string;
  readonly followUp: string;
  readonly by: string;
}

/** A row of promises.csv (SPEC §8), its amount parsed in the customer's currency. */
export interface PromiseEntry {
  readonly date: LocalDate;
  readonly invoice: string;
  readonly amount: Minor;
  readonly due: LocalDate;
  readonly by: string;
  readonly note: string;
}

export type PromiseStatus = 'kept' | 'pending' | 'broken';

export interface CustomerProfile {
  readonly customer: Customer;
  readonly standing: CustomerStanding;
  /** credit_limit − balance; null without a credit limit. */
  readonly headroom: Minor | null;
  readonly buckets: readonly string[];
  readonly amounts: readonly Minor[];
  readonly items: readonly AgingItem[];
  readonly behavior: BehaviorCustomer | null;
  /** The latest dunning notice sent to it, dated ≤ asOf. */
  readonly dunning: { readonly date: LocalDate; readonly level: number } | null;
  readonly notes: readonly NoteEntry[];
  readonly promises: readonly (PromiseEntry & { readonly status: PromiseStatus })[];
}

/** How many of the latest notes and promises are shown. */
export const RECENT = 5;

/**
 * SPEC §8: kept when the credits applied to its invoice (or, without one, to the customer's debit documents)
 * dated from the promise's date to its due add up to at least its amount; else pending until due, then broken.
 */
export function promiseStatus(ledger: Ledger, customer: string, p: PromiseEntry, asOf: LocalDate): PromiseStatus {
  let paid = 0;
  for (const a of ledger.applications) {
    if (a.date < p.date || a.date > p.due || a.date > asOf) continue;
    const debit = ledger.documents[a.debitSeq]!;
    if (p.invoice !== '' ? a.debit === p.invoice : debit.customer === customer) paid += a.amount;
  }
  if (paid >= p.amount) return 'kept';
  return asOf <= p.due ? 'pending' : 'broken';
}

export function customerProfile(ledger: Ledger, customer: Customer, asOf: LocalDate,
  collections: { readonly notes: readonly NoteEntry[]; readonly promises: readonly PromiseEntry[] }): CustomerProfile {
  const standing = customerStanding(ledger, customer, asOf);
  const { basis, buckets } = ledger.config.aging;
  const aged = ageOpenItems(ledger, { asOf, basis, buckets, customer: customer.id, detail: true }).customers[0];
  const labels = bucketLabels(basis, buckets);
  const behavior = paymentBehavior(ledger, { asOf, customer: customer.id, detail: false }).customers[0] ?? null;
  let dunning: CustomerProfile['dunning'] = null;
  for (const r of ledger.dunning) {
    if (r.customer !== customer.id || r.date > asOf) continue;
    if (!dunning || r.date > dunning.date || (r.date === dunning.date && r.level > dunning.level)) dunning = { date: r.date, level: r.level };
  }
  const byDate = <T extends { date: string }>(list: readonly T[]): T[] =>
    list.filter((x) => x.date <= asOf).map((x, i) => [x, i] as const).sort((a, b) => (a[0].date < b[0].date ? -1 : a[0].date > b[0].date ? 1 : a[1] - b[1])).map(([x]) => x);
  return {
    customer, standing,
    headroom: customer.creditLimit === null ? null : (customer.creditLimit - standing.balance) as Minor,
    buckets: labels, amounts: aged?.buckets ?? labels.map(() => 0 as Minor), items: aged?.items ?? [],
    behavior, dunning,
    notes: byDate(collections.notes).slice(-RECENT).reverse(),
    promises: byDate(collections.promises).slice(-RECENT).reverse().map((p) => ({ ...p, status: promiseStatus(ledger, customer.id, p, asOf) })),
  };
}
