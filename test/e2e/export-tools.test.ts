// Exports as the neighbouring tools read them: `hledger -s check payees accounts commodities` and bean-check on
// the demo and on random ledgers, and `export --format csv` whose files DuckDB ages as `aging` does.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BASE_CONFIG, ROOT, runCli, snapshotDir, tempDir, tempLedger } from '../helpers/cli.js';

const DEMO = path.join(ROOT, 'ledgers', 'demo');
const hasTool = (cmd: string, args: string[]): boolean => spawnSync(cmd, args, { encoding: 'utf8' }).status === 0;
const HLEDGER = hasTool('hledger', ['--version']);
const BEAN_PYTHON = ['/usr/bin/python3', 'python3'].find((p) => hasTool(p, ['-c', 'import beancount']));
const BEANCOUNT_CHECK = 'import sys\nfrom beancount.scripts.check import main\nsys.argv = ["bean-check", sys.argv[1]]\nmain()';
/** A Python with the duckdb module: DUCKDB_PYTHON (CI makes a venv for it), else the system's. */
const DUCK_PYTHON = [process.env['DUCKDB_PYTHON'], 'python3'].find((p): p is string => p !== undefined && p !== '' && hasTool(p, ['-c', 'import duckdb']));

function hledgerCheck(journal: string): { status: number | null; out: string } {
  const file = path.join(tempDir(), 'ar.journal');
  fs.writeFileSync(file, journal);
  const r = spawnSync('hledger', ['-f', file, '-s', 'check', 'payees', 'accounts', 'commodities'], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

function beanCheck(text: string): { status: number | null; out: string } {
  const file = path.join(tempDir(), 'ar.beancount');
  fs.writeFileSync(file, text);
  const r = spawnSync(BEAN_PYTHON!, ['-c', BEANCOUNT_CHECK, file], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

const toolMissing = (what: string): void => {
  // CI installs the tools (.ci/run), so there a missing one is a failure; elsewhere the other tests stand in.
  expect(process.env['CI'] ? `${what} missing in CI` : false).toBe(false);
};

describe('export of the demo ledger', () => {
  it('passes hledger -s check payees accounts commodities, and bean-check', () => {
    const h = runCli(['export', '--format', 'hledger', '-L', DEMO]);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/\npayee Müller & Söhne GmbH\n/);
    if (HLEDGER) expect(hledgerCheck(h.stdout)).toEqual({ status: 0, out: '' });
    else toolMissing('hledger');
    const b = runCli(['export', '--format', 'beancount', '-L', DEMO]);
    expect(b.code).toBe(0);
    if (BEAN_PYTHON) expect(beanCheck(b.stdout)).toEqual({ status: 0, out: '' });
    else toolMissing('beancount');
  });
});

// Ids of every shape SPEC §1.1 allows, names and memos with what hledger and beancount treat specially.
const idArb = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,10}$/);
const textArb = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ';', '|', '"', '\\', '#', 'é', '日', '  ', ':', '=', '\u202e', '*'), maxLength: 12 });
const csvCell = (s: string): string => `"${s.replace(/"/g, '""')}"`;

describe('export of random ledgers', () => {
  it('passes hledger -s check and bean-check; adding a customer renames no account', () => {
    if (!HLEDGER || !BEAN_PYTHON) {
      toolMissing('hledger or beancount');
      return;
    }
    const customer = fc.record({ id: idArb, name: textArb, ccy: fc.constantFrom('EUR', 'JPY', 'KWD') });
    fc.assert(fc.property(fc.uniqueArray(customer, { minLength: 1, maxLength: 5, selector: (c) => c.id.toLowerCase() }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 99999 }), textArb), { minLength: 1, maxLength: 6 }), idArb, (customers, docs, extra) => {
      const yaml = (cs: typeof customers): string => cs.map((c) => `${JSON.stringify(c.id)}:\n  name: ${JSON.stringify(c.name.trim() || 'x')}\n  currency: ${c.ccy}\n`).join('');
      const digits = { EUR: 2, JPY: 0, KWD: 3 } as const;
      const amount = (n: number, ccy: keyof typeof digits): string => (digits[ccy] === 0 ? String(n) : (n / 10 ** digits[ccy]).toFixed(digits[ccy]));
      const inv = docs.map(([who, day, n, memo], i) => {
        const c = customers[who % customers.length]!;
        const date = `2026-03-${String(day).padStart(2, '0')}`;
        return `I${i},invoice,${date},2026-04-30,${c.id},${c.ccy},${amount(n, c.ccy)},net30,,${csvCell(memo)}`;
      });
      const cn = docs.slice(0, 2).map(([who, day, , reason], i) => {
        const c = customers[who % customers.length]!;
        return `C${i},credit-note,2026-03-${String(day).padStart(2, '0')},${c.id},${c.ccy},${amount(1, c.ccy)},,${csvCell(reason)}`;
      });
      const files = (cs: typeof customers): Record<string, string> => ({
        'ledger.yaml': BASE_CONFIG,
        'customers.yaml': yaml(cs),
        'invoices.csv': `id,kind,date,due,customer,currency,amount,terms,reference,memo\n${inv.map((l) => `${l}\n`).join('')}`,
        'credits.csv': `id,kind,date,customer,currency,amount,invoice,reason\n${cn.map((l) => `${l}\n`).join('')}`,
      });
      const dir = tempLedger(files(customers));
      const h = runCli(['export', '--format', 'hledger', '--as-of', '2026-11-30', '-L', dir]);
      expect(h.stderr).toBe('');
      expect(hledgerCheck(h.stdout)).toEqual({ status: 0, out: '' });
      const b = runCli(['export', '--format', 'beancount', '--as-of', '2026-11-30', '-L', dir]);
      expect(b.stderr).toBe('');
      expect(beanCheck(b.stdout)).toEqual({ status: 0, out: '' });
      // A customer whose id differs only in case or punctuation leaves every existing account as it was.
      if (customers.some((c) => c.id === extra)) return;
      const opens = (text: string): string[] => text.split('\n').filter((l) => / open Assets:Receivable:/.test(l)).map((l) => l.replace(/^\S+ /, ''));
      const more = tempLedger(files([...customers, { id: extra, name: 'Extra', ccy: 'EUR' }]));
      fs.appendFileSync(path.join(more, 'invoices.csv'), `X1,invoice,2026-03-01,2026-03-31,${extra},EUR,1.00,net30,,\n`);
      const b2 = runCli(['export', '--format', 'beancount', '--as-of', '2026-11-30', '-L', more]);
      expect(b2.code).toBe(0);
      const after = opens(b2.stdout);
      for (const line of opens(b.stdout)) expect(after).toContain(line);
    }), { numRuns: 8 });
  }, 120_000);
});

