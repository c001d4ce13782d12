// OFX 1.x (SGML) and 2.x (XML) and QFX: every real file in shared/data/ofx against an independent count of its raw
// text (the <STMTTRN> tags and the sum of their <TRNAMT> values), and the hostile cases a download can bring.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/core/issues.js';
import type { Currency } from '../../src/core/money.js';
import { signedAmount } from '../../src/core/reconcile/line.js';
import { parseStatement } from '../../src/io/bank/read.js';
import { ROOT, SHARED } from '../helpers/cli.js';

const DIR = path.join(SHARED, 'data', 'ofx');
const EUR = 'EUR' as Currency;

const parse = (name: string, bytes: Uint8Array | string): ReturnType<typeof parseStatement> =>
  parseStatement(name, typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes, {}, undefined, EUR);

/** What grep would say: how many <STMTTRN> tags, and the sum of their TRNAMT in cents, read with a plain regex. */
function rawCount(text: string): { count: number; cents: number } {
  const blocks = text.split(/<STMTTRN>/i).slice(1);
  let cents = 0;
  for (const b of blocks) {
    const m = /<TRNAMT>\s*([-+]?)(\d*)(?:\.(\d{0,2}))?\s*(?:<|$)/i.exec(b);
    if (!m) continue;
    const v = Number(m[2] || '0') * 100 + Number((m[3] ?? '').padEnd(2, '0'));
    cents += m[1] === '-' ? -v : v;
  }
  return { count: blocks.length, cents };
}

