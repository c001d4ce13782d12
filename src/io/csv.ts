// Reads a CSV journal into raw rows with the line each starts on; RFC 4180 parsing is csv-parse's.
import { parse, CsvError } from 'csv-parse/sync';
import { issue, type LedgerIssue } from '../core/issues.js';

export interface CsvRead {
  readonly header: string[] | null;
  /** Header excluded; `line` is where the record starts (header = line 1). */
  readonly rows: { line: number; fields: string[]; broken?: true }[];
  readonly issues: LedgerIssue[];
}

function countNewlines(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) {
    for (let i = f.indexOf('\n'); i !== -1; i = f.indexOf('\n', i + 1)) n++;
  }
  return n;
}

/** Offset of the first character of 1-based line `line`, or text.length. */
function offsetOfLine(text: string, line: number): number {
  let off = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', off);
    if (nl === -1) return text.length;
    off = nl + 1;
  }
  return off;
}

/**
 * Parses CSV text (BOM already removed). A syntax error is reported at the line its record starts on, and
 * reading resumes on the next line, so every problem of a file is reported at once.
 */
export function readCsv(file: string, text: string, delimiter = ','): CsvRead {
  const records: { line: number; fields: string[]; broken?: true }[] = [];
  const issues: LedgerIssue[] = [];
  let base = 0; // lines before the slice being parsed
  // csv-parse counts CR and LF of a CRLF inside a quoted field as two lines; LF-only text keeps LINE exact.
  let rest = text.includes('\r') ? text.replace(/\r\n/g, '\n') : text;
  for (;;) {
    let prevEnd = base;
    try {
      parse(rest, {
        delimiter,
        relax_column_count: true,
        skip_empty_lines: true,
        info: true,
        on_record: ({ record, info }: { record: string[]; info: { lines: number } }) => {
          const end = base + info.lines;
          const start = end === prevEnd + 1 ? end : end - countNewlines(record);
          prevEnd = end;
          records.push({ line: start, fields: record });
          return null;
        },
      } as never);
      break;
    } catch (e) {
      if (!(e instanceof CsvError)) throw e;
      const start = prevEnd + 1 + leadingBlankLines(rest, prevEnd - base);
      issues.push(issue(file, start, describeCsvError(e), 'quote a field that contains a comma, quote or line break, and double quotes inside it ("")'));
      // The unreadable record is kept as a placeholder with its first field, so that rows referring to its id
      // are not also reported as pointing at nothing.
      const startOff = offsetOfLine(rest, start - base);
      const firstLine = rest.slice(startOff, rest.indexOf('\n', startOff) === -1 ? rest.length : rest.indexOf('\n', startOff));
      if (start > 1) records.push({ line: start, fields: [firstLine.split(delimiter)[0]!.replace(/^"/, '')], broken: true });
      const resume = start + 1 - base;
      const off = offsetOfLine(rest, resume);
      if (off >= rest.length) break;
      rest = rest.slice(off);
      base = start;
    }
  }
  const header = records.length > 0 && records[0]!.line === 1 ? records.shift()!.fields : null;
  if (header === null && records.length > 0) {
    issues.push(issue(file, 1, 'the header row is missing or broken', 'the first line names the columns'));
  }
  return { header, rows: records, issues };
}

function leadingBlankLines(text: string, afterLine: number): number {
  let off = offsetOfLine(text, afterLine + 1);
  let n = 0;
  while (off < text.length) {
    const nl = text.indexOf('\n', off);
    const line = text.slice(off, nl === -1 ? text.length : nl).replace(/\r$/, '');
    if (line !== '') break;
    n++;
    if (nl === -1) break;
    off = nl + 1;
  }
  return n;
}

function describeCsvError(e: CsvError): string {
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quote inside an unquoted field, or text after a closing quote';
    default:
      return `broken CSV row: ${e.message.replace(/ at line \d+.*$/, '')}`;
  }
}
