// The aging report as JSON (SPEC §3.1), CSV and a terminal table.
import { formatMinor, type Minor } from '../../core/money.js';
import type { AgingReport } from '../../core/reports/aging.js';
import { fitText, num, toCsv, toJson, toTable, type Cell, type TableCell } from './text.js';

export function agingJson(r: AgingReport): string {
  const buckets = (list: readonly Minor[], ccy: string): Record<string, string> =>
    Object.fromEntries(r.buckets.map((b, i) => [b, formatMinor(list[i]!, ccy)]));
  return toJson({
    as_of: r.asOf,
    basis: r.basis,
    buckets: r.buckets,
    customers: r.customers.map((c) => ({
      customer: c.customer,
      name: c.name,
      currency: c.currency,
      buckets: buckets(c.buckets, c.currency),
      open: formatMinor(c.open, c.currency),
      unapplied: formatMinor(c.unapplied, c.currency),
      balance: formatMinor(c.balance, c.currency),
      ...(c.items
        ? {
          items: c.items.map((i) => ({
            id: i.id, kind: i.kind, date: i.date, due: i.due, days_overdue: i.daysOverdue, bucket: i.bucket,
            amount: formatMinor(i.amount, c.currency), open: formatMinor(i.open, c.currency), disputed: i.disputed,
          })),
        }
        : {}),
    })),
    totals: r.totals.map((t) => ({
      currency: t.currency,
      buckets: buckets(t.buckets, t.currency),
      open: formatMinor(t.open, t.currency),
      unapplied: formatMinor(t.unapplied, t.currency),
      balance: formatMinor(t.balance, t.currency),
    })),
  });
}

export function agingCsv(r: AgingReport, detail: boolean): string {
  if (detail) {
    const rows: Cell[][] = [];
    for (const c of r.customers) {
      for (const i of c.items ?? []) {
        rows.push([c.customer, c.name, c.currency, i.id, i.kind, i.date, i.due, num(i.daysOverdue), i.bucket,
          num(formatMinor(i.amount, c.currency)), num(formatMinor(i.open, c.currency)), i.disputed ? 'yes' : 'no']);
      }
    }
    return toCsv(['customer', 'name', 'currency', 'id', 'kind', 'date', 'due', 'days_overdue', 'bucket', 'amount', 'open', 'disputed'], rows);
  }
  const rows: Cell[][] = r.customers.map((c) => [
    c.customer, c.name, c.currency, ...c.buckets.map((b) => num(formatMinor(b, c.currency))),
    num(formatMinor(c.open, c.currency)), num(formatMinor(c.unapplied, c.currency)), num(formatMinor(c.balance, c.currency)),
  ]);
  for (const t of r.totals) {
    rows.push(['TOTAL', '', t.currency, ...t.buckets.map((b) => num(formatMinor(b, t.currency))),
      num(formatMinor(t.open, t.currency)), num(formatMinor(t.unapplied, t.currency)), num(formatMinor(t.balance, t.currency))]);
  }
  return toCsv(['customer', 'name', 'currency', ...r.buckets, 'open', 'unapplied', 'balance'], rows);
}

export function agingTable(r: AgingReport, color: boolean): string {
  const head = ['Customer', 'Name', 'Ccy', ...r.buckets, 'Open', 'Unapplied', 'Balance'];
  const numeric = head.map((_, i) => i).filter((i) => i >= 3);
  const rows: TableCell[][] = [];
  const money = (m: Minor, ccy: string): TableCell => (m === 0 ? { text: formatMinor(m, ccy), style: 'dim' } : formatMinor(m, ccy));
  for (const c of r.customers) {
    rows.push([c.customer, c.name, c.currency, ...c.buckets.map((b, i) => (i === c.buckets.length - 1 && b !== 0 ? { text: formatMinor(b, c.currency), style: 'red' as const } : money(b, c.currency))),
      formatMinor(c.open, c.currency), money(c.unapplied, c.currency), { text: formatMinor(c.balance, c.currency), style: 'bold' }]);
    for (const i of c.items ?? []) {
      const cells: TableCell[] = [`  ${i.id}`, `${i.kind} due ${i.due}${i.disputed ? ' DISPUTED' : ''}`, `${i.daysOverdue}d`];
      for (const b of r.buckets) cells.push(b === i.bucket ? formatMinor(i.open, c.currency) : '');
      cells.push('', '', '');
      rows.push(cells.map((x, k) => (k < 2 && i.disputed ? { text: x as string, style: 'yellow' as const } : x)));
    }
  }
  for (const t of r.totals) {
    rows.push([{ text: 'TOTAL', style: 'bold' }, '', t.currency, ...t.buckets.map((b) => money(b, t.currency)),
      { text: formatMinor(t.open, t.currency), style: 'bold' }, money(t.unapplied, t.currency), { text: formatMinor(t.balance, t.currency), style: 'bold' }]);
  }
  const title = `Aging as of ${r.asOf} (basis: ${r.basis === 'due' ? 'days past due' : 'days since invoice date'})\n`;
  // Narrow terminals keep the customer, currency, balance and the oldest bucket longest.
  const drop = ['Open', 'Unapplied', 'Name', ...r.buckets.slice(1, -1).reverse(), ...r.buckets.slice(0, 1)];
  return fitText(title) + toTable({ head, numeric, rows, color, drop });
}
