// Text tables are drawn in one pass; cli-table3, which lays them out in time quadratic in the rows, is the oracle.
import Table from 'cli-table3';
import { Chalk } from 'chalk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { escapeControl, toTable, type Style, type TableCell, type TableSpec } from '../../src/cli/render/text.js';

const ASCII = { top: '-', 'top-mid': '+', 'top-left': '+', 'top-right': '+', bottom: '-', 'bottom-mid': '+', 'bottom-left': '+', 'bottom-right': '+', left: '|', 'left-mid': '+', mid: '-', 'mid-mid': '+', right: '|', 'right-mid': '+', middle: '|' };

/** The drawing as it was made before: every row through cli-table3. */
function oracle(spec: TableSpec): string {
  const c = new Chalk({ level: spec.color ? 1 : 0 });
  const table = new Table({
    head: spec.head.map((h) => c.bold(h)),
    style: { head: [], border: [], compact: true },
    colAligns: spec.head.map((_, i) => (spec.numeric.includes(i) ? 'right' : 'left')),
    chars: spec.color ? {} : ASCII,
  });
  for (const r of spec.rows) table.push(r.map((cell) => (typeof cell === 'string' ? escapeControl(cell) : c[cell.style](escapeControl(cell.text)))));
  return `${table.toString()}\n`;
}

// Letters of every width cli-table3 tells apart: ASCII, accented, CJK (two columns), combining marks (none),
// emoji, a bidi override and control characters (escaped first).
const text = fc.string({ unit: fc.constantFrom('a', 'Z', '1', ' ', '.', 'é', 'ß', 'Ł', '漢', 'ｱ', '\u0301', '😀', '\u202e', '\t', '\n', '\u0085', '-'), maxLength: 8 });
const style = fc.constantFrom<Style>('bold', 'dim', 'red', 'yellow', 'green');
const cell: fc.Arbitrary<TableCell> = fc.oneof(text, fc.record({ text, style }));

describe('toTable', () => {
  it('draws every table exactly as cli-table3 does', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 6 }).chain((n) => fc.record({
        head: fc.array(text, { minLength: n, maxLength: n }),
        numeric: fc.subarray([0, 1, 2, 3, 4, 5]),
        rows: fc.array(fc.array(cell, { minLength: n, maxLength: n }), { maxLength: 6 }),
        color: fc.boolean(),
      })),
      (spec) => { expect(toTable(spec)).toBe(oracle(spec)); },
    ), { numRuns: 300 });
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
    // 10× the rows: linear takes ~10×, the quadratic layout took ~100×.
    expect(large / small).toBeLessThan(30);
    expect(large).toBeLessThan(5000);
  });
});
