// runCli runs the built program's main() inside the test process; a user runs `node bin/arledger.js`. For a sample
// of commands — reports in every format, usage, data and I/O errors, writes, paths relative to the working
// directory, the environment — both give the same stdout, stderr and exit code, and writes leave the same bytes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AS_OF, generateLedger } from '../bench/generate.mjs';
import { BASE_CONFIG, BASE_CUSTOMERS, ROOT, copyLedger, runCli, snapshotDir, spawnCli, tempDir, tempLedger, type CliOptions } from '../helpers/cli.js';

const DEMO = path.join(ROOT, 'ledgers', 'demo');
const BANK = path.join(ROOT, 'fixtures', 'bank');

type Case = readonly [readonly string[], CliOptions?];

const READ_ONLY: readonly Case[] = [
  [['--version']],
  [['--help']],
  [['aging', '--help']],
  [[]],
  [['agin', '-L', DEMO]],
  [['aging', '-L', DEMO]],
  [['aging', '--detail', '--format', 'json', '-L', DEMO]],
  [['aging', '--format', 'csv', '--csv-delimiter', ';', '--csv-decimal', ',', '-L', DEMO]],
  [['aging', '--as-of', 'soon', '-L', DEMO]],
  [['aging', '-L', DEMO], { env: { COLUMNS: '60' } }],
  [['aging', '--plain', '--quiet', '-L', DEMO]],
  [['aging', '-L', DEMO], { env: { ARLEDGER_TODAY: '2026-02-30' } }],
  [['aging'], { env: { ARLEDGER_DIR: DEMO } }],
  [['aging'], { cwd: path.join(DEMO, 'statements') }],
  [['aging', '-L', 'ledgers/demo']],
  [['aging', '-L', '/nonexistent/books']],
  [['check', '-L', DEMO]],
  [['check', '--format', 'json', '-L', DEMO]],
  [['check', '-L', path.join(ROOT, 'fixtures', 'errors', 'duplicate-id')]],
  [['dunning', '--dry-run', '-L', DEMO]],
  [['dunning', '--dry-run', '--format', 'json', '--as-of', '2026-12-31', '-L', DEMO]],
  [['kpi', '-L', DEMO]],
  [['behavior', '--detail', '-L', DEMO]],
  [['invoice', 'show', 'INV-2026-00040', '-L', DEMO]],
  [['invoice', 'show', 'NOPE', '-L', DEMO]],
  [['invoice', 'render', 'INV-2026-00040', '--format', 'html', '-L', DEMO]],
  [['invoice', 'render', 'INV-2026-00016', '--format', 'ubl', '-L', DEMO]],
  [['invoice', 'render', 'INV-2026-00040', '--format', 'pdf', '-L', DEMO]],
  [['invoice', 'list', '--format', 'json', '-L', DEMO]],
  [['statement', 'NORDLICHT', '-L', DEMO]],
  [['customer', 'list', '-L', DEMO]],
  [['reconcile', path.join(BANK, 'haspa-2026-11.qif'), '--format', 'json', '-L', DEMO]],
  [['reconcile', 'haspa-2026-11.qif', '-L', DEMO], { cwd: BANK }],
  [['reconcile', 'missing.csv', '-L', DEMO]],
  [['export', '--format', 'hledger', '-L', DEMO]],
  [['export', '--format', 'nope', '-L', DEMO]],
  [['__complete', 'customers', '-L', DEMO, '--', 'K']],
  [['__complete', 'invoices'], { cwd: DEMO }],
  [['completion', 'bash']],
];

function expectSame(args: readonly string[], opts: CliOptions = {}, scrub: (s: string) => string = (s) => s): void {
  const inside = runCli(args, opts);
  const outside = spawnCli(args, opts);
  const what = `arledger ${args.join(' ')}`;
  expect(inside.code, what).toBe(outside.code);
  expect(scrub(inside.stdout), what).toBe(scrub(outside.stdout));
  expect(scrub(inside.stderr), what).toBe(scrub(outside.stderr));
}

describe('a command run in the test process answers as `node bin/arledger.js` does', () => {
  it('for reports, help and errors that read a ledger and write nothing', { timeout: 300_000 }, () => {
    const before = snapshotDir(DEMO);
    for (const [args, opts] of READ_ONLY) expectSame(args, opts);
    expect(snapshotDir(DEMO)).toEqual(before);
  });

  it('for commands that write: same output and the same bytes left in the ledger', { timeout: 300_000 }, () => {
    const writes: readonly (readonly string[])[] = [
      ['invoice', 'add', '--customer', 'KOWALSKI', '--amount', '120.00', '--date', '2026-11-20'],
      ['invoice', 'add', '--customer', 'NOBODY', '--amount', '120.00'],
      ['invoice', 'add', '--customer', 'KOWALSKI', '--amount', 'ten'],
      ['apply', '--customer', 'KOWALSKI', '--amount', '50.00', '--date', '2026-11-25'],
      ['customer', 'add', 'NEWCO', '--name', 'New Co', '--currency', 'EUR'],
      ['close', '2026-10-31'],
      ['dunning'],
      ['export', '--format', 'csv', '--output', 'out'],
      ['invoice', 'render', 'INV-2026-00040', '--format', 'pdf', '--output', 'inv.pdf'],
      ['aging', '--output', 'no/such/dir/aging.txt', '--format', 'csv'],
    ];
    for (const args of writes) {
      const a = copyLedger(DEMO);
      const b = copyLedger(DEMO);
      const inside = runCli([...args, '-L', '.'], { cwd: a });
      const outside = spawnCli([...args, '-L', '.'], { cwd: b });
      const what = `arledger ${args.join(' ')}`;
      const scrub = (s: string, dir: string): string => s.replaceAll(dir, 'DIR');
      expect(inside.code, what).toBe(outside.code);
      expect(scrub(inside.stdout, a), what).toBe(scrub(outside.stdout, b));
      expect(scrub(inside.stderr, a), what).toBe(scrub(outside.stderr, b));
      expect(snapshotDir(a), what).toEqual(snapshotDir(b));
    }
  });

  it('for a ledger that cannot be read, and with a reading cache written and read', { timeout: 300_000 }, () => {
    const broken = tempLedger({ 'ledger.yaml': BASE_CONFIG, 'customers.yaml': `${BASE_CUSTOMERS}ACME:\n  name: Twice\n` });
    expectSame(['aging', '-L', broken]);
    expectSame(['check', '-L', broken]);
    const dir = path.join(tempDir(), 'books');
    generateLedger(dir, 1000, 1);
    const env = { ARLEDGER_CACHE_MIN_BYTES: '1000', ARLEDGER_TODAY: AS_OF };
    // The first run writes the cache, which the second reads: in either order both ways give the same report.
    expectSame(['aging', '--format', 'json', '-L', dir], { env });
    expect(fs.existsSync(path.join(dir, '.arledger'))).toBe(true);
    expectSame(['aging', '--format', 'json', '-L', dir], { env });
    expectSame(['dunning', '--dry-run', '-L', dir], { env });
  });
});
