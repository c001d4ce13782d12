// The one internal model every bank statement format is read into: statements of lines, amounts in minor units.
import type { LocalDate } from '../date.js';
import type { Currency, Minor } from '../money.js';

export type Direction = 'credit' | 'debit';

/** One movement on a bank account as the bank reports it; `amount` is positive, `direction` says which way. */
export interface BankLine {
  /** The bank's id of the line, stable across overlapping statements; what `bank_ref` records. */
  readonly bankId: string;
  readonly date: LocalDate;
  readonly amount: Minor;
  readonly currency: Currency;
  readonly direction: Direction;
  readonly payerName: string;
  /** Normalised (no spaces, upper case); empty when the bank gave none. */
  readonly payerIban: string;
  /** Remittance text as the payer wrote it. */
  readonly text: string;
  /** Structured reference (creditor reference, QR/ESR reference, end-to-end id); kept as text, leading zeros and all. */
  readonly reference: string;
  /** The creditor reference the payer quoted as such (camt `CdtrRefInf`); absent when the format has no such field. */
  readonly creditorReference?: string;
  /** Booked (true) or only pending (false). */
  readonly booked: boolean;
  /** The bank reversed an earlier movement with it. */
  readonly reversal: boolean;
  /** Line of the statement file the movement was read from, for messages. */
  readonly sourceLine?: number;
}

export interface Balance {
  readonly date: LocalDate;
  /** Signed: negative when the account is overdrawn. */
  readonly amount: number;
  readonly currency: Currency;
}

export interface BankStatement {
  readonly id: string;
  readonly account: string;
  readonly from: LocalDate | null;
  readonly to: LocalDate | null;
  /** When the bank created the statement (camt `CreDtTm`): no line of it can be dated later. */
  readonly created?: LocalDate | null;
  readonly opening: Balance | null;
  readonly closing: Balance | null;
  readonly lines: readonly BankLine[];
  /** Line of the file where the statement starts, for messages. */
  readonly sourceLine?: number;
}

/** A signed movement: credits add to the account, debits take from it. */
export function signedAmount(line: BankLine): number {
  return line.direction === 'credit' ? line.amount : -line.amount;
}

/**
 * Opening + Σ booked movements = closing, where the statement states both balances. Returns the computed
 * closing balance when it disagrees with the stated one, else null.
 */
export function balanceMismatch(s: BankStatement): number | null {
  if (!s.opening || !s.closing) return null;
  let sum = s.opening.amount;
  for (const l of s.lines) if (l.booked) sum += signedAmount(l);
  return sum === s.closing.amount ? null : sum;
}

/**
 * The period a set of statements covers: their own dates where given, else the first to the last line date,
 * leaving out lines dated after `latest` (today + future_days) or after their statement was created.
 */
export function statementPeriod(statements: readonly BankStatement[], latest: LocalDate | null = null): { from: LocalDate | null; to: LocalDate | null } {
  let from: LocalDate | null = null;
  let to: LocalDate | null = null;
  const widen = (a: LocalDate | null, b: LocalDate | null): void => {
    if (a && (from === null || a < from)) from = a;
    if (b && (to === null || b > to)) to = b;
  };
  for (const s of statements) {
    if (s.from && s.to) widen(s.from, s.to);
    else {
      for (const l of s.lines) {
        if ((latest !== null && l.date > latest) || (s.created && l.date > s.created)) continue;
        widen(l.date, l.date);
      }
    }
  }
  return { from, to };
}
