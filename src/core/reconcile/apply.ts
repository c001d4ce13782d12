// The rows `reconcile --apply` appends: reconciliations for matched lines, payments and applications for proposed ones.
import type { LocalDate } from '../date.js';
import type { Ledger } from '../ledger.js';
import type { Minor } from '../money.js';
import { remainingAmounts } from '../ops/apply.js';
import { takeDiscounts } from '../ops/discount.js';
import { nextId } from '../ops/numbering.js';
import { applicationRow, documentRow, reconciliationRow, type NewRow } from '../rows.js';
import type { Document } from '../types.js';
import type { LineResult, ReconcileReport } from './match.js';

export interface ApplyPlan {
  readonly rows: readonly NewRow[];
  /** The report with the ids of the payments the proposed lines become. */
  readonly report: ReconcileReport;
  /** For stderr: the early-payment discounts the new payments took. */
  readonly notes: readonly string[];
}

/** One line of journal text: the tool never writes line breaks or control characters into a cell. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/ {2,}/g, ' ').trim();
}

/**
 * Rows for every matched and proposed line. `date` dates the reconciliation rows (the day the bookkeeper
 * reconciled); a payment and its applications carry the line's own date, the day the money arrived.
 */
export function planApply(ledger: Ledger, report: ReconcileReport, statement: string, date: LocalDate): ApplyPlan {
  const rows: NewRow[] = [];
  // nextId scans every id of the ledger. Once a date's prefix has been scanned, the ids handed out since bound
  // its counter, and the last one per date is the highest of its prefix: later ids need only those (a statement
  // can propose thousands of payments).
  const lastByDate = new Map<string, string>();
  const handedOut: Ledger = { ...ledger, byId: new Map() };
  // Several lines may pay the same invoice: each line's discount is judged on what the earlier ones left open.
  let remaining: ((doc: Document) => Minor) | undefined;
  const appliedNow = new Map<string, number>();
  const creditNotes = new Set<string>();
  const notes: string[] = [];
  const lines: LineResult[] = report.lines.map((r) => {
    const l = r.line;
    if (r.status === 'matched' && r.payment) {
      rows.push(reconciliationRow({ date, statement, bankRef: l.bankId, payment: r.payment, amount: l.amount }, l.currency));
      return r;
    }
    if (r.status !== 'proposed' || r.customer === null) return r;
    const id = nextId(lastByDate.has(l.date) ? handedOut : ledger, 'payment', l.date, new Set(lastByDate.values()));
    lastByDate.set(l.date, id);
    rows.push(documentRow({
      id, kind: 'payment', date: l.date, customer: r.customer, currency: l.currency, amount: l.amount,
      method: 'bank', reference: oneLine(l.text), bankRef: l.bankId, memo: '',
    }));
    const applications = r.applications.map((a) => ({ date: l.date, credit: id, debit: a.invoice, amount: a.amount }));
    for (const a of applications) rows.push(applicationRow(a, l.currency));
    const discounts = takeDiscounts(ledger, applications, l.date, (doc) => ((remaining ??= remainingAmounts(ledger))(doc) - (appliedNow.get(doc.id) ?? 0)) as Minor, creditNotes);
    for (const a of applications) appliedNow.set(a.debit, (appliedNow.get(a.debit) ?? 0) + a.amount);
    for (const t of discounts) {
      rows.push(documentRow(t.note), applicationRow(t.application, l.currency));
      appliedNow.set(t.application.debit, (appliedNow.get(t.application.debit) ?? 0) + t.application.amount);
      notes.push(t.message);
    }
    return { ...r, payment: id };
  });
  return { rows, report: { ...report, lines }, notes };
}
