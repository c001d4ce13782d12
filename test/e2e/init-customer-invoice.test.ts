// A first session through the built CLI: init -> customer add -> invoice add -> list/show, checking the exact bytes
// written, and every refusal leaving the ledger byte-identical (UPDATE_GOLDEN=1 rewrites the goldens).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, snapshotDir, tempDir, tempLedger, BASE_CONFIG } from '../helpers/cli.js';

const GOLDEN = path.join(ROOT, 'test', 'golden', 'invoice');

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    fs.mkdirSync(GOLDEN, { recursive: true });
    fs.writeFileSync(file, actual);
  }
  expect(fs.existsSync(file), `${file} is missing; run with UPDATE_GOLDEN=1 to write it`).toBe(true);
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

const read = (dir: string, name: string): string => fs.readFileSync(path.join(dir, name), 'utf8');

/** Runs a command that must be refused: exit code, message, and not one byte of the ledger changed. */
function refused(dir: string, args: readonly string[], code: number, message: RegExp): void {
  const before = snapshotDir(dir);
  const r = runCli([...args, '-L', dir]);
  expect(r.stderr).toMatch(message);
  expect(r.stdout).toBe('');
  expect(r.code).toBe(code);
  expect(snapshotDir(dir)).toEqual(before);
}

const HEADERS: Record<string, string> = {
  'invoices.csv': 'id,kind,date,due,customer,currency,amount,terms,reference,memo\n',
  'payments.csv': 'id,date,customer,currency,amount,method,reference,bank_ref,memo\n',
  'credits.csv': 'id,kind,date,customer,currency,amount,invoice,reason\n',
  'refunds.csv': 'id,date,customer,currency,amount,method,reference,memo\n',
  'applications.csv': 'date,credit,debit,amount\n',
  'disputes.csv': 'date,invoice,status,reason\n',
  'dunning.csv': 'date,customer,level,invoice,open,fee,interest,letter\n',
  'reconciliations.csv': 'date,statement,bank_ref,payment,amount\n',
  'notes.csv': 'date,customer,invoice,kind,text,follow_up,by\n',
  'promises.csv': 'date,customer,invoice,amount,due,by,note\n',
  'plans.csv': 'date,invoice,instalment,due,amount\n',
};

