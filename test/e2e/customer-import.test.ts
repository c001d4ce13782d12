// `customer import`: many customers in one transaction, idempotent, refusals at FILE:LINE with nothing written.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE_CONFIG, BASE_CUSTOMERS, runCli, snapshotDir, tempLedger } from '../helpers/cli.js';

const CONFIG = `${BASE_CONFIG}import:
  profiles:
    crm: { delimiter: ";", columns: { id: Kundennr, name: Name, email: E-Mail, terms: Ziel, credit_limit: Kreditlimit, aliases: Aliase, hold: Sperre } }
`;
const HEAD = 'Kundennr;Name;E-Mail;Ziel;Kreditlimit;Aliase;Sperre\n';

function setup(csv: string): { dir: string; file: string } {
  const dir = tempLedger({ 'ledger.yaml': CONFIG, 'customers.yaml': BASE_CUSTOMERS, 'crm.csv': csv });
  return { dir, file: path.join(dir, 'crm.csv') };
}
const read = (dir: string, name: string): string => fs.readFileSync(path.join(dir, name), 'utf8');
const run = (dir: string, file: string, ...more: string[]): ReturnType<typeof runCli> =>
  runCli(['customer', 'import', file, '--profile', 'crm', ...more, '-L', dir], { env: { ARLEDGER_USER: 'Anna Keller' } });

describe('customer import', { timeout: 120_000 }, () => {
  it('appends new customers, skips those already there with the same data, and does it again without a change', () => {
    const { dir, file } = setup(`${HEAD}NEU1;Neu Eins GmbH;ap@neu1.example;net14;5000;"NEU EINS; NEU 1 GMBH";\nACME;Acme Corporation;ap@acme.example;net30;;;\n`);
    const r = run(dir, file);
    expect(r.stderr).toBe(`arledger: added 1 customer, skipped 1 already in customers.yaml from ${file}\n`);
    expect(r.code).toBe(0);
    expect(read(dir, 'customers.yaml')).toBe(`${BASE_CUSTOMERS}NEU1:\n  name: Neu Eins GmbH\n  email: ap@neu1.example\n  currency: EUR\n  terms: net14\n  credit_limit: "5000.00"\n  aliases:\n    - NEU EINS\n    - NEU 1 GMBH\n`);
    const before = snapshotDir(dir);
    expect(run(dir, file).stderr).toBe(`arledger: added 0 customers, skipped 2 already in customers.yaml from ${file}\n`);
    expect(snapshotDir(dir)).toEqual(before);
    expect(runCli(['check', '-L', dir]).code).toBe(0);
  });

  it('refuses every bad row at its line, and a customer with other data unless --update; nothing is written', () => {
    const { dir, file } = setup(`${HEAD}NEU1;Neu Eins;nobody;net14;;;\nNEU2;;;;;;\nACME;Acme Corporation;;net45;;;\nNEU1;Again;;;;;\nNEU3;Drei;;;;;maybe\n`);
    const before = snapshotDir(dir);
    const r = run(dir, file);
    expect(r.stderr).toContain(`arledger: ${file}:2: email "nobody" is not an e-mail address — write one address such as ap@acme.example\n`);
    expect(r.stderr).toContain(`${file}:3: name is empty`);
    expect(r.stderr).toContain(`${file}:4: customer ACME is already in customers.yaml (line 1) with other data: terms (terms: file "net45", customers.yaml "net30")`);
    expect(r.stderr).toContain(`${file}:5: customer NEU1 is already at line 2 of this file`);
    expect(r.stderr).toContain(`${file}:6: hold "maybe" is not true or false`);
    expect(r.code).toBe(3);
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('applies other data with --update as customer set would, the hold with a note', () => {
    const { dir, file } = setup(`${HEAD}ACME;Acme Corporation;;net45;;;yes\n`);
    const r = run(dir, file, '--update');
    expect(r.stderr).toBe(`arledger: added 0 customers, updated 1 from ${file}\n`);
    expect(read(dir, 'customers.yaml')).toBe(BASE_CUSTOMERS.replace('terms: net30', 'terms: net45') + '  hold: true\n');
    expect(read(dir, 'notes.csv')).toBe(`date,customer,invoice,kind,text,follow_up,by\n2026-11-30,ACME,,note,Hold on: customer import ${file}:2,,Anna Keller\n`);
  });

  it('refuses a profile that maps no name', () => {
    const dir = tempLedger({ 'ledger.yaml': `${BASE_CONFIG}import: { profiles: { crm: { columns: { id: Nr } } } }\n`, 'customers.yaml': BASE_CUSTOMERS, 'crm.csv': 'Nr\nX\n' });
    const r = runCli(['customer', 'import', path.join(dir, 'crm.csv'), '--profile', 'crm', '-L', dir]);
    expect(r.stderr).toMatch(/import profile crm maps no column to name, which customers need/);
    expect(r.code).toBe(3);
  });
});
