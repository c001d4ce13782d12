// Letters on disk: a ledger's own letter templates (templates/), rendering with them, and the letters in outbox/<date>/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TEMPLATE_NAME_RE, type YamlInput } from '../core/config.js';
import { issue, DataError, type LedgerIssue } from '../core/issues.js';
import type { Ledger } from '../core/ledger.js';
import type { LedgerConfig } from '../core/types.js';
import { letterPath, type DunningLetter, type DunningPlan } from '../core/reports/dunning.js';
import {
  builtinTemplates, letterView, renderLetter, TemplateError, type LetterTemplates, type RenderedLetter,
} from '../core/templates/letters.js';
import { createTemp, ledgerPathProblem, pathHint, sweepTemps, writeAllSync } from './paths.js';
import { fsyncDir, IoError, ioReason } from './txn.js';

export const TEMPLATES_DIR = 'templates';
const FORMATS = ['txt', 'md', 'html'] as const;
type Format = (typeof FORMATS)[number];

/** The only paths letters are written to: outbox/<date>/<customer>-L<level>.<ext>. */
const LETTER_TEMP_RE = /^\.[A-Za-z0-9][A-Za-z0-9._-]{0,63}-L\d{1,3}\.(?:txt|md|html|pdf)\.[0-9a-f]{16}\.arledger-tmp$/;
const LETTER_PATH_RE = /^outbox\/\d{4}-\d{2}-\d{2}\/[A-Za-z0-9][A-Za-z0-9._-]{0,63}-L\d{1,3}\.(?:txt|md|html|pdf)$/;

