// The ledger as one JSON value: every document, application and dispute event dated on or before a date.
import type { LocalDate } from '../date.js';
import type { Ledger } from '../ledger.js';
import { formatMinor } from '../money.js';
import { assertNever, type Document } from '../types.js';

function documentJson(d: Document): Record<string, string> {
  const base = { id: d.id, kind: d.kind, date: d.date, customer: d.customer, currency: d.currency, amount: formatMinor(d.amount, d.currency) };
  switch (d.kind) {
    case 'invoice':
    case 'debit-note':
      return { ...base, due: d.due, terms: d.terms, reference: d.reference, memo: d.memo };
    case 'payment':
      return { ...base, method: d.method, reference: d.reference, bank_ref: d.bankRef, memo: d.memo };
    case 'credit-note':
    case 'write-off':
      return { ...base, invoice: d.invoice, reason: d.reason };
    case 'refund':
      return { ...base, method: d.method, reference: d.reference, memo: d.memo };
    default:
      return assertNever(d);
  }
}

export function toJsonExport(ledger: Ledger, asOf: LocalDate): unknown {
  const docs = ledger.documents.filter((d) => d.date <= asOf)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.seq - b.seq));
  return {
    as_of: asOf,
    company: ledger.config.company.name,
    currency: ledger.config.currency,
    customers: [...ledger.customers.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).map((c) => ({
      id: c.id, name: c.name, currency: c.currency, email: c.email,
    })),
    documents: docs.map(documentJson),
    applications: ledger.applications.filter((a) => a.date <= asOf).map((a) => {
      const currency = ledger.documents[a.debitSeq]!.currency;
      return { date: a.date, credit: a.credit, debit: a.debit, currency, amount: formatMinor(a.amount, currency) };
    }),
    disputes: [...ledger.disputes.values()].flat().filter((e) => e.date <= asOf)
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.src.line - b.src.line))
      .map((e) => ({ date: e.date, invoice: e.invoice, status: e.status, reason: e.reason })),
  };
}
