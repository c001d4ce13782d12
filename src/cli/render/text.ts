// Shared output helpers: escaping for terminals, neutralising for spreadsheets, tables, JSON, CSV.
import { createRequire } from 'node:module';
import { Chalk, type ChalkInstance } from 'chalk';
import { stringify } from 'csv-stringify/sync';

import { escapeControl, escapeJson } from '../../core/escape.js';
import { tableLayout } from './layout.js';

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
  /**
   * Where the terminal is too narrow even with text columns wrapped: the columns (by heading) that may be left
   * out, least useful first. Without it, columns are left out from the right, never the first.
   */
  readonly drop?: readonly string[];
}

/** `1234567.89` → `1,234,567.89`; the leading number of a cell only, so `-1234.50`, `1234d` and `12.5%` work. */
export function groupThousands(text: string): string {
  // By hand rather than by two regular expressions: a large report's table has a million cells.
  const signed = text.charCodeAt(0) === 45 || text.charCodeAt(0) === 43 ? 1 : 0;
  let end = signed;
  for (let c = text.charCodeAt(end); c >= 48 && c <= 57; c = text.charCodeAt(++end));
  const n = end - signed;
  if (n < 4) return text;
  const first = n % 3 || 3;
  let out = text.slice(0, signed + first);
  for (let k = signed + first; k < end; k += 3) out += `,${text.slice(k, k + 3)}`;
  return out + text.slice(end);
}

export function toTable(spec: TableSpec): string {
  const layout = tableLayout();
  const grouped = layout.thousands ? withThousands(spec) : spec;
  if (layout.width !== null) return fitTable(grouped, layout.width);
  return plainTable(grouped, palette(grouped.color)) ?? cliTable(grouped);
}

function withThousands(spec: TableSpec): TableSpec {
  if (spec.numeric.length === 0) return spec;
  const g = (cell: TableCell | undefined): TableCell => (cell === undefined ? '' : typeof cell === 'string' ? groupThousands(cell) : { text: groupThousands(cell.text), style: cell.style });
  return { ...spec, rows: spec.rows.map((r) => r.map((cell, i) => (spec.numeric.includes(i) ? g(cell) : cell))) };
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
  const n = head.length;
  // Without colour there are no colour codes to leave out of a width: the data's own escapes were escaped above.
  const shown = spec.color ? (t: string): string => t.replace(SGR, '') : (t: string): string => t;
  // Each cell's width, measured once for the column widths and again for its padding.
  const cellWidth = new Int32Array((rows.length + 1) * n);
  const widths = head.map(() => 0);
  for (let r = 0; r <= rows.length; r++) {
    const row = r === 0 ? head : rows[r - 1]!;
    if (row.length !== n) return null;
    for (let i = 0; i < n; i++) {
      const text = shown(row[i]!);
      if (!ONE_COLUMN.test(text)) return null;
      cellWidth[r * n + i] = text.length;
      if (text.length > widths[i]!) widths[i] = text.length;
    }
  }
  const right = head.map((_, i) => spec.numeric.includes(i));
  const ch = spec.color ? UNICODE_CHARS : ASCII_CHARS;
  const rule = (left: string, mid: string, fill: string, end: string): string => left + widths.map((w) => fill.repeat(w + 2)).join(mid) + end;
  const line = (row: readonly string[], r: number): string => {
    let out = ch.left;
    for (let i = 0; i < n; i++) {
      const pad = ' '.repeat(widths[i]! - cellWidth[r * n + i]!);
      out += `${i === 0 ? '' : ch.middle} ${right[i] ? pad + row[i]! : row[i]! + pad} `;
    }
    return out + ch.right;
  };
  let out = `${rule(ch.topLeft, ch.topMid, ch.top, ch.topRight)}\n${line(head, 0)}\n`;
  if (rows.length > 0) out += `${rule(ch.leftMid, ch.midMid, ch.mid, ch.rightMid)}\n`;
  for (let r = 0; r < rows.length; r++) out += `${line(rows[r]!, r + 1)}\n`;
  return `${out}${rule(ch.bottomLeft, ch.bottomMid, ch.bottom, ch.bottomRight)}\n`;
}

let stringWidth: ((s: string) => number) | null = null;

/** Columns a text takes on a terminal: its length for one-column text, else string-width's count (wide, combining). */
function displayWidth(text: string): number {
  if (ONE_COLUMN.test(text)) return text.length;
  stringWidth ??= createRequire(import.meta.url)('string-width') as (s: string) => number;
  return stringWidth(text);
}

