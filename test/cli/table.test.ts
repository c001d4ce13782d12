// Tables of plain text are drawn without cli-table3, and must come out exactly as cli-table3 draws them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cliTable, toTable, type Style, type TableCell, type TableSpec } from '../../src/cli/render/text.js';

// Mostly text cli-table3 need not draw, sometimes text it must (control, wide, combining, emoji).
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '-', '.', 'é', 'ß', '|', 'Ā', '\u00a0'), maxLength: 10 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('a', ' ', '\t', '\x1b', '\n', '©', '®', '中', '\u0301', '😀', '\u00ad', '\u200b'), maxLength: 6 }) },
);
const style = fc.constantFrom<Style>('bold', 'dim', 'red', 'yellow', 'green');
const cell: fc.Arbitrary<TableCell> = fc.oneof(text, fc.record({ text, style }));

describe('toTable', () => {
  it('draws what cli-table3 draws, for any text, coloured or not', () => {
    const spec = fc.integer({ min: 1, max: 5 }).chain((cols) => fc.record({
      head: fc.array(text, { minLength: cols, maxLength: cols }),
      numeric: fc.subarray([0, 1, 2, 3, 4]),
      rows: fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { maxLength: 5 }),
      color: fc.boolean(),
    }));
    fc.assert(fc.property(spec, (s: TableSpec) => {
      expect(toTable(s)).toBe(cliTable(s));
    }), { numRuns: 1500 });
  });

  it('draws an aligned ASCII table without colour', () => {
    const out = toTable({ head: ['Customer', 'Open'], numeric: [1], rows: [['ACME', '12.00'], [{ text: 'BETA', style: 'red' }, '1.50']], color: false });
    expect(out).toBe('+----------+-------+\n| Customer |  Open |\n+----------+-------+\n| ACME     | 12.00 |\n| BETA     |  1.50 |\n+----------+-------+\n');
  });
});
