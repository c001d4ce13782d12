// The write path of SPEC §7: a lock serialises writers; a transaction record makes multi-file appends all-or-nothing.
//
// A writer records every file's size in `.arledger-txn` (written to a temporary name, fsynced, renamed) before
// it appends, fsyncs each file after appending, and removes the record last. A record left behind by a crash
// names an unfinished transaction: the next writer truncates the files back to the recorded sizes, and readers
// meanwhile read only up to those sizes. Either way the ledger reads as before the command or as after it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { DataError, issue, RefusedError } from '../core/issues.js';
import { createTemp, ledgerPathProblem, pathHint, sweepTemps, TEMP_RE, writeAllSync } from './paths.js';

export const LOCK_FILE = '.arledger.lock';
export const TXN_FILE = '.arledger-txn';

export class LockedError extends Error {}
export class IoError extends Error {}

const RECORD_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

interface TxnRecord {
  readonly files: { readonly name: string; readonly size: number }[];
  /** Files the transaction replaces whole, each with the copy of its old bytes that a roll-back renames back. */
  readonly restore?: { readonly name: string; readonly backup: string }[];
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
    // Only plain names of files in the ledger directory itself: a record that names anything else was not written
    // by arledger, and acting on it could truncate a file elsewhere.
    if (!rec.files.every((f) => typeof f.name === 'string' && RECORD_NAME_RE.test(f.name) && Number.isInteger(f.size) && f.size >= -1)) return null;
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
  for (const name of sizes.keys()) {
    // Never through a symlink planted since the crash: refused, with the record left for when the file is fixed.
    const problem = ledgerPathProblem(dir, name, 'file');
    if (problem !== null) throw new DataError([issue(name, undefined, problem, pathHint(name, 'file'))]);
  }
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

/** What an errno means to a user, e.g. "the disk is full". */
export function ioReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return {
    ENOSPC: 'the disk is full', EROFS: 'the ledger is on a read-only file system', EACCES: 'permission denied',
    EPERM: 'permission denied', EDQUOT: 'the disk quota is exceeded', EIO: 'an I/O error (EIO)',
  }[err.code ?? ''] ?? err.message;
}

function ioError(e: unknown, what: string): IoError {
  return new IoError(`${what}: ${ioReason(e)}; nothing was written`);
}

