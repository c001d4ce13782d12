// The aging report (SPEC §2, §3.1) from the fast reader's columns: the same report `ageOpenItems` makes from
// the plain ledger, computed without an object per document (test/core/fast.test.ts compares them).
import { dayNumberOf, fromDayNumber } from '../date.js';
import type { Currency, Minor } from '../money.js';
import {
  bucketIndex, bucketLabels, type AgingCustomer, type AgingItem, type AgingOptions, type AgingReport, type AgingTotals,
} from '../reports/aging.js';
import type { Customer, DebitDocument } from '../types.js';
import { customersByIndex, sortByIds } from './order.js';
import { KINDS, REFUND, type FastLedger } from './scan.js';
import { planInForce, splitByPlan } from '../collections/plans.js';
import { promiseCover } from '../collections/promises.js';
import { promisesAtColumns } from './collections.js';

export function ageColumns(f: FastLedger, customers: ReadonlyMap<string, Customer>, opts: AgingOptions): AgingReport {
  const labels = bucketLabels(opts.basis, opts.buckets);
  const nb = labels.length;
  const asOfDay = dayNumberOf(opts.asOf);
  const applied = new Float64Array(f.docs);
  const { appDate, appCredit, appDebit, appAmount } = f;
  for (let a = 0; a < f.apps; a++) {
    if (appDate[a]! > asOfDay) continue;
    applied[appCredit[a]!]! += appAmount[a]!;
    applied[appDebit[a]!]! += appAmount[a]!;
  }
  // Disputed at D: the latest event dated ≤ D, the later row on a tie (rows are in file order).
  // Per document, as a column: a lookup for every open item costs nothing then.
  const disputeAt = new Int32Array(f.docs).fill(-1);
  for (let k = 0; k < f.disputes; k++) {
    if (f.disputeDate[k]! > asOfDay) continue;
    const doc = f.disputeDoc[k]!;
    const prev = disputeAt[doc]!;
    if (prev === -1 || f.disputeDate[prev]! <= f.disputeDate[k]!) disputeAt[doc] = k;
  }
  const { disputeOpen } = f;
  const only = opts.customer === null ? -2 : f.customerIds.indexOf(opts.customer);
  const nc = f.customerIds.length;
  const buckets = new Float64Array(nc * nb);
  const open = new Float64Array(nc);
  const unapplied = new Float64Array(nc);
  const disputed = new Float64Array(nc);
  const seen = new Uint8Array(nc);
  const items: (AgingItem[] | undefined)[] = opts.detail ? new Array(nc) : [];
  // Columns in locals: the calls in the loop would otherwise make V8 load them from `f` again on every row.
  const { date, customer, amount, kind, due } = f;
  const byDue = opts.basis === 'due';
  // Payment plans and promises (SPEC §8): an invoice under a plan is aged by instalment, an item under a promise
  // marked in the detail. Both are few, so they are worked out with the plain core's functions.
  const plansOf = f.collections && f.collections.plansOf.size > 0 ? f.collections.plansOf : null;
  const promised = opts.detail && f.collections && f.collections.promises.length > 0 ? promiseCover(promisesAtColumns(f.collections, f, opts.asOf)) : null;
  for (let d = 0; d < f.docs; d++) {
    if (date[d]! > asOfDay) continue;
    const c = customer[d]!;
    if (only !== -2 && c !== only) continue;
    const left = amount[d]! - applied[d]!;
    if (left === 0) continue;
    seen[c] = 1;
    if (kind[d]! > REFUND) {
      unapplied[c]! += left;
      continue;
    }
    const plan = plansOf === null || kind[d] === REFUND ? null : planInForce(plansOf.get(d), opts.asOf);
    if (plan !== null || promised !== null) {
      const ev = kind[d] === REFUND ? -1 : disputeAt[d]!;
      const isDisputed = ev !== -1 && f.disputeOpen[ev] === 1;
      const parts = plan === null ? [{ due: due[d]!, open: left, instalment: null, of: null }]
        : splitByPlan(plan, left).filter((p) => p.open > 0).map((p) => ({ due: dayNumberOf(p.due), open: p.open as number, instalment: p.instalment, of: p.of }));
      const doc = opts.detail ? ({ id: f.ids.text(d), customer: f.customerIds[c]! } as DebitDocument) : null;
      for (const part of parts) {
        const daysOverdue = asOfDay - part.due;
        const b = bucketIndex(opts.basis, opts.buckets, byDue ? daysOverdue : asOfDay - date[d]!);
        buckets[c * nb + b]! += part.open;
        open[c]! += part.open;
        if (isDisputed) disputed[c]! += part.open;
        if (!opts.detail) continue;
        const promise = promised === null ? null : promised(doc!, daysOverdue);
        (items[c] ??= []).push({
          id: doc!.id, kind: KINDS[kind[d]!]!, date: fromDayNumber(date[d]!), due: fromDayNumber(part.due), daysOverdue, bucket: labels[b]!,
          amount: amount[d]! as Minor, open: part.open as Minor, disputed: isDisputed,
          ...(part.instalment !== null && part.of !== null ? { instalment: part.instalment, of: part.of } : {}),
          ...(promise ? { promise } : {}),
        });
      }
      continue;
    }
    const daysOverdue = asOfDay - due[d]!;
    const days = byDue ? daysOverdue : asOfDay - date[d]!;
    const b = bucketIndex(opts.basis, opts.buckets, days);
    buckets[c * nb + b]! += left;
    open[c]! += left;
    const ev = kind[d] === REFUND ? -1 : disputeAt[d]!;
    const isDisputed = ev !== -1 && disputeOpen[ev] === 1;
    if (isDisputed) disputed[c]! += left;
    if (opts.detail) {
      (items[c] ??= []).push({
        id: f.ids.text(d), kind: KINDS[f.kind[d]!]!, date: fromDayNumber(f.date[d]!), due: fromDayNumber(f.due[d]!), daysOverdue,
        bucket: labels[b]!, amount: f.amount[d]! as Minor, open: left as Minor, disputed: isDisputed,
      });
    }
  }
  const order: number[] = [];
  for (let c = 0; c < nc; c++) if (seen[c]) order.push(c);
  sortByIds(order, f.customerIds);
  const byIndex = customersByIndex(customers, f.customerIds);
  const out: AgingCustomer[] = [];
  const totals = new Map<string, { buckets: number[]; open: number; unapplied: number; disputed: number }>();
  for (const c of order) {
    if (open[c] === 0 && unapplied[c] === 0) continue;
    const id = f.customerIds[c]!;
    const cust = byIndex[c]!;
    const list = opts.detail ? (items[c] ?? []) : null;
    list?.sort((x, y) => (x.due < y.due ? -1 : x.due > y.due ? 1 : x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    const bs = new Array<number>(nb);
    for (let i = 0; i < nb; i++) bs[i] = buckets[c * nb + i]!;
    out.push({
      customer: id, name: cust.name, currency: cust.currency, buckets: bs as Minor[], open: open[c]! as Minor,
      unapplied: unapplied[c]! as Minor, balance: (open[c]! - unapplied[c]!) as Minor, disputed: disputed[c]! as Minor,
      items: list,
    });
    let t = totals.get(cust.currency);
    if (!t) totals.set(cust.currency, (t = { buckets: new Array<number>(nb).fill(0), open: 0, unapplied: 0, disputed: 0 }));
    for (let i = 0; i < nb; i++) t.buckets[i]! += bs[i]!;
    t.open += open[c]!;
    t.unapplied += unapplied[c]!;
    t.disputed += disputed[c]!;
  }
  return {
    asOf: opts.asOf, basis: opts.basis, buckets: labels, customers: out,
    totals: [...totals.keys()].sort().map((cur): AgingTotals => {
      const t = totals.get(cur)!;
      return {
        currency: cur as Currency, buckets: t.buckets as Minor[], open: t.open as Minor, unapplied: t.unapplied as Minor,
        balance: (t.open - t.unapplied) as Minor, disputed: t.disputed as Minor,
      };
    }),
  };
}
