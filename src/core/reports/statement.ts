// A customer's statement of account: opening balance, the period's documents and applications with a running
// balance, the closing balance, and the aging of what is open at the period's end.
import { addDays, type LocalDate } from '../date.js';
import type { Ledger } from '../ledger.js';
import type { Currency, Minor } from '../money.js';
import { isDebit, type Customer, type Document } from '../types.js';
import { ageOpenItems, bucketLabels, type AgingItem } from './aging.js';

export interface StatementOptions {
  readonly customer: string;
  readonly from: LocalDate;
  readonly to: LocalDate;
}

/** A document raises (debit) or lowers (credit) the balance; an application only moves money between them. */
export type StatementEntry =
  | {
    readonly type: 'document';
    readonly date: LocalDate;
    readonly doc: Document;
    readonly debit: Minor;
    readonly credit: Minor;
    readonly balance: Minor;
  }
  | {
    readonly type: 'application';
    readonly date: LocalDate;
    readonly credit: string;
    readonly debit: string;
    readonly amount: Minor;
    readonly balance: Minor;
  };

export interface StatementAging {
  readonly buckets: readonly string[];
  /** Open per bucket, in the order of `buckets`. */
  readonly amounts: readonly Minor[];
  readonly open: Minor;
  readonly unapplied: Minor;
  readonly balance: Minor;
  /** Open debit documents, by due date then id. */
  readonly items: readonly AgingItem[];
}

export interface Statement {
  readonly customer: Customer;
  readonly currency: Currency;
  readonly from: LocalDate;
  readonly to: LocalDate;
  /** The balance at the end of the day before `from`. */
  readonly opening: Minor;
  readonly entries: readonly StatementEntry[];
  readonly debits: Minor;
  readonly credits: Minor;
  /** The balance at the end of `to`: opening + debits − credits. */
  readonly closing: Minor;
  readonly aging: StatementAging;
}

/** The statement of one existing customer for from..to (inclusive); the caller checks that from ≤ to. */
export function statementOf(ledger: Ledger, opts: StatementOptions): Statement {
  const customer = ledger.customers.get(opts.customer);
  if (!customer) throw new RangeError(`unknown customer ${opts.customer}`);
  const docs = ledger.documents.filter((d) => d.customer === opts.customer && d.date <= opts.to);
  let opening = 0;
  const inPeriod: Document[] = [];
  for (const d of docs) {
    if (d.date < opts.from) opening += isDebit(d) ? d.amount : -d.amount;
    else inPeriod.push(d);
  }
  const apps = ledger.applications.filter((a) => a.date >= opts.from && a.date <= opts.to
    && ledger.documents[a.debitSeq]!.customer === opts.customer);

  // Within a day, documents come before the applications that settle them; each group keeps ledger order.
  type Pending = { date: LocalDate; order: number; make: (balance: number) => StatementEntry; delta: number };
  const pending: Pending[] = [
    ...inPeriod.map((doc) => {
      const debit = isDebit(doc) ? doc.amount : 0;
      const credit = isDebit(doc) ? 0 : doc.amount;
      return {
        date: doc.date, order: doc.seq, delta: debit - credit,
        make: (balance: number): StatementEntry => ({
          type: 'document', date: doc.date, doc, debit: debit as Minor, credit: credit as Minor, balance: balance as Minor,
        }),
      };
    }),
    ...apps.map((a, i) => ({
      date: a.date, order: ledger.documents.length + i, delta: 0,
      make: (balance: number): StatementEntry => ({
        type: 'application', date: a.date, credit: a.credit, debit: a.debit, amount: a.amount, balance: balance as Minor,
      }),
    })),
  ];
  pending.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : x.order - y.order));
  let balance = opening;
  let debits = 0;
  let credits = 0;
  const entries = pending.map((p) => {
    balance += p.delta;
    if (p.delta > 0) debits += p.delta;
    else credits -= p.delta;
    return p.make(balance);
  });

  const { basis, buckets } = ledger.config.aging;
  const aged = ageOpenItems(ledger, { asOf: opts.to, basis, buckets, customer: opts.customer, detail: true }).customers[0];
  const labels = bucketLabels(basis, buckets);
  const aging: StatementAging = aged
    ? { buckets: labels, amounts: aged.buckets, open: aged.open, unapplied: aged.unapplied, balance: aged.balance, items: aged.items ?? [] }
    : { buckets: labels, amounts: labels.map(() => 0 as Minor), open: 0 as Minor, unapplied: 0 as Minor, balance: 0 as Minor, items: [] };

  return {
    customer, currency: customer.currency, from: opts.from, to: opts.to, opening: opening as Minor, entries,
    debits: debits as Minor, credits: credits as Minor, closing: balance as Minor, aging,
  };
}

/** The default period start: the first day of `to`'s month. */
export function startOfMonth(to: LocalDate): LocalDate {
  return `${to.slice(0, 8)}01` as LocalDate;
}

/** The day whose closing balance is the statement's opening balance. */
export function openingDate(from: LocalDate): LocalDate {
  return addDays(from, -1);
}
