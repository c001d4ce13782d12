// `void` from the CLI: the rows it writes, refusals that leave the ledger unchanged, and every report reading the
// voids (kpi and behavior without the voided invoice, statements marking it, the cache never used with voids).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE_CONFIG, BASE_CUSTOMERS, runCli, snapshotDir, tempLedger } from '../helpers/cli.js';

const INVOICES = 'id,kind,date,due,customer,currency,amount,terms,reference,memo\n'
  + 'INV-1,invoice,2026-10-01,2026-10-31,ACME,EUR,500.00,net30,,\nINV-2,invoice,2026-10-05,2026-11-04,ACME,EUR,300.00,net30,,\n';
const PAYMENTS = 'id,date,customer,currency,amount,method,reference,bank_ref,memo\nPAY-1,2026-11-02,ACME,EUR,300.00,transfer,,,\n';
const APPS = 'date,credit,debit,amount\n2026-11-02,PAY-1,INV-2,300.00\n';

function ledger(): string {
  return tempLedger({ 'ledger.yaml': BASE_CONFIG, 'customers.yaml': BASE_CUSTOMERS, 'invoices.csv': INVOICES, 'payments.csv': PAYMENTS, 'applications.csv': APPS });
}
const env = { ARLEDGER_USER: 'Anna Keller' };
const read = (dir: string, name: string): string => fs.readFileSync(path.join(dir, name), 'utf8');
const run = (dir: string, ...args: string[]): ReturnType<typeof runCli> => runCli([...args, '-L', dir], { env });

describe('void', { timeout: 120_000 }, () => {
  it('voids an invoice with a credit note for its full amount, applied, and a voids.csv row', () => {
    const dir = ledger();
    const r = run(dir, 'void', 'INV-1', '--reason', 'billed the wrong customer');
    expect(r.stdout).toBe('CN-2026-0001\n');
    expect(r.stderr).toBe('arledger: voided INV-1 on 2026-11-30: reversed by credit note CN-2026-0001\n');
    expect(r.code).toBe(0);
    expect(read(dir, 'credits.csv')).toBe('id,kind,date,customer,currency,amount,invoice,reason\nCN-2026-0001,credit-note,2026-11-30,ACME,EUR,500.00,INV-1,void of INV-1: billed the wrong customer\n');
    expect(read(dir, 'applications.csv')).toBe(`${APPS}2026-11-30,CN-2026-0001,INV-1,500.00\n`);
    expect(read(dir, 'voids.csv')).toBe('date,document,reversal,applications,reason,by\n2026-11-30,INV-1,CN-2026-0001,0,billed the wrong customer,Anna Keller\n');
    expect(run(dir, 'check').code).toBe(0);
    const aging = JSON.parse(run(dir, 'aging', '--format', 'json').stdout) as { totals: { open: string }[] };
    expect(aging.totals).toEqual([]);
    // kpi: only INV-2 was ever invoiced.
    const kpi = JSON.parse(run(dir, 'kpi', '--from', '2026-10-01', '--to', '2026-10-31', '--format', 'json').stdout) as { periods: { invoiced: string }[] };
    expect(kpi.periods[0]!.invoiced).toBe('300.00');
    const statement = run(dir, 'statement', 'ACME', '--from', '2026-10-01').stdout;
    expect(statement).toMatch(/INV-1\s+Invoice, voided 2026-11-30/);
    expect(statement).toMatch(/CN-2026-0001\s+Credit note, voids INV-1/);
  });

  it('voids a payment: what it settled is open again, its money unapplied; aging agrees with and without the cache', () => {
    const dir = ledger();
    const r = run(dir, 'void', 'PAY-1', '--reason', 'wrong invoice', '--format', 'json');
    expect(JSON.parse(r.stdout)).toEqual({ voided: 'PAY-1', kind: 'payment', date: '2026-11-30', amount: '300.00', currency: 'EUR', reversal: null, reversed: [{ document: 'INV-2', amount: '300.00' }] });
    const aging = run(dir, 'aging', '--format', 'json', '--detail');
    expect(JSON.parse(aging.stdout).totals).toEqual([{ currency: 'EUR', buckets: { current: '0.00', '1-30': '800.00', '31-60': '0.00', '61-90': '0.00', '91+': '0.00' }, open: '800.00', unapplied: '300.00', balance: '500.00' }]);
    expect(run(dir, 'aging', '--format', 'json', '--detail', '--no-cache').stdout).toBe(aging.stdout);
    expect(run(dir, 'apply', '--credit', 'PAY-1', '--invoice', 'INV-1').code).toBe(0);
    expect(run(dir, 'check').code).toBe(0);
  });

  it('voids a payment with --refund', () => {
    const dir = ledger();
    expect(run(dir, 'void', 'PAY-1', '--refund', '--reason', 'paid twice').stdout).toBe('RF-2026-0001\n');
    expect(read(dir, 'refunds.csv')).toBe('id,date,customer,currency,amount,method,reference,memo\nRF-2026-0001,2026-11-30,ACME,EUR,300.00,,PAY-1,void of PAY-1: paid twice\n');
    expect(JSON.parse(run(dir, 'aging', '--format', 'json').stdout).totals[0].balance).toBe('800.00');
  });

  const refusals: [string, string[], RegExp][] = [
    ['an invoice a payment settled', ['void', 'INV-2', '--reason', 'x'], /INV-2 is partly settled by PAY-1 \(300.00\) — void PAY-1 first/],
    ['an unknown document', ['void', 'NOPE', '--reason', 'x'], /document "NOPE" does not exist — documents: INV-1, INV-2, PAY-1/],
    ['--refund for an invoice', ['void', 'INV-1', '--refund', '--reason', 'x'], /--refund pays back a voided payment; INV-1 is an invoice/],
    ['a date before the document', ['void', 'INV-1', '--reason', 'x', '--date', '2026-09-01'], /before INV-1's date 2026-10-01/],
  ];
  for (const [what, args, message] of refusals) {
    it(`refuses ${what}, leaving the ledger as it was`, () => {
      const dir = ledger();
      const before = snapshotDir(dir);
      const r = run(dir, ...args);
      expect(r.stderr).toMatch(message);
      expect(r.code).toBe(3);
      expect(snapshotDir(dir)).toEqual(before);
    });
  }

  it('refuses a second void, and an application of a voided invoice', () => {
    const dir = ledger();
    expect(run(dir, 'void', 'INV-1', '--reason', 'x').code).toBe(0);
    const before = snapshotDir(dir);
    expect(run(dir, 'void', 'INV-1', '--reason', 'x').stderr).toMatch(/INV-1 is already voided on 2026-11-30 \(voids.csv:2\)/);
    expect(run(dir, 'void', 'CN-2026-0001', '--reason', 'x').stderr).toMatch(/CN-2026-0001 is the reversal of voided INV-1/);
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('refuses a voiding credit note above approvals.credit-note without a second person', () => {
    const dir = tempLedger({ 'ledger.yaml': `${BASE_CONFIG}approvals: { credit-note: "100.00" }\n`, 'customers.yaml': BASE_CUSTOMERS, 'invoices.csv': INVOICES });
    const before = snapshotDir(dir);
    const r = run(dir, 'void', 'INV-1', '--reason', 'x');
    expect(r.stderr).toMatch(/a credit note of 500.00 EUR is above the approval threshold/);
    expect(r.code).toBe(3);
    expect(snapshotDir(dir)).toEqual(before);
    expect(run(dir, 'void', 'INV-1', '--reason', 'x', '--approved-by', 'Bob').code).toBe(0);
    expect(run(dir, 'check').code).toBe(0);
  });
});
