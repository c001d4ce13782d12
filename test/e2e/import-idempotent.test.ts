// `import` run again writes nothing for rows already imported and says how many it skipped (SPEC §7); it never
// writes a multi-line field, refuses rows dated in the future, and says the problems are in the input file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE_CONFIG, SHARED, runCli, snapshotDir, tempDir, tempLedger } from '../helpers/cli.js';

const SAMPLE = path.join(SHARED, 'data', 'ar', 'WA_Fn-UseC_-Accounts-Receivable.csv');

const PROFILES = `import:
  profiles:
    ibm-invoices:
      date_format: M/D/YYYY
      columns: { id: invoiceNumber, date: InvoiceDate, due: DueDate, customer: customerID, amount: InvoiceAmount }
    ibm-settlements:
      date_format: M/D/YYYY
      columns: { date: SettledDate, customer: customerID, amount: InvoiceAmount, invoice: invoiceNumber }
    pay:
      columns: { date: Date, customer: Customer, amount: Amount, reference: Ref, memo: Memo }
    inv:
      columns: { id: No, date: Date, customer: Customer, amount: Amount, memo: Memo }
`;

const CUSTOMERS = 'ACME:\n  name: Acme Corporation\n  currency: USD\n';

function sampleLedger(): string {
  const lines = fs.readFileSync(SAMPLE, 'utf8').trim().split(/\r?\n/).slice(1);
  const customers = [...new Set(lines.map((l) => l.split(',')[1]!))].sort();
  return tempLedger({
    'ledger.yaml': BASE_CONFIG.replace('currency: EUR', 'currency: USD') + PROFILES,
    'customers.yaml': CUSTOMERS + customers.map((c) => `${c}:\n  name: Customer ${c}\n  currency: USD\n`).join(''),
  });
}

function input(name: string, text: string): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, text);
  return file;
}

const read = (dir: string, name: string): string => fs.readFileSync(path.join(dir, name), 'utf8');

describe('import is idempotent', () => {
  it('the IBM sample imported twice: the second run writes nothing and reports 2466 skipped', () => {
    const dir = sampleLedger();
    expect(runCli(['import', 'invoices', SAMPLE, '--profile', 'ibm-invoices', '-L', dir]).code).toBe(0);
    expect(runCli(['import', 'payments', SAMPLE, '--profile', 'ibm-settlements', '-L', dir]).code).toBe(0);
    const before = snapshotDir(dir);
    const inv = runCli(['import', 'invoices', SAMPLE, '--profile', 'ibm-invoices', '-L', dir]);
    expect(inv.stderr).toBe(`arledger: imported 0 invoices from ${SAMPLE}; skipped 2466 rows already imported\n`);
    expect(inv.code).toBe(0);
    const pay = runCli(['import', 'payments', SAMPLE, '--profile', 'ibm-settlements', '-L', dir]);
    expect(pay.stderr).toBe(`arledger: imported 0 payments, 0 applications from ${SAMPLE}; skipped 2466 rows already imported\n`);
    expect(pay.code).toBe(0);
    expect(snapshotDir(dir)).toEqual(before);
    expect(runCli(['check', '-L', dir]).code).toBe(0);
  });

  it('an overlapping export and one with a single new row import only what is new', () => {
    const dir = sampleLedger();
    const [header, ...lines] = fs.readFileSync(SAMPLE, 'utf8').trim().split(/\r?\n/);
    const first = input('first.csv', [header, ...lines.slice(0, 100)].join('\n') + '\n');
    const overlap = input('overlap.csv', [header, ...lines.slice(60, 150)].join('\n') + '\n');
    for (const [profile, kind] of [['ibm-invoices', 'invoices'], ['ibm-settlements', 'payments']] as const) {
      expect(runCli(['import', kind, first, '--profile', profile, '-L', dir]).code).toBe(0);
      const r = runCli(['import', kind, overlap, '--profile', profile, '-L', dir]);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(new RegExp(`^arledger: imported 50 ${kind}.*; skipped 40 rows already imported\\n$`));
    }
    const oneNew = input('one-new.csv', [header, ...lines.slice(0, 151)].join('\n') + '\n');
    const inv = runCli(['import', 'invoices', oneNew, '--profile', 'ibm-invoices', '-L', dir]);
    expect(inv.stderr).toBe(`arledger: imported 1 invoice from ${oneNew}; skipped 150 rows already imported\n`);
    const pay = runCli(['import', 'payments', oneNew, '--profile', 'ibm-settlements', '-L', dir]);
    expect(pay.stderr).toBe(`arledger: imported 1 payment, 1 application from ${oneNew}; skipped 150 rows already imported\n`);
    expect(read(dir, 'invoices.csv').trim().split('\n')).toHaveLength(152);
    expect(read(dir, 'payments.csv').trim().split('\n')).toHaveLength(152);
    expect(runCli(['check', '-L', dir]).code).toBe(0);
  });

  it('two identical rows without ids are two payments, and both are recognised again', () => {
    const dir = sampleLedger();
    const text = 'Date,Customer,Amount,Ref,Memo\n2026-11-02,ACME,10.00,cash,till\n2026-11-02,ACME,10.00,cash,till\n';
    const file = input('pay.csv', text);
    const r = runCli(['import', 'payments', file, '--profile', 'pay', '-L', dir]);
    expect(r.stderr).toBe(`arledger: imported 2 payments, 0 applications; unapplied: 20.00 USD from ${file}\n`);
    const rows = read(dir, 'payments.csv').trim().split('\n').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^PAY-000001,2026-11-02,ACME,USD,10.00,,cash,,till import:[0-9a-f]{14}$/);
    expect(rows[0]!.slice(-14)).not.toBe(rows[1]!.slice(-14));
    const before = snapshotDir(dir);
    expect(runCli(['import', 'payments', file, '--profile', 'pay', '-L', dir]).stderr).toMatch(/imported 0 payments.*skipped 2 rows already imported/);
    expect(snapshotDir(dir)).toEqual(before);
    // A third identical row in a later export is a third payment.
    const three = input('pay3.csv', text + '2026-11-02,ACME,10.00,cash,till\n');
    expect(runCli(['import', 'payments', three, '--profile', 'pay', '-L', dir]).stderr).toMatch(/imported 1 payment,.*skipped 2 rows already imported/);
  });

  it('the same id with other content is refused, naming both places; nothing is written', () => {
    const dir = sampleLedger();
    const file = input('inv.csv', 'No,Date,Customer,Amount,Memo\nA-1,2026-11-02,ACME,10.00,first\n');
    expect(runCli(['import', 'invoices', file, '--profile', 'inv', '-L', dir]).code).toBe(0);
    const before = snapshotDir(dir);
    const other = input('inv2.csv', 'No,Date,Customer,Amount,Memo\nA-2,2026-11-03,ACME,5.00,\nA-1,2026-11-02,ACME,12.00,first\n');
    const r = runCli(['import', 'invoices', other, '--profile', 'inv', '-L', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`arledger: ${other}:3: id "A-1" is already in the ledger at invoices.csv:2 with other content: amount "10.00" there, "12.00" here`);
    expect(snapshotDir(dir)).toEqual(before);
  });
});