// Each CLI run starts node afresh; on a busy machine a test of several runs needs more than the default timeout.
describe('a first session: init, customers, invoices', { timeout: 120_000 }, () => {
  const parent = tempDir();
  const dir = path.join(parent, 'books');

  beforeAll(() => {
    const r = runCli(['init', 'books'], { cwd: parent });
    expect(r.stderr).toMatch(/created a ledger in .*books \(base currency EUR\)/);
    expect(r.code).toBe(0);
  });

  it('init writes every journal with its header, the sample config and the git settings, and passes check', () => {
    expect(fs.readdirSync(dir).sort()).toEqual([
      '.gitattributes', '.gitignore', ...Object.keys(HEADERS), 'customers.yaml', 'ledger.yaml',
    ].sort());
    for (const [name, header] of Object.entries(HEADERS)) expect(read(dir, name)).toBe(header);
    expect(read(dir, '.gitattributes')).toBe('*.csv merge=union\n');
    expect(read(dir, '.gitignore')).toBe('.arledger.lock\n.arledger.lock.break\n.arledger-txn*\n*.arledger-tmp\n.arledger/\n');
    golden('init-ledger.yaml', read(dir, 'ledger.yaml'));
    golden('init-customers.yaml', read(dir, 'customers.yaml'));
    const check = runCli(['check', '-L', dir]);
    expect(check.stderr).toMatch(/ledger ok: 0 documents/);
    expect(check.code).toBe(0);
  });

  it('customer add appends one entry, quoted where YAML needs it, that reads back unchanged', () => {
    const before = read(dir, 'customers.yaml');
    let r = runCli(['customer', 'add', 'ACME', '-L', dir, '--name', 'Acme Corporation', '--email', 'ap@acme.example',
      '--terms', 'net30', '--credit-limit', '5000', '--alias', 'ACME CORP', '--bank-account', 'GB33 BUKB 2020 1555 5555 55']);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '', 'arledger: added customer ACME\n']);
    expect(read(dir, 'customers.yaml')).toBe(`${before}ACME:
  name: Acme Corporation
  email: ap@acme.example
  currency: EUR
  terms: net30
  credit_limit: "5000.00"
  bank_accounts:
    - GB33BUKB20201555555555
  aliases:
    - ACME CORP
`);
    r = runCli(['customer', 'add', 'OBRIEN', '-L', dir, '--name', "O'Brien, Ltd", '--address', "O'Brien, Ltd\n1 Main St\nDublin"]);
    expect(r.code).toBe(0);
    r = runCli(['customer', 'add', 'CAFE', '-L', dir, '--name', 'Café: Zürich', '--currency', 'CHF', '--terms', '2/10 net30', '--hold', '--no-dunning']);
    expect(r.code).toBe(0);
    r = runCli(['customer', 'add', '007', '-L', dir, '--name', 'true', '--email', 'bond@mi6.example', '--alias', '# not a comment', '--alias', '- not a list']);
    expect(r.code).toBe(0);
    golden('customers-after-add.yaml', read(dir, 'customers.yaml'));
    // Every scalar reads back as the same string under the failsafe schema the loader uses.
    const back = parse(read(dir, 'customers.yaml'), { schema: 'failsafe' }) as Record<string, Record<string, unknown>>;
    expect(back['OBRIEN']).toEqual({ name: "O'Brien, Ltd", currency: 'EUR', address: "O'Brien, Ltd\n1 Main St\nDublin" });
    expect(back['CAFE']).toEqual({ name: 'Café: Zürich', currency: 'CHF', terms: '2/10 net30', hold: 'true', dunning: 'false' });
    expect(back['007']).toEqual({ name: 'true', email: 'bond@mi6.example', currency: 'EUR', aliases: ['# not a comment', '- not a list'] });
    expect(runCli(['check', '-L', dir]).code).toBe(0);
  });

  it('customer list and show', () => {
    const table = runCli(['customer', 'list', '-L', dir]);
    expect(table.code).toBe(0);
    golden('customer-list.txt', table.stdout);
    const json = runCli(['customer', 'list', '-L', dir, '--format', 'json']);
    golden('customer-list.json', json.stdout);
    const csv = runCli(['customer', 'list', '-L', dir, '--format', 'csv']);
    golden('customer-list.csv', csv.stdout);
  });

  it('invoice add with lines prints only the id and appends the invoice and its lines', () => {
    const r = runCli(['invoice', 'add', '-L', dir, '--customer', 'ACME', '--date', '2026-11-02',
      '--line', 'Consulting;10;120.00;20', '--line', 'Travel, rail "2nd class";1;85.555', '--reference', 'PO-4711']);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, 'INV-2026-00001\n', '']);
    expect(read(dir, 'invoices.csv')).toBe(`${HEADERS['invoices.csv']}INV-2026-00001,invoice,2026-11-02,2026-12-02,ACME,EUR,1525.56,net30,PO-4711,\n`);
    expect(read(dir, 'invoice-lines.csv')).toBe('invoice,line,description,quantity,unit_price,tax_rate,net,tax\n'
      + 'INV-2026-00001,1,Consulting,10,120.00,20,1200.00,240.00\n'
      + 'INV-2026-00001,2,"Travel, rail ""2nd class""",1,85.555,0,85.56,0.00\n');
  });

  it('invoice add with an amount, terms, a debit note and --id', () => {
    let r = runCli(['invoice', 'add', '-L', dir, '--customer', 'OBRIEN', '--date', '2026-01-20', '--amount', '300', '--terms', 'eom15', '--memo', 'first order']);
    expect([r.code, r.stdout]).toEqual([0, 'INV-2026-00002\n']);
    r = runCli(['invoice', 'add', '-L', dir, '--customer', 'ACME', '--date', '2026-11-10', '--amount', '25.00', '--debit-note', '--due', '2026-11-20']);
    expect([r.code, r.stdout]).toEqual([0, 'DN-2026-0001\n']);
    r = runCli(['invoice', 'add', '-L', dir, '--customer', 'ACME', '--date', '2026-11-30', '--amount', '10.00', '--id', 'MANUAL-1', '--terms', 'receipt']);
    expect([r.code, r.stdout]).toEqual([0, 'MANUAL-1\n']);
    expect(read(dir, 'invoices.csv').split('\n').slice(2)).toEqual([
      'INV-2026-00002,invoice,2026-01-20,2026-02-15,OBRIEN,EUR,300.00,eom15,,first order',
      'DN-2026-0001,debit-note,2026-11-10,2026-11-20,ACME,EUR,25.00,net30,,',
      'MANUAL-1,invoice,2026-11-30,2026-11-30,ACME,EUR,10.00,receipt,,',
      '',
    ]);
  });

  it('--force issues past the credit limit and on hold, with a warning on stderr', () => {
    let r = runCli(['invoice', 'add', '-L', dir, '--customer', 'ACME', '--amount', '4000.00', '--force']);
    expect(r.stdout).toBe('INV-2026-00003\n');
    expect(r.stderr).toBe("arledger: warning: ACME's balance 1560.56 plus this 4000.00 is 5560.56 EUR, over its credit limit 5000.00 (issued with --force)\n");
    expect(r.code).toBe(0);
    r = runCli(['invoice', 'add', '-L', dir, '--customer', 'CAFE', '--amount', '99.95', '--force']);
    expect(r.stdout).toBe('INV-2026-00004\n');
    expect(r.stderr).toMatch(/^arledger: warning: customer CAFE is on credit hold/);
    expect(r.code).toBe(0);
    expect(runCli(['check', '-L', dir]).code).toBe(0);
  });

  it('invoice list and show, in every format, and customer show with its balance', () => {
    // A payment, its applications and a dispute, written as other commands would, so that show has them to show.
    fs.appendFileSync(path.join(dir, 'payments.csv'), 'P-1,2026-11-20,ACME,EUR,510.00,transfer,,,\n');
    fs.appendFileSync(path.join(dir, 'applications.csv'), '2026-11-20,P-1,INV-2026-00001,500.00\n2026-11-30,P-1,MANUAL-1,10.00\n');
    fs.appendFileSync(path.join(dir, 'disputes.csv'), '2026-11-21,DN-2026-0001,open,"fee not agreed, see mail"\n');
    expect(runCli(['check', '-L', dir]).code).toBe(0);
    const out = (args: string[]): string => {
      const r = runCli([...args, '-L', dir]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return r.stdout;
    };
    golden('invoice-list.txt', out(['invoice', 'list']));
    golden('invoice-list-open-acme.csv', out(['invoice', 'list', '--open', '--customer', 'ACME', '--format', 'csv']));
    golden('invoice-list.json', out(['invoice', 'list', '--as-of', '2026-11-10', '--format', 'json']));
    golden('invoice-show-INV-2026-00001.txt', out(['invoice', 'show', 'INV-2026-00001']));
    golden('invoice-show-INV-2026-00001.json', out(['invoice', 'show', 'INV-2026-00001', '--format', 'json']));
    golden('invoice-show-DN-2026-0001.txt', out(['invoice', 'show', 'DN-2026-0001']));
    golden('invoice-show-INV-2026-00001-before-payment.txt', out(['invoice', 'show', 'INV-2026-00001', '--as-of', '2026-11-19']));
    golden('customer-show-ACME.txt', out(['customer', 'show', 'ACME']));
    golden('customer-show-ACME.json', out(['customer', 'show', 'ACME', '--as-of', '2026-11-05', '--format', 'json']));
  });

  const REFUSALS: [readonly string[], number, RegExp][] = [
    [['customer', 'add', 'ACME', '--name', 'Again'], 3, /customer ACME already exists \(customers.yaml:\d+\)/],
    [['customer', 'add', 'NEW', '--name', 'N', '--currency', 'EUE'], 2, /--currency "EUE" is not an ISO 4217 code/],
    [['customer', 'add', 'NEW', '--name', 'N', '--email', 'nobody'], 2, /--email "nobody" is not an e-mail address/],
    [['customer', 'add', 'NEW', '--name', 'Evil\u001b[2J'], 2, /--name "Evil\\u001b\[2J" contains a line break or control character/],
    [['customer', 'add', 'NEW', '--name', 'N', '--terms', 'net 30'], 2, /--terms "net 30" are not payment terms/],
    [['customer', 'add', 'NEW', '--name', 'N', '--credit-limit', '-5'], 2, /--credit-limit "-5" is negative/],
    [['customer', 'add', 'bad id', '--name', 'N'], 2, /customer id "bad id" is not a valid id/],
    [['customer', 'add', 'NEW'], 2, /required option '--name <name>' not specified/],
    [['invoice', 'add', '--customer', 'ACME', '--line', 'Consulting;10'], 2, /--line "Consulting;10" has 2 fields/],
    [['invoice', 'add', '--customer', 'ACME', '--line', 'Consulting;10;12,50'], 2, /unit price "12,50" is not a decimal number/],
    [['invoice', 'add', '--customer', 'ACME', '--line', 'Consulting;1;1;20%'], 2, /tax rate "20%"/],
    [['invoice', 'add', '--customer', 'ACME', '--amount', '1.005'], 2, /--amount "1.005" has 3 decimals, but EUR has 2/],
    [['invoice', 'add', '--customer', 'ACME', '--amount', '10', '--line', 'a;1;1'], 2, /either --line or --amount, not both/],
    [['invoice', 'add', '--customer', 'ACME'], 2, /give the invoice's lines or its amount/],
    [['invoice', 'add', '--customer', 'ACME', '--amount', '10', '--date', '2026-02-30'], 2, /--date "2026-02-30" is not a calendar date/],
    [['invoice', 'add', '--customer', 'ACME', '--amount', '10', '--terms', 'net-30'], 2, /--terms "net-30" are not payment terms/],
    [['invoice', 'add', '--customer', 'ACME', '--amount', '10', '--memo', 'two\nlines'], 2, /--memo contains a line break/],
    [['invoice', 'add', '--customer', 'ACME', '--amount', '10', '--id', 'no spaces'], 2, /--id "no spaces" is not a valid id/],
    [['invoice', 'add', '--customer', 'NOPE', '--amount', '10'], 3, /customer "NOPE" does not exist/],
    [['invoice', 'add', '--customer', 'ACME', '--amount', '10', '--date', '2026-11-30', '--due', '2026-11-29'], 3, /due date 2026-11-29 is before the invoice date 2026-11-30/],
    [['invoice', 'add', '--customer', 'ACME', '--amount', '10', '--id', 'INV-2026-00001'], 3, /id INV-2026-00001 is already used \(invoice at invoices.csv:2\)/],
    [['invoice', 'add', '--customer', 'ACME', '--amount', '0.01'], 3, /over its credit limit 5000.00 — nothing was written; add --force/],
    [['invoice', 'add', '--customer', 'CAFE', '--amount', '1.00'], 3, /customer CAFE is on credit hold/],
    [['invoice', 'show', 'NOPE'], 3, /invoice "NOPE" does not exist/],
    [['invoice', 'list', '--customer', 'NOPE'], 3, /customer "NOPE" does not exist/],
    [['customer', 'show', 'NOPE'], 3, /customer "NOPE" does not exist/],
  ];

  it.each(REFUSALS)('refuses %j with exit %i and leaves every byte as it was', (args, code, message) => {
    refused(dir, args, code, message);
  });

  it('refuses a document dated on or before lock_date, writing nothing', () => {
    const locked = tempLedger({});
    fs.cpSync(dir, locked, { recursive: true });
    fs.appendFileSync(path.join(locked, 'ledger.yaml'), 'lock_date: 2026-10-31\n');
    refused(locked, ['invoice', 'add', '--customer', 'OBRIEN', '--amount', '10', '--date', '2026-10-31'], 3,
      /the books are closed up to 2026-10-31 \(lock_date in ledger.yaml\): a invoices.csv row dated 2026-10-31 cannot be added/);
    const ok = runCli(['invoice', 'add', '-L', locked, '--customer', 'OBRIEN', '--amount', '10', '--date', '2026-11-01']);
    expect(ok.code).toBe(0);
  });
});

