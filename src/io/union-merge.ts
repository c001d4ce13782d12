// `check`: rows a union merge of two git branches left twice, told apart from real repeats by where they came from.
import { createRequire } from 'node:module';
import { issue, type LedgerIssue } from '../core/issues.js';
import type { JournalName } from '../core/journals.js';
import { readCsv } from './csv.js';
import type { LoadedLedger } from './load.js';

// child_process (and with it net and dgram) is loaded when git is first run: most runs of check never run it.
let childProcess: typeof import('node:child_process') | undefined;
const execFileSync = ((...args: unknown[]) => {
  childProcess ??= createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
  return (childProcess.execFileSync as (...a: unknown[]) => unknown)(...args);
}) as typeof import('node:child_process').execFileSync;

/** Journals in which the core accepts an identical row as a real repeat (src/core/ledger.ts says why). */
const REPEATABLE: readonly JournalName[] = ['applications.csv', 'disputes.csv'];

const UNCOMMITTED = /^0{40}$/;

function git(dir: string, args: string[]): string | null {
  try {
    return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  } catch {
    return null;
  }
}

/**
 * A union merge keeps the rows each branch appended, so a row both branches wrote is there twice, each copy
 * brought by a commit of its own branch: two commits neither of which is an ancestor of the other. A row
 * written twice on one line of history (the second application of 100.00 on the same day, committed after the
 * first, or both not yet committed) has copies from ordered commits and is a real repeat. Outside git there is
 * no union merge, and nothing is reported.
 */
export function unionMergeDuplicates(dir: string, loaded: LoadedLedger): LedgerIssue[] {
  const out: LedgerIssue[] = [];
  let inGit: boolean | null = null;
  const ancestor = new Map<string, boolean>();
  const isAncestor = (a: string, b: string): boolean => {
    const key = `${a} ${b}`;
    let v = ancestor.get(key);
    if (v === undefined) {
      v = git(dir, ['merge-base', '--is-ancestor', a, b]) !== null;
      ancestor.set(key, v);
    }
    return v;
  };
  for (const name of REPEATABLE) {
    const rows = readCsv(name, loaded.texts.get(name) ?? '').rows;
    const copies = new Map<string, number[]>();
    for (const r of rows) {
      const key = r.fields.join('\u0000');
      const lines = copies.get(key);
      if (lines) lines.push(r.line);
      else copies.set(key, [r.line]);
    }
    const repeated = [...copies.values()].filter((l) => l.length > 1);
    if (repeated.length === 0) continue;
    inGit ??= git(dir, ['rev-parse', '--is-inside-work-tree']) !== null;
    if (!inGit) return out;
    // Only the repeated lines are blamed: on a journal of a million rows, blaming it whole takes minutes.
    const wanted = repeated.flat();
    const ranges = wanted.length <= 2000 ? wanted.flatMap((l) => ['-L', `${l},${l}`]) : [];
    const blame = git(dir, ['blame', '--porcelain', ...ranges, '--', name]);
    if (blame === null) continue;
    const commitOf = new Map<number, string>();
    for (const m of blame.matchAll(/^([0-9a-f]{40}) \d+ (\d+)/gm)) commitOf.set(Number(m[2]), m[1]!);
    // A copy the ledger's own rules already reported (a repeated dispute event) is not reported twice.
    const reported = new Set(loaded.issues.filter((i) => i.file === name).map((i) => i.line));
    for (const lines of repeated) {
      for (let k = 1; k < lines.length; k++) {
        if (reported.has(lines[k]!)) continue;
        const c = commitOf.get(lines[k]!);
        if (!c || UNCOMMITTED.test(c)) continue;
        const from = lines.slice(0, k).find((l) => {
          const p = commitOf.get(l);
          return p !== undefined && !UNCOMMITTED.test(p) && p !== c && !isAncestor(p, c) && !isAncestor(c, p);
        });
        if (from === undefined) continue;
        const p = commitOf.get(from)!;
        out.push(issue(name, lines[k]!, `duplicate row, same as line ${from}: the copies come from commits ${c.slice(0, 7)} and ${p.slice(0, 7)} of two branches, and a union merge kept both`,
          'if both branches recorded one event, redo that merge so that it keeps one copy (posted rows are never edited after it)'));
      }
    }
  }
  return out;
}
