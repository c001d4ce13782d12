// The AR control total against the general ledger: Σ customer balances in one currency at a date.
import type { LocalDate } from '../date.js';
import type { Ledger } from '../ledger.js';
import type { Currency, Minor } from '../money.js';
import { isDebit } from '../types.js';

export interface GlComparison {
  readonly asOf: LocalDate;
  readonly currency: Currency;
  /** Σ balances = Σ debit documents − Σ credit documents dated on or before asOf (applications cancel out). */
  readonly arTotal: Minor;
  readonly glBalance: Minor;
  /** arTotal − glBalance. */
  readonly difference: Minor;
}

export function compareWithGl(ledger: Ledger, asOf: LocalDate, currency: Currency, glBalance: Minor): GlComparison {
  let total = 0;
  for (const d of ledger.documents) {
    if (d.currency !== currency || d.date > asOf) continue;
    total += isDebit(d) ? d.amount : -d.amount;
  }
  return { asOf, currency, arTotal: total as Minor, glBalance, difference: (total - glBalance) as Minor };
}
