// The collections desk as one product: customer show reading notes, promises and plans from the ledger as every
// other report does, the hold note of `customer set` written as `note` writes one, the worklist as CSV and a
// workbook, and invoice list/show telling a voided and a planned invoice.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE_CONFIG, runCli, snapshotDir, tempDir, tempLedger } from '../helpers/cli.js';

const USER = { ARLEDGER_USER: 'Anna Keller' };
const read = (dir: string, rel: string): string => fs.readFileSync(path.join(dir, rel), 'utf8');

const BOOKS = {
  'ledger.yaml': `${BASE_CONFIG}lock_date: 2026-10-31\n`,
  'customers.yaml': 'ACME:\n  name: Acme Corporation\n  currency: EUR\n  collector: Anna Keller\nGLOBEX:\n  name: Globex\n  currency: EUR\n',
  'invoices.csv': 'id,kind,date,due,customer,currency,amount,terms,reference,memo\n'
    + 'INV-1,invoice,2026-09-01,2026-10-01,ACME,EUR,900.00,,,\nINV-2,invoice,2026-10-01,2026-10-31,ACME,EUR,100.00,,,\n'
    + 'INV-3,invoice,2026-11-01,2026-11-10,ACME,EUR,50.00,,,\nINV-4,invoice,2026-09-01,2026-10-01,GLOBEX,EUR,1234.50,,,\n',
  'plans.csv': 'date,invoice,instalment,due,amount\n2026-10-15,INV-1,1,2026-10-20,300.00\n2026-10-15,INV-1,2,2026-12-20,300.00\n2026-10-15,INV-1,3,2027-01-20,300.00\n',
  'payments.csv': 'id,date,customer,currency,amount,method,reference,bank_ref,memo\nPAY-1,2026-11-02,ACME,EUR,300.00,transfer,,,\n',
  'applications.csv': 'date,credit,debit,amount\n2026-11-02,PAY-1,INV-1,300.00\n',
  'promises.csv': 'date,customer,invoice,amount,due,by,note\n2026-11-01,ACME,INV-2,100.00,2026-11-10,Anna,said Friday\n2026-11-25,ACME,,50.00,2026-12-05,Anna,\n',
  'notes.csv': 'date,customer,invoice,kind,text,follow_up,by\n2026-11-25,ACME,,call,will pay INV-3 next week,2026-12-05,Anna\n',
};

function run(dir: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  return runCli([...args, '-L', dir], { env: USER });
}

