// The voids of a ledger (voids.csv, README "Void"), and the ledger as if the voided documents had never been
// written, for the reports that measure sales and habits (kpi, behavior).
import type { Ledger, ResolvedApplication } from './ledger.js';
import type { Document, VoidRecord } from './types.js';

/** The voids of a ledger by the id of the voided document. */
export function voidsById(ledger: Ledger): ReadonlyMap<string, VoidRecord> {
  return new Map((ledger.voids ?? []).map((v) => [v.document, v]));
}

/**
 * The ledger without what a void took back: a voided document with a reversal and the reversal itself are left
 * out with their applications; of a payment voided without a refund, only its applications (and their reversals)
 * are, and the payment stays as money received. kpi and behavior read this: a voided invoice was never a sale.
 */
export function withoutVoids(ledger: Ledger): Ledger {
  const voids = ledger.voids ?? [];
  if (voids.length === 0) return ledger;
  const gone = new Set<string>();
  // A payment voided without a refund stays; only the applications the void reversed (and their reversals) go.
  const reversedOf = new Map<string, number>();
  for (const v of voids) {
    if (v.reversal !== '') gone.add(v.document).add(v.reversal);
    else reversedOf.set(v.document, v.applications);
  }
  const documents: Document[] = [];
  const seqOf = new Map<number, number>();
  for (const d of ledger.documents) {
    if (gone.has(d.id)) continue;
    seqOf.set(d.seq, documents.length);
    documents.push({ ...d, seq: documents.length });
  }
  const applications: ResolvedApplication[] = [];
  const counted = new Map<string, number>();
  for (const a of ledger.applications) {
    if (gone.has(a.credit) || gone.has(a.debit)) continue;
    const of = reversedOf.has(a.credit) ? a.credit : reversedOf.has(a.debit) ? a.debit : null;
    if (of !== null) {
      if (a.amount < 0) continue;
      const n = (counted.get(of) ?? 0) + 1;
      counted.set(of, n);
      if (n <= reversedOf.get(of)!) continue;
    }
    applications.push({ ...a, creditSeq: seqOf.get(a.creditSeq)!, debitSeq: seqOf.get(a.debitSeq)! });
  }
  const { voids: _voids, appliedAt: _appliedAt, ...rest } = ledger;
  return { ...rest, documents, applications, byId: new Map(documents.map((d) => [d.id, d])) };
}
