// Problems found in a ledger or an input, each tied to the place a bookkeeper would open in an editor.

export interface LedgerIssue {
  readonly file: string;
  /** 1-based line; absent when the problem concerns the file as a whole. */
  readonly line?: number;
  readonly message: string;
  /** What would be valid, said once. */
  readonly hint?: string;
}

export function issue(file: string, line: number | undefined, message: string, hint?: string): LedgerIssue {
  const out: { file: string; line?: number; message: string; hint?: string } = { file, message };
  if (line !== undefined) out.line = line;
  if (hint !== undefined) out.hint = hint;
  return out;
}

/** `file:line: message — hint`, the one form every problem is printed in. */
export function formatIssue(i: LedgerIssue): string {
  const place = i.line !== undefined ? `${i.file}:${i.line}` : i.file;
  return `${place}: ${i.message}${i.hint ? ` — ${i.hint}` : ''}`;
}

export function compareIssues(a: LedgerIssue, b: LedgerIssue): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0);
}

/** A ledger or input that breaks the rules: nothing is written, exit 3. */
export class DataError extends Error {
  /**
   * `reading`: raised by a report, which never writes, so there is no "nothing was written" to say.
   * `input`: the file named on the command line (a statement, an export) the problems are in, not the ledger's.
   */
  constructor(readonly issues: readonly LedgerIssue[], readonly reading = false, readonly input: string | null = null) {
    super(issues.map(formatIssue).join('\n'));
  }
}

/** `e` told as problems of the input file `file` when it is a DataError that does not name its file yet. */
export function inInputFile(e: unknown, file: string): unknown {
  return e instanceof DataError && e.input === null ? new DataError(e.issues, e.reading, file) : e;
}

/** A command line that cannot be carried out as written: exit 2. */
export class UsageError extends Error {}

/** A command refused for a reason about the data rather than its syntax (credit hold, lock date): exit 3. */
export class RefusedError extends Error {}

/** A bug in arledger itself, never a user's mistake. */
export class InternalError extends Error {}

/** Quotes a value for a message so that empty and space-padded values are visible. */
export function q(value: string): string {
  return JSON.stringify(value);
}
