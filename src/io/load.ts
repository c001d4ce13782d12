// Loads a ledger directory: a consistent snapshot of its files, decoded into the core's ledger with every issue.
import * as fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import { decodeConfig, decodeCustomers } from '../core/config.js';
import { compareIssues, DataError, issue, type LedgerIssue } from '../core/issues.js';
import { JOURNALS, JOURNAL_NAMES, type JournalName, type RawJournal, type RawRow } from '../core/journals.js';
import { FastScanner, GiveUp, SCAN_ORDER, type FastLedger } from '../core/fast/scan.js';
import { cacheMinBytes, loadCache, masterHash, openCache, saveCache, stampOf, type CacheFile, type CacheHit, type FileStamp } from './cache.js';
import { buildLedger, type Ledger, type LedgerInput } from '../core/ledger.js';
import type { Customer, LedgerConfig } from '../core/types.js';
import { readCsv } from './csv.js';
import { csvRecords, recordAt } from './csv-fast.js';
import { missingTemplates } from './outbox.js';
import { documentTemplateIssues } from './doc-templates.js';
import { ledgerPathProblem, pathHint } from './paths.js';
import { IoError, ioReason, pendingTransaction } from './txn.js';
import { readYaml } from './yaml.js';
import { namesCurrency } from './rates.js';
import { parallelMinBytes, quickCustomers, startMasterHelp, type MasterHelp } from './parallel.js';

export const CONFIG_FILE = 'ledger.yaml';
export const CUSTOMERS_FILE = 'customers.yaml';
const FILES = [CONFIG_FILE, CUSTOMERS_FILE, ...JOURNAL_NAMES];

/** What a writer needs to know of a file to append to it in its own style. */
export interface FileState {
  readonly exists: boolean;
  readonly size: number;
  readonly eol: '\n' | '\r\n';
  readonly endsWithNewline: boolean;
}

export interface LoadedLedger {
  readonly dir: string;
  readonly ledger: Ledger;
  readonly issues: readonly LedgerIssue[];
  readonly files: ReadonlyMap<string, FileState>;
  /** Text of each file as read (BOM removed). */
  readonly texts: ReadonlyMap<string, string>;
  /** What the ledger was built from, so that a writer can check its new rows against every rule. */
  readonly input: LedgerInput;
}

function statSize(p: string): number {
  try {
    return fs.statSync(p).size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return -1;
    throw e;
  }
}

