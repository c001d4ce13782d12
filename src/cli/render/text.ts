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
  // Escape the data first, colour it after, so that colour codes are the only control characters printed.
  const plain = spec.rows.map((r) => r.map((cell) => escapeControl(typeof cell === 'string' ? cell : cell.text)));
  const styled = (i: number, j: number): string => {
    const cell = spec.rows[i]![j]!;
    return typeof cell === 'string' ? plain[i]![j]! : c[cell.style](plain[i]![j]!);
  };
  // cli-table3 lays a table out in time quadratic in its rows (each cell is checked against every row above it:
  // 10 s for 12,000 dunning rows). The tables here are plain grids, drawn below in one pass exactly as it would
  // draw them; anything else (a short or multi-line row) still goes through it.
  const grid = spec.head.length > 0 && plain.every((r) => r.length === spec.head.length && r.every((t) => !t.includes('\n')))
    && spec.head.every((h) => !h.includes('\n'));
  if (!grid) {
    const table = new Table(tableOptions(spec, c));
    spec.rows.forEach((r, i) => table.push(r.map((_, j) => styled(i, j))));
    return `${table.toString()}\n`;
  }
  const widths = spec.head.map((h) => textWidth(h) + 2);
  for (const r of plain) r.forEach((t, j) => { widths[j] = Math.max(widths[j]!, textWidth(t) + 2); });
  const ch = spec.color ? UNICODE_CHARS : ASCII_CHARS;
  const rule = (left: string, mid: string, right: string, fill: string): string =>
    left + widths.map((w) => fill.repeat(w)).join(mid) + right;
  const line = (texts: readonly string[], shown: (j: number) => string): string =>
    ch.left + texts.map((t, j) => {
      const gap = ' '.repeat(widths[j]! - 2 - textWidth(t));
      return ` ${spec.numeric.includes(j) ? gap + shown(j) : shown(j) + gap} `;
    }).join(ch.middle) + ch.right;
  const out = [rule(ch.topLeft, ch.topMid, ch.topRight, ch.top), line(spec.head, (j) => c.bold(spec.head[j]!))];
  if (plain.length > 0) out.push(rule(ch.leftMid, ch.midMid, ch.rightMid, ch.mid));
  plain.forEach((r, i) => out.push(line(r, (j) => styled(i, j))));
  out.push(rule(ch.bottomLeft, ch.bottomMid, ch.bottomRight, ch.bottom));
  return `${out.join('\n')}\n`;
}

const ASCII = { top: '-', 'top-mid': '+', 'top-left': '+', 'top-right': '+', bottom: '-', 'bottom-mid': '+', 'bottom-left': '+', 'bottom-right': '+', left: '|', 'left-mid': '+', mid: '-', 'mid-mid': '+', right: '|', 'right-mid': '+', middle: '|' };

function tableOptions(spec: TableSpec, c: ChalkInstance): ConstructorParameters<typeof Table>[0] {
  return {
    head: spec.head.map((h) => c.bold(h)),
    style: { head: [], border: [], compact: true },
    colAligns: spec.head.map((_, i) => (spec.numeric.includes(i) ? 'right' : 'left')),
    chars: spec.color ? {} : ASCII,
  };
}

interface Chars { top: string; topMid: string; topLeft: string; topRight: string; bottom: string; bottomMid: string; bottomLeft: string; bottomRight: string; left: string; leftMid: string; mid: string; midMid: string; right: string; rightMid: string; middle: string }
const chars = (m: Record<keyof typeof ASCII, string>): Chars => ({
  top: m.top, topMid: m['top-mid'], topLeft: m['top-left'], topRight: m['top-right'], bottom: m.bottom, bottomMid: m['bottom-mid'],
  bottomLeft: m['bottom-left'], bottomRight: m['bottom-right'], left: m.left, leftMid: m['left-mid'], mid: m.mid, midMid: m['mid-mid'],
  right: m.right, rightMid: m['right-mid'], middle: m.middle,
});
const ASCII_CHARS = chars(ASCII);
/** cli-table3's default box-drawing characters, used when colour is on. */
const UNICODE_CHARS = chars({
  top: '─', 'top-mid': '┬', 'top-left': '┌', 'top-right': '┐', bottom: '─', 'bottom-mid': '┴', 'bottom-left': '└', 'bottom-right': '┘',
  left: '│', 'left-mid': '├', mid: '─', 'mid-mid': '┼', right: '│', 'right-mid': '┤', middle: '│',
});

/** Letters that take one column each; wider or zero-width characters (CJK, emoji, combining marks) do not. */
const NARROW_RE = /^[\x20-\x7e\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u017f]*$/;
const widthCache = new Map<string, number>();

/** Columns a text takes in a terminal, as cli-table3 counts them (it measures with string-width). */
export function textWidth(text: string): number {
  if (NARROW_RE.test(text)) return text.length;
  let w = widthCache.get(text);
  if (w === undefined) {
    // Measured by cli-table3 itself, so that a wide or combining character lines up as it always did.
    // One column of padding, so that its floor of one column never hides a width of zero (a combining mark).
    const probe = new Table({ style: { head: [], border: [], 'padding-left': 1, 'padding-right': 0 } });
    probe.push([text]);
    probe.toString();
    w = ((probe.options.colWidths as number[])[0] ?? 1) - 1;
    widthCache.set(text, w);
  }
  return w;
}
