// `check --base REV`: proves the journals were only appended to since a git revision.
import { execFileSync } from 'node:child_process';
import { issue, q, UsageError, type LedgerIssue } from '../core/issues.js';
import { JOURNAL_NAMES, JOURNALS } from '../core/journals.js';
import { readCsv } from './csv.js';
import type { LoadedLedger } from './load.js';

function git(dir: string, args: string[]): string | null {
  try {
    return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  } catch {
    return null;
  }
}

/** Every row of REV still there, unchanged and in place; no row added since dated on or before lock_date. */
export function checkAgainstBase(dir: string, rev: string, loaded: LoadedLedger): LedgerIssue[] {
  const top = git(dir, ['rev-parse', '--show-toplevel']);
  if (top === null) throw new UsageError(`--base needs the ledger to be in a git repository, and ${dir} is not`);
  if (git(dir, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]) === null) {
    throw new UsageError(`--base ${JSON.stringify(rev)} is not a git revision of ${top.trim()} — give a branch, tag or commit`);
  }
  const issues: LedgerIssue[] = [];
  const lock = loaded.ledger.config.lockDate;
  for (const name of JOURNAL_NAMES) {
    // `REV:./name` is resolved against the ledger directory by git itself, which also copes with symlinked paths.
    const spec = `${rev}:./${name}`;
    const baseText = git(dir, ['show', spec]) ?? '';
    const nowText = loaded.texts.get(name) ?? '';
    const base = readCsv(name, baseText.replace(/^\uFEFF/, '')).rows;
    const now = readCsv(name, nowText).rows;
    let i = 0;
    for (; i < base.length; i++) {
      const b = base[i]!;
      const n = now[i];
      if (!n || n.fields.join('\u0000') !== b.fields.join('\u0000')) {
        const moved = now.findIndex((r) => r.fields.join('\u0000') === b.fields.join('\u0000'));
        issues.push(issue(name, n?.line ?? b.line, moved >= 0
          ? `row of ${rev} (line ${b.line}) moved to line ${now[moved]!.line}: journals are append-only`
          : `row of ${rev} (line ${b.line}) was changed or removed: ${q(b.fields.join(','))}`,
        'restore the row and correct it with a new document (credit note, debit note, reversal)'));
        break;
      }
    }
    if (!lock || i < base.length) continue;
    const dateCol = (JOURNALS[name] as readonly string[]).indexOf('date');
    if (dateCol < 0) continue;
    for (const r of now.slice(base.length)) {
      const d = r.fields[dateCol];
      if (d !== undefined && d <= lock) {
        issues.push(issue(name, r.line, `row added since ${rev} is dated ${d}, on or before lock_date ${lock}`, `the books are closed up to ${lock}; date it later`));
      }
    }
  }
  return issues;
}
