// Rows for notes.csv (SPEC §8), appended in the file's own style through the transaction of the command that
// writes them. The notes journal itself (reading, checking, `note`) belongs with the collections journals; this
// is only the writer other commands need (`customer set --hold` keeps its reason as a note).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { isLocalDate, type LocalDate } from '../core/date.js';
import { parseAmount, type Currency } from '../core/money.js';
import type { NoteEntry, PromiseEntry } from '../core/reports/customer.js';
import { readCsv } from './csv.js';
import type { Append } from './txn.js';
import { IoError, ioReason } from './txn.js';

export const NOTES_FILE = 'notes.csv';
export const NOTES_COLUMNS = ['date', 'customer', 'invoice', 'kind', 'text', 'follow_up', 'by'] as const;

export interface NoteRow {
  readonly date: string;
  readonly customer: string;
  readonly invoice: string;
  readonly kind: 'call' | 'email' | 'letter' | 'meeting' | 'note';
  readonly text: string;
  readonly followUp: string;
  readonly by: string;
}

/** The bytes that append `rows` to the ledger's notes.csv: with its header when the file is new or empty. */
export function notesAppend(dir: string, rows: readonly NoteRow[]): Append {
  let old: Buffer | null = null;
  try {
    old = fs.readFileSync(path.join(dir, NOTES_FILE));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new IoError(`cannot read ${NOTES_FILE}: ${ioReason(e)}; nothing was written`);
  }
  const text = old?.toString('utf8') ?? '';
  const nl = text.indexOf('\n');
  const eol = nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
  const fields = rows.map((r) => [r.date, r.customer, r.invoice, r.kind, r.text, r.followUp, r.by]);
  const body = stringify(fields, { record_delimiter: eol === '\r\n' ? 'windows' : 'unix', eof: true, quoted_match: /[\r\n]/ });
  if (old === null || old.length === 0) return { name: NOTES_FILE, text: `${NOTES_COLUMNS.join(',')}\n${body}` };
  return { name: NOTES_FILE, text: (text.endsWith('\n') ? '' : eol) + body };
}

export const PROMISES_FILE = 'promises.csv';

/**
 * A customer's rows of notes.csv and promises.csv, read straight from the files for `customer show`. This is the
 * one place to join with the collections journals once the ledger reads and checks them itself; rows that do
 * not parse are left out here (check reports them there).
 */
export function readCollections(dir: string, customer: string, currency: Currency): { notes: NoteEntry[]; promises: PromiseEntry[] } {
  const rowsOf = (file: string, columns: readonly string[]): Record<string, string>[] => {
    let text: string;
    try {
      text = fs.readFileSync(path.join(dir, file), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new IoError(`cannot read ${file}: ${ioReason(e)}`);
    }
    const csv = readCsv(file, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    if (csv.header?.join(',') !== columns.join(',')) return [];
    return csv.rows.filter((r) => !r.broken && r.fields.length === columns.length)
      .map((r) => Object.fromEntries(columns.map((c, i) => [c, r.fields[i]!])));
  };
  const notes = rowsOf(NOTES_FILE, NOTES_COLUMNS).filter((r) => r['customer'] === customer && isLocalDate(r['date']!))
    .map((r) => ({ date: r['date']!, invoice: r['invoice']!, kind: r['kind']!, text: r['text']!, followUp: r['follow_up']!, by: r['by']! }));
  const promises: PromiseEntry[] = [];
  for (const r of rowsOf(PROMISES_FILE, PROMISES_COLUMNS)) {
    const amount = parseAmount(r['amount']!, currency);
    if (r['customer'] !== customer || !isLocalDate(r['date']!) || !isLocalDate(r['due']!) || !amount.ok) continue;
    promises.push({ date: r['date'] as LocalDate, invoice: r['invoice']!, amount: amount.minor, due: r['due'] as LocalDate, by: r['by']!, note: r['note']! });
  }
  return { notes, promises };
}

export const PROMISES_COLUMNS = ['date', 'customer', 'invoice', 'amount', 'due', 'by', 'note'] as const;
