// The aging report as JSON (SPEC §3.1), CSV and a terminal table.
import { formatMinor, type Minor } from '../../core/money.js';
import type { AgingReport } from '../../core/reports/aging.js';
import type { ItemPromise } from '../../core/collections/promises.js';
import { rateText, type BaseAging } from '../../core/reports/base-currency.js';
import { bucketHeader, date, int, money, row, tableCsv, total, type CsvSettings, type SheetTable } from './sheet.js';
import { amountDigits, amountText, CHUNK, joinChunks, jsonNested, jsonNumber, jsonString } from './json.js';
import { fitText, toJson, toTable, type TableCell } from './text.js';

export function agingJson(r: AgingReport, base?: BaseAging): string {
  return joinChunks(agingJsonChunks(r, base));
}

/** Bucket labels that JSON.stringify would write as an object's keys in their own order: distinct, none an index. */
function plainKeys(labels: readonly string[]): boolean {
  return new Set(labels).size === labels.length && labels.every((l) => !/^(0|[1-9]\d*)$/.test(l));
}

/**
 * The report as JSON, in chunks, customer by customer: the same text as `toJson` makes of the report's object
 * (`agingJsonTree`; test/core/json-writers.test.ts compares them).
 */
export function* agingJsonChunks(r: AgingReport, base?: BaseAging): Generator<string> {
  if (!plainKeys(r.buckets)) {
    yield agingJsonTree(r, base);
    return;
  }
  const keys = r.buckets.map((b) => jsonString(b));
  const bucketsText = (list: readonly number[], digits: number, ccy: string, indent: string): string => {
    if (keys.length === 0) return '{}';
    let out = '{';
    for (let i = 0; i < keys.length; i++) out += `${i === 0 ? '' : ','}\n${indent}  ${keys[i]}: "${amountText(list[i]!, digits, ccy)}"`;
    return `${out}\n${indent}}`;
  };
  const baseDigits = base ? amountDigits(base.currency) : 0;
  const figures = (f: BaseAging['totals'], prefix: string, indent: string): string => {
    const m = (v: number): string => amountText(v, baseDigits, base!.currency);
    return `,\n${indent}"${prefix}buckets": ${bucketsText(f.buckets, baseDigits, base!.currency, indent)},\n${indent}"${prefix}open": "${m(f.open)}",\n${indent}"${prefix}unapplied": "${m(f.unapplied)}",\n${indent}"${prefix}balance": "${m(f.balance)}"`;
  };
  let out = `{\n  "as_of": ${jsonString(r.asOf)},\n  "basis": ${jsonString(r.basis)},\n  "buckets": ${keys.length === 0 ? '[]' : `[\n    ${keys.join(',\n    ')}\n  ]`},\n  "customers": [`;
  for (let k = 0; k < r.customers.length; k++) {
    const c = r.customers[k]!;
    const ccy = c.currency;
    const digits = amountDigits(ccy);
    const m = (v: number): string => amountText(v, digits, ccy);
    out += `${k === 0 ? '' : ','}\n    {\n      "customer": ${jsonString(c.customer)},\n      "name": ${jsonString(c.name)},\n      "currency": ${jsonString(ccy)},\n      "buckets": ${bucketsText(c.buckets, digits, ccy, '      ')},\n      "open": "${m(c.open)}",\n      "unapplied": "${m(c.unapplied)}",\n      "balance": "${m(c.balance)}"`;
    if (base) out += figures(base.customers[k]!, 'base_', '      ');
    if (c.items) {
      out += ',\n      "items": [';
      for (let j = 0; j < c.items.length; j++) {
        const i = c.items[j]!;
        out += `${j === 0 ? '' : ','}\n        {\n          "id": ${jsonString(i.id)},\n          "kind": ${jsonString(i.kind)},\n          "date": ${jsonString(i.date)},\n          "due": ${jsonString(i.due)},\n          "days_overdue": ${jsonNumber(i.daysOverdue)},\n          "bucket": ${jsonString(i.bucket)},\n          "amount": "${m(i.amount)}",\n          "open": "${m(i.open)}",\n          "disputed": ${i.disputed}`;
        if (i.promise) out += `,\n          "promise": ${jsonNested(promiseJson(i.promise, ccy), '          ')}`;
        if (i.instalment !== undefined) out += `,\n          "instalment": ${jsonNumber(i.instalment)}${i.of !== undefined ? `,\n          "of": ${jsonNumber(i.of)}` : ''}`;
        out += '\n        }';
      }
      out += c.items.length === 0 ? ']' : '\n      ]';
    }
    out += '\n    }';
    if (out.length >= CHUNK) {
      yield out;
      out = '';
    }
  }
  out += `${r.customers.length === 0 ? ']' : '\n  ]'},\n  "totals": [`;
  for (let k = 0; k < r.totals.length; k++) {
    const t = r.totals[k]!;
    const digits = amountDigits(t.currency);
    const m = (v: number): string => amountText(v, digits, t.currency);
    out += `${k === 0 ? '' : ','}\n    {\n      "currency": ${jsonString(t.currency)},\n      "buckets": ${bucketsText(t.buckets, digits, t.currency, '      ')},\n      "open": "${m(t.open)}",\n      "unapplied": "${m(t.unapplied)}",\n      "balance": "${m(t.balance)}"\n    }`;
  }
  out += r.totals.length === 0 ? ']' : '\n  ]';
  if (base) {
    out += `,\n  "base": {\n    "currency": ${jsonString(base.currency)},\n    "as_of": ${jsonString(base.asOf)},\n    "rates": ${jsonNested(base.rates.map((x) => ({ currency: x.currency, date: x.date, rate: x.rate })), '    ')}`;
    out += `,\n    "totals": {${figures(base.totals, '', '      ').slice(1)}\n    }\n  }`;
  }
  yield `${out}\n}\n`;
}

/** The report as one object made into JSON: the writer above for the rare bucket labels it cannot write itself. */
export function agingJsonTree(r: AgingReport, base?: BaseAging): string {
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
  // A zero is the same dim cell for every customer of a currency: one object, not one per cell.
  const zeros = new Map<string, TableCell>();
  const zero = (ccy: string): TableCell => {
    let z = zeros.get(ccy);
    if (z === undefined) zeros.set(ccy, (z = { text: formatMinor(0, ccy), style: 'dim' }));
    return z;
  };
  const money = (m: Minor, ccy: string): TableCell => (m === 0 ? zero(ccy) : formatMinor(m, ccy));
  for (const c of r.customers) {
    const ccy = c.currency;
    const digits = amountDigits(ccy);
    const last = c.buckets.length - 1;
    const cells: TableCell[] = [c.customer, c.name, ccy];
    for (let i = 0; i <= last; i++) {
      const b = c.buckets[i]!;
      cells.push(b === 0 ? zero(ccy) : i === last ? { text: amountText(b, digits, ccy), style: 'red' } : amountText(b, digits, ccy));
    }
    cells.push(amountText(c.open, digits, ccy), c.unapplied === 0 ? zero(ccy) : amountText(c.unapplied, digits, ccy), { text: amountText(c.balance, digits, ccy), style: 'bold' });
    rows.push(cells);
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