describe('init refusals and existing files', { timeout: 120_000 }, () => {
  it('refuses a directory that already holds a ledger.yaml, writing nothing', () => {
    const dir = tempLedger({ 'ledger.yaml': BASE_CONFIG });
    const before = snapshotDir(dir);
    const r = runCli(['init', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/already holds a ledger \(ledger.yaml exists\); nothing was written/);
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('refuses a journal that exists with data, and a bad currency, writing nothing', () => {
    const dir = tempLedger({ 'invoices.csv': 'id,kind,date,due,customer,currency,amount,terms,reference,memo\nA,invoice,2026-01-01,2026-01-31,X,EUR,1.00,,,\n' });
    const before = snapshotDir(dir);
    let r = runCli(['init', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/invoices.csv already exists and is not the empty file init writes/);
    r = runCli(['init', tempDir(), '--currency', 'eur']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--currency "eur" is not an ISO 4217 code/);
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('takes the directory as -L too, and refuses two different ones', () => {
    const parent = tempDir();
    expect(runCli(['init', '-L', 'viaflag'], { cwd: parent }).code).toBe(0);
    expect(fs.existsSync(path.join(parent, 'viaflag', 'ledger.yaml'))).toBe(true);
    const r = runCli(['init', 'one', '-L', 'two'], { cwd: parent });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/DIR "one" and --ledger "two" differ/);
    expect(fs.readdirSync(parent)).toEqual(['viaflag']);
  });

  it('takes --currency, extends an existing .gitignore, and can be run again after an interrupted init', () => {
    const dir = tempLedger({ '.gitignore': 'node_modules/\n.arledger.lock', 'payments.csv': HEADERS['payments.csv']! });
    const r = runCli(['init', '--currency', 'JPY', '--company', 'Café: Zürich AG'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(read(dir, '.gitignore')).toBe('node_modules/\n.arledger.lock\n.arledger.lock.break\n.arledger-txn*\n*.arledger-tmp\n.arledger/\n');
    expect(read(dir, 'ledger.yaml')).toMatch(/^currency: JPY /m);
    expect(read(dir, 'ledger.yaml')).toMatch(/^ {2}name: "Café: Zürich AG"$/m);
    expect(runCli(['check', '-L', dir]).code).toBe(0);
    expect(runCli(['customer', 'add', 'K', '--name', 'K', '-L', dir]).code).toBe(0);
    const inv = runCli(['invoice', 'add', '--customer', 'K', '--line', 'Tea;3;333.5;10', '-L', dir]);
    expect(inv.stdout).toBe('INV-2026-00001\n');
    expect(read(dir, 'invoices.csv')).toMatch(/,K,JPY,1101,net30,,\n$/); // 1000.5 -> 1001, tax 100.1 -> 100
  });
});

describe('customers.yaml in other shapes', { timeout: 120_000 }, () => {
  it('a file whose last line lacks a newline gets one before the entry; CRLF files stay CRLF', () => {
    const dir = tempLedger({ 'ledger.yaml': BASE_CONFIG, 'customers.yaml': 'ACME:\n  name: Acme' });
    expect(runCli(['customer', 'add', 'B', '--name', 'Bee', '-L', dir]).code).toBe(0);
    expect(read(dir, 'customers.yaml')).toBe('ACME:\n  name: Acme\nB:\n  name: Bee\n  currency: EUR\n');
    const crlf = tempLedger({ 'ledger.yaml': BASE_CONFIG, 'customers.yaml': 'ACME:\r\n  name: Acme\r\n' });
    expect(runCli(['customer', 'add', 'B', '--name', 'Bee', '-L', crlf]).code).toBe(0);
    expect(read(crlf, 'customers.yaml')).toBe('ACME:\r\n  name: Acme\r\nB:\r\n  name: Bee\r\n  currency: EUR\r\n');
  });

  it('a missing customers.yaml is created', () => {
    const dir = tempLedger({ 'ledger.yaml': BASE_CONFIG });
    expect(runCli(['customer', 'add', 'B', '--name', 'Bee', '-L', dir]).code).toBe(0);
    expect(read(dir, 'customers.yaml')).toBe('B:\n  name: Bee\n  currency: EUR\n');
  });

  it('refuses to append to a flow-style file it could not extend, writing nothing', () => {
    const dir = tempLedger({ 'ledger.yaml': BASE_CONFIG, 'customers.yaml': '{ ACME: { name: Acme } }\n' });
    const before = snapshotDir(dir);
    const r = runCli(['customer', 'add', 'B', '--name', 'Bee', '-L', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/customers.yaml: cannot append customer B: the file with it would not read back/);
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('an empty invoice-lines.csv gets its header before the first lines', () => {
    const dir = tempLedger({ 'ledger.yaml': BASE_CONFIG, 'customers.yaml': 'ACME:\n  name: Acme\n', 'invoice-lines.csv': '' });
    const r = runCli(['invoice', 'add', '--customer', 'ACME', '--line', 'Tea;2;1.25', '--date', '2026-11-02', '-L', dir]);
    expect([r.code, r.stdout]).toEqual([0, 'INV-2026-00001\n']);
    expect(read(dir, 'invoice-lines.csv')).toBe('invoice,line,description,quantity,unit_price,tax_rate,net,tax\nINV-2026-00001,1,Tea,2,1.25,0,2.50,0.00\n');
    expect(read(dir, 'invoices.csv')).toBe('id,kind,date,due,customer,currency,amount,terms,reference,memo\nINV-2026-00001,invoice,2026-11-02,2026-12-02,ACME,EUR,2.50,net30,,\n');
    expect(runCli(['check', '-L', dir]).code).toBe(0);
  });

  it('waits for a ledger locked by another running command, then exits 4 writing nothing', () => {
    const dir = tempLedger({ 'ledger.yaml': BASE_CONFIG, 'customers.yaml': 'ACME:\n  name: Acme\n' });
    // This test process is alive, so the lock is not stale and must be respected.
    fs.writeFileSync(path.join(dir, '.arledger.lock'), `${process.pid} ${os.hostname()}\n`);
    refused(dir, ['customer', 'add', 'B', '--name', 'Bee', '--wait', '0'], 4, /locked by another arledger command/);
    refused(dir, ['invoice', 'add', '--customer', 'ACME', '--amount', '1.00', '--wait', '0.2'], 4, /locked by another arledger command/);
  });

  it('refuses to write to a ledger that is already invalid', () => {
    const dir = tempLedger({ 'ledger.yaml': BASE_CONFIG, 'customers.yaml': 'ACME:\n  name: Acme\n  currency: EUE\n' });
    const before = snapshotDir(dir);
    const r = runCli(['customer', 'add', 'B', '--name', 'Bee', '-L', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/customers.yaml:3: currency "EUE" of ACME is not an ISO 4217 code/);
    expect(snapshotDir(dir)).toEqual(before);
  });
});
