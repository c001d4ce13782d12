// The aging report (SPEC §2, §3.1): open items per customer in day buckets, with unapplied credit and balance.
import { dayNumberOf, type LocalDate } from '../date.js';
import type { Ledger } from '../ledger.js';
import type { Currency, Minor } from '../money.js';
import { dueOf, isDebit, type AgingBasis, type DocumentKind } from '../types.js';
import { appliedAt, isDisputedAt } from './balances.js';
import { promiseCover, promisesAt, type ItemPromise } from '../collections/promises.js';
import { openParts } from '../collections/plans.js';

export interface AgingOptions {
  readonly asOf: LocalDate;
  readonly basis: AgingBasis;
  readonly buckets: readonly number[];
  readonly customer: string | null;
  readonly detail: boolean;
}

export interface AgingItem {
  readonly id: string;
  readonly kind: DocumentKind;
  readonly date: LocalDate;
  readonly due: LocalDate;
  readonly daysOverdue: number;
  readonly bucket: string;
  readonly amount: Minor;
  readonly open: Minor;
  readonly disputed: boolean;
  /** A pending or broken promise to pay over the item (SPEC §8; see `promiseCover`); absent when none. */
  readonly promise?: ItemPromise;
  /** For an invoice under a payment plan: which instalment this item is, of how many (SPEC §8). */
  readonly instalment?: number;
  readonly of?: number;
}

export interface AgingTotals {
  readonly currency: Currency;
  /** Open per bucket, in the order of `AgingReport.buckets`. */
  readonly buckets: readonly Minor[];
  readonly open: Minor;
  readonly unapplied: Minor;
  readonly balance: Minor;
  /** Open amount of disputed items (already inside the buckets). */
  readonly disputed: Minor;
}

export interface AgingCustomer extends AgingTotals {
  readonly customer: string;
  readonly name: string;
  readonly items: readonly AgingItem[] | null;
}

export interface AgingReport {
  readonly asOf: LocalDate;
  readonly basis: AgingBasis;
  readonly buckets: readonly string[];
  readonly customers: readonly AgingCustomer[];
  readonly totals: readonly AgingTotals[];
}

/** Labels for a bucket list: due basis `current, 1-30, …, 91+`; invoice basis `0-30, …, 91+`. */
export function bucketLabels(basis: AgingBasis, limits: readonly number[]): string[] {
  const labels: string[] = [basis === 'due' ? 'current' : `0-${limits[0]}`];
  const start = basis === 'due' ? 0 : 1;
  for (let i = start; i < limits.length; i++) {
    const lo = i === 0 ? 1 : limits[i - 1]! + 1;
    labels.push(`${lo}-${limits[i]}`);
  }
  labels.push(`${limits[limits.length - 1]! + 1}+`);
  return labels;
}

/** Index of the bucket for a day count: days overdue (due basis) or age (invoice basis). */
export function bucketIndex(basis: AgingBasis, limits: readonly number[], days: number): number {
  if (basis === 'due' && days <= 0) return 0;
  const offset = basis === 'due' ? 1 : 0;
  for (let i = 0; i < limits.length; i++) if (days <= limits[i]!) return i + offset;
  return limits.length + offset;
}

interface Acc {
  buckets: number[];
  open: number;
  unapplied: number;
  disputed: number;
  items: AgingItem[] | null;
}

export function ageOpenItems(ledger: Ledger, opts: AgingOptions): AgingReport {
  const labels = bucketLabels(opts.basis, opts.buckets);
  const nb = labels.length;
  const asOfDay = dayNumberOf(opts.asOf);
  const applied = appliedAt(ledger, opts.asOf);
  const promised = opts.detail ? promiseCover(promisesAt(ledger, opts.asOf)) : () => null;
  const accs = new Map<string, Acc>();
  const accOf = (customer: string): Acc => {
    let a = accs.get(customer);
    if (!a) {
      a = { buckets: new Array<number>(nb).fill(0), open: 0, unapplied: 0, disputed: 0, items: opts.detail ? [] : null };
      accs.set(customer, a);
    }
    return a;
  };
  for (const doc of ledger.documents) {
    if (doc.date > opts.asOf) continue;
    if (opts.customer !== null && doc.customer !== opts.customer) continue;
    const left = doc.amount - applied[doc.seq]!;
    if (left === 0) continue;
    const acc = accOf(doc.customer);
    if (!isDebit(doc)) {
      acc.unapplied += left;
      continue;
    }
    const disputed = doc.kind !== 'refund' && isDisputedAt(ledger.disputes.get(doc.id), opts.asOf);
    // An invoice under a payment plan is aged by instalment, each part by its own due date.
    const parts = ledger.plans.size === 0 ? [{ due: dueOf(doc), open: left as Minor, instalment: null, of: null }] : openParts(ledger, doc, left, opts.asOf);
    for (const part of parts) {
      const due = part.due;
      const daysOverdue = asOfDay - dayNumberOf(due);
      const days = opts.basis === 'due' ? daysOverdue : asOfDay - dayNumberOf(doc.date);
      const b = bucketIndex(opts.basis, opts.buckets, days);
      acc.buckets[b]! += part.open;
      acc.open += part.open;
      if (disputed) acc.disputed += part.open;
      const promise = acc.items ? promised(doc, daysOverdue) : null;
      acc.items?.push({
        id: doc.id, kind: doc.kind, date: doc.date, due, daysOverdue, bucket: labels[b]!,
        amount: doc.amount, open: part.open, disputed,
        ...(part.instalment !== null && part.of !== null ? { instalment: part.instalment, of: part.of } : {}),
        ...(promise ? { promise } : {}),
      });
    }
  }
  const customers: AgingCustomer[] = [];
  const totals = new Map<string, { buckets: number[]; open: number; unapplied: number; disputed: number }>();
  for (const id of [...accs.keys()].sort()) {
    const acc = accs.get(id)!;
    if (acc.open === 0 && acc.unapplied === 0) continue;
    const cust = ledger.customers.get(id)!;
    acc.items?.sort((x, y) => (x.due < y.due ? -1 : x.due > y.due ? 1 : x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    customers.push({
      customer: id, name: cust.name, currency: cust.currency, buckets: acc.buckets as Minor[], open: acc.open as Minor,
      unapplied: acc.unapplied as Minor, balance: (acc.open - acc.unapplied) as Minor, disputed: acc.disputed as Minor,
      items: acc.items,
    });
    let t = totals.get(cust.currency);
    if (!t) {
      t = { buckets: new Array<number>(nb).fill(0), open: 0, unapplied: 0, disputed: 0 };
      totals.set(cust.currency, t);
    }
    for (let i = 0; i < nb; i++) t.buckets[i]! += acc.buckets[i]!;
    t.open += acc.open;
    t.unapplied += acc.unapplied;
    t.disputed += acc.disputed;
  }
  return {
    asOf: opts.asOf, basis: opts.basis, buckets: labels, customers,
    totals: [...totals.keys()].sort().map((c) => {
      const t = totals.get(c)!;
      return {
        currency: c as Currency, buckets: t.buckets as Minor[], open: t.open as Minor, unapplied: t.unapplied as Minor,
        balance: (t.open - t.unapplied) as Minor, disputed: t.disputed as Minor,
      };
    }),
  };
}
