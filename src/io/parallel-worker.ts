// The second thread of a cold read (src/io/parallel.ts): hashes the journals for the cache and decodes
// customers.yaml while the main thread scans the journals. It reports through a message port and a shared word the main thread
// waits on (the read is synchronous), and any failure of its own is reported the same way, never thrown.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { workerData, type MessagePort } from 'node:worker_threads';
import { decodeCustomers } from '../core/config.js';
import type { LedgerIssue } from '../core/issues.js';
import type { Currency } from '../core/money.js';
import { readYaml } from './yaml.js';
import { FAILED, HASHED, DECODED, STARTED, type MasterJob } from './parallel.js';

const job = workerData as MasterJob;
const state = new Int32Array(job.state);
const port: MessagePort = job.port;

/** Progress in the first word; FAILED in the second once the worker gives up, progress made so far still stands. */
function signal(value: number): void {
  Atomics.store(state, value === FAILED ? 1 : 0, value);
  Atomics.notify(state, 0);
}

function decode(): void {
  const issues: LedgerIssue[] = [];
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(job.customers);
  } catch {
    // Not UTF-8: the main thread reads the ledger the plain way, which says where.
    port.postMessage({ customers: { issues: 1, customers: null } });
    signal(DECODED);
    return;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const y = readYaml('customers.yaml', text);
  issues.push(...y.issues);
  const unreadable = y.issues.length > 0 && y.input.value === undefined;
  const customers = decodeCustomers(y.input, job.currency as Currency, unreadable ? [] : issues);
  port.postMessage({ customers: { issues: issues.length, customers: issues.length > 0 ? null : customers } });
  signal(DECODED);
}

/** SHA-256 of the first `size` bytes of each journal, read in pieces; null when a file is shorter now. */
function hash(): void {
  const out: [string, string | null][] = [];
  const buf = Buffer.allocUnsafe(8 << 20);
  for (const [name, size] of job.hash) {
    const fd = fs.openSync(path.join(job.dir, name), fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    try {
      const h = crypto.createHash('sha256');
      let pos = 0;
      while (pos < size) {
        const n = fs.readSync(fd, buf, 0, Math.min(buf.length, size - pos), pos);
        if (n === 0) break;
        h.update(buf.subarray(0, n));
        pos += n;
      }
      out.push([name, pos === size && fs.fstatSync(fd).isFile() ? h.digest('hex') : null]);
    } finally {
      fs.closeSync(fd);
    }
  }
  port.postMessage({ hashes: out });
  signal(HASHED);
}

// A worker that ends before its work is done (process.exit in a dependency) says so instead of leaving a wait.
process.on('exit', () => {
  if (Atomics.load(state, 0) !== DECODED) signal(FAILED);
});
try {
  signal(STARTED);
  if (job.fault === 'throw') throw new Error('a fault asked for by ARLEDGER_PARALLEL_FAULT');
  // The hashes first: they take little memory, and the decoding's is given back as soon as the worker ends.
  if (job.hash.length > 0) hash();
  if (job.fault === 'exit') process.exit(1);
  decode();
} catch {
  // The main thread does this work itself.
  signal(FAILED);
}
