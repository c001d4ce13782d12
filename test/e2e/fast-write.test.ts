// `invoice add` and `apply --customer` plan on a ledger of their one customer from the fast reader and prove
// their rows on top of its state. Two copies of one ledger, one of which the fast reader does not take (a refund
// of another customer with a memo over two lines), get the same commands: every answer, exit code and appended
// byte must be the same either way.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli, tempDir } from '../helpers/cli.js';
import { generateLedger } from '../bench/generate.mjs';

/** The fast copy keeps a reading cache too, as a large ledger would. */
const ENV = { ARLEDGER_CACHE_MIN_BYTES: '1000' };
const JOURNALS = ['invoices.csv', 'payments.csv', 'credits.csv', 'applications.csv', 'invoice-lines.csv'];
let base: string;

beforeAll(() => {
  base = path.join(tempDir('arledger-fastwrite-'), 'books');
  generateLedger(base, 1000, 4);
});

function copies(): { fast: string; plain: string } {
  const fast = path.join(tempDir('arledger-fastwrite-'), 'books');
  const plain = path.join(tempDir('arledger-fastwrite-'), 'books');
  fs.cpSync(base, fast, { recursive: true });
  fs.cpSync(base, plain, { recursive: true });
  const extra = 'RF-MULTI,2025-03-01,C000001,EUR,5.00,transfer,,"returned,\nsee letter"\n';
  fs.appendFileSync(path.join(fast, 'refunds.csv'), extra.replace('"returned,\nsee letter"', 'returned'));
  fs.appendFileSync(path.join(plain, 'refunds.csv'), extra);
  return { fast, plain };
}

const sizes = (dir: string): number[] => JOURNALS.map((j) => fs.statSync(path.join(dir, j)).size);
const tails = (dir: string, from: number[]): string[] => JOURNALS.map((j, i) => fs.readFileSync(path.join(dir, j), 'utf8').slice(from[i]));

