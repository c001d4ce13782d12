// Voiding a mistaken document (an extension, see README "Void"): the reversing document, its application and a
// voids.csv row, planned together so that every report of SPEC §2 stays exact.
import { approvedReason, type ApprovalRequest } from '../approvals.js';
import type { LocalDate } from '../date.js';
import { q, RefusedError } from '../issues.js';
import type { Ledger } from '../ledger.js';
import { voidsById } from '../voids.js';
import { formatMinor, type Minor } from '../money.js';
import { applicationRow, documentRow, voidRow, type NewDocument, type NewRow } from '../rows.js';
import type { Document } from '../types.js';
import { kindName, listSome, requireNewId } from './apply.js';
import { nextId } from './numbering.js';

export interface VoidRequest {
  readonly id: string;
  readonly date: LocalDate;
  readonly reason: string;
  /** Who records it ('' when unknown). */
  readonly by: string;
  /** A payment: pay the money back with a refund rather than leave it unapplied. */
  readonly refund: boolean;
  /** The reversing document's id (default: the next number of its kind). */
  readonly reversalId: string | null;
  /** Who approved the credit note that voids an invoice, where approvals apply. */
  readonly approval?: Omit<ApprovalRequest, 'kind' | 'amount' | 'currency'>;
}

export interface VoidPlan {
  readonly rows: readonly NewRow[];
  readonly document: Document;
  readonly reversal: NewDocument | null;
  /** Applications of the document that the void reverses: the documents they settled and how much. */
  readonly reversed: readonly { readonly id: string; readonly amount: Minor }[];
}

/** Net amounts applied between a document and each other document, at any date. */
function netApplications(ledger: Ledger, id: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const a of ledger.applications) {
    if (a.credit !== id && a.debit !== id) continue;
    const other = a.credit === id ? a.debit : a.credit;
    out.set(other, (out.get(other) ?? 0) + a.amount);
  }
  for (const [k, v] of out) if (v === 0) out.delete(k);
  return out;
}

export function planVoid(ledger: Ledger, req: VoidRequest): VoidPlan {
  const doc = ledger.byId.get(req.id);
  const voids = voidsById(ledger);
  if (!doc) {
    const ids = ledger.documents.filter((d) => d.kind !== 'refund' && !voids.has(d.id)).map((d) => d.id);
    throw new RefusedError(`document ${q(req.id)} does not exist — ${ids.length === 0 ? 'the ledger has no document to void' : `documents: ${listSome(ids.slice(-8))}`}`);
  }
  const done = voids.get(doc.id);
  if (done) throw new RefusedError(`${doc.id} is already voided on ${done.date} (${done.src.file}:${done.src.line}) — there is nothing left to void`);
  for (const v of voids.values()) {
    if (v.reversal === doc.id) throw new RefusedError(`${doc.id} is the reversal of voided ${v.document} (${v.src.file}:${v.src.line}) — it cannot be voided on its own`);
  }
  if (req.date < doc.date) throw new RefusedError(`the void date ${req.date} is before ${doc.id}'s date ${doc.date} — use --date ${doc.date} or later`);
  if (req.refund && doc.kind !== 'payment') throw new RefusedError(`--refund pays back a voided payment; ${doc.id} is ${kindName(doc.kind)} — leave --refund out`);
  const fmt = (m: number): string => formatMinor(m, doc.currency);
  const net = netApplications(ledger, doc.id);
  const later = ledger.applications.find((a) => (a.credit === doc.id || a.debit === doc.id) && a.date > req.date && a.amount > 0);
  if (later) throw new RefusedError(`${doc.id} has an application dated ${later.date} (${later.src.file}:${later.src.line}), after ${req.date} — void it on ${later.date} or later`);
  const reversed = [...net].map(([id, amount]) => ({ id, amount: amount as Minor }));
  const refunds = reversed.filter((r) => ledger.byId.get(r.id)?.kind === 'refund');
  if (refunds.length > 0) {
    throw new RefusedError(`${doc.id} has been paid back by ${refunds.map((r) => `${r.id} (${fmt(r.amount)})`).join(', ')} — a refunded ${doc.kind.replace('-', ' ')} cannot be voided`);
  }
  const base = { date: req.date, customer: doc.customer, currency: doc.currency, amount: doc.amount };
  let reversal: NewDocument | null = null;
  const text = `void of ${doc.id}${req.reason === '' ? '' : `: ${req.reason}`}`;
  switch (doc.kind) {
    case 'invoice':
    case 'debit-note': {
      if (reversed.length > 0) {
        const what = reversed.map((r) => `${r.id} (${fmt(r.amount)})`).join(', ');
        const first = reversed[0]!.id;
        throw new RefusedError(`${doc.id} is partly settled by ${what} — void ${first} first (\`arledger void ${first} --reason …\`), then ${doc.id}`);
      }
      const id = req.reversalId ?? nextId(ledger, 'credit-note', req.date);
      const reason = req.approval ? approvedReason(ledger.config, text, { kind: 'credit-note', amount: doc.amount, currency: doc.currency, ...req.approval }) : text;
      reversal = { ...base, kind: 'credit-note', id, invoice: doc.id, reason };
      break;
    }
    case 'credit-note':
    case 'write-off':
      reversal = { ...base, kind: 'debit-note', id: req.reversalId ?? nextId(ledger, 'debit-note', req.date), due: req.date, terms: '', reference: doc.id, memo: text };
      break;
    case 'payment':
      if (req.refund) reversal = { ...base, kind: 'refund', id: req.reversalId ?? nextId(ledger, 'refund', req.date), method: '', reference: doc.id, memo: text };
      break;
    case 'refund':
      throw new RefusedError(`${doc.id} is a refund, money already paid back — it cannot be voided; record the money coming in again as a payment`);
  }
  if (reversal !== null && req.reversalId !== null) requireNewId(ledger, reversal.id);
  const rows: NewRow[] = [];
  if (reversal) {
    rows.push(documentRow(reversal));
    const debitSide = reversal.kind !== 'credit-note';
    rows.push(applicationRow({ date: req.date, credit: debitSide ? doc.id : reversal.id, debit: debitSide ? reversal.id : doc.id, amount: doc.amount }, doc.currency));
  }
  const count = ledger.applications.filter((a) => a.amount > 0 && (a.credit === doc.id || a.debit === doc.id)).length;
  rows.push(voidRow({ date: req.date, document: doc.id, reversal: reversal?.id ?? '', applications: count, reason: req.reason, by: req.by }));
  return { rows, document: doc, reversal, reversed };
}
