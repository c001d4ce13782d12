// A cold read of a large ledger on two threads: while the main thread scans the journals, a worker hashes the
// journals for the cache header and decodes customers.yaml (a second of a 50,000-customer file), then ends, so
// that its memory is given back before the main thread's peak. The scanner
// needs only each customer's id and currency, in order, which a quick look at customers.yaml gives; the worker's
// full decoding must agree with that look, else the journals are scanned again with what it decoded. Anything
// amiss with the worker (it cannot start, fails, dies, is slow beyond reason) leaves its work to the main thread:
// the answer and every message are those of the single-thread read.
import * as fs from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { Customer } from '../core/types.js';

/** Values of the shared word the worker reports through. */
export const STARTED = 1;
export const HASHED = 2;
export const DECODED = 3;
export const FAILED = -1;

/** What the worker is given. */
export interface MasterJob {
  readonly dir: string;
  /** customers.yaml as read. */
  readonly customers: Uint8Array;
  /** The ledger's base currency, a customer's currency when it names none. */
  readonly currency: string;
  /** Journals to hash, with the size read. */
  readonly hash: readonly (readonly [string, number])[];
  readonly state: SharedArrayBuffer;
  readonly port: MessagePort;
  readonly fault?: string;
}

/**
 * Off unless asked for: on a 1M ledger (2 cores, idle) the second thread saves some 0.4 s of a 6 s cold read but
 * adds 75 MiB or more to the peak memory, which then passes the 512 MiB a million-invoice command is allowed.
 * ARLEDGER_PARALLEL_MIN_BYTES=N reads journals of N bytes or more in all on two threads (8388608 is a good bound:
 * starting a thread costs some 40 ms, more than it saves on a small ledger; 0 forces it on any ledger).
 */
export function parallelMinBytes(): number {
  const v = process.env.ARLEDGER_PARALLEL_MIN_BYTES;
  const n = v === undefined || v === '' ? NaN : Number(v);
  return Number.isSafeInteger(n) && n >= 0 ? n : Number.POSITIVE_INFINITY;
}

/**
 * Longest wait for the worker once the main thread needs its answer: far beyond what decoding and hashing take on
 * a loaded machine, short enough that a worker that died silently (out of memory) costs a delay, not a hang.
 */
const PATIENCE_MS = 30_000;

/** The worker entry beside this module: dist/io/ from tsc, or the bundle's top beside its chunks/. */
function workerFile(): string | null {
  for (const rel of ['./parallel-worker.js', '../parallel-worker.js']) {
    const f = new URL(rel, import.meta.url);
    if (fs.existsSync(f)) return f.pathname;
  }
  return null;
}