export interface ResolvedTemplates {
  readonly templates: LetterTemplates;
  /** Where each format came from: `templates/<name>.<fmt>.mustache` or `built-in <name>`, for error messages. */
  readonly sources: Readonly<Record<Format, string>>;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function readTemplateFile(dir: string, rel: string): string | null {
  const problem = ledgerPathProblem(dir, rel, 'file');
  if (problem !== null) throw new DataError([issue(rel, undefined, problem, pathHint(rel, 'file'))]);
  let buf: Buffer;
  try {
    buf = fs.readFileSync(path.join(dir, rel));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new IoError(`cannot read ${rel}: ${ioReason(e)}; nothing was written`);
  }
  try {
    const text = utf8.decode(buf);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    throw new DataError([issue(rel, undefined, 'is not valid UTF-8', 'save the template as UTF-8')]);
  }
}

/**
 * The templates for a letter: each format from `templates/<name>.<fmt>.mustache` when the ledger has that file,
 * else the built-in template of that name; a format with neither is a data error.
 */
export function resolveLetterTemplates(dir: string, name: string): ResolvedTemplates {
  if (!TEMPLATE_NAME_RE.test(name)) {
    throw new DataError([issue('ledger.yaml', undefined, `dunning template ${JSON.stringify(name)} is not a template name`,
      'use letters, digits, ".", "-" and "_" (no path), e.g. template: reminder')]);
  }
  const builtin = builtinTemplates(name);
  const out: Partial<Record<Format, string>> = {};
  const sources: Partial<Record<Format, string>> = {};
  for (const f of FORMATS) {
    const rel = `${TEMPLATES_DIR}/${name}.${f}.mustache`;
    const own = readTemplateFile(dir, rel);
    if (own !== null) {
      out[f] = own;
      sources[f] = rel;
    } else if (builtin) {
      out[f] = builtin[f];
      sources[f] = `built-in ${name}`;
    } else {
      throw new DataError([issue('ledger.yaml', undefined, `dunning template ${JSON.stringify(name)} has no ${rel} and is not built in`,
        `create ${rel}, or use one of the built-in templates reminder, second-notice, final-demand`)]);
    }
  }
  return { templates: out as LetterTemplates, sources: sources as Record<Format, string> };
}

/**
 * The dunning levels whose template is neither built in nor complete in templates/, each reported at the level's
 * line of ledger.yaml, so that `check` finds what the nightly `dunning` would otherwise stop on.
 */
export function missingTemplates(dir: string, levels: LedgerConfig['dunning']['levels'], config: YamlInput): LedgerIssue[] {
  const out: LedgerIssue[] = [];
  levels.forEach((level, i) => {
    if (!TEMPLATE_NAME_RE.test(level.template) || builtinTemplates(level.template)) return;
    const missing = FORMATS.map((f) => `${TEMPLATES_DIR}/${level.template}.${f}.mustache`).filter((rel) => !fs.existsSync(path.join(dir, rel)));
    if (missing.length === 0) return;
    out.push(issue(config.file, config.lineOf(['dunning', 'levels', i, 'template']) ?? 1,
      `dunning template ${JSON.stringify(level.template)} of level ${level.level} is not built in and has no ${missing.join(', ')}`,
      `create ${missing.length === 1 ? 'it' : 'them'}, or use one of the built-in templates reminder, second-notice, final-demand`));
  });
  return out;
}

export interface OutboxFile {
  /** Relative to the ledger directory, e.g. outbox/2026-11-30/ACME-L2.txt. */
  readonly path: string;
  readonly text: string | Buffer;
}


/** The absolute path of a letter, refusing anything but outbox/<date>/<name> inside the ledger. */
function letterTarget(dir: string, rel: string): string {
  if (!LETTER_PATH_RE.test(rel)) throw new Error(`refusing to write a letter to ${JSON.stringify(rel)}`);
  const outbox = path.resolve(dir, 'outbox');
  const target = path.resolve(dir, rel);
  if (path.dirname(path.dirname(target)) !== outbox) throw new Error(`refusing to write a letter outside ${outbox}: ${rel}`);
  return target;
}

/**
 * Writes letters, each atomically (temporary file, fsync, rename), replacing a letter of the same name that a run
 * interrupted before its log commit left behind. On failure the letters this call created are removed again.
 * Returns what removes them, for a caller whose log commit fails afterwards.
 */
export function writeOutbox(dir: string, files: readonly OutboxFile[]): () => void {
  const targets = files.map((f) => ({ ...f, abs: letterTarget(dir, f.path) }));
  // Refused before anything is written: letters go only into directories of the ledger's own. (Anything else in
  // the way, e.g. a file named outbox, fails below as the I/O error it is.)
  const problems = [...new Set(targets.flatMap((f) => ['outbox', path.dirname(f.path)]))].flatMap((rel) => {
    const problem = ledgerPathProblem(dir, rel, 'dir');
    return problem === null || !problem.startsWith('is a symbolic link') ? [] : [issue(rel, undefined, problem, pathHint(rel, 'dir'))];
  });
  if (problems.length > 0) throw new DataError(problems);
  // Letters' temporary files left by a run killed mid-write; only writeOutbox makes them, under the ledger lock.
  for (const d of new Set(targets.map((f) => path.dirname(f.abs)))) sweepTemps(d, LETTER_TEMP_RE);
  const created: string[] = [];
  const createdDirs: string[] = [];
  const temps: string[] = [];
  try {
    for (const f of targets) {
      const parent = path.dirname(f.abs);
      for (const d of [path.dirname(parent), parent]) {
        if (!fs.existsSync(d)) {
          fs.mkdirSync(d);
          createdDirs.push(d);
        }
      }
      const existed = fs.existsSync(f.abs);
      // Exclusively, under a name nobody can guess: a symlink planted at a predictable name would be written through.
      const tmp = createTemp(f.abs);
      temps.push(tmp.path);
      try {
        writeAllSync(tmp.fd, f.text);
      } finally {
        fs.closeSync(tmp.fd);
      }
      fs.renameSync(tmp.path, f.abs);
      temps.pop();
      if (!existed) created.push(f.abs);
    }
    for (const d of new Set(targets.map((f) => path.dirname(f.abs)))) fsyncDir(d);
  } catch (e) {
    for (const t of temps) quietly(() => fs.rmSync(t, { force: true }));
    removeCreated(created, createdDirs);
    throw new IoError(`cannot write the letters in ${path.join(dir, 'outbox')}: ${ioReason(e)}; nothing was written`);
  }
  return () => removeCreated(created, createdDirs);
}

/**
 * Best effort: what cannot be removed (a directory another letter landed in, a path that is not a directory) is
 * left, and the error that matters is the one the caller reports.
 */
function quietly(undo: () => void): void {
  try {
    undo();
  } catch {
    /* see above */
  }
}

function removeCreated(created: readonly string[], createdDirs: readonly string[]): void {
  for (const p of created) quietly(() => fs.rmSync(p, { force: true }));
  for (const d of [...createdDirs].reverse()) quietly(() => fs.rmdirSync(d));
}

export interface LetterFiles {
  readonly letter: DunningLetter;
  readonly rendered: RenderedLetter;
  /** The .txt, .md and .html files of the letter, and its .pdf when asked for. */
  readonly files: readonly OutboxFile[];
}

/** Makes a letter's PDF from its Markdown rendering (the CLI's PDF maker, loaded before the run). */
export type LetterPdf = (
  markdown: string, meta: { readonly title: string; readonly author: string; readonly date: string }, epcPayload: string,
) => Buffer;

/**
 * Renders every letter of a plan with the ledger's templates (or the built-in ones); a template mustache cannot
 * parse is a data error naming its file.
 */
export function renderLetters(
  dir: string, ledger: Ledger, plan: DunningPlan, pdf?: LetterPdf, qrSvg?: (payload: string) => string,
  onLetter?: (done: number, total: number) => void,
): LetterFiles[] {
  const cache = new Map<string, ResolvedTemplates>();
  const out = plan.letters.map((letter, index) => {
    onLetter?.(index, plan.letters.length);
    let t = cache.get(letter.template);
    if (!t) cache.set(letter.template, (t = resolveLetterTemplates(dir, letter.template)));
    const plain = letterView(ledger.config, ledger.customers.get(letter.customer)!, letter, plan.asOf);
    const view = qrSvg && plain.epc_payload !== '' ? { ...plain, qr_svg: qrSvg(plain.epc_payload), has_qr: true } : plain;
    let rendered: RenderedLetter;
    try {
      rendered = renderLetter(view, t.templates);
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      throw new DataError([issue(t.sources[e.format], undefined, `cannot render the ${e.format} letter: ${e.message}`,
        'fix the mustache syntax: every {{#section}} needs its {{/section}}')]);
    }
    const at = (ext: 'txt' | 'md' | 'html' | 'pdf'): string => letterPath(plan.asOf, letter.customer, letter.level, ext);
    const files: OutboxFile[] = [{ path: at('txt'), text: rendered.text }, { path: at('md'), text: rendered.markdown }, { path: at('html'), text: rendered.html }];
    if (pdf) {
      const meta = { title: `Letter to ${view.customer.name}`, author: ledger.config.company.name, date: plan.asOf };
      files.push({ path: at('pdf'), text: pdf(rendered.markdown, meta, view.epc_payload) });
    }
    return { letter, rendered, files };
  });
  onLetter?.(out.length, out.length);
  return out;
}