function json<T>(dir: string, ...args: string[]): T {
  const r = run(dir, ...args, '--format', 'json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
}

describe('customer show reads the collections journals of the ledger', () => {
  it('shows the notes, the promises with the status promise list gives them, and the plan in force', () => {
    const dir = tempLedger(BOOKS);
    const show = json<{ notes: { text: string }[]; promises: { date: string; status: string; paid: string }[]; plans: { invoice: string; open: string; instalments: { status: string; open: string }[] }[] }>(dir, 'customer', 'show', 'ACME');
    const list = json<{ promises: { date: string; customer: string; status: string; paid: string }[] }>(dir, 'promise', 'list');
    expect(show.promises.map((p) => [p.date, p.status, p.paid])).toEqual(list.promises.filter((p) => p.customer === 'ACME').map((p) => [p.date, p.status, p.paid]).reverse());
    expect(show.promises.map((p) => p.status)).toEqual(['pending', 'broken']);
    expect(show.notes.map((n) => n.text)).toEqual(['will pay INV-3 next week']);
    expect(show.plans).toEqual([{ invoice: 'INV-1', date: '2026-10-15', open: '600.00', instalments: [
      { instalment: 1, due: '2026-10-20', amount: '300.00', paid: '300.00', open: '0.00', days_overdue: 41, status: 'paid' },
      { instalment: 2, due: '2026-12-20', amount: '300.00', paid: '0.00', open: '300.00', days_overdue: -20, status: 'open' },
      { instalment: 3, due: '2027-01-20', amount: '300.00', paid: '0.00', open: '300.00', days_overdue: -51, status: 'open' },
    ] }]);
    const text = run(dir, 'customer', 'show', 'ACME').stdout;
    expect(text).toContain('\npayment plans\nINV-1  plan of 2026-10-15, 600.00 EUR open: 1/3 0.00 due 2026-10-20 paid; 2/3 300.00 due 2026-12-20; 3/3 300.00 due 2027-01-20\n');
    expect(text).toContain('2026-11-01  100.00 EUR by 2026-11-10 on INV-2: broken — said Friday');
  });

  it('writes the hold note of customer set as note writes a note, and shows it', () => {
    const dir = tempLedger(BOOKS);
    expect(run(dir, 'customer', 'set', 'ACME', '--hold', '--reason', 'broke two promises').code).toBe(0);
    expect(run(dir, 'note', 'ACME', '--kind', 'note', '--text', 'Hold on: broke two promises').code).toBe(0);
    const lines = read(dir, 'notes.csv').trimEnd().split('\n');
    expect(lines.slice(-2)).toEqual(['2026-11-30,ACME,,note,Hold on: broke two promises,,Anna Keller', '2026-11-30,ACME,,note,Hold on: broke two promises,,Anna Keller']);
    expect(run(dir, 'customer', 'show', 'ACME').stdout).toContain('2026-11-30  note: Hold on: broke two promises — Anna Keller');
    expect(run(dir, 'check').code).toBe(0);
  });

  it('starts notes.csv with its header when there is none', () => {
    const { 'notes.csv': _notes, ...rest } = BOOKS;
    const dir = tempLedger(rest);
    expect(run(dir, 'customer', 'set', 'GLOBEX', '--hold').code).toBe(0);
    expect(read(dir, 'notes.csv')).toBe('date,customer,invoice,kind,text,follow_up,by\n2026-11-30,GLOBEX,,note,Hold on,,Anna Keller\n');
  });

  it('refuses a hold note dated in the closed books, writing nothing', () => {
    const dir = tempLedger(BOOKS);
    const before = snapshotDir(dir);
    const r = run(dir, 'customer', 'set', 'ACME', '--hold', '--date', '2026-10-30');
    expect([r.code, r.stdout]).toEqual([3, '']);
    expect(r.stderr).toMatch(/closed up to 2026-10-31 .*notes\.csv row dated 2026-10-30 .*date it after 2026-10-31/);
    expect(snapshotDir(dir)).toEqual(before);
  });
});

describe('worklist as a spreadsheet', () => {
  it('counts the planned invoice by its overdue instalments only', () => {
    const dir = tempLedger(BOOKS);
    const w = json<{ customers: { customer: string; overdue: string; oldest_days_overdue: number }[] }>(dir, 'worklist');
    // INV-1's overdue instalment is paid; INV-2 (100.00, 30 days) and INV-3 (50.00, 20 days) are overdue.
    expect(w.customers.find((c) => c.customer === 'ACME')).toMatchObject({ overdue: '150.00', oldest_days_overdue: 30 });
  });

  it('writes CSV with the settings of ledger.yaml and the --csv options', () => {
    const dir = tempLedger({ ...BOOKS, 'ledger.yaml': `${BOOKS['ledger.yaml']}csv: { delimiter: ";", decimal: "," }\n` });
    const csv = run(dir, 'worklist', '--format', 'csv');
    expect(csv.code).toBe(0);
    const lines = csv.stdout.split('\n');
    expect(lines[0]).toBe('customer;name;currency;collector;overdue;oldest_days_overdue;last_contact;last_contact_kind;next_follow_up;promises_pending;promises_broken;dunning_level;priority');
    expect(lines[1]).toBe('GLOBEX;Globex;EUR;;1234,50;60;;;;0;0;;74070,00');
    const bom = run(dir, 'worklist', '--format', 'csv', '--csv-bom', '--csv-delimiter', ',', '--csv-decimal', '.');
    expect(bom.stdout.startsWith('\ufeffcustomer,name,')).toBe(true);
    expect(bom.stdout).toContain('\nGLOBEX,Globex,EUR,,1234.50,60,');
  });

  it('refuses a malformed CSV setting with a usage error', () => {
    const dir = tempLedger(BOOKS);
    const r = run(dir, 'worklist', '--format', 'csv', '--csv-delimiter', 'x');
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/--csv-delimiter "x" is not a separator arledger writes/);
    const same = run(dir, 'worklist', '--format', 'csv', '--csv-decimal', ',');
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/decimal separator "," is also its delimiter/);
  });

  it('writes a workbook to --output that openpyxl reads back as the JSON says', () => {
    const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import openpyxl']).status === 0);
    if (python === undefined) {
      expect(process.env['CI'] ? 'python3-openpyxl missing in CI' : false).toBe(false);
      return;
    }
    const dir = tempLedger(BOOKS);
    const out = path.join(tempDir(), 'worklist.xlsx');
    const r = run(dir, 'worklist', '--format', 'xlsx', '--output', out);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '', '']);
    const dump = spawnSync(python, ['-c', `
import json, sys, datetime, warnings
warnings.simplefilter("ignore")
import openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
rows = [[c.value.date().isoformat() if isinstance(c.value, datetime.datetime) else c.value for c in r] for r in ws.iter_rows()]
print(json.dumps({"title": ws.title, "rows": rows}))
`, out], { encoding: 'utf8' });
    expect(dump.status, dump.stderr).toBe(0);
    const book = JSON.parse(dump.stdout) as { title: string; rows: (string | number | null)[][] };
    const j = json<{ customers: Record<string, string | number | null>[] }>(dir, 'worklist');
    expect(book.title).toBe('Worklist');
    const head = book.rows[0] as string[];
    const got = book.rows.slice(1).map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? null])));
    expect(got.length).toBe(j.customers.length);
    j.customers.forEach((c, i) => {
      for (const [k, v] of Object.entries(c)) {
        const cell = got[i]![k];
        if (k === 'overdue' || k === 'priority') expect(cell, k).toBe(Number(v));
        else expect(cell, k).toBe(v);
      }
    });
  });
});

