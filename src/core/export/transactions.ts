// The ledger as double-entry transactions, the common ground of the hledger and beancount exports.
//
// Every document is one balanced transaction against the customer's receivable account. Payments post to the
// receivable account directly and open items stay on it, so an application moves nothing between accounts: the
// receivable account's balance is the customer's balance (SPEC §2) at every date, and applications are carried
// as notes only.
import type { LocalDate } from '../date.js';
import type { Ledger } from '../ledger.js';
import { negMinor, type Currency, type Minor } from '../money.js';
import { assertNever, type Document, type DisputeEvent } from '../types.js';

export const ACCOUNTS = {
  receivable: 'Assets:Receivable',
  bank: 'Assets:Bank',
  sales: 'Income:Sales',
  returns: 'Income:Sales:Returns',
  badDebt: 'Expenses:BadDebt',
} as const;

export interface Posting {
  readonly account: string;
  /** Signed: positive debits the account. */
  readonly amount: Minor;
  readonly currency: Currency;
}

export interface Transaction {
  readonly date: LocalDate;
  readonly doc: Document;
  readonly payee: string;
  readonly narration: string;
  readonly postings: readonly [Posting, Posting];
}

export interface ApplicationNote {
  readonly date: LocalDate;
  readonly customer: string;
  readonly credit: string;
  readonly debit: string;
  readonly amount: Minor;
  readonly currency: Currency;
}

export interface ExportModel {
  readonly asOf: LocalDate;
  readonly transactions: readonly Transaction[];
  readonly applications: readonly ApplicationNote[];
  readonly disputes: readonly DisputeEvent[];
  /** Customers with at least one document, sorted by id. */
  readonly customers: readonly string[];
  readonly currencies: readonly Currency[];
  /** The earliest date anything is posted, where accounts are opened; null for an empty ledger. */
  readonly firstDate: LocalDate | null;
}

/** The account a document posts against, besides the customer's receivable, and the sign it gives that account. */
export function counterAccount(doc: Document): { account: string; debitsReceivable: boolean } {
  switch (doc.kind) {
    case 'invoice':
    case 'debit-note':
      return { account: ACCOUNTS.sales, debitsReceivable: true };
    case 'refund':
      return { account: ACCOUNTS.bank, debitsReceivable: true };
    case 'payment':
      return { account: ACCOUNTS.bank, debitsReceivable: false };
    case 'credit-note':
      return { account: ACCOUNTS.returns, debitsReceivable: false };
    case 'write-off':
      return { account: ACCOUNTS.badDebt, debitsReceivable: false };
    default:
      return assertNever(doc);
  }
}

/** The document's own words (memo, or reason) travel with it, so the journal says why as well as how much. */
export function narrationOf(doc: Document): string {
  const text = 'memo' in doc ? doc.memo : 'reason' in doc ? doc.reason : '';
  return text ? `${doc.kind} ${doc.id}: ${text}` : `${doc.kind} ${doc.id}`;
}

export function exportModel(ledger: Ledger, asOf: LocalDate, receivableOf: (customer: string) => string): ExportModel {
  const docs = ledger.documents.filter((d) => d.date <= asOf)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.seq - b.seq));
  const transactions = docs.map((doc): Transaction => {
    const { account, debitsReceivable } = counterAccount(doc);
    const ar = debitsReceivable ? doc.amount : negMinor(doc.amount);
    return {
      date: doc.date,
      doc,
      payee: ledger.customers.get(doc.customer)?.name ?? doc.customer,
      narration: narrationOf(doc),
      postings: [
        { account: receivableOf(doc.customer), amount: ar, currency: doc.currency },
        { account, amount: negMinor(ar), currency: doc.currency },
      ],
    };
  });
  const applications = ledger.applications.filter((a) => a.date <= asOf)
    .map((a) => {
      const debit = ledger.documents[a.debitSeq]!;
      return { date: a.date, customer: debit.customer, credit: a.credit, debit: a.debit, amount: a.amount, currency: debit.currency };
    })
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const disputes = [...ledger.disputes.values()].flat().filter((e) => e.date <= asOf && ledger.byId.get(e.invoice)!.date <= asOf)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.src.line - b.src.line));
  return {
    asOf,
    transactions,
    applications,
    disputes,
    customers: [...new Set(docs.map((d) => d.customer))].sort(),
    currencies: [...new Set(docs.map((d) => d.currency))].sort(),
    firstDate: [docs[0]?.date, disputes[0]?.date].filter((d): d is LocalDate => d !== undefined).sort()[0] ?? null,
  };
}