/** Text broken into lines of at most `width` columns: at spaces where it can be, inside a word only if it must. */
export function wrapText(text: string, width: number): string[] {
  if (displayWidth(text) <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/)) {
    let w = word;
    while (displayWidth(w) > width) {
      // A word longer than the column: what fits of it on the line begun, or on a line of its own.
      const room = line === '' ? width : width - displayWidth(line) - 1;
      if (room < 1) {
        lines.push(line);
        line = '';
        continue;
      }
      let cut = 0;
      let used = 0;
      for (const ch of w) {
        const cw = displayWidth(ch);
        if (used + cw > room) break;
        used += cw;
        cut += ch.length;
      }
      if (cut === 0) cut = [...w][0]!.length;
      lines.push(line === '' ? w.slice(0, cut) : `${line} ${w.slice(0, cut)}`);
      line = '';
      w = w.slice(cut);
    }
    if (w === '') continue;
    if (line === '') line = w;
    else if (displayWidth(line) + 1 + displayWidth(w) <= width) line += ` ${w}`;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * The table within `width` columns: as drawn whole when it fits; else text columns wrapped (down to their longest
 * word, at most 20 columns), then columns left out in the order `spec.drop` gives, with a line naming them. Numbers
 * are never wrapped or cut: a numeric column keeps the width of its widest number.
 */
export function fitTable(spec: TableSpec, width: number): string {
  const c = palette(spec.color);
  const text = (cell: TableCell | undefined): string => escapeControl(cell === undefined ? '' : typeof cell === 'string' ? cell : cell.text);
  const head = spec.head.map((h) => escapeControl(h));
  const rows = spec.rows.map((r) => head.map((_, i) => text(r[i])));
  const n = head.length;
  const numeric = (i: number): boolean => spec.numeric.includes(i);
  const natural = head.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]!))));
  const outer = (ws: readonly number[]): number => ws.reduce((a, b) => a + b, 0) + 3 * ws.length + 1;
  if (outer(natural) <= width) return plainTable(spec, c) ?? cliTable(spec);
  const longestWord = (s: string): number => Math.max(0, ...s.split(/ +/).map(displayWidth));
  const minimum = head.map((h, i) => {
    const words = Math.max(longestWord(h), ...rows.map((r) => longestWord(r[i]!)));
    if (numeric(i)) return Math.max(longestWord(h), ...rows.map((r) => displayWidth(r[i]!)));
    return Math.min(natural[i]!, Math.max(4, Math.min(20, words)));
  });
  const byName = (spec.drop ?? []).map((d) => head.indexOf(d)).filter((i) => i >= 0);
  const order = spec.drop ? byName : head.map((_, i) => n - 1 - i).filter((i) => i > 0);
  for (let k = 0; k <= order.length; k++) {
    const hidden = new Set(order.slice(0, k));
    const shown = (): number[] => head.map((_, i) => i).filter((i) => !hidden.has(i));
    if (outer(shown().map((i) => minimum[i]!)) > width && k < order.length) continue;
    // A column left out before the last one needed may still fit beside the others: the more useful first.
    for (const i of order.slice(0, k - 1).reverse()) {
      hidden.delete(i);
      if (outer(shown().map((j) => minimum[j]!)) > width) hidden.add(i);
    }
    const visible = shown();
    const widths = visible.map((i) => minimum[i]!);
    // Room left over goes to the wrapped text columns, left to right, up to what they need.
    let spare = width - outer(widths);
    visible.forEach((i, j) => {
      const more = Math.max(0, Math.min(spare, natural[i]! - widths[j]!));
      widths[j]! += more;
      spare -= more;
    });
    const table = drawWrapped(spec, c, head, rows, visible, widths);
    if (hidden.size === 0) return table;
    const names = head.filter((_, i) => hidden.has(i)).join(', ');
    return table + wrapText(`columns hidden: ${names}; widen the terminal or use --format csv`, width).map((l) => `${l}\n`).join('');
  }
  /* c8 ignore next */
  return plainTable(spec, c) ?? cliTable(spec);
}

function drawWrapped(spec: TableSpec, c: ChalkInstance, head: readonly string[], rows: readonly (readonly string[])[], visible: readonly number[], widths: readonly number[]): string {
  const ch = spec.color ? UNICODE_CHARS : ASCII_CHARS;
  const rule = (left: string, mid: string, fill: string, right: string): string => left + widths.map((w) => fill.repeat(w + 2)).join(mid) + right;
  const styleOf = (r: number, i: number): Style | null => {
    const cell = spec.rows[r]?.[i];
    return cell !== undefined && typeof cell !== 'string' ? cell.style : null;
  };
  const lines = (cells: readonly string[], style: (i: number) => Style | null): string[] => {
    const wrapped = visible.map((i, j) => wrapText(cells[i]!, widths[j]!));
    const height = Math.max(...wrapped.map((w) => w.length));
    const out: string[] = [];
    for (let l = 0; l < height; l++) {
      out.push(ch.left + visible.map((i, j) => {
        const t = wrapped[j]![l] ?? '';
        const pad = ' '.repeat(widths[j]! - displayWidth(t));
        const st = style(i);
        const shown = st === null || t === '' ? t : c[st](t);
        return ` ${spec.numeric.includes(i) ? pad + shown : shown + pad} `;
      }).join(ch.middle) + ch.right);
    }
    return out;
  };
  const out = [rule(ch.topLeft, ch.topMid, ch.top, ch.topRight), ...lines(head, () => 'bold')];
  if (rows.length > 0) out.push(rule(ch.leftMid, ch.midMid, ch.mid, ch.rightMid));
  rows.forEach((r, k) => out.push(...lines(r, (i) => styleOf(k, i))));
  out.push(rule(ch.bottomLeft, ch.bottomMid, ch.bottom, ch.bottomRight));
  return `${out.join('\n')}\n`;
}

/** A line of prose above or below a table, wrapped at spaces to the terminal's width when tables are fitted to it. */
export function fitText(line: string): string {
  const width = tableLayout().width;
  if (width === null) return line;
  return line.split('\n').map((l) => (l === '' ? l : wrapText(l, width).join('\n'))).join('\n');
}
