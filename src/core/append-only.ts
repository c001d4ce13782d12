// What `check --base REV` proves (SPEC §1.2): the rows of REV are still there in order, and every row added since
// is held to the lock_date in force when it was added. History arrives as line-level hunks; this module follows
// each physical line to the state of history that brought it, and aligns the journal now with the journal at REV.
import { isLocalDate, type LocalDate } from './date.js';
import { issue, q, type LedgerIssue } from './issues.js';
import { JOURNALS, type JournalName } from './journals.js';

/** One change of a unified diff with no context: `oldCount` lines from `oldStart` (0-based) became `added`. */
export interface Hunk {
  readonly oldStart: number;
  readonly oldCount: number;
  readonly added: readonly string[];
  /** Leading added lines equal to the removed ones but for a line end (CR, or a final newline supplied). */
  readonly same: number;
}

/**
 * The lines of a file after `hunks`, each line being what `fresh` makes of it: for a line a hunk only re-ended
 * (`same`), `prior` is the line it replaced. Appending (the usual change to a journal) extends `old` in place.
 */
export function patchLines<T>(old: T[], hunks: readonly Hunk[], fresh: (h: Hunk, i: number, prior: T | undefined) => T): T[] {
  const only = hunks.length === 1 ? hunks[0]! : undefined;
  if (only && only.oldCount === 0 && only.oldStart >= old.length) {
    for (let i = 0; i < only.added.length; i++) old.push(fresh(only, i, undefined));
    return old;
  }
  const out: T[] = [];
  let pos = 0;
  for (const h of hunks) {
    for (; pos < h.oldStart && pos < old.length; pos++) out.push(old[pos]!);
    for (let i = 0; i < h.added.length; i++) out.push(fresh(h, i, i < h.same && i < h.oldCount ? old[h.oldStart + i] : undefined));
    pos = h.oldStart + h.oldCount;
  }
  for (; pos < old.length; pos++) out.push(old[pos]!);
  return out;
}

/** Where each physical line came from: BASE for REV (or older), else the index of the state that added it. */
export const BASE = -1;

/** A state of history after REV: a commit on the first-parent line, or the working tree (`commit` null). */
export interface HistoryState {
  readonly commit: string | null;
  /** lock_date after this state; null when there is none. */
  readonly lock: LocalDate | null;
}

export interface JournalHistory {
  readonly file: JournalName;
  /** Rows at REV, header excluded, with the lines they start on; read only when REV is not a prefix of now. */
  baseRows(): readonly SourceRow[];
  /** The text at REV; when the text now begins with it, rows are compared without parsing REV. */
  readonly baseText: string;
  readonly now: readonly SourceRow[];
  readonly nowText: string;
  /** Per physical line of the journal now (line 1 at index 0): BASE or the index of the state that added it. */
  readonly origins: readonly number[];
}

export interface SourceRow {
  readonly line: number;
  readonly fields: readonly string[];
}

export interface BaseCheck {
  /** How REV was named on the command line. */
  readonly rev: string;
  readonly revLock: LocalDate | null;
  /** lock_date just before the first state (at REV, or where the walk from HEAD met REV's history). */
  readonly startLock: LocalDate | null;
  /** Commits REV..HEAD oldest first, then the working tree last. */
  readonly states: readonly HistoryState[];
  /** Line of `lock_date` in ledger.yaml now (or where it would go). */
  readonly lockLine: number;
  readonly journals: readonly JournalHistory[];
}

const keyOf = (fields: readonly string[]): string => fields.join('\u0000');

/** Physical lines of a text as git counts them: a last line without a newline still counts. */
export function lineCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.length > 0 && !text.endsWith('\n') ? n + 1 : n;
}

/**
 * The journal at REV as a prefix of the journal now, up to line ends: then every row past REV's last line is new.
 * Returns the number of lines of REV, or -1 when REV is not such a prefix.
 */
function prefixLines(baseText: string, nowText: string): number {
  const b = baseText.includes('\r') ? baseText.replace(/\r\n/g, '\n') : baseText;
  const n = nowText.includes('\r') ? nowText.replace(/\r\n/g, '\n') : nowText;
  if (!n.startsWith(b)) return -1;
  if (b.length > 0 && !b.endsWith('\n') && b.length < n.length && n[b.length] !== '\n') return -1;
  return lineCount(b);
}

