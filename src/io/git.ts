// `check --base REV`: reads what git knows of the ledger since a revision, in a fixed number of git calls (however
// many commits and rows), and hands it to the core's append-only check.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { BASE, checkHistory, lineCount, patchLines, type HistoryState, type Hunk, type JournalHistory } from '../core/append-only.js';
import { isLocalDate, type LocalDate } from '../core/date.js';
import { UsageError, type LedgerIssue } from '../core/issues.js';
import { JOURNAL_NAMES, type JournalName } from '../core/journals.js';
import { readCsv } from './csv.js';
import { CONFIG_FILE, type LoadedLedger } from './load.js';
import { readYaml } from './yaml.js';

const FILES = [CONFIG_FILE, ...JOURNAL_NAMES];

function gitRaw(dir: string, args: string[], input?: string): Buffer | null {
  try {
    return execFileSync('git', ['-C', dir, ...args], {
      input: input ?? '', stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 30,
      // A user's pager, colour or external diff settings must not change what is parsed here.
      env: { ...process.env, GIT_PAGER: 'cat', GIT_EXTERNAL_DIFF: '', LC_ALL: 'C' },
    });
  } catch {
    return null;
  }
}

function git(dir: string, args: string[]): string | null {
  return gitRaw(dir, args)?.toString('utf8') ?? null;
}

/** Diff options that give every change as bare hunks, a line end (CR) not counting as a change. */
const DIFF = ['-p', '-U0', '-a', '--no-renames', '--no-color', '--no-ext-diff', '--no-textconv', '--ignore-cr-at-eol',
  '--relative', '--src-prefix=a/', '--dst-prefix=b/'];

/** Hunks of each file in a stretch of `git diff` output. */
type FileHunks = Map<string, Hunk[]>;

const HUNK_RE = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
const stripCr = (s: string): string => (s.endsWith('\r') ? s.slice(0, -1) : s);

/**
 * Splits `git log -p` output (each commit introduced by a line "\0<hash>") into per-commit hunks; plain `git diff`
 * output is one unnamed commit. Hunk bodies are consumed by their counts, so no data line is mistaken for a header.
 */
function parsePatches(text: string): { commit: string | null; files: FileHunks }[] {
  const out: { commit: string | null; files: FileHunks }[] = [];
  let cur: { commit: string | null; files: FileHunks } | null = null;
  let file: string | null = null;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('\u0000')) {
      cur = { commit: line.slice(1).split(' ')[0]!, files: new Map() };
      out.push(cur);
      file = null;
      continue;
    }
    if (line.startsWith('diff --git ')) {
      if (!cur) {
        cur = { commit: null, files: new Map() };
        out.push(cur);
      }
      const m = /^diff --git a\/(.*?) b\//.exec(line);
      file = m ? m[1]! : null;
      continue;
    }
    const h = HUNK_RE.exec(line);
    if (!h || !cur || file === null) continue;
    const oldCount = h[2] === undefined ? 1 : Number(h[2]);
    const newCount = h[4] === undefined ? 1 : Number(h[4]);
    const oldLine = Number(h[1]);
    const removed: string[] = [];
    const added: string[] = [];
    while ((removed.length < oldCount || added.length < newCount) && i + 1 < lines.length) {
      const body = lines[++i]!;
      if (body.startsWith('-') && removed.length < oldCount) removed.push(stripCr(body.slice(1)));
      else if (body.startsWith('+') && added.length < newCount) added.push(stripCr(body.slice(1)));
      else if (!body.startsWith('\\')) {
        i--;
        break;
      }
    }
    // "\ No newline at end of file" after the last body line.
    while (i + 1 < lines.length && lines[i + 1]!.startsWith('\\')) i++;
    let same = 0;
    while (same < removed.length && same < added.length && removed[same] === added[same]) same++;
    const list = cur.files.get(file) ?? [];
    list.push({ oldStart: oldCount === 0 ? oldLine : oldLine - 1, oldCount, added, same });
    cur.files.set(file, list);
  }
  return out;
}

