// Promises to pay at a date (SPEC §8): kept, pending or broken, and which overdue items each one covers.
import type { LocalDate } from '../date.js';
import type { Ledger } from '../ledger.js';
import type { Minor } from '../money.js';
import type { DebitDocument } from '../types.js';
import type { PromiseToPay } from './model.js';

export type PromiseStatus = 'kept' | 'pending' | 'broken';

export interface PromiseState {
  readonly promise: PromiseToPay;
  readonly status: PromiseStatus;
  /** Σ credits applied to what the promise covers, dated from its date to its due and on or before the date asked. */
  readonly paid: Minor;
}

/** The status of a promise whose covered items received `paid` by `asOf` (counted as SPEC §8 says). */
export function statusOf(paid: number, amount: number, due: LocalDate, asOf: LocalDate): PromiseStatus {
  if (paid >= amount) return 'kept';
  return asOf <= due ? 'pending' : 'broken';
}

/**
 * Every promise made on or before `asOf` with its status then, in file order. A promise that names an invoice is
 * paid by applications to that invoice; one without an invoice by applications to any of the customer's debit
 * documents. An application counts when it is dated from the promise's date to its due, and not after `asOf`.
 */
export function promisesAt(ledger: Ledger, asOf: LocalDate): PromiseState[] {
  const made = ledger.promises.filter((p) => p.date <= asOf);
  if (made.length === 0) return [];
  const paid = new Float64Array(made.length);
  const byInvoice = new Map<string, number[]>();
  const byCustomer = new Map<string, number[]>();
  made.forEach((p, i) => {
    const key = p.invoice !== '' ? p.invoice : p.customer;
    const map = p.invoice !== '' ? byInvoice : byCustomer;
    const list = map.get(key) ?? [];
    list.push(i);
    map.set(key, list);
  });
  const count = (list: readonly number[] | undefined, date: LocalDate, amount: number): void => {
    for (const i of list ?? []) {
      const p = made[i]!;
      if (date >= p.date && date <= p.due) paid[i]! += amount;
    }
  };
  for (const a of ledger.applications) {
    if (a.date > asOf) continue;
    count(byInvoice.get(a.debit), a.date, a.amount);
    if (byCustomer.size > 0) count(byCustomer.get(ledger.documents[a.debitSeq]!.customer), a.date, a.amount);
  }
  return made.map((promise, i) => ({ promise, paid: paid[i]! as Minor, status: statusOf(paid[i]!, promise.amount, promise.due, asOf) }));
}

/** What a report shows of the promises covering one item: the pending one that pauses it, else a broken one. */
export type ItemPromise = PromiseState & { readonly status: 'pending' | 'broken' };

/**
 * Which promise, if any, stands over each overdue item at `asOf`. A promise naming an invoice covers that invoice;
 * one without covers every debit document of the customer that is overdue at `asOf`. An item under any pending
 * promise gets the latest pending one (it is not dunned); otherwise it gets the latest promise covering it when
 * that one is broken (a later kept promise has settled the matter, and shows nothing).
 */
export function promiseCover(states: readonly PromiseState[]): (doc: DebitDocument, daysOverdue: number) => ItemPromise | null {
  if (states.length === 0) return () => null;
  const byInvoice = new Map<string, PromiseState[]>();
  const byCustomer = new Map<string, PromiseState[]>();
  for (const s of states) {
    const map = s.promise.invoice !== '' ? byInvoice : byCustomer;
    const key = s.promise.invoice !== '' ? s.promise.invoice : s.promise.customer;
    const list = map.get(key) ?? [];
    list.push(s);
    map.set(key, list);
  }
  const later = (x: PromiseState, y: PromiseState): boolean =>
    x.promise.date > y.promise.date || (x.promise.date === y.promise.date && x.promise.src.line > y.promise.src.line);
  return (doc, daysOverdue) => {
    const covering = [...(byInvoice.get(doc.id) ?? []), ...(daysOverdue > 0 ? byCustomer.get(doc.customer) ?? [] : [])];
    let pending: PromiseState | null = null;
    let latest: PromiseState | null = null;
    for (const s of covering) {
      if (s.status === 'pending' && (!pending || later(s, pending))) pending = s;
      if (!latest || later(s, latest)) latest = s;
    }
    if (pending) return pending as ItemPromise;
    return latest && latest.status === 'broken' ? (latest as ItemPromise) : null;
  }
}
