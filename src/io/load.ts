// Loads a ledger directory: a consistent snapshot of its files, decoded into the core's ledger with every issue.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeConfig, decodeCustomers } from '../core/config.js';
import { compareIssues, DataError, issue, type LedgerIssue } from '../core/issues.js';
import { JOURNAL_NAMES, type JournalName, type RawJournal, type RawRow } from '../core/journals.js';
import { buildLedger, type Ledger, type LedgerInput } from '../core/ledger.js';
import { readCsv } from './csv.js';
import { csvRecords } from './csv-fast.js';
import { missingTemplates } from './outbox.js';
import { documentTemplateIssues } from './doc-templates.js';
import { ledgerPathProblem, pathHint } from './paths.js';
import { IoError, ioReason, pendingTransaction } from './txn.js';
import { readYaml } from './yaml.js';

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
  for (let attempt = 0; ; attempt++) {
    const pending = pendingTransaction(dir);
    const sizes = new Map(FILES.map((f) => [f, pending?.get(f) ?? statSize(path.join(dir, f))]));
    if (!pending) {
      const again = FILES.every((f) => statSize(path.join(dir, f)) === sizes.get(f));
      if ((!again || pendingTransaction(dir)) && attempt < 50) continue;
    }
    const out = new Map<string, Buffer | null>();
    for (const f of FILES) {
      const size = sizes.get(f)!;
      // Journals and customers.yaml only grow, so cutting at the agreed size gives the committed state.
      // ledger.yaml is replaced whole by an atomic rename (`close`), and cutting a newer, longer copy at an older
      // size would give neither version, so it is read whole unless a pending transaction names it.
      const grows = f !== CONFIG_FILE || pending?.has(f) === true;
      out.set(f, size < 0 ? null : readAll(path.join(dir, f), grows ? size : Infinity));
    }
    return out;
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

export function loadLedger(dir: string): LoadedLedger {
  if (!fs.existsSync(path.join(dir, CONFIG_FILE))) {
    throw new NotALedgerError(`${dir} is not a ledger: it has no ${CONFIG_FILE} — create one with \`arledger init ${dir}\``);
  }
  refuseStrangeFiles(dir);
  let raw: Map<string, Buffer | null>;
  try {
    raw = snapshot(dir);
  } catch (e) {
    if (e instanceof IoError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new IoError(`cannot read the ledger in ${dir}: ${ioReason(err)}`);
  }
  const issues: LedgerIssue[] = [];
  const files = new Map<string, FileState>();
  const texts = new Map<string, string>();
  for (const [name, buf] of raw) {
    const text = buf === null ? '' : decodeText(name, buf, issues);
    files.set(name, fileState(buf, text));
    texts.set(name, text);
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
  const cust = readYaml(CUSTOMERS_FILE, texts.get(CUSTOMERS_FILE)!);
  issues.push(...cust.issues);
  const customers = decodeCustomers(cust.input, config.currency, unreadable(cust) ? [] : issues);
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
  return { dir, ledger: built.ledger, issues, files, texts, input };
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
