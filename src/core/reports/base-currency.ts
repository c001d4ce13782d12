// Reports in the base currency (ledger.yaml `currency`): each customer's figures converted at the latest rates.csv
// rate on or before the report date, rounded half-up once per customer figure, and the totals summed from those
// rounded figures — so a base total is always the sum of the customer lines a reader can add up by hand.
import Big from 'big.js';
import { addDays, type LocalDate } from '../date.js';
import { amountText, type Block } from '../documents/view.js';
import { RefusedError } from '../issues.js';
import type { Ledger } from '../ledger.js';
import { allocate, minorDigits, roundToMinor, toBig, type Currency, type Minor } from '../money.js';
import type { GlComparison } from '../reconcile/gl.js';
import { dueOf, isDebit, isInvoiceLike, type Rate } from '../types.js';
import type { AgingReport } from './aging.js';
import { appliedAt } from './balances.js';
import { kpiRatios, type KpiReport, type KpiRow } from './kpi.js';
import type { Statement } from './statement.js';

/** The rate a conversion used: 1 unit of `currency` = `rate` units of the base currency, as of `date`. */
export interface RateUsed {
  readonly currency: Currency;
  readonly date: LocalDate;
  readonly rate: string;
}

/** A currency's conversion: the rate row used, or none for the base currency itself (exactly 1). */
export interface Converter {
  readonly base: Currency;
  readonly asOf: LocalDate;
  /** The rates used, by currency code, base currency excluded; sorted by code. */
  readonly rates: readonly RateUsed[];
  convert(minor: Minor, currency: Currency | string): Minor;
}

/**
 * The latest rate on or before `asOf` of each currency in `currencies` (the base currency needs none). Every
 * missing rate is named at once, so that one edit of rates.csv makes the report run.
 */
export function converterFor(rates: readonly Rate[], base: Currency, asOf: LocalDate, currencies: Iterable<string>): Converter {
  const wanted = [...new Set(currencies)].filter((c) => c !== base).sort();
  const best = new Map<string, Rate>();
  for (const r of rates) {
    if (r.date > asOf || !wanted.includes(r.currency)) continue;
    const prev = best.get(r.currency);
    if (!prev || r.date > prev.date) best.set(r.currency, r);
  }
  const missing = wanted.filter((c) => !best.has(c));
  if (missing.length > 0) {
    const example = missing.map((c) => `${asOf},${c},RATE`).join(' and ');
    throw new RefusedError(`no ${missing.join(' rate and no ')} rate on or before ${asOf} in rates.csv — add a line ${example} (1 ${missing[0]} = RATE ${base}) to convert into the base currency ${base}`);
  }
  const used = wanted.map((c) => ({ currency: c as Currency, date: best.get(c)!.date, rate: best.get(c)!.rate }));
  const byCode = new Map(used.map((u) => [u.currency as string, new Big(u.rate)]));
  return {
    base, asOf, rates: used,
    convert: (minor, currency) => convertMinor(minor, currency, byCode.get(currency) ?? null, base),
  };
}

/**
 * An amount in `currency` in base-currency minor units: rate × amount exactly (big.js), rounded half-up (away
 * from zero on .5). `rate` null means the amount is already in the base currency and is taken as it is.
 */
export function convertMinor(minor: Minor, currency: Currency | string, rate: Big | null, base: Currency | string): Minor {
  if (rate === null) {
    if (currency !== base) throw new RefusedError(`no ${currency} rate to convert into ${base}`);
    return minor;
  }
  return roundToMinor(toBig(minor, currency).times(rate), base);
}

/** One customer's or the whole report's figures in the base currency. */
export interface BaseFigures {
  /** Per bucket, in the order of the report's buckets; they add up to `open`. */
  readonly buckets: readonly Minor[];
  readonly open: Minor;
  readonly unapplied: Minor;
  readonly balance: Minor;
}

export interface BaseAging {
  readonly currency: Currency;
  readonly asOf: LocalDate;
  readonly rates: readonly RateUsed[];
  /** Aligned with the report's customers. */
  readonly customers: readonly BaseFigures[];
  /** Σ of the customers' figures. */
  readonly totals: BaseFigures;
}

