// Where a ledger's own files may lead. A ledger directory is often a git checkout that anyone with commit access
// shapes, so a journal, a config file, a template or the outbox that is a symlink to a file elsewhere must not
// make arledger read that file (into an error message, a CI log, an e-mail) or write through it. A symlink that
// stays inside the ledger is an ordinary thing for a user to make and is followed.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export type Kind = 'file' | 'dir';

/** The ledger directory with every symlink resolved, the root every file must stay under. */
function realRoot(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Why `rel` (relative to the ledger directory) may not be used as a ledger `kind`, or null when it may: it does not
 * exist, or it is (or, through symlinks that stay inside the ledger, leads to) a regular file or directory there.
 * `rel`'s own parent directories are checked with it, since realpath resolves them all.
 */
export function ledgerPathProblem(dir: string, rel: string, kind: Kind): string | null {
  const abs = path.join(dir, rel);
  let lst: fs.Stats;
  try {
    lst = fs.lstatSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ENOTDIR') return `cannot be used: a part of its path is not a directory`;
    throw e;
  }
  const root = realRoot(dir);
  let real: string;
  try {
    real = fs.realpathSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ELOOP') throw e;
    // A dangling symlink would be created through on the next write, wherever it points.
    let target = '';
    try {
      target = fs.readlinkSync(abs);
    } catch {
      // Not a symlink itself: a parent is one.
    }
    return `is a symbolic link${target ? ` to ${target}` : ''} that leads nowhere (${code === 'ELOOP' ? 'a loop' : 'no such file'})`;
  }
  if (real !== root && !real.startsWith(root.endsWith(path.sep) ? root : root + path.sep)) {
    return `is a symbolic link leading outside the ledger directory (to ${real})`;
  }
  const st = lst.isSymbolicLink() ? fs.statSync(abs) : lst;
  if (kind === 'file' && !st.isFile()) return `is ${kindOf(st)}, not a file`;
  if (kind === 'dir' && !st.isDirectory()) return `is ${st.isFile() ? 'a file' : kindOf(st)}, not a directory`;
  return null;
}

/** The hint every such refusal carries. */
export function pathHint(rel: string, kind: Kind): string {
  return `make ${rel} a regular ${kind === 'file' ? 'file' : 'directory'} inside the ledger directory (or remove it)`;
}

/**
 * A fresh temporary file beside `target`, created exclusively (O_EXCL) under an unpredictable name, so nobody can
 * plant a symlink at it beforehand. Its name ends in `.arledger-tmp`, which init's .gitignore covers and which
 * recovery sweeps up after a crash.
 */
export function createTemp(target: string): { path: string; fd: number } {
  for (let attempt = 0; ; attempt++) {
    const p = path.join(path.dirname(target), `.${path.basename(target)}.${crypto.randomBytes(8).toString('hex')}${TEMP_SUFFIX}`);
    try {
      return { path: p, fd: fs.openSync(p, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o666) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) throw e;
    }
  }
}

export const TEMP_SUFFIX = '.arledger-tmp';
/** The names createTemp makes: `.NAME.<16 hex>.arledger-tmp`. */
export const TEMP_RE = /^\..+\.[0-9a-f]{16}\.arledger-tmp$/;

/** Writes all of `data` to `fd` and fsyncs it (a short write on a nearly full disk is continued, not lost). */
export function writeAllSync(fd: number, data: string | Buffer): void {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let off = 0;
  while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off);
  fs.fsyncSync(fd);
}

/** Removes leftover temporary files of createTemp in `absDir` (not following symlinks); best effort. */
export function sweepTemps(absDir: string, only: RegExp = TEMP_RE): void {
  let names: string[];
  try {
    names = fs.readdirSync(absDir);
  } catch {
    return;
  }
  for (const n of names) {
    if (!only.test(n)) continue;
    try {
      if (!fs.lstatSync(path.join(absDir, n)).isDirectory()) fs.unlinkSync(path.join(absDir, n));
    } catch {
      // Gone already, or not ours to remove.
    }
  }
}
