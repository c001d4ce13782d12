// The reading cache can make a command faster, never change its answer: with the cache flipped, truncated,
// swapped for another ledger's, replaced by a symlink, or left behind by old rows edited in place, every report
// is byte for byte what --no-cache gives, and appended rows are read on top of it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, snapshotDir, tempDir } from '../helpers/cli.js';
import { AS_OF, generateLedger } from '../bench/generate.mjs';

const STATE = path.join('.arledger', 'cache', 'state.bin');
const REPORTS: readonly (readonly string[])[] = [
  ['aging', '--format', 'json', '--as-of', AS_OF],
  ['aging', '--detail', '--format', 'csv', '--as-of', '2026-06-30', '--basis', 'invoice'],
  ['check', '--format', 'json'],
  ['dunning', '--dry-run', '--format', 'json', '--as-of', AS_OF],
  ['dunning', '--dry-run', '--as-of', '2026-06-30'],
];

/** Small ledgers keep a cache here too, so that the tests run quickly. */
const ENV = { ARLEDGER_CACHE_MIN_BYTES: '1000' };

function run(dir: string, args: readonly string[], extra: readonly string[] = [], env: Record<string, string> = ENV) {
  const r = runCli([...args, '-L', dir, ...extra], { env });
  return { code: r.code, out: r.stdout, err: r.stderr.replace(dir, "DIR") };
}

/** Every report with the cache as it is, against the same report reading every journal whole. */
function expectSameAsNoCache(dir: string): void {
  for (const args of REPORTS) {
    const plain = run(dir, args, ['--no-cache']);
    expect(run(dir, args), args.join(' ')).toEqual(plain);
  }
}

let base: string;
let other: string;

beforeAll(() => {
  base = path.join(tempDir('arledger-cache-'), 'books');
  generateLedger(base, 1000, 1);
  other = path.join(tempDir('arledger-cache-'), 'books');
  generateLedger(other, 1000, 2);
});

function fresh(): string {
  const dir = path.join(tempDir('arledger-cache-'), 'books');
  fs.cpSync(base, dir, { recursive: true });
  return dir;
}