/**
 * A customer's figures in the base currency. The open amount and the balance are each converted and rounded;
 * unapplied is their difference, so open − unapplied = balance holds in the base currency too; the open amount
 * is spread over the buckets by largest remainder, so the buckets add up to it.
 */
export function customerInBase(c: { currency: Currency; buckets: readonly Minor[]; open: Minor; balance: Minor }, conv: Converter): BaseFigures {
  const open = conv.convert(c.open, c.currency);
  const balance = conv.convert(c.balance, c.currency);
  const buckets = c.open === 0 ? c.buckets.map(() => 0 as Minor) : allocate(open, c.buckets);
  return { buckets, open, unapplied: (open - balance) as Minor, balance };
}

function sumFigures(list: readonly BaseFigures[], nb: number): BaseFigures {
  const buckets = new Array<number>(nb).fill(0);
  let open = 0;
  let unapplied = 0;
  let balance = 0;
  for (const f of list) {
    for (let i = 0; i < nb; i++) buckets[i]! += f.buckets[i]!;
    open += f.open;
    unapplied += f.unapplied;
    balance += f.balance;
  }
  return { buckets: buckets as Minor[], open: open as Minor, unapplied: unapplied as Minor, balance: balance as Minor };
}

export function agingInBase(report: AgingReport, rates: readonly Rate[], base: Currency): BaseAging {
  const conv = converterFor(rates, base, report.asOf, report.customers.map((c) => c.currency));
  const customers = report.customers.map((c) => customerInBase(c, conv));
  return { currency: base, asOf: report.asOf, rates: conv.rates, customers, totals: sumFigures(customers, report.buckets.length) };
}

/** The KPIs of all currencies together, per period: each customer's AR figures converted, then the ratios. */
export interface BaseKpis {
  readonly currency: Currency;
  readonly asOf: LocalDate;
  readonly rates: readonly RateUsed[];
  readonly rows: readonly KpiRow[];
}

/** Per customer at a date: open AR and its current part, in the customer's currency. */
function customerArAt(ledger: Ledger, date: LocalDate): Map<string, { currency: Currency; total: number; current: number }> {
  const applied = appliedAt(ledger, date);
  const out = new Map<string, { currency: Currency; total: number; current: number }>();
  for (const doc of ledger.documents) {
    if (!isDebit(doc) || doc.date > date) continue;
    const open = doc.amount - applied[doc.seq]!;
    if (open === 0) continue;
    let c = out.get(doc.customer);
    if (!c) {
      c = { currency: doc.currency, total: 0, current: 0 };
      out.set(doc.customer, c);
    }
    c.total += open;
    if (dueOf(doc) >= date) c.current += open;
  }
  return out;
}

/**
 * KPIs in the base currency at constant rates: every period is converted at the rates of the range's last day
 * (--to), so that a change of DSO comes from collections, not from exchange rates moving between periods. Each
 * figure is converted per customer and rounded half-up, as in `aging --in-base`, so the closing AR of the last
 * period equals the aging's base-currency open total at --to.
 */
export function kpisInBase(ledger: Ledger, report: KpiReport): BaseKpis {
  const base = ledger.config.currency;
  const conv = converterFor(ledger.rates, base, report.to, report.rows.map((r) => r.currency));
  const rows: KpiRow[] = [];
  const seen = new Set<string>();
  for (const p of report.rows) {
    if (seen.has(p.period)) continue;
    seen.add(p.period);
    const sumAr = (date: LocalDate): { total: number; current: number } => {
      let total = 0;
      let current = 0;
      for (const c of customerArAt(ledger, date).values()) {
        total += conv.convert(c.total as Minor, c.currency);
        current += conv.convert(c.current as Minor, c.currency);
      }
      return { total, current };
    };
    const invoicedBy = new Map<string, { currency: Currency; amount: number }>();
    for (const doc of ledger.documents) {
      if (!isInvoiceLike(doc) || doc.date < p.from || doc.date > p.to) continue;
      const c = invoicedBy.get(doc.customer) ?? { currency: doc.currency, amount: 0 };
      c.amount += doc.amount;
      invoicedBy.set(doc.customer, c);
    }
    let invoiced = 0;
    for (const c of invoicedBy.values()) invoiced += conv.convert(c.amount as Minor, c.currency);
    const opening = sumAr(addDays(p.from, -1));
    const closing = sumAr(p.to);
    rows.push(kpiRow(p, opening.total as Minor, invoiced as Minor, closing.total as Minor, closing.current as Minor, base));
  }
  return { currency: base, asOf: report.to, rates: conv.rates, rows };
}