describe('export --format csv', () => {
  it('writes one typed file per journal, customers.csv and schema.sql', () => {
    const out = path.join(tempDir(), 'csv');
    const r = runCli(['export', '--format', 'csv', '--output', out, '--as-of', '2026-11-30', '-L', DEMO]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(fs.readdirSync(out).sort()).toEqual(['applications.csv', 'credits.csv', 'customers.csv', 'disputes.csv', 'invoices.csv', 'payments.csv', 'refunds.csv', 'schema.sql']);
    const head = (f: string): string => fs.readFileSync(path.join(out, f), 'utf8').split('\n')[0]!;
    expect(head('invoices.csv')).toBe('id,kind,date,due,customer,currency,amount,terms,reference,memo');
    expect(head('applications.csv')).toBe('date,credit,debit,currency,amount');
    expect(head('customers.csv')).toBe('id,name,currency,email,terms,credit_limit,hold,dunning');
    // Amounts with exactly the currency's digits, dates ISO, as the journals have them.
    const inv = fs.readFileSync(path.join(out, 'invoices.csv'), 'utf8');
    expect(inv).toMatch(/\nINV-2026-00001,invoice,2026-01-02,2026-02-15,VANDAM,EUR,1678\.50,eom15,/);
    expect(inv).toMatch(/,JPY,\d+,/);
    expect(fs.readFileSync(path.join(out, 'schema.sql'), 'utf8')).toContain("CREATE OR REPLACE VIEW invoices AS SELECT * FROM read_csv('invoices.csv'");
  });

  it('refuses a missing or misplaced --output (exit 2) and an unwritable one (exit 5)', () => {
    expect(runCli(['export', '--format', 'csv', '-L', DEMO])).toMatchObject({ code: 2, stderr: 'arledger: --format csv writes one file per journal: add --output DIR\n' });
    expect(runCli(['export', '--format', 'json', '--output', tempDir(), '-L', DEMO]).code).toBe(2);
    const file = path.join(tempDir(), 'plain-file');
    fs.writeFileSync(file, 'x');
    const r = runCli(['export', '--format', 'csv', '--output', file, '-L', DEMO]);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/^arledger: cannot write .*plain-file: /);
    const bad = tempLedger({ 'ledger.yaml': BASE_CONFIG, 'customers.yaml': 'A:\n  name: A\n  currency: EUR\n', 'invoices.csv': 'id,kind,date,due,customer,currency,amount,terms,reference,memo\nI1,invoice,2026-01-01,2026-01-31,NOBODY,EUR,1.00,net30,,\n' });
    const before = snapshotDir(bad);
    const target = path.join(tempDir(), 'out');
    expect(runCli(['export', '--format', 'csv', '--output', target, '-L', bad]).code).toBe(3);
    expect(fs.existsSync(target)).toBe(false);
    expect(snapshotDir(bad)).toEqual(before);
  });

  it("runs the README's DuckDB aging to the same numbers as `aging --format json`", () => {
    if (!DUCK_PYTHON) {
      toolMissing('duckdb');
      return;
    }
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const sql = /### Recipe: the aging in DuckDB[\s\S]*?```sql\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(sql, 'README recipe with a ```sql block').toBeDefined();
    for (const [ledger, asOf] of [[DEMO, '2026-11-30'], [DEMO, '2026-06-30']] as const) {
      const out = path.join(tempDir(), 'csv');
      expect(runCli(['export', '--format', 'csv', '--output', out, '--as-of', asOf, '-L', ledger]).code).toBe(0);
      const script = `import duckdb, json, sys\nc = duckdb.connect()\nc.execute(open('schema.sql').read())\nrows = c.sql(sys.argv[1]).fetchall()\nprint(json.dumps([[str(v) for v in r] for r in rows]))`;
      const r = spawnSync(DUCK_PYTHON, ['-c', script, sql!.replaceAll('2026-11-30', asOf)], { cwd: out, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      const rows = JSON.parse(r.stdout) as string[][];
      const aging = JSON.parse(runCli(['aging', '--format', 'json', '--as-of', asOf, '-L', ledger]).stdout) as { buckets: string[]; customers: { customer: string; currency: string; buckets: Record<string, string>; open: string; unapplied: string; balance: string }[] };
      expect(rows.map((row) => [row[0], row[1], ...row.slice(2).map(Number)])).toEqual(aging.customers.map((c) => [
        c.customer, c.currency, ...aging.buckets.map((b) => Number(c.buckets[b])), Number(c.open), Number(c.unapplied), Number(c.balance),
      ]));
    }
  });
});
