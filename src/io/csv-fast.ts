// Streams the records of CSV text with their start lines. Most journal lines hold no quote and are split on the
// delimiter directly; any line with a quote (and the lines its quoted field runs over) is parsed by csv-parse,
// which stays the authority on RFC 4180. This is what makes a million-row journal load in about a second.
import { createRequire } from 'node:module';
import type * as CsvParse from 'csv-parse/sync';
import { issue, type LedgerIssue } from '../core/issues.js';

/** csv-parse is loaded at the first field quotedFields cannot take: most ledgers never need it. */
let csvParse: typeof CsvParse | undefined;
const csvLib = (): typeof CsvParse => (csvParse ??= createRequire(import.meta.url)('csv-parse/sync') as typeof CsvParse);

export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
  /** A record that could not be read: `fields` holds only its first field, so its id can still be recognised. */
  readonly broken?: true;
}


function countQuotes(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('"', from); i !== -1 && i < to; i = text.indexOf('"', i + 1)) n++;
  return n;
}

/**
 * Yields every record of `text` (LF line ends; callers normalise CRLF) from line `firstLine` on. A syntax error
 * is pushed to `issues` at the line its record starts on, and reading resumes on the next line.
 */
export function* csvRecords(text: string, file: string, issues: LedgerIssue[], delimiter = ','): Generator<CsvRecord> {
  const len = text.length;
  let pos = 0;
  let line = 1;
  // Position of the next quote at or after pos, found once and reused, so scanning stays linear.
  let nextQuote = -2;
  while (pos < len) {
    let eol = text.indexOf('\n', pos);
    if (eol === -1) eol = len;
    if (eol === pos) {
      pos = eol + 1;
      line++;
      continue;
    }
    if (nextQuote !== -1 && nextQuote < pos) nextQuote = text.indexOf('"', pos);
    if (nextQuote === -1 || nextQuote > eol) {
      yield { line, fields: text.slice(pos, eol).split(delimiter) };
      pos = eol + 1;
      line++;
      continue;
    }
    // A quoted field may span lines: the record ends at the first line end with an even number of quotes before it.
    let end = eol;
    let lines = 1;
    let quotes = countQuotes(text, pos, eol);
    while (quotes % 2 === 1 && end < len) {
      let next = text.indexOf('\n', end + 1);
      if (next === -1) next = len;
      quotes += countQuotes(text, end + 1, next);
      end = next;
      lines++;
    }
    const chunk = text.slice(pos, end);
    let fields: string[] | null = quotedFields(chunk, delimiter);
    if (fields === null) try {
      const { parse, CsvError } = csvLib();
      const recs = parse(chunk, { delimiter, relax_column_count: true, skip_empty_lines: true }) as string[][];
      if (recs.length === 1) fields = recs[0]!;
      else throw new CsvError('CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' as never, 'more than one record', {} as never);
    } catch (e) {
      if (!(e instanceof csvLib().CsvError)) throw e;
      issues.push(issue(file, line, describeCsvError(e, quotes), 'quote a field that contains a comma, quote or line break, and double quotes inside it ("")'));
      yield { line, fields: [text.slice(pos, eol).split(delimiter)[0]!.replace(/^"/, '')], broken: true };
      // Resume on the next physical line: the broken record most likely ends where its line does.
      pos = eol + 1;
      line++;
      continue;
    }
    yield { line, fields };
    pos = end + 1;
    line += lines;
  }
}

/**
 * The fields of one well-formed record (quotes only around whole fields, `""` inside them), or null for anything
 * else, which csv-parse then reads or reports. Setting up csv-parse costs more per record than a small ledger's
 * whole journal takes to split, and most quoted records are plain names and descriptions with a comma.
 */
export function quotedFields(chunk: string, delimiter: string): string[] | null {
  if (chunk === '' || chunk.includes('\r') || delimiter.length !== 1 || delimiter === '"') return null;
  const fields: string[] = [];
  const n = chunk.length;
  let i = 0;
  for (;;) {
    if (chunk[i] === '"') {
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = chunk.indexOf('"', from);
        if (q === -1) return null;
        value += chunk.slice(from, q);
        if (chunk[q + 1] === '"') {
          value += '"';
          from = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
    } else {
      let d = chunk.indexOf(delimiter, i);
      if (d === -1) d = n;
      const value = chunk.slice(i, d);
      if (value.includes('"') || value.includes('\n')) return null;
      fields.push(value);
      i = d;
    }
    if (i === n) return fields;
    if (chunk[i] !== delimiter) return null;
    i++;
  }
}

function describeCsvError(e: CsvParse.CsvError, quotes: number): string {
  if ((e.code as string) === 'INVALID_OPENING_QUOTE' || (e.code as string) === 'CSV_INVALID_OPENING_QUOTE') return 'a quote inside an unquoted field';
  if (e.code === 'CSV_INVALID_CLOSING_QUOTE') return 'a quote inside an unquoted field, or text after a closing quote';
  if (e.code === 'CSV_QUOTE_NOT_CLOSED' || quotes % 2 === 1) return 'a quoted field is never closed';
  return `broken CSV row: ${e.message.replace(/ at line \d+.*$/, '')}`;
}


/**
 * The fields of the one-line record that starts at byte `offset` of a journal, as the fast reader took it (a
 * record it took lies on one line, quotes only around whole fields).
 */
export function recordAt(buf: Uint8Array, offset: number): string[] {
  let end = buf.indexOf(10, offset);
  if (end === -1) end = buf.length;
  if (end > offset && buf[end - 1] === 13) end--;
  const line = Buffer.from(buf.buffer, buf.byteOffset + offset, end - offset).toString('utf8');
  return quotedFields(line, ',') ?? line.split(',');
}