describe('writes planned on one customer', () => {
  it('answer and append exactly what the plain way does', { timeout: 600_000 }, () => {
    const { fast, plain } = copies();
    const open = (dir: string) => runCli(['invoice', 'list', '--customer', 'C000002', '--open', '--format', 'json', '-L', dir], { env: ENV }).stdout;
    const first = (JSON.parse(open(fast)) as { invoices: { id: string }[] }).invoices;
    // A bank reference already on another customer's payment: the plain way warns about it.
    const otherRef = fs.readFileSync(path.join(fast, 'payments.csv'), 'utf8').split('\n').map((l) => l.split(','))
      .find((f) => f[2] === 'C000001' && f[7] !== undefined && f[7] !== '')?.[7] ?? 'NONE';
    const commands: string[][] = [
      ['invoice', 'add', '--customer', 'C000002', '--amount', '1234.56', '--date', '2026-11-20'],
      ['invoice', 'add', '--customer', 'C000002', '--line', 'Widget;3;19.99;19', '--line', 'Service;1.5;80;7', '--date', '2026-11-21', '--reference', 'PO-1'],
      ['apply', '--customer', 'C000002', '--amount', '100.00', '--date', '2026-11-22'],
      ['apply', '--customer', 'C000002', '--amount', '99999.99', '--date', '2026-11-22', '--format', 'json'],
      ...(first.length > 0 ? [['apply', '--customer', 'C000002', '--amount', '5.00', '--invoice', first[0]!.id, '--date', '2026-11-23']] : []),
      ['apply', '--customer', 'C000002', '--amount', '5.00', '--invoice', 'INV-0000001', '--date', '2026-11-23'],
      ['invoice', 'add', '--customer', 'C000002', '--amount', '1.00', '--id', 'INV-0000001', '--date', '2026-11-24'],
      ['invoice', 'add', '--customer', 'C000003', '--amount', '100', '--date', '2026-11-24'],
      ['invoice', 'add', '--customer', 'C000003', '--amount', '100', '--date', '2026-11-24', '--force'],
      ['invoice', 'add', '--customer', 'NOPE', '--amount', '1.00'],
      ['invoice', 'add', '--customer', 'C000002', '--amount', '1.00', '--terms', 'bogus'],
      ['invoice', 'add', '--customer', 'C000002', '--amount', '1.00', '--id', 'bad id'],
      ['invoice', 'add', '--customer', 'C000002', '--line', 'Widget;x;19.99'],
      ['refund', '--customer', 'NOPE', '--amount', '1.00'],
      ['apply', '--customer', 'NOPE', '--amount', '1,00'],
      ['apply', '--customer', 'C000002', '--amount', '1,00'],
      ['apply', '--customer', 'C000002', '--amount', '1.00', '--bank-ref', otherRef, '--date', '2026-11-23'],
      ['apply', '--customer', 'C000002', '--amount', '1.00', '--bank-ref', 'NEW-REF-1', '--date', '2026-11-23'],
      ['apply', '--customer', 'C000002', '--amount', '1.00', '--bank-ref', 'NEW-REF-1', '--date', '2026-11-23'],
      ['invoice', 'add', '--customer', 'C000002', '--amount', '1.00', '--date', '2026-09-01'],
      ['invoice', 'add', '--customer', 'C000002', '--amount', '1.00', '--date', '2027-01-01'],
      // The other writers about one customer or one document plan on that customer's ledger too.
      ['credit', '--customer', 'C000002', '--amount', '50.00', '--reason', 'goodwill', '--date', '2026-11-24', '--id', 'CN-FAST-1'],
      ['credit', '--customer', 'C000002', '--amount', '0.50', '--reason', 'rounding', '--date', '2026-11-24', '--format', 'json'],
      ['credit', '--customer', 'C000003', '--amount', '5.00', '--reason', 'wrong customer', '--invoice', 'INV-0000001'],
      ['credit', '--customer', 'NOPE', '--amount', '5.00', '--reason', 'x'],
      ['apply', '--credit', 'CN-FAST-1', '--date', '2026-11-25'],
      ['apply', '--credit', 'CN-FAST-1', '--date', '2026-11-25'],
      ['apply', '--credit', 'NOPE', '--date', '2026-11-25'],
      ['refund', '--customer', 'C000002', '--amount', '10.00', '--date', '2026-11-26', '--method', 'transfer'],
      ['refund', '--customer', 'C000002', '--amount', '9999999.00', '--date', '2026-11-26'],
      ['refund', '--customer', 'C000002', '--amount', '1.00', '--date', '2026-11-26', '--force', '--format', 'json'],
      ...(first.length > 1 ? [
        ['writeoff', first[1]!.id, '--amount', '0.40', '--reason', 'short payment', '--date', '2026-11-26'],
        ['writeoff', first[1]!.id, '--amount', '9999999.00', '--reason', 'too much', '--date', '2026-11-26'],
        ['credit', '--customer', 'C000002', '--amount', '1.00', '--reason', 'damaged', '--invoice', first[1]!.id, '--date', '2026-11-26'],
      ] : []),
      ...(first.length > 2 ? [
        ['dispute', first[2]!.id, '--reason', 'quantity disputed', '--date', '2026-11-27'],
        ['dispute', first[2]!.id, '--reason', 'again', '--date', '2026-11-27'],
        ['apply', '--customer', 'C000002', '--amount', '20.00', '--date', '2026-11-27'],
        ['dispute', first[2]!.id, '--resolve', '--reason', 'settled', '--date', '2026-11-28', '--format', 'json'],
      ] : []),
      ['writeoff', 'NOPE', '--reason', 'x'],
      ['dispute', 'NOPE', '--reason', 'x'],
      ['dispute', 'INV-0000001', '--resolve'],
    ];
    for (const cmd of commands) {
      const before = [sizes(fast), sizes(plain)] as const;
      const a = runCli([...cmd, '-L', fast], { env: ENV });
      const b = runCli([...cmd, '-L', plain], { env: ENV });
      expect({ code: a.code, out: a.stdout, err: a.stderr.replaceAll(fast, 'DIR') }, cmd.join(' '))
        .toEqual({ code: b.code, out: b.stdout, err: b.stderr.replaceAll(plain, 'DIR') });
      expect(tails(fast, before[0]), cmd.join(' ')).toEqual(tails(plain, before[1]));
    }
    // Statements of the customer written to, on the cache with rows appended after it: same-day documents keep
    // the ledger's order either way.
    for (const args of [
      ['statement', 'C000002', '--from', '2026-11-01', '--to', '2026-11-30'],
      ['statement', 'C000002', '--from', '2025-01-01', '--to', '2026-11-30', '--format', 'md'],
      ['statement', 'C000003', '--to', '2026-11-30', '--format', 'html'],
      ['statement', 'NOPE'],
    ]) {
      const a = runCli([...args, '-L', fast], { env: ENV });
      const b = runCli([...args, '-L', plain], { env: ENV });
      expect({ code: a.code, out: a.stdout, err: a.stderr }, args.join(' ')).toEqual({ code: b.code, out: b.stdout, err: b.stderr });
    }
    expect(runCli(['check', '-L', fast], { env: ENV }).code).toBe(0);
    expect(fs.existsSync(path.join(fast, '.arledger', 'cache', 'state.bin'))).toBe(true);
    expect(fs.existsSync(path.join(plain, '.arledger'))).toBe(false);
  });

  it('a dunning preview of the customers with something overdue says what the plain way says', { timeout: 120_000 }, () => {
    const { fast, plain } = copies();
    for (const args of [
      ['dunning', '--dry-run', '--format', 'json'],
      ['dunning', '--dry-run', '--as-of', '2026-06-30'],
      ['dunning', '--dry-run', '--post-fees', '--as-of', '2026-11-30'],
    ]) {
      const a = runCli([...args, '-L', fast], { env: ENV });
      const b = runCli([...args, '-L', plain], { env: ENV });
      expect(a.code, args.join(' ')).toBe(0);
      expect({ code: a.code, out: a.stdout, err: a.stderr }, args.join(' ')).toEqual({ code: b.code, out: b.stdout, err: b.stderr });
    }
  });

  it('every one-customer writer takes the fast way: a cold write leaves the reading cache for the next command', { timeout: 180_000 }, () => {
    const { fast } = copies();
    const open = (JSON.parse(runCli(['invoice', 'list', '--customer', 'C000002', '--open', '--format', 'json', '-L', fast], { env: ENV }).stdout) as { invoices: { id: string }[] }).invoices;
    expect(open.length).toBeGreaterThan(2);
    const state = path.join(fast, '.arledger', 'cache', 'state.bin');
    for (const cmd of [
      ['invoice', 'add', '--customer', 'C000002', '--amount', '10.00', '--date', '2026-11-20'],
      ['apply', '--customer', 'C000002', '--amount', '10.00', '--date', '2026-11-21'],
      ['credit', '--customer', 'C000002', '--amount', '5.00', '--reason', 'goodwill', '--date', '2026-11-22', '--id', 'CN-COLD-1'],
      ['apply', '--credit', 'CN-COLD-1', '--date', '2026-11-22'],
      ['writeoff', open[1]!.id, '--amount', '0.40', '--reason', 'short', '--date', '2026-11-23'],
      ['dispute', open[2]!.id, '--reason', 'quantity', '--date', '2026-11-23'],
      ['apply', '--customer', 'C000002', '--amount', '99999.00', '--date', '2026-11-23'],
      ['refund', '--customer', 'C000002', '--amount', '1.00', '--date', '2026-11-23'],
      ['note', 'C000002', '--kind', 'call', '--text', 'called', '--by', 'tester', '--date', '2026-11-23'],
    ]) {
      fs.rmSync(path.join(fast, '.arledger'), { recursive: true, force: true });
      const r = runCli([...cmd, '-L', fast], { env: ENV });
      expect(r.code, `${cmd.join(' ')}: ${r.stderr}`).toBe(0);
      expect(fs.existsSync(state), cmd.join(' ')).toBe(true);
    }
    const cached = runCli(['aging', '--format', 'json', '-L', fast], { env: ENV });
    expect(cached.stdout).toBe(runCli(['aging', '--format', 'json', '--no-cache', '-L', fast], { env: ENV }).stdout);
  });

  it('a writer that crashed between its appends and the cache leaves books that read as before it', { timeout: 120_000 }, () => {
    const { fast, plain } = copies();
    expect(runCli(['aging', '--format', 'json', '-L', fast], { env: ENV }).code).toBe(0);
    expect(fs.existsSync(path.join(fast, '.arledger', 'cache', 'state.bin'))).toBe(true);
    // What a killed writer leaves: its transaction record, a whole row appended to one journal and half of one
    // to another, and the cache as it was before.
    const record = ['invoices.csv', 'payments.csv'].map((name) => ({ name, size: fs.statSync(path.join(fast, name)).size }));
    fs.writeFileSync(path.join(fast, '.arledger-txn'), JSON.stringify({ files: record }));
    fs.appendFileSync(path.join(fast, 'invoices.csv'), 'INV-CRASH,invoice,2026-11-20,2026-12-20,C000002,EUR,777.00,net30,,\n');
    fs.appendFileSync(path.join(fast, 'payments.csv'), 'PAY-CRASH,2026-11-20,C0000');
    const same = (args: string[]): void => {
      const a = runCli([...args, '-L', fast], { env: ENV });
      const b = runCli([...args, '-L', plain], { env: ENV });
      expect({ code: a.code, out: a.stdout }, args.join(' ')).toEqual({ code: b.code, out: b.stdout });
    };
    same(['aging', '--format', 'json']);
    same(['statement', 'C000002', '--to', '2026-11-30']);
    // The next writer undoes the crashed one, then writes on the state the cache gives.
    same(['invoice', 'add', '--customer', 'C000002', '--amount', '12.34', '--date', '2026-11-25']);
    expect(fs.existsSync(path.join(fast, '.arledger-txn'))).toBe(false);
    for (const j of JOURNALS) expect(fs.readFileSync(path.join(fast, j), 'utf8'), j).toBe(fs.readFileSync(path.join(plain, j), 'utf8'));
    same(['aging', '--format', 'json']);
    same(['apply', '--customer', 'C000002', '--amount', '12.34', '--date', '2026-11-26']);
    same(['statement', 'C000002', '--to', '2026-11-30']);
    expect(runCli(['check', '-L', fast], { env: ENV }).code).toBe(0);
  });

  it('writers running at once on a cached ledger each get their own id and leave a cache that agrees with the files', { timeout: 120_000 }, async () => {
    const { fast } = copies();
    expect(runCli(['aging', '--format', 'json', '-L', fast], { env: ENV }).code).toBe(0);
    const env: Record<string, string> = { ...process.env as Record<string, string>, NO_COLOR: '1', ARLEDGER_TODAY: '2026-11-30', ...ENV };
    delete env['ARLEDGER_DIR'];
    const run = (args: string[]): Promise<{ code: number | null; out: string }> => new Promise((resolve) => {
      const c = spawn(process.execPath, [BIN, ...args, '--wait', '60', '-L', fast], { env, stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      c.stdout.on('data', (b: Buffer) => { out += b.toString('utf8'); });
      c.on('close', (code) => resolve({ code, out }));
    });
    const results = await Promise.all([
      ...['C000001', 'C000002', 'C000003'].map((c) => run(['invoice', 'add', '--customer', c, '--amount', '10', '--date', '2026-11-25'])),
      ...['C000001', 'C000002'].map((c) => run(['apply', '--customer', c, '--amount', '3', '--date', '2026-11-25'])),
    ]);
    for (const r of results) expect(r.code).toBe(0);
    const ids = results.slice(0, 3).map((r) => r.out.trim());
    expect(new Set(ids).size).toBe(3);
    expect(runCli(['check', '-L', fast], { env: ENV }).code).toBe(0);
    const cached = runCli(['aging', '--format', 'json', '-L', fast], { env: ENV });
    expect(cached.stdout).toBe(runCli(['aging', '--format', 'json', '--no-cache', '-L', fast], { env: ENV }).stdout);
  });
});
