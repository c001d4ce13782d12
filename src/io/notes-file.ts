// Rows for notes.csv (SPEC §8), appended in the file's own style through the transaction of the command that
// writes them. The notes journal itself (reading, checking, `note`) belongs with the collections journals; this
// is only the writer other commands need (`customer set --hold` keeps its reason as a note).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'csv-stringify/sync';
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
