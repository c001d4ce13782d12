// Tables on a terminal: fitted to COLUMNS (text wrapped, the least useful columns left out and named, numbers
// never cut), thousands grouped unless --plain or NO_THOUSANDS, and CSV and JSON never touched by either.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupThousands, wrapText } from '../../src/cli/render/text.js';
import { ROOT, runCli } from '../helpers/cli.js';

const DEMO = path.join(ROOT, 'ledgers', 'demo');
const STATEMENT = path.join(DEMO, 'statements', '2026-11-hanseatic.csv');

type Json = Record<string, unknown>;
const each = (v: unknown, key: string): string[] => {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x !== null && typeof x === 'object') {
      for (const [k, y] of Object.entries(x as Json)) {
        if (k === key && (typeof y === 'string' || typeof y === 'number')) out.push(String(y));
        else walk(y);
      }
    }
  };
  walk(v);
  return out;
};

/** Each report, and the JSON fields whose amounts must stay on the narrowest table (the columns never left out). */
const TABLES: { name: string; args: string[]; kept: string[] }[] = [
  { name: 'aging', args: ['aging'], kept: ['balance'] },
  { name: 'aging --detail', args: ['aging', '--detail'], kept: ['balance'] },
  { name: 'reconcile', args: ['reconcile', STATEMENT, '--profile', 'hanseatic'], kept: ['amount'] },
  { name: 'dunning', args: ['dunning', '--dry-run'], kept: ['overdue', 'amount_due'] },
  { name: 'invoice list', args: ['invoice', 'list'], kept: ['open'] },
  { name: 'customer list', args: ['customer', 'list'], kept: [] },
  { name: 'kpi', args: ['kpi'], kept: ['closing_ar', 'dso'] },
  { name: 'behavior', args: ['behavior'], kept: ['avg_days_to_settle'] },
];

const width = (line: string): number => [...line].length;

describe('tables that fit COLUMNS', () => {
  for (const t of TABLES) {
    it(`${t.name}: no line wider than 80 or 60, every amount whole`, () => {
      const json = JSON.parse(runCli([...t.args, '--format', 'json', '-L', DEMO]).stdout) as unknown;
      const whole = runCli([...t.args, '-L', DEMO]);
      expect(whole.code).toBeLessThan(2);
      for (const cols of [80, 60]) {
        const r = runCli([...t.args, '-L', DEMO], { env: { COLUMNS: String(cols) } });
        expect(r.code).toBe(whole.code);
        expect(r.stderr).toBe(whole.stderr);
        const lines = r.stdout.split('\n');
        expect(lines.filter((l) => width(l) > cols)).toEqual([]);
        for (const key of t.kept) {
          for (const amount of each(json, key)) {
            // Whole: not preceded or followed by another digit, separator or point (a number cut or wrapped).
            const shown = groupThousands(amount.replace(/^-/, ''));
            expect(r.stdout, `${key} ${amount} at ${cols} columns`).toMatch(new RegExp(`(?<![\\d,.])${shown.replace(/[.,]/g, '\\$&')}(?![\\d,.])`));
          }
        }
        // A number in a table row is never broken over two lines: no row of a numeric column starts with , or .
        expect(r.stdout).not.toMatch(/\| +[,.]\d/);
        if (whole.stdout.split('\n').some((l) => width(l) > cols)) {
          // Either it wrapped text, or it says which columns it left out.
          if (/columns hidden: /.test(r.stdout)) expect(r.stdout.replace(/\n(?!\+)/g, ' ')).toMatch(/columns hidden: [^;]+; widen the terminal or use --format csv/);
        } else {
          expect(r.stdout).toBe(whole.stdout);
        }
      }
    });
  }

  it('draws the whole table when stdout is not a terminal and COLUMNS is not set', () => {
    const r = runCli(['aging', '-L', DEMO]);
    expect(Math.max(...r.stdout.split('\n').map(width))).toBeGreaterThan(130);
    expect(r.stdout).not.toContain('columns hidden');
  });

  it('leaves out the least useful columns first and names them', () => {
    const r = runCli(['aging', '-L', DEMO], { env: { COLUMNS: '60' } });
    expect(r.stdout).toMatch(/^\| Customer +\| Ccy +\| +current \| +91\+ \| +Balance \|$/m);
    expect(r.stdout).toContain('columns hidden: Name, 1-30, 31-60, 61-90, Open, Unapplied;\nwiden the terminal or use --format csv\n');
  });

  it('ignores a COLUMNS that is not a width', () => {
    expect(runCli(['aging', '-L', DEMO], { env: { COLUMNS: 'wide' } }).stdout).toBe(runCli(['aging', '-L', DEMO]).stdout);
  });
});

