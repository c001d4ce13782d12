// A large cold read decodes customers.yaml and hashes the journals on a second thread (src/io/parallel.ts). That
// may make it faster, never change an answer: every report, error, exit code, appended byte and saved cache is
// what the single-thread read gives, also when the second thread cannot start, throws or dies. The bound is
// forced with ARLEDGER_PARALLEL_MIN_BYTES (0: two threads on any ledger; a huge value: one thread).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, snapshotDir, tempDir } from '../helpers/cli.js';
import { AS_OF, generateLedger } from '../bench/generate.mjs';

const TWO = { ARLEDGER_PARALLEL_MIN_BYTES: '0', ARLEDGER_CACHE_MIN_BYTES: '1000' };
const ONE = { ARLEDGER_PARALLEL_MIN_BYTES: '999999999999', ARLEDGER_CACHE_MIN_BYTES: '1000' };
const STATE = path.join('.arledger', 'cache', 'state.bin');
const REPORTS: readonly (readonly string[])[] = [
  ['aging', '--format', 'json', '--as-of', AS_OF],
  ['aging', '--detail', '--format', 'csv', '--as-of', '2026-06-30', '--basis', 'invoice'],
  ['check', '--format', 'json'],
  ['check'],
  ['dunning', '--dry-run', '--format', 'json', '--as-of', AS_OF],
  ['statement', 'C000002', '--as-of', AS_OF],
];

let base: string;

beforeAll(() => {
  base = path.join(tempDir('arledger-par-'), 'books');
  generateLedger(base, 1000, 5);
});

function copy(): string {
  const dir = path.join(tempDir('arledger-par-'), 'books');
  fs.cpSync(base, dir, { recursive: true });
  return dir;
}

function run(dir: string, args: readonly string[], env: Record<string, string>) {
  const r = runCli([...args, '-L', dir], { env });
  return { code: r.code, out: r.stdout, err: r.stderr.replaceAll(dir, 'DIR') };
}

/** Each report read cold on two threads, against the same report read cold on one. */
function expectSameColdReads(dir: string, env: Record<string, string> = TWO, reports = REPORTS): void {
  for (const args of reports) {
    fs.rmSync(path.join(dir, '.arledger'), { recursive: true, force: true });
    const one = run(dir, args, ONE);
    fs.rmSync(path.join(dir, '.arledger'), { recursive: true, force: true });
    expect(run(dir, args, env), `${args.join(' ')} ${JSON.stringify(env)}`).toEqual(one);
  }
}

/** Replaces the first occurrence of `from` in a ledger file. */
function edit(dir: string, file: string, from: string | RegExp, to: string): void {
  const p = path.join(dir, file);
  const text = fs.readFileSync(p, 'utf8');
  expect(text).toMatch(from);
  fs.writeFileSync(p, text.replace(from, to));
}

