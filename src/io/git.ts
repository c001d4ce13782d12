// `check --base REV`: reads what git knows of the ledger since a revision, in a handful of git calls however many
// commits and rows there are (two more per commit that rewrote a journal), and hands it to the core's check.
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { BASE, checkHistory, patchLines, type HistoryState, type Hunk, type JournalHistory } from '../core/append-only.js';
import { isLocalDate, type LocalDate } from '../core/date.js';
import { UsageError, type LedgerIssue } from '../core/issues.js';
import { JOURNAL_NAMES, type JournalName } from '../core/journals.js';
import { readCsv } from './csv.js';
import { CONFIG_FILE, type LoadedLedger } from './load.js';
import { readYaml } from './yaml.js';

// child_process (and with it net and dgram) is loaded when git is first run: most runs of check never run it.
let childProcess: typeof import('node:child_process') | undefined;
const execFileSync = ((...args: unknown[]) => {
  childProcess ??= createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
  return (childProcess.execFileSync as (...a: unknown[]) => unknown)(...args);
}) as typeof import('node:child_process').execFileSync;

const FILES = [CONFIG_FILE, ...JOURNAL_NAMES];

/** The first line git wrote to stderr when it last failed, to say why in a message. */
let lastGitError = '';

function gitRaw(dir: string, args: string[], input?: string): Buffer | null {
  // A user's pager or external diff must not change what is parsed here.
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_PAGER: 'cat', LC_ALL: 'C' };
  delete env['GIT_EXTERNAL_DIFF'];
  try {
    return execFileSync('git', ['-C', dir, ...args], { input: input ?? '', stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 30, env });
  } catch (e) {
    const stderr = (e as { stderr?: Buffer | string }).stderr;
    lastGitError = (stderr ? stderr.toString() : (e as Error).message).split('\n')[0]!.replace(/^fatal: /, '').trim();
    return null;
  }
}

function git(dir: string, args: string[]): string | null {
  return gitRaw(dir, args)?.toString('utf8') ?? null;
}

/** Diff options that give every change as bare hunks, a line end (CR) not counting as a change. */
const DIFF = ['-p', '-U0', '-a', '--no-renames', '--no-color', '--no-ext-diff', '--no-textconv', '--ignore-cr-at-eol',
  '--relative', '--src-prefix=a/', '--dst-prefix=b/'];

/** Hunks of each file in `git diff` output. */
type FileHunks = Map<string, Hunk[]>;

const HUNK_RE = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
const stripCr = (s: string): string => (s.endsWith('\r') ? s.slice(0, -1) : s);

/** Hunks of each file in `git diff` output. Hunk bodies are consumed by their counts, so no data line is taken for a header. */
function parsePatch(text: string): FileHunks {
  const files: FileHunks = new Map();
  let file: string | null = null;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('diff --git ')) {
      const m = /^diff --git a\/(.*?) b\//.exec(line);
      file = m ? m[1]! : null;
      continue;
    }
    const h = HUNK_RE.exec(line);
    if (!h || file === null) continue;
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
    const list = files.get(file) ?? [];
    list.push({ oldStart: oldCount === 0 ? oldLine : oldLine - 1, oldCount, added, same });
    files.set(file, list);
  }
  return files;
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

interface Version {
  /** Index of the commit (in the walk) that made this version. */
  readonly k: number;
  /** Its blob id; all zeros when the commit deleted the file. */
  readonly id: string;
}

const ZERO_RE = /^0+$/;

/** Byte offset after each line of a text (a last line without a newline included). */
function lineEnds(text: Buffer): number[] {
  const ends: number[] = [];
  for (let i = text.indexOf(10); i !== -1; i = text.indexOf(10, i + 1)) ends.push(i + 1);
  if (text.length > 0 && text[text.length - 1] !== 10) ends.push(text.length);
  return ends;
}

/**
 * Which state of history brought each line of a journal. While the journal is only appended to, each version is a
 * prefix of the next, proven by its blob id (the hash of those bytes), and its size says where it ends: no diff
 * and no read of old versions. Where a commit rewrote the journal, the two versions around it are read and diffed
 * once, and the version before is attributed the same way. So the git work grows with the rewrites, not the commits.
 */
class Attribution {
  constructor(
    private readonly dir: string,
    private readonly sizes: ReadonlyMap<string, number>,
    /** The journal where the walk starts (`START:./file`), and that spec for git diff. */
    private readonly start: Buffer | null,
    private readonly startSpec: string | null,
  ) {}

  private size(v: Version): number | undefined {
    return ZERO_RE.test(v.id) ? 0 : this.sizes.get(v.id);
  }

  private isPrefix(top: Buffer, v: Version): boolean {
    const size = this.size(v);
    if (size === undefined || size > top.length) return false;
    if (size === 0) return true;
    const hash = createHash(v.id.length === 64 ? 'sha256' : 'sha1').update(`blob ${size}\u0000`).update(top.subarray(0, size)).digest('hex');
    return hash === v.id;
  }

