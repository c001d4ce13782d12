// Shared output helpers: escaping for terminals, neutralising for spreadsheets, tables, JSON, CSV.
import { createRequire } from 'node:module';
import { Chalk, type ChalkInstance } from 'chalk';
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
  return plainTable(spec, palette(spec.color)) ?? cliTable(spec);
}

/**
 * cli-table3's drawing, loaded only for text whose display width needs string-width's tables (wide, combining,
 * emoji): it costs more to load and warm up than a small ledger's report takes to compute.
 */
export function cliTable(spec: TableSpec): string {
  const c = palette(spec.color);
  const Table = createRequire(import.meta.url)('cli-table3') as typeof import('cli-table3');
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

const UNICODE_CHARS = { top: '─', topMid: '┬', topLeft: '┌', topRight: '┐', bottom: '─', bottomMid: '┴', bottomLeft: '└', bottomRight: '┘', left: '│', leftMid: '├', mid: '─', midMid: '┼', right: '│', rightMid: '┤', middle: '│' };
const ASCII_CHARS = { top: '-', topMid: '+', topLeft: '+', topRight: '+', bottom: '-', bottomMid: '+', bottomLeft: '+', bottomRight: '+', left: '|', leftMid: '+', mid: '-', midMid: '+', right: '|', rightMid: '+', middle: '|' };
/** Text every character of which is one column wide by string-width's rules: ASCII and Latin, less © and ® to be safe. */
const ONE_COLUMN = /^[\x20-\x7e\xa0-\xa8\xaa-\xac\xaf-\u02ff]*$/;
const SGR = /\x1b\[[0-9;]*m/g;

/**
 * The table exactly as cli-table3 draws it with toTable's options, for cells whose width is their length once
 * colour codes are removed; null for anything else (then cli-table3 draws it).
 */
function plainTable(spec: TableSpec, c: ChalkInstance): string | null {
  const head = spec.head.map((h) => c.bold(h));
  const rows = spec.rows.map((r) => r.map((cell) => (typeof cell === 'string' ? escapeControl(cell) : c[cell.style](escapeControl(cell.text)))));
  if (head.length === 0) return null;
  const widths = head.map(() => 0);
  for (const row of [head, ...rows]) {
    if (row.length !== head.length) return null;
    for (let i = 0; i < row.length; i++) {
      const text = row[i]!.replace(SGR, '');
      if (!ONE_COLUMN.test(text)) return null;
      widths[i] = Math.max(widths[i]!, text.length);
    }
  }
  const ch = spec.color ? UNICODE_CHARS : ASCII_CHARS;
  const rule = (left: string, mid: string, fill: string, right: string): string => left + widths.map((w) => fill.repeat(w + 2)).join(mid) + right;
  const line = (row: readonly string[]): string => ch.left + row.map((cell, i) => {
    const pad = ' '.repeat(widths[i]! - cell.replace(SGR, '').length);
    return ` ${spec.numeric.includes(i) ? pad + cell : cell + pad} `;
  }).join(ch.middle) + ch.right;
  const out = [rule(ch.topLeft, ch.topMid, ch.top, ch.topRight), line(head)];
  if (rows.length > 0) out.push(rule(ch.leftMid, ch.midMid, ch.mid, ch.rightMid));
  for (const row of rows) out.push(line(row));
  out.push(rule(ch.bottomLeft, ch.bottomMid, ch.bottom, ch.bottomRight));
  return `${out.join('\n')}\n`;
}
