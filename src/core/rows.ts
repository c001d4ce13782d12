// Records as the field lists of their journal rows, in the column order of SPEC §1.2.
import type { JournalName } from './journals.js';
import { formatMinor, type Minor } from './money.js';
import { assertNever, type VoidRecord, type Application, type DisputeEvent, type Document, type DunningRecord, type InvoiceLine, type Reconciliation } from './types.js';

/** A row to append: which journal, and its fields in column order. */
export interface NewRow {
  readonly journal: JournalName;
  readonly fields: readonly string[];
  /** Dated by a run's --as-of like a dunning notice (not a document's date), so not refused as in the future. */
  readonly runDated?: true;
}

type Unplaced<T> = T extends unknown ? Omit<T, 'seq' | 'src'> : never;
export type NewDocument = Unplaced<Document>;

export function documentRow(d: NewDocument): NewRow {
  const amt = formatMinor(d.amount, d.currency);
  switch (d.kind) {
    case 'invoice':
    case 'debit-note':
      return { journal: 'invoices.csv', fields: [d.id, d.kind, d.date, d.due, d.customer, d.currency, amt, d.terms, d.reference, d.memo] };
    case 'payment':
      return { journal: 'payments.csv', fields: [d.id, d.date, d.customer, d.currency, amt, d.method, d.reference, d.bankRef, d.memo] };
    case 'credit-note':
    case 'write-off':
      return { journal: 'credits.csv', fields: [d.id, d.kind, d.date, d.customer, d.currency, amt, d.invoice, d.reason] };
    case 'refund':
      return { journal: 'refunds.csv', fields: [d.id, d.date, d.customer, d.currency, amt, d.method, d.reference, d.memo] };
    default:
      return assertNever(d);
  }
}

export function applicationRow(a: Omit<Application, 'src'>, currency: string): NewRow {
  return { journal: 'applications.csv', fields: [a.date, a.credit, a.debit, formatMinor(a.amount, currency)] };
}

export function disputeRow(e: Omit<DisputeEvent, 'src'>): NewRow {
  return { journal: 'disputes.csv', fields: [e.date, e.invoice, e.status, e.reason] };
}

export function dunningRow(r: Omit<DunningRecord, 'src'>, currency: string): NewRow {
  const f = (m: Minor): string => formatMinor(m, currency);
  return { journal: 'dunning.csv', fields: [r.date, r.customer, String(r.level), r.invoice, f(r.open), f(r.fee), f(r.interest), r.letter] };
}

export function reconciliationRow(r: Omit<Reconciliation, 'src'>, currency: string): NewRow {
  return { journal: 'reconciliations.csv', fields: [r.date, r.statement, r.bankRef, r.payment, formatMinor(r.amount, currency)] };
}

export function invoiceLineRow(l: Omit<InvoiceLine, 'src'>, currency: string): NewRow {
  return {
    journal: 'invoice-lines.csv',
    fields: [l.invoice, String(l.line), l.description, l.quantity, l.unitPrice, l.taxRate, formatMinor(l.net, currency), formatMinor(l.tax, currency)],
  };
}

export function voidRow(v: Omit<VoidRecord, 'src'>): NewRow {
  return { journal: 'voids.csv', fields: [v.date, v.document, v.reversal, String(v.applications), v.reason, v.by] };
}
