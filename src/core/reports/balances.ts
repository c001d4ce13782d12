// Open and unapplied amounts of every document at a date (SPEC §2), the base of every report.
import type { LocalDate } from '../date.js';
import type { Ledger } from '../ledger.js';
import type { DisputeEvent } from '../types.js';

/**
 * Σ applications dated ≤ asOf per document, indexed by `doc.seq`. An application is never dated before its
 * documents, so every counted application links documents that exist at asOf.
 */
export function appliedAt(ledger: Ledger, asOf: LocalDate): Float64Array {
  if (ledger.appliedAt) return ledger.appliedAt(asOf);
  const applied = new Float64Array(ledger.documents.length);
  for (const a of ledger.applications) {
    if (a.date > asOf) continue;
    applied[a.creditSeq]! += a.amount;
    applied[a.debitSeq]! += a.amount;
  }
  return applied;
}

/** Disputed at D: the latest dispute row of the invoice dated ≤ D (the later row on a tie) says open. */
export function isDisputedAt(events: readonly DisputeEvent[] | undefined, asOf: LocalDate): boolean {
  if (!events) return false;
  let status: string | null = null;
  for (const e of events) {
    if (e.date > asOf) break;
    status = e.status;
  }
  return status === 'open';
}
