// The payment-behaviour report as JSON (SPEC §3.2), CSV and a terminal table.
import type { BehaviorReport } from '../../core/reports/behavior.js';
import { date, int, ratio, row, tableCsv, type CsvSettings, type SheetTable } from './sheet.js';
import { fitText, toJson, toTable, type TableCell } from './text.js';

export function behaviorJson(r: BehaviorReport): string {
  return toJson({
    as_of: r.asOf,
    customers: r.customers.map((c) => ({
      customer: c.customer,
      currency: c.currency,
      settled: c.settled,
      avg_days_to_settle: c.avgDaysToSettle,
      avg_days_late: c.avgDaysLate,
      late_share: c.lateShare,
      ...(c.items
        ? {
          items: c.items.map((i) => ({
            id: i.id, date: i.date, due: i.due, settled: i.settled, days_to_settle: i.daysToSettle, days_late: i.daysLate,
          })),
        }
        : {}),
    })),
  });
}

/** The customers, and with --detail their settled invoices; CSV writes the last of them, a workbook both. */
export function behaviorTables(r: BehaviorReport, detail: boolean): SheetTable[] {
  const customers: SheetTable = {
    name: 'Behaviour',
    columns: ['customer', 'name', 'currency', 'settled', 'avg_days_to_settle', 'avg_days_late', 'late_share'],
    rows: r.customers.map((c) => row(c.customer, c.name, c.currency, int(c.settled), ratio(c.avgDaysToSettle, 1), ratio(c.avgDaysLate, 1), ratio(c.lateShare, 2))),
  };
  if (!detail) return [customers];
  return [customers, {
    name: 'Settled invoices',
    columns: ['customer', 'currency', 'id', 'date', 'due', 'settled', 'days_to_settle', 'days_late'],
    rows: r.customers.flatMap((c) => (c.items ?? []).map((i) => row(c.customer, c.currency, i.id, date(i.date), date(i.due), date(i.settled), int(i.daysToSettle), int(i.daysLate)))),
  }];
}

export function behaviorCsv(r: BehaviorReport, detail: boolean, settings?: CsvSettings): string {
  const tables = behaviorTables(r, detail);
  return tableCsv(tables[tables.length - 1]!, settings);
}

export function behaviorTable(r: BehaviorReport, color: boolean): string {
  const head = ['Customer', 'Name', 'Ccy', 'Settled', 'Avg days to settle', 'Avg days late', 'Late share'];
  const rows: TableCell[][] = [];
  for (const c of r.customers) {
    rows.push([c.customer, c.name, c.currency, String(c.settled), c.avgDaysToSettle,
      c.late > 0 ? { text: c.avgDaysLate, style: 'yellow' } : c.avgDaysLate, c.lateShare]);
    for (const i of c.items ?? []) {
      rows.push([`  ${i.id}`, `${i.date} due ${i.due}, settled ${i.settled}`, '', '', String(i.daysToSettle),
        i.daysLate > 0 ? { text: String(i.daysLate), style: 'yellow' } : String(i.daysLate), '']);
    }
  }
  const title = `Payment behaviour as of ${r.asOf} (invoices and debit notes fully settled by then)\n`;
  return fitText(title) + (r.customers.length === 0 ? 'no settled invoices\n' : toTable({ head, numeric: [3, 4, 5, 6], rows, color, drop: ['Name', 'Late share', 'Avg days late'] }));
}
