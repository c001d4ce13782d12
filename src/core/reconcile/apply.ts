// The rows `reconcile --apply` appends: reconciliations for matched lines, payments and applications for proposed ones.
import type { LocalDate } from '../date.js';
import type { Ledger } from '../ledger.js';
import { nextId } from '../ops/numbering.js';
import { applicationRow, documentRow, reconciliationRow, type NewRow } from '../rows.js';
import type { LineResult, ReconcileReport } from './match.js';

export interface ApplyPlan {
  readonly rows: readonly NewRow[];
  /** The report with the ids of the payments the proposed lines become. */
  readonly report: ReconcileReport;
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
  const taken = new Set<string>();
  const lines: LineResult[] = report.lines.map((r) => {
    const l = r.line;
    if (r.status === 'matched' && r.payment) {
      rows.push(reconciliationRow({ date, statement, bankRef: l.bankId, payment: r.payment, amount: l.amount }, l.currency));
      return r;
    }
    if (r.status !== 'proposed' || r.customer === null) return r;
    const id = nextId(ledger, 'payment', l.date, taken);
    taken.add(id);
    rows.push(documentRow({
      id, kind: 'payment', date: l.date, customer: r.customer, currency: l.currency, amount: l.amount,
      method: 'bank', reference: oneLine(l.text), bankRef: l.bankId, memo: '',
    }));
    for (const a of r.applications) {
      rows.push(applicationRow({ date: l.date, credit: id, debit: a.invoice, amount: a.amount }, l.currency));
    }
    return { ...r, payment: id };
  });
  return { rows, report: { ...report, lines } };
}
