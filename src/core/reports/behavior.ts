// Payment behaviour per customer (SPEC §3.2): how long fully settled invoices took to settle and how late they were.
//
// Only invoices and debit notes count: they are what a customer is asked to pay by a due date. A refund is money
// we owe back, so how fast it is "settled" says nothing about the customer's habits.
import Big from 'big.js';
import { daysBetween, type LocalDate } from '../date.js';
import type { Ledger } from '../ledger.js';
import { withoutVoids } from '../voids.js';
import type { Currency } from '../money.js';
import { isInvoiceLike, type Invoice } from '../types.js';

export interface BehaviorOptions {
  readonly asOf: LocalDate;
  readonly customer: string | null;
  readonly detail: boolean;
}

export interface SettledItem {
  readonly id: string;
  readonly date: LocalDate;
  readonly due: LocalDate;
  /** Date of the application that brought the open amount to zero. */
  readonly settled: LocalDate;
  readonly daysToSettle: number;
  readonly daysLate: number;
}

export interface BehaviorCustomer {
  readonly customer: string;
  readonly name: string;
  readonly currency: Currency;
  readonly settled: number;
  /** Decimal text rounded half-up to one decimal. */
  readonly avgDaysToSettle: string;
  readonly avgDaysLate: string;
  /** Settled late ÷ settled, decimal text rounded half-up to two decimals. */
  readonly lateShare: string;
  readonly late: number;
  readonly items: readonly SettledItem[] | null;
}

export interface BehaviorReport {
  readonly asOf: LocalDate;
  readonly customers: readonly BehaviorCustomer[];
}

/** The date each debit document was fully settled on or before asOf, indexed by `doc.seq` (null: still open). */
export function settlementDates(ledger: Ledger, asOf: LocalDate): (LocalDate | null)[] {
  const out: (LocalDate | null)[] = new Array<LocalDate | null>(ledger.documents.length).fill(null);
  const applied = new Float64Array(ledger.documents.length);
  // Applications in date order (file order on a tie, which the stable sort keeps): the one crossing zero settles.
  const apps = ledger.applications.filter((a) => a.date <= asOf).sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
  for (const a of apps) {
    const doc = ledger.documents[a.debitSeq]!;
    applied[a.debitSeq]! += a.amount;
    if (out[a.debitSeq] === null && applied[a.debitSeq] === doc.amount) out[a.debitSeq] = a.date;
  }
  return out;
}

/** `sum ÷ count` rounded half-up to `dp` decimals, exactly. */
export function averageText(sum: number, count: number, dp: number): string {
  return new Big(sum).div(count).round(dp, Big.roundHalfUp).toFixed(dp);
}

export function paymentBehavior(all: Ledger, opts: BehaviorOptions): BehaviorReport {
  // A voided invoice was never a sale, nor a voided payment's applications a settlement.
  const ledger = withoutVoids(all);
  const settledOn = settlementDates(ledger, opts.asOf);
  const byCustomer = new Map<string, SettledItem[]>();
  for (const doc of ledger.documents) {
    if (!isInvoiceLike(doc) || doc.date > opts.asOf) continue;
    if (opts.customer !== null && doc.customer !== opts.customer) continue;
    const settled = settledOn[doc.seq];
    if (!settled) continue;
    const list = byCustomer.get(doc.customer) ?? [];
    list.push(settledItem(doc, settled));
    byCustomer.set(doc.customer, list);
  }
  const customers: BehaviorCustomer[] = [];
  for (const id of [...byCustomer.keys()].sort()) {
    const items = byCustomer.get(id)!;
    items.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const cust = ledger.customers.get(id)!;
    let toSettle = 0;
    let lateDays = 0;
    let late = 0;
    for (const i of items) {
      toSettle += i.daysToSettle;
      lateDays += i.daysLate;
      if (i.daysLate > 0) late++;
    }
    customers.push({
      customer: id, name: cust.name, currency: cust.currency, settled: items.length, late,
      avgDaysToSettle: averageText(toSettle, items.length, 1),
      avgDaysLate: averageText(lateDays, items.length, 1),
      lateShare: averageText(late, items.length, 2),
      items: opts.detail ? items : null,
    });
  }
  return { asOf: opts.asOf, customers };
}

function settledItem(doc: Invoice, settled: LocalDate): SettledItem {
  return {
    id: doc.id, date: doc.date, due: doc.due, settled,
    daysToSettle: daysBetween(settled, doc.date),
    daysLate: Math.max(0, daysBetween(settled, doc.due)),
  };
}
