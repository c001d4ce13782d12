// Decoding notes.csv and promises.csv (SPEC §8) into records, with every rule `check` enforces on them.
import { isLocalDate, type LocalDate } from '../date.js';
import { q, type LedgerIssue } from '../issues.js';
import { eachRow, type RawJournal, type RowReader } from '../journals.js';
import { isDebit, type Customer, type Document } from '../types.js';
import { NOTE_KINDS, type Note, type PromiseToPay } from './model.js';

/** Whether an id is neither in the ledger nor a row already reported (a reference to one is not reported again). */
type Missing = (id: string) => boolean;

/** Reads the customer and optional invoice columns, reporting an unknown customer or an invoice not its own. */
function party(r: RowReader, byId: ReadonlyMap<string, Document>, missing: Missing, customers: ReadonlyMap<string, Customer>): Customer | undefined {
  const customer = r.id('customer');
  const cust = customers.get(customer);
  if (customer !== '' && !cust) r.fail(`customer ${q(customer)} does not exist`, 'name a customer of customers.yaml');
  const invoice = r.id('invoice', true);
  if (invoice === '') return cust;
  const doc = byId.get(invoice);
  if (!doc) {
    if (missing(invoice)) r.fail(`invoice ${q(invoice)} does not exist`, 'name an invoice, debit note or refund of the ledger, or leave invoice empty');
    // An invoice left out for a problem of its own is reported at its row; the row naming it is not kept either.
    return undefined;
  } else if (!isDebit(doc)) {
    r.fail(`${invoice} is a ${doc.kind}, not a debit document`, 'name an invoice, debit note or refund, or leave invoice empty');
  } else if (cust && doc.customer !== customer) {
    r.fail(`invoice ${invoice} belongs to ${doc.customer}, not ${customer}`, 'name an invoice of the same customer');
  }
  return cust;
}

export function decodeNotes(raw: RawJournal | undefined, byId: ReadonlyMap<string, Document>, missing: Missing,
  customers: ReadonlyMap<string, Customer>, issues: LedgerIssue[]): Note[] {
  const out: Note[] = [];
  if (!raw) return out;
  eachRow(raw, issues, (r) => {
    const date = r.date('date');
    const cust = party(r, byId, missing, customers);
    const kind = r.oneOf('kind', NOTE_KINDS);
    const followUp = r.date('follow_up', true);
    if (followUp !== '' && isLocalDate(date) && isLocalDate(followUp) && followUp < date) {
      r.fail(`follow_up ${followUp} is before the note's date ${date}`, `a follow-up is on or after ${date}, or left empty`);
    }
    if (r.problems.length > 0 || !cust) return;
    out.push({ date, customer: cust.id, invoice: r.text('invoice'), kind, text: r.text('text'), followUp: followUp as LocalDate | '', by: r.text('by'), src: r.src });
  });
  return out;
}

export function decodePromises(raw: RawJournal | undefined, byId: ReadonlyMap<string, Document>, missing: Missing,
  customers: ReadonlyMap<string, Customer>, issues: LedgerIssue[]): PromiseToPay[] {
  const out: PromiseToPay[] = [];
  if (!raw) return out;
  eachRow(raw, issues, (r) => {
    const date = r.date('date');
    const cust = party(r, byId, missing, customers);
    const currency = cust?.currency ?? 'XXX';
    const amount = r.amount('amount', currency);
    const due = r.date('due');
    if (isLocalDate(date) && isLocalDate(due) && due < date) {
      r.fail(`due ${due} is before the promise's date ${date}`, `a promise falls due on or after ${date}`);
    }
    if (r.problems.length > 0 || !cust) return;
    out.push({ date, customer: cust.id, invoice: r.text('invoice'), currency: cust.currency, amount, due: due as LocalDate,
      by: r.text('by'), note: r.text('note'), src: r.src });
  });
  return out;
}
