// BAI2: every real file in shared/data/bai2 against an independent count of its raw text (the 16 records, and
// their amounts signed by type code), the control totals SOURCES.md reports, and hostile input.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Currency } from '../../src/core/money.js';
import { signedAmount } from '../../src/core/reconcile/line.js';
import { parseStatement } from '../../src/io/bank/read.js';
import { ROOT, SHARED } from '../helpers/cli.js';

const DIR = path.join(SHARED, 'data', 'bai2');
const parse = (name: string, bytes: Uint8Array | string): ReturnType<typeof parseStatement> =>
  parseStatement(name, typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes, {}, undefined, 'EUR' as Currency);

/** What grep would say: every `16,` record start (at a line start or after a `/`), its type code and amount. */
function rawCount(text: string): { count: number; cents: number } {
  let count = 0;
  let cents = 0;
  for (const m of text.matchAll(/(?:^|\/\s+)16,(\d{3}),(\d+),/gm)) {
    count++;
    const code = Number(m[1]);
    cents += code < 400 ? Number(m[2]) : -Number(m[2]);
  }
  return { count, cents };
}

// SOURCES.md: sample4 and sample5 each have two accounts whose 49 control totals (an edited sample) do not add up.
const UNBALANCED: Record<string, string[]> = {
  'sample4-continuations-newline-delimited.bai2.txt': ['107049932', '104108339'],
  'sample5-issue113.bai2.txt': ['107049932', '104108339'],
};

describe('every BAI2 file of shared/data/bai2', () => {
  const files = fs.readdirSync(DIR);
  it('has the five samples', () => expect(files.length).toBe(5));
  for (const f of files) {
    it(`reads ${f}: the same 16 records and sum as a count of the raw file`, () => {
      const bytes = fs.readFileSync(path.join(DIR, f));
      const r = parse(f, bytes);
      expect(r.format).toBe('bai2');
      const lines = r.statements.flatMap((s) => s.lines);
      const raw = rawCount(bytes.toString('latin1'));
      expect(lines.length).toBe(raw.count);
      expect(lines.reduce((n, l) => n + signedAmount(l), 0)).toBe(raw.cents);
      expect(r.unbalanced.map((u) => u.id)).toEqual(UNBALANCED[f] ?? []);
      expect(r.issues.length).toBe((UNBALANCED[f] ?? []).length);
      for (const u of r.unbalanced) expect(r.statements[u.index]!.id).toBe(u.id);
    });
  }

  it('reads sample1: implied cents, CAD from the group, as-of date, account per 03 record', () => {
    const r = parse('s1', fs.readFileSync(path.join(DIR, 'sample1.bai2.txt')));
    expect(r.statements.map((s) => [s.id, s.from, s.lines.length])).toEqual([['10200123456', '2006-03-17', 11], ['10200123456', '2006-03-17', 6]]);
    expect(r.statements[0]!.lines[0]).toMatchObject({ amount: 2500, currency: 'CAD', direction: 'debit', text: 'RETURNED CHEQUE', sourceLine: 5 });
    expect(r.statements[0]!.lines[3]).toMatchObject({ amount: 203500, direction: 'credit', text: 'TFR 1020 0345678' });
  });

  it('reads sample2: funds types S, V and D, 88 continuations of summaries and of text', () => {
    const r = parse('s2', fs.readFileSync(path.join(DIR, 'sample2.bai2.txt')));
    const lines = r.statements.flatMap((s) => s.lines);
    expect(lines.map((l) => [l.amount, l.currency, l.text])).toEqual([
      [450000, 'USD', ''], [500000, 'USD', 'LOCK BOX NO.68751'],
      [20000000, 'USD', 'YRC065321 PROCEEDS OF LETTER OF CREDIT FROM THE ARAMCO OIL CO'], [10000000, 'USD', ''],
    ]);
    expect(lines[2]!.bankId).toBe('SP4738');
    expect(r.statements[1]!.opening).toMatchObject({ amount: -500000 });
  });

  it('reads sample3: several records on one line, and a text broken over two lines; its ledger balances add up', () => {
    const r = parse('s3', fs.readFileSync(path.join(DIR, 'sample3.bai2.txt')));
    expect(r.statements.length).toBe(15);
    expect(r.statements[0]!.lines.map((l) => l.text)).toEqual([
      'TRANSFER PAYPAL PPD', 'TRANSFER MSPBNA BANK PPD', 'Ext Trnsfr JPMorgan Chase PPD',
      '111111 ACH_SETL 1111111111 111111111111111 1111111111', '111111 ACH_SETL 1111111111 111111111111111 1111111111',
      'Ext Trnsfr JPMorgan Chase 1111111111 111111111111111 11111111111',
    ]);
    expect(r.statements[0]!.opening!.amount).toBe(-3500);
    expect(r.statements[0]!.closing!.amount).toBe(-3600);
  });

  it('reads the payer, remittance and reference of 88 "KEY: value" continuations (sample4)', () => {
    const r = parse('s4', fs.readFileSync(path.join(DIR, 'sample4-continuations-newline-delimited.bai2.txt')));
    const wire = r.statements.flatMap((s) => s.lines).find((l) => l.bankId === 'GI2228400005800')!;
    expect(wire).toMatchObject({ direction: 'credit', amount: 50050, payerName: 'SAMPLE INC', reference: 'RTR60880840833' });
    expect(wire.text).toContain('Test Remittance');
  });

  it('reads a lone "88:" (sample5) as the continuation it is meant to be', () => {
    const r = parse('s5', fs.readFileSync(path.join(DIR, 'sample5-issue113.bai2.txt')));
    const ret = r.statements.flatMap((s) => s.lines).find((l) => l.bankId === 'SC2134800001999')!;
    expect(ret.reference).toBe('07370568132');
  });
});