/** Contents of many objects (`REV:./path` or blob ids) in one `git cat-file --batch`; a missing object is null. */
function readObjects(dir: string, specs: readonly string[]): (Buffer | null)[] {
  if (specs.length === 0) return [];
  const buf = gitRaw(dir, ['cat-file', '--batch'], specs.map((s) => `${s}\n`).join(''));
  if (buf === null) throw new UsageError(`git could not read the ledger files at ${specs[0]!}`);
  const out: (Buffer | null)[] = [];
  let pos = 0;
  for (let n = 0; n < specs.length; n++) {
    const eol = buf.indexOf(10, pos);
    const head = buf.subarray(pos, eol < 0 ? buf.length : eol).toString('utf8');
    pos = eol + 1;
    const m = / blob (\d+)$/.exec(head);
    if (!m) {
      out.push(null);
      continue;
    }
    const size = Number(m[1]);
    out.push(buf.subarray(pos, pos + size));
    pos += size + 1;
  }
  return out;
}

/** Sizes of many blobs in one `git cat-file --batch-check`; a missing one is -1. */
function blobSizes(dir: string, ids: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  if (ids.length === 0) return out;
  const text = gitRaw(dir, ['cat-file', '--batch-check'], ids.map((s) => `${s}\n`).join(''))?.toString('utf8') ?? '';
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]+) blob (\d+)$/.exec(line);
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}

const textOf = (b: Buffer | null | undefined): string | null => (b ? b.toString('utf8').replace(/^\uFEFF/, '') : null);

/** Per commit, the blob each file became (all zeros: deleted), from `git log --raw`. */
function parseRaw(text: string): { commit: string; parent: string | null; blobs: Map<string, string> }[] {
  const out: { commit: string; parent: string | null; blobs: Map<string, string> }[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('\u0000')) {
      const [commit, parent] = line.slice(1).trim().split(' ');
      out.push({ commit: commit!, parent: parent ?? null, blobs: new Map() });
    }
    const m = /^:\d+ \d+ [0-9a-f]+ ([0-9a-f]+) [A-Z]\d*\t(.*)$/.exec(line);
    if (m && out.length > 0) out[out.length - 1]!.blobs.set(m[2]!, m[1]!);
  }
  return out;
}

/**
 * Lines of the journal at HEAD, each with the commit that added it, when every version since `start` is a prefix
 * of HEAD's (the append-only case): then a version's size says where it ends, and git need not diff anything. A
 * version is proven a prefix by its blob id, the hash of those bytes. Null when history rewrote the journal.
 */
function originsByPrefix(headBlob: Buffer, startBlob: Buffer | null, versions: readonly { k: number; id: string }[],
  sizes: ReadonlyMap<string, number>): number[] | null {
  if (startBlob && (startBlob.length > headBlob.length || !headBlob.subarray(0, startBlob.length).equals(startBlob))) return null;
  const ends: number[] = []; // byte offset after each line of HEAD's journal
  for (let i = headBlob.indexOf(10); i !== -1; i = headBlob.indexOf(10, i + 1)) ends.push(i + 1);
  if (headBlob.length > 0 && headBlob[headBlob.length - 1] !== 10) ends.push(headBlob.length);
  /** Lines (complete or not) in the first `size` bytes. */
  const linesIn = (size: number): number => {
    let lo = 0;
    let hi = ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid]! <= size) lo = mid + 1;
      else hi = mid;
    }
    return lo < ends.length && size > (lo === 0 ? 0 : ends[lo - 1]!) ? lo + 1 : lo;
  };
  const counts: number[] = [];
  for (const v of versions) {
    const size = v.id.match(/^0+$/) ? 0 : sizes.get(v.id);
    if (size === undefined || size > headBlob.length) return null;
    if (size > 0) {
      const hash = createHash(v.id.length === 64 ? 'sha256' : 'sha1').update(`blob ${size}\u0000`).update(headBlob.subarray(0, size)).digest('hex');
      if (hash !== v.id) return null;
    }
    counts.push(linesIn(size));
  }
  // A line is as new as the version after the last one that lacked it: walk back, holding the fewest lines since.
  const origins = new Array<number>(ends.length).fill(BASE);
  let fewest = ends.length;
  for (let n = versions.length - 1; n >= -1; n--) {
    const have = n === -1 ? linesIn(startBlob?.length ?? 0) : counts[n]!;
    for (let l = have; l < fewest; l++) origins[l] = versions[n + 1]?.k ?? BASE;
    fewest = Math.min(fewest, have);
  }
  return origins;
}

