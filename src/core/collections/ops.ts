// Recording a note or a promise to pay (SPEC §8): the checks a clerk's input must pass, and the row it becomes.
import type { LocalDate } from '../date.js';
import { RefusedError } from '../issues.js';
import type { Ledger } from '../ledger.js';
import { formatMinor, type Minor } from '../money.js';
import type { NewRow } from '../rows.js';
import { appliedAt } from '../reports/balances.js';
import { isDebit, type Customer } from '../types.js';
import type { Note, NoteKind, PromiseToPay } from './model.js';

export function noteRow(n: Omit<Note, 'src'>): NewRow {
  return { journal: 'notes.csv', fields: [n.date, n.customer, n.invoice, n.kind, n.text, n.followUp, n.by] };
}

export function promiseRow(p: Omit<PromiseToPay, 'src'>): NewRow {
  return { journal: 'promises.csv', fields: [p.date, p.customer, p.invoice, formatMinor(p.amount, p.currency), p.due, p.by, p.note] };
}

/** The customer named on the command line, and the invoice when one is named: it must be the customer's own debit document. */
function partyOf(ledger: Ledger, customer: string, invoice: string): Customer {
  const c = ledger.customers.get(customer);
  if (!c) throw new RefusedError(`customer ${JSON.stringify(customer)} does not exist — see \`arledger customer list\``);
  if (invoice === '') return c;
  const doc = ledger.byId.get(invoice);
  if (!doc) throw new RefusedError(`invoice ${JSON.stringify(invoice)} does not exist — see \`arledger invoice list --customer ${customer}\``);
  if (!isDebit(doc)) throw new RefusedError(`${invoice} is a ${doc.kind}, not an invoice, debit note or refund — name one of ${customer}'s invoices, or leave --invoice out`);
  if (doc.customer !== customer) throw new RefusedError(`invoice ${invoice} belongs to ${doc.customer}, not ${customer} — name one of ${customer}'s invoices`);
  return c;
}

/** A note as a command records it: everything but the place in notes.csv it will get. */
export type NoteInput = Omit<Note, 'src'>;

export function planNote(ledger: Ledger, input: NoteInput): Omit<Note, 'src'> {
  partyOf(ledger, input.customer, input.invoice);
  if (input.followUp !== '' && input.followUp < input.date) {
    throw new RefusedError(`--follow-up ${input.followUp} is before the note's date ${input.date} — give a day on or after ${input.date}`);
  }
  return { ...input };
}

export interface PromiseInput {
  readonly date: LocalDate;
  readonly customer: string;
  readonly invoice: string;
  readonly amount: Minor;
  readonly due: LocalDate;
  readonly by: string;
  readonly note: string;
}

export function planPromise(ledger: Ledger, input: PromiseInput): Omit<PromiseToPay, 'src'> {
  const c = partyOf(ledger, input.customer, input.invoice);
  if (input.due < input.date) {
    throw new RefusedError(`--due ${input.due} is before the promise's date ${input.date} — the customer promises to pay on or after ${input.date}`);
  }
  if (input.invoice !== '') {
    // A promise to pay what is already paid would be kept by nothing and only ever show as broken.
    const doc = ledger.byId.get(input.invoice)!;
    const open = doc.amount - appliedAt(ledger, input.date)[doc.seq]!;
    if (open <= 0) throw new RefusedError(`${input.invoice} has nothing open on ${input.date} — a promise is for an invoice the customer still owes`);
  }
  return { ...input, currency: c.currency };
}
