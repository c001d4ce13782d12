// ISO 20022 camt.053/camt.054 samples (shared/data): every one parses; fields agree with genkgo/camt's parse.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/core/issues.js';
import type { Currency } from '../../src/core/money.js';
import { signedAmount, type BankLine, type BankStatement } from '../../src/core/reconcile/line.js';
import { readCamt } from '../../src/io/bank/camt.js';
import { parseStatement } from '../../src/io/bank/read.js';
import { SHARED } from '../helpers/cli.js';

const DATA = path.join(SHARED, 'data');

function read(rel: string): { statements: BankStatement[]; issues: readonly { line?: number; message: string }[] } {
  const r = parseStatement(rel, fs.readFileSync(path.join(DATA, rel)), {}, undefined, 'EUR' as Currency);
  expect(r.format).toBe('camt');
  return { statements: [...r.statements], issues: r.issues };
}

const lines = (s: readonly BankStatement[]): BankLine[] => s.flatMap((x) => x.lines);
const sum = (ls: readonly BankLine[]): number => ls.reduce((a, l) => a + signedAmount(l), 0);

const SAMPLES = [
  ...fs.readdirSync(path.join(DATA, 'camt053', 'handelsbanken')).map((f) => `camt053/handelsbanken/${f}`),
  ...fs.readdirSync(path.join(DATA, 'camt053', 'postfinance')).map((f) => `camt053/postfinance/${f}`),
  ...fs.readdirSync(path.join(DATA, 'camt054', 'postfinance')).map((f) => `camt054/postfinance/${f}`),
  ...fs.readdirSync(path.join(DATA, 'camt-genkgo')).filter((f) => f.endsWith('.xml') && !f.includes('wrong')).map((f) => `camt-genkgo/${f}`),
];

// genkgo's fixtures whose balances are dummies or do not add up (SOURCES.md): the mismatch must be reported.
const INCONSISTENT = new Set(['camt-genkgo/camt053.v2.minimal.xml', 'camt-genkgo/camt053.v2.five.decimals.xml', 'camt-genkgo/camt053.v2.all-balance-types.xml',
  'camt-genkgo/camt053.v3.xml', 'camt-genkgo/camt053.v4.xml', 'camt-genkgo/camt053.v8.xml']);