/** Indexes (into `seq`) of a longest strictly increasing subsequence, in O(n log n). */
function increasingRun(seq: readonly number[]): Set<number> {
  const tails: number[] = [];
  const prev = new Array<number>(seq.length).fill(-1);
  for (let i = 0; i < seq.length; i++) {
    const v = seq[i]!;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seq[tails[mid]!]! < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const out = new Set<number>();
  for (let i = tails.length > 0 ? tails[tails.length - 1]! : -1; i !== -1; i = prev[i]!) out.add(i);
  return out;
}

/** How the rows now relate to the rows at REV. */
export interface Alignment {
  /** Rows of REV no longer there: index into base, and the row now at its place (if any). */
  readonly lost: readonly { base: number; at: number | undefined }[];
  /** Rows of REV that are there but out of order. */
  readonly moved: readonly { base: number; now: number }[];
  /** Rows now that are not rows of REV (indexes into now), and whether one sits before a row of REV. */
  readonly added: readonly { now: number; inserted: boolean }[];
}

/**
 * Aligns the rows of REV with the rows now. Rows of REV that kept their order are matched; one that is found
 * elsewhere has moved; a new row standing in the place of a lost one is its replacement, not a new row.
 */
export function alignRows(base: readonly SourceRow[], now: readonly SourceRow[]): Alignment {
  let k = 0;
  while (k < base.length && k < now.length && keyOf(base[k]!.fields) === keyOf(now[k]!.fields)) k++;
  if (k === base.length) return { lost: [], moved: [], added: now.slice(k).map((_, i) => ({ now: k + i, inserted: false })) };
  // Identical rows are legitimate (SPEC §1.2): each key keeps its rows in order and a cursor, so that thousands of
  // equal rows are matched in linear time.
  const where = new Map<string, { rows: number[]; next: number }>();
  for (let j = k; j < now.length; j++) {
    const key = keyOf(now[j]!.fields);
    const entry = where.get(key);
    if (entry) entry.rows.push(j);
    else where.set(key, { rows: [j], next: 0 });
  }
  const match: number[] = [];
  for (let i = k; i < base.length; i++) {
    const entry = where.get(keyOf(base[i]!.fields));
    match.push(entry && entry.next < entry.rows.length ? entry.rows[entry.next++]! : -1);
  }
  const found = match.map((m, i) => ({ m, i })).filter((x) => x.m >= 0);
  const run = increasingRun(found.map((x) => x.m));
  const inPlace = new Map<number, number>(); // base index -> now index
  const moved: { base: number; now: number }[] = [];
  const movedBase = new Set<number>();
  const used = new Set<number>();
  found.forEach((x, r) => {
    used.add(x.m);
    if (run.has(r)) inPlace.set(k + x.i, x.m);
    else {
      moved.push({ base: k + x.i, now: x.m });
      movedBase.add(k + x.i);
    }
  });
  // Walk both sides between rows kept in place: what is lost there is replaced, in order, by what is new there.
  const lost: { base: number; at: number | undefined }[] = [];
  const added: { now: number; inserted: boolean }[] = [];
  let j = k;
  let lostHere: number[] = [];
  const flush = (upTo: number, last: boolean): void => {
    const fresh: number[] = [];
    for (; j < upTo; j++) if (!used.has(j)) fresh.push(j);
    lostHere.forEach((b, n) => lost.push({ base: b, at: fresh[n] ?? (upTo < now.length ? upTo : undefined) }));
    for (const f of fresh.slice(lostHere.length)) added.push({ now: f, inserted: !last });
    lostHere = [];
  };
  for (let i = k; i < base.length; i++) {
    const m = inPlace.get(i);
    if (m === undefined) {
      if (!movedBase.has(i)) lostHere.push(i);
      continue;
    }
    flush(m, false);
    j = m + 1;
  }
  flush(now.length, true);
  return { lost, moved, added };
}

/** The later of two lock dates, either possibly absent. */
function later(a: LocalDate | null, b: LocalDate | null): LocalDate | null {
  return a === null ? b : b === null ? a : a > b ? a : b;
}

const short = (commit: string): string => commit.slice(0, 7);

/**
 * Every way the ledger now departs from REV: lock_date moved back or removed at any step since REV; a row of REV
 * changed, removed or moved; a row inserted among REV's; a row added since REV dated on or before the lock_date in
 * force when it was added (the lock after the state before it) or REV's own.
 */
export function checkHistory(c: BaseCheck): LedgerIssue[] {
  const issues: LedgerIssue[] = [];
  const where = (s: HistoryState): string => (s.commit === null ? 'in the working tree (not yet committed)' : `in commit ${short(s.commit)}`);
  // The lock before each state, and every step that took it back.
  const before: (LocalDate | null)[] = [];
  let lock = c.startLock;
  let prev = c.revLock;
  for (const s of c.states) {
    before.push(lock);
    lock = s.lock;
    if (prev !== null && (s.lock === null || s.lock < prev)) {
      issues.push(issue('ledger.yaml', c.lockLine, s.lock === null
        ? `lock_date ${prev} was removed ${where(s)}, since ${c.rev}`
        : `lock_date moved back from ${prev} to ${s.lock} ${where(s)}, since ${c.rev}`,
      `the lock only moves forward (arledger close); set lock_date to ${prev} or later`));
    }
    prev = s.lock;
  }
  for (const j of c.journals) {
    const found: LedgerIssue[] = [];
    const lines = prefixLines(j.baseText, j.nowText);
    let added: readonly { now: number; inserted: boolean }[];
    if (lines >= 0) {
      const fresh: { now: number; inserted: boolean }[] = [];
      for (let i = 0; i < j.now.length; i++) if (j.now[i]!.line > lines) fresh.push({ now: i, inserted: false });
      added = fresh;
    } else {
      const base = j.baseRows();
      const a = alignRows(base, j.now);
      const hint = 'restore the row and correct it with a new document (credit note, debit note, reversal)';
      const problems: LedgerIssue[] = [];
      for (const l of a.lost) {
        const b = base[l.base]!;
        const at = l.at !== undefined ? j.now[l.at]!.line : b.line;
        problems.push(issue(j.file, at, `row of ${c.rev} (line ${b.line}) was changed or removed: ${q(b.fields.join(','))}`, hint));
      }
      for (const m of a.moved) {
        const from = base[m.base]!.line;
        problems.push(issue(j.file, from, `row of ${c.rev} (line ${from}) moved to line ${j.now[m.now]!.line}: journals are append-only`, `rows are never reordered; put it back at line ${from}`));
      }
      for (const x of a.added) {
        if (x.inserted) problems.push(issue(j.file, j.now[x.now]!.line, `row added since ${c.rev} stands between rows of ${c.rev}: journals are append-only`, 'move it to the end of the file'));
      }
      found.push(...problems);
      added = a.added;
    }
    const dateCol = (JOURNALS[j.file] as readonly string[]).indexOf('date');
    for (const x of dateCol < 0 ? [] : added) {
      const row = j.now[x.now]!;
      const d = row.fields[dateCol];
      if (d === undefined || !isLocalDate(d)) continue;
      // A record over several lines is as new as its newest line.
      const end = x.now + 1 < j.now.length ? j.now[x.now + 1]!.line : j.origins.length + 1;
      let origin = BASE;
      for (let l = row.line; l < end && l <= j.origins.length; l++) origin = Math.max(origin, j.origins[l - 1]!);
      if (row.line > j.origins.length) origin = c.states.length - 1;
      const state = origin === BASE ? undefined : c.states[origin];
      const then = origin === BASE ? null : before[origin]!;
      const bound = later(then, c.revLock);
      if (bound === null || d > bound) continue;
      // Named when REV's lock is the stricter one: the lock had been moved back by then.
      const fromRev = c.revLock !== null && (then === null || then < c.revLock) && state !== undefined;
      if (state === undefined || state.commit === null) {
        found.push(issue(j.file, row.line, `row added since ${c.rev} is dated ${d}, on or before lock_date ${bound}${fromRev ? ` of ${c.rev}` : ''}`,
          `the books are closed up to ${bound}; date it later`));
      } else {
        found.push(issue(j.file, row.line, `row added since ${c.rev} in commit ${short(state.commit)} is dated ${d}, on or before lock_date ${bound} ${fromRev ? `of ${c.rev}` : 'in force before that commit'}`,
          `the books were closed up to ${bound}; book it with a date after ${bound}`));
      }
    }
    // Array sort is stable: on one line, a row's place in history comes before its date.
    issues.push(...found.sort((x, y) => (x.line ?? 0) - (y.line ?? 0)));
  }
  return issues;
}
