// The benchmark is only worth its figures if its ledgers are valid and reproducible: a small one must pass
// `check`, age in all three currencies, and come out byte for byte the same from the same seed.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, snapshotDir, tempDir } from '../helpers/cli.js';
import { generateLedger as generate } from './generate.mjs';

describe('benchmark ledger generator', () => {
  it('writes a valid ledger with payments, credits, refunds and disputes in proportion', () => {
    const dir = path.join(tempDir('arledger-bench-test-'), 'l');
    const stats = generate(dir, 1500);
    expect(stats.rows.invoices).toBe(1500);
    for (const k of ['payments', 'applications', 'credits', 'refunds', 'disputes'] as const) expect(stats.rows[k], k).toBeGreaterThan(0);
    const check = runCli(['check', '-L', dir]);
    expect(check.stdout).toBe('');
    expect(check.code).toBe(0);
    const aging = runCli(['aging', '-L', dir, '--as-of', '2026-11-30', '--format', 'json']);
    expect(aging.code).toBe(0);
    const report = JSON.parse(aging.stdout) as { totals: { currency: string }[]; customers: unknown[] };
    expect(report.totals.map((t) => t.currency)).toEqual(['EUR', 'JPY', 'USD']);
    expect(report.customers.length).toBeGreaterThan(100);
  }, 120_000); // two CLI runs over 1500 invoices: slow on a loaded CI machine

  it('gives the same bytes for the same size and seed', () => {
    const a = path.join(tempDir('arledger-bench-test-'), 'a');
    const b = path.join(tempDir('arledger-bench-test-'), 'b');
    generate(a, 500, 7);
    generate(b, 500, 7);
    expect(snapshotDir(a)).toEqual(snapshotDir(b));
  });

  it('run.mjs rejects a bad --sizes with exit 2 and says what to write', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'test', 'bench', 'run.mjs'), '--sizes', '10k'], { encoding: 'utf8' });
    expect(r.stderr).toMatch(/--sizes "10k" is not a comma-separated list of invoice counts, e.g. 10000,100000/);
    expect(r.status).toBe(2);
  });
});
