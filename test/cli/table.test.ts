// Tables of plain text are drawn without cli-table3, and must come out exactly as cli-table3 draws them.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { setTableLayout } from '../../src/cli/render/layout.js';
import { cliTable, fitTable, toTable, type Style, type TableCell, type TableSpec } from '../../src/cli/render/text.js';

// Mostly text cli-table3 need not draw, sometimes text it must (control, wide, combining, emoji).
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '-', '.', 'é', 'ß', '|', 'Ā', '\u00a0'), maxLength: 10 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('a', ' ', '\t', '\x1b', '\n', '©', '®', '中', '\u0301', '😀', '\u00ad', '\u200b'), maxLength: 6 }) },
);
const style = fc.constantFrom<Style>('bold', 'dim', 'red', 'yellow', 'green');
const cell: fc.Arbitrary<TableCell> = fc.oneof(text, fc.record({ text, style }));

describe('toTable', () => {
  // cli-table3 knows nothing of thousands separators or terminal widths: compared with them off.
  beforeAll(() => setTableLayout({ width: null, thousands: false }));

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

describe('fitTable', () => {
  it('keeps every line within the width and every number of a column it shows whole', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'Z', 'é', '-', '.'), minLength: 1, maxLength: 14 });
    const textCell = fc.array(word, { minLength: 0, maxLength: 5 }).map((ws) => ws.join(' '));
    const numberCell = fc.integer({ min: -1e9, max: 1e9 }).map((n) => (n / 100).toFixed(2));
    const spec = fc.integer({ min: 1, max: 8 }).chain((cols) => fc.record({
      kinds: fc.array(fc.boolean(), { minLength: cols, maxLength: cols }),
      head: fc.array(textCell, { minLength: cols, maxLength: cols }),
      rows: fc.array(fc.tuple(fc.array(textCell, { minLength: cols, maxLength: cols }), fc.array(numberCell, { minLength: cols, maxLength: cols })), { maxLength: 6 }),
      width: fc.integer({ min: 40, max: 140 }),
      color: fc.boolean(),
    }));
    fc.assert(fc.property(spec, ({ kinds, head, rows, width, color }) => {
      // The first column is text, as every report's is (ids); the rest are text or numbers.
      const numeric = kinds.map((k, i) => (k && i > 0 ? i : -1)).filter((i) => i >= 0);
      const body = rows.map(([t, n]) => t.map((cell, i) => (numeric.includes(i) ? n[i]! : cell)));
      const names = head.map((h, i) => `C${i}${h}`.slice(0, 12));
      const out = fitTable({ head: names, numeric, rows: body, color }, width).replace(/\x1b\[[0-9;]*m/g, '');
      const lines = out.replace(/\n$/, '').split('\n');
      for (const l of lines) expect([...l].length).toBeLessThanOrEqual(width);
      const hidden = /columns hidden: ([^;]*);/.exec(out.replace(/\n(?![+┌├└│|])/g, ' '))?.[1] ?? '';
      const cells = lines.flatMap((l) => l.split(/[|│]/).map((c) => c.trim()));
      for (const r of body) {
        for (const i of numeric) if (!hidden.split(', ').includes(names[i]!)) expect(cells).toContain(r[i]);
      }
    }), { numRuns: 300 });
  });
});
