// Promises to pay, payment plans and voids are read by the fast reader: a ledger with them is read the fast way
// (not the plain one), and every report and write on it says, exits and appends exactly what the plain way does.
// A promise, plan or void row the plain reader has a problem with still gets its FILE:LINE message and exit code.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { AS_OF, generateLedger } from '../bench/generate.mjs';

const ENV = { ARLEDGER_CACHE_MIN_BYTES: '1000' };
let base: string;

beforeAll(() => {
  base = path.join(tempDir('arledger-fastcoll-'), 'books');
  generateLedger(base, 600, 5);
});

/** Two copies; the plain one has a refund with a memo over two lines, which only the plain reader takes. */
function copies(): { fast: string; plain: string } {
  const fast = path.join(tempDir('arledger-fastcoll-'), 'books');
  const plain = path.join(tempDir('arledger-fastcoll-'), 'books');
  fs.cpSync(base, fast, { recursive: true });
  fs.cpSync(base, plain, { recursive: true });
  fs.appendFileSync(path.join(fast, 'refunds.csv'), 'RF-MULTI,2025-03-01,C000001,EUR,5.00,transfer,,returned\n');
  fs.appendFileSync(path.join(plain, 'refunds.csv'), 'RF-MULTI,2025-03-01,C000001,EUR,5.00,transfer,,"returned,\nsee letter"\n');
  return { fast, plain };
}

/** The ledger's files as text, the cache left out. */
const texts = (dir: string): Record<string, string> =>
  Object.fromEntries(fs.readdirSync(dir).filter((f) => /\.(csv|yaml)$/.test(f)).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));

const rows = (dir: string, file: string): string[][] =>
  fs.readFileSync(path.join(dir, file), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));

function same(fast: string, plain: string, args: readonly string[]): { code: number; out: string; err: string } {
  const a = runCli([...args, '-L', fast], { env: ENV });
  const b = runCli([...args, '-L', plain], { env: ENV });
  const got = { code: a.code, out: a.stdout, err: a.stderr.replaceAll(fast, 'DIR') };
  expect(got, args.join(' ')).toEqual({ code: b.code, out: b.stdout, err: b.stderr.replaceAll(plain, 'DIR') });
  return got;
}