describe('a cold read on two threads', () => {
  it('gives every report byte for byte as one thread does, and a cache that gives them too', { timeout: 180_000 }, () => {
    const dir = copy();
    expectSameColdReads(dir);
    fs.rmSync(path.join(dir, '.arledger'), { recursive: true, force: true });
    const cold = run(dir, REPORTS[0]!, TWO);
    expect(fs.statSync(path.join(dir, STATE)).size).toBeGreaterThan(0);
    // The cache saved with the second thread's hashes is taken by the next run: the same answer, warm.
    expect(run(dir, REPORTS[0]!, TWO)).toEqual(cold);
    expect(run(dir, REPORTS[0]!, { ...ONE, ARLEDGER_CACHE_MIN_BYTES: '1000' })).toEqual(cold);
  });

  it('gives every error of a broken ledger, in the same order, as one thread does', { timeout: 300_000 }, () => {
    const breakages: [string, (dir: string) => void][] = [
      ['unknown customer and a bad amount in two journals', (dir) => {
        edit(dir, 'invoices.csv', /,C000003,/, ',C999999,');
        edit(dir, 'payments.csv', /\n(PAY[^,]*,[^,]*,[^,]*,[^,]*,)[0-9.]+/, '\n$1twelve');
        edit(dir, 'dunning.csv', /\n([^,]*),C0000/, '\n2026-13-45,C0000');
      }],
      ['a customer with a currency that is no currency', (dir) => edit(dir, 'customers.yaml', 'currency: USD', 'currency: DOLLARS')],
      ['a customer named twice', (dir) => fs.appendFileSync(path.join(dir, 'customers.yaml'), 'C000002:\n  name: Again\n  currency: EUR\n')],
      ['customers.yaml that is not UTF-8', (dir) => {
        const p = path.join(dir, 'customers.yaml');
        const buf = fs.readFileSync(p);
        buf[buf.indexOf('Road') + 1] = 0xf6;
        fs.writeFileSync(p, buf);
      }],
      ['customers.yaml that is not YAML', (dir) => edit(dir, 'customers.yaml', /\n {2}name: /, '\n  name: [unclosed ')],
      ['a customer whose currency the documents do not use', (dir) => edit(dir, 'customers.yaml', /C000002:\n(( {2}.*\n)*?) {2}currency: \w+/, 'C000002:\n$1  currency: CHF')],
    ];
    for (const [what, breakIt] of breakages) {
      const dir = copy();
      breakIt(dir);
      const before = snapshotDir(dir);
      for (const args of [['check'], ['aging', '--format', 'json', '--as-of', AS_OF]]) {
        const one = run(dir, args, ONE);
        expect(one.code, `${what}: ${one.err}`).not.toBe(0);
        expect(one.err).toMatch(/^arledger: /);
        expect(run(dir, args, TWO), `${what}: ${args.join(' ')}`).toEqual(one);
      }
      expect(snapshotDir(dir), what).toEqual(before);
    }
  });

  it('leaves its work to the main thread when the second thread cannot start, throws or dies', { timeout: 180_000 }, () => {
    const dir = copy();
    for (const fault of ['nostart', 'throw', 'exit']) {
      expectSameColdReads(dir, { ...TWO, ARLEDGER_PARALLEL_FAULT: fault }, [REPORTS[2]!, REPORTS[4]!]);
      // A cache saved after the second thread died before hashing is hashed here, and valid.
      fs.rmSync(path.join(dir, '.arledger'), { recursive: true, force: true });
      const cold = run(dir, REPORTS[0]!, { ...TWO, ARLEDGER_PARALLEL_FAULT: fault });
      expect(run(dir, REPORTS[0]!, TWO), fault).toEqual(cold);
    }
  });

  it('appends and answers as one thread does when a writer reads the ledger cold', { timeout: 180_000 }, () => {
    const two = copy();
    const one = copy();
    const commands = [
      ['invoice', 'add', '--customer', 'C000002', '--amount', '1234.56', '--date', '2026-11-20'],
      ['apply', '--customer', 'C000002', '--amount', '100.00', '--date', '2026-11-22'],
      ['invoice', 'add', '--customer', 'NOPE', '--amount', '1.00'],
    ];
    for (const cmd of commands) {
      fs.rmSync(path.join(two, '.arledger'), { recursive: true, force: true });
      fs.rmSync(path.join(one, '.arledger'), { recursive: true, force: true });
      expect(run(two, cmd, TWO), cmd.join(' ')).toEqual(run(one, cmd, ONE));
      const journals = (d: string) => Object.fromEntries(Object.entries(snapshotDir(d)).filter(([k]) => k.endsWith('.csv')));
      expect(journals(two)).toEqual(journals(one));
      // Whatever cache the writer left gives the answers a cold read gives.
      expect(run(two, REPORTS[0]!, TWO)).toEqual(run(one, REPORTS[0]!, ONE));
    }
  });
});

