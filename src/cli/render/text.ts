// Shared output helpers: escaping for terminals, neutralising for spreadsheets, tables, JSON, CSV.
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';

import { escapeControl, escapeJson } from '../../core/escape.js';

export { escapeControl };

/** A text cell that a spreadsheet would run as a formula is prefixed with `'` (OWASP CSV injection). */
export function neutralize(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

export type Cell = string | { text: string; numeric?: boolean };

/**
 * CSV for spreadsheets: text cells escaped (SPEC §7: the file is as often read in a terminal or a diff as in a
 * spreadsheet) and neutralised, numeric cells (amounts, counts) written as they are.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = (s: string): string => neutralize(escapeControl(s));
  const out = rows.map((r) => r.map((c) => (typeof c === 'string' ? text(c) : c.numeric ? c.text : text(c.text))));
  return stringify([header as string[], ...out], { eof: true });
}

export function num(text: string | number): Cell {
  return { text: String(text), numeric: true };
}

export function toJson(value: unknown): string {
  return `${escapeJson(JSON.stringify(value, null, 2))}\n`;
}

export function palette(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}

export type Style = 'bold' | 'dim' | 'red' | 'yellow' | 'green';
export type TableCell = string | { readonly text: string; readonly style: Style };

export interface TableSpec {
  readonly head: readonly string[];
  /** Columns (by index) that hold numbers and are right-aligned. */
  readonly numeric: readonly number[];
  readonly rows: readonly (readonly TableCell[])[];
  readonly color: boolean;
}

export function toTable(spec: TableSpec): string {
  const c = palette(spec.color);
  const table = new Table({
    head: spec.head.map((h) => c.bold(h)),
    style: { head: [], border: [], compact: true },
    colAligns: spec.head.map((_, i) => (spec.numeric.includes(i) ? 'right' : 'left')),
    chars: spec.color ? {} : { top: '-', 'top-mid': '+', 'top-left': '+', 'top-right': '+', bottom: '-', 'bottom-mid': '+', 'bottom-left': '+', 'bottom-right': '+', left: '|', 'left-mid': '+', mid: '-', 'mid-mid': '+', right: '|', 'right-mid': '+', middle: '|' },
  });
  // Escape the data first, colour it after, so that colour codes are the only control characters printed.
  for (const r of spec.rows) {
    table.push(r.map((cell) => (typeof cell === 'string' ? escapeControl(cell) : c[cell.style](escapeControl(cell.text)))));
  }
  return `${table.toString()}\n`;
}