  /** Lines of `top`, the content of the last of `versions` (of the start when there are none). */
  origins(top: Buffer, versions: readonly Version[]): number[] {
    const ends = lineEnds(top);
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
    if (versions.length === 0) return new Array<number>(ends.length).fill(BASE);
    // versions[e..] are prefixes of top; what came before them is known through `initial`, the lines of the
    // earliest such version (or of the start).
    let e = versions.length - 1;
    while (e > 0 && this.isPrefix(top, versions[e - 1]!)) e--;
    let initial: number[];
    let initialSize: number;
    let run: readonly Version[];
    const startPrefix = this.start === null || (this.start.length <= top.length && top.subarray(0, this.start.length).equals(this.start));
    if (e === 0 && startPrefix) {
      initial = new Array<number>(lineEnds(this.start ?? Buffer.alloc(0)).length).fill(BASE);
      initialSize = this.start?.length ?? 0;
      run = versions;
    } else {
      const v = versions[e]!;
      const before = e === 0 ? null : versions[e - 1]!;
      const prevText = before === null ? this.start : ZERO_RE.test(before.id) ? null : readObjects(this.dir, [before.id])[0] ?? null;
      const prevSpec = before === null ? this.startSpec : before.id;
      const prev = before === null ? new Array<number>(lineEnds(prevText ?? Buffer.alloc(0)).length).fill(BASE)
        : this.origins(prevText ?? Buffer.alloc(0), versions.slice(0, e));
      initialSize = this.size(v) ?? 0;
      const vLines = linesIn(initialSize);
      if (prevText === null || prevText.length === 0 || prevSpec === null || ZERO_RE.test(v.id)) {
        initial = new Array<number>(vLines).fill(v.k);
      } else {
        const diff = git(this.dir, ['diff', ...DIFF.filter((o) => o !== '--relative'), prevSpec, v.id]);
        const hunks = diff === null ? null : [...parsePatch(diff).values()][0] ?? [];
        initial = hunks === null ? new Array<number>(vLines).fill(v.k) : patchLines(prev, hunks, (_h, _i, prior) => prior ?? v.k);
      }
      run = versions.slice(e);
    }
    // A line is as new as the version after the last one that lacked it: walk back, holding the fewest lines since.
    const out = new Array<number>(ends.length).fill(BASE);
    let fewest = ends.length;
    for (let n = run.length - 1; n >= -1; n--) {
      const have = n === -1 ? linesIn(initialSize) : linesIn(this.size(run[n]!) ?? 0);
      for (let l = have; l < fewest; l++) out[l] = run[n + 1]?.k ?? BASE;
      fewest = Math.min(fewest, have);
    }
    for (let l = 0; l < fewest; l++) out[l] = initial[l] ?? run[0]?.k ?? BASE;
    return out;
  }
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

/** Every row of REV still there, unchanged and in place; every row added since held to the lock of its time. */
export function checkAgainstBase(dir: string, rev: string, loaded: LoadedLedger): LedgerIssue[] {
  const top = git(dir, ['rev-parse', '--show-toplevel']);
  if (top === null && /spawnSync git ENOENT/.test(lastGitError)) throw new UsageError('--base needs git, and no git command was found on PATH — install git');
  if (top === null) {
    // "not a git repository" is what the message says already; anything else (a repository git refuses to use, say
    // for its owner) is worth quoting.
    const why = /not a git repository/i.test(lastGitError) || lastGitError === '' ? '' : ` (git: ${lastGitError})`;
    throw new UsageError(`--base needs the ledger to be in a git repository, and ${dir} is not${why}`);
  }
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
  // git before 2.31 has no --diff-merges; there `-m` with --first-parent shows a merge against its first parent.
  const raw = git(dir, [...walk, '--raw', '--no-abbrev', '--', ...FILES])
    ?? git(dir, [...walk.map((o) => (o === '--diff-merges=first-parent' ? '-m' : o)), '--raw', '--no-abbrev', '--', ...FILES]);
  if (raw === null) throw new UsageError(`--base ${JSON.stringify(rev)}: git could not list the commits since it in ${top.trim()}`);
  const commits = parseRaw(raw);
  // Where the walk from HEAD meets REV's history: REV when HEAD descends from it along first parents; where the
  // branch forked when REV came in through a merge. The files there are what the first commit changed.
  const start = commits.length === 0 ? head : commits[0]!.parent;
  if (start === null && shallow()) throw new UsageError(`--base ${JSON.stringify(rev)}: the history between it and HEAD is missing — ${fetchMore}`);

  // One read of every file at REV, where the walk starts, and HEAD, and of each version of ledger.yaml since.
  const yamlIds = [...new Set(commits.map((c) => c.blobs.get(CONFIG_FILE)).filter((b): b is string => b !== undefined && !ZERO_RE.test(b)))];
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
      const l = lockOf(ZERO_RE.test(id) ? null : textOf(yamlAt.get(id)));
      if (l !== undefined) lock = l;
    }
    states.push({ commit: c.commit, lock });
  }
  // An unreadable lock_date now is reported by the ledger check itself, not taken for a removed one.
  const lockNow = lockOf(loaded.texts.get(CONFIG_FILE) ?? null);
  states.push({ commit: null, lock: lockNow === undefined ? lock : lockNow });

  // Which commit brought each line of each journal at HEAD.
  const byLine = new Map<JournalName, number[]>();
  const versionsOf = (f: string): Version[] => commits.flatMap((c, k) => (c.blobs.has(f) ? [{ k, id: c.blobs.get(f)! }] : []));
  const sizes = blobSizes(dir, [...new Set(JOURNAL_NAMES.flatMap((f) => versionsOf(f).map((v) => v.id)))].filter((id) => !ZERO_RE.test(id)));
  for (const f of JOURNAL_NAMES) {
    const headBlob = atHead.get(f) ?? null;
    const startBlob = atStart.get(f) ?? null;
    const attribution = new Attribution(dir, sizes, startBlob, startBlob === null ? null : `${start!}:./${f}`);
    byLine.set(f, headBlob === null ? [] : attribution.origins(headBlob, versionsOf(f)));
  }
  const work = parsePatch(git(dir, ['diff', ...DIFF, 'HEAD', '--', ...JOURNAL_NAMES]) ?? '');

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
