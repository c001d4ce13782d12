// Test helpers: run the built CLI as a user would, make temporary ledgers, and snapshot a directory's bytes.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

export const ROOT = path.resolve(__dirname, '..', '..');
export const BIN = path.join(ROOT, 'bin', 'arledger.js');
export const SHARED = path.resolve(ROOT, '..', 'shared');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Text on the program's stdin; a call with input always runs as a child process. */
  input?: string;
}

/**
 * Runs `arledger ARGS` with a fixed today and no colour, like a cron job would: the built program's main() on a
 * thread of this process (a Node start and bundle load per call would be most of the suite's time), with the
 * environment, working directory, stdout, stderr and exit code a child process would have. ARLEDGER_TEST_SPAWN=1
 * runs every call as `node bin/arledger.js` instead; a test about the process itself uses spawnCli.
 */
export function runCli(args: readonly string[], opts: CliOptions = {}): CliResult {
  if (opts.input !== undefined && opts.input !== '') return spawnCli(args, opts);
  if (process.env['ARLEDGER_TEST_SPAWN'] === '1') return spawnCli(args, opts);
  const answer = inThread(args, opts.cwd ?? ROOT, cliEnv(opts));
  if ('fallback' in answer) {
    // A warning, or something the program left behind that would have ended a real process: the test sees what
    // that process does, and the next call gets a fresh thread (Node prints a deprecation once per thread).
    void thread?.worker.terminate();
    thread = null;
    process.stderr.write(`runCli: ${args.join(' ')}: ran as a child process instead: ${answer.fallback}\n`);
    return spawnCli(args, opts);
  }
  return answer;
}

/** Runs `node bin/arledger.js ARGS` as a child process: for what only a real process shows (start-up, signals, locks held by another process). */
export function spawnCli(args: readonly string[], opts: CliOptions = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: cliEnv(opts), encoding: 'utf8', input: opts.input ?? '' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function cliEnv(opts: CliOptions): Record<string, string> {
  const env: Record<string, string> = { ...process.env as Record<string, string>, NO_COLOR: '1', ARLEDGER_TODAY: '2026-11-30', ...opts.env };
  delete env['ARLEDGER_DIR'];
  if (opts.env?.['ARLEDGER_DIR']) env['ARLEDGER_DIR'] = opts.env['ARLEDGER_DIR'];
  // A terminal's width or the quiet and plain switches of the shell running the tests must not reach the program.
  for (const k of ['COLUMNS', 'NO_THOUSANDS']) if (opts.env?.[k] === undefined) delete env[k];
  return env;
}

/** No call takes this long; past it the command is taken to hang. */
const THREAD_TIMEOUT_MS = 300_000;

let thread: { worker: Worker; port: MessagePort; flag: Int32Array } | null = null;

/**
 * Ends the thread that runs the program, closing the files it left open (a real process's exit closes them):
 * before unmounting a file system the program read.
 */
export async function stopCli(): Promise<void> {
  const t = thread;
  thread = null;
  await t?.worker.terminate();
}

function inThread(args: readonly string[], cwd: string, env: Record<string, string>): CliResult | { fallback: string } {
  if (thread === null) {
    const { port1, port2 } = new MessageChannel();
    const signal = new SharedArrayBuffer(4);
    const bundle = pathToFileURL(path.join(ROOT, 'dist', 'bundle', 'main.js')).href;
    const worker = new Worker(path.join(ROOT, 'test', 'helpers', 'cli-thread.mjs'), { workerData: { bundle, port: port2, signal }, transferList: [port2], argv: [] });
    worker.unref();
    port1.unref();
    thread = { worker, port: port1, flag: new Int32Array(signal) };
  }
  const { port, flag } = thread;
  Atomics.store(flag, 0, 0);
  port.postMessage({ args: [...args], env, cwd });
  if (Atomics.wait(flag, 0, 0, THREAD_TIMEOUT_MS) === 'timed-out') {
    // Still running, so not to be run again beside itself as a child process: the test fails.
    void thread.worker.terminate();
    thread = null;
    throw new Error(`arledger ${args.join(' ')}: no answer in ${THREAD_TIMEOUT_MS / 1000} s`);
  }
  const msg = receiveMessageOnPort(port)?.message as CliResult | { fallback: string } | undefined;
  return msg ?? { fallback: 'no answer' };
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
