// Who is recording a row (notes, promises, approvals): `--by NAME`, else $ARLEDGER_USER, else git's user.name for
// the ledger's repository. The name is kept in the row, so it must be a single plain line.
import { createRequire } from 'node:module';
import { UsageError } from '../core/issues.js';

export const USER_HINT = 'pass --by NAME, set ARLEDGER_USER, or set git config user.name';

// A name is written into a CSV cell and printed on terminals: no control or bidi-override characters.
const BAD_NAME = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

export function checkUserName(name: string, source: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new UsageError(`${source} is empty — ${USER_HINT}`);
  if (trimmed.length > 100) throw new UsageError(`${source} is ${trimmed.length} characters long — a name of at most 100 characters`);
  if (BAD_NAME.test(trimmed)) throw new UsageError(`${source} ${JSON.stringify(trimmed)} contains a control or direction character — a plain name such as "Anna Keller"`);
  return trimmed;
}

/** The recording user, or undefined when none can be found (the caller decides whether that is an error). */
export function recordingUser(
  by: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  ledgerDir: string,
): string | undefined {
  if (by !== undefined) return checkUserName(by, '--by');
  const fromEnv = env['ARLEDGER_USER'];
  if (fromEnv !== undefined && fromEnv !== '') return checkUserName(fromEnv, 'ARLEDGER_USER');
  const fromGit = gitUserName(ledgerDir);
  return fromGit === undefined ? undefined : checkUserName(fromGit, 'git config user.name');
}

function gitUserName(dir: string): string | undefined {
  try {
    const cp = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
    const out = cp.execFileSync('git', ['-C', dir, 'config', 'user.name'], { stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
    const name = out.toString('utf8').trim();
    return name === '' ? undefined : name;
  } catch {
    return undefined;
  }
}

/**
 * Who records a write-off or credit note and who approved it, for the approval rule (README "Approvals"); the
 * recorder is looked up only when approvals are configured or an approver is named, since it may ask git.
 */
export function approvalOf(
  approvedBy: string | undefined, by: string | undefined, env: Readonly<Record<string, string | undefined>>, ledgerDir: string, configured: boolean,
): { by: string | undefined; approvedBy: string | undefined; userHint: string } | undefined {
  if (!configured && approvedBy === undefined && by === undefined) return undefined;
  return {
    by: recordingUser(by, env, ledgerDir),
    approvedBy: approvedBy === undefined ? undefined : checkUserName(approvedBy, '--approved-by'),
    userHint: USER_HINT,
  };
}
