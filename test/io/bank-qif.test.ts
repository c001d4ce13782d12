// QIF: csv2ofx's conversions in shared/data (their T lines counted independently), day/month order, Quicken's
// amounts and apostrophe years, latin-1 files, and what is not a money account.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Currency } from '../../src/core/money.js';
import { signedAmount } from '../../src/core/reconcile/line.js';
import { parseStatement } from '../../src/io/bank/read.js';
import { ROOT, SHARED } from '../helpers/cli.js';

const parse = (name: string, bytes: Uint8Array | string, ccy = 'EUR'): ReturnType<typeof parseStatement> =>
  parseStatement(name, typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes, {}, undefined, ccy as Currency);

describe('the QIF files of shared/data/bank-csv/expected-csv2ofx', () => {
  const dir = path.join(SHARED, 'data', 'bank-csv', 'expected-csv2ofx');
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.qif'))) {
    it(`reads ${f} like a count of its T lines under !Type:Bank`, () => {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      const r = parse(f, Buffer.from(text));
      expect(r.format).toBe('qif');
      expect(r.issues).toEqual([]);
      const body = text.slice(text.indexOf('!Type:Bank'));
      const amounts = [...body.matchAll(/^T(-?)([\d,]+)(?:\.(\d\d))?$/gm)].map((m) => (m[1] ? -1 : 1) * (Number(m[2]!.replace(/,/g, '')) * 100 + Number(m[3] ?? 0)));
      const lines = r.statements[0]!.lines;
      expect(lines.length).toBe(amounts.filter((a) => a !== 0).length);
      expect(lines.reduce((n, l) => n + signedAmount(l), 0)).toBe(amounts.reduce((a, b) => a + b, 0));
    });
  }

  it('reads the payee, memo and date of ubs-ch-fr.qif (ISO dates)', () => {
    const r = parse('u.qif', fs.readFileSync(path.join(dir, 'ubs-ch-fr.qif')), 'CHF');
    expect(r.statements[0]!.lines[1]).toMatchObject({ date: '2019-02-28', amount: 24000, currency: 'CHF', direction: 'credit', payerName: 'ASSOCIATION FOO-BAR' });
  });
});

describe('QIF dates, amounts and encodings', () => {
  const qif = (...records: string[]): string => `!Type:Bank\n${records.map((r) => `${r}\n^`).join('\n')}\n`;

  it('reads month-first unless a date proves day-first', () => {
    expect(parse('a.qif', qif('D02/08/2026\nT1.00')).statements[0]!.lines[0]!.date).toBe('2026-02-08');
    expect(parse('b.qif', qif('D02/08/2026\nT1.00', 'D25/08/2026\nT2.00')).statements[0]!.lines.map((l) => l.date)).toEqual(['2026-08-02', '2026-08-25']);
    expect(parse('c.qif', qif('D3.11.2026\nT1.00')).statements[0]!.lines[0]!.date).toBe('2026-11-03');
  });

  it("reads Quicken's apostrophe years and thousands separators", () => {
    const r = parse('q.qif', qif("D11/ 3'26\nT-1,234.56\nPRENT", 'D11/4/26\nT12,50\nPX'));
    expect(r.statements[0]!.lines.map((l) => [l.date, l.direction, l.amount])).toEqual([['2026-11-03', 'debit', 123456], ['2026-11-04', 'credit', 1250]]);
  });

  it('reports a date or amount it cannot read at its line', () => {
    const r = parse('bad.qif', qif('D11/31/2026\nT1.00', 'D11/03/2026\nT1.2.3'));
    expect(r.issues.map((i) => [i.line, i.message])).toEqual([[2, 'date "11/31/2026" is not a date'], [6, 'amount "1.2.3" is not an amount written with "." as the decimal mark']]);
  });

  it('reads a latin-1 (Windows-1252) file', () => {
    const r = parse('l.qif', fs.readFileSync(path.join(ROOT, 'fixtures', 'bank', 'haspa-2026-11.qif')));
    expect(r.statements[0]!.account).toBe('Haspa Geschäftskonto');
    expect(r.statements[0]!.lines.length).toBe(3);
  });

  it('leaves out categories, classes and investment accounts', () => {
    const r = parse('m.qif', '!Type:Cat\nNGroceries\nE\n^\n!Type:Bank\nD11/03/2026\nT5.00\n^\n!Type:Invst\nD11/03/2026\nNBuy\nT100.00\n^\n');
    expect(r.statements[0]!.lines.map((l) => l.amount)).toEqual([500]);
  });
});
