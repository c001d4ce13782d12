// `customer set` edits customers.yaml in place: the exact bytes before and after, on files with comments, flow
// maps, quoted strings, a literal block address, CRLF line ends and no final newline; and its refusals.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE_CONFIG, runCli, snapshotDir, tempLedger } from '../helpers/cli.js';

const CUSTOMERS = `# Customers of Test Co — kept by hand and by arledger
ACME:
  name: Acme Corporation   # the legal name
  email: ap@acme.example
  currency: EUR
  terms: "net30"
  credit_limit: '5000.00'
  address: |
    Acme Corporation
    12 Harbour Road
    Bristol

  aliases:
    - ACME CORP
    - "ACME LTD"

# Flow style, on one line
ZEN: { name: "Zen Ltd", email: 'zen@zen.example', currency: EUR, hold: true }
OMEGA:
  name: Omega GmbH
  dunning: false`;

const INVOICES = 'id,kind,date,due,customer,currency,amount,terms,reference,memo\nINV-1,invoice,2026-11-01,2026-12-01,ACME,EUR,100.00,net30,,\n';

function ledger(customers = CUSTOMERS): string {
  return tempLedger({ 'ledger.yaml': BASE_CONFIG, 'customers.yaml': customers, 'invoices.csv': INVOICES });
}

const read = (dir: string, name: string): string => fs.readFileSync(path.join(dir, name), 'utf8');

function set(dir: string, ...args: string[]): { code: number; stderr: string } {
  const r = runCli(['customer', 'set', ...args, '-L', dir], { env: { ARLEDGER_USER: 'Anna Keller' } });
  return { code: r.code, stderr: r.stderr };
}

/** The text with `from` replaced by `to` exactly once: the only change the command may make. */
function changed(text: string, from: string, to: string): string {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}

