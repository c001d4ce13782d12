// SWIFT MT940 samples (shared/data/mt940) against the python mt940 library's parse of each (the .yml files).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Currency } from '../../src/core/money.js';
import { signedAmount, type BankLine, type BankStatement } from '../../src/core/reconcile/line.js';
import { parseDetails } from '../../src/io/bank/mt940.js';
import { parseStatement } from '../../src/io/bank/read.js';
import { SHARED } from '../helpers/cli.js';

const DIR = path.join(SHARED, 'data', 'mt940');

function read(file: string): { statements: readonly BankStatement[]; issues: readonly { line?: number; message: string }[] } {
  const r = parseStatement(file, fs.readFileSync(path.join(DIR, file)), {}, undefined, 'EUR' as Currency);
  expect(r.format).toBe('mt940');
  return r;
}

interface PyTx {
  amount: { amount: string[]; currency: string };
  date: { data: number[] }[] | Uint8Array[];
  entry_date?: { data: number[] }[] | Uint8Array[];
  customer_reference: string;
  bank_reference: string;
}

function pyDate(v: PyTx['date'] | undefined): string | null {
  if (!v) return null;
  const b = v[0] as unknown as Uint8Array;
  const y = b[0]! * 256 + b[1]!;
  return `${y}-${String(b[2]).padStart(2, '0')}-${String(b[3]).padStart(2, '0')}`;
}

function oracle(file: string): PyTx[] {
  const v = parse(fs.readFileSync(path.join(DIR, file), 'utf8'), { schema: 'failsafe', logLevel: 'silent', maxAliasCount: -1, uniqueKeys: false }) as {
    transactions?: { data: PyTx }[];
  };
  return (v.transactions ?? []).map((t) => t.data);
}

const cents = (s: string, ccy: string): number => {
  const [w, f = ''] = s.replace('-', '').split('.');
  const digits = ccy === 'JPY' ? 0 : 2;
  const n = Number(w) * 10 ** digits + Number(f.padEnd(digits, '0').slice(0, digits) || 0);
  return s.startsWith('-') ? -n : n;
};

// SOURCES.md: which statements of each sample reconcile (opening + movements = closing).
const UNBALANCED: Record<string, number> = {
  'jejik_abnamro.sta': 2, 'jejik_ing.sta': 1, 'jejik_rabobank.sta': 2, 'jejik_knab.sta': 1, 'jejik_postfinance.sta': 1,
  'jejik_triodos.sta': 1, 'self-provided_raiffeisen-cmi.sta': 1, 'betterplace_sepa_snippet.sta': 1,
};

describe('MT940 samples', () => {
  const files = fs.readdirSync(DIR).filter((f) => !f.endsWith('.yml')).sort();

  for (const file of files) {
    it(`parses ${file}`, () => {
      const { statements, issues } = read(file);
      const lines = statements.flatMap((s) => s.lines);
      expect(statements.length).toBeGreaterThan(0);
      expect(new Set(lines.map((l) => l.bankId)).size).toBe(lines.length);
      // A balance that does not add up is reported at its :62F: line, once per such statement.
      expect(issues.length).toBe(UNBALANCED[file] ?? 0);
      for (const i of issues) expect(i.message).toMatch(/but the closing balance is/);
      if (!file.endsWith('.sta')) return;
      const yml = file.replace(/\.sta$/, '.yml');
      const py = oracle(yml);
      expect(lines).toHaveLength(py.length);
      py.forEach((t, i) => {
        const l: BankLine = lines[i]!;
        // python mt940 signs by the last letter of the mark, so it reads RC (reversal of a credit, a debit entry)
        // as a credit; the SWIFT reading is the one under which these statements' balances add up.
        const want = cents(t.amount.amount[0]!, t.amount.currency);
        expect(signedAmount(l), `${file} #${i}`).toBe(l.reversal ? (l.direction === 'debit' ? -Math.abs(want) : Math.abs(want)) : want);
        expect(l.currency).toBe(t.amount.currency);
        expect(l.date).toBe(pyDate(t.entry_date) ?? pyDate(t.date));
        const bankRef = t.bank_reference === 'null' ? '' : t.bank_reference.trim();
        if (bankRef !== '' && bankRef !== 'NONREF' && !l.bankId.startsWith('mt940-')) expect(l.bankId).toBe(bankRef);
      });
    });
  }

  it('reads the 31 daily statements of the ASN Bank SWIFT envelope, empty days included', () => {
    const { statements } = read('ASNB_0708271685_09022020_164516.940.txt');
    expect(statements).toHaveLength(31);
    expect(statements.flatMap((s) => s.lines)).toHaveLength(8);
    expect(statements[0]!.from).toBe('2020-01-01');
    expect(statements[30]!.to).toBe('2020-01-31');
  });

  it('keeps withdrawn currencies (DEM) and reads "6800," as 6800.00', () => {
    const [s] = read('cmxl_mt940.sta').statements;
    expect(s!.lines[0]).toMatchObject({ currency: 'DEM', amount: 680000, direction: 'debit' });
  });

  it('reads the funds-code letter after C/D (Raiffeisen "CF2066637,00")', () => {
    const ls = read('self-provided_raiffeisen-cmi.sta').statements.flatMap((s) => s.lines);
    expect(ls.find((l) => l.direction === 'credit')).toMatchObject({ amount: 206663700, currency: 'HUF' });
  });

  it('takes payer name, IBAN, end-to-end reference and purpose from German ?NN subfields', () => {
    const l = read('betterplace_sepa_snippet.sta').statements[0]!.lines[0]!;
    expect(l).toMatchObject({ payerName: 'KARL        KAUFMANN', payerIban: 'DE14508800500194785000', direction: 'credit', amount: 5099005 });
    expect(l.reference).toContain('TFNR 22 004');
  });

  it('reads Dutch /KEY/ details', () => {
    expect(parseDetails('/TRTP/SEPA OVERBOEKING/IBAN/NL12RABO0123456789/BIC/RABONL2U/NAME/ACME CORP/REMI/INV-2026-00012/EREF/E2E-7')).toEqual({
      payerName: 'ACME CORP', payerIban: 'NL12RABO0123456789', text: 'INV-2026-00012', reference: 'E2E-7',
    });
  });

  it('reports a statement that does not add up at its closing balance line, with the values', () => {
    const { issues } = read('jejik_triodos.sta');
    expect(issues[0]).toMatchObject({ file: 'jejik_triodos.sta', line: 12 });
    expect(issues[0]!.message).toBe('statement "1308728725026/1/1": opening balance 4975.09 + movements -715.70 = 4259.39, but the closing balance is 4370.79 EUR');
  });
});