describe('a cold read on two threads, from the inside', () => {
  it('takes the second thread\'s customers, and scans again when they disagree with the quick look', { timeout: 120_000 }, async () => {
    // The built modules: the second thread starts from a built file, which the sources under test have none of.
    const { loadForReport, lastRead } = await import(path.join(ROOT, 'dist/io/load.js')) as typeof import('../../src/io/load.js');
    const { helpCount, quickCustomers } = await import(path.join(ROOT, 'dist/io/parallel.js')) as typeof import('../../src/io/parallel.js');
    process.env['ARLEDGER_PARALLEL_MIN_BYTES'] = '0';
    try {
      const dir = copy();
      const used = helpCount.used;
      const read = loadForReport(dir, false);
      expect(lastRead.via).toBe('fast');
      expect(helpCount.used).toBe(used + 1);
      expect('fast' in read && read.customers.get('C000002')?.name).toMatch(/\S/);
      // A customer with no documents whose currency comes from a merge key: the quick look does not see it and
      // takes the base currency, customers.yaml says USD.
      fs.appendFileSync(path.join(dir, 'customers.yaml'), 'ZZ-NEW:\n  name: New\n  <<: {currency: USD}\n');
      expect(quickCustomers(fs.readFileSync(path.join(dir, 'customers.yaml')), 'EUR')?.get('ZZ-NEW')?.currency).toBe('EUR');
      const again = loadForReport(dir, false);
      expect(lastRead.via).toBe('fast');
      expect('fast' in again && again.customers.get('ZZ-NEW')).toMatchObject({ name: 'New', currency: 'USD' });
      process.env['ARLEDGER_PARALLEL_MIN_BYTES'] = '999999999999';
      const single = loadForReport(dir, false);
      expect('fast' in single && 'fast' in again && single.fast.customerIds).toEqual('fast' in again ? again.fast.customerIds : null);
    } finally {
      delete process.env['ARLEDGER_PARALLEL_MIN_BYTES'];
    }
  });

  it('takes from customers.yaml only what it is sure of', async () => {
    const { quickCustomers } = await import('../../src/io/parallel.js');
    const ids = (text: string) => {
      const m = quickCustomers(Buffer.from(text), 'EUR');
      return m && [...m.values()].map((c) => `${c.id}:${c.currency}`);
    };
    expect(ids('# c\nA:\n  name: A\n  currency: USD\n\nB-1: # b\n  name: B\n  address: |\n    x\n    currency: JPY\n')).toEqual(['A:USD', 'B-1:EUR']);
    expect(ids('A:\r\n  currency: "GBP"\r\nB:\r\n  currency: \'CHF\'  # c\r\n')).toEqual(['A:GBP', 'B:CHF']);
    expect(ids('A:\n  currency: JPY\n  sub:\n    currency: USD\nB:\n    currency: USD\n    name: b')).toEqual(['A:JPY', 'B:USD']);
    for (const unsure of ['', '{A: {currency: USD}}\n', '"A":\n  currency: USD\n', 'A: &x\n  currency: USD\n', '---\nA:\n  currency: USD\n',
      'A:\n  currency: USD\n  currency: EUR\n', 'A:\n  currency: usd\n', 'A:\n  currency:\n    USD\n', 'A:\n  name: a\nA:\n  name: b\n', '  A:\n']) {
      expect(ids(unsure), JSON.stringify(unsure)).toBeNull();
    }
  });
});

describe('the quick look at customers.yaml', () => {
  it('is either unsure or gives the decoded ids and currencies, on random customer files', async () => {
    const fc = (await import('fast-check')).default;
    const { quickCustomers } = await import('../../src/io/parallel.js');
    const { readYaml } = await import('../../src/io/yaml.js');
    const { decodeCustomers } = await import('../../src/core/config.js');
    const id = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.:#-]{0,6}$/);
    const currency = fc.oneof(fc.constantFrom('EUR', 'USD', 'JPY', '"GBP"', "'CHF'", 'usd', 'EURO', 'EUR # base'), fc.constant(null));
    const extra = fc.constantFrom('', '  # currency: USD\n', '  address: |\n    currency: JPY\n', '  sub:\n    currency: USD\n',
      '  name: "a\n    currency: USD"\n', '  currency : USD\n', '  "currency": USD\n', '\n', '# note\n', '  aliases: [x, y]\n');
    const customer = fc.record({ id, currency, extra, indent: fc.constantFrom('  ', '    '), first: fc.boolean() });
    await fc.assert(fc.asyncProperty(fc.array(customer, { maxLength: 6 }), fc.boolean(), async (cs, crlf) => {
      let text = cs.map((c) => {
        const cur = c.currency === null ? '' : `${c.indent}currency: ${c.currency}\n`;
        const name = `${c.indent}name: N\n`;
        return `${c.id}:\n${c.first ? cur + name : name + cur}${c.extra.replaceAll('  ', c.indent.slice(2) + '  ')}`;
      }).join('');
      if (crlf) text = text.replace(/\n/g, '\r\n');
      const quick = quickCustomers(Buffer.from(text), 'EUR');
      if (quick === null) return;
      const y = readYaml('customers.yaml', text);
      const issues = [...y.issues];
      const decoded = decodeCustomers(y.input, 'EUR' as never, issues);
      if (issues.length > 0) return;
      expect([...quick.values()].map((c) => [c.id, c.currency]), text).toEqual([...decoded.values()].map((c) => [c.id, c.currency]));
    }), { numRuns: 300 });
  });
});