/** A line at the left margin with the indentation of the line after it, or a line holding a `currency:` key. */
const MASTER_LINE = /^([^ \r\n#][^\r\n]*)(?=(?:\r?\n( *))?)|^( +)(currency|"currency"|'currency')( *):([^\r\n]*?)\r?$/gm;
const ID_LINE = /^([A-Za-z0-9_][\x21-\x39\x3b-\x7e]*):(?: +#.*)? *$/;
const CURRENCY_VALUE = /^ *(?:([A-Z]{3})|"([A-Z]{3})"|'([A-Z]{3})')(?: +#.*)? *\r?$/;

/**
 * Each customer's id and currency in file order, from a customers.yaml written the plain way (an id at the left
 * margin, `currency: XYZ` among its first-level keys); null when unsure. It is on the main thread's path, so one
 * regular expression finds the few lines that matter; what it cannot see (a merge key, a map in flow style) the
 * check against the decoded customers finds.
 */
export function quickCustomers(buf: Uint8Array, base: string): Map<string, Customer> | null {
  const out = new Map<string, Customer>();
  let text = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('latin1');
  if (text.startsWith('\xef\xbb\xbf')) text = text.slice(3);
  let id: string | null = null;
  let currency: string | null = null;
  let indent = -1;
  const close = (): boolean => {
    if (id === null) return true;
    if (out.has(id)) return false;
    out.set(id, { id, currency: currency ?? base } as Customer);
    return true;
  };
  MASTER_LINE.lastIndex = 0;
  for (let m = MASTER_LINE.exec(text); m !== null; m = MASTER_LINE.exec(text)) {
    if (m[1] !== undefined) {
      const line = ID_LINE.exec(m[1]);
      // An id such as 12 is an array index, which a decoded map lists before every other key.
      if (!line || /^(?:0|[1-9][0-9]*)$/.test(line[1]!) || !close()) return null;
      id = line[1]!;
      currency = null;
      indent = m[2]?.length ?? -1;
      continue;
    }
    // Only a first-level key; a deeper line (in a block scalar, a nested map) is not the customer's currency.
    if (id === null || m[3]!.length !== indent) continue;
    const v = CURRENCY_VALUE.exec(m[6]!);
    if (!v || m[4] !== 'currency' || m[5] !== '' || currency !== null) return null;
    currency = v[1] ?? v[2] ?? v[3]!;
  }
  return close() && out.size > 0 ? out : null;
}

/** The worker's answers, each waited for when first needed; null where the main thread must do the work. */
export interface MasterHelp {
  /** The customers as decoded (null: decode them here), or 'issues' when customers.yaml has any. */
  customers(): Map<string, Customer> | 'issues' | null;
  /** SHA-256 of each journal hashed (null: hash here). */
  hashes(): Map<string, string> | null;
  /** Ends the worker (its work is no longer wanted). */
  stop(): void;
}

export function startMasterHelp(dir: string, customers: Uint8Array, currency: string, hash: [string, number][]): MasterHelp | null {
  const fault = process.env.ARLEDGER_PARALLEL_FAULT;
  const file = fault === 'nostart' ? null : workerFile();
  if (file === null) return null;
  const state = new Int32Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    const job: MasterJob = { dir, customers, currency, hash, state: state.buffer as SharedArrayBuffer, port: port2, ...(fault ? { fault } : {}) };
    // The worker's output would interleave with the report; it has none of its own to give.
    worker = new Worker(file, { workerData: job, transferList: [port2], stdout: true, stderr: true });
  } catch {
    return null;
  }
  worker.unref();
  helpCount.started++;
  // An 'error' event with no listener would end the process; the failure is seen through the shared word instead.
  worker.on('error', () => {});
  let dead = false;
  const stop = (): void => {
    if (dead) return;
    dead = true;
    port1.close();
    void worker.terminate().catch(() => {});
  };
  /** What the worker has posted so far. */
  const got: { hashes?: [string, string | null][]; customers?: { issues: number; customers: Map<string, Customer> | null } } = {};
  const drain = (): void => {
    for (let m = receiveMessageOnPort(port1); m !== undefined; m = receiveMessageOnPort(port1)) Object.assign(got, m.message);
  };
  /** Waits until the worker has reached `level`; false when it failed or took too long. */
  const reach = (level: number): boolean => {
    if (dead) return false;
    const until = Date.now() + PATIENCE_MS;
    for (;;) {
      const now = Atomics.load(state, 0);
      if (now >= level) {
        drain();
        return true;
      }
      if (Atomics.load(state, 1) === FAILED) break;
      const left = until - Date.now();
      if (left <= 0) break;
      Atomics.wait(state, 0, now, Math.min(left, 100));
    }
    // What it posted before failing still holds.
    drain();
    stop();
    return false;
  };
  let decoded: Map<string, Customer> | 'issues' | null | undefined;
  return {
    customers: () => {
      if (decoded !== undefined) return decoded;
      reach(DECODED);
      const c = got.customers;
      decoded = c === undefined ? null : c.issues > 0 ? 'issues' : c.customers;
      if (decoded !== null) helpCount.used++;
      stop();
      return decoded;
    },
    hashes: () => {
      if (got.hashes === undefined) reach(HASHED);
      const h = got.hashes;
      if (h === undefined || h.some(([, d]) => d === null)) return null;
      return new Map(h as [string, string][]);
    },
    stop,
  };
}

/** How many reads a second thread helped with, and how many of those used its answer: for tests. */
export const helpCount = { started: 0, used: 0 };
