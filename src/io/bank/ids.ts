// Bank ids for statement lines: the bank's own reference where it names one line, else a digest of the line.
import { createHash } from 'node:crypto';
import type { LedgerIssue } from '../../core/issues.js';
import type { BankLine } from '../../core/reconcile/line.js';

export type DraftLine = Omit<BankLine, 'bankId'> & { readonly candidateId: string; readonly account: string };

/**
 * Gives each line its id. A bank reference shared by two lines of the file is no id, so those lines get a
 * digest of what they say (account, date, amount, parties, text) and how many identical lines came before,
 * which stays the same when the line reappears in an overlapping statement.
 */
export function assignIds(drafts: readonly DraftLine[], prefix: string): BankLine[] {
  const count = new Map<string, number>();
  for (const d of drafts) if (d.candidateId !== '') count.set(d.candidateId, (count.get(d.candidateId) ?? 0) + 1);
  const seen = new Map<string, number>();
  return drafts.map((d) => {
    const { candidateId, account, ...line } = d;
    let bankId = candidateId;
    if (bankId === '' || count.get(bankId)! > 1) {
      const key = [account, d.date, d.direction, d.amount, d.currency, d.payerName, d.payerIban, d.text, d.reference, candidateId].join('\u001f');
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      bankId = `${prefix}-${createHash('sha256').update(`${key}\u001f${n}`).digest('hex').slice(0, 16)}`;
    }
    return { ...line, bankId };
  });
}

/** The 1-based line of the `n`th (0-based) match of `re` in `text`, or undefined. */
export function lineOfMatch(text: string, re: RegExp, n: number): number | undefined {
  let i = 0;
  for (const m of text.matchAll(re)) {
    if (i++ === n) return lineAt(text, m.index);
  }
  return undefined;
}

export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** A statement of a file whose balances do not add up: its index among the file's statements and the issue that says so. */
export interface Unbalanced {
  readonly index: number;
  readonly id: string;
  readonly issue: LedgerIssue;
}