/** The process's start time in clock ticks since boot (field 22 of /proc/PID/stat), or null where there is none. */
function procStart(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses; the fields after its last ')' start at field 3.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function bootId(): string | null {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/** When the process started, in ms since the epoch, from its start ticks and the boot time (USER_HZ is 100 on Linux). */
function procStartMs(pid: number): number | null {
  const ticks = procStart(pid);
  let btime: number | null = null;
  try {
    const m = /^btime (\d+)$/m.exec(fs.readFileSync('/proc/stat', 'utf8'));
    if (m) btime = Number(m[1]);
  } catch {
    // Not Linux.
  }
  return ticks === null || btime === null ? null : btime * 1000 + Number(ticks) * 10;
}

/** `PID HOST START BOOT`: the pid alone cannot tell its process from a later one the kernel gave the same pid. */
const LOCK_RE = /^(\d+) (\S+)(?: (\d+|-) (\S+))?\n$/;

/**
 * Whether the process named by a lock on this host has provably gone: no such pid, or a pid that now belongs to
 * another process (a different boot, or a different start time; for a lock from an older arledger that recorded
 * no start time, a process started after the lock was written).
 */
function holderGone(pid: number, start: string | undefined, boot: string | undefined, lockMtimeMs: number): boolean {
  if (!pidAlive(pid)) return true;
  if (start !== undefined && boot !== undefined) {
    const myBoot = bootId();
    if (myBoot !== null && boot !== '-' && boot !== myBoot) return true;
    const now = procStart(pid);
    return now !== null && start !== '-' && now !== start;
  }
  const startedMs = procStartMs(pid);
  return startedMs !== null && startedMs > lockMtimeMs + 2000;
}

/** Creates the lock exclusively; false when it exists. A lock that cannot be written whole is removed again. */
function tryCreateLock(p: string, me: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(p, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw ioError(e, `cannot lock the ledger (${p})`);
  }
  try {
    writeAllSync(fd, me);
  } catch (e) {
    // On a full disk the lock file is created but its pid cannot be written: left behind, it would lock out
    // every later writer until it aged.
    try {
      fs.closeSync(fd);
    } finally {
      fs.rmSync(p, { force: true });
    }
    throw ioError(e, `cannot lock the ledger (${p})`);
  }
  fs.closeSync(fd);
  return true;
}

/** Takes the ledger's lock, waiting up to `waitSeconds`; a lock whose process is provably gone is taken over. */
export function acquireLock(dir: string, waitSeconds: number): () => void {
  const p = path.join(dir, LOCK_FILE);
  const deadline = Date.now() + waitSeconds * 1000;
  const me = `${process.pid} ${os.hostname()} ${procStart(process.pid) ?? '-'} ${bootId() ?? '-'}\n`;
  for (;;) {
    if (tryCreateLock(p, me)) {
      return () => {
        try {
          if (fs.readFileSync(p, 'utf8') === me) fs.unlinkSync(p);
        } catch {
          // Already gone: nothing to release.
        }
      };
    }
    let why: string;
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // released between our attempts
      throw ioError(e, `cannot lock the ledger (${p})`);
    }
    if (!st.isFile()) {
      // arledger only ever makes a lock as a regular file, so this is not a lock anyone can prove stale; it is
      // never read (a FIFO would block) nor removed, and waiting for it to go away honours --wait like any lock.
      const kind = st.isDirectory() ? 'a directory' : st.isSymbolicLink() ? 'a symbolic link' : 'not a regular file';
      why = `the ledger's lock ${p} is ${kind}, not a lock file arledger made, and stayed there for ${waitSeconds} s; ` +
        `remove it if no arledger command is running`;
    } else {
      let holder = '';
      try {
        holder = fs.readFileSync(p, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // released between our attempts
        // Unreadable: judged like an empty lock, by its age.
      }
      const m = LOCK_RE.exec(holder);
      const [pidText, host] = m ? [m[1]!, m[2]!] : holder.trim().split(' ');
      const pid = Number(pidText);
      if (m && host === os.hostname() && Number.isInteger(pid) && pid > 0 && holderGone(pid, m[3], m[4], st.mtimeMs)) {
        if (breakStaleLock(p, holder)) continue;
      } else if (!m && lockAgeMs(p) > BREAK_STALE_MS) {
        // A writer killed between creating the lock and writing its pid leaves it empty; nobody could ever prove
        // it stale by pid, so an unreadable lock counts as stale once it is clearly old.
        if (breakStaleLock(p, holder)) continue;
      }
      why = `the ledger is locked by another arledger command (pid ${pidText || '?'}${host ? ` on ${host}` : ''}) and stayed locked for ${waitSeconds} s; ` +
        `try again, wait longer with --wait SECONDS, or remove ${p} if no arledger is running`;
    }
    if (Date.now() >= deadline) throw new LockedError(why);
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
  if (pending) {
    restoreReplaced(dir);
    rollBack(dir, pending);
  }
  // A record or a rewritten ledger.yaml that never got renamed into place; with the lock held, nobody else's.
  sweepTemps(dir);
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
  let tmp = '';
  try {
    const created = createTemp(path.join(dir, TXN_FILE));
    tmp = created.path;
    const fd = created.fd;
    try {
      fs.writeSync(fd, JSON.stringify(record));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, path.join(dir, TXN_FILE));
    fsyncDir(dir);
  } catch (e) {
    if (tmp) fs.rmSync(tmp, { force: true });
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
  // The directory it lands in must be the ledger's own: renaming into a symlinked directory would write elsewhere.
  const where = path.dirname(r.name);
  const problem = where === '.' ? null : ledgerPathProblem(dir, where, 'dir');
  if (problem !== null) throw new DataError([issue(where, undefined, problem, pathHint(where, 'dir'))]);
  let tmp = '';
  try {
    const created = createTemp(p);
    tmp = created.path;
    try {
      writeAllSync(created.fd, r.text);
    } finally {
      fs.closeSync(created.fd);
    }
    fs.renameSync(tmp, p);
    fsyncDir(path.dirname(p));
  } catch (e) {
    if (tmp) fs.rmSync(tmp, { force: true });
    throw ioError(e, `cannot write ${r.name}`);
  }
}

/** The replaced files an unfinished transaction recorded, as (file, backup) names; none when no record is pending. */
function pendingRestores(dir: string): { name: string; backup: string }[] {
  try {
    const rec = JSON.parse(fs.readFileSync(path.join(dir, TXN_FILE), 'utf8')) as TxnRecord;
    return (rec.restore ?? []).filter((r) => typeof r.name === 'string' && RECORD_NAME_RE.test(r.name)
      && typeof r.backup === 'string' && TEMP_RE.test(r.backup) && path.basename(r.backup) === r.backup);
  } catch {
    return [];
  }
}

/** Puts back the old bytes of files an unfinished transaction replaced (before its appends are cut back). */
function restoreReplaced(dir: string): void {
  const restores = pendingRestores(dir);
  if (restores.length === 0) return;
  for (const r of restores) {
    const backup = path.join(dir, r.backup);
    if (!fs.existsSync(backup)) continue;
    const problem = ledgerPathProblem(dir, r.name, 'file');
    if (problem !== null) throw new DataError([issue(r.name, undefined, problem, pathHint(r.name, 'file'))]);
    fs.renameSync(backup, path.join(dir, r.name));
  }
  fsyncDir(dir);
}

/**
 * Appends to some files and replaces others whole, as one transaction; with the lock held. The old bytes of each
 * replaced file are copied aside and named in the transaction record before anything changes, so a crash at any
 * instant is undone by the next writer (the copies renamed back, the appends cut off), and a failure here is
 * undone at once.
 */
export function commitTransaction(dir: string, appends: readonly Append[], replaces: readonly Replace[]): void {
  if (replaces.length === 0) return commitAppends(dir, appends);
  // A file is replaced by renaming a new one over it: over a symbolic link that would silently drop the link and
  // leave the file it points to unchanged, so a link (or anything but a regular file) is refused before any write.
  for (const r of replaces) {
    let problem = ledgerPathProblem(dir, r.name, 'file');
    if (problem === null) {
      try {
        const st = fs.lstatSync(path.join(dir, r.name));
        if (st.isSymbolicLink()) problem = `is a symbolic link to ${fs.readlinkSync(path.join(dir, r.name))}; arledger rewrites it only as a regular file`;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError(e, `cannot read ${r.name}`);
      }
    }
    if (problem !== null) {
      throw new RefusedError(`${r.name}: ${problem} — replace the link by the file it points to (cp --remove-destination "$(readlink ${r.name})" ${r.name}); nothing was written`);
    }
  }
  const work = appends.filter((a) => a.text.length > 0);
  const files = work.map((a) => {
    let size = -1;
    try {
      size = fs.statSync(path.join(dir, a.name)).size;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError(e, `cannot read ${a.name}`);
    }
    return { name: a.name, size };
  });
  const restore: { name: string; backup: string }[] = [];
  const cleanup = (): void => {
    for (const r of restore) fs.rmSync(path.join(dir, r.backup), { force: true });
  };
  let tmp = '';
  try {
    for (const r of replaces) {
      const old = fs.readFileSync(path.join(dir, r.name));
      const created = createTemp(path.join(dir, r.name));
      restore.push({ name: r.name, backup: path.basename(created.path) });
      try {
        writeAllSync(created.fd, old);
      } finally {
        fs.closeSync(created.fd);
      }
    }
    const created = createTemp(path.join(dir, TXN_FILE));
    tmp = created.path;
    try {
      writeAllSync(created.fd, JSON.stringify({ files, restore } satisfies TxnRecord));
    } finally {
      fs.closeSync(created.fd);
    }
    fs.renameSync(tmp, path.join(dir, TXN_FILE));
    fsyncDir(dir);
  } catch (e) {
    if (tmp) fs.rmSync(tmp, { force: true });
    cleanup();
    throw ioError(e, 'cannot start the transaction');
  }
  try {
    for (const a of work) {
      const fd = fs.openSync(path.join(dir, a.name), 'a');
      try {
        writeAllSync(fd, a.text);
      } finally {
        fs.closeSync(fd);
      }
    }
    for (const r of replaces) replaceFile(dir, r);
    fsyncDir(dir);
  } catch (e) {
    try {
      restoreReplaced(dir);
      rollBack(dir, new Map(files.map((f) => [f.name, f.size])));
    } catch {
      // The record stays; the next writer finishes the roll-back.
    }
    throw e instanceof IoError ? e : ioError(e, `cannot write the ledger in ${dir}`);
  }
  fs.rmSync(path.join(dir, TXN_FILE), { force: true });
  fsyncDir(dir);
  cleanup();
}
