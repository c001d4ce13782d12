// Report tables as CSV: whatever the text and whichever BOM, delimiter and decimal separator, a CSV reader given
// the same settings reads back every header and cell, numbers equal, text as written (escaped and neutralised).
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { escapeControl, neutralize } from '../../src/cli/render/text.js';
import { bucketHeader, PLAIN_CSV, tableCsv, type CsvSettings, type SheetCell, type SheetTable } from '../../src/cli/render/sheet.js';
import { numberFormat } from '../../src/cli/render/xlsx.js';

const text = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', ',', ';', '|', '\t', '"', '\n', '\r', '=', '+', '-', '@', 'é', '中', '\u202e'), maxLength: 8 });
const decimal = fc.tuple(fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }), fc.constantFrom(0, 1, 2, 3)).map(([minor, digits]): SheetCell => {
  const abs = (minor < 0n ? -minor : minor).toString().padStart(digits + 1, '0');
  const body = digits === 0 ? abs : `${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
  return { decimal: `${minor < 0n ? '-' : ''}${body}`, digits };
});
const cell: fc.Arbitrary<SheetCell> = fc.oneof(
  text, decimal, fc.constant(null),
  fc.integer({ min: -9999, max: 9999 }).map((n) => ({ int: n })),
  fc.date({ min: new Date('1990-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => ({ date: d.toISOString().slice(0, 10) })),
);
const settings: fc.Arbitrary<CsvSettings> = fc.record({ bom: fc.boolean(), delimiter: fc.constantFrom(',', ';', '\t', '|'), decimal: fc.constantFrom('.' as const, ',' as const) })
  .filter((s) => s.decimal !== s.delimiter);

/** What a spreadsheet should find in the cell. */
function expected(c: SheetCell, s: CsvSettings): string {
  if (c === null) return '';
  if (typeof c === 'string') return neutralize(escapeControl(c));
  if ('date' in c) return c.date;
  if ('int' in c) return String(c.int);
  return s.decimal === ',' ? c.decimal.replace('.', ',') : c.decimal;
}

describe('tableCsv', () => {
  it('reads back cell for cell with the settings it was written with', () => {
    const table = fc.integer({ min: 1, max: 5 }).chain((cols) => fc.record({
      name: fc.constant('T'),
      columns: fc.array(fc.string({ unit: fc.constantFrom('a', ' ', ',', ';', '"', '1', '-'), minLength: 1, maxLength: 6 }), { minLength: cols, maxLength: cols }),
      rows: fc.array(fc.record({ kind: fc.constantFrom('row' as const, 'total' as const), cells: fc.array(cell, { minLength: cols, maxLength: cols }) }), { maxLength: 6 }),
      totals: fc.boolean(),
    }));
    fc.assert(fc.property(table, settings, (t: SheetTable, s) => {
      const out = tableCsv(t, s);
      expect(out.startsWith('\ufeff')).toBe(s.bom);
      const back = parse(out, { delimiter: s.delimiter, bom: true, relax_column_count: false }) as string[][];
      const kind = (k: string): string[] => (t.totals ? [k] : []);
      expect(back[0]).toEqual([...kind('kind'), ...t.columns]);
      expect(back.slice(1)).toEqual(t.rows.map((r) => [...kind(r.kind), ...r.cells.map((c) => expected(c, s))]));
    }), { numRuns: 200 });
  });

  it('is RFC 4180 by default: no BOM, commas, decimal points', () => {
    const t: SheetTable = { name: 'T', columns: ['a', 'b'], rows: [{ kind: 'row', cells: [{ decimal: '1234.50', digits: 2 }, 'x, y'] }] };
    expect(tableCsv(t)).toBe('a,b\n1234.50,"x, y"\n');
    expect(tableCsv(t, PLAIN_CSV)).toBe(tableCsv(t));
  });

  it('names numbered buckets so that no spreadsheet reads a date or a number', () => {
    expect(['current', '1-30', '31-60', '91+', '0-30'].map(bucketHeader)).toEqual(['current', 'days 1-30', 'days 31-60', 'days 91+', 'days 0-30']);
  });

  it('formats each currency\'s amounts with its minor digits', () => {
    expect([0, 2, 3].map(numberFormat)).toEqual(['#,##0', '#,##0.00', '#,##0.000']);
  });
});
