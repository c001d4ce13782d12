// Opening a ledger for a report, and the one write path every writing command goes through.
import { stringify } from 'csv-stringify/sync';
import { addDays, type LocalDate } from '../core/date.js';
import { DataError, RefusedError, UsageError, type LedgerIssue } from '../core/issues.js';
import { JOURNALS, JOURNAL_NAMES, type JournalName, type RawJournal } from '../core/journals.js';
import { buildLedger } from '../core/ledger.js';
import type { NewRow } from '../core/rows.js';
import { findLedgerDir, isFast, loadForReport, loadLedger, openFastState, type FastLoaded, type FastState, type FileState, type LoadedLedger } from '../io/load.js';
import { saveCache } from '../io/cache.js';
import { GiveUp, type FastScanner } from '../core/fast/scan.js';
import type { Ledger } from '../core/ledger.js';
import { partialLedger } from '../core/fast/partial.js';
import { acquireLock, commitAppends, recover, type Append } from '../io/txn.js';
import type { Ctx } from './context.js';
import { readingNote } from './progress.js';

export interface LedgerOptions {
  readonly ledger?: string;
  /** false with --no-cache: read every journal whole, and neither use nor save the reading cache. */
  readonly cache?: boolean;
}

export interface WriteOptions extends LedgerOptions {
  readonly wait?: string;
  /** Accept documents dated after today + future_days (SPEC §7). */
  readonly allowFuture?: boolean;
}

export function ledgerDir(ctx: Ctx, opts: LedgerOptions): string {
  return findLedgerDir(opts.ledger, ctx.env['ARLEDGER_DIR'], ctx.cwd);
}

/** Loads the ledger for a report; a ledger with any problem is refused (exit 3) with all of them. */
export function openLedger(ctx: Ctx, opts: LedgerOptions): LoadedLedger {
  const dir = ledgerDir(ctx, opts);
  const done = readingNote(ctx, dir);
  const loaded = loadLedger(dir);
  done();
  if (loaded.issues.length > 0) throw new DataError(loaded.issues, true);
  return loaded;
}

/**
 * Loads the ledger for a report that can be computed from columns: the fast reader's when it takes the ledger,
 * else the plain one. A ledger with any problem is refused (exit 3) with all of them.
 */
export function openForReport(ctx: Ctx, opts: LedgerOptions): FastLoaded | LoadedLedger {
  const loaded = loadForReport(ledgerDir(ctx, opts), opts.cache !== false);
  if (!isFast(loaded) && loaded.issues.length > 0) throw new DataError(loaded.issues, true);
  return loaded;
}

/**
 * Loads the ledger for a report about some customers only (those `which` picks from the fast reader's columns):
 * a ledger of just them when the fast reader takes the ledger, else the whole plain one.
 */
export function openForCustomers(ctx: Ctx, opts: LedgerOptions, which: (scanner: FastScanner) => { customers: readonly string[]; only?: Uint8Array }): { dir: string; ledger: Ledger } {
  const st = openFastState(ledgerDir(ctx, opts), opts.cache !== false);
  if (!('scanner' in st)) {
    if (st.issues.length > 0) throw new DataError(st.issues, true);
    return { dir: st.dir, ledger: st.ledger };
  }
  if (opts.cache !== false && st.worthSaving()) saveCache(st.dir, st.masterKey, st.scanner.save(), st.hashes(), st.customers);
  const scope = which(st.scanner);
  return { dir: st.dir, ledger: partialLedger(st.scanner, st.config, st.customers, scope.customers, (j, o) => st.rowAt(j, o), scope.only) };
}

export function parseWait(text: string | undefined): number {
  if (text === undefined) return 10;
  if (!/^\d+(\.\d+)?$/.test(text)) throw new UsageError(`--wait ${JSON.stringify(text)} is not a number of seconds — write e.g. --wait 30`);
  return Number(text);
}

/** CSV text of rows in a file's own line-end style, with the header first when the file is new. */
export function encodeRows(journal: JournalName, rows: readonly (readonly string[])[], state: { exists: boolean; size?: number; eol: string; endsWithNewline: boolean }): string {
  const eol = state.eol;
  // csv-stringify quotes only fields holding the record delimiter itself, so a lone LF in a CRLF file (or a CR
  // anywhere) would be written bare and split the row; quote any field with a line break.
  const body = stringify(rows as string[][], { record_delimiter: eol === '\r\n' ? 'windows' : 'unix', eof: true, quoted_match: /[\r\n]/ });
  // An empty file (e.g. made by `touch`) is read as an empty journal, so it gets its header like a missing one.
  if (!state.exists || state.size === 0) return stringify([JOURNALS[journal] as unknown as string[]], { record_delimiter: 'unix', eof: true }) + body;
  return (state.endsWithNewline ? '' : eol) + body;
}

/**
 * Runs a write: lock, finish any crashed transaction, load, plan the new rows, prove the ledger with them still
 * keeps every rule, then append them all as one transaction. Any refusal leaves every file as it was.
 */
