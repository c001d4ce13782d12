// The aging report as JSON (SPEC §3.1), CSV and a terminal table.
import { formatMinor, type Minor } from '../../core/money.js';
import type { AgingReport } from '../../core/reports/aging.js';
import type { ItemPromise } from '../../core/collections/promises.js';
import { rateText, type BaseAging } from '../../core/reports/base-currency.js';
import { bucketHeader, date, int, money, row, tableCsv, total, type CsvSettings, type SheetTable } from './sheet.js';
import { fitText, toJson, toTable, type TableCell } from './text.js';

export function agingJson(r: AgingReport, base?: BaseAging): string {
  const buckets = (list: readonly Minor[], ccy: string): Record<string, string> =>
    Object.fromEntries(r.buckets.map((b, i) => [b, formatMinor(list[i]!, ccy)]));
  return toJson({
    as_of: r.asOf,
    basis: r.basis,
    buckets: r.buckets,
    customers: r.customers.map((c, k) => ({
      customer: c.customer,
      name: c.name,
      currency: c.currency,
      buckets: buckets(c.buckets, c.currency),
      open: formatMinor(c.open, c.currency),
      unapplied: formatMinor(c.unapplied, c.currency),
      balance: formatMinor(c.balance, c.currency),
      ...(base ? baseFigures(base, base.customers[k]!, 'base_') : {}),
      ...(c.items
        ? {
          items: c.items.map((i) => ({
            id: i.id, kind: i.kind, date: i.date, due: i.due, days_overdue: i.daysOverdue, bucket: i.bucket,
            amount: formatMinor(i.amount, c.currency), open: formatMinor(i.open, c.currency), disputed: i.disputed,
            ...(i.promise ? { promise: promiseJson(i.promise, c.currency) } : {}),
            ...(i.instalment !== undefined ? { instalment: i.instalment, of: i.of } : {}),
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
    ...(base
      ? {
        base: {
          currency: base.currency, as_of: base.asOf,
          rates: base.rates.map((x) => ({ currency: x.currency, date: x.date, rate: x.rate })),
          totals: baseFigures(base, base.totals, ''),
        },
      }
      : {}),
  });

  function baseFigures(b: BaseAging, f: BaseAging['totals'], prefix: string): Record<string, unknown> {
    return {
      [`${prefix}buckets`]: buckets(f.buckets, b.currency),
      [`${prefix}open`]: formatMinor(f.open, b.currency),
      [`${prefix}unapplied`]: formatMinor(f.unapplied, b.currency),
      [`${prefix}balance`]: formatMinor(f.balance, b.currency),
    };
  }
}

function promiseJson(p: ItemPromise, currency: string): Record<string, string> {
  return { status: p.status, date: p.promise.date, due: p.promise.due, amount: formatMinor(p.promise.amount, currency), paid: formatMinor(p.paid, currency) };
}

/** "PROMISED by 2026-12-04", "PROMISE BROKEN 2026-11-20". */
function promiseMark(p: ItemPromise): string {
  return p.status === 'pending' ? `PROMISED by ${p.promise.due}` : `PROMISE BROKEN ${p.promise.due}`;
}

/**
 * The report's tables: the customers with their totals per currency (`total` rows), and with --detail the open
 * items. CSV writes one of them (the items with --detail), a workbook every one.
 */
export function agingTables(r: AgingReport, detail: boolean): SheetTable[] {
  const columns = ['customer', 'name', 'currency', ...r.buckets.map(bucketHeader), 'open', 'unapplied', 'balance'];
  const rows = [
    ...r.customers.map((c) => row(c.customer, c.name, c.currency, ...c.buckets.map((b) => money(b, c.currency)),
      money(c.open, c.currency), money(c.unapplied, c.currency), money(c.balance, c.currency))),
    ...r.totals.map((t) => total('TOTAL', '', t.currency, ...t.buckets.map((b) => money(b, t.currency)),
      money(t.open, t.currency), money(t.unapplied, t.currency), money(t.balance, t.currency))),
  ];
  const customers: SheetTable = { name: 'Aging', columns, rows, totals: true };
  if (!detail) return [customers];
  const items: SheetTable = {
    name: 'Open items',
    columns: ['customer', 'name', 'currency', 'id', 'kind', 'date', 'due', 'days_overdue', 'bucket', 'amount', 'open', 'disputed', 'promise'],
    rows: r.customers.flatMap((c) => (c.items ?? []).map((i) => row(c.customer, c.name, c.currency, i.id, i.kind, date(i.date), date(i.due),
      int(i.daysOverdue), bucketHeader(i.bucket), money(i.amount, c.currency), money(i.open, c.currency), i.disputed ? 'yes' : 'no', i.promise ? promiseMark(i.promise) : ''))),
  };
  return [customers, items];
}

export function agingCsv(r: AgingReport, detail: boolean, settings?: CsvSettings): string {
  const tables = agingTables(r, detail);
  return tableCsv(tables[tables.length - 1]!, settings);
}

export function agingTable(r: AgingReport, color: boolean, base?: BaseAging): string {
  const head = ['Customer', 'Name', 'Ccy', ...r.buckets, 'Open', 'Unapplied', 'Balance'];
  const numeric = head.map((_, i) => i).filter((i) => i >= 3);
  const rows: TableCell[][] = [];
  const money = (m: Minor, ccy: string): TableCell => (m === 0 ? { text: formatMinor(m, ccy), style: 'dim' } : formatMinor(m, ccy));
  for (const c of r.customers) {
    rows.push([c.customer, c.name, c.currency, ...c.buckets.map((b, i) => (i === c.buckets.length - 1 && b !== 0 ? { text: formatMinor(b, c.currency), style: 'red' as const } : money(b, c.currency))),
      formatMinor(c.open, c.currency), money(c.unapplied, c.currency), { text: formatMinor(c.balance, c.currency), style: 'bold' }]);
    for (const i of c.items ?? []) {
      const cells: TableCell[] = [`  ${i.id}`, `${i.kind}${i.instalment !== undefined ? ` ${i.instalment}/${i.of}` : ''} due ${i.due}${i.disputed ? ' DISPUTED' : ''}${i.promise ? ` ${promiseMark(i.promise)}` : ''}`, `${i.daysOverdue}d`];
      for (const b of r.buckets) cells.push(b === i.bucket ? formatMinor(i.open, c.currency) : '');
      cells.push('', '', '');
      rows.push(cells.map((x, k) => (k < 2 && i.disputed ? { text: x as string, style: 'yellow' as const } : x)));
    }
  }
  for (const t of r.totals) {
    rows.push([{ text: 'TOTAL', style: 'bold' }, '', t.currency, ...t.buckets.map((b) => money(b, t.currency)),
      { text: formatMinor(t.open, t.currency), style: 'bold' }, money(t.unapplied, t.currency), { text: formatMinor(t.balance, t.currency), style: 'bold' }]);
  }
  if (base) {
    const t = base.totals;
    rows.push([{ text: 'TOTAL', style: 'bold' }, `in ${base.currency} (base)`, base.currency, ...t.buckets.map((b) => money(b, base.currency)),
      { text: formatMinor(t.open, base.currency), style: 'bold' }, money(t.unapplied, base.currency), { text: formatMinor(t.balance, base.currency), style: 'bold' }]);
  }
  const title = `Aging as of ${r.asOf} (basis: ${r.basis === 'due' ? 'days past due' : 'days since invoice date'})\n`;
  // Narrow terminals keep the customer, currency, balance and the oldest bucket longest.
  const drop = ['Open', 'Unapplied', 'Name', ...r.buckets.slice(1, -1).reverse(), ...r.buckets.slice(0, 1)];
  return fitText(title) + toTable({ head, numeric, rows, color, drop }) + (base ? baseRatesText(base) : '');
}

/** Under a table: the rates its base-currency figures were converted at. */
export function baseRatesText(base: BaseAging | { currency: string; asOf: string; rates: BaseAging['rates'] }): string {
  const head = `In ${base.currency} at the latest rates on or before ${base.asOf}, each customer rounded half-up`;
  if (base.rates.length === 0) return `${head}: every amount is already in ${base.currency}.\n`;
  return `${head}:\n${base.rates.map((x) => `  ${rateText(x, base.currency as BaseAging['currency'])}\n`).join('')}`;
}
