// The reading cache: the fast reader's state after the first N bytes of each journal, kept in `.arledger/cache/`
// (git-ignored) with a SHA-256 of those N bytes. Journals only grow, so the next command checks the hashes and
// reads only what was appended. A cache that is missing, damaged, written by another version of arledger or for
// other master data, or whose journal prefixes no longer hash the same (an old row edited), is not used, and the
// ledger is read whole: the cache can make a command faster, never change its answer. Nothing about it is ever an
// error: a ledger that cannot hold it (read-only, full disk, a symlink in its place) just goes without.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { BadState, spareRoom, type Packed } from '../core/fast/bytes.js';
import { BadCustomers, packCustomers, PackedCustomers, type CustomerParts } from '../core/fast/customers.js';
import { FastScanner, SCAN_ORDER } from '../core/fast/scan.js';
import type { JournalName } from '../core/journals.js';
import type { Customer } from '../core/types.js';
import { createTemp, ledgerPathProblem, sweepTemps } from './paths.js';
import { buildVersion } from './version.js';

export const CACHE_DIR = '.arledger';
const CACHE_SUB = 'cache';
const CACHE_FILE = 'state.bin';
const MAGIC = 'arledger reading cache\n';
/** Bumped whenever the saved state changes shape or meaning. */
const FORMAT = 7;
/** A file whose ctime is this close to the cache's writing may have changed within one clock tick of it. */
const RACY_MS = 3000;
/**
 * Ledgers whose journals are smaller than this (1 MiB; ARLEDGER_CACHE_MIN_BYTES to change it) read in well under
 * a second without a cache, and get none.
 */
export function cacheMinBytes(): number {
  const v = process.env['ARLEDGER_CACHE_MIN_BYTES'];
  return v !== undefined && /^\d{1,15}$/.test(v) ? Number(v) : 1 << 20;
}
/** A cache larger than this many times its journals (plus a margin) is not one arledger wrote. */
const MAX_RATIO = 8;

/** How a journal looked (before it was read): an unchanged file is not hashed again. */
export interface FileStamp {
  readonly dev: string;
  readonly ino: string;
  readonly mtimeNs: string;
  readonly ctimeNs: string;
}

interface Header {
  format: number;
  version: string;
  master: string;
  /** When the cache was written (ms since the epoch): a file changed just before may show an unchanged stamp. */
  written: number;
  journals: Record<string, { size: number; sha256: string; stamp?: FileStamp }>;
  /** How many of the arrays, at the start, are the customers (CUSTOMER_PARTS of them), 0 for none. */
  customers: number;
  /** `spare`: zeroed elements after the array's own, room for rows added to it after it is read. */
  arrays: { type: 'i32' | 'f64' | 'u8'; length: number; spare?: number }[];
  numbers: number[];
  /** The checksum of the header (with this empty) and the payload: `crc32:` and 8 hex digits, or `sha256:` and 64. */
  payload: string;
}

/** SHA-256 of ledger.yaml and customers.yaml together: the state is only valid for the same master data. */
export function masterHash(config: Uint8Array | null, customers: Uint8Array | null): string {
  const h = crypto.createHash('sha256');
  h.update(String(config?.length ?? -1)).update('\n');
  if (config) h.update(config);
  h.update('\n');
  if (customers) h.update(customers);
  return h.digest('hex');
}

/** The customers' parts, in the order the cache file holds them. */
const CUSTOMER_PARTS = 7;

/**
 * A checksum of the cache file, to find a damaged or cut file (not a hash of the journals: those are SHA-256).
 * CRC-32 reads the 200 MB of a million-invoice ledger's cache in a third of the time SHA-256 takes; a Node
 * without zlib.crc32 (before 20.15) uses SHA-256, and a cache written by the one is not used by the other.
 */
class Checksum {
  private crc = 0;
  private readonly sha = typeof zlib.crc32 === 'function' ? null : crypto.createHash('sha256');
  update(b: Uint8Array | string): this {
    // zlib.crc32 of an empty array whose buffer is empty starts again from 0 (zlib's answer for no buffer).
    if (b.length === 0) return this;
    if (this.sha) this.sha.update(b);
    else this.crc = zlib.crc32(b, this.crc);
    return this;
  }
  digest(): string {
    return this.sha ? `sha256:${this.sha.digest('hex')}` : `crc32:${this.crc.toString(16).padStart(8, '0')}`;
  }
}

const cachePath = (dir: string): string => path.join(dir, CACHE_DIR, CACHE_SUB, CACHE_FILE);

