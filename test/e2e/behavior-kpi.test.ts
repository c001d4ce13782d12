// `behavior` and `kpi` through the built CLI: goldens for every format, and every bad input with its exit code.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE_CONFIG, ROOT, runCli, snapshotDir, tempLedger } from '../helpers/cli.js';

const GOLDEN = path.join(ROOT, 'test', 'golden', 'reports');

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    fs.writeFileSync(file, actual);
    return;
  }
  expect(fs.existsSync(file), `${file} is missing; run with UPDATE_GOLDEN=1 to write it`).toBe(true);
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

const CUSTOMERS = `ACME:
  name: Acme Corporation
  currency: EUR
ZEN:
  name: "=Zen Ltd"
  currency: EUR
YEN:
  name: Yen KK
  currency: JPY
`;

const FILES = {
  'ledger.yaml': BASE_CONFIG,
  'customers.yaml': CUSTOMERS,
  'invoices.csv': `id,kind,date,due,customer,currency,amount,terms,reference,memo
I1,invoice,2026-09-15,2026-10-15,ACME,EUR,1000.00,net30,,
I2,invoice,2026-10-10,2026-11-09,ACME,EUR,500.00,net30,,
I3,invoice,2026-10-20,2026-11-19,ACME,EUR,300.00,net30,,
Z1,invoice,2026-10-01,2026-10-31,ZEN,EUR,80.00,net30,,
Z2,debit-note,2026-10-02,2026-10-02,ZEN,EUR,10.00,receipt,,
Y1,invoice,2026-10-03,2026-11-02,YEN,JPY,12000,net30,,
`,
  'payments.csv': `id,date,customer,currency,amount,method,reference,bank_ref,memo
P1,2026-10-05,ACME,EUR,600.00,,,,
P2,2026-11-03,ZEN,EUR,90.00,,,,
P3,2026-11-20,YEN,JPY,12000,,,,
P4,2026-11-25,ACME,EUR,400.00,,,,
`,
  'applications.csv': `date,credit,debit,amount
2026-10-05,P1,I1,600.00
2026-11-03,P2,Z1,80.00
2026-11-03,P2,Z2,10.00
2026-11-20,P3,Y1,12000
2026-11-25,P4,I1,400.00
`,
};

