// Progress on stderr: drawn on a terminal only (a pseudo-terminal from util-linux `script` here), once work has
// run a while, erased when done; never in a pipe, under --quiet or in CI, and never changing what goes to stdout.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateLedger } from '../bench/generate.mjs';
import { BIN, ROOT, runCli, tempDir } from '../helpers/cli.js';

const SCRIPT = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
const big = generateLedger(path.join(tempDir(), 'books'), 2000, 7).dir;

/** Runs arledger with stderr on a pseudo-terminal and stdout to a file; returns what the terminal showed. */
function onTerminal(args: string[], env: Record<string, string>): { terminal: string; stdout: string; code: number | null } {
  const out = path.join(tempDir(), 'stdout');
  const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, BIN, ...args].map(quote).join(' ') + ` > ${quote(out)}`;
  const base: Record<string, string> = { ...process.env as Record<string, string>, ARLEDGER_TODAY: '2026-11-30', NO_COLOR: '1' };
  delete base['CI'];
  delete base['ARLEDGER_DIR'];
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: { ...base, ...env } });
  return { terminal: r.stdout, stdout: fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '', code: r.status };
}

describe('progress', () => {
  it('draws a bar on a terminal for long work, erases it, and leaves stdout as it is without one', () => {
    if (!SCRIPT) return void expect(process.env['CI'] ? 'script (util-linux) missing in CI' : null).toBeNull();
    const plain = runCli(['export', '--format', 'hledger', '-L', big]);
    expect(plain.stderr).toBe('');
    // The delay is set to nothing so that the test does not depend on how fast this machine is.
    const r = onTerminal(['export', '--format', 'hledger', '-L', big], { ARLEDGER_PROGRESS_AFTER_MS: '0', ARLEDGER_PROGRESS_BYTES: '1' });
    expect(r.code).toBe(0);
    expect(r.terminal).toMatch(/reading the ledger \(\d+ MB\)…/);
    expect(r.terminal).toMatch(/exporting \[#*\.*\] \d+% \([\d,]+\/[\d,]+\)/);
    expect(r.terminal).toMatch(/exporting \[#{24}\] 100% /);
    expect(r.terminal.endsWith('\r\x1b[K')).toBe(true);
    expect(r.stdout).toBe(plain.stdout);
  });

  it('draws a bar while dunning renders its letters, and the letters are the same as without one', () => {
    if (!SCRIPT) return void expect(process.env['CI'] ? 'script (util-linux) missing in CI' : null).toBeNull();
    const plain = runCli(['dunning', '--dry-run', '--format', 'json', '-L', big]);
    expect(plain.code).toBe(0);
    const r = onTerminal(['dunning', '--dry-run', '--format', 'json', '-L', big], { ARLEDGER_PROGRESS_AFTER_MS: '0' });
    expect(r.code).toBe(0);
    expect(r.terminal).toMatch(/rendering letters \[#{24}\] 100% /);
    expect(r.stdout).toBe(plain.stdout);
  });

  it('draws a bar while reconcile matches a statement\'s lines, and the report is the same as without one', () => {
    if (!SCRIPT) return void expect(process.env['CI'] ? 'script (util-linux) missing in CI' : null).toBeNull();
    const demo = path.join(ROOT, 'ledgers', 'demo');
    const statement = path.join(ROOT, 'fixtures', 'bank', 'commerz-usd-2026-11.ofx');
    const plain = runCli(['reconcile', statement, '--format', 'json', '-L', demo]);
    const r = onTerminal(['reconcile', statement, '--format', 'json', '-L', demo], { ARLEDGER_PROGRESS_AFTER_MS: '0' });
    expect(r.code).toBe(plain.code);
    expect(r.terminal).toMatch(/matching \[#{24}\] 100% /);
    expect(r.stdout).toBe(plain.stdout);
  });

  it('stays silent for short work, under --quiet, in CI and in a pipe', () => {
    if (!SCRIPT) return void expect(process.env['CI'] ? 'script (util-linux) missing in CI' : null).toBeNull();
    // The demo's export takes far less than the default second, counted from when the exporting starts.
    expect(onTerminal(['export', '--format', 'beancount', '-L', path.join(ROOT, 'ledgers', 'demo')], {}).terminal).toBe('');
    expect(onTerminal(['export', '--format', 'beancount', '--quiet', '-L', big], { ARLEDGER_PROGRESS_AFTER_MS: '0', ARLEDGER_PROGRESS_BYTES: '1' }).terminal).toBe('');
    expect(onTerminal(['export', '--format', 'beancount', '-L', big], { ARLEDGER_PROGRESS_AFTER_MS: '0', CI: 'true' }).terminal).toBe('');
    const piped = runCli(['export', '--format', 'csv', '--output', path.join(tempDir(), 'csv'), '-L', big], { env: { ARLEDGER_PROGRESS_AFTER_MS: '0', ARLEDGER_PROGRESS_BYTES: '1' } });
    expect(piped).toMatchObject({ code: 0, stderr: '' });
  });
});
