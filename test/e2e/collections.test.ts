// Notes, promises and the worklist (SPEC §8) through the built CLI: goldens on the demo ledger at 2026-11-30, the
// rows each command appends, the notes a dunning run writes, every refusal (nothing written), and the reading
// cache giving the same answers as --no-cache once promises are recorded.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE_CONFIG, BASE_CUSTOMERS, ROOT, copyLedger, runCli, snapshotDir, tempDir, tempLedger } from '../helpers/cli.js';

const GOLDEN = path.join(ROOT, 'test', 'golden', 'collections');
const DEMO = path.join(ROOT, 'ledgers', 'demo');
const USER = { ARLEDGER_USER: 'Anna Keller' };

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
  }
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

const read = (dir: string, rel: string): string => fs.readFileSync(path.join(dir, rel), 'utf8');

/** Runs a command that must be refused with `code`, leaving every file as it was. */
function refused(dir: string, args: string[], code: number, stderr: RegExp, env: Record<string, string> = USER): void {
  const before = snapshotDir(dir);
  const r = runCli([...args, '-L', dir], { env });
  expect(r.stderr).toMatch(stderr);
  expect(r.code).toBe(code);
  expect(r.stdout).toBe('');
  expect(snapshotDir(dir)).toEqual(before);
}

const BOOKS = {
  'ledger.yaml': `${BASE_CONFIG}lock_date: 2026-10-31\n`,
  'customers.yaml': `${BASE_CUSTOMERS}GLOBEX:\n  name: Globex\n  currency: JPY\n  collector: Ben\n`,
  'invoices.csv': 'id,kind,date,due,customer,currency,amount,terms,reference,memo\n'
    + 'INV-1,invoice,2026-11-01,2026-11-10,ACME,EUR,100.00,,,\nINV-2,invoice,2026-11-02,2026-11-12,GLOBEX,JPY,5000,,,\nINV-3,invoice,2026-11-02,2026-11-12,ACME,EUR,20.00,,,\n',
  'payments.csv': 'id,date,customer,currency,amount,method,reference,bank_ref,memo\nPAY-1,2026-11-05,ACME,EUR,20.00,transfer,,,\n',
  'applications.csv': 'date,credit,debit,amount\n2026-11-05,PAY-1,INV-3,20.00\n',
};

