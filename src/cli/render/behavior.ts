// The payment-behaviour report as JSON (SPEC §3.2), CSV and a terminal table.
import type { BehaviorReport } from '../../core/reports/behavior.js';
import { fitText, num, toCsv, toJson, toTable, type Cell, type TableCell } from './text.js';

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

export function behaviorCsv(r: BehaviorReport, detail: boolean): string {
  if (detail) {
    const rows: Cell[][] = [];
    for (const c of r.customers) {
      for (const i of c.items ?? []) {
        rows.push([c.customer, c.currency, i.id, i.date, i.due, i.settled, num(i.daysToSettle), num(i.daysLate)]);
      }
    }
    return toCsv(['customer', 'currency', 'id', 'date', 'due', 'settled', 'days_to_settle', 'days_late'], rows);
  }
  return toCsv(['customer', 'name', 'currency', 'settled', 'avg_days_to_settle', 'avg_days_late', 'late_share'],
    r.customers.map((c) => [c.customer, c.name, c.currency, num(c.settled), num(c.avgDaysToSettle), num(c.avgDaysLate), num(c.lateShare)]));
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
