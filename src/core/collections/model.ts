// The collections journals of SPEC §8 as records: notes of contacts with a customer, and promises to pay.
import type { LocalDate } from '../date.js';
import type { Currency, Minor } from '../money.js';
import type { SourcePlace } from '../types.js';

export const NOTE_KINDS = ['call', 'email', 'letter', 'meeting', 'note'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

/**
 * The `by` of the note a dunning run writes for each letter. Such a note records a contact (it is the customer's
 * last contact) but is nobody's answer to a follow-up, so it does not close one (see `openFollowUps`).
 */
export const DUNNING_NOTE_BY = 'arledger dunning';

export interface Note {
  readonly date: LocalDate;
  readonly customer: string;
  /** '' for a note about the customer as a whole. */
  readonly invoice: string;
  readonly kind: NoteKind;
  readonly text: string;
  /** '' when no follow-up is planned. */
  readonly followUp: LocalDate | '';
  readonly by: string;
  readonly src: SourcePlace;
}

export interface PromiseToPay {
  readonly date: LocalDate;
  readonly customer: string;
  /** '' when the customer promised to pay its overdue balance rather than one invoice. */
  readonly invoice: string;
  readonly currency: Currency;
  readonly amount: Minor;
  readonly due: LocalDate;
  readonly by: string;
  readonly note: string;
  readonly src: SourcePlace;
}