function readAll(p: string, size: number): Buffer {
  if (size < 0) return Buffer.alloc(0);
  // Non-blocking, and only a regular file: a FIFO swapped in since the check must not hang the reader.
  const fd = fs.openSync(p, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    if (!fs.fstatSync(fd).isFile()) throw new IoError(`cannot read ${p}: it is not a regular file`);
    const buf = fs.readFileSync(fd);
    return buf.length > size ? buf.subarray(0, size) : buf;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Refuses a ledger whose files are not regular files inside it (a symlink leading out of the ledger, a directory,
 * a FIFO, a device) before a byte of them is read: their content could otherwise end up in an error message.
 */
export function refuseStrangeFiles(dir: string, names: readonly string[] = FILES): void {
  const issues: LedgerIssue[] = [];
  for (const name of names) {
    let problem: string | null;
    try {
      problem = ledgerPathProblem(dir, name, 'file');
    } catch (e) {
      throw new IoError(`cannot read ${name} in ${dir}: ${(e as Error).message}`);
    }
    if (problem !== null) issues.push(issue(name, undefined, problem, pathHint(name, 'file')));
  }
  if (issues.length > 0) throw new DataError(issues, true);
}

/**
 * Reads every ledger file as of one committed state. Appends only grow files, so two passes of sizes that
 * agree with no transaction pending between them name a state in which no write was half done.
 */
function snapshot(dir: string): Map<string, Buffer | null> {
  return readAt(dir, agreedSizes(dir), FILES);
}

/** Sizes of every file in one committed state, and whether a pending transaction names them. */
interface Agreed {
  readonly sizes: ReadonlyMap<string, number>;
  readonly pending: ReadonlyMap<string, number> | null;
}

function agreedSizes(dir: string): Agreed {
  for (let attempt = 0; ; attempt++) {
    const pending = pendingTransaction(dir);
    const sizes = new Map(FILES.map((f) => [f, pending?.get(f) ?? statSize(path.join(dir, f))]));
    if (!pending) {
      const again = FILES.every((f) => statSize(path.join(dir, f)) === sizes.get(f));
      if ((!again || pendingTransaction(dir)) && attempt < 50) continue;
    }
    return { sizes, pending };
  }
}

function readAt(dir: string, agreed: Agreed, names: readonly string[]): Map<string, Buffer | null> {
  const out = new Map<string, Buffer | null>();
  for (const f of names) {
    const size = agreed.sizes.get(f)!;
    // Journals and customers.yaml only grow, so cutting at the agreed size gives the committed state.
    // ledger.yaml is replaced whole by an atomic rename (`close`), and cutting a newer, longer copy at an older
    // size would give neither version, so it is read whole unless a pending transaction names it.
    const grows = f !== CONFIG_FILE || agreed.pending?.has(f) === true;
    out.set(f, size < 0 ? null : readAll(path.join(dir, f), grows ? size : Infinity));
  }
  return out;
}

/** Bytes [from, to) of a file (a regular file, opened without blocking), or null when it is shorter now. */
function readRange(p: string, from: number, to: number, each?: (chunk: Uint8Array) => void): Uint8Array | null {
  const fd = fs.openSync(p, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    if (!fs.fstatSync(fd).isFile()) throw new IoError(`cannot read ${p}: it is not a regular file`);
    // Hashing a prefix streams it in pieces, so a large journal is never held whole only to be hashed.
    const piece = each ? Math.min(8 << 20, Math.max(1, to - from)) : to - from;
    const buf = Buffer.allocUnsafe(piece);
    let pos = from;
    const whole = each ? null : buf;
    while (pos < to) {
      const want = Math.min(piece, to - pos);
      let got = 0;
      while (got < want) {
        const n = fs.readSync(fd, each ? buf : whole!, each ? got : pos - from + got, want - got, pos + got);
        if (n === 0) return null;
        got += n;
      }
      if (each) each(buf.subarray(0, want));
      pos += want;
    }
    return each ? new Uint8Array(0) : whole!;
  } finally {
    fs.closeSync(fd);
  }
}
/** Journals are read in pieces of about this size (16 MiB). */
const PIECE = 16 << 20;

/**
 * The first `size` bytes of a file handed over in pieces of whole lines (the last piece ends where the file does),
 * each with its offset in the file; one buffer is reused, so `each` must not keep a piece.
 */
let pieceBuffer: Buffer | null = null;
export function readPieces(p: string, size: number, each: (piece: Uint8Array, offset: number) => void): void {
  const fd = fs.openSync(p, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    if (!fs.fstatSync(fd).isFile()) throw new IoError(`cannot read ${p}: it is not a regular file`);
    // One buffer for every journal: a fresh 16 MiB each time made the collector run for memory outside its heap.
    if (pieceBuffer === null || pieceBuffer.length < Math.min(PIECE, size)) pieceBuffer = Buffer.allocUnsafe(Math.min(PIECE, size));
    let buf = pieceBuffer;
    let start = 0;
    let have = 0;
    while (start + have < size) {
      if (have === buf.length) {
        // A line longer than a piece: the buffer grows to hold it.
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, size - start));
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
      const n = fs.readSync(fd, buf, have, Math.min(buf.length - have, size - start - have), start + have);
      if (n === 0) throw new IoError(`cannot read ${p}: it is shorter than it was a moment ago`);
      have += n;
      const end = start + have === size ? have : buf.lastIndexOf(0x0a, have - 1) + 1;
      if (end === 0) continue;
      each(buf.subarray(0, end), start);
      buf.copy(buf, 0, end, have);
      start += end;
      have -= end;
    }
  } finally {
    fs.closeSync(fd);
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function decodeText(name: string, buf: Buffer, issues: LedgerIssue[]): string {
  let text: string;
  try {
    text = decoder.decode(buf);
  } catch {
    const bad = badUtf8(buf);
    issues.push(issue(name, bad.line, `byte 0x${bad.byte.toString(16).padStart(2, '0')} is not valid UTF-8 (column ${bad.column})`,
      'save the file as UTF-8; a file from a spreadsheet may be in Windows-1252 or Latin-1'));
    text = buf.toString('utf8');
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Where the first byte that is not UTF-8 is: its line, its 1-based byte column, and its value. */
function badUtf8(buf: Buffer): { line: number; column: number; byte: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i <= buf.length; i++) {
    if (i === buf.length || buf[i] === 0x0a) {
      const bytes = buf.subarray(start, i);
      try {
        decoder.decode(bytes);
      } catch {
        // The shortest prefix that fails to decode ends at the bad byte (a truncated sequence fails at its end).
        let k = 1;
        while (k < bytes.length && isValidUtf8(bytes.subarray(0, k))) k++;
        return { line, column: k, byte: bytes[k - 1]! };
      }
      line++;
      start = i + 1;
    }
  }
  return { line: 1, column: 1, byte: buf[0] ?? 0 };
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function fileState(buf: Buffer | null, text: string): FileState {
  if (buf === null) return { exists: false, size: 0, eol: '\n', endsWithNewline: true };
  const nl = text.indexOf('\n');
  return {
    exists: true,
    size: buf.length,
    eol: nl > 0 && text.charCodeAt(nl - 1) === 13 ? '\r\n' : '\n',
    endsWithNewline: buf.length === 0 || buf[buf.length - 1] === 0x0a,
  };
}

/** Small journals are read into memory; a large one is re-read from its text whenever its rows are iterated. */
const LAZY_FROM = 1 << 20;

function readJournal(name: JournalName, text: string): RawJournal {
  if (text.length < LAZY_FROM) {
    const csv = readCsv(name, text);
    return { file: name, header: csv.header, rows: csv.rows, issues: csv.issues };
  }
  const lf = text.includes('\r') ? text.replace(/\r\n/g, '\n') : text;
  const first = csvRecords(lf, name, []).next();
  if (first.done || first.value.line !== 1 || first.value.broken) {
    const csv = readCsv(name, text);
    return { file: name, header: csv.header, rows: csv.rows, issues: csv.issues };
  }
  const issues: LedgerIssue[] = [];
  const rows: Iterable<RawRow> = {
    *[Symbol.iterator]() {
      issues.length = 0;
      for (const r of csvRecords(lf, name, issues)) if (r.line !== 1) yield r;
    },
  };
  return { file: name, header: first.value.fields, rows, issues };
}

/** The bytes of every ledger file as of one committed state; null for a file that does not exist. */
export type LedgerFiles = ReadonlyMap<string, Buffer | null>;

function readLedgerFiles(dir: string): LedgerFiles {
  if (!fs.existsSync(path.join(dir, CONFIG_FILE))) {
    throw new NotALedgerError(`${dir} is not a ledger: it has no ${CONFIG_FILE} — create one with \`arledger init ${dir}\``);
  }
  refuseStrangeFiles(dir);
  try {
    return snapshot(dir);
  } catch (e) {
    if (e instanceof IoError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new IoError(`cannot read the ledger in ${dir}: ${ioReason(err)}`);
  }
}

/** ledger.yaml and customers.yaml decoded, with their issues (and those of missing letter templates). */
function decodeMaster(dir: string, raw: LedgerFiles, issues: LedgerIssue[], texts: Map<string, string>,
  /** customers.yaml as decoded by an earlier run from the same bytes (the reading cache), when at hand. */
  cached?: ReadonlyMap<string, Customer>): { config: LedgerConfig; customers: ReadonlyMap<string, Customer> } {
  for (const name of cached ? [CONFIG_FILE] : [CONFIG_FILE, CUSTOMERS_FILE]) {
    const buf = raw.get(name) ?? null;
    texts.set(name, buf === null ? '' : decodeText(name, buf, issues));
  }
  const cfg = readYaml(CONFIG_FILE, texts.get(CONFIG_FILE)!);
  issues.push(...cfg.issues);
  // A YAML file that could not be read at all has already been reported; decoding its empty value would only
  // add "missing" noise, so its decoding problems are dropped.
  const unreadable = (y: { input: { value: unknown }; issues: readonly LedgerIssue[] }): boolean =>
    y.issues.length > 0 && y.input.value === undefined;
  const config = decodeConfig(cfg.input, unreadable(cfg) ? [] : issues);
  if (!unreadable(cfg)) issues.push(...missingTemplates(dir, config.dunning.levels, cfg.input));
  issues.push(...documentTemplateIssues(dir));
  if (cached) return { config, customers: cached };
  const cust = readYaml(CUSTOMERS_FILE, texts.get(CUSTOMERS_FILE)!);
  issues.push(...cust.issues);
  const customers = decodeCustomers(cust.input, config.currency, unreadable(cust) ? [] : issues);
  return { config, customers };
}

export function loadLedger(dir: string, files?: LedgerFiles): LoadedLedger {
  lastRead.via = 'plain';
  const raw = files ?? readLedgerFiles(dir);
  const issues: LedgerIssue[] = [];
  const files2 = new Map<string, FileState>();
  const texts = new Map<string, string>();
  const { config, customers } = decodeMaster(dir, raw, issues, texts);
  for (const [name, buf] of raw) {
    if (!texts.has(name)) texts.set(name, buf === null ? '' : decodeText(name, buf, issues));
    files2.set(name, fileState(buf, texts.get(name)!));
  }
  const journals = new Map<JournalName, RawJournal>();
  for (const name of JOURNAL_NAMES) {
    if (raw.get(name) === null) continue;
    const text = texts.get(name)!;
    if (text === '') continue;
    journals.set(name, readJournal(name, text));
  }
  const input = { config, customers, journals };
  const built = buildLedger(input);
  issues.push(...built.issues);
  issues.sort(compareIssues);
  return { dir, ledger: built.ledger, issues, files: files2, texts, input };
}

/** A valid ledger read by the fast reader: configuration, customers and the journals as columns. */
export interface FastLoaded {
  readonly dir: string;
  readonly config: LedgerConfig;
  readonly customers: ReadonlyMap<string, Customer>;
  readonly fast: FastLedger;
}

/** How the last `loadForReport` read the ledger, for tests and profiling. */
export const lastRead = { via: '' as '' | 'plain' | 'fast' | 'cache', appended: 0 };

/**
 * Reads a ledger for a report, through the fast reader when it can take the whole ledger (src/core/fast/scan.ts),
 * else the plain way. A ledger with any problem always comes back the plain way, with every problem found. With
 * `cache`, the reading state saved by an earlier run is used when it is still valid (src/io/cache.ts), and saved.
 */
export function loadForReport(dir: string, cache = true): FastLoaded | LoadedLedger {
  const st = openFastState(dir, cache);
  if (!('scanner' in st)) return st;
  if (cache && st.worthSaving()) saveCache(dir, st.masterKey, st.scanner.save(), st.hashes(), st.customers);
  return { dir, config: st.config, customers: st.customers, fast: st.scanner.ledger() };
}

/** The fast reader's state of a valid ledger, and what is needed to extend it, read its rows or save it. */
export interface FastState {
  readonly dir: string;
  readonly config: LedgerConfig;
  readonly customers: ReadonlyMap<string, Customer>;
  readonly scanner: FastScanner;
  readonly masterKey: string;
  /** Each journal's size as read (-1: no such file). */
  readonly sizes: ReadonlyMap<JournalName, number>;
  /** The fields of the row that starts at a byte of a journal. */
  rowAt(journal: string, offset: number): string[];
  /** How a writer appends to each journal. */
  fileState(journal: JournalName): FileState;
  /** SHA-256 and size of each journal, with `extra` bytes appended to some. */
  hashes(extra?: ReadonlyMap<JournalName, Uint8Array>): Map<JournalName, { size: number; sha256: string }>;
  /** Whether saving the state would save later runs real work: no valid cache, or much appended since. */
  worthSaving(): boolean;
}

/**
 * The fast reader's state, from the cache when it is valid (`cache`) or from reading every journal; the plain
 * ledger instead whenever the fast reader cannot take it (any problem included).
 */
export function openFastState(dir: string, cache: boolean, twoThreads = true): FastState | LoadedLedger {
  if (!fs.existsSync(path.join(dir, CONFIG_FILE))) return loadLedger(dir);
  refuseStrangeFiles(dir);
  let agreed: Agreed;
  let master: Map<string, Buffer | null>;
  try {
    agreed = agreedSizes(dir);
    master = readAt(dir, agreed, [CONFIG_FILE, CUSTOMERS_FILE]);
  } catch (e) {
    if (e instanceof IoError) throw e;
    throw new IoError(`cannot read the ledger in ${dir}: ${ioReason(e as NodeJS.ErrnoException)}`);
  }
  const sizes = new Map<JournalName, number>();
  for (const name of JOURNAL_NAMES) sizes.set(name, agreed.sizes.get(name)!);
  const present = new Map([...sizes].filter(([, n]) => n > 0));
  const total = [...present.values()].reduce((a, b) => a + b, 0);
  const masterKey = masterHash(master.get(CONFIG_FILE) ?? null, master.get(CUSTOMERS_FILE) ?? null);
  // Each journal's stamp, taken before a byte of it is read: a cache saved from these bytes trusts it later.
  const stamps = new Map(JOURNAL_NAMES.map((n) => [n, stampOf(path.join(dir, n))]));
  const file = cache ? openCache(dir, masterKey, total) : null;
  const issues: LedgerIssue[] = [];
  // A large cold read decodes customers.yaml on a second thread while this one scans with each customer's id and
  // currency (src/io/parallel.ts); the decoded customers must agree with those, checked once the scan is done.
  let help: MasterHelp | null = null;
  let early: { config: LedgerConfig; customers: Map<string, Customer> } | null = null;
  if (twoThreads && !file && total > 0 && total >= parallelMinBytes()) {
    const { config: cfg } = decodeMaster(dir, master, issues, new Map(), new Map());
    if (issues.length > 0) return loadLedger(dir);
    const people = master.get(CUSTOMERS_FILE) ?? null;
    const quick = people && quickCustomers(people, cfg.currency);
    const hashFor = cache && total >= cacheMinBytes() ? [...present] : [];
    help = quick && people ? startMasterHelp(dir, people, cfg.currency, hashFor) : null;
    if (help) early = { config: cfg, customers: quick! };
  }
  const { config, customers } = early ?? decodeMaster(dir, master, issues, new Map(), file?.customers ?? undefined);
  const plain = (): LoadedLedger => {
    help?.stop();
    return loadLedger(dir);
  };
  if (issues.length > 0) return plain();
  // The fast reader does not know the base currency, so a rate for it (a rule of check) is found here.
  if (namesCurrency(readAt(dir, agreed, ['rates.csv']).get('rates.csv') ?? null, config.currency)) return plain();
  const base = { dir, config, customers, masterKey, sizes };
  // A journal this command appends to has changed since its stamp: it is hashed again next time.
  const stampFor = (name: JournalName, more: Uint8Array | undefined): { stamp?: FileStamp } => {
    const st = stamps.get(name);
    return more === undefined && st ? { stamp: st } : {};
  };
  const endsLine = (name: JournalName, b: Uint8Array | undefined): boolean => (b ? b[b.length - 1] === 0x0a : true);

  if (file) {
    let warm: ReturnType<typeof fromCache>;
    try {
      warm = fromCache(dir, file, customers, present);
    } catch (e) {
      if (!(e instanceof GiveUp)) throw e;
      // What was appended breaks a rule: the whole ledger is read the plain way for the messages.
      return loadLedger(dir);
    }
    if (warm) {
      lastRead.via = 'cache';
      const { hit, tails, appended } = warm;
      return {
        ...base, scanner: hit.scanner,
        rowAt: rowReader(dir, sizes),
        fileState: (journal) => fileStateOf(path.join(dir, journal), sizes.get(journal) ?? -1),
        hashes: (extra) => {
          const out = new Map<JournalName, { size: number; sha256: string; stamp?: FileStamp }>();
          for (const name of JOURNAL_NAMES) {
            const size = present.get(name) ?? 0;
            const more = extra?.get(name);
            if (size === 0 && !more) continue;
            const h = hit.covered.get(name)?.hash().copy() ?? crypto.createHash('sha256');
            const tail = tails.get(name);
            if (tail) h.update(tail);
            if (more) h.update(more);
            out.set(name, { size: size + (more?.length ?? 0), sha256: h.digest('hex'), ...stampFor(name, more) });
          }
          return out;
        },
        worthSaving: () => appended > Math.max(cacheMinBytes(), total / 50) && [...tails].every(([n, b]) => endsLine(n, b)),
      };
    }
  }
  // The document journals are read together (a credit note may name a refund), then each other journal on its
  // own, and none is kept once read: at most the documents' bytes and one journal are in memory at a time. Rows
  // are read back from the files when needed.
  const hashing = cache && total >= cacheMinBytes();
  const running = new Map<JournalName, crypto.Hash>();
  const states = new Map<JournalName, FileState>();
  let allEndLine = true;
  const scanner = new FastScanner(customers);
  scanner.expect(agreed.sizes);
  // Credit notes may name a refund, so credits.csv and refunds.csv are fed together; every other journal is fed on
  // its own, a large one in pieces of whole lines, so that a million-row journal is never in memory at once. An
  // invoice's lines are checked against its amount at the end of a feed, so invoice-lines.csv is fed whole.
  const together: JournalName[] = ['credits.csv', 'refunds.csv'];
  const whole = new Set<JournalName>(['invoice-lines.csv', ...together]);
  for (const group of SCAN_ORDER.filter((n) => n !== 'refunds.csv').map((n) => (n === 'credits.csv' ? together : [n]))) {
    const bufs = new Map<JournalName, Uint8Array>();
    const take = (j: JournalName, piece: Uint8Array, offset: number, size: number): boolean => {
      if (offset === 0) {
        const nl = piece.indexOf(0x0a);
        states.set(j, { exists: true, size, eol: nl > 0 && piece[nl - 1] === 0x0d ? '\r\n' : '\n', endsWithNewline: true });
      }
      if (offset + piece.length === size && piece[piece.length - 1] !== 0x0a) {
        allEndLine = false;
        states.set(j, { ...states.get(j)!, endsWithNewline: false });
      }
      if (!isUtf8(piece)) return false;
      if (hashing && !help) (running.get(j) ?? running.set(j, crypto.createHash('sha256')).get(j)!).update(piece);
      return true;
    };
    try {
      if (!whole.has(group[0]!)) {
        const j = group[0]!;
        const size = agreed.sizes.get(j)!;
        if (size === 0) states.set(j, { exists: true, size: 0, eol: '\n', endsWithNewline: true });
        if (size <= 0) continue;
        let bad = false;
        readPieces(path.join(dir, j), size, (piece, offset) => {
          if (bad || !take(j, piece, offset, size)) {
            bad = true;
            return;
          }
          scanner.feed(new Map([[j, piece]]), new Map([[j, offset]]), false);
        });
        if (bad) return plain();
        continue;
      }
      for (const [name, buf] of readAt(dir, agreed, group)) {
        const j = name as JournalName;
        if (buf === null) continue;
        if (buf.length === 0) {
          states.set(j, { exists: true, size: 0, eol: '\n', endsWithNewline: true });
          continue;
        }
        if (!take(j, buf, 0, buf.length)) return plain();
        bufs.set(j, buf);
      }
      scanner.feed(bufs, undefined, false);
    } catch (e) {
      if (e instanceof GiveUp) return plain();
      help?.stop();
      throw e;
    }
  }
  // The read buffer is not needed again in this run, and saving the cache and the report come next: at 1M, what
  // the process holds peaks there.
  pieceBuffer = null;
  // Voids, read last, may take back what applications over-applied before them: decided once all is read.
  try {
    scanner.settle();
  } catch (e) {
    if (e instanceof GiveUp) return plain();
    throw e;
  }
  let decoded = customers;
  if (help) {
    const got = help.customers();
    if (got === 'issues') return plain();
    if (got) decoded = got;
    else {
      decoded = decodeMaster(dir, master, issues, new Map()).customers;
      if (issues.length > 0) return plain();
    }
    // The scan was made against each customer's id and currency as first seen; where the decoding disagrees, the
    // journals are read again against the decoded customers.
    if (!sameIdsAndCurrencies(decoded, customers)) {
      help.stop();
      return openFastState(dir, cache, false);
    }
  }
  let helped: Map<string, string> | null | undefined;
  lastRead.via = 'fast';
  return {
    ...base, customers: decoded, scanner,
    rowAt: rowReader(dir, sizes),
    fileState: (journal) => states.get(journal) ?? { exists: false, size: 0, eol: '\n', endsWithNewline: true },
    hashes: (extra) => {
      const out = new Map<JournalName, { size: number; sha256: string; stamp?: FileStamp }>();
      for (const name of JOURNAL_NAMES) {
        const size = present.get(name) ?? 0;
        const more = extra?.get(name);
        if (size === 0 && !more) continue;
        if (help && hashing) helped ??= help.hashes();
        const done = more ? undefined : helped?.get(name);
        if (done !== undefined) {
          out.set(name, { size, sha256: done, ...stampFor(name, more) });
          continue;
        }
        const h = running.get(name)?.copy() ?? crypto.createHash('sha256');
        // Hashed by the second thread, which failed: the bytes read are hashed here after all.
        if (help && hashing && size > 0 && readRange(path.join(dir, name), 0, size, (c) => h.update(c)) === null) {
          throw new IoError(`cannot read ${name}: it is shorter than it was a moment ago`);
        }
        if (more) h.update(more);
        out.set(name, { size: size + (more?.length ?? 0), sha256: h.digest('hex'), ...stampFor(name, more) });
      }
      return out;
    },
    worthSaving: () => hashing && allEndLine,
  };
}

/** Whether two customer tables give each customer, in the same order, the same id and currency. */
function sameIdsAndCurrencies(a: ReadonlyMap<string, Customer>, b: ReadonlyMap<string, Customer>): boolean {
  if (a.size !== b.size) return false;
  const ib = b.values();
  for (const x of a.values()) {
    const y = ib.next().value as Customer;
    if (x.id !== y.id || x.currency !== y.currency) return false;
  }
  return true;
}

/** The cached state with what was appended since read on top, or null when there is no valid cache. */
function fromCache(dir: string, file: CacheFile, customers: ReadonlyMap<string, Customer>, present: ReadonlyMap<JournalName, number>):
  { hit: CacheHit; tails: Map<JournalName, Uint8Array>; appended: number } | null {
  const hit = loadCache(dir, file, customers, present, (name, size, each) =>
    readRange(path.join(dir, name), 0, size, each) !== null);
  if (!hit) return null;
  const tails = new Map<JournalName, Uint8Array>();
  const offsets = new Map<JournalName, number>();
  let appended = 0;
  for (const [name, size] of present) {
    const from = hit.covered.get(name)?.size ?? 0;
    if (size <= from) continue;
    const tail = readRange(path.join(dir, name), from, size);
    if (tail === null || !isUtf8(tail)) return null;
    tails.set(name, tail);
    offsets.set(name, from);
    appended += tail.length;
  }
  hit.scanner.feed(tails, offsets);
  lastRead.appended = appended;
  return { hit, tails, appended };
}

/**
 * Rows read back from their files by offset (the fast reader keeps no journal in memory). One descriptor per
 * journal stays open for the run, and each row is one positional read of a small block: a dunning run reads tens
 * of thousands of rows this way.
 */
function rowReader(dir: string, sizes: ReadonlyMap<JournalName, number>): (journal: string, offset: number) => string[] {
  // Rows are mostly asked for in file order: each journal keeps the last block read, and a row inside it costs
  // no read at all.
  const open = new Map<string, { fd: number; block: Buffer; start: number; length: number }>();
  return (journal, offset) => {
    let f = open.get(journal);
    if (f === undefined) {
      const fd = fs.openSync(path.join(dir, journal), fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
      if (!fs.fstatSync(fd).isFile()) throw new IoError(`cannot read ${journal}: it is not a regular file`);
      open.set(journal, (f = { fd, block: Buffer.allocUnsafe(1 << 16), start: 0, length: 0 }));
    }
    const size = sizes.get(journal as JournalName) ?? 0;
    if (offset >= f.start && offset < f.start + f.length) {
      const from = offset - f.start;
      const nl = f.block.indexOf(0x0a, from);
      if ((nl !== -1 && nl < f.length) || f.start + f.length >= size) return recordAt(f.block.subarray(from, f.length), 0);
    }
    for (;;) {
      const want = Math.min(f.block.length, size - offset);
      let got = 0;
      while (got < want) {
        const n = fs.readSync(f.fd, f.block, got, want - got, offset + got);
        if (n === 0) throw new IoError(`cannot read ${journal}: it is shorter than it was a moment ago`);
        got += n;
      }
      f.start = offset;
      f.length = got;
      const nl = f.block.indexOf(0x0a);
      if ((nl !== -1 && nl < got) || offset + got >= size) return recordAt(f.block.subarray(0, got), 0);
      f.block = Buffer.allocUnsafe(f.block.length * 4);
    }
  };
}

/** What a writer needs to know of a journal it has not read whole: its line ends, from its first line and last byte. */
function fileStateOf(p: string, size: number): FileState {
  if (size < 0) return { exists: false, size: 0, eol: '\n', endsWithNewline: true };
  if (size === 0) return { exists: true, size: 0, eol: '\n', endsWithNewline: true };
  const head = readRange(p, 0, Math.min(size, 1 << 16)) ?? new Uint8Array(0);
  const nl = head.indexOf(0x0a);
  const last = readRange(p, size - 1, size);
  return { exists: true, size, eol: nl > 0 && head[nl - 1] === 0x0d ? '\r\n' : '\n', endsWithNewline: last !== null && last[0] === 0x0a };
}

export function isFast(l: FastLoaded | LoadedLedger): l is FastLoaded {
  return 'fast' in l;
}

/** The ledger directory: --ledger, else $ARLEDGER_DIR, else the nearest ancestor of cwd holding ledger.yaml. */
export function findLedgerDir(option: string | undefined, env: string | undefined, cwd: string): string {
  if (option) return path.resolve(cwd, option);
  if (env) return path.resolve(cwd, env);
  for (let d = path.resolve(cwd); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, CONFIG_FILE))) return d;
    if (path.dirname(d) === d) break;
  }
  throw new NotALedgerError('no ledger here: no ledger.yaml in this directory or above it; use --ledger DIR, set ARLEDGER_DIR, or create one with `arledger init`');
}

/** The directory named is not a ledger (no ledger.yaml): a data error, exit 3. */
export class NotALedgerError extends Error {}
