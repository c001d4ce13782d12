// Notes at a date (SPEC §8): the contacts recorded with customers, and which of their follow-ups are still open.
import type { LocalDate } from '../date.js';
import type { Ledger } from '../ledger.js';
import { DUNNING_NOTE_BY, type Note } from './model.js';

/** Earlier first: by date, then by place in the file (a note may be dated back with --date). */
export function compareNotes(a: Note, b: Note): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : a.src.line - b.src.line;
}

/** Notes dated on or before `asOf` (of one customer, or all), earliest first. */
export function notesAt(ledger: Ledger, asOf: LocalDate, customer: string | null): Note[] {
  return ledger.notes.filter((n) => n.date <= asOf && (customer === null || n.customer === customer)).sort(compareNotes);
}

/**
 * The follow-ups still open at `asOf`, by follow-up date, then customer, then place. A note's follow-up is closed
 * by any later note (dated on or before `asOf`) about the same customer and the same invoice — or, for a note
 * about the customer as a whole, by a later note that names no invoice either: whoever writes the next note has
 * dealt with it, and sets a new follow-up there if one is needed. The notes a dunning run writes close nothing.
 */
export function openFollowUps(ledger: Ledger, asOf: LocalDate, customer: string | null): Note[] {
  const latest = new Map<string, Note>();
  for (const n of notesAt(ledger, asOf, customer)) {
    if (n.by === DUNNING_NOTE_BY) continue;
    latest.set(`${n.customer}\u0000${n.invoice}`, n);
  }
  return [...latest.values()]
    .filter((n) => n.followUp !== '')
    .sort((a, b) => (a.followUp < b.followUp ? -1 : a.followUp > b.followUp ? 1 : a.customer < b.customer ? -1 : a.customer > b.customer ? 1 : a.src.line - b.src.line));
}

/** Open follow-ups due on or before `asOf`: the calls to make today. */
export function dueFollowUps(ledger: Ledger, asOf: LocalDate, customer: string | null): Note[] {
  return openFollowUps(ledger, asOf, customer).filter((n) => n.followUp <= asOf);
}
