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

  it('draws 100,000 rows in linear time', () => {
    const rows = (n: number): TableCell[][] => Array.from({ length: n }, (_, i) => [`C${i}`, `Customer ${i} GmbH`, { text: `${i}.00`, style: 'red' }]);
    const time = (n: number): number => {
      const spec = { head: ['Customer', 'Name', 'Open'], numeric: [2], rows: rows(n), color: true };
      const t0 = performance.now();
      toTable(spec);
      return performance.now() - t0;
    };
    time(1000); // warm up
    const small = Math.max(time(10_000), 1);
    const large = time(100_000);
    // 10x the rows: linear takes ~10x, cli-table3's layout took ~100x.
    expect(large / small).toBeLessThan(30);
    expect(large).toBeLessThan(5000);
  });
});