describe('arledger behavior', () => {
  const dir = tempLedger(FILES);

  it('prints the SPEC §3.2 JSON with items', () => {
    const r = runCli(['behavior', '-L', dir, '--as-of', '2026-11-30', '--detail', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.customers.map((c: { customer: string }) => c.customer)).toEqual(['ACME', 'YEN', 'ZEN']);
    expect(json.customers[0]).toEqual({
      customer: 'ACME', currency: 'EUR', settled: 1, avg_days_to_settle: '71.0', avg_days_late: '41.0', late_share: '1.00',
      items: [{ id: 'I1', date: '2026-09-15', due: '2026-10-15', settled: '2026-11-25', days_to_settle: 71, days_late: 41 }],
    });
    golden('behavior.json', r.stdout);
  });

  it('prints a table and CSV (text cells neutralised)', () => {
    const t = runCli(['behavior', '-L', dir, '--as-of', '2026-11-30']);
    expect(t.code).toBe(0);
    golden('behavior.txt', t.stdout);
    golden('behavior-detail.txt', runCli(['behavior', '-L', dir, '--as-of', '2026-11-30', '--detail']).stdout);
    const c = runCli(['behavior', '-L', dir, '--as-of', '2026-11-30', '--format', 'csv']);
    expect(c.stdout).toContain(`ZEN,'=Zen Ltd,EUR,2,32.5,17.5,1.00`);
    golden('behavior.csv', c.stdout);
    const cd = runCli(['behavior', '-L', dir, '--as-of', '2026-11-30', '--format', 'csv', '--detail', '--customer', 'ZEN']);
    expect(cd.stdout).toBe('customer,currency,id,date,due,settled,days_to_settle,days_late\nZEN,EUR,Z1,2026-10-01,2026-10-31,2026-11-03,33,3\nZEN,EUR,Z2,2026-10-02,2026-10-02,2026-11-03,32,32\n');
  });

  it('refuses an unknown customer (exit 3) and a bad date (exit 2)', () => {
    const a = runCli(['behavior', '-L', dir, '--customer', 'NOPE']);
    expect(a.code).toBe(3);
    expect(a.stderr).toContain('customer "NOPE" does not exist');
    const b = runCli(['behavior', '-L', dir, '--as-of', '2026-02-30']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('--as-of "2026-02-30" is not a calendar date');
    const c = runCli(['behavior', '-L', dir, '--format', 'xml']);
    expect(c.code).toBe(2);
  });

  it('refuses a broken ledger with exit 3 and FILE:LINE', () => {
    const bad = tempLedger({ ...FILES, 'applications.csv': `${FILES['applications.csv']}2026-11-26,P4,NOPE,1.00\n` });
    const before = snapshotDir(bad);
    const r = runCli(['behavior', '-L', bad]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('applications.csv:7: debit "NOPE" does not exist');
    expect(snapshotDir(bad)).toEqual(before);
  });
});

describe('arledger kpi', () => {
  const dir = tempLedger(FILES);

  it('prints per period and currency, null for a zero divisor', () => {
    const r = runCli(['kpi', '-L', dir, '--from', '2026-10-01', '--to', '2026-11-30', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.periods.map((p: { period: string; currency: string }) => `${p.period} ${p.currency}`)).toEqual(['2026-10 EUR', '2026-10 JPY', '2026-11 EUR', '2026-11 JPY']);
    // October EUR: I1 open 1000 before; I2, I3, Z1, Z2 invoiced (890); at 10-31 I1 400 + I2 + I3 + Z1 + Z2 open,
    // of which I2, I3 and Z1 (due that day) are current. DSO 1290/890*31, CEI (1000+890-1290)/(1000+890-880).
    expect(json.periods[0]).toMatchObject({
      opening_ar: '1000.00', invoiced: '890.00', closing_ar: '1290.00', closing_current_ar: '880.00',
      dso: '44.9', best_possible_dso: '30.7', average_days_delinquent: '14.3', cei: '59.4', current_share: '68.2',
    });
    // JPY October: everything invoiced is still current, so CEI divides by zero.
    expect(json.periods[1]).toMatchObject({ cei: null, dso: '31.0' });
    expect(json.periods[3]).toMatchObject({ invoiced: '0', closing_ar: '0', dso: null, best_possible_dso: null, average_days_delinquent: null, current_share: null, cei: '100.0' });
    golden('kpi.json', r.stdout);
  });

  it('prints a table with "-" for undefined ratios, and CSV', () => {
    const t = runCli(['kpi', '-L', dir, '--from', '2026-10-01', '--to', '2026-11-30']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/2026-11 \| JPY .*\|\s+- \|/);
    golden('kpi.txt', t.stdout);
    const c = runCli(['kpi', '-L', dir, '--from', '2026-01-01', '--to', '2026-12-31', '--period', 'quarter', '--format', 'csv']);
    golden('kpi-quarter.csv', c.stdout);
  });

  it('defaults to the 12 months up to today', () => {
    const r = runCli(['kpi', '-L', dir, '--format', 'json']);
    const json = JSON.parse(r.stdout);
    expect([json.from, json.to]).toEqual(['2025-12-01', '2026-11-30']);
  });

  it('documents its formulas in --help', () => {
    const r = runCli(['kpi', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('DSO                      = closing AR / invoiced * days');
    expect(r.stdout).toContain('Examples:');
  });

  it('refuses a reversed range, a bad date and a bad period with exit 2', () => {
    expect(runCli(['kpi', '-L', dir, '--from', '2026-12-01', '--to', '2026-11-30']).stderr).toContain('--from 2026-12-01 is after --to 2026-11-30');
    expect(runCli(['kpi', '-L', dir, '--from', '2026-12-01', '--to', '2026-11-30']).code).toBe(2);
    expect(runCli(['kpi', '-L', dir, '--to', '30.11.2026']).code).toBe(2);
    expect(runCli(['kpi', '-L', dir, '--period', 'week']).code).toBe(2);
  });
});
