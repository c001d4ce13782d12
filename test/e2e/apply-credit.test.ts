// apply, credit, writeoff, refund and dispute through the built CLI: rows written byte for byte, output, refusals.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BASE_CONFIG, BIN, ROOT, SHARED, runCli, snapshotDir, tempLedger, type CliResult } from '../helpers/cli.js';

const GOLDEN = path.join(ROOT, 'test', 'golden', 'apply');

/** Compares with a committed file; UPDATE_GOLDEN=1 rewrites it instead. */
function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    fs.mkdirSync(GOLDEN, { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  expect(fs.existsSync(file), `golden file ${name} is missing; run with UPDATE_GOLDEN=1 to create it`).toBe(true);
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

const CUSTOMERS = `ACME:
  name: Acme Corporation
  email: ap@acme.example
  currency: EUR
ZEN:
  name: Zen Ltd
  currency: EUR
YEN:
  name: Yen KK
  currency: JPY
`;

const H = {
  invoices: 'id,kind,date,due,customer,currency,amount,terms,reference,memo\n',
  payments: 'id,date,customer,currency,amount,method,reference,bank_ref,memo\n',
  credits: 'id,kind,date,customer,currency,amount,invoice,reason\n',
  refunds: 'id,date,customer,currency,amount,method,reference,memo\n',
  applications: 'date,credit,debit,amount\n',
  disputes: 'date,invoice,status,reason\n',
};

/** Books at 2026-11-30, closed up to 2026-10-31: ACME owes on three invoices, has 15.00 unapplied and one dispute. */
const BOOKS: Record<string, string> = {
  'ledger.yaml': `${BASE_CONFIG}lock_date: 2026-10-31\n`,
  'customers.yaml': CUSTOMERS,
  'invoices.csv': H.invoices + [
    'INV-2026-00001,invoice,2026-09-01,2026-10-01,ACME,EUR,100.00,net30,,',
    'INV-2026-00002,invoice,2026-08-01,2026-09-15,ACME,EUR,50.00,net30,,',
    'INV-2026-00003,invoice,2026-10-01,2026-10-31,ACME,EUR,70.00,net30,,',
    'INV-2026-00004,invoice,2026-09-10,2026-10-10,ZEN,EUR,40.00,net30,,',
    'INV-2026-00005,invoice,2026-09-10,2026-10-10,YEN,JPY,5000,net30,,',
    'INV-2026-00006,invoice,2026-09-20,2026-10-20,ACME,EUR,25.00,net30,,',
    'INV-2026-00007,invoice,2026-11-15,2026-12-15,ACME,EUR,60.00,net30,,',
  ].join('\n') + '\n',
  'payments.csv': H.payments + [
    'PAY-000001,2026-10-05,ACME,EUR,30.00,transfer,,BANK1,',
    'PAY-000002,2026-10-20,ACME,EUR,15.00,transfer,,BANK2,',
    'PAY-000003,2026-10-21,ACME,EUR,25.00,transfer,,BANK3,',
  ].join('\n') + '\n',
  'credits.csv': H.credits,
  'refunds.csv': H.refunds,
  'applications.csv': H.applications + '2026-10-05,PAY-000001,INV-2026-00002,30.00\n2026-10-21,PAY-000003,INV-2026-00006,25.00\n',
  'disputes.csv': H.disputes + '2026-10-15,INV-2026-00003,open,quantity\n',
};

function read(dir: string, name: string): string {
  const p = path.join(dir, name);
  return fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : '';
}

/** Runs a command in a fresh copy of the books (found from the working directory, as a user would). */
function run(args: string[], books: Record<string, string> = BOOKS): { dir: string; r: CliResult; before: Record<string, string> } {
  const dir = tempLedger(books);
  const before = snapshotDir(dir);
  return { dir, r: runCli(args, { cwd: dir }), before };
}

/** What a command appended, file by file; every other file must be byte-identical. */
function appended(dir: string, books: Record<string, string>, before: Record<string, string>): Record<string, string> {
  const after = snapshotDir(dir);
  const out: Record<string, string> = {};
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (before[name] === after[name]) continue;
    const old = books[name] ?? '';
    const now = read(dir, name);
    expect(now.startsWith(old), `${name} was rewritten, not appended to`).toBe(true);
    out[name] = now.slice(old.length);
  }
  return out;
}

/** The command line as a shell user would type it. */
function shell(args: readonly string[]): string {
  return args.map((a) => (/[\s"',]/.test(a) || a === '' ? JSON.stringify(a) : a)).join(' ');
}

function transcript(args: string[], r: CliResult, added: Record<string, string>): string {
  const files = Object.keys(added).sort().map((f) => `--- ${f} (appended)\n${added[f]}`).join('');
  return `$ arledger ${shell(args)}\nexit ${r.code}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}${files}`;
}

function expectClean(dir: string): void {
  const c = runCli(['check'], { cwd: dir });
  expect(c.code, c.stdout + c.stderr).toBe(0);
}

beforeAll(() => {
  expect(fs.existsSync(path.join(ROOT, 'dist', 'cli', 'commands', 'apply.js')), 'run `npm run build` first').toBe(true);
});

describe('apply', () => {
  it('records a payment and applies it oldest due first, skipping the disputed invoice; the excess stays unapplied', () => {
    const args = ['apply', '--customer', 'ACME', '--amount', '200.00', '--bank-ref', 'TX-9', '--method', 'transfer', '--ref', 'thanks'];
    const { dir, r, before } = run(args);
    expect(r.code, r.stderr).toBe(0);
    const added = appended(dir, BOOKS, before);
    expect(added).toEqual({
      'payments.csv': 'PAY-000004,2026-11-30,ACME,EUR,200.00,transfer,thanks,TX-9,\n',
      'applications.csv': '2026-11-30,PAY-000004,INV-2026-00002,20.00\n2026-11-30,PAY-000004,INV-2026-00001,100.00\n2026-11-30,PAY-000004,INV-2026-00007,60.00\n',
    });
    expect(r.stdout).toBe('PAY-000004\napplied 20.00 EUR to INV-2026-00002\napplied 100.00 EUR to INV-2026-00001\napplied 60.00 EUR to INV-2026-00007\nunapplied 20.00 EUR\n');
    expect(r.stderr).toBe('arledger: skipped disputed INV-2026-00003\narledger: 20.00 EUR of PAY-000004 stays unapplied\n');
    golden('apply-oldest-due.txt', transcript(args, r, added));
    expectClean(dir);
  });

  it('applies to named invoices with the given amounts, in the order given, and prints JSON', () => {
    const args = ['apply', '--customer', 'ACME', '--amount', '90.00', '--date', '2026-11-20', '--invoice', 'INV-2026-00001',
      '--invoice', 'INV-2026-00003=40.00', '--id', 'BANK-0042', '--format', 'json'];
    const { dir, r, before } = run(args);
    expect(r.code, r.stderr).toBe(0);
    const added = appended(dir, BOOKS, before);
    expect(added).toEqual({
      'payments.csv': 'BANK-0042,2026-11-20,ACME,EUR,90.00,,,,\n',
      'applications.csv': '2026-11-20,BANK-0042,INV-2026-00001,50.00\n2026-11-20,BANK-0042,INV-2026-00003,40.00\n',
    });
    expect(JSON.parse(r.stdout)).toEqual({
      payment: 'BANK-0042',
      applications: [{ invoice: 'INV-2026-00001', amount: '50.00' }, { invoice: 'INV-2026-00003', amount: '40.00' }],
      unapplied: '0.00',
    });
    expect(r.stderr).toBe('arledger: INV-2026-00003 is disputed; applied because it was named\n');
    golden('apply-named.json.txt', transcript(args, r, added));
  });

  it('with nothing open, the whole payment stays unapplied and says so', () => {
    const args = ['apply', '--customer', 'ZEN', '--amount', '50.00', '--format', 'json'];
    const { dir, r, before } = run(args);
    expect(r.code, r.stderr).toBe(0);
    expect(appended(dir, BOOKS, before)).toEqual({
      'payments.csv': 'PAY-000004,2026-11-30,ZEN,EUR,50.00,,,,\n',
      'applications.csv': '2026-11-30,PAY-000004,INV-2026-00004,40.00\n',
    });
    expect(JSON.parse(r.stdout)).toEqual({ payment: 'PAY-000004', applications: [{ invoice: 'INV-2026-00004', amount: '40.00' }], unapplied: '10.00' });
    expect(r.stderr).toBe('arledger: 10.00 EUR of PAY-000004 stays unapplied\n');
  });

  it('writes JPY with no decimals and appends to a CRLF journal without a final newline in its own style', () => {
    const books = { ...BOOKS, 'payments.csv': BOOKS['payments.csv']!.replace(/\n/g, '\r\n').replace(/\r\n$/, '') };
    const args = ['apply', '--customer', 'YEN', '--amount', '5000', '--ledger', '.'];
    const { dir, r, before } = run(args, books);
    expect(r.code, r.stderr).toBe(0);
    expect(appended(dir, books, before)).toEqual({
      'payments.csv': '\r\nPAY-000004,2026-11-30,YEN,JPY,5000,,,,\r\n',
      'applications.csv': '2026-11-30,PAY-000004,INV-2026-00005,5000\n',
    });
    expect(r.stdout).toBe('PAY-000004\napplied 5000 JPY to INV-2026-00005\n');
    expect(r.stderr).toBe('');
  });

  it('--credit applies what is left of an existing payment at --date', () => {
    const args = ['apply', '--credit', 'PAY-000002', '--invoice', 'INV-2026-00001', '--date', '2026-11-02'];
    const { dir, r, before } = run(args);
    expect(r.code, r.stderr).toBe(0);
    const added = appended(dir, BOOKS, before);
    expect(added).toEqual({ 'applications.csv': '2026-11-02,PAY-000002,INV-2026-00001,15.00\n' });
    expect(r.stdout).toBe('PAY-000002\napplied 15.00 EUR to INV-2026-00001\n');
    golden('apply-credit.txt', transcript(args, r, added));
  });
});

describe('credit, writeoff, refund, dispute', () => {
  it('credit --invoice --force issues a credit note beyond the open amount and leaves the excess unapplied', () => {
    const args = ['credit', '--customer', 'ACME', '--amount', '30.00', '--reason', 'damaged, 2 units', '--invoice', 'INV-2026-00002', '--force'];
    const { dir, r, before } = run(args);
    expect(r.code, r.stderr).toBe(0);
    const added = appended(dir, BOOKS, before);
    expect(added).toEqual({
      'credits.csv': 'CN-2026-0001,credit-note,2026-11-30,ACME,EUR,30.00,INV-2026-00002,"damaged, 2 units"\n',
      'applications.csv': '2026-11-30,CN-2026-0001,INV-2026-00002,20.00\n',
    });
    expect(r.stdout).toBe('CN-2026-0001\napplied 20.00 EUR to INV-2026-00002\nunapplied 10.00 EUR\n');
    expect(r.stderr).toBe("arledger: warning: the credit note of 30.00 exceeds INV-2026-00002's open amount 20.00 (issued with --force)\narledger: 10.00 EUR of CN-2026-0001 stays unapplied\n");
    golden('credit-invoice.txt', transcript(args, r, added));
  });

  it('credit without --invoice is a free-standing unapplied credit note', () => {
    const args = ['credit', '--customer', 'ZEN', '--amount', '5.00', '--reason', 'goodwill', '--format', 'json'];
    const { dir, r, before } = run(args);
    expect(r.code, r.stderr).toBe(0);
    expect(appended(dir, BOOKS, before)).toEqual({ 'credits.csv': 'CN-2026-0001,credit-note,2026-11-30,ZEN,EUR,5.00,,goodwill\n' });
    expect(JSON.parse(r.stdout)).toEqual({ credit: 'CN-2026-0001', applications: [], unapplied: '5.00' });
  });

  it('writeoff writes off the open amount, or --amount of it', () => {
    const args = ['writeoff', 'INV-2026-00001', '--reason', 'insolvent'];
    const { dir, r, before } = run(args);
    expect(r.code, r.stderr).toBe(0);
    const added = appended(dir, BOOKS, before);
    expect(added).toEqual({
      'credits.csv': 'WO-2026-0001,write-off,2026-11-30,ACME,EUR,100.00,INV-2026-00001,insolvent\n',
      'applications.csv': '2026-11-30,WO-2026-0001,INV-2026-00001,100.00\n',
    });
    expect(r.stdout).toBe('WO-2026-0001\napplied 100.00 EUR to INV-2026-00001\n');
    golden('writeoff.txt', transcript(args, r, added));

    const part = run(['writeoff', 'INV-2026-00002', '--amount', '0.40', '--reason', 'short payment', '--format', 'json']);
    expect(part.r.code, part.r.stderr).toBe(0);
    expect(appended(part.dir, BOOKS, part.before)).toEqual({
      'credits.csv': 'WO-2026-0001,write-off,2026-11-30,ACME,EUR,0.40,INV-2026-00002,short payment\n',
      'applications.csv': '2026-11-30,WO-2026-0001,INV-2026-00002,0.40\n',
    });
    expect(JSON.parse(part.r.stdout)).toEqual({ credit: 'WO-2026-0001', applications: [{ invoice: 'INV-2026-00002', amount: '0.40' }], unapplied: '0.00' });
  });

  it('refund pays back unapplied credit, oldest first', () => {
    const books = { ...BOOKS, 'credits.csv': `${H.credits}CN-2026-0001,credit-note,2026-11-10,ACME,EUR,12.00,,goodwill\n` };
    const args = ['refund', '--customer', 'ACME', '--amount', '20.00', '--method', 'transfer', '--reference', 'overpayment'];
    const { dir, r, before } = run(args, books);
    expect(r.code, r.stderr).toBe(0);
    const added = appended(dir, books, before);
    expect(added).toEqual({
      'refunds.csv': 'RF-2026-0001,2026-11-30,ACME,EUR,20.00,transfer,overpayment,\n',
      'applications.csv': '2026-11-30,PAY-000002,RF-2026-0001,15.00\n2026-11-30,CN-2026-0001,RF-2026-0001,5.00\n',
    });
    expect(r.stdout).toBe('RF-2026-0001\napplied 15.00 EUR from PAY-000002\napplied 5.00 EUR from CN-2026-0001\n');
    golden('refund.txt', transcript(args, r, added));
    expectClean(dir);
  });

  it('refund --credit names the credit; --force leaves the rest of the refund open', () => {
    const args = ['refund', '--customer', 'ACME', '--amount', '40.00', '--credit', 'PAY-000002', '--force', '--format', 'json'];
    const { dir, r, before } = run(args);
    expect(r.code, r.stderr).toBe(0);
    expect(appended(dir, BOOKS, before)).toEqual({
      'refunds.csv': 'RF-2026-0001,2026-11-30,ACME,EUR,40.00,,,\n',
      'applications.csv': '2026-11-30,PAY-000002,RF-2026-0001,15.00\n',
    });
    expect(JSON.parse(r.stdout)).toEqual({ refund: 'RF-2026-0001', applications: [{ credit: 'PAY-000002', amount: '15.00' }], open: '25.00' });
    expect(r.stderr).toBe('arledger: 25.00 of RF-2026-0001 stays open: ACME had only 15.00 unapplied credit\n');
  });

  it('dispute opens and resolves; a disputed invoice is flagged in the aging', () => {
    const open = run(['dispute', 'INV-2026-00001', '--reason', 'price "too high"']);
    expect(open.r.code, open.r.stderr).toBe(0);
    expect(open.r.stdout).toBe('INV-2026-00001 disputed on 2026-11-30\n');
    expect(appended(open.dir, BOOKS, open.before)).toEqual({ 'disputes.csv': '2026-11-30,INV-2026-00001,open,"price ""too high"""\n' });
    const aging = JSON.parse(runCli(['aging', '--detail', '--format', 'json'], { cwd: open.dir }).stdout) as { customers: { items: { id: string; disputed: boolean }[] }[] };
    expect(aging.customers[0]!.items.find((i) => i.id === 'INV-2026-00001')!.disputed).toBe(true);

    const resolve = run(['dispute', 'INV-2026-00003', '--resolve', '--format', 'json']);
    expect(resolve.r.code, resolve.r.stderr).toBe(0);
    expect(appended(resolve.dir, BOOKS, resolve.before)).toEqual({ 'disputes.csv': '2026-11-30,INV-2026-00003,resolved,\n' });
    expect(JSON.parse(resolve.r.stdout)).toEqual({ invoice: 'INV-2026-00003', status: 'resolved', date: '2026-11-30', reason: '' });
    // Once resolved, the next payment reaches it again.
    const pay = runCli(['apply', '--customer', 'ACME', '--amount', '500.00', '--format', 'json'], { cwd: resolve.dir });
    expect((JSON.parse(pay.stdout) as { applications: { invoice: string }[] }).applications.map((a) => a.invoice))
      .toEqual(['INV-2026-00002', 'INV-2026-00001', 'INV-2026-00003', 'INV-2026-00007']);
  });
});

describe('refusals leave the ledger byte-identical', () => {
  const cases: [string, string[], number, RegExp][] = [
    ['unknown customer', ['apply', '--customer', 'NOPE', '--amount', '10.00'], 3, /customer "NOPE" does not exist — known customers: ACME, YEN, ZEN/],
    ['another customer\'s invoice', ['apply', '--customer', 'ACME', '--amount', '10.00', '--invoice', 'INV-2026-00004'], 3, /invoice INV-2026-00004 belongs to ZEN, not ACME — open items of ACME: /],
    ['another currency\'s invoice', ['apply', '--customer', 'ZEN', '--amount', '10.00', '--invoice', 'INV-2026-00005'], 3, /invoice INV-2026-00005 belongs to YEN, not ZEN/],
    ['a fully paid invoice', ['apply', '--customer', 'ACME', '--amount', '10.00', '--invoice', 'INV-2026-00006'], 3, /invoice INV-2026-00006 is fully paid \(amount 25.00, nothing open\) — open items of ACME: INV-2026-00002 \(20.00\)/],
    ['a nonexistent invoice', ['apply', '--customer', 'ACME', '--amount', '10.00', '--invoice', 'INV-2026-09999'], 3, /invoice "INV-2026-09999" does not exist — open items of ACME: /],
    ['an amount above the open amount', ['apply', '--customer', 'ACME', '--amount', '100.00', '--invoice', 'INV-2026-00002=20.01'], 3, /--invoice INV-2026-00002=20.01 is more than its open amount 20.00 — apply at most 20.00/],
    ['amounts above the payment', ['apply', '--customer', 'ACME', '--amount', '50.00', '--invoice', 'INV-2026-00001=40.00', '--invoice', 'INV-2026-00002=10.01'], 3, /the --invoice amounts add up to 50.01, more than the 50.00 available on PAY-000004 — lower them to at most 50.00 in total/],
    ['a date on the lock date', ['apply', '--customer', 'ACME', '--amount', '10.00', '--date', '2026-10-31'], 3, /the books are closed up to 2026-10-31 \(lock_date in ledger.yaml\): a payments.csv row dated 2026-10-31 cannot be added — date it after 2026-10-31/],
    ['an id already used', ['apply', '--customer', 'ACME', '--amount', '10.00', '--id', 'INV-2026-00001'], 3, /id "INV-2026-00001" is already used by an invoice \(invoices.csv:2\)/],
    ['an amount with a decimal comma', ['apply', '--customer', 'ACME', '--amount', '12,50'], 2, /--amount "12,50" uses a comma as the decimal point — write a plain decimal such as 1500.00/],
    ['a JPY amount with decimals', ['apply', '--customer', 'YEN', '--amount', '10.5'], 2, /--amount "10.5" has decimals, but JPY has no minor unit/],
    ['an --invoice amount with too many decimals', ['apply', '--customer', 'ACME', '--amount', '10.00', '--invoice', 'INV-2026-00001=1.234'], 2, /the amount for --invoice INV-2026-00001 "1.234" has 3 decimals, but EUR has 2/],
    ['a bad --invoice id', ['apply', '--customer', 'ACME', '--amount', '10.00', '--invoice', '=5'], 2, /--invoice "=5": "" is not a document id — write ID or ID=AMOUNT/],
    ['no customer', ['apply', '--amount', '10.00'], 2, /apply needs --customer and --amount to record a payment, or --credit ID/],
    ['--credit with --amount', ['apply', '--credit', 'PAY-000002', '--amount', '5.00'], 2, /--amount belongs to recording a new payment — leave it out/],
    ['a bad --date', ['apply', '--customer', 'ACME', '--amount', '10.00', '--date', '2026-02-30'], 2, /--date "2026-02-30" is not a calendar date — write YYYY-MM-DD/],
    ['--credit of a fully applied payment', ['apply', '--credit', 'PAY-000001'], 3, /PAY-000001 is fully applied \(amount 30.00, nothing unapplied\)/],
    ['--credit dated before the credit', ['apply', '--credit', 'PAY-000002', '--date', '2026-10-19'], 3, /the application date 2026-10-19 is before PAY-000002's date 2026-10-20 — use --date 2026-10-20 or later/],
    ['--credit of an invoice', ['apply', '--credit', 'INV-2026-00001'], 3, /INV-2026-00001 is an invoice, not a payment or credit note — unapplied credits: PAY-000002 \(15.00 EUR\)/],
    ['a credit note without --reason', ['credit', '--customer', 'ACME', '--amount', '5.00'], 2, /required option '--reason <text>' not specified/],
    ['a credit note against another customer\'s invoice', ['credit', '--customer', 'ACME', '--amount', '5.00', '--reason', 'x', '--invoice', 'INV-2026-00004'], 3, /invoice INV-2026-00004 belongs to ZEN, not ACME — open invoices of ACME: /],
    ['a write-off above the open amount', ['writeoff', 'INV-2026-00002', '--amount', '20.01', '--reason', 'x'], 3, /the write-off of 20.01 EUR is more than INV-2026-00002's open amount 20.00 — use --amount 20.00 or less, or add --force to issue it anyway and leave the excess 0.01 unapplied/],
    ['a credit note above the open amount', ['credit', '--customer', 'ACME', '--amount', '99999.00', '--reason', 'x', '--invoice', 'INV-2026-00002'], 3, /the credit note of 99999.00 EUR is more than INV-2026-00002's open amount 20.00 — use --amount 20.00 or less, or add --force to issue it anyway and leave the excess 99979.00 unapplied/],
    ['a credit note against a fully paid invoice', ['credit', '--customer', 'ACME', '--amount', '5.00', '--reason', 'x', '--invoice', 'INV-2026-00006'], 3, /INV-2026-00006 is fully paid: nothing is open on it for the credit note of 5.00 EUR — leave out --invoice for a credit that stays unapplied, or add --force/],
    ['a credit note against a disputed invoice', ['credit', '--customer', 'ACME', '--amount', '5.00', '--reason', 'x', '--invoice', 'INV-2026-00003'], 3, /INV-2026-00003 is disputed on 2026-11-30 — settle the dispute first \(`arledger dispute INV-2026-00003 --resolve`\), then issue the credit note against it/],
    ['a forced credit note against a disputed invoice', ['credit', '--customer', 'ACME', '--amount', '5.00', '--reason', 'x', '--invoice', 'INV-2026-00003', '--force'], 3, /INV-2026-00003 is disputed on 2026-11-30/],
    ['a malformed credit --amount', ['credit', '--customer', 'ACME', '--amount', '-5', '--reason', 'x', '--invoice', 'INV-2026-00002'], 2, /--amount "-5"/],
    ['a write-off of a paid invoice', ['writeoff', 'INV-2026-00006', '--reason', 'x'], 3, /invoice INV-2026-00006 is fully paid \(amount 25.00, nothing open\) — there is nothing to write off/],
    ['a write-off of an unknown invoice', ['writeoff', 'INV-X', '--reason', 'x'], 3, /invoice "INV-X" does not exist — open invoices: /],
    ['a refund above the unapplied credit', ['refund', '--customer', 'ACME', '--amount', '15.01'], 3, /refund 15.01 is more than ACME has to pay back: 15.00 unapplied \(PAY-000002 15.00\) on 2026-11-30 — refund at most 15.00, or add --force/],
    ['a refund of another customer\'s credit', ['refund', '--customer', 'ZEN', '--amount', '1.00', '--credit', 'PAY-000002'], 3, /PAY-000002 belongs to ACME, not ZEN — ZEN has no unapplied payment or credit note/],
    ['opening an open dispute', ['dispute', 'INV-2026-00003', '--reason', 'again'], 3, /INV-2026-00003 is already disputed since 2026-10-15 \(disputes.csv:2\) — resolve it with `arledger dispute INV-2026-00003 --resolve`/],
    ['resolving what is not disputed', ['dispute', 'INV-2026-00001', '--resolve'], 3, /INV-2026-00001 has no open dispute on 2026-11-30 — nothing to resolve; disputed invoices: INV-2026-00003/],
    ['disputing an unknown id', ['dispute', 'INV-9', '--reason', 'x'], 3, /invoice "INV-9" does not exist — undisputed invoices: /],
    ['disputing a payment', ['dispute', 'PAY-000001', '--reason', 'x'], 3, /PAY-000001 is a payment; only invoices and debit notes are disputed/],
    ['a dispute without --reason', ['dispute', 'INV-2026-00001'], 2, /dispute needs --reason to open a dispute, or --resolve to close one/],
    ['a reason with a line break', ['dispute', 'INV-2026-00001', '--reason', 'a\nb'], 2, /--reason contains a line break or control character — write it on one line/],
  ];
  const lines: string[] = [];
  for (const [what, args, code, message] of cases) {
    it(`refuses ${what} (exit ${code})`, () => {
      const { dir, r, before } = run(args);
      expect(r.stderr).toMatch(message);
      expect(r.code).toBe(code);
      expect(r.stdout).toBe('');
      expect(snapshotDir(dir)).toEqual(before);
      lines.push(`$ arledger ${shell(args)}\nexit ${r.code}\n${r.stderr}`);
    });
  }
  it('every refusal message is as committed', () => {
    expect(lines.length).toBe(cases.length);
    golden('refusals.txt', lines.join('\n'));
  });
});

describe('concurrent writers', () => {
  it('a held lock makes apply exit 4 after --wait and write nothing', () => {
    const dir = tempLedger(BOOKS);
    fs.writeFileSync(path.join(dir, '.arledger.lock'), `${process.pid} ${os.hostname()}\n`);
    const before = snapshotDir(dir);
    const r = runCli(['apply', '--customer', 'ACME', '--amount', '10.00', '--wait', '0'], { cwd: dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/the ledger is locked by another arledger command \(pid \d+/);
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('payments recorded at the same time get distinct ids and never over-apply', async () => {
    const dir = tempLedger(BOOKS);
    const one = (): Promise<number> => new Promise((resolve) => {
      const child = spawn(process.execPath, [BIN, 'apply', '--customer', 'ACME', '--amount', '60.00', '--wait', '60'],
        { cwd: dir, env: { ...process.env, NO_COLOR: '1', ARLEDGER_TODAY: '2026-11-30' }, stdio: 'ignore' });
      child.on('exit', (code) => resolve(code ?? -1));
    });
    expect(await Promise.all([one(), one(), one(), one()])).toEqual([0, 0, 0, 0]);
    expect(read(dir, 'payments.csv').split('\n').filter((l) => l.includes(',2026-11-30,')).map((l) => l.split(',')[0]).sort())
      .toEqual(['PAY-000004', 'PAY-000005', 'PAY-000006', 'PAY-000007']);
    // 240.00 paid against 180.00 open and undisputed (20 + 100 + 60): only the disputed 70.00 stays open, and
    // 60.00 of the new payments joins the 15.00 already unapplied.
    const aging = JSON.parse(runCli(['aging', '--detail', '--format', 'json'], { cwd: dir }).stdout) as { customers: { customer: string; open: string; unapplied: string }[] };
    expect(aging.customers.find((c) => c.customer === 'ACME')).toMatchObject({ open: '70.00', unapplied: '75.00' });
    expectClean(dir);
  });
});

describe('on the IBM accounts-receivable sample', () => {
  it('settling each invoice on its SettledDate leaves nothing open and days late as the sample says', () => {
    const csv = fs.readFileSync(path.join(SHARED, 'data', 'ar', 'WA_Fn-UseC_-Accounts-Receivable.csv'), 'utf8').split(/\r?\n/).filter(Boolean);
    const iso = (mdy: string): string => {
      const [mo, d, y] = mdy.split('/');
      return `${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
    };
    const cents = (a: string): string => {
      const [w, f = ''] = a.split('.');
      return `${w}.${f.padEnd(2, '0')}`;
    };
    const rows = csv.slice(1).map((l) => l.split(',')).filter((f) => f[1] === '0379-NEVHP').slice(0, 6)
      .map((f) => ({ id: `I${f[3]}`, date: iso(f[4]!), due: iso(f[5]!), amount: cents(f[6]!), settled: iso(f[8]!), daysLate: Number(f[11]) }));
    expect(rows.length).toBe(6);
    const dir = tempLedger({
      'ledger.yaml': BASE_CONFIG.replace('currency: EUR', 'currency: USD'),
      'customers.yaml': 'C0379:\n  name: "0379-NEVHP"\n  currency: USD\n',
      'invoices.csv': H.invoices + rows.map((x) => `${x.id},invoice,${x.date},${x.due},C0379,USD,${x.amount},net30,,`).join('\n') + '\n',
    });
    // One payment per settled invoice, dated its SettledDate, as a bookkeeper would have recorded them.
    for (const x of [...rows].sort((a, b) => (a.settled < b.settled ? -1 : a.settled > b.settled ? 1 : 0))) {
      const r = runCli(['apply', '--customer', 'C0379', '--amount', x.amount, '--date', x.settled, '--invoice', x.id, '--format', 'json'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      expect((JSON.parse(r.stdout) as { unapplied: string }).unapplied).toBe('0.00');
    }
    expectClean(dir);
    const aging = JSON.parse(runCli(['aging', '--as-of', '2014-12-31', '--format', 'json'], { cwd: dir }).stdout) as { customers: unknown[] };
    expect(aging.customers).toEqual([]);
    const apps = read(dir, 'applications.csv').trim().split('\n').slice(1).map((l) => l.split(','));
    for (const x of rows) {
      const app = apps.find((a) => a[2] === x.id)!;
      const late = Math.max(0, (Date.parse(app[0]!) - Date.parse(x.due)) / 86_400_000);
      expect(late).toBe(x.daysLate);
    }
  });
});