describe('a ledger with promises, payment plans and voids', () => {
  it('is read the fast way, from the cache too', async () => {
    for (const j of ['promises.csv', 'plans.csv', 'voids.csv']) expect(rows(base, j).length, j).toBeGreaterThan(0);
    const { loadForReport, lastRead } = await import('../../src/io/load.js');
    const { fast } = copies();
    process.env['ARLEDGER_CACHE_MIN_BYTES'] = ENV.ARLEDGER_CACHE_MIN_BYTES;
    try {
      loadForReport(fast);
      expect(lastRead.via).toBe('fast');
      loadForReport(fast);
      expect(lastRead.via).toBe('cache');
      fs.appendFileSync(path.join(fast, 'promises.csv'), `2026-11-29,C000002,,1.00,2026-12-10,Ben Ortiz,"on the phone, again"\n`);
      loadForReport(fast);
      expect(lastRead.via).toBe('cache');
      expect(lastRead.appended).toBeGreaterThan(0);
    } finally {
      delete process.env['ARLEDGER_CACHE_MIN_BYTES'];
    }
  });

  it('gives every report, and every write, exactly as the plain way does', { timeout: 240_000 }, () => {
    const { fast, plain } = copies();
    const invoices = rows(base, 'invoices.csv');
    const customerOf = (id: string): string => invoices.find((r) => r[0] === id)?.[4] ?? 'C000001';
    const planned = customerOf(rows(base, 'plans.csv')[0]![1]!);
    const promised = rows(base, 'promises.csv')[0]![1]!;
    const voidedInvoice = rows(base, 'voids.csv').find((r) => r[0]!.length > 0 && invoices.some((i) => i[0] === r[1]))?.[1];
    const voided = voidedInvoice ? customerOf(voidedInvoice) : planned;
    for (const args of [
      ['aging', '--format', 'json', '--as-of', AS_OF],
      ['aging', '--detail', '--format', 'csv', '--as-of', AS_OF],
      ['aging', '--detail', '--as-of', '2026-10-31', '--basis', 'invoice'],
      ['aging', '--detail', '--format', 'json', '--as-of', AS_OF, '--customer', planned],
      ['check'],
      ['check', '--format', 'json'],
      ['dunning', '--dry-run', '--format', 'json', '--as-of', AS_OF],
      ['dunning', '--dry-run', '--as-of', '2026-12-20'],
      ...[planned, promised, voided].map((c) => ['statement', c, '--from', '2026-01-01', '--to', AS_OF]),
    ]) same(fast, plain, args);
    // Writes for customers with a plan, a promise and a void: the same answers, the same bytes appended.
    for (const cmd of [
      ['invoice', 'add', '--customer', planned, '--amount', '12.34', '--date', '2026-11-30'],
      ['apply', '--customer', planned, '--amount', '50.00', '--date', '2026-11-30'],
      ['apply', '--customer', promised, '--amount', '75.00', '--date', '2026-11-30', '--format', 'json'],
      ['apply', '--customer', voided, '--amount', '20.00', '--date', '2026-11-30'],
      ...(voidedInvoice ? [['apply', '--customer', voided, '--amount', '1.00', '--invoice', voidedInvoice, '--date', '2026-11-30']] : []),
    ]) {
      const before = [texts(fast), texts(plain)];
      same(fast, plain, cmd);
      const grown = (dir: string, was: Record<string, string>) => Object.fromEntries(Object.entries(texts(dir))
        .map(([f, t]) => [f, f === 'refunds.csv' ? '' : t.slice((was[f] ?? '').length)]));
      expect(grown(fast, before[0]!), cmd.join(' ')).toEqual(grown(plain, before[1]!));
    }
    same(fast, plain, ['aging', '--detail', '--format', 'json', '--as-of', AS_OF]);
    same(fast, plain, ['dunning', '--dry-run', '--format', 'json', '--as-of', AS_OF]);
  });

  it.each([
    ['promises.csv', () => `2026-11-01,C000002,INV-9999999,10.00,2026-11-10,Ben Ortiz,\n`, /promises\.csv:\d+: invoice "INV-9999999" does not exist/],
    ['promises.csv', () => `2026-11-01,C000002,,10.00,2026-10-10,Ben Ortiz,\n`, /promises\.csv:\d+: due 2026-10-10 is before the promise's date 2026-11-01/],
    ['plans.csv', (d: string) => `${rows(d, 'plans.csv')[0]!.slice(0, 2).join(',')},9,2027-06-01,1.00\n`, /plans\.csv:\d+: instalment 9 of .* follows instalment/],
    ['voids.csv', (d: string) => `${rows(d, 'voids.csv')[0]!.join(',')}\n`, /voids\.csv:\d+: .* is already voided at line 2/],
    ['voids.csv', () => `2026-11-01,INV-0000001,,0,typo,Ben Ortiz\n`, /voids\.csv:\d+: reversal is empty; an invoice is reversed by a credit-note/],
  ])('with a bad row appended to %s, says what the plain reader says, with its exit code', (file, row, message) => {
    const { fast, plain } = copies();
    // Read once first, so that the bad row is also read on top of a cache.
    runCli(['aging', '-L', fast], { env: ENV });
    fs.appendFileSync(path.join(fast, file), row(fast));
    fs.appendFileSync(path.join(plain, file), row(plain));
    const before = texts(fast);
    for (const args of [['aging', '--format', 'json'], ['check'], ['invoice', 'add', '--customer', 'C000002', '--amount', '1.00']]) {
      const r = same(fast, plain, args);
      expect(r.code, args.join(' ')).toBe(args[0] === 'check' ? 1 : 3);
      expect(r.err + r.out).toMatch(message);
    }
    expect(texts(fast)).toEqual(before);
  });
});
