// The worklist (SPEC §8): the customers to contact at a date, one row each, by priority.
import { dayNumberOf, type LocalDate } from '../date.js';
import type { Ledger } from '../ledger.js';
import { minorDigits, type Currency, type Minor } from '../money.js';
import { appliedAt, isDisputedAt } from '../reports/balances.js';
import { isDebit } from '../types.js';
import type { NoteKind } from './model.js';
import { notesAt, openFollowUps } from './notes.js';
import { openParts } from './plans.js';
import { promisesAt } from './promises.js';

export interface WorklistRow {
  readonly customer: string;
  readonly name: string;
  readonly currency: Currency;
  readonly collector: string | null;
  /** Σ open of the overdue items that are not disputed. */
  readonly overdue: Minor;
  readonly oldestDaysOverdue: number | null;
  readonly lastContact: LocalDate | null;
  readonly lastContactKind: NoteKind | null;
  /** The earliest follow-up still open (SPEC §8 notes; `openFollowUps`), due or not. */
  readonly nextFollowUp: LocalDate | null;
  readonly promisesPending: number;
  readonly promisesBroken: number;
  /** The highest level of the customer's latest dunning notice. */
  readonly dunningLevel: number | null;
  /** Σ open × days overdue over the overdue items that are not disputed, in minor units × days. */
  readonly priority: bigint;
}

export interface Worklist {
  readonly asOf: LocalDate;
  readonly rows: readonly WorklistRow[];
}

export interface WorklistOptions {
  readonly asOf: LocalDate;
  /** Only customers whose `collector` (customers.yaml) is this; null: everyone. */
  readonly assignee: string | null;
}

/** A priority in the currency's units, scaled to thousandths so that priorities in any currencies compare. */
function scaled(r: WorklistRow): bigint {
  return r.priority * 10n ** BigInt(3 - minorDigits(r.currency));
}

/** Higher priority first; equal priorities by customer id. */
export function compareWorklistRows(a: WorklistRow, b: WorklistRow): number {
  const x = scaled(a);
  const y = scaled(b);
  if (x !== y) return x > y ? -1 : 1;
  return a.customer < b.customer ? -1 : a.customer > b.customer ? 1 : 0;
}

/**
 * One row per customer with overdue items that are not disputed, or with a follow-up due on or before `asOf`
 * (a call promised for today is on the list even when nothing is overdue).
 */
export function buildWorklist(ledger: Ledger, opts: WorklistOptions): Worklist {
  const { asOf } = opts;
  const asOfDay = dayNumberOf(asOf);
  const applied = appliedAt(ledger, asOf);
  const overdue = new Map<string, { open: number; oldest: number; priority: bigint }>();
  for (const doc of ledger.documents) {
    if (!isDebit(doc) || doc.date > asOf) continue;
    const open = doc.amount - applied[doc.seq]!;
    if (open <= 0) continue;
    if (doc.kind !== 'refund' && isDisputedAt(ledger.disputes.get(doc.id), asOf)) continue;
    // A planned invoice is overdue only by its overdue instalments, each with its own days overdue (as aging counts it).
    for (const part of openParts(ledger, doc, open, asOf)) {
      const days = asOfDay - dayNumberOf(part.due);
      if (days <= 0) continue;
      const o = overdue.get(doc.customer) ?? { open: 0, oldest: 0, priority: 0n };
      o.open += part.open;
      o.oldest = Math.max(o.oldest, days);
      o.priority += BigInt(part.open) * BigInt(days);
      overdue.set(doc.customer, o);
    }
  }
  const lastNote = new Map<string, { date: LocalDate; kind: NoteKind }>();
  for (const n of notesAt(ledger, asOf, null)) lastNote.set(n.customer, { date: n.date, kind: n.kind });
  const nextFollowUp = new Map<string, LocalDate>();
  for (const n of openFollowUps(ledger, asOf, null)) if (!nextFollowUp.has(n.customer)) nextFollowUp.set(n.customer, n.followUp as LocalDate);
  const promises = new Map<string, { pending: number; broken: number }>();
  for (const s of promisesAt(ledger, asOf)) {
    const p = promises.get(s.promise.customer) ?? { pending: 0, broken: 0 };
    if (s.status === 'pending') p.pending++;
    if (s.status === 'broken') p.broken++;
    promises.set(s.promise.customer, p);
  }
  const level = new Map<string, { date: LocalDate; level: number }>();
  for (const r of ledger.dunning) {
    if (r.date > asOf) continue;
    const prev = level.get(r.customer);
    if (!prev || r.date > prev.date) level.set(r.customer, { date: r.date, level: r.level });
    else if (r.date === prev.date && r.level > prev.level) level.set(r.customer, { date: r.date, level: r.level });
  }
  const rows: WorklistRow[] = [];
  for (const c of ledger.customers.values()) {
    if (opts.assignee !== null && c.collector !== opts.assignee) continue;
    const o = overdue.get(c.id);
    const follow = nextFollowUp.get(c.id) ?? null;
    if (!o && !(follow !== null && follow <= asOf)) continue;
    const note = lastNote.get(c.id);
    const p = promises.get(c.id);
    rows.push({
      customer: c.id, name: c.name, currency: c.currency, collector: c.collector ?? null,
      overdue: (o?.open ?? 0) as Minor, oldestDaysOverdue: o ? o.oldest : null,
      lastContact: note?.date ?? null, lastContactKind: note?.kind ?? null, nextFollowUp: follow,
      promisesPending: p?.pending ?? 0, promisesBroken: p?.broken ?? 0,
      dunningLevel: level.get(c.id)?.level ?? null, priority: o?.priority ?? 0n,
    });
  }
  return { asOf, rows: rows.sort(compareWorklistRows) };
}

/** A priority as a decimal in the currency's units, e.g. 11750.00. */
export function formatPriority(priority: bigint, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return priority.toString();
  const s = priority.toString().padStart(digits + 1, '0');
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}
