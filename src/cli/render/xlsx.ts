// Report tables as an XLSX workbook (SPEC §9): one sheet per table, numbers as numbers in their currency's format,
// dates as dates, text always as text (a shared string is never a formula), a frozen header row, columns as wide
// as their content, and total rows on a sheet of their own so that a SUM over a column counts nothing twice.
// write-excel-file is loaded only by a run that writes a workbook.
import { escapeControl } from './text.js';
import type { Sheet } from 'write-excel-file/node';
import type { SheetCell, SheetRow, SheetTable } from './sheet.js';

type Cell = {
  value: string | number | Date; type: StringConstructor | NumberConstructor | DateConstructor; format?: string;
  fontWeight?: 'bold'; align?: 'right';
} | null;

const DATE_FORMAT = 'yyyy-mm-dd';
const MAX_WIDTH = 60;

/** Excel's number format with the value's own digits: `#,##0` for JPY, `#,##0.00` for EUR, `#,##0.000` for KWD. */
export function numberFormat(digits: number): string {
  return digits > 0 ? `#,##0.${'0'.repeat(digits)}` : '#,##0';
}

function toCell(c: SheetCell): Cell {
  if (c === null) return null;
  if (typeof c === 'string') return c === '' ? null : { value: escapeControl(c), type: String };
  if ('date' in c) {
    const [y, m, d] = c.date.split('-').map(Number);
    return { value: new Date(Date.UTC(y!, m! - 1, d!)), type: Date, format: DATE_FORMAT };
  }
  if ('int' in c) return { value: c.int, type: Number, format: '0' };
  return { value: Number(c.decimal), type: Number, format: numberFormat(c.digits) };
}

/** How wide the cell shows: a number with its thousands separators, a date as YYYY-MM-DD. */
function shownWidth(c: SheetCell): number {
  if (c === null) return 0;
  if (typeof c === 'string') return escapeControl(c).length;
  if ('date' in c) return 10;
  const text = 'int' in c ? String(c.int) : c.decimal;
  const whole = text.replace(/^-/, '').split('.')[0]!.length;
  return text.length + Math.floor((whole - 1) / 3);
}

function sheetName(name: string, taken: Set<string>): string {
  let base = name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet';
  for (let i = 2; taken.has(base.toLowerCase()); i++) base = `${name.slice(0, 28)} ${i}`;
  taken.add(base.toLowerCase());
  return base;
}

function sheet(name: string, columns: readonly string[], rows: readonly SheetRow[]) {
  const widths = columns.map((h, i) => Math.min(MAX_WIDTH, Math.max(h.length, ...rows.map((r) => shownWidth(r.cells[i] ?? null))) + 2));
  // A number column's header stands over its right-aligned numbers.
  const numeric = columns.map((_, i) => rows.some((r) => { const c = r.cells[i]; return typeof c === 'object' && c !== null && !('date' in c); }));
  return {
    sheet: name,
    stickyRowsCount: 1,
    dateFormat: DATE_FORMAT,
    columns: widths.map((width) => ({ width })),
    data: [
      columns.map((h, i): Cell => ({ value: h, type: String, fontWeight: 'bold', ...(numeric[i] ? { align: 'right' as const } : {}) })),
      ...rows.map((r) => r.cells.map(toCell)),
    ],
  };
}

/** The workbook's bytes: each table a sheet, and after a table with totals, its totals on a sheet named "<name> totals". */
export async function tablesXlsx(tables: readonly SheetTable[]): Promise<Uint8Array> {
  const { default: writeXlsxFile } = await import('write-excel-file/node');
  const taken = new Set<string>();
  const sheets = tables.flatMap((t) => {
    const main = sheet(sheetName(t.name, taken), t.columns, t.rows.filter((r) => r.kind === 'row'));
    if (!t.totals) return [main];
    return [main, sheet(sheetName(`${t.name} totals`, taken), t.columns, t.rows.filter((r) => r.kind === 'total'))];
  });
  // The library's types describe every cell shape it accepts; ours is the narrower subset above.
  return writeXlsxFile(sheets as Sheet<never>[], { fontFamily: 'Calibri', fontSize: 11 }).toBuffer();
}