describe('invoice list and show with voids and plans', () => {
  it('lists a voided invoice as voided and a planned one by its instalments', () => {
    const dir = tempLedger(BOOKS);
    expect(run(dir, 'void', 'INV-3', '--reason', 'billed twice').code).toBe(0);
    const list = json<{ invoices: { id: string; status: string }[] }>(dir, 'invoice', 'list');
    expect(Object.fromEntries(list.invoices.map((i) => [i.id, i.status]))).toEqual({ 'INV-1': 'open', 'INV-2': 'overdue', 'INV-3': 'voided', 'INV-4': 'overdue' });
    // On 2026-12-21 instalment 2 is overdue, so the invoice is; before the void INV-3 was simply overdue.
    expect(json<{ status: string }>(dir, 'invoice', 'show', 'INV-1', '--as-of', '2026-12-21').status).toBe('overdue');
    expect(json<{ status: string }>(dir, 'invoice', 'show', 'INV-3', '--as-of', '2026-11-29').status).toBe('overdue');
    expect(run(dir, 'invoice', 'list', '--open').stdout).not.toContain('INV-3');
  });

  it('names the void and the plan in invoice show', () => {
    const dir = tempLedger(BOOKS);
    expect(run(dir, 'void', 'INV-3', '--reason', 'billed twice').code).toBe(0);
    const v = json<{ void: unknown; plan: unknown }>(dir, 'invoice', 'show', 'INV-3');
    expect(v.void).toEqual({ date: '2026-11-30', reversal: 'CN-2026-0001', reason: 'billed twice', by: 'Anna Keller' });
    expect(v.plan).toBeNull();
    const text = run(dir, 'invoice', 'show', 'INV-3').stdout;
    expect(text).toMatch(/\nstatus: +voided\n/);
    expect(text).toContain('\nvoided:\n  2026-11-30  by CN-2026-0001  billed twice — Anna Keller\n');
    const p = run(dir, 'invoice', 'show', 'INV-1').stdout;
    expect(p).toContain('\npayment plan of 2026-10-15:\n  1/3  due 2026-10-20  300.00  open 0.00  paid\n  2/3  due 2026-12-20  300.00  open 300.00  open\n');
    expect(json<{ void: unknown }>(dir, 'invoice', 'show', 'INV-3', '--as-of', '2026-11-29').void).toBeNull();
  });
});