/** The file's identity and change times, read before its bytes are, or null. */
export function stampOf(p: string): FileStamp | null {
  try {
    const st = fs.statSync(p, { bigint: true });
    return { dev: String(st.dev), ino: String(st.ino), mtimeNs: String(st.mtimeNs), ctimeNs: String(st.ctimeNs) };
  } catch {
    return null;
  }
}

const sameStamp = (a: FileStamp | undefined, b: FileStamp | null): boolean =>
  a !== undefined && b !== null && a.dev === b.dev && a.ino === b.ino && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;

/** The cache's directories, when they are plain directories inside the ledger (never followed out of it). */
function safeDirs(dir: string): boolean {
  try {
    return ledgerPathProblem(dir, CACHE_DIR, 'dir') === null && ledgerPathProblem(dir, path.join(CACHE_DIR, CACHE_SUB), 'dir') === null
      && !fs.lstatSync(path.join(dir, CACHE_DIR)).isSymbolicLink() && !fs.lstatSync(path.join(dir, CACHE_DIR, CACHE_SUB)).isSymbolicLink();
  } catch {
    return false;
  }
}

const ALIGN = 8;
const pad = (n: number): number => (n + ALIGN - 1) & ~(ALIGN - 1);

/** Reads the whole cache file into an 8-byte aligned buffer, or null. */
function readCacheFile(dir: string, limit: number): Uint8Array | null {
  if (!safeDirs(dir)) return null;
  let fd: number;
  try {
    fd = fs.openSync(cachePath(dir), fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile() || st.size > limit || st.size < MAGIC.length) return null;
    const buf = new Uint8Array(new ArrayBuffer(st.size));
    let off = 0;
    while (off < st.size) {
      const n = fs.readSync(fd, buf, off, st.size - off, off);
      if (n === 0) return null;
      off += n;
    }
    return buf;
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

/** What a valid cache gives: the state, and for each journal how many bytes it covers, with their running hash. */
export interface CacheHit {
  readonly scanner: FastScanner;
  /** The bytes of each journal the state covers, and their running hash (made when first asked for). */
  readonly covered: ReadonlyMap<JournalName, { size: number; hash: () => crypto.Hash }>;
}

/** A cache file read and checked against its own checksum, build and master data, not yet against the journals. */
export interface CacheFile {
  readonly header: Header;
  readonly buf: Uint8Array;
  readonly payloadStart: number;
  /** The fast reader's saved state: the payload's arrays after the customers'. */
  readonly arrays: (Int32Array | Float64Array | Uint8Array)[];
  /** The customers as decoded when the cache was written (customers.yaml is the same, byte for byte). */
  readonly customers: ReadonlyMap<string, Customer> | null;
}

/** The cache file if it is intact and was written by this build for these master data. */
export function openCache(dir: string, master: string, journalBytes: number): CacheFile | null {
  if (journalBytes < cacheMinBytes()) return null;
  const buf = readCacheFile(dir, journalBytes * MAX_RATIO + (256 << 20));
  if (!buf) return null;
  try {
    const magic = Buffer.from(buf.buffer, 0, MAGIC.length).toString('latin1');
    if (magic !== MAGIC) return null;
    const lenText = Buffer.from(buf.buffer, MAGIC.length, 12).toString('latin1');
    if (!/^\d{11}\n$/.test(lenText)) return null;
    const headerLen = Number(lenText.slice(0, 11));
    const headerStart = MAGIC.length + 12;
    if (headerStart + headerLen > buf.length) return null;
    const header = JSON.parse(Buffer.from(buf.buffer, headerStart, headerLen).toString('utf8')) as Header;
    if (header.format !== FORMAT || header.version !== buildVersion() || header.master !== master) return null;
    if (!Array.isArray(header.arrays) || !Array.isArray(header.numbers) || !Number.isSafeInteger(header.customers)
      || !Number.isSafeInteger(header.written) || header.customers < 0) return null;
    const payloadStart = pad(headerStart + headerLen);
    const digest = new Checksum().update(JSON.stringify({ ...header, payload: '' })).update(buf.subarray(payloadStart)).digest();
    if (digest !== header.payload) return null;
    const arrays = arraysOf(header, buf, payloadStart);
    if (!arrays) return null;
    let customers: PackedCustomers | null = null;
    if (header.customers > 0) {
      if (header.customers !== CUSTOMER_PARTS) return null;
      const [text, bounds, values, starts, keys, numbers, shapes] = arrays.slice(0, CUSTOMER_PARTS);
      if (!(text instanceof Uint8Array && bounds instanceof Int32Array && values instanceof Int32Array && starts instanceof Int32Array
        && keys instanceof Int32Array && numbers instanceof Float64Array && shapes instanceof Int32Array)) return null;
      const parts: CustomerParts = { text, bounds, values, starts, keys, numbers, shapes };
      customers = new PackedCustomers(parts, Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString('utf8'));
    }
    return { header, buf, payloadStart, customers, arrays: arrays.slice(header.customers) };
  } catch (e) {
    if (e instanceof SyntaxError || e instanceof RangeError || e instanceof TypeError || e instanceof BadCustomers) return null;
    throw e;
  }
}

/** The payload's arrays: views into the file's buffer, not copies. Null when they do not fill it exactly. */
function arraysOf(header: Header, buf: Uint8Array, payloadStart: number): (Int32Array | Float64Array | Uint8Array)[] | null {
  const arrays: (Int32Array | Float64Array | Uint8Array)[] = [];
  let off = payloadStart;
  for (const a of header.arrays) {
    const size = a.type === 'u8' ? 1 : a.type === 'i32' ? 4 : a.type === 'f64' ? 8 : 0;
    const spare = a.spare ?? 0;
    if (size === 0 || !Number.isSafeInteger(a.length) || a.length < 0 || !Number.isSafeInteger(spare) || spare < 0
      || off + (a.length + spare) * size > buf.length) return null;
    const view = (n: number): Int32Array | Float64Array | Uint8Array => (a.type === 'u8' ? new Uint8Array(buf.buffer, off, n)
      : a.type === 'i32' ? new Int32Array(buf.buffer, off, n) : new Float64Array(buf.buffer, off, n));
    const own = view(a.length);
    if (spare > 0) spareRoom.set(own, view(a.length + spare));
    arrays.push(own);
    off = pad(off + (a.length + spare) * size);
  }
  return off === buf.length ? arrays : null;
}

/**
 * The cached state if it is valid for the journals' current first bytes. A journal whose stamp (device, inode,
 * mtime, ctime) is the one it had when the cache was written, not within a clock tick of that moment, is
 * unchanged and is not read; any other is hashed: `readPrefix` hands over its first `size` bytes in pieces (false
 * when the file is now shorter).
 */
export function loadCache(dir: string, file: CacheFile, customers: ReadonlyMap<string, Customer>, journalSizes: ReadonlyMap<JournalName, number>,
  readPrefix: (name: JournalName, size: number, each: (chunk: Uint8Array) => void) => boolean): CacheHit | null {
  const { header } = file;
  try {
    const covered = new Map<JournalName, { size: number; hash: () => crypto.Hash }>();
    for (const name of SCAN_ORDER) {
      const j = header.journals[name];
      if (!j || j.size === 0) continue;
      if (!Number.isSafeInteger(j.size) || j.size < 0 || j.size > (journalSizes.get(name) ?? -1)) return null;
      const hashOf = (): crypto.Hash | null => {
        const h = crypto.createHash('sha256');
        return readPrefix(name, j.size, (chunk) => void h.update(chunk)) ? h : null;
      };
      const stamp = stampOf(path.join(dir, name));
      const racy = stamp === null || Number(BigInt(stamp.ctimeNs) / 1_000_000n) >= header.written - RACY_MS;
      if (sameStamp(j.stamp, stamp) && !racy) {
        let made: crypto.Hash | null = null;
        covered.set(name, { size: j.size, hash: () => (made ??= hashOf() ?? crypto.createHash('sha256')) });
        continue;
      }
      const h = hashOf();
      if (h === null || h.copy().digest('hex') !== j.sha256) return null;
      covered.set(name, { size: j.size, hash: () => h });
    }
    const scanner = FastScanner.load(customers, { arrays: file.arrays, numbers: header.numbers });
    for (const name of SCAN_ORDER) if ((scanner.consumed.get(name) ?? 0) !== (covered.get(name)?.size ?? 0)) return null;
    return { scanner, covered };
  } catch (e) {
    // Anything odd in a cache file means it is not used; a bug of our own in reading it must not pass for that.
    if (e instanceof BadState || e instanceof SyntaxError || e instanceof RangeError || e instanceof TypeError) return null;
    throw e;
  }
}

/**
 * Saves the state for the journals' first bytes it covers (`hashes`: their SHA-256). Best effort: any failure
 * leaves no cache (or the previous one), and no error.
 */
export function saveCache(dir: string, master: string, state: Packed, hashes: ReadonlyMap<JournalName, { size: number; sha256: string; stamp?: FileStamp }>,
  customers: ReadonlyMap<string, Customer>): void {
  const total = [...hashes.values()].reduce((a, b) => a + b.size, 0);
  if (total < cacheMinBytes()) return;
  let tmp: { path: string; fd: number } | null = null;
  try {
    for (const rel of [CACHE_DIR, path.join(CACHE_DIR, CACHE_SUB)]) {
      if (ledgerPathProblem(dir, rel, 'dir') !== null) return;
      if (!fs.existsSync(path.join(dir, rel))) fs.mkdirSync(path.join(dir, rel));
    }
    if (!safeDirs(dir)) return;
    const ignore = path.join(dir, CACHE_DIR, '.gitignore');
    if (!fs.existsSync(ignore) && ledgerPathProblem(dir, path.join(CACHE_DIR, '.gitignore'), 'file') === null) {
      // The cache is this machine's, never part of the books: `*` keeps the whole directory out of git.
      fs.writeFileSync(ignore, '*\n', { flag: 'wx' });
    }
    const sub = path.join(dir, CACHE_DIR, CACHE_SUB);
    sweepTemps(sub);
    // Each part is written whole and padded to 8 bytes; a part of several pieces (an array and its spare room)
    // is padded once, after its last piece, so the room follows the array's own bytes.
    const parts: Uint8Array[][] = [];
    const arrays: Header['arrays'] = [];
    const people = packCustomers(customers);
    let customerArrays: (Int32Array | Float64Array | Uint8Array)[] = [];
    // A string that UTF-8 cannot carry (a lone surrogate from a YAML escape) would come back another: such
    // customers are read from customers.yaml each time instead. Asking the text is what decoding the bytes again
    // and comparing told, without a second copy of several megabytes.
    if (people && (people.text as string & { isWellFormed(): boolean }).isWellFormed()) {
      const text = Buffer.from(people.text, 'utf8');
      const p = people.parts;
      customerArrays = [new Uint8Array(text.buffer, text.byteOffset, text.byteLength), p.bounds, p.values, p.starts, p.keys, p.numbers, p.shapes];
    }
    for (const a of customerArrays) {
      arrays.push({ type: a instanceof Uint8Array ? 'u8' : a instanceof Int32Array ? 'i32' : 'f64', length: a.length });
      parts.push([new Uint8Array(a.buffer, a.byteOffset, a.byteLength)]);
    }
    for (const a of state.arrays) {
      // Room for the rows a warm write or an appended tail adds, so that its columns do not copy the whole: a
      // sixty-fourth more, at least 1024, for arrays of rows (not the small ones of a state's bookkeeping).
      const spare = a.length >= 4096 ? Math.max(1024, a.length >> 6) : 0;
      arrays.push({ type: a instanceof Uint8Array ? 'u8' : a instanceof Int32Array ? 'i32' : 'f64', length: a.length, ...(spare > 0 ? { spare } : {}) });
      const own = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
      parts.push(spare > 0 ? [own, new Uint8Array(spare * a.BYTES_PER_ELEMENT)] : [own]);
    }
    // The checksum covers the header (written with an empty checksum) and the payload: a changed count or size in
    // the header is as much a damaged cache as a changed byte of the arrays.
    const unsigned: Header = {
      format: FORMAT, version: buildVersion(), master, written: Date.now(), journals: Object.fromEntries(hashes),
      customers: customerArrays.length, arrays, numbers: state.numbers, payload: '',
    };
    const payloadHash = new Checksum().update(JSON.stringify(unsigned));
    const lengthOf = (part: Uint8Array[]): number => part.reduce((n, b) => n + b.length, 0);
    for (const part of parts) {
      for (const b of part) payloadHash.update(b);
      const gap = pad(lengthOf(part)) - lengthOf(part);
      if (gap > 0) payloadHash.update(new Uint8Array(gap));
    }
    const header: Header = { ...unsigned, payload: payloadHash.digest() };
    const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
    const lead = Buffer.from(`${MAGIC}${String(headerBytes.length).padStart(11, '0')}\n`, 'latin1');
    tmp = createTemp(path.join(sub, CACHE_FILE));
    let pos = 0;
    const write = (b: Uint8Array): void => {
      let off = 0;
      while (off < b.length) off += fs.writeSync(tmp!.fd, b, off, b.length - off, pos + off);
      pos += b.length;
    };
    write(lead);
    write(headerBytes);
    write(new Uint8Array(pad(pos) - pos));
    for (const part of parts) {
      for (const b of part) write(b);
      write(new Uint8Array(pad(lengthOf(part)) - lengthOf(part)));
    }
    fs.closeSync(tmp.fd);
    fs.renameSync(tmp.path, path.join(sub, CACHE_FILE));
    tmp = null;
  } catch {
    // A ledger that cannot hold a cache goes without one.
  } finally {
    if (tmp) {
      try {
        fs.closeSync(tmp.fd);
      } catch {
        // Closed already.
      }
      try {
        fs.unlinkSync(tmp.path);
      } catch {
        // Gone already.
      }
    }
  }
}
