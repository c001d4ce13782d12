// The KPI report as JSON, CSV and a terminal table; a ratio with a zero divisor is null in JSON, "-" in the table
// and an empty cell in CSV (a spreadsheet would take a lone "-" for the start of a formula).
import { formatMinor } from '../../core/money.js';
import type { KpiReport } from '../../core/reports/kpi.js';
import { date, int, money, ratio, row, tableCsv, type CsvSettings, type SheetTable } from './sheet.js';
import { fitText, toJson, toTable, type TableCell } from './text.js';

export function kpiJson(r: KpiReport): string {
  return toJson({
    from: r.from,
    to: r.to,
    period: r.period,
    periods: r.rows.map((k) => ({
      period: k.period, from: k.from, to: k.to, days: k.days, currency: k.currency,
      opening_ar: formatMinor(k.openingAr, k.currency),
      invoiced: formatMinor(k.invoiced, k.currency),
      closing_ar: formatMinor(k.closingAr, k.currency),
      closing_current_ar: formatMinor(k.closingCurrentAr, k.currency),
      dso: k.dso,
      best_possible_dso: k.bestPossibleDso,
      cei: k.cei,
      average_days_delinquent: k.averageDaysDelinquent,
      current_share: k.currentShare,
    })),
  });
}

const dash = (v: string | null): string => v ?? '-';

export function kpiTables(r: KpiReport): SheetTable[] {
  return [{
    name: 'KPIs',
    columns: ['period', 'from', 'to', 'days', 'currency', 'opening_ar', 'invoiced', 'closing_ar', 'closing_current_ar',
      'dso', 'best_possible_dso', 'cei', 'average_days_delinquent', 'current_share'],
    rows: r.rows.map((k) => row(
      k.period, date(k.from), date(k.to), int(k.days), k.currency,
      money(k.openingAr, k.currency), money(k.invoiced, k.currency), money(k.closingAr, k.currency), money(k.closingCurrentAr, k.currency),
      ...[k.dso, k.bestPossibleDso, k.cei, k.averageDaysDelinquent, k.currentShare].map((v) => ratio(v, 1)),
    )),
  }];
}

export function kpiCsv(r: KpiReport, settings?: CsvSettings): string {
  return tableCsv(kpiTables(r)[0]!, settings);
}

export function kpiTable(r: KpiReport, color: boolean): string {
  const head = ['Period', 'Ccy', 'Opening AR', 'Invoiced', 'Closing AR', 'Current AR', 'DSO', 'Best DSO', 'CEI %', 'ADD', 'Current %'];
  const rows: TableCell[][] = r.rows.map((k) => [
    k.period, k.currency, formatMinor(k.openingAr, k.currency), formatMinor(k.invoiced, k.currency),
    formatMinor(k.closingAr, k.currency), formatMinor(k.closingCurrentAr, k.currency),
    { text: dash(k.dso), style: 'bold' }, dash(k.bestPossibleDso), dash(k.cei), dash(k.averageDaysDelinquent), dash(k.currentShare),
  ]);
  const title = `Collection KPIs ${r.from} to ${r.to} per ${r.period}\n`;
  return fitText(title) + (rows.length === 0 ? 'no receivables in this range\n' : toTable({ head, numeric: [2, 3, 4, 5, 6, 7, 8, 9, 10], rows, color, drop: ['Best DSO', 'Opening AR', 'Current AR', 'ADD', 'Current %', 'Invoiced', 'CEI %'] }));
}