describe('hostile BAI2', () => {
  const file = (body: string): string => `01,A,B,261130,0700,1,80,,2/\n02,B,A,1,261130,0700,USD,2/\n03,123,USD,010,0,,,015,1000,,/\n${body}\n49,2000,3/\n98,2000,1,5/\n99,2000,1,7/\n`;

  it.each([
    ['16,195,10.00,Z,R1,,X/', 'amount "10.00" is not a whole number of cents'],
    ['16,195,1000,Q,R1,,X/', 'funds type "Q" is not 0, 1, 2, S, V, D or Z'],
    ['16,AB,1000,Z,R1,,X/', 'type code "AB" is not three digits'],
    ['16,950,1000,Z,R1,,X/', 'type code 950 is neither a credit (100–399) nor a debit (400–699)'],
    ['17,195,1000,Z,R1,,X/', '"17" is not a BAI2 record type'],
  ])('refuses %j at its line', (rec, problem) => {
    const r = parse('h.bai2', file(rec));
    expect(r.issues[0]).toMatchObject({ file: 'h.bai2', line: 4 });
    expect(r.issues[0]!.message).toContain(problem);
  });

  it('refuses a file cut short (no 99 trailer)', () => {
    const r = parse('cut.bai2', '01,A,B,261130,0700,1,80,,2/\n02,B,A,1,261130,0700,USD,2/\n03,123,USD,010,0,,/\n16,195,1000,Z,R1,,X/\n');
    expect(r.issues.map((i) => i.message)).toContain('has no 99 file trailer: the file was cut short');
  });

  it('names an account whose balances or control total do not add up, as unbalanced', () => {
    const r = parse('u.bai2', file('16,195,999,Z,R1,,X/'));
    expect(r.unbalanced.map((u) => u.id)).toEqual(['123']);
    expect(r.issues[0]!.message).toBe('account "123": opening ledger 0.00 + credits 9.99 - debits 0.00 = 9.99, but the closing ledger is 10.00 USD');
    expect(parse('ok.bai2', file('16,195,1000,Z,R1,,X/')).issues).toEqual([]);
  });

  it('reads the demo fixture with its lockbox credit', () => {
    const r = parse('f.bai2', fs.readFileSync(path.join(ROOT, 'fixtures', 'bank', 'commerz-usd-2026-11-30.bai2')));
    expect(r.issues).toEqual([]);
    expect(r.statements[0]!.lines.map((l) => [l.bankId, l.direction, l.amount, l.payerName])).toEqual([
      ['FW2611300001', 'credit', 540540, 'GREENFIELD ANALYTICS LLC'], ['LB2611300002', 'credit', 61560, ''], ['CK2611300003', 'debit', 12000, ''],
    ]);
  });
});

describe('property: a BAI2 file reads the same whatever its line layout, and its totals check out', () => {
  const detail = fc.record({
    code: fc.constantFrom(142, 165, 195, 301, 399, 451, 475, 495, 699),
    cents: fc.integer({ min: 1, max: 9_999_999_999 }),
    funds: fc.constantFrom('', '0', 'Z', 'V,261130,', 'S,100,200,300', 'D,2,0,100,1,200'),
    text: fc.stringMatching(/^[A-Z0-9 .:-]{0,40}$/),
  });

  it('one record a line or several records a line: the same lines, no issues', () => {
    fc.assert(fc.property(fc.array(detail, { minLength: 1, maxLength: 12 }), fc.integer({ min: -1_000_000, max: 1_000_000 }), (ds, opening) => {
      const moved = ds.reduce((n, d) => n + (d.code < 400 ? d.cents : -d.cents), 0);
      const closing = opening + moved;
      const recs = ds.map((d, i) => `16,${d.code},${d.cents},${d.funds},B${i},C${i},${d.text}/`);
      const control = opening + closing + ds.reduce((n, d) => n + d.cents, 0);
      const head = ['01,A,B,261130,0700,1,80,,2/', '02,B,A,1,261130,0700,USD,2/', `03,9,USD,010,${opening},,,015,${closing},,/`];
      const tail = [`49,${control},${ds.length + 2}/`, `98,${control},1,${ds.length + 4}/`, `99,${control},1,${ds.length + 6}/`];
      const oneALine = [...head, ...recs, ...tail].join('\n');
      const packed = [`${head.join('  ')}\n`, ...recs.map((r, i) => (i % 3 === 2 ? `${r}\n` : `${r}   `)), tail.join(' ')].join('');
      const a = parse('a.bai2', oneALine);
      const b = parse('b.bai2', packed);
      expect(a.issues.map((x) => x.message)).toEqual([]);
      expect(b.issues.map((x) => x.message)).toEqual([]);
      const strip = (r: ReturnType<typeof parse>): unknown => r.statements[0]!.lines.map(({ sourceLine: _, ...l }) => l);
      expect(strip(b)).toEqual(strip(a));
      expect(a.statements[0]!.lines.map((l) => [l.bankId, signedAmount(l)])).toEqual(ds.map((d, i) => [`B${i}`, d.code < 400 ? d.cents : -d.cents]));
    }), { numRuns: 60 });
  });
});
