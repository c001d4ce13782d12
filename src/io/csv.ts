// Reads a CSV journal into raw rows with the line each starts on; RFC 4180 parsing is csv-parse's (via csv-fast).
import { csvRecords } from './csv-fast.js';
import { issue, type LedgerIssue } from '../core/issues.js';

export interface CsvRead {
  readonly header: string[] | null;
  /** Header excluded; `line` is where the record starts (header = line 1). */
  readonly rows: { line: number; fields: string[]; broken?: true }[];
  readonly issues: LedgerIssue[];
}

/**
 * Parses CSV text (BOM already removed). A syntax error is reported at the line its record starts on, and
 * reading resumes on the next line, so every problem of a file is reported at once. An unreadable record is
 * kept as a placeholder with its first field, so that rows referring to its id are not also reported as
 * pointing at nothing.
 */
export function readCsv(file: string, text: string, delimiter = ','): CsvRead {
  const issues: LedgerIssue[] = [];
  // csv-parse counts CR and LF of a CRLF inside a quoted field as two lines; LF-only text keeps LINE exact.
  const lf = text.includes('\r') ? text.replace(/\r\n/g, '\n') : text;
  const records: { line: number; fields: string[]; broken?: true }[] = [];
  for (const r of csvRecords(lf, file, issues, delimiter)) {
    if (r.broken && r.line === 1) continue;
    records.push(r);
  }
  const header = records.length > 0 && records[0]!.line === 1 ? records.shift()!.fields : null;
  if (header === null && records.length > 0) {
    issues.push(issue(file, 1, 'the header row is missing or broken', 'the first line names the columns'));
  }
  return { header, rows: records, issues };
}