function kpiRow(p: KpiRow, openingAr: Minor, invoiced: Minor, closingAr: Minor, closingCurrentAr: Minor, base: Currency): KpiRow {
  return {
    period: p.period, from: p.from, to: p.to, days: p.days, currency: base, openingAr, invoiced, closingAr, closingCurrentAr,
    ...kpiRatios(openingAr, invoiced, closingAr, closingCurrentAr, p.days),
  };
}

/** The GL comparison over every currency: each customer's balance converted and rounded, then summed. */
export interface BaseGlComparison extends GlComparison {
  readonly rates: readonly RateUsed[];
  /** Per document currency: its AR total and the sum of its customers' converted balances. */
  readonly currencies: readonly { readonly currency: Currency; readonly arTotal: Minor; readonly arTotalBase: Minor }[];
}

/**
 * The GL comparison over every currency. Σ balances = Σ debit − Σ credit documents (applications cancel out) is
 * the aging's balance total, so the base-currency AR total is `aging --in-base`'s, customer by customer.
 */
export function compareWithGlInBase(report: AgingReport, base: BaseAging, glBalance: Minor): BaseGlComparison {
  const per = new Map<string, { arTotal: number; arTotalBase: number }>();
  for (const [k, c] of report.customers.entries()) {
    const p = per.get(c.currency) ?? { arTotal: 0, arTotalBase: 0 };
    p.arTotal += c.balance;
    p.arTotalBase += base.customers[k]!.balance;
    per.set(c.currency, p);
  }
  const total = base.totals.balance;
  return {
    asOf: report.asOf, currency: base.currency, arTotal: total, glBalance, difference: (total - glBalance) as Minor, rates: base.rates,
    currencies: [...per.keys()].sort().map((c) => ({ currency: c as Currency, arTotal: per.get(c)!.arTotal as Minor, arTotalBase: per.get(c)!.arTotalBase as Minor })),
  };
}

/** How a rate reads to a person: `1 USD = 0.9240 EUR (rates.csv, 2026-11-30)`. */
export function rateText(r: RateUsed, base: Currency): string {
  return `1 ${r.currency} = ${r.rate} ${base} (rates.csv, ${r.date})`;
}

/**
 * A statement's base-currency equivalents, printed beside the document currency: the closing balance, each open
 * item and the open total, each converted on its own at the rate of the statement date. For a customer billed
 * in the base currency, only a note that the figures are already the base-currency ones.
 */
export function statementBaseBlocks(s: Statement, rates: readonly Rate[], base: Currency): Block[] {
  if (s.currency === base) return [{ type: 'note', text: `Every amount is in ${base}, the base currency.` }];
  const conv = converterFor(rates, base, s.to, [s.currency]);
  const ccy = s.currency;
  const both = (m: Minor): [string, string] => [amountText(m, ccy), amountText(conv.convert(m, ccy), base)];
  const rows: string[][] = [
    [`Closing balance at ${s.to}`, ...both(s.closing)],
    ...s.aging.items.map((i) => [`${i.id} open, due ${i.due}`, ...both(i.open)]),
  ];
  if (s.aging.items.length > 1) rows.push(['Open items', ...both(s.aging.open)]);
  return [
    {
      type: 'table', title: `In ${base}, the base currency`, empty: '',
      columns: [{ label: 'Figure', align: 'left', wrap: true }, { label: ccy, align: 'right' }, { label: base, align: 'right' }],
      rows,
    },
    { type: 'note', text: `Converted at ${rateText(conv.rates[0]!, base)}, each figure rounded half-up to ${minorDigits(base)} decimals; payable in ${ccy}.` },
  ];
}
