// The demo ledger is what a new user sees first (`npm start`): it must be valid, show money in every aging column,
// match its generator byte for byte, and age to the committed goldens (UPDATE_GOLDEN=1 rewrites them).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, snapshotDir, tempDir } from '../helpers/cli.js';

const DEMO = path.join(ROOT, 'ledgers', 'demo');
const GOLDEN = path.join(ROOT, 'test', 'golden', 'demo');
const AS_OF = '2026-11-30';

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    fs.mkdirSync(GOLDEN, { recursive: true });
    fs.writeFileSync(file, actual);
  }
  expect(fs.existsSync(file), `${file} is missing; run with UPDATE_GOLDEN=1 to write it`).toBe(true);
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

interface AgingJson {
  as_of: string;
  buckets: string[];
  customers: { customer: string; currency: string }[];
  totals: { currency: string; buckets: Record<string, string> }[];
}

describe('demo ledger', () => {
  it('passes check with exit 0', () => {
    const r = runCli(['check', '-L', DEMO]);
    expect(r.stderr).toMatch(/ledger ok/);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
  });

  it('has money in every aging column at 2026-11-30, in EUR, JPY and USD', () => {
    const r = runCli(['aging', '-L', DEMO, '--as-of', AS_OF, '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as AgingJson;
    expect(report.buckets).toEqual(['current', '1-30', '31-60', '61-90', '91+']);
    expect(report.totals.map((t) => t.currency)).toEqual(['EUR', 'JPY', 'USD']);
    for (const t of report.totals) {
      for (const b of report.buckets) {
        expect(t.buckets[b], `${t.currency} ${b}`).toMatch(/^\d+(\.\d+)?$/);
        expect(t.buckets[b], `${t.currency} ${b} is empty`).not.toMatch(/^0+(\.0+)?$/);
      }
    }
    expect(new Set(report.customers.map((c) => c.customer)).size).toBeGreaterThanOrEqual(10);
  });

  it('ages to the golden JSON', () => {
    const r = runCli(['aging', '-L', DEMO, '--as-of', AS_OF, '--format', 'json']);
    expect(r.code).toBe(0);
    golden('aging.json', r.stdout);
  });

  it('ages to the golden table, which is what `npm start` prints', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const m = /^node bin\/arledger\.js (.+)$/.exec(pkg.scripts['start'] ?? '');
    expect(m, 'the start script runs the CLI on the demo ledger').not.toBeNull();
    const args = m![1]!.split(' ');
    expect(args).toEqual(expect.arrayContaining(['aging', 'ledgers/demo', '--as-of', AS_OF]));
    const r = runCli(args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    golden('aging.txt', r.stdout);
  });

  it('is exactly what test/tools/make-demo.mjs generates', () => {
    const out = path.join(tempDir('arledger-demo-'), 'demo');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'test', 'tools', 'make-demo.mjs'), out], { encoding: 'utf8' });
    expect(r.stderr).toMatch(/wrote/);
    expect(r.status).toBe(0);
    expect(snapshotDir(out)).toEqual(snapshotDir(DEMO));
  });
});