describe('import refuses what the ledger may not hold', () => {
  it('a text cell with a line break or escape sequence is refused at its line (exit 3), nothing written', () => {
    const dir = sampleLedger();
    const before = snapshotDir(dir);
    const file = input('inv.csv', 'No,Date,Customer,Amount,Memo\nA-1,2026-11-02,ACME,10.00,"two\nlines"\nA-2,2026-11-02,ACME,10.00,\u001b[31mred\nA-3,2026-11-02,ACME,10.00,fine\n');
    const r = runCli(['import', 'invoices', file, '--profile', 'inv', '-L', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `arledger: ${file}:2: memo "two\\nlines" contains a line break or control character — the ledger keeps every field on one line: remove it in the export\n` +
      `arledger: ${file}:4: memo "\\u001b[31mred" contains a line break or control character — the ledger keeps every field on one line: remove it in the export\n` +
      `arledger: nothing was written (2 problems in ${file}); fix ${file} and run the command again\n`);
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('a row dated after today + future_days is refused unless --allow-future', () => {
    const dir = sampleLedger();
    const before = snapshotDir(dir);
    const file = input('pay.csv', 'Date,Customer,Amount,Ref,Memo\n2026-11-02,ACME,10.00,,\n2099-01-01,ACME,10.00,,\n');
    const r = runCli(['import', 'payments', file, '--profile', 'pay', '-L', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`arledger: ${file}:3: date 2099-01-01 is after 2026-11-30, today + future_days 0 (ledger.yaml) — fix the date in the export, or add --allow-future if it is meant`);
    expect(r.stderr).toContain(`nothing was written (1 problem in ${file})`);
    expect(snapshotDir(dir)).toEqual(before);
    expect(runCli(['import', 'payments', file, '--profile', 'pay', '--allow-future', '-L', dir]).code).toBe(0);
  });

  it('a bad bank statement says the problems are in the statement, not the ledger', () => {
    const dir = tempLedger({
      'ledger.yaml': `${BASE_CONFIG}bank:\n  profiles:\n    b: { delimiter: ";", decimal: ",", date_format: "DD.MM.YYYY", currency: EUR, columns: { date: Datum, amount: Betrag, payer: Name } }\n`,
      'customers.yaml': 'ACME:\n  name: Acme Corporation\n  currency: EUR\n',
    });
    const file = input('stmt.csv', 'Datum;Betrag;Name\n31.11.2026;1,00;X\n');
    const r = runCli(['reconcile', file, '--profile', 'b', '-L', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`^arledger: ${file.replace(/[.]/g, '\\.')}:2: `));
    expect(r.stderr).toContain(`arledger: nothing was written (1 problem in ${file}); fix ${file} and run the command again\n`);
    expect(r.stderr).not.toContain('arledger check');
  });
});