/** lock_date of a ledger.yaml text; `undefined` when it cannot be read (then the lock is taken as unchanged). */
function lockOf(text: string | null): LocalDate | null | undefined {
  if (text === null) return null;
  const value = readYaml(CONFIG_FILE, text).input.value;
  if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = (value as Record<string, unknown>)['lock_date'];
  if (v === undefined || v === null || v === '') return null;
  return typeof v === 'string' && isLocalDate(v) ? v : undefined;
}

const splitLines = (text: string): string[] => {
  if (text === '') return [];
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  return lines;
};

/** Every row of REV still there, unchanged and in place; every row added since held to the lock of its time. */
export function checkAgainstBase(dir: string, rev: string, loaded: LoadedLedger): LedgerIssue[] {
  const top = git(dir, ['rev-parse', '--show-toplevel']);
  if (top === null) throw new UsageError(`--base needs the ledger to be in a git repository, and ${dir} is not`);
  const shallow = (): boolean => git(dir, ['rev-parse', '--is-shallow-repository'])?.trim() === 'true';
  const fetchMore = 'this clone is shallow: fetch the history (git fetch --unshallow, or fetch-depth: 0 in CI)';
  // A revision never starts with "-"; git would read one as an option.
  const revSha = rev.startsWith('-') ? undefined : git(dir, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`])?.trim();
  if (!revSha) {
    throw new UsageError(`--base ${JSON.stringify(rev)} is not a git revision of ${top.trim()} — ${shallow() ? fetchMore : 'give a branch, tag or commit'}`);
  }
  const head = git(dir, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'])?.trim();
  if (!head) throw new UsageError(`--base ${JSON.stringify(rev)}: the repository at ${top.trim()} has no commit checked out (HEAD)`);
  const walk = ['log', '--first-parent', '--reverse', '--diff-merges=first-parent', '--no-show-signature', '--relative', '--no-renames',
    '--format=%x00%H %P', `${revSha}..${head}`];
  const raw = git(dir, [...walk, '--raw', '--no-abbrev', '--', ...FILES]);
  if (raw === null) throw new UsageError(`--base ${JSON.stringify(rev)}: git could not list the commits since it in ${top.trim()}`);
  const commits = parseRaw(raw);
  // Where the walk from HEAD meets REV's history: REV when HEAD descends from it along first parents; where the
  // branch forked when REV came in through a merge. The files there are what the first commit changed.
  const start = commits.length === 0 ? head : commits[0]!.parent;
  if (start === null && shallow()) throw new UsageError(`--base ${JSON.stringify(rev)}: the history between it and HEAD is missing — ${fetchMore}`);

  // One read of every file at REV, where the walk starts, and HEAD, and of each version of ledger.yaml since.
  const yamlIds = [...new Set(commits.map((c) => c.blobs.get(CONFIG_FILE)).filter((b): b is string => b !== undefined && !/^0+$/.test(b)))];
  const specs = [...FILES.map((f) => `${revSha}:./${f}`), ...FILES.map((f) => `${start ?? revSha}:./${f}`),
    ...JOURNAL_NAMES.map((f) => `${head}:./${f}`), ...yamlIds];
  const objects = readObjects(dir, specs);
  const n = FILES.length;
  const atRev = new Map(FILES.map((f, i) => [f, objects[i] ?? null]));
  const atStart = new Map(FILES.map((f, i) => [f, start === null ? null : objects[n + i] ?? null]));
  const atHead = new Map(JOURNAL_NAMES.map((f, i) => [f, objects[2 * n + i] ?? null]));
  const yamlAt = new Map(yamlIds.map((id, i) => [id, objects[2 * n + JOURNAL_NAMES.length + i] ?? null]));

  // lock_date after each commit, then the working tree's.
  const revLock = lockOf(textOf(atRev.get(CONFIG_FILE))) ?? null;
  const startLock = lockOf(textOf(atStart.get(CONFIG_FILE))) ?? null;
  let lock = startLock;
  const states: HistoryState[] = [];
  for (const c of commits) {
    const id = c.blobs.get(CONFIG_FILE);
    if (id !== undefined) {
      const l = lockOf(/^0+$/.test(id) ? null : textOf(yamlAt.get(id)));
      if (l !== undefined) lock = l;
    }
    states.push({ commit: c.commit, lock });
  }
  // An unreadable lock_date now is reported by the ledger check itself, not taken for a removed one.
  const lockNow = lockOf(loaded.texts.get(CONFIG_FILE) ?? null);
  states.push({ commit: null, lock: lockNow === undefined ? lock : lockNow });

  // Which commit brought each line of each journal at HEAD: from blob sizes when the journal was only appended to,
  // else (history rewrote it) from one `git log -p` over those journals.
  const byLine = new Map<JournalName, number[]>();
  const rewritten: JournalName[] = [];
  const versionsOf = (f: string): { k: number; id: string }[] =>
    commits.flatMap((c, k) => (c.blobs.has(f) ? [{ k, id: c.blobs.get(f)! }] : []));
  const sizes = blobSizes(dir, [...new Set(JOURNAL_NAMES.flatMap((f) => versionsOf(f).map((v) => v.id)))].filter((id) => !/^0+$/.test(id)));
  for (const f of JOURNAL_NAMES) {
    const headBlob = atHead.get(f) ?? null;
    if (headBlob === null) {
      byLine.set(f, []);
      continue;
    }
    const o = originsByPrefix(headBlob, atStart.get(f) ?? null, versionsOf(f), sizes);
    if (o) byLine.set(f, o);
    else rewritten.push(f);
  }
  if (rewritten.length > 0) {
    const log = git(dir, [...walk, ...DIFF, '--', ...rewritten]);
    if (log === null) throw new UsageError(`--base ${JSON.stringify(rev)}: git could not show the commits since it in ${top.trim()}`);
    const patches = parsePatches(log);
    for (const f of rewritten) {
      let origins: number[] = new Array<number>(lineCount(textOf(atStart.get(f)) ?? '')).fill(BASE);
      // Commits are matched by hash: the patch walk lists only those that touched these journals.
      const index = new Map(commits.map((c, k) => [c.commit, k]));
      for (const p of patches) {
        const hunks = p.files.get(f);
        const k = index.get(p.commit ?? '');
        if (hunks && k !== undefined) origins = patchLines(origins, hunks, (_h, _i, prior) => prior ?? k);
      }
      byLine.set(f, origins);
    }
  }
  const work = parsePatches(git(dir, ['diff', ...DIFF, 'HEAD', '--', ...JOURNAL_NAMES]) ?? '')[0]?.files ?? new Map<string, Hunk[]>();

  const journals: JournalHistory[] = [];
  for (const file of JOURNAL_NAMES) {
    const baseText = textOf(atRev.get(file)) ?? '';
    const nowText = loaded.texts.get(file) ?? '';
    if (baseText === '' && nowText === '') continue;
    let origins = byLine.get(file) ?? [];
    const hunks = work.get(file);
    if (hunks) origins = patchLines(origins, hunks, (_h, _i, prior) => prior ?? commits.length);
    journals.push({ file, baseRows: () => readCsv(file, baseText).rows, baseText, now: readCsv(file, nowText).rows, nowText, origins });
  }
  const lockLine = readYaml(CONFIG_FILE, loaded.texts.get(CONFIG_FILE) ?? '').input.lineOf(['lock_date']) ?? 1;
  return checkHistory({ rev, revLock, startLock, states, lockLine, journals });
}