describe('camt samples', () => {
  for (const rel of SAMPLES) {
    it(`parses ${rel}`, () => {
      const { statements, issues } = read(rel);
      expect(statements.length).toBeGreaterThan(0);
      for (const l of lines(statements)) {
        expect(l.date).toMatch(/^\d{4}-\d\d-\d\d$/);
        expect(l.amount).toBeGreaterThan(0);
        expect(l.bankId).not.toBe('');
      }
      expect(new Set(lines(statements).map((l) => l.bankId)).size).toBe(lines(statements).length);
      if (INCONSISTENT.has(rel)) expect(issues.map((i) => i.message).join('\n')).toMatch(/but the closing balance is/);
      else expect(issues).toEqual([]);
    });
  }

  it('agrees with genkgo/camt on every entry: amount, currency, direction, booking date, servicer reference', () => {
    for (const f of fs.readdirSync(path.join(DATA, 'camt-genkgo')).filter((x) => x.endsWith('.json'))) {
      const expected = JSON.parse(fs.readFileSync(path.join(DATA, 'camt-genkgo', f), 'utf8')) as {
        getEntries: { getAmount: { getAmount: string; getCurrency: { getCode: string } }; getBookingDate: { 0: string }; getAccountServicerReference: string | null }[];
      };
      const ours = lines(read(`camt-genkgo/${f.replace(/\.json$/, '.xml')}`).statements);
      for (const e of expected.getEntries) {
        const date = e.getBookingDate[0].slice(0, 10);
        const same = ours.filter((l) => l.date === date && l.currency === e.getAmount.getCurrency.getCode);
        const amount = Number(e.getAmount.getAmount);
        const one = same.find((l) => signedAmount(l) === amount);
        // A batch entry is split into its transactions; together they are the entry.
        expect(one !== undefined || sum(same) === amount, `${f}: ${amount} on ${date}`).toBe(true);
        if (one && e.getAccountServicerReference) expect(one.bankId).toBe(e.getAccountServicerReference);
      }
    }
  });

  it('splits the Handelsbanken batch entry 8326 into its three payers, 13,384.60 SEK in all', () => {
    const ls = lines(read('camt053/handelsbanken/ISO20022_camt053_extended_SE_incoming_payments_incl_CB_example.xml').statements);
    expect(ls).toHaveLength(7);
    expect(sum(ls)).toBe(1338460);
    expect(ls.filter((l) => l.bankId.startsWith('55556666 00141/')).map((l) => [l.payerName, l.amount])).toEqual([
      ['DEBTOR NAME A', 440000], ['DEBTOR NAME B', 200000], ['DEBTOR NAME C', 192600],
    ]);
  });

  it('reads outgoing Handelsbanken payments as debits only', () => {
    const ls = lines(read('camt053/handelsbanken/ISO20022_camt053_extended_SE_outgoing_payments_example.xml').statements);
    expect(ls.every((l) => l.direction === 'debit')).toBe(true);
    expect(sum(ls)).toBe(-19815912);
  });

  it('reads three statements of one file, one of them empty and overdrawn', () => {
    const { statements } = read('camt053/handelsbanken/camt_053_swedish_account_statement.xml');
    expect(statements.map((s) => [s.account, s.lines.length])).toEqual([['123456789', expect.any(Number)], ['222333444', 0], ['45678910', expect.any(Number)]]);
    expect(statements[2]!.opening!.amount).toBe(-9648398);
    expect(statements[2]!.closing!.amount).toBe(-25174298);
  });

  it('keeps the 27-digit ESR references of PostFinance as text, with their zeros, and flags the reversals', () => {
    const { statements } = read('camt053/postfinance/camt.053_P_CH0309000000250090342_380000000_0_2016053100163801.xml');
    const ls = lines(statements);
    expect(ls).toHaveLength(32);
    expect(statements[0]!.opening!.amount + sum(ls)).toBe(statements[0]!.closing!.amount);
    expect(ls.filter((l) => l.reversal).map((l) => l.amount).sort()).toEqual([1553, 600]);
    const esr = ls.map((l) => l.reference).filter((r) => /^\d{27}$/.test(r));
    expect(esr.length).toBeGreaterThanOrEqual(10);
    expect(esr.some((r) => r.startsWith('0'))).toBe(true);
  });

  it('gives the PostFinance 620.00 batch the same line ids in the camt.053 statement and its camt.054 detail', () => {
    const stmt = lines(read('camt053/postfinance/camt.053_P_CH0309000000250090342_380000000_0_2016053100163801.xml').statements);
    const detail = lines(read('camt054/postfinance/v00104__camt.054-ES_P_CH0309000000250090342_38000000_0_2016052723011813.xml').statements);
    expect(detail).toHaveLength(8);
    expect(sum(detail)).toBe(62000);
    for (const l of detail) expect(stmt.find((s) => s.bankId === l.bankId)).toMatchObject({ amount: l.amount, direction: 'credit' });
  });

  it('reads the same camt.054 notification alike in .001.04 and .001.08', () => {
    const a = lines(read('camt054/postfinance/v00104__200519_camt.054_P_CH2909000000250094239_1111091335_0_2020061900081727_v2009.xml').statements);
    const b = lines(read('camt054/postfinance/camt054.v00108__200519_camt.054_P_CH2909000000250094239_1111091335_0_2020061900081727_v2019.xml').statements);
    const key = (l: BankLine): unknown[] => [l.date, l.amount, l.currency, l.direction, l.payerName, l.payerIban, l.reference];
    expect(a.map(key)).toEqual(b.map(key));
    expect(a.map((l) => l.amount)).toEqual([77829, 91393]);
    expect(a[0]!.payerIban).toBe('CH5109000000250092291');
  });

  it('marks the pending credit as not booked and the reversed one as a reversal', () => {
    const ls = lines(read('camt054/postfinance/v00104__camt_054_Beispiel_NoCrdtBookedNotReversed.xml').statements);
    expect(ls.map((l) => [l.amount, l.direction, l.booked, l.reversal])).toEqual([
      [11100, 'credit', true, true], [200, 'credit', false, false], [300, 'debit', true, false],
    ]);
  });

  it('reports the genkgo minimal statement whose balances do not add up, naming the values', () => {
    const { issues } = read('camt-genkgo/camt053.v2.minimal.xml');
    expect(issues[0]!.message).toBe('statement "253EURNL26VAYB8060476890": opening balance 18.15 + booked entries 8.85 = 27.00, but the closing balance is -27.00 SEK');
    expect(issues[0]!.line).toBeGreaterThan(1);
  });

  it('refuses an XML file that is not a camt statement', () => {
    expect(() => read('camt-genkgo/camt053.v2.wrong.xml')).toThrow(/is XML but not an ISO 20022 camt\.053\/camt\.054 statement/);
  });

  it('refuses a DOCTYPE before parsing, at its line (no entity expansion)', () => {
    const bomb = '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n<!ENTITY lol2 "&lol;&lol;&lol;&lol;">\n]>\n<Document><BkToCstmrStmt><Stmt><Id>&lol2;</Id></Stmt></BkToCstmrStmt></Document>';
    try {
      readCamt('bomb.xml', bomb);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DataError);
      expect((e as DataError).message).toMatch(/^bomb\.xml:2: the XML declares a DOCTYPE/);
    }
  });

  it('reports broken XML at its line', () => {
    expect(() => readCamt('cut.xml', '<?xml version="1.0"?>\n<Document>\n<BkToCstmrStmt>\n<Stmt>\n</Document>')).toThrow(/^cut\.xml:\d+: is not well-formed XML/);
  });
});
