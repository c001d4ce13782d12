// The benchmark is only worth its figures if its ledgers are valid, look like real books and are reproducible:
// a small one must pass `check` with every journal in use, one customer per 20 invoices in three currencies, and
// come out byte for byte the same from the same seed.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, snapshotDir, tempDir } from '../helpers/cli.js';
import { AS_OF, BENCH_CUSTOMER, generateLedger as generate, INVOICES_PER_CUSTOMER, LOCK_DATE } from './generate.mjs';

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
const count = (text: string, re: RegExp) => text.split('\n').filter((l) => re.test(l)).length;

describe('benchmark ledger generator', () => {
  it('writes a valid 2k ledger with every journal in use and one customer per 20 invoices', () => {
    const dir = path.join(tempDir('arledger-bench-test-'), 'l');
    const stats = generate(dir, 2000);
    expect(stats.invoices).toBe(2000);
    expect(stats.customers).toBe(2000 / INVOICES_PER_CUSTOMER);
    for (const [k, n] of Object.entries(stats.rows)) expect(n, k).toBeGreaterThan(0);

    const invoices = read(dir, 'invoices.csv');
    expect(count(invoices, /^INV-\d+,invoice,/)).toBe(2000);
    expect(count(invoices, /^DN-\d+,debit-note,/)).toBeGreaterThan(0);
    const credits = read(dir, 'credits.csv');
    expect(count(credits, /,credit-note,/)).toBeGreaterThan(0);
    expect(count(credits, /,write-off,/)).toBeGreaterThan(0);
    const disputes = read(dir, 'disputes.csv');
    expect(count(disputes, /,open,/)).toBeGreaterThan(count(disputes, /,resolved,/));
    expect(count(disputes, /,resolved,/)).toBeGreaterThan(0);
    // Partial and multi-invoice payments: a payment applied to more than one invoice, and one applied in part.
    const perPayment = new Map<string, number>();
    for (const l of read(dir, 'applications.csv').split('\n').slice(1)) {
      const credit = l.split(',')[1];
      if (credit?.startsWith('PAY-')) perPayment.set(credit, (perPayment.get(credit) ?? 0) + 1);
    }
    expect([...perPayment.values()].some((n) => n >= 3)).toBe(true);
    expect(read(dir, 'dunning.csv')).toMatch(/,3,INV-\d+,/);

    const customers = read(dir, 'customers.yaml');
    expect(count(customers, /^C\d{6}:$/)).toBe(stats.customers);
    for (const key of ['address', 'bank_accounts', 'aliases', 'credit_limit']) expect(customers, key).toContain(`  ${key}: `);
    expect(stats.onHold + stats.neverDunned).toBeGreaterThan(0);
    expect(read(dir, 'ledger.yaml')).toContain(`lock_date: ${LOCK_DATE}`);

    const check = runCli(['check', '-L', dir]);
    expect(check.stderr).toMatch(/ledger ok/);
    expect(check.stdout).toBe('');
    expect(check.code).toBe(0);
    const aging = runCli(['aging', '-L', dir, '--as-of', AS_OF, '--format', 'json']);
    expect(aging.code).toBe(0);
    const report = JSON.parse(aging.stdout) as { totals: { currency: string }[]; customers: { customer: string }[] };
    expect(report.totals.map((t) => t.currency)).toEqual(['EUR', 'JPY', 'USD']);
    expect(report.customers.map((c) => c.customer)).toContain(BENCH_CUSTOMER);
  }, 120_000); // two CLI runs over 2000 invoices: slow on a loaded CI machine

  it('gives the same bytes for the same size and seed, and others for another seed', () => {
    const a = path.join(tempDir('arledger-bench-test-'), 'a');
    const b = path.join(tempDir('arledger-bench-test-'), 'b');
    const c = path.join(tempDir('arledger-bench-test-'), 'c');
    generate(a, 500, 7);
    generate(b, 500, 7);
    generate(c, 500, 8);
    expect(snapshotDir(a)).toEqual(snapshotDir(b));
    expect(read(c, 'invoices.csv')).not.toBe(read(a, 'invoices.csv'));
  });

  it.each([
    [['--sizes', '10k'], /--sizes "10k" is not a comma-separated list of invoice counts, e.g. 10000,100000/],
    [['--runs', '0'], /--runs "0" is not a count from 1 to 99/],
    [['--hledger-max', 'lots'], /--hledger-max "lots" is not an invoice count, e.g. 100000/],
    [['--timeout', '-1'], /--timeout "-1" is not a number of seconds/],
    [['--fast'], /unknown option "--fast"/],
  ])('run.mjs rejects %j with exit 2 and says what to write', (args, message) => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'test', 'bench', 'run.mjs'), ...args], { encoding: 'utf8' });
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/usage: npm run bench/);
    expect(r.status).toBe(2);
  });
});