export function writeLedger<T>(ctx: Ctx, opts: WriteOptions, plan: (loaded: LoadedLedger) => { rows: readonly NewRow[]; result: T },
  /**
   * Runs with the lock held once the rows have passed every check, just before they are committed (e.g. to write
   * letters); what it returns is called when the commit fails, to take those files back.
   */
  beforeCommit?: (result: T) => (() => void) | void,
  /**
   * The customers the plan looks at, when it looks at no other (a new invoice or payment of one customer): the
   * plan then runs on a ledger of just those customers from the fast reader, and the rows are proved by reading
   * them on top of its state; anything it cannot take goes the plain way below. A function names them from the
   * fast reader's state (the customer of a document the command names, see `customerOf`).
   */
  scope?: readonly string[] | ((st: FastState) => readonly string[])): T {
  const dir = ledgerDir(ctx, opts);
  const release = acquireLock(dir, parseWait(opts.wait));
  try {
    recover(dir);
    let loaded: LoadedLedger | null = null;
    if (scope) {
      const st = openFastState(dir, opts.cache !== false);
      if (!('scanner' in st)) loaded = st;
      else {
        const done = fastWrite(ctx, opts, st, plan, beforeCommit, typeof scope === 'function' ? scope(st) : scope);
        if (done) return done.result;
      }
    }
    loaded ??= loadLedger(dir);
    if (loaded.issues.length > 0) throw new DataError(loaded.issues);
    return plainWrite(ctx, opts, loaded, plan, beforeCommit);
  } finally {
    release();
  }
}

/**
 * The scope of a write about one document (a write-off, a dispute, applying a credit): the customer it belongs to,
 * or none when there is no such document (the plan then refuses, and the plain way says why).
 */
export function customerOf(id: string): (st: FastState) => readonly string[] {
  return ({ scanner: s }) => {
    const k = s.ids.findString(id);
    return k < 0 || k >= s.customer.length ? [] : [s.customerIds[s.customer.data[k]!]!];
  };
}

function plainWrite<T>(ctx: Ctx, opts: WriteOptions, loaded: LoadedLedger, plan: (loaded: LoadedLedger) => { rows: readonly NewRow[]; result: T },
  beforeCommit?: (result: T) => (() => void) | void): T {
  const { rows, result } = plan(loaded);
  if (rows.length === 0) return result;
  refuseLocked(loaded, rows);
  if (!opts.allowFuture) refuseFuture(loaded, rows, ctx.today);
  const problems = checkWithRows(loaded, rows);
  if (problems.length > 0) throw new DataError(problems);
  const appends: Append[] = [...groupRows(rows)].map(([name, list]) => ({
    name,
    text: encodeRows(name, list, loaded.files.get(name) ?? { exists: false, eol: '\n', endsWithNewline: true }),
  }));
  commit(loaded.dir, appends, beforeCommit?.(result));
  return result;
}

function commit(dir: string, appends: readonly Append[], undo: (() => void) | void): void {
  try {
    commitAppends(dir, appends);
  } catch (e) {
    undo?.();
    throw e;
  }
}

/**
 * The write on the fast reader's state, or null when it has to go the plain way: a plan that throws (the plain
 * plan says why, in its own words), or rows the fast reader cannot prove (the plain check names the rule).
 */
function fastWrite<T>(ctx: Ctx, opts: WriteOptions, st: FastState, plan: (loaded: LoadedLedger) => { rows: readonly NewRow[]; result: T },
  beforeCommit: ((result: T) => (() => void) | void) | undefined, scope: readonly string[]): { result: T } | null {
  const ledger = partialLedger(st.scanner, st.config, st.customers, scope, (j, o) => st.rowAt(j, o));
  const files = new Map<string, FileState>(JOURNAL_NAMES.map((n) => [n, st.fileState(n)]));
  const loaded: LoadedLedger = { dir: st.dir, ledger, issues: [], files, texts: new Map(), input: { config: st.config, customers: st.customers, journals: new Map() } };
  let planned: { rows: readonly NewRow[]; result: T };
  try {
    planned = plan(loaded);
  } catch (e) {
    // A command-line mistake, or a customer that does not exist, reads the same on this ledger as on the whole one
    // (the customers are all here; a customer unknown has no documents anywhere): said at once rather than after
    // reading the whole ledger the plain way, which takes minutes on a large one.
    if (e instanceof UsageError || (e instanceof RefusedError && scope.length > 0 && scope.every((c) => !st.customers.has(c)))) throw e;
    return null;
  }
  const { rows, result } = planned;
  if (rows.length === 0) return { result };
  refuseLocked(loaded, rows);
  if (!opts.allowFuture) refuseFuture(loaded, rows, ctx.today);
  const grouped = [...groupRows(rows)];
  const appends: Append[] = grouped.map(([name, list]) => ({ name, text: encodeRows(name, list, files.get(name)!) }));
  const added = new Map<JournalName, Uint8Array>(grouped.map(([name], i) => [name, Buffer.from(appends[i]!.text, 'utf8')]));
  const offsets = new Map([...added.keys()].map((n) => [n, Math.max(0, st.sizes.get(n) ?? 0)]));
  try {
    st.scanner.feed(added, offsets);
  } catch (e) {
    if (e instanceof GiveUp) return null;
    throw e;
  }
  commit(st.dir, appends, beforeCommit?.(result));
  // The state now covers the rows just written: saved when that spares later runs real work.
  if (opts.cache !== false && st.worthSaving()) saveCache(st.dir, st.masterKey, st.scanner.save(), st.hashes(added), st.customers);
  return { result };
}

