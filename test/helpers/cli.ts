// Test helpers: run the built CLI as a user would, make temporary ledgers, and snapshot a directory's bytes.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const BIN = path.join(ROOT, 'bin', 'arledger.js');
export const SHARED = path.resolve(ROOT, '..', 'shared');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node bin/arledger.js ARGS` with a fixed today and no colour, like a cron job would. */
export function runCli(args: readonly string[], opts: { cwd?: string; env?: Record<string, string>; input?: string } = {}): CliResult {
  const env: Record<string, string> = { ...process.env as Record<string, string>, NO_COLOR: '1', ARLEDGER_TODAY: '2026-11-30', ...opts.env };
  delete env['ARLEDGER_DIR'];
  if (opts.env?.['ARLEDGER_DIR']) env['ARLEDGER_DIR'] = opts.env['ARLEDGER_DIR'];
  // A terminal's width or the quiet and plain switches of the shell running the tests must not reach the program.
  for (const k of ['COLUMNS', 'NO_THOUSANDS']) if (opts.env?.[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env, encoding: 'utf8', input: opts.input ?? '' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = 'arledger-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A ledger directory holding exactly the given files (name -> text). */
export function tempLedger(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Copies a ledger (e.g. a fixture) into a fresh temporary directory. */
export function copyLedger(from: string): string {
  const dir = tempDir();
  fs.cpSync(from, dir, { recursive: true });
  return dir;
}

/** Every file below dir with its bytes, to prove a command left a ledger byte-for-byte unchanged. */
export function snapshotDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p).toString('base64');
    }
  };
  walk(dir);
  return out;
}

/** A minimal valid ledger.yaml and customers.yaml, for tests that add journals of their own. */
export const BASE_CONFIG = `version: 1
company: { name: Test Co, email: ar@test.example }
currency: EUR
terms: net30
aging: { basis: due, buckets: [30, 60, 90] }
`;

export const BASE_CUSTOMERS = `ACME:
  name: Acme Corporation
  email: ap@acme.example
  currency: EUR
  terms: net30
`;