describe('thousands separators', () => {
  it('group numbers in tables, not in CSV or JSON; --plain and NO_THOUSANDS give the bare form', () => {
    const table = runCli(['aging', '-L', DEMO]).stdout;
    expect(table).toMatch(/\| TOTAL +\| +\| JPY \| +3,217,440 \|/);
    expect(table).toMatch(/ 13,056\.26 \|/);
    for (const bare of [runCli(['aging', '--plain', '-L', DEMO]).stdout, runCli(['--plain', 'aging', '-L', DEMO]).stdout, runCli(['aging', '-L', DEMO], { env: { NO_THOUSANDS: '1' } }).stdout]) {
      expect(bare).toMatch(/\| TOTAL +\| +\| JPY \| +3217440 \|/);
      expect(bare).not.toMatch(/\d,\d{3}/);
    }
    // A grouped number in CSV would be quoted, since it holds the delimiter.
    expect(runCli(['aging', '--format', 'csv', '-L', DEMO]).stdout).not.toMatch(/"\d{1,3}(,\d{3})+/);
    expect(runCli(['aging', '--format', 'csv', '-L', DEMO]).stdout).toContain(',13056.26,');
    expect(runCli(['aging', '--format', 'json', '-L', DEMO]).stdout).toContain('"balance": "13056.26"');
  });

  it('groups the leading number of a cell only', () => {
    expect(groupThousands('1234567.89')).toBe('1,234,567.89');
    expect(groupThousands('-1077760')).toBe('-1,077,760');
    expect(groupThousands('999.99')).toBe('999.99');
    expect(groupThousands('0.1234')).toBe('0.1234');
    expect(groupThousands('1234d')).toBe('1,234d');
    expect(groupThousands('INV-1234')).toBe('INV-1234');
  });
});

describe('wrapText', () => {
  it('breaks at spaces, inside a word only when it must, and never loses a character', () => {
    expect(wrapText('Cascade Outdoor Supply Inc.', 12)).toEqual(['Cascade', 'Outdoor', 'Supply Inc.']);
    expect(wrapText('INV-2026-00001', 6)).toEqual(['INV-20', '26-000', '01']);
    expect(wrapText('short', 10)).toEqual(['short']);
    expect(wrapText('', 5)).toEqual(['']);
  });
});

describe('--quiet', () => {
  it('silences notes on stderr but never an error', () => {
    expect(runCli(['dunning', '--dry-run', '-L', DEMO]).stderr).not.toBe('');
    const q = runCli(['dunning', '--dry-run', '--quiet', '-L', DEMO]);
    expect(q.code).toBe(0);
    expect(q.stderr).toBe('');
    expect(q.stdout).toBe(runCli(['dunning', '--dry-run', '-L', DEMO]).stdout);
    const bad = runCli(['--quiet', 'aging', '--as-of', 'soon', '-L', DEMO]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--as-of "soon" is not a calendar date');
    const unknown = runCli(['invoice', 'show', 'NOPE', '--quiet', '-L', DEMO]);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).not.toBe('');
    expect(runCli(['agin', '--quiet', '-L', DEMO]).stderr).toContain('unknown command');
  });
});