describe('every OFX file of shared/data/ofx', () => {
  const files = fs.readdirSync(DIR).filter((f) => !f.startsWith('fail_'));
  it('has files to read', () => expect(files.length).toBeGreaterThanOrEqual(6));
  for (const f of files) {
    it(`reads ${f}: the same transactions and sum as a count of the raw file`, () => {
      const bytes = fs.readFileSync(path.join(DIR, f));
      const r = parse(f, bytes);
      expect(r.format).toBe('ofx');
      expect(r.issues).toEqual([]);
      const lines = r.statements.flatMap((s) => s.lines);
      const raw = rawCount(bytes.toString('latin1'));
      expect(lines.length).toBe(raw.count);
      expect(lines.reduce((n, l) => n + signedAmount(l), 0)).toBe(raw.cents);
      for (const l of lines) expect(l.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });
  }

  it('reads the fields of a 1.02 SGML statement (checking.ofx)', () => {
    const r = parse('checking.ofx', fs.readFileSync(path.join(DIR, 'checking.ofx')));
    const s = r.statements[0]!;
    expect(s).toMatchObject({ account: '1452687~7', from: '2000-01-01', to: '2013-05-25', opening: null, closing: { date: '2013-05-25', amount: 10099, currency: 'USD' } });
    expect(s.lines.map((l) => [l.bankId, l.date, l.direction, l.amount, l.currency, l.payerName])).toEqual([
      ['0000486', '2011-03-31', 'credit', 1, 'USD', 'DIVIDEND EARNED FOR PERIOD OF 03'],
      ['0000487', '2011-04-05', 'debit', 3451, 'USD', 'AUTOMATIC WITHDRAWAL, ELECTRIC BILL'],
      ['0000488', '2011-04-07', 'debit', 2500, 'USD', 'RETURNED CHECK FEE, CHECK # 319'],
    ]);
    expect(s.lines[0]!.sourceLine).toBe(46);
  });

  it('reads CDATA in a 2.0 XML statement and a transaction currency where CURDEF is empty', () => {
    const sun = parse('suncorp.ofx', fs.readFileSync(path.join(DIR, 'suncorp.ofx'))).statements[0]!.lines[0]!;
    expect(sun).toMatchObject({ payerName: 'EFTPOS WDL HANDYWAY ALDI STORE', currency: 'AUD', amount: 1685, direction: 'debit' });
    const empty = parse('e.ofx', fs.readFileSync(path.join(DIR, 'ofx-v102-empty-tags.ofx'))).statements[0]!.lines[0]!;
    expect(empty).toMatchObject({ currency: 'AUD', amount: 1234, direction: 'credit', text: 'CBA:Transfer', date: '2018-05-07' });
  });

  it('reads two accounts of one file as two statements (multiple_accounts2.ofx)', () => {
    const r = parse('m.ofx', fs.readFileSync(path.join(DIR, 'multiple_accounts2.ofx')));
    expect(r.statements.map((s) => [s.account, s.closing?.amount])).toEqual([['9100', 11100], ['9200', 22200]]);
  });

  it('reports the broken amount and date of fail_nice/decimal_error.ofx at their lines', () => {
    const r = parse('decimal_error.ofx', fs.readFileSync(path.join(DIR, 'fail_nice_decimal_error.ofx')));
    expect(r.issues.map((i) => [i.line, i.message])).toEqual([
      [36, 'DTPOSTED "201120000000" is not a date'],
      [37, 'TRNAMT "$120" is not an OFX amount (a sign, digits and a decimal point, e.g. -1234.56)'],
    ]);
  });
});

describe('the csv2ofx conversions in shared/data/bank-csv/expected-csv2ofx (OFX without the OFXHEADER line)', () => {
  const dir = path.join(SHARED, 'data', 'bank-csv', 'expected-csv2ofx');
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.ofx') && x !== 'mint.ofx')) {
    it(`reads ${f} like a count of its raw text`, () => {
      const bytes = fs.readFileSync(path.join(dir, f));
      const r = parse(f, bytes);
      expect(r.issues).toEqual([]);
      const raw = rawCount(bytes.toString('utf8'));
      const lines = r.statements.flatMap((s) => s.lines);
      // csv2ofx writes zero-amount rows too; a zero moves no money and is left out.
      const zeros = (bytes.toString('utf8').match(/<TRNAMT>-?0+(\.0+)?</g) ?? []).length;
      expect(lines.length).toBe(raw.count - zeros);
      expect(lines.reduce((n, l) => n + signedAmount(l), 0)).toBe(raw.cents);
    });
  }
  it('names the intrabank transfers of mint.ofx as no statement', () => {
    expect(() => parse('mint.ofx', fs.readFileSync(path.join(dir, 'mint.ofx')))).toThrow(/mint\.ofx: is OFX without a bank or credit-card statement \(it holds INTRARS/);
  });
});

describe('hostile OFX', () => {
  const sgml = (body: string, header = 'CHARSET:1252'): string => `OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n${header}\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD<BANKACCTFROM><ACCTID>1</BANKACCTFROM><BANKTRANLIST>\n${body}\n</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n`;
  const trn = (amt: string, name = 'X'): string => `<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20261103<TRNAMT>${amt}<FITID>A${amt}<NAME>${name}</STMTTRN>`;

  it('decodes CHARSET:1252 as Windows-1252 and ENCODING:UTF-8 as UTF-8', () => {
    // 0x80 is the euro sign in Windows-1252 (a control character in ISO-8859-1).
    const latin = Buffer.from(sgml(trn('1.00', 'M\u00fcller \u0080')), 'latin1');
    expect(parse('a.ofx', latin).statements[0]!.lines[0]!.payerName).toBe('M\u00fcller \u20ac');
    expect(parse('u.ofx', Buffer.from(sgml(trn('1.00', 'M\u00fcller'), 'ENCODING:UTF-8'))).statements[0]!.lines[0]!.payerName).toBe('M\u00fcller');
    expect(() => parse('bad.ofx', Buffer.concat([Buffer.from(sgml(trn('1.00'), 'ENCODING:UTF-8').slice(0, 120)), Buffer.from([0xff, 0xfe]), Buffer.from('\n')])))
      .toThrow(/bad\.ofx:\d+: is not valid UTF-8, the encoding its header names/);
  });

  it.each([
    ['1,234.56', 'has a thousands separator, which OFX amounts never carry'],
    ['12.345', 'has more decimals than USD has (2)'],
    ['USD 5', 'is not an OFX amount'],
    ['', 'is missing'],
  ])('refuses the amount %j at its line', (amt, problem) => {
    const r = parse('t.ofx', sgml(trn(amt)));
    expect(r.issues[0]!.line).toBe(7);
    expect(r.issues[0]!.message).toContain(problem);
  });

  it('reads a comma as the decimal mark, which the OFX spec allows', () => {
    expect(parse('c.ofx', sgml(trn('-12,50'))).statements[0]!.lines[0]).toMatchObject({ amount: 1250, direction: 'debit' });
  });

  it('keeps control and bidi characters as text, never as structure', () => {
    const l = parse('b.ofx', sgml(trn('5.00', 'ACME\u202e\u0007 CORP'), 'ENCODING:UTF-8')).statements[0]!.lines[0]!;
    expect(l.payerName).toBe('ACME\u202e\u0007 CORP');
  });

  it('refuses a file cut short inside an aggregate, and nesting far deeper than a statement, at their lines', () => {
    expect(() => parse('cut.ofx', 'OFXHEADER:100\n\n<OFX>\n<BANKMSGSRSV1>\n<STMTTRNRS>\n<STMTRS>\n<CURDEF>USD\n<BANKTRANLIST>\n<STMTTRN>\n<TRNAMT>1.00'))
      .toThrow(/cut\.ofx:9: the file ends inside <STMTTRN>, which is never closed/);
    expect(() => parse('deep.ofx', `OFXHEADER:100\n\n<OFX>${'<A>'.repeat(100_000)}`)).toThrow(/deep\.ofx:3: the OFX nests elements more than 64 deep/);
  });

  it('refuses an OFX file without a statement, naming what it holds', () => {
    expect(() => parse('inv.ofx', 'OFXHEADER:100\n\n<OFX><INVSTMTMSGSRSV1><INVSTMTTRNRS><INVSTMTRS><CURDEF>USD</INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1></OFX>'))
      .toThrow(/inv\.ofx: is OFX without a bank or credit-card statement \(it holds INVSTMTRS/);
  });

  it('reads a statement of 50,000 transactions, its lines numbered right to the end', () => {
    const body = Array.from({ length: 50_000 }, (_, i) => `<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20261103<TRNAMT>${i + 1}.00<FITID>F${i}<NAME>Payer ${i}</STMTTRN>`).join('\n');
    const lines = parse('big.ofx', sgml(body)).statements[0]!.lines;
    expect(lines.length).toBe(50_000);
    expect(lines[49_999]!.sourceLine).toBe(50_006);
  });

  it('reads the QFX fixture with its pending transaction', () => {
    const r = parse('cascade.qfx', fs.readFileSync(path.join(ROOT, 'fixtures', 'bank', 'cascade-2026-11.qfx')));
    expect(r.statements[0]!.lines.map((l) => [l.amount, l.booked, l.text])).toEqual([
      [61290, true, 'CASCADE OUTDOOR SUPPLY PO-28811 & freight'], [4210, true, 'OFFICE SUPPLIES'], [540540, false, 'Greenfield Analytics LLC INV-2026-00100'],
    ]);
  });
});

describe('errors are DataErrors, never crashes', () => {
  it('throws DataError for a body that is no OFX', () => {
    expect(() => parse('x.ofx', 'OFXHEADER:100\n\n<OFX> text <<< >')).toThrow(DataError);
  });
});

describe('property: an OFX statement reads the same as SGML and as XML', () => {
  const tx = fc.record({
    cents: fc.integer({ min: -99_999_999, max: 99_999_999 }).filter((n) => n !== 0),
    day: fc.integer({ min: 1, max: 28 }),
    name: fc.stringMatching(/^[A-Za-z0-9 .,&'-]{0,30}$/),
    memo: fc.stringMatching(/^[A-Za-z0-9 .,/&-]{0,60}$/),
  });
  const amount = (c: number): string => `${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`;
  const esc = (s: string): string => s.replace(/&/g, '&amp;');

  it('gives the same lines, sums and order for both syntaxes', () => {
    fc.assert(fc.property(fc.array(tx, { minLength: 1, maxLength: 20 }), (txs) => {
      const trn = (closed: boolean): string => txs.map((t, i) => {
        const el = (n: string, v: string): string => (closed ? `<${n}>${v}</${n}>` : `<${n}>${v}\n`);
        return `<STMTTRN>${el('TRNTYPE', t.cents > 0 ? 'CREDIT' : 'DEBIT')}${el('DTPOSTED', `202611${String(t.day).padStart(2, '0')}`)}${el('TRNAMT', amount(t.cents))}${el('FITID', `F${i}`)}${t.name.trim() !== '' ? el('NAME', esc(t.name)) : ''}${t.memo.trim() !== '' ? el('MEMO', esc(t.memo)) : ''}</STMTTRN>\n`;
      }).join('');
      const sgml = `OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD\n<BANKACCTFROM><ACCTID>1\n</BANKACCTFROM><BANKTRANLIST>\n${trn(false)}</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`;
      const xml = `<?xml version="1.0"?>\n<?OFX OFXHEADER="200" VERSION="220"?>\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD</CURDEF><BANKACCTFROM><ACCTID>1</ACCTID></BANKACCTFROM><BANKTRANLIST>\n${trn(true)}</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`;
      const strip = (r: ReturnType<typeof parse>): unknown => r.statements[0]!.lines.map(({ sourceLine: _, ...l }) => l);
      const a = parse('a.ofx', sgml);
      const b = parse('b.ofx', xml);
      expect(a.issues).toEqual([]);
      expect(strip(a)).toEqual(strip(b));
      expect(a.statements[0]!.lines.map((l) => signedAmount(l))).toEqual(txs.map((t) => t.cents));
    }), { numRuns: 60 });
  });
});
