// The dunning plan as JSON (SPEC §4) and as tables for a person: the letters, then who was skipped and why.
import { formatMinor } from '../../core/money.js';
import type { DunningPlan } from '../../core/reports/dunning.js';
import { date, int, money, row, tableCsv, type CsvSettings, type SheetTable } from './sheet.js';
import { amountDigits, amountText, CHUNK, joinChunks, jsonString } from './json.js';
import { toTable, type TableCell } from './text.js';

export function dunningJson(plan: DunningPlan): string {
  return joinChunks(dunningJsonChunks(plan));
}

/**
 * The plan as JSON, in chunks, letter by letter: the same text as `toJson` makes of the object
 * { as_of, letters: [{ customer, level, currency, email, items, overdue, fee, interest, total, unapplied, amount_due,
 * previous_notices, file }], skipped } (test/e2e/fast-output.test.ts compares them).
 */
export function* dunningJsonChunks(plan: DunningPlan): Generator<string> {
  let out = `{\n  "as_of": ${jsonString(plan.asOf)},\n  "letters": [`;
  let first = true;
  for (const l of plan.letters) {
    const ccy = l.currency;
    const digits = amountDigits(ccy);
    const m = (v: number): string => amountText(v, digits, ccy);
    out += `${first ? '' : ','}\n    {\n      "customer": ${jsonString(l.customer)},\n      "level": ${l.level},\n      "currency": ${jsonString(ccy)},\n      "email": ${l.email === '' ? 'null' : jsonString(l.email)},\n      "items": [`;
    first = false;
    let firstItem = true;
    for (const i of l.items) {
      out += `${firstItem ? '' : ','}\n        {\n          "id": ${jsonString(i.id)},\n          "due": ${jsonString(i.due)},\n          "days_overdue": ${i.daysOverdue},\n          "level": ${i.level},\n          "open": "${m(i.open)}",\n          "interest": "${m(i.interest)}"${i.instalment !== undefined ? `,\n          "instalment": ${i.instalment},\n          "of": ${i.of}` : ''}\n        }`;
      firstItem = false;
    }
    out += `${firstItem ? ']' : '\n      ]'},\n      "overdue": "${m(l.overdue)}",\n      "fee": "${m(l.fee)}",\n      "interest": "${m(l.interest)}",\n      "total": "${m(l.total)}",\n      "unapplied": "${m(l.unapplied)}",\n      "amount_due": "${m(l.amountDue)}",\n      "previous_notices": [`;
    let firstNotice = true;
    for (const n of l.previousNotices) {
      out += `${firstNotice ? '' : ','}\n        {\n          "date": ${jsonString(n.date)},\n          "level": ${n.level}\n        }`;
      firstNotice = false;
    }
    out += `${firstNotice ? ']' : '\n      ]'},\n      "file": ${jsonString(l.file)}\n    }`;
    if (out.length >= CHUNK) {
      yield out;
      out = '';
    }
  }
  out += `${first ? ']' : '\n  ]'},\n  "skipped": [`;
  first = true;
  for (const s of plan.skipped) {
    out += `${first ? '' : ','}\n    {\n      "customer": ${jsonString(s.customer)},\n      "reason": ${jsonString(s.reason)}\n    }`;
    first = false;
    if (out.length >= CHUNK) {
      yield out;
      out = '';
    }
  }
  yield `${out}${first ? ']' : '\n  ]'}\n}\n`;
}

const REASONS: Readonly<Record<string, string>> = {
  hold: 'on credit hold',
  'dunning-disabled': 'dunning: false in customers.yaml',
  disputed: 'every overdue item is disputed',
  promised: 'every overdue item not disputed is under a pending promise to pay',
  'no-new-level': 'no item reached a new level since its last notice',
  'below-min-amount': 'overdue total less unapplied credit below dunning.min_amount',
  'min-interval': 'last notice within dunning.min_interval_days',
};

export function dunningTable(plan: DunningPlan, opts: { color: boolean; dryRun: boolean }): string {
  const out: string[] = [`Dunning as of ${plan.asOf}${opts.dryRun ? ' (dry run: nothing written)' : ''}\n`];
  if (plan.letters.length === 0) {
    out.push('No letters.\n');
  } else {
    const rows: TableCell[][] = plan.letters.map((l) => {
      const m = (v: number): string => formatMinor(v, l.currency);
      return [l.customer, String(l.level), l.currency, String(l.items.length), m(l.overdue), m(l.fee), m(l.interest),
        m(l.unapplied), { text: m(l.amountDue), style: 'bold' }, l.file];
    });
    out.push(toTable({
      head: ['Customer', 'Level', 'Ccy', 'Items', 'Overdue', 'Fee', 'Interest', 'Unapplied', 'Due', 'Letter'],
      numeric: [1, 3, 4, 5, 6, 7, 8], rows, color: opts.color, drop: ['Letter', 'Items', 'Fee', 'Interest', 'Unapplied', 'Level'],
    }));
  }
  if (plan.skipped.length > 0) {
    out.push('Skipped:\n');
    out.push(toTable({
      head: ['Customer', 'Reason', 'Why'], numeric: [],
      rows: plan.skipped.map((s) => [s.customer, { text: s.reason, style: 'yellow' }, REASONS[s.reason] ?? '']),
      color: opts.color,
    }));
  }
  return out.join('');
}

/**
 * The letters (one row each: their amounts add up across rows), the items they list (one row each, rather than a
 * count), and the customers skipped.
 * CSV writes the letters; a workbook all three.
 */
export function dunningTables(plan: DunningPlan): SheetTable[] {
  return [{
    name: 'Letters',
    columns: ['customer', 'level', 'currency', 'email', 'overdue', 'fee', 'interest', 'total', 'unapplied', 'amount_due', 'file'],
    rows: plan.letters.map((l) => row(l.customer, int(l.level), l.currency, l.email, money(l.overdue, l.currency),
      money(l.fee, l.currency), money(l.interest, l.currency), money(l.total, l.currency), money(l.unapplied, l.currency),
      money(l.amountDue, l.currency), l.file)),
  }, {
    name: 'Items',
    columns: ['customer', 'currency', 'id', 'due', 'days_overdue', 'level', 'open', 'interest'],
    rows: plan.letters.flatMap((l) => l.items.map((i) => row(l.customer, l.currency, i.id, date(i.due), int(i.daysOverdue), int(i.level),
      money(i.open, l.currency), money(i.interest, l.currency)))),
  }, {
    name: 'Skipped',
    columns: ['customer', 'reason', 'why'],
    rows: plan.skipped.map((s) => row(s.customer, s.reason, REASONS[s.reason] ?? '')),
  }];
}

export function dunningCsv(plan: DunningPlan, settings?: CsvSettings): string {
  return tableCsv(dunningTables(plan)[0]!, settings);
}
