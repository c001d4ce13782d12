// The write path of SPEC §7: a lock serialises writers; a transaction record makes multi-file appends all-or-nothing.
//
// A writer records every file's size in `.arledger-txn` (written to a temporary name, fsynced, renamed) before
// it appends, fsyncs each file after appending, and removes the record last. A record left behind by a crash
// names an unfinished transaction: the next writer truncates the files back to the recorded sizes, and readers
// meanwhile read only up to those sizes. Either way the ledger reads as before the command or as after it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';

export const LOCK_FILE = '.arledger.lock';
export const TXN_FILE = '.arledger-txn';

export class LockedError extends Error {}
export class IoError extends Error {}

interface TxnRecord {
  readonly files: { readonly name: string; readonly size: number }[];
}

/** Sizes an unfinished transaction recorded (-1: the file did not exist), or null when none is pending. */
export function pendingTransaction(dir: string): Map<string, number> | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, TXN_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const rec = JSON.parse(text) as TxnRecord;
    return new Map(rec.files.map((f) => [f.name, f.size]));
  } catch {
    // A record is renamed into place only once complete, so an unreadable one was never in force.
    return null;
  }
}

/** Makes a rename or a new file in `dir` durable. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some file systems cannot fsync a directory; the rename is still atomic there.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function rollBack(dir: string, sizes: Map<string, number>): void {
  for (const [name, size] of sizes) {
    const p = path.join(dir, name);
    try {
      if (size < 0) fs.rmSync(p, { force: true });
      else if (fs.statSync(p).size > size) fs.truncateSync(p, size);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  fs.rmSync(path.join(dir, TXN_FILE), { force: true });
  fsyncDir(dir);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function ioError(e: unknown, what: string): IoError {
  const err = e as NodeJS.ErrnoException;
  const reason = {
    ENOSPC: 'the disk is full', EROFS: 'the ledger is on a read-only file system', EACCES: 'permission denied',
    EPERM: 'permission denied', EDQUOT: 'the disk quota is exceeded', EIO: 'an I/O error',
  }[err.code ?? ''] ?? err.message;
  return new IoError(`${what}: ${reason}; nothing was written`);
}

/** Takes the ledger's lock, waiting up to `waitSeconds`; a lock whose process is gone is taken over. */
export function acquireLock(dir: string, waitSeconds: number): () => void {
  const p = path.join(dir, LOCK_FILE);
  const deadline = Date.now() + waitSeconds * 1000;
  const me = `${process.pid} ${os.hostname()}\n`;
  for (;;) {
    try {
      const fd = fs.openSync(p, 'wx');
      fs.writeSync(fd, me);
      fs.closeSync(fd);
      return () => {
        try {
          if (fs.readFileSync(p, 'utf8') === me) fs.unlinkSync(p);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw ioError(e, `cannot lock the ledger (${p})`);
    }
    let holder = '';
    try {
      holder = fs.readFileSync(p, 'utf8');
    } catch {
      continue; // released between our attempts
    }
    const [pidText, host] = holder.trim().split(' ');
    const pid = Number(pidText);
    if (host === os.hostname() && Number.isInteger(pid) && pid > 0 && !pidAlive(pid)) {
      if (breakStaleLock(p, holder)) continue;
    } else if (!/^\d+ \S+\n$/.test(holder) && lockAgeMs(p) > BREAK_STALE_MS) {
      // A writer killed between creating the lock and writing its pid leaves it empty; nobody could ever prove
      // it stale by pid, so an unreadable lock counts as stale once it is clearly old.
      if (breakStaleLock(p, holder)) continue;
    }
    if (Date.now() >= deadline) {
      throw new LockedError(
        `the ledger is locked by another arledger command (pid ${pidText ?? '?'}${host ? ` on ${host}` : ''}) and stayed locked for ${waitSeconds} s; ` +
          `try again, wait longer with --wait SECONDS, or remove ${p} if no arledger is running`,
      );
    }
    sleep(Math.min(50, Math.max(1, deadline - Date.now())));
  }
}

/**
 * Removes a dead process's lock, unless someone replaced it meanwhile. Two writers may both find the same stale
 * lock; without care the slower one would delete the lock the faster one has just taken. So breaking is itself
 * serialised by a `.break` file, and the lock is re-read under it. A `.break` left by a crashed breaker is
 * ignored after BREAK_STALE_MS. Returns whether to retry at once.
 */
function breakStaleLock(p: string, holder: string): boolean {
  const b = `${p}.break`;
  let fd: number;
  try {
    fd = fs.openSync(b, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw ioError(e, `cannot lock the ledger (${p})`);
    try {
      if (Date.now() - fs.statSync(b).mtimeMs > BREAK_STALE_MS) fs.rmSync(b, { force: true });
    } catch {
      // Gone already.
    }
    return false;
  }
  try {
    let now = '';
    try {
      now = fs.readFileSync(p, 'utf8');
    } catch {
      return true;
    }
    if (now === holder) fs.rmSync(p, { force: true });
    return true;
  } finally {
    fs.closeSync(fd);
    fs.rmSync(b, { force: true });
  }
}

const BREAK_STALE_MS = 10_000;

function lockAgeMs(p: string): number {
  try {
    return Date.now() - fs.statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}

/** Finishes or undoes what a crashed writer left; call with the lock held. */
export function recover(dir: string): void {
  const pending = pendingTransaction(dir);
  if (pending) rollBack(dir, pending);
  fs.rmSync(path.join(dir, `${TXN_FILE}.tmp`), { force: true });
}

export interface Append {
  /** File name inside the ledger directory. */
  readonly name: string;
  /** Exact bytes to append (line ends and a leading newline already decided by the caller). */
  readonly text: string;
}

export interface Replace {
  readonly name: string;
  readonly text: string;
}

/** Appends to several files as one transaction; with the lock held. On failure nothing stays written. */
export function commitAppends(dir: string, appends: readonly Append[]): void {
  const work = appends.filter((a) => a.text.length > 0);
  if (work.length === 0) return;
  const files = work.map((a) => {
    const p = path.join(dir, a.name);
    let size = -1;
    try {
      size = fs.statSync(p).size;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError(e, `cannot read ${a.name}`);
    }
    return { name: a.name, size };
  });
  const record: TxnRecord = { files };
  const tmp = path.join(dir, `${TXN_FILE}.tmp`);
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, JSON.stringify(record));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, path.join(dir, TXN_FILE));
    fsyncDir(dir);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw ioError(e, 'cannot start the transaction');
  }
  try {
    for (const a of work) {
      const fd = fs.openSync(path.join(dir, a.name), 'a');
      try {
        const buf = Buffer.from(a.text, 'utf8');
        let off = 0;
        while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
    fsyncDir(dir);
  } catch (e) {
    try {
      rollBack(dir, new Map(files.map((f) => [f.name, f.size])));
    } catch {
      // The record stays; the next writer or reader finishes the roll-back.
    }
    throw ioError(e, `cannot write the ledger in ${dir}`);
  }
  fs.rmSync(path.join(dir, TXN_FILE), { force: true });
  fsyncDir(dir);
}

/** Replaces one file atomically (write a temporary file, fsync, rename); with the lock held. */
export function replaceFile(dir: string, r: Replace): void {
  const p = path.join(dir, r.name);
  const tmp = `${p}.arledger-tmp`;
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, r.text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, p);
    fsyncDir(dir);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw ioError(e, `cannot write ${r.name}`);
  }
}