describe('worklist on the demo ledger', () => {
  it('lists the customers to contact by priority, as a table, JSON and CSV', () => {
    for (const [format, file] of [['table', 'worklist.txt'], ['json', 'worklist.json'], ['csv', 'worklist.csv']] as const) {
      const r = runCli(['worklist', '--as-of', '2026-11-30', '--format', format, '-L', DEMO]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      golden(file, r.stdout);
    }
  });

  it('--assignee keeps one collector\'s customers; a collector nobody has is refused (exit 3)', () => {
    const r = runCli(['worklist', '--assignee', 'Anna Keller', '--format', 'json', '-L', DEMO]);
    expect(r.code).toBe(0);
    const rows = (JSON.parse(r.stdout) as { customers: { customer: string; collector: string }[] }).customers;
    expect(rows.map((c) => c.customer)).toEqual(['NORDLICHT', 'OLIVEIRA', 'KLEINBACH']);
    const bad = runCli(['worklist', '--assignee', 'Anna', '-L', DEMO]);
    expect(bad.stderr).toBe('arledger: no customer has collector "Anna" — collectors in customers.yaml: Anna Keller, Ben Ortiz\n');
    expect(bad.code).toBe(3);
  });

  it('a bad --as-of or --format is a usage error (exit 2)', () => {
    expect(runCli(['worklist', '--as-of', '2026-13-01', '-L', DEMO]).code).toBe(2);
    expect(runCli(['worklist', '--format', 'xml', '-L', DEMO]).code).toBe(2);
  });

  it('note list --due, promise list and aging --detail show the follow-ups and promises', () => {
    const due = runCli(['note', 'list', '--due', '--as-of', '2026-11-30', '-L', DEMO]);
    expect(due.code).toBe(0);
    golden('note-list-due.txt', due.stdout);
    const promises = runCli(['promise', 'list', '--as-of', '2026-11-30', '--format', 'json', '-L', DEMO]);
    expect(promises.code).toBe(0);
    golden('promise-list.json', promises.stdout);
    const broken = runCli(['promise', 'list', '--status', 'broken', '--format', 'csv', '-L', DEMO]);
    expect(broken.stdout).toBe('date,customer,invoice,currency,amount,due,status,paid,by,note\n'
      + '2026-11-03,GREENFIELD,INV-2026-00065,USD,7267.32,2026-11-13,broken,0.00,Ben Ortiz,payment run of 13 November\n');
    const aging = runCli(['aging', '--detail', '--customer', 'HARBOR', '--as-of', '2026-11-30', '-L', DEMO]);
    expect(aging.code).toBe(0);
    golden('aging-detail-harbor.txt', aging.stdout);
    const json = runCli(['aging', '--detail', '--customer', 'GREENFIELD', '--format', 'json', '-L', DEMO]);
    const items = (JSON.parse(json.stdout) as { customers: { items: { id: string; promise?: unknown }[] }[] }).customers[0]!.items;
    expect(items.find((i) => i.id === 'INV-2026-00065')!.promise).toEqual({ status: 'broken', date: '2026-11-03', due: '2026-11-13', amount: '7267.32', paid: '0.00' });
    expect(items.filter((i) => i.promise !== undefined)).toHaveLength(1);
  });
});

describe('note', () => {
  it('appends one row to notes.csv, with the recording user, and reads it back', () => {
    const dir = tempLedger(BOOKS);
    const r = runCli(['note', 'ACME', '--invoice', 'INV-1', '--kind', 'call', '--text', 'Mrs Keller: pays Friday, "for sure"', '--follow-up', '2026-12-04', '-L', dir], { env: USER });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('call with ACME INV-1 noted on 2026-11-30 by Anna Keller; follow up on 2026-12-04\n');
    expect(r.code).toBe(0);
    expect(read(dir, 'notes.csv')).toBe('date,customer,invoice,kind,text,follow_up,by\n2026-11-30,ACME,INV-1,call,"Mrs Keller: pays Friday, ""for sure""",2026-12-04,Anna Keller\n');
    const add = runCli(['note', 'add', 'GLOBEX', '--kind', 'email', '--text', 'sent statement', '--by', 'Ben', '--format', 'json', '-L', dir]);
    expect(JSON.parse(add.stdout)).toEqual({ date: '2026-11-30', customer: 'GLOBEX', invoice: '', kind: 'email', text: 'sent statement', follow_up: '', by: 'Ben' });
    const due = runCli(['note', 'list', '--due', '--as-of', '2026-12-04', '--format', 'json', '-L', dir]);
    expect((JSON.parse(due.stdout) as { notes: { customer: string }[] }).notes.map((n) => n.customer)).toEqual(['ACME']);
    // A later note about the same invoice answers the follow-up.
    runCli(['note', 'ACME', '--invoice', 'INV-1', '--kind', 'call', '--text', 'paid', '--date', '2026-11-30', '-L', dir], { env: USER });
    expect(runCli(['note', 'list', '--due', '--as-of', '2026-12-04', '--format', 'csv', '-L', dir]).stdout).toBe('date,customer,invoice,kind,text,follow_up,by\n');
    expect(runCli(['check', '-L', dir]).code).toBe(0);
  });

  it('refuses what would break a rule, with nothing written', () => {
    const dir = tempLedger(BOOKS);
    refused(dir, ['note', 'NOPE', '--kind', 'call', '--text', 'x'], 3, /customer "NOPE" does not exist/);
    refused(dir, ['note', 'ACME', '--invoice', 'INV-2', '--kind', 'call', '--text', 'x'], 3, /invoice INV-2 belongs to GLOBEX, not ACME/);
    refused(dir, ['note', 'ACME', '--invoice', 'PAY-1', '--kind', 'call', '--text', 'x'], 3, /PAY-1 is a payment, not an invoice/);
    refused(dir, ['note', 'ACME', '--invoice', 'INV-9', '--kind', 'call', '--text', 'x'], 3, /invoice "INV-9" does not exist/);
    refused(dir, ['note', 'ACME', '--kind', 'call', '--text', 'x', '--follow-up', '2026-11-29'], 3, /--follow-up 2026-11-29 is before the note's date 2026-11-30/);
    refused(dir, ['note', 'ACME', '--kind', 'call', '--text', 'x', '--date', '2026-10-31'], 3, /closed up to 2026-10-31/);
    refused(dir, ['note', 'ACME', '--kind', 'call', '--text', 'x', '--date', '2026-12-01'], 3, /dated 2026-12-01 is after 2026-11-30.*--allow-future/);
    refused(dir, ['note', 'ACME', '--kind', 'fax', '--text', 'x'], 2, /argument 'fax' is invalid/);
    refused(dir, ['note', 'ACME', '--text', 'x'], 2, /note needs --kind, one of call, email, letter, meeting, note/);
    refused(dir, ['note', 'ACME', '--kind', 'call'], 2, /note needs --text/);
    refused(dir, ['note', 'ACME', '--kind', 'call', '--text', 'a\nb'], 2, /--text contains a line break/);
    refused(dir, ['note', 'ACME', '--kind', 'call', '--text', 'x', '--follow-up', '2026-02-30'], 2, /--follow-up "2026-02-30" is not a calendar date/);
    refused(dir, ['note', 'ACME', '--kind', 'call', '--text', 'x', '--by', 'a\u202eb'], 2, /--by .* contains a control or direction character/);
    // Nobody to record it: no --by, no ARLEDGER_USER, and no git user.name.
    const home = tempDir();
    refused(dir, ['note', 'ACME', '--kind', 'call', '--text', 'x'], 2, /who records this note is not known — pass --by NAME, set ARLEDGER_USER, or set git config user.name/,
      { HOME: home, XDG_CONFIG_HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: path.join(home, 'none'), ARLEDGER_USER: '' });
    refused(dir, ['note', 'list', '--customer', 'NOPE'], 3, /customer "NOPE" does not exist/);
  });

  it('a bad row in notes.csv is reported by check at its line (exit 1) and refuses reports (exit 3)', () => {
    const dir = tempLedger({ ...BOOKS, 'notes.csv': 'date,customer,invoice,kind,text,follow_up,by\n2026-11-20,ACME,INV-2,visit,x,2026-11-01,Anna\n' });
    const r = runCli(['check', '-L', dir]);
    expect(r.stdout + r.stderr).toContain('notes.csv:2: invoice INV-2 belongs to GLOBEX, not ACME');
    expect(r.stdout + r.stderr).toContain('notes.csv:2: kind "visit" is not one of call, email, letter, meeting, note');
    expect(r.stdout + r.stderr).toContain('notes.csv:2: follow_up 2026-11-01 is before the note\'s date 2026-11-20');
    expect(r.code).toBe(1);
    expect(runCli(['worklist', '-L', dir]).code).toBe(3);
    expect(runCli(['aging', '-L', dir]).code).toBe(3);
  });
});

describe('promise', () => {
  it('appends one row to promises.csv; promise list shows its status as the days pass', () => {
    const dir = tempLedger(BOOKS);
    const r = runCli(['promise', 'ACME', '--invoice', 'INV-1', '--amount', '100', '--due', '2026-12-04', '--note', 'on the phone', '-L', dir], { env: USER });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('ACME promised to pay 100.00 EUR on INV-1 by 2026-12-04 (recorded 2026-11-30 by Anna Keller); dunning leaves it alone until then\n');
    expect(read(dir, 'promises.csv')).toBe('date,customer,invoice,amount,due,by,note\n2026-11-30,ACME,INV-1,100.00,2026-12-04,Anna Keller,on the phone\n');
    const status = (asOf: string): string[] => (JSON.parse(runCli(['promise', 'list', '--as-of', asOf, '--format', 'json', '-L', dir]).stdout) as { promises: { status: string }[] }).promises.map((p) => p.status);
    expect(status('2026-11-29')).toEqual([]);
    expect(status('2026-12-04')).toEqual(['pending']);
    expect(status('2026-12-05')).toEqual(['broken']);
    // Paid in the window: kept from that day on.
    fs.appendFileSync(path.join(dir, 'payments.csv'), 'PAY-2,2026-12-03,ACME,EUR,100.00,transfer,,,\n');
    fs.appendFileSync(path.join(dir, 'applications.csv'), '2026-12-03,PAY-2,INV-1,100.00\n');
    expect(status('2026-12-02')).toEqual(['pending']);
    expect(status('2026-12-05')).toEqual(['kept']);
    expect(runCli(['promise', 'list', '--status', 'kept', '--as-of', '2026-12-31', '-L', dir]).stdout).toContain('| kept   |');
  });

  it('refuses what would break a rule, with nothing written', () => {
    const dir = tempLedger(BOOKS);
    refused(dir, ['promise', 'NOPE', '--amount', '1.00', '--due', '2026-12-04'], 3, /customer "NOPE" does not exist/);
    refused(dir, ['promise', 'ACME', '--invoice', 'INV-3', '--amount', '1.00', '--due', '2026-12-04'], 3, /INV-3 has nothing open on 2026-11-30/);
    refused(dir, ['promise', 'ACME', '--invoice', 'INV-2', '--amount', '1.00', '--due', '2026-12-04'], 3, /belongs to GLOBEX, not ACME/);
    refused(dir, ['promise', 'ACME', '--amount', '1.00', '--due', '2026-11-29'], 3, /--due 2026-11-29 is before the promise's date 2026-11-30/);
    refused(dir, ['promise', 'ACME', '--amount', '1,00', '--due', '2026-12-04'], 2, /--amount "1,00" .* write a plain decimal such as/);
    refused(dir, ['promise', 'ACME', '--amount', '0', '--due', '2026-12-04'], 2, /--amount must be greater than 0/);
    refused(dir, ['promise', 'GLOBEX', '--amount', '10.5', '--due', '2026-12-04'], 2, /--amount "10.5" has decimals, but JPY has no minor unit/);
    refused(dir, ['promise', 'ACME', '--due', '2026-12-04'], 2, /promise needs --amount/);
    refused(dir, ['promise', 'ACME', '--amount', '1.00'], 2, /promise needs --due/);
    refused(dir, ['promise', 'ACME', '--amount', '1.00', '--due', 'friday'], 2, /--due "friday" is not a calendar date/);
    refused(dir, ['promise', 'list', '--status', 'late'], 2, /argument 'late' is invalid/);
  });
});

describe('dunning with notes and promises', () => {
  it('writes a letter note per letter in the same run, pauses promised items, and answers the same from the cache', () => {
    const dir = copyLedger(DEMO);
    const r = runCli(['dunning', '--as-of', '2026-11-30', '-L', dir]);
    expect(r.code).toBe(0);
    const notes = read(dir, 'notes.csv').split('\n').filter((l) => l.includes('arledger dunning'));
    expect(notes).toEqual([
      '2026-11-30,GREENFIELD,,letter,Level 3 letter: 7691.57 USD (outbox/2026-11-30/GREENFIELD-L3.txt),,arledger dunning',
      '2026-11-30,OLIVEIRA,,letter,Level 1 letter: 6957.50 EUR (outbox/2026-11-30/OLIVEIRA-L1.txt),,arledger dunning',
      '2026-11-30,SAKURA,,letter,Level 2 letter: 1461108 JPY (outbox/2026-11-30/SAKURA-L2.txt),,arledger dunning',
      '2026-11-30,TANAKA,,letter,Level 3 letter: 1214704 JPY (outbox/2026-11-30/TANAKA-L3.txt),,arledger dunning',
    ]);
    // HARBOR promised its whole overdue balance by 2026-12-04: skipped as promised.
    expect(r.stdout).toMatch(/HARBOR +\| promised/);
    expect(read(dir, 'dunning.csv')).not.toContain('HARBOR');
    // A letter is the customer's last contact, but answers no follow-up.
    const w = JSON.parse(runCli(['worklist', '--format', 'json', '-L', dir]).stdout) as { customers: { customer: string; last_contact_kind: string; next_follow_up: string; dunning_level: number }[] };
    expect(w.customers.find((c) => c.customer === 'GREENFIELD')).toMatchObject({ last_contact_kind: 'letter', next_follow_up: '2026-11-16', dunning_level: 3 });
    // A run dated ahead (a report date) writes its notes like its notices, without --allow-future.
    const ahead = runCli(['dunning', '--as-of', '2026-12-20', '-L', dir]);
    expect(ahead.stderr).toMatch(/letters? written to outbox\/2026-12-20\//);
    expect(ahead.code).toBe(0);
    expect(read(dir, 'notes.csv')).toContain('2026-12-20,HARBOR,,letter,');
    expect(runCli(['check', '-L', dir]).code).toBe(0);
  });

  it('the reading cache gives what --no-cache gives, before and after a promise is recorded', () => {
    const dir = copyLedger(DEMO);
    fs.writeFileSync(path.join(dir, 'promises.csv'), 'date,customer,invoice,amount,due,by,note\n');
    const env = { ARLEDGER_CACHE_MIN_BYTES: '0', ...USER };
    const same = (args: string[]): string => {
      const plain = runCli([...args, '--no-cache', '-L', dir], { env });
      const first = runCli([...args, '-L', dir], { env });
      const again = runCli([...args, '-L', dir], { env });
      expect(first.stdout).toBe(plain.stdout);
      expect(again.stdout).toBe(plain.stdout);
      expect(plain.code).toBe(0);
      return plain.stdout;
    };
    const reports = [['dunning', '--dry-run', '--format', 'json'], ['aging', '--detail', '--format', 'json']];
    const before = reports.map(same);
    expect(fs.existsSync(path.join(dir, '.arledger', 'cache'))).toBe(true);
    expect(runCli(['promise', 'HARBOR', '--invoice', 'INV-2026-00072', '--amount', '3888.09', '--due', '2026-12-04', '-L', dir], { env }).code).toBe(0);
    const after = reports.map(same);
    expect(after[0]).not.toBe(before[0]);
    expect(after[0]).not.toContain('INV-2026-00072');
    expect(after[1]).toContain('"status": "pending"');
  });
});

describe('check --base on notes.csv and promises.csv', () => {
  const git = (dir: string, ...args: string[]): string => execFileSync('git', ['-C', dir, '-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
  });

  it('reports a changed note and a promise added on or before lock_date, like any journal row', () => {
    const dir = tempLedger({
      ...BOOKS,
      'notes.csv': 'date,customer,invoice,kind,text,follow_up,by\n2026-11-20,ACME,INV-1,call,pays Friday,2026-11-27,Anna\n',
      'promises.csv': 'date,customer,invoice,amount,due,by,note\n2026-11-20,ACME,INV-1,100.00,2026-11-27,Anna,\n',
    });
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'books');
    expect(runCli(['check', '--base', 'HEAD', '-L', dir]).code).toBe(0);
    const notes = path.join(dir, 'notes.csv');
    fs.writeFileSync(notes, fs.readFileSync(notes, 'utf8').replace('pays Friday', 'pays Monday'));
    fs.appendFileSync(path.join(dir, 'promises.csv'), '2026-10-30,ACME,,10.00,2026-11-05,Anna,\n');
    const r = runCli(['check', '--base', 'HEAD', '-L', dir]);
    expect(r.stdout).toContain('notes.csv:2: row of HEAD (line 2) was changed or removed: "2026-11-20,ACME,INV-1,call,pays Friday,2026-11-27,Anna"');
    expect(r.stdout).toContain('promises.csv:3: row added since HEAD is dated 2026-10-30, on or before lock_date 2026-10-31');
    expect(r.code).toBe(1);
  });
});