describe('the reading cache', () => {
  it('is written by a report on a large ledger, git-ignored, and gives the same bytes as --no-cache', () => {
    const dir = fresh();
    const first = run(dir, REPORTS[0]!);
    expect(first.code).toBe(0);
    expect(fs.statSync(path.join(dir, STATE)).size).toBeGreaterThan(0);
    expect(fs.readFileSync(path.join(dir, '.arledger', '.gitignore'), 'utf8')).toBe('*\n');
    expectSameAsNoCache(dir);
  });

  it('is neither read nor written with --no-cache, before or after the command name', () => {
    const dir = fresh();
    run(dir, REPORTS[0]!, ['--no-cache']);
    expect(fs.existsSync(path.join(dir, '.arledger'))).toBe(false);
    const r = runCli(['--no-cache', 'aging', '-L', dir], { env: ENV });
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(dir, '.arledger'))).toBe(false);
  });

  it('never changes an answer when its file is flipped, truncated, emptied, swapped or replaced', { timeout: 180_000 }, () => {
    const dir = fresh();
    run(dir, REPORTS[0]!);
    const good = fs.readFileSync(path.join(dir, STATE));
    run(other, REPORTS[0]!);
    const foreign = fs.readFileSync(path.join(other, STATE));
    const damages: [string, () => void][] = [
      ['a flipped byte in the header', () => fs.writeFileSync(path.join(dir, STATE), flip(good, 40))],
      ['a flipped byte in the middle', () => fs.writeFileSync(path.join(dir, STATE), flip(good, Math.floor(good.length / 2)))],
      ['a flipped last byte', () => fs.writeFileSync(path.join(dir, STATE), flip(good, good.length - 1))],
      ['truncated', () => fs.writeFileSync(path.join(dir, STATE), good.subarray(0, Math.floor(good.length * 0.7)))],
      ['a flipped byte in the customers\' strings', () => fs.writeFileSync(path.join(dir, STATE), flip(good, payloadStart(good) + 3))],
      ['a flipped byte in the customers\' values', () => fs.writeFileSync(path.join(dir, STATE), flip(good, payloadStart(good) + arrayBytes(good, 0) + arrayBytes(good, 1) + 4))],
      ['the previous format', () => fs.writeFileSync(path.join(dir, STATE), withFormat(good, 5))],
      ['empty', () => fs.writeFileSync(path.join(dir, STATE), '')],
      ['another ledger\'s', () => fs.writeFileSync(path.join(dir, STATE), foreign)],
      ['a directory', () => { fs.rmSync(path.join(dir, STATE)); fs.mkdirSync(path.join(dir, STATE)); }],
      ['a symlink to another ledger\'s', () => { fs.rmSync(path.join(dir, STATE), { recursive: true }); fs.symlinkSync(path.join(other, STATE), path.join(dir, STATE)); }],
    ];
    const plain = run(dir, REPORTS[0]!, ['--no-cache']);
    for (const [what, damage] of damages) {
      fs.rmSync(path.join(dir, STATE), { recursive: true, force: true });
      fs.writeFileSync(path.join(dir, STATE), good);
      damage();
      expect(run(dir, REPORTS[0]!), what).toEqual(plain);
    }
    expect(fs.readFileSync(path.join(other, STATE))).toEqual(foreign);
  });

  it('is not used when an old row is edited behind its back, even to the same length', { timeout: 120_000 }, () => {
    const dir = fresh();
    run(dir, REPORTS[0]!);
    const before = run(dir, REPORTS[0]!, ['--no-cache']);
    const file = path.join(dir, 'applications.csv');
    const text = fs.readFileSync(file, 'utf8');
    // The amount of the first application, one cent less: same length, another open amount.
    const lines = text.split('\n');
    const f = lines[1]!.split(',');
    const cents = Math.round(Number(f[3]) * 100) - 1;
    f[3] = (cents / 100).toFixed(2).padStart(f[3]!.length, '0');
    lines[1] = f.join(',');
    fs.writeFileSync(file, lines.join('\n'));
    const after = run(dir, REPORTS[0]!);
    expect(after).toEqual(run(dir, REPORTS[0]!, ['--no-cache']));
    expect(after.out).not.toBe(before.out);
    expectSameAsNoCache(dir);
  });

  it('reads what was appended on top of it: by arledger, and a broken row by hand', () => {
    const dir = fresh();
    run(dir, REPORTS[0]!);
    const add = runCli(['invoice', 'add', '--customer', 'C000002', '--amount', '1234.56', '--date', '2026-11-20', '-L', dir], { env: { ...ENV, ARLEDGER_TODAY: AS_OF } });
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expectSameAsNoCache(dir);
    fs.appendFileSync(path.join(dir, 'applications.csv'), '2026-11-21,PAY-9999999,INV-0000001,1.00\n');
    const broken = run(dir, REPORTS[0]!);
    expect(broken.code).toBe(3);
    expect(broken.err).toMatch(/applications\.csv:\d+: credit "PAY-9999999" does not exist/);
    expect(broken).toEqual(run(dir, REPORTS[0]!, ['--no-cache']));
  });

  it('plans a dunning run from the columns as the plain reader does', () => {
    const dir = fresh();
    const plain = fresh();
    // An invoice dated after every run below, whose memo runs over two lines: the fast reader leaves such a
    // ledger to the plain one, and the run does not look at the invoice.
    const first = fs.readFileSync(path.join(dir, 'invoices.csv'), 'utf8').split('\n')[1]!.split(',');
    const row = ['INV-9999999', 'invoice', '2027-06-01', '2027-07-01', first[4], first[5], '1.00', 'net30', '', '"two\nlines"'].join(',');
    for (const d of [dir, plain]) fs.appendFileSync(path.join(d, 'invoices.csv'), `${row}\n`);
    // The fast reader's ledger is the same one without that row's line break.
    fs.writeFileSync(path.join(dir, 'invoices.csv'), fs.readFileSync(path.join(dir, 'invoices.csv'), 'utf8').replace('"two\nlines"', 'two lines'));
    for (const asOf of [AS_OF, '2026-03-31', '2025-06-30']) {
      for (const format of ['json', 'table']) {
        const args = ['dunning', '--dry-run', '--format', format, '--as-of', asOf];
        const fast = run(dir, args);
        expect(fast.code, fast.err).toBe(0);
        expect(fast, args.join(' ')).toEqual(run(plain, args));
      }
    }
  });

  it('refuses a dunning preview, writing nothing, when a notice appended by hand names an unknown invoice', () => {
    const dir = fresh();
    const args = ['dunning', '--dry-run', '--format', 'json', '--as-of', AS_OF];
    expect(run(dir, args).code).toBe(0);
    const first = fs.readFileSync(path.join(dir, 'dunning.csv'), 'utf8').split('\n')[1]!.split(',');
    fs.appendFileSync(path.join(dir, 'dunning.csv'), `${['2026-11-21', first[1], '1', 'INV-9999999', ...first.slice(4)].join(',')}\n`);
    const before = snapshotDir(dir);
    const r = run(dir, args);
    expect(r.code).toBe(3);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/dunning\.csv:\d+: .*INV-9999999/);
    expect(r).toEqual(run(dir, args, ['--no-cache']));
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('writes nothing outside the ledger when .arledger is a symlink out of it', () => {
    const dir = fresh();
    const outside = tempDir('arledger-outside-');
    fs.symlinkSync(outside, path.join(dir, '.arledger'));
    expect(run(dir, REPORTS[0]!)).toEqual(run(dir, REPORTS[0]!, ['--no-cache']));
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  it('is not kept for a ledger under 1 MiB', () => {
    const dir = fresh();
    expect(run(dir, REPORTS[0]!, [], {}).code).toBe(0);
    expect(fs.existsSync(path.join(dir, '.arledger'))).toBe(false);
  });
});

function flip(buf: Buffer, at: number): Buffer {
  const out = Buffer.from(buf);
  out[at] = out[at]! ^ 0x20;
  return out;
}

/** Where the arrays start: after the magic line, the header's length and the header, 8-byte aligned. */
function payloadStart(state: Buffer): number {
  const lead = 'arledger reading cache\n'.length;
  const len = Number(state.subarray(lead, lead + 11).toString('latin1'));
  return (lead + 12 + len + 7) & ~7;
}

/** The bytes array i of the payload takes, padding included. */
function arrayBytes(state: Buffer, i: number): number {
  const lead = 'arledger reading cache\n'.length;
  const len = Number(state.subarray(lead, lead + 11).toString('latin1'));
  const a = (JSON.parse(state.subarray(lead + 12, lead + 12 + len).toString('utf8')) as { arrays: { type: string; length: number }[] }).arrays[i]!;
  return (a.length * (a.type === 'u8' ? 1 : a.type === 'i32' ? 4 : 8) + 7) & ~7;
}

/** The cache with another format number in its header, and nothing else changed. */
function withFormat(state: Buffer, format: number): Buffer {
  const at = state.indexOf('"format":') + '"format":'.length;
  const out = Buffer.from(state);
  out.write(String(format), at, 'latin1');
  expect(out.length).toBe(state.length);
  return out;
}

describe('the reading cache, from the inside', () => {
  it('is used when valid, with only what was appended read on top, and not used once a prefix changed', async () => {
    const { loadForReport, lastRead } = await import('../../src/io/load.js');
    process.env['ARLEDGER_CACHE_MIN_BYTES'] = ENV.ARLEDGER_CACHE_MIN_BYTES;
    const dir = fresh();
    loadForReport(dir);
    expect(lastRead.via).toBe('fast');
    loadForReport(dir);
    expect(lastRead).toEqual({ via: 'cache', appended: 0 });
    // A notice like the first one, a day later: valid, and not a repeat.
    const first = fs.readFileSync(path.join(dir, 'dunning.csv'), 'utf8').split('\n')[1]!.split(',');
    const row = `${['2026-11-21', ...first.slice(1)].join(',')}\n`;
    fs.appendFileSync(path.join(dir, 'dunning.csv'), row);
    loadForReport(dir);
    expect(lastRead).toEqual({ via: 'cache', appended: row.length });
    loadForReport(dir, false);
    expect(lastRead.via).toBe('fast');
    const file = path.join(dir, 'invoices.csv');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('2025-01-01', '2025-01-02'));
    loadForReport(dir);
    expect(lastRead.via).toBe('fast');
    // A number in the header changed in place (still valid JSON, same length) is damage too: here the last one,
    // whether some application repeats another, which decides whether check asks git about them.
    loadForReport(dir);
    expect(lastRead.via).toBe('cache');
    const state = fs.readFileSync(path.join(dir, STATE));
    const at = state.indexOf(']', state.indexOf('"numbers":[')) - 1;
    const changed = Buffer.from(state);
    expect([0x30, 0x31]).toContain(changed[at]);
    changed[at] = changed[at] === 0x30 ? 0x31 : 0x30;
    fs.writeFileSync(path.join(dir, STATE), changed);
    loadForReport(dir);
    expect(lastRead.via).toBe('fast');
    delete process.env['ARLEDGER_CACHE_MIN_BYTES'];
  });

  it('gives the customers as customers.yaml decodes them, made when asked for, and none for another format', async () => {
    const { loadForReport, lastRead } = await import('../../src/io/load.js');
    const { PackedCustomers } = await import('../../src/core/fast/customers.js');
    const customersOf = (r: ReturnType<typeof loadForReport>) => ('fast' in r ? r.customers : r.input.customers);
    process.env['ARLEDGER_CACHE_MIN_BYTES'] = ENV.ARLEDGER_CACHE_MIN_BYTES;
    const dir = fresh();
    // A name no plain text file holds (a lone surrogate, by a YAML escape) next to one in several scripts.
    const yaml = fs.readFileSync(path.join(dir, 'customers.yaml'), 'utf8');
    const names = [...yaml.matchAll(/^ {2}name: .*$/gm)];
    fs.writeFileSync(path.join(dir, 'customers.yaml'), yaml.replace(names[0]![0], '  name: "Café Ünal 東京 ✓"'));
    const plain = customersOf(loadForReport(dir, false));
    loadForReport(dir);
    const warm = loadForReport(dir);
    expect(lastRead.via).toBe('cache');
    expect(customersOf(warm)).toBeInstanceOf(PackedCustomers);
    expect([...customersOf(warm)]).toStrictEqual([...plain]);
    expect([...customersOf(warm).values()][0]!.name).toBe('Café Ünal 東京 ✓');

    fs.writeFileSync(path.join(dir, 'customers.yaml'), yaml.replace(names[1]![0], '  name: "Lone \\ud800 surrogate"'));
    const odd = customersOf(loadForReport(dir, false));
    expect([...odd.values()][1]!.name).toBe('Lone \ud800 surrogate');
    loadForReport(dir);
    const again = loadForReport(dir);
    expect(lastRead.via).toBe('cache');
    expect(customersOf(again)).not.toBeInstanceOf(PackedCustomers);
    expect([...customersOf(again)]).toStrictEqual([...odd]);

    fs.writeFileSync(path.join(dir, STATE), withFormat(fs.readFileSync(path.join(dir, STATE)), 5));
    loadForReport(dir);
    expect(lastRead.via).toBe('fast');
    delete process.env['ARLEDGER_CACHE_MIN_BYTES'];
  });
});

describe('the spare room after each column', () => {
  it('lets warm writes add rows without copying the columns, and every report stays what --no-cache gives', () => {
    // Columns of 4,096 rows or more get room after them in the file: 5,000 invoices make documents and
    // applications that long.
    const dir = path.join(tempDir('arledger-cache-'), 'books');
    generateLedger(dir, 5000, 3);
    expect(run(dir, REPORTS[0]!).code).toBe(0);
    const saved = fs.readFileSync(path.join(dir, STATE));
    expect(saved.subarray(0, 200_000).toString('latin1')).toMatch(/"spare":\d+/);
    for (let i = 0; i < 3; i++) {
      expect(run(dir, ['invoice', 'add', '--customer', 'C000001', '--amount', '10.00']).code).toBe(0);
      expect(run(dir, ['apply', '--customer', 'C000001', '--amount', '7.50']).code).toBe(0);
    }
    // The writers read the cache and left it as it was: what they added is read on top of it.
    expect(fs.readFileSync(path.join(dir, STATE)).equals(saved)).toBe(true);
    expectSameAsNoCache(dir);
  });
});
