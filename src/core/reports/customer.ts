// Everything about one customer at a date, for `customer show`: standing, open items by bucket, credit headroom,
// payment behaviour, the last dunning notice, the latest notes and promises with each promise's status (SPEC §8, as
// the collections journals are read and judged everywhere else), and the payment plans in force.
import type { LocalDate } from '../date.js';
import type { Ledger } from '../ledger.js';
import type { Minor } from '../money.js';
import { customerStanding, type CustomerStanding } from '../ops/customer.js';
import { isInvoiceLike, type Customer } from '../types.js';
import type { Note, PromiseToPay } from '../collections/model.js';
import { notesAt } from '../collections/notes.js';
import { planInForce, planStatus, type PlanStatus } from '../collections/plans.js';
import { promisesAt, type PromiseStatus } from '../collections/promises.js';
import { ageOpenItems, bucketLabels, type AgingItem } from './aging.js';
import { paymentBehavior, type BehaviorCustomer } from './behavior.js';

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
  readonly notes: readonly Note[];
  readonly promises: readonly (PromiseToPay & { readonly status: PromiseStatus; readonly paid: Minor })[];
  /** The payment plans in force with something still open, by invoice id. */
  readonly plans: readonly PlanStatus[];
}

/** How many of the latest notes and promises are shown. */
export const RECENT = 5;

export function customerProfile(ledger: Ledger, customer: Customer, asOf: LocalDate): CustomerProfile {
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
  // Promises in the order they were made (by date, then place in the file), as notes are.
  const promises = promisesAt(ledger, asOf).filter((x) => x.promise.customer === customer.id)
    .sort((a, b) => (a.promise.date < b.promise.date ? -1 : a.promise.date > b.promise.date ? 1 : a.promise.src.line - b.promise.src.line));
  const plans: PlanStatus[] = [];
  for (const id of [...ledger.plans.keys()].sort()) {
    const doc = ledger.byId.get(id);
    if (!doc || doc.customer !== customer.id || !isInvoiceLike(doc) || !planInForce(ledger.plans.get(id), asOf)) continue;
    const status = planStatus(ledger, id, asOf);
    if (status.open > 0) plans.push(status);
  }
  return {
    customer, standing,
    headroom: customer.creditLimit === null ? null : (customer.creditLimit - standing.balance) as Minor,
    buckets: labels, amounts: aged?.buckets ?? labels.map(() => 0 as Minor), items: aged?.items ?? [],
    behavior, dunning,
    notes: notesAt(ledger, asOf, customer.id).slice(-RECENT).reverse(),
    promises: promises.slice(-RECENT).reverse().map((x) => ({ ...x.promise, status: x.status, paid: x.paid })),
    plans,
  };
}
