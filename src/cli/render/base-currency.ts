// Base-currency figures added to reports that are rendered per currency: the existing output stays as it is
// and the base-currency part comes after it (JSON: an additive `base` key).
import type { BaseGlComparison, BaseKpis } from '../../core/reports/base-currency.js';
import { formatMinor } from '../../core/money.js';
import { glJson, glTable } from './reconcile.js';
import type { KpiReport } from '../../core/reports/kpi.js';
import { baseRatesText } from './aging.js';
import { kpiJson, kpiTable } from './kpi.js';
import { toJson, toTable } from './text.js';

const ratesJson = (b: { rates: BaseKpis['rates'] }): { currency: string; date: string; rate: string }[] =>
  b.rates.map((x) => ({ currency: x.currency, date: x.date, rate: x.rate }));

export function kpiJsonInBase(r: KpiReport, base: BaseKpis): string {
  const plain = JSON.parse(kpiJson(r)) as Record<string, unknown>;
  const periods = (JSON.parse(kpiJson({ ...r, rows: base.rows })) as { periods: unknown[] }).periods;
  return toJson({ ...plain, base: { currency: base.currency, as_of: base.asOf, rates: ratesJson(base), periods } });
}

export function kpiTableInBase(r: KpiReport, color: boolean, base: BaseKpis): string {
  const plain = kpiTable(r, color);
  if (base.rows.length === 0) return plain;
  // The same table for the base-currency rows, under its own title instead of the report's.
  const table = kpiTable({ ...r, rows: base.rows }, color).replace(/^[^\n]*\n/, '');
  const rates = baseRatesText(base).replace('each customer rounded half-up', 'each customer rounded half-up, the same rates for every period');
  return `${plain}\nAll currencies together in ${base.currency} (base currency)\n${table}${rates}`;
}

export function glJsonInBase(c: BaseGlComparison): string {
  const plain = JSON.parse(glJson(c)) as Record<string, unknown>;
  return toJson({
    ...plain,
    base: {
      currency: c.currency, as_of: c.asOf, rates: ratesJson(c),
      currencies: c.currencies.map((x) => ({ currency: x.currency, ar_total: formatMinor(x.arTotal, x.currency), ar_total_base: formatMinor(x.arTotalBase, c.currency) })),
    },
  });
}

export function glTableInBase(c: BaseGlComparison, color: boolean): string {
  const per = toTable({
    head: ['Currency', 'AR total', `In ${c.currency}`], numeric: [1, 2], color,
    rows: c.currencies.map((x) => [x.currency, formatMinor(x.arTotal, x.currency), formatMinor(x.arTotalBase, c.currency)]),
  });
  const rates = baseRatesText({ currency: c.currency, asOf: c.asOf, rates: c.rates });
  return `${glTable(c, color)}\nThe AR total in ${c.currency}, by document currency:\n${per}${rates}`;
}