describe('customer set', { timeout: 120_000 }, () => {
  it('changes one value and leaves every other byte alone', () => {
    const dir = ledger();
    expect(set(dir, 'ACME', '--email', 'billing@acme.example').code).toBe(0);
    expect(read(dir, 'customers.yaml')).toBe(changed(CUSTOMERS, 'email: ap@acme.example', 'email: billing@acme.example'));
    expect(runCli(['check', '-L', dir]).code).toBe(0);
  });

  it('keeps the quoting style of the value it replaces', () => {
    const dir = ledger();
    expect(set(dir, 'ACME', '--terms', 'net45', '--credit-limit', '7500').code).toBe(0);
    let want = changed(CUSTOMERS, 'terms: "net30"', 'terms: "net45"');
    want = changed(want, "credit_limit: '5000.00'", "credit_limit: '7500.00'");
    expect(read(dir, 'customers.yaml')).toBe(want);
  });

  it('rewrites a literal block address as a literal block', () => {
    const dir = ledger();
    expect(set(dir, 'ACME', '--address', 'Acme Corporation\n14 Harbour Road\nBristol').code).toBe(0);
    expect(read(dir, 'customers.yaml')).toBe(changed(CUSTOMERS, '    12 Harbour Road\n    Bristol\n', '    14 Harbour Road\n    Bristol\n'));
  });

  it('adds and removes list items line by line in a block list', () => {
    const dir = ledger();
    expect(set(dir, 'ACME', '--alias', 'ACME GMBH', '--remove-alias', 'ACME CORP').code).toBe(0);
    expect(read(dir, 'customers.yaml')).toBe(changed(CUSTOMERS, '    - ACME CORP\n    - "ACME LTD"\n', '    - "ACME LTD"\n    - ACME GMBH\n'));
  });

  it('edits a flow map in place', () => {
    const dir = ledger();
    expect(set(dir, 'ZEN', '--no-hold', '--reason', 'paid up', '--terms', 'net14').code).toBe(0);
    expect(read(dir, 'customers.yaml')).toBe(changed(CUSTOMERS, 'currency: EUR, hold: true }', 'currency: EUR, hold: false, terms: net14 }'));
    expect(read(dir, 'notes.csv')).toBe('date,customer,invoice,kind,text,follow_up,by\n2026-11-30,ZEN,,note,Hold off: paid up,,Anna Keller\n');
  });

  it('adds a key to the last customer of a file without a final newline, and keeps it without one', () => {
    const dir = ledger();
    expect(set(dir, 'OMEGA', '--hold', '--reason', 'cheque bounced', '--by', 'Bo Berg').code).toBe(0);
    expect(read(dir, 'customers.yaml')).toBe(`${CUSTOMERS}\n  hold: true`);
    expect(read(dir, 'notes.csv')).toBe('date,customer,invoice,kind,text,follow_up,by\n2026-11-30,OMEGA,,note,Hold on: cheque bounced,,Bo Berg\n');
    expect(set(dir, 'OMEGA', '--dunning', '--unset', 'hold').code).toBe(0);
    expect(read(dir, 'customers.yaml')).toBe(CUSTOMERS.replace('dunning: false', 'dunning: true'));
    expect(read(dir, 'notes.csv').split('\n')[2]).toBe('2026-11-30,OMEGA,,note,Hold off,,Anna Keller');
  });

  it('removes a key with its whole line, comment included', () => {
    const dir = ledger();
    expect(set(dir, 'ACME', '--unset', 'credit_limit', '--unset', 'aliases').code).toBe(0);
    let want = changed(CUSTOMERS, "  credit_limit: '5000.00'\n", '');
    want = changed(want, '  aliases:\n    - ACME CORP\n    - "ACME LTD"\n', '');
    expect(read(dir, 'customers.yaml')).toBe(want);
  });

  it('keeps CRLF line ends and a byte-order mark', () => {
    const crlf = '\ufeff' + CUSTOMERS.replace(/\n/g, '\r\n');
    const dir = ledger(crlf);
    expect(set(dir, 'ACME', '--vat-id', 'GB123456789', '--name', "Acme Corp, Ltd").code).toBe(0);
    let want = changed(crlf, 'name: Acme Corporation   #', 'name: "Acme Corp, Ltd"   #');
    want = changed(want, '    - "ACME LTD"\r\n', '    - "ACME LTD"\r\n  vat_id: GB123456789\r\n');
    expect(fs.readFileSync(path.join(dir, 'customers.yaml'), 'utf8')).toBe(want);
    expect(runCli(['check', '-L', dir]).code).toBe(0);
  });

  it('refuses a customers.yaml that is a symbolic link, rather than replacing the link; nothing is written', () => {
    const dir = ledger();
    fs.renameSync(path.join(dir, 'customers.yaml'), path.join(dir, 'master.yaml'));
    fs.symlinkSync('master.yaml', path.join(dir, 'customers.yaml'));
    const before = snapshotDir(dir);
    const r = set(dir, 'ACME', '--email', 'billing@acme.example', '--hold', '--reason', 'bounced');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/customers\.yaml: is a symbolic link to master\.yaml; arledger rewrites it only as a regular file/);
    expect(snapshotDir(dir)).toEqual(before);
    expect(fs.lstatSync(path.join(dir, 'customers.yaml')).isSymbolicLink()).toBe(true);
  });

  it('says so and writes nothing when the customer already reads so', () => {
    const dir = ledger();
    const before = snapshotDir(dir);
    const r = set(dir, 'ACME', '--email', 'ap@acme.example', '--no-hold');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/nothing changed/);
    expect(snapshotDir(dir)).toEqual(before);
  });

  const refusals: [string, string[], number, RegExp][] = [
    ['an unknown customer', ['NOPE', '--email', 'a@b.example'], 3, /customer "NOPE" does not exist — customers: ACME, OMEGA, ZEN/],
    ['a currency change with documents', ['ACME', '--currency', 'USD'], 3, /ACME has 1 document in EUR \(first INV-1 at invoices.csv:2\)/],
    ['a malformed e-mail', ['ACME', '--email', 'nobody'], 2, /--email "nobody" is not an e-mail address/],
    ['malformed terms', ['ACME', '--terms', 'net-5'], 2, /--terms "net-5" are not payment terms/],
    ['a malformed credit limit', ['ACME', '--credit-limit', '12,50'], 2, /--credit-limit "12,50"/],
    ['a bad country', ['ACME', '--country', 'XX'], 2, /--country "XX" is not an assigned ISO 3166 country code/],
    ['unsetting the name', ['ACME', '--unset', 'name'], 2, /every customer has a name/],
    ['an unknown field', ['ACME', '--unset', 'colour'], 2, /--unset "colour" is not a customer field/],
    ['removing an alias it lacks', ['ACME', '--remove-alias', 'ACME INC'], 2, /"ACME INC" is not one of ACME's aliases/],
    ['a reason without a hold', ['ACME', '--reason', 'why'], 2, /--reason goes with --hold or --no-hold/],
    ['a value and its unset', ['ACME', '--email', 'a@b.example', '--unset', 'email'], 2, /contradict/],
  ];
  for (const [what, args, code, message] of refusals) {
    it(`refuses ${what}, leaving the ledger as it was`, () => {
      const dir = ledger();
      const before = snapshotDir(dir);
      const r = set(dir, ...args);
      expect(r.stderr).toMatch(message);
      expect(r.code).toBe(code);
      expect(snapshotDir(dir)).toEqual(before);
    });
  }

  it('refuses a credit limit the new currency cannot hold, with check\'s message', () => {
    const dir = tempLedger({ 'ledger.yaml': BASE_CONFIG, 'customers.yaml': 'JP:\n  name: Nippon KK\n  credit_limit: "100.50"\n' });
    const before = snapshotDir(dir);
    const r = set(dir, 'JP', '--currency', 'JPY');
    expect(r.stderr).toMatch(/customers.yaml:3: credit_limit "100.50" of JP/);
    expect(r.code).toBe(3);
    expect(snapshotDir(dir)).toEqual(before);
  });
});