/**
 * Runs `work` with the ledger's lock held, after finishing or undoing what a crashed writer left, on a freshly
 * loaded ledger that keeps every rule (else exit 3). Every command that changes a ledger file runs inside it.
 */
export function withLockedLedger<T>(ctx: Ctx, opts: WriteOptions, work: (loaded: LoadedLedger) => T): T {
  const dir = ledgerDir(ctx, opts);
  const release = acquireLock(dir, parseWait(opts.wait));
  try {
    recover(dir);
    const loaded = loadLedger(dir);
    if (loaded.issues.length > 0) throw new DataError(loaded.issues);
    return work(loaded);
  } finally {
    release();
  }
}

/** The line a row appended to a journal will have (the header is line 1 of a new file). */
export function nextLine(loaded: LoadedLedger, journal: JournalName): number {
  const text = loaded.texts.get(journal) ?? '';
  if (text === '') return 2;
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return text.endsWith('\n') ? lines + 1 : lines + 2;
}

/**
 * For a command that also replaces a file in its transaction (customers.yaml): the rows as appends, refused as a
 * write of rows is (the lock date, every rule of the ledger with them), so that they are written as `writeLedger`
 * writes them.
 */
export function rowAppends(loaded: LoadedLedger, rows: readonly NewRow[]): Append[] {
  if (rows.length === 0) return [];
  refuseLocked(loaded, rows);
  const problems = checkWithRows(loaded, rows);
  if (problems.length > 0) throw new DataError(problems);
  return [...groupRows(rows)].map(([name, list]) => ({
    name,
    text: encodeRows(name, list, loaded.files.get(name) ?? { exists: false, eol: '\n', endsWithNewline: true }),
  }));
}

function groupRows(rows: readonly NewRow[]): Map<JournalName, string[][]> {
  const byFile = new Map<JournalName, string[][]>();
  for (const r of rows) {
    const list = byFile.get(r.journal) ?? [];
    list.push([...r.fields]);
    byFile.set(r.journal, list);
  }
  return byFile;
}

function refuseLocked(loaded: LoadedLedger, rows: readonly NewRow[]): void {
  const lock = loaded.ledger.config.lockDate;
  if (!lock) return;
  for (const r of rows) {
    const cols = JOURNALS[r.journal] as readonly string[];
    const i = cols.indexOf('date');
    const date = i >= 0 ? r.fields[i] : undefined;
    if (date !== undefined && date <= lock) {
      throw new RefusedError(`the books are closed up to ${lock} (lock_date in ledger.yaml): a ${r.journal} row dated ${date} cannot be added — date it after ${lock}`);
    }
  }
}

/** The latest date a document may carry without --allow-future: today + future_days. */
export function latestDate(loaded: LoadedLedger, today: LocalDate): LocalDate {
  return addDays(today, loaded.ledger.config.futureDays);
}

// A row's date is the day something happened (a document, an application, a dispute), so one written ahead of
// today is a typo in the year far more often than a plan; --allow-future says it is meant. Dunning notices are the
// exception: their date is the run's --as-of, a report date that may be set ahead to see what a run would send; the
// fees it posts are documents and are still checked.
function refuseFuture(loaded: LoadedLedger, rows: readonly NewRow[], today: LocalDate): void {
  const latest = latestDate(loaded, today);
  for (const r of rows) {
    if (r.journal === 'dunning.csv' || r.runDated) continue;
    const cols = JOURNALS[r.journal] as readonly string[];
    const date = r.fields[cols.indexOf('date')];
    if (date === undefined || date <= latest) continue;
    const id = r.fields[cols.indexOf('id')];
    const limit = `today ${today} + future_days ${loaded.ledger.config.futureDays} of ledger.yaml`;
    throw new RefusedError(`${r.journal}: ${id ? id : 'a row'} dated ${date} is after ${latest} (${limit}) — date it on or before ${latest}, or add --allow-future if it is meant; nothing was written`);
  }
}

/** The issues the new rows would bring, each pointing at the line the row would get. */
function checkWithRows(loaded: LoadedLedger, rows: readonly NewRow[]): LedgerIssue[] {
  const journals = new Map<JournalName, RawJournal>(loaded.input.journals);
  for (const [name, list] of groupRows(rows)) {
    const prev = journals.get(name);
    const first = nextLine(loaded, name);
    const added = list.map((fields, i) => ({ line: first + i, fields }));
    const before = prev?.rows ?? [];
    journals.set(name, {
      file: name,
      header: prev?.header ?? [...JOURNALS[name]],
      rows: { *[Symbol.iterator]() { yield* before; yield* added; } },
      issues: prev?.issues ?? [],
    });
  }
  const built = buildLedger({ ...loaded.input, journals });
  return built.issues.length > 0 ? built.issues : [];
}

