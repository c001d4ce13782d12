// Collection KPIs per period and currency: DSO, collection effectiveness index, average days delinquent, share current.
//
// AR at a date D is the aging's open total: Σ open of debit documents (invoices, debit notes, refunds) dated ≤ D;
// current AR is the part not yet past due at D (due ≥ D). Unapplied credit is not netted: the KPIs measure what
// customers still owe on documents, as the aging report shows it. Invoiced is Σ amount of invoices and debit notes
// dated in the period (refunds are not sales). Every ratio is exact (big.js) and rounded half-up to one decimal
// only for display; a division by zero gives null.
import Big from 'big.js';
import { addDays, daysBetween, endOfMonth, type LocalDate } from '../date.js';
import type { Ledger } from '../ledger.js';
import { withoutVoids } from '../voids.js';
import type { Currency, Minor } from '../money.js';
import { dueOf, isDebit, isInvoiceLike } from '../types.js';
import { appliedAt } from './balances.js';

export type KpiPeriod = 'month' | 'quarter';

export interface KpiOptions {
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly period: KpiPeriod;
}

export interface KpiRow {
  /** `2026-11` or `2026-Q4`. */
  readonly period: string;
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly days: number;
  readonly currency: Currency;
  readonly openingAr: Minor;
  readonly invoiced: Minor;
  readonly closingAr: Minor;
  readonly closingCurrentAr: Minor;
  /** Decimal text, one decimal, or null where the divisor is zero. */
  readonly dso: string | null;
  /** Current AR ÷ invoiced × days: the DSO if nothing were overdue. */
  readonly bestPossibleDso: string | null;
  readonly cei: string | null;
  readonly averageDaysDelinquent: string | null;
  /** Percent of closing AR that is current. */
  readonly currentShare: string | null;
}

export interface KpiReport {
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly period: KpiPeriod;
  readonly rows: readonly KpiRow[];
}

/** Calendar months or quarters overlapping [from, to], each clipped to it. */
export function periodsBetween(from: LocalDate, to: LocalDate, period: KpiPeriod): { label: string; from: LocalDate; to: LocalDate }[] {
  const out: { label: string; from: LocalDate; to: LocalDate }[] = [];
  let start = from;
  while (start <= to) {
    const y = Number(start.slice(0, 4));
    const m = Number(start.slice(5, 7));
    const lastMonth = period === 'month' ? m : Math.ceil(m / 3) * 3;
    const end = endOfMonth(`${String(y).padStart(4, '0')}-${String(lastMonth).padStart(2, '0')}-01` as LocalDate);
    const label = period === 'month' ? start.slice(0, 7) : `${start.slice(0, 4)}-Q${Math.ceil(m / 3)}`;
    out.push({ label, from: start, to: end < to ? end : to });
    start = addDays(end, 1);
  }
  return out;
}

interface ArAt {
  readonly total: Map<string, number>;
  readonly current: Map<string, number>;
}

/** Open AR and its current part per currency at a date. */
function arAt(ledger: Ledger, date: LocalDate): ArAt {
  const applied = appliedAt(ledger, date);
  const total = new Map<string, number>();
  const current = new Map<string, number>();
  for (const doc of ledger.documents) {
    if (!isDebit(doc) || doc.date > date) continue;
    const open = doc.amount - applied[doc.seq]!;
    if (open === 0) continue;
    total.set(doc.currency, (total.get(doc.currency) ?? 0) + open);
    if (dueOf(doc) >= date) current.set(doc.currency, (current.get(doc.currency) ?? 0) + open);
  }
  return { total, current };
}

/** a ÷ b × factor rounded half-up to one decimal, or null when b is zero. */
function ratio(a: Big, b: Big, factor: number): string | null {
  if (b.eq(0)) return null;
  return a.div(b).times(factor).round(1, Big.roundHalfUp).toFixed(1);
}

export function collectionKpis(all: Ledger, opts: KpiOptions): KpiReport {
  // A voided invoice was never a sale, nor a voided payment's applications a settlement.
  const ledger = withoutVoids(all);
  const rows: KpiRow[] = [];
  const currencies = [...new Set(ledger.documents.map((d) => d.currency))].sort();
  for (const p of periodsBetween(opts.from, opts.to, opts.period)) {
    const opening = arAt(ledger, addDays(p.from, -1));
    const closing = arAt(ledger, p.to);
    const invoiced = new Map<string, number>();
    for (const doc of ledger.documents) {
      if (isInvoiceLike(doc) && doc.date >= p.from && doc.date <= p.to) {
        invoiced.set(doc.currency, (invoiced.get(doc.currency) ?? 0) + doc.amount);
      }
    }
    const days = daysBetween(p.to, p.from) + 1;
    for (const ccy of currencies) {
      const open0 = opening.total.get(ccy) ?? 0;
      const inv = invoiced.get(ccy) ?? 0;
      const close = closing.total.get(ccy) ?? 0;
      const closeCurrent = closing.current.get(ccy) ?? 0;
      if (open0 === 0 && inv === 0 && close === 0) continue;
      rows.push({
        period: p.label, from: p.from, to: p.to, days, currency: ccy as Currency,
        openingAr: open0 as Minor, invoiced: inv as Minor, closingAr: close as Minor, closingCurrentAr: closeCurrent as Minor,
        ...kpiRatios(open0, inv, close, closeCurrent, days),
      });
    }
  }
  return { from: opts.from, to: opts.to, period: opts.period, rows };
}

/** The ratios of a period from its four AR figures (minor units of one currency) and its length in days. */
export function kpiRatios(open0: number, inv: number, close: number, closeCurrent: number, days: number):
  Pick<KpiRow, 'dso' | 'bestPossibleDso' | 'cei' | 'averageDaysDelinquent' | 'currentShare'> {
  const invB = new Big(inv);
  return {
    dso: ratio(new Big(close), invB, days),
    bestPossibleDso: ratio(new Big(closeCurrent), invB, days),
    cei: ratio(new Big(open0 + inv - close), new Big(open0 + inv - closeCurrent), 100),
    // DSO − best possible DSO, computed from the exact quotients so that rounding happens once.
    averageDaysDelinquent: inv === 0 ? null : new Big(close - closeCurrent).div(invB).times(days).round(1, Big.roundHalfUp).toFixed(1),
    currentShare: ratio(new Big(closeCurrent), new Big(close), 100),
  };
}
