// Reports as typed tables: one description of a report's columns and cells feeds both its CSV and its XLSX
// workbook, so that the two never disagree on a column, and a new report (e.g. the worklist) only builds tables.
import { formatMinor, minorDigits, type Minor } from '../../core/money.js';
import type { CsvConfig } from '../../core/types.js';
import { escapeControl, neutralize } from './text.js';

/**
 * A cell: text; a date (`YYYY-MM-DD`); an exact decimal with the digits it is shown with (money in its currency's
 * minor digits, a ratio in one or two); a whole number (days, counts); or nothing.
 */
export type SheetCell =
  | string
  | { readonly date: string }
  | { readonly decimal: string; readonly digits: number }
  | { readonly int: number }
  | null;

export interface SheetRow {
  /** `total` rows sum the `row` rows above them: CSV marks them in its `kind` column, XLSX puts them on a sheet of their own. */
  readonly kind: 'row' | 'total';
  readonly cells: readonly SheetCell[];
}

export interface SheetTable {
  /** The sheet's name in a workbook (at most 31 characters, none of []:*?/\). */
  readonly name: string;
  readonly columns: readonly string[];
  readonly rows: readonly SheetRow[];
  /** Whether the table can hold total rows; its CSV then starts with a `kind` column (row / total). */
  readonly totals?: boolean;
}

export const money = (minor: Minor | number, currency: string): SheetCell => ({ decimal: formatMinor(minor, currency), digits: minorDigits(currency) });
export const int = (n: number): SheetCell => ({ int: n });
export const date = (d: string | null | undefined): SheetCell => (d ? { date: d } : null);
/** A ratio or average as the report computes it (exact decimal text), or nothing where it has no value. */
export const ratio = (v: string | null, digits: number): SheetCell => (v === null ? null : { decimal: v, digits });
export const row = (...cells: SheetCell[]): SheetRow => ({ kind: 'row', cells });
export const total = (...cells: SheetCell[]): SheetRow => ({ kind: 'total', cells });

/**
 * A bucket's column header: `1-30` alone is a date (30 January) to a spreadsheet and `91+` may be a number, so the
 * numbered buckets read `days 1-30`, `days 91+` (JSON keeps the plain labels of SPEC §3.1).
 */
export function bucketHeader(label: string): string {
  return /^\d/.test(label) ? `days ${label}` : label;
}

/** How a CSV is written for a spreadsheet: BOM, delimiter, decimal separator (ledger.yaml `csv:`, `--csv-*`). */
export type CsvSettings = CsvConfig;

/** RFC 4180 as scripts expect it (SPEC §3): no BOM, commas, decimal points. */
export const PLAIN_CSV: CsvSettings = { bom: false, delimiter: ',', decimal: '.' };

/** Quoted where it holds the delimiter, a quote or a line break, as csv-stringify does for the other CSV outputs. */
function csvField(s: string, delimiter: string): string {
  return s.includes(delimiter) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The table as CSV: text escaped (SPEC §7: it is as often read in a terminal or a diff as in a spreadsheet) and
 * neutralised, numbers and dates as they are, numbers with the decimal separator asked for.
 */
export function tableCsv(t: SheetTable, settings: CsvSettings = PLAIN_CSV): string {
  const cell = (c: SheetCell): string => {
    if (c === null) return '';
    if (typeof c === 'string') return csvField(neutralize(escapeControl(c)), settings.delimiter);
    if ('date' in c) return c.date;
    if ('int' in c) return String(c.int);
    return settings.decimal === ',' ? c.decimal.replace('.', ',') : c.decimal;
  };
  const lines = [[...(t.totals ? ['kind'] : []), ...t.columns].map((h) => csvField(h, settings.delimiter)).join(settings.delimiter)];
  for (const r of t.rows) lines.push([...(t.totals ? [r.kind] : []), ...r.cells.map(cell)].join(settings.delimiter));
  return `${settings.bom ? '\ufeff' : ''}${lines.join('\n')}\n`;
}
