// Aging invariants (SPEC §2) on generated ledgers, built as raw journals and decoded by the core.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, type LocalDate } from '../../src/core/date.js';
import type { JournalName, RawJournal } from '../../src/core/journals.js';
import { buildLedger } from '../../src/core/ledger.js';
import { formatMinor, type Minor } from '../../src/core/money.js';
import { ageOpenItems, bucketIndex, bucketLabels, type AgingReport } from '../../src/core/reports/aging.js';
import { CUSTOMER_CURRENCIES, rawJournal, testConfig, testCustomers } from './builders.js';

const START = '2025-01-01' as LocalDate;
const CUSTOMERS = Object.keys(CUSTOMER_CURRENCIES);

interface Doc { id: string; kind: string; customer: string; date: LocalDate; due: LocalDate; amount: number; debit: boolean }
interface App { date: LocalDate; credit: string; debit: string; amount: number }
interface Dispute { date: LocalDate; invoice: string; status: 'open' | 'resolved' }
interface Spec { docs: Doc[]; apps: App[]; disputes: Dispute[] }

type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

const debitArb = fc.record({
  kind: fc.constantFrom('invoice', 'debit-note', 'refund'), customer: fc.constantFrom(...CUSTOMERS),
  day: fc.integer({ min: 0, max: 500 }), term: fc.integer({ min: 0, max: 90 }), amount: fc.integer({ min: 1, max: 10_000_000 }),
});
const creditArb = fc.record({
  kind: fc.constantFrom('payment', 'credit-note', 'write-off'), customer: fc.constantFrom(...CUSTOMERS),
  day: fc.integer({ min: 0, max: 500 }), amount: fc.integer({ min: 1, max: 10_000_000 }),
});
const appArb = fc.record({ c: fc.nat(), d: fc.nat(), delay: fc.integer({ min: 0, max: 60 }), share: fc.double({ min: 0, max: 1, noNaN: true }) });
const disputeArb = fc.record({ d: fc.nat(), day: fc.integer({ min: 0, max: 600 }), open: fc.boolean() });

/** Applications are made valid as they are generated: same customer, dated after both, never over-applied. */
function makeSpec(debits: ValueOf<typeof debitArb>[], credits: ValueOf<typeof creditArb>[], tries: ValueOf<typeof appArb>[], disputes: ValueOf<typeof disputeArb>[]): Spec {
  const docs: Doc[] = [
    ...debits.map((d, i) => {
      const date = addDays(START, d.day);
      return { id: `D${i}`, kind: d.kind, customer: d.customer, date, due: d.kind === 'refund' ? date : addDays(date, d.term), amount: d.amount, debit: true };
    }),
    ...credits.map((c, i) => {
      const date = addDays(START, c.day);
      return { id: `C${i}`, kind: c.kind, customer: c.customer, date, due: date, amount: c.amount, debit: false };
    }),
  ];
  const left = new Map(docs.map((d) => [d.id, d.amount]));
  const apps: App[] = [];
  const creditDocs = docs.filter((d) => !d.debit);
  for (const t of tries) {
    if (creditDocs.length === 0) break;
    const credit = creditDocs[t.c % creditDocs.length]!;
    const candidates = docs.filter((d) => d.debit && d.customer === credit.customer);
    if (candidates.length === 0) continue;
    const debit = candidates[t.d % candidates.length]!;
    const amount = Math.floor(Math.min(left.get(credit.id)!, left.get(debit.id)!) * t.share);
    if (amount < 1) continue;
    left.set(credit.id, left.get(credit.id)! - amount);
    left.set(debit.id, left.get(debit.id)! - amount);
    apps.push({ date: addDays(credit.date > debit.date ? credit.date : debit.date, t.delay), credit: credit.id, debit: debit.id, amount });
  }
  const invoices = docs.filter((d) => d.kind === 'invoice' || d.kind === 'debit-note');
  const seen = new Set<string>();
  const disputeRows: Dispute[] = [];
  for (const x of disputes) {
    if (invoices.length === 0) break;
    const inv = invoices[x.d % invoices.length]!;
    const date = addDays(START, x.day);
    // One row per invoice and day: on a tie the file order decides (SPEC), which a shuffle would change.
    if (seen.has(`${inv.id}${date}`)) continue;
    seen.add(`${inv.id}${date}`);
    disputeRows.push({ date, invoice: inv.id, status: x.open ? 'open' : 'resolved' });
  }
  return { docs, apps, disputes: disputeRows };
}

const specArb = fc.tuple(
  fc.array(debitArb, { maxLength: 25 }), fc.array(creditArb, { maxLength: 15 }),
  fc.array(appArb, { maxLength: 40 }), fc.array(disputeArb, { maxLength: 8 }),
).map(([d, c, a, x]) => makeSpec(d, c, a, x));

const asOfArb = fc.integer({ min: -10, max: 700 }).map((n) => addDays(START, n));

function journals(spec: Spec): Map<JournalName, RawJournal> {
  const ccy = (d: Doc): string => CUSTOMER_CURRENCIES[d.customer]!;
  const amt = (d: Doc): string => formatMinor(d.amount as Minor, ccy(d));
  const byId = new Map(spec.docs.map((d) => [d.id, d]));
  return new Map<JournalName, RawJournal>([
    ['invoices.csv', rawJournal('invoices.csv', spec.docs.filter((d) => d.kind === 'invoice' || d.kind === 'debit-note')
      .map((d) => [d.id, d.kind, d.date, d.due, d.customer, ccy(d), amt(d), '', '', '']))],
    ['refunds.csv', rawJournal('refunds.csv', spec.docs.filter((d) => d.kind === 'refund')
      .map((d) => [d.id, d.date, d.customer, ccy(d), amt(d), 'transfer', '', '']))],
    ['payments.csv', rawJournal('payments.csv', spec.docs.filter((d) => d.kind === 'payment')
      .map((d) => [d.id, d.date, d.customer, ccy(d), amt(d), 'transfer', '', '', '']))],
    ['credits.csv', rawJournal('credits.csv', spec.docs.filter((d) => d.kind === 'credit-note' || d.kind === 'write-off')
      .map((d) => [d.id, d.kind, d.date, d.customer, ccy(d), amt(d), '', 'test']))],
    ['applications.csv', rawJournal('applications.csv', spec.apps
      .map((a) => [a.date, a.credit, a.debit, formatMinor(a.amount as Minor, ccy(byId.get(a.credit)!))]))],
    ['disputes.csv', rawJournal('disputes.csv', spec.disputes.map((x) => [x.date, x.invoice, x.status, '']))],
  ]);
}

function age(spec: Spec, asOf: LocalDate, basis: 'due' | 'invoice' = 'due', js = journals(spec)): AgingReport {
  const built = buildLedger({ config: testConfig(), customers: testCustomers(), journals: js });
  expect(built.issues).toEqual([]);
  return ageOpenItems(built.ledger, { asOf, basis, buckets: [30, 60, 90], customer: null, detail: true });
}

function shuffled<T>(list: readonly T[], keys: readonly number[]): T[] {
  return list.map((x, i) => ({ x, k: keys[i % Math.max(keys.length, 1)] ?? 0, i })).sort((a, b) => a.k - b.k || b.i - a.i).map((e) => e.x);
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

describe('aging on generated ledgers', () => {
  it('buckets sum to open; balance = open − unapplied = Σ debits − Σ credits dated ≤ D; matches a direct model', () => {
    fc.assert(fc.property(specArb, asOfArb, fc.constantFrom('due' as const, 'invoice' as const), (spec, asOf, basis) => {
      const report = age(spec, asOf, basis);
      expect(report.buckets).toEqual(bucketLabels(basis, [30, 60, 90]));
      for (const cust of CUSTOMERS) {
        const docs = spec.docs.filter((d) => d.customer === cust && d.date <= asOf);
        const appliedTo = (id: string): number => sum(spec.apps.filter((a) => a.date <= asOf && (a.credit === id || a.debit === id)).map((a) => a.amount));
        const open = sum(docs.filter((d) => d.debit).map((d) => d.amount - appliedTo(d.id)));
        const unapplied = sum(docs.filter((d) => !d.debit).map((d) => d.amount - appliedTo(d.id)));
        const row = report.customers.find((c) => c.customer === cust);
        if (!row) {
          expect([open, unapplied]).toEqual([0, 0]);
          continue;
        }
        expect(sum(row.buckets)).toBe(row.open);
        expect([row.open, row.unapplied]).toEqual([open, unapplied]);
        expect(row.balance).toBe(row.open - row.unapplied);
        expect(row.balance).toBe(sum(docs.filter((d) => d.debit).map((d) => d.amount)) - sum(docs.filter((d) => !d.debit).map((d) => d.amount)));
        // Items: every debit document with something open, in its bucket, sorted by due date then id.
        const items = row.items!;
        expect(items.map((i) => i.id).sort()).toEqual(docs.filter((d) => d.debit && d.amount - appliedTo(d.id) !== 0).map((d) => d.id).sort());
        for (const i of items) {
          const days = basis === 'due' ? daysBetween(asOf, i.due) : daysBetween(asOf, i.date);
          expect(i.bucket).toBe(report.buckets[bucketIndex(basis, [30, 60, 90], days)]);
          expect(i.daysOverdue).toBe(daysBetween(asOf, i.due));
        }
        expect(items.map((i) => `${i.due} ${i.id}`)).toEqual(items.map((i) => `${i.due} ${i.id}`).sort());
      }
      for (const t of report.totals) {
        const rows = report.customers.filter((c) => c.currency === t.currency);
        expect(t.open).toBe(sum(rows.map((r) => r.open)));
        expect(t.balance).toBe(t.open - t.unapplied);
        expect(sum(t.buckets)).toBe(t.open);
      }
    }), { numRuns: 150 });
  });

  it('does not depend on the order of rows in any journal', () => {
    fc.assert(fc.property(specArb, asOfArb, fc.array(fc.integer(), { minLength: 1, maxLength: 50 }), (spec, asOf, keys) => {
      const js = journals(spec);
      const mixed = new Map([...js].map(([name, j]) => [name, rawJournal(name, shuffled([...j.rows], keys).map((r) => r.fields))]));
      expect(age(spec, asOf, 'due', mixed)).toEqual(age(spec, asOf, 'due', js));
    }), { numRuns: 100 });
  });

  it('ignores documents, applications and dispute rows dated after D', () => {
    fc.assert(fc.property(specArb, asOfArb, (spec, asOf) => {
      const docs = spec.docs.filter((d) => d.date <= asOf);
      const kept = new Set(docs.map((d) => d.id));
      const before: Spec = {
        docs,
        apps: spec.apps.filter((a) => a.date <= asOf),
        // a dispute row may predate its invoice; it goes with the invoice
        disputes: spec.disputes.filter((x) => x.date <= asOf && kept.has(x.invoice)),
      };
      expect(age(before, asOf)).toEqual(age(spec, asOf));
    }), { numRuns: 100 });
  });

  it('applying more never increases what is open, and leaves the balance alone', () => {
    fc.assert(fc.property(specArb, asOfArb, appArb, (spec, asOf, extra) => {
      const more = makeSpecWithExtra(spec, extra);
      if (!more) return;
      const a = age(spec, asOf);
      const b = age(more, asOf);
      for (const cust of CUSTOMERS) {
        const x = a.customers.find((c) => c.customer === cust);
        const y = b.customers.find((c) => c.customer === cust);
        expect(y?.open ?? 0).toBeLessThanOrEqual(x?.open ?? 0);
        expect(y?.unapplied ?? 0).toBeLessThanOrEqual(x?.unapplied ?? 0);
        expect(y?.balance ?? 0).toBe(x?.balance ?? 0);
      }
    }), { numRuns: 100 });
  });

  it('flags an item disputed by the last dispute row dated ≤ D', () => {
    fc.assert(fc.property(specArb, asOfArb, (spec, asOf) => {
      const report = age(spec, asOf);
      for (const c of report.customers) {
        for (const i of c.items!) {
          const rows = spec.disputes.filter((x) => x.invoice === i.id && x.date <= asOf).sort((p, q) => (p.date < q.date ? -1 : 1));
          expect(i.disputed).toBe(rows.at(-1)?.status === 'open');
        }
      }
    }), { numRuns: 100 });
  });
});

/** One more application on top of a spec, kept valid (null when there is nothing left to apply). */
function makeSpecWithExtra(spec: Spec, t: ValueOf<typeof appArb>): Spec | null {
  const credits = spec.docs.filter((d) => !d.debit);
  if (credits.length === 0) return null;
  const left = new Map(spec.docs.map((d) => [d.id, d.amount - sum(spec.apps.filter((a) => a.credit === d.id || a.debit === d.id).map((a) => a.amount))]));
  const credit = credits[t.c % credits.length]!;
  const debits = spec.docs.filter((d) => d.debit && d.customer === credit.customer);
  if (debits.length === 0) return null;
  const debit = debits[t.d % debits.length]!;
  const amount = Math.max(1, Math.floor(Math.min(left.get(credit.id)!, left.get(debit.id)!) * t.share));
  if (amount > Math.min(left.get(credit.id)!, left.get(debit.id)!)) return null;
  const date = addDays(credit.date > debit.date ? credit.date : debit.date, t.delay);
  return { ...spec, apps: [...spec.apps, { date, credit: credit.id, debit: debit.id, amount }] };
}

describe('bucket labels and edges', () => {
  it('follow the configured limits on both bases', () => {
    expect(bucketLabels('due', [30, 60, 90])).toEqual(['current', '1-30', '31-60', '61-90', '91+']);
    expect(bucketLabels('invoice', [30, 60, 90])).toEqual(['0-30', '31-60', '61-90', '91+']);
    expect(bucketLabels('due', [15, 45])).toEqual(['current', '1-15', '16-45', '46+']);
    expect(bucketLabels('invoice', [7])).toEqual(['0-7', '8+']);
  });

  it('put each day count in the bucket its label names', () => {
    fc.assert(fc.property(
      fc.uniqueArray(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 6 }).map((xs) => [...xs].sort((a, b) => a - b)),
      fc.constantFrom('due' as const, 'invoice' as const), fc.integer({ min: -100, max: 800 }),
      (limits, basis, days) => {
        if (basis === 'invoice' && days < 0) return;
        const label = bucketLabels(basis, limits)[bucketIndex(basis, limits, days)]!;
        if (label === 'current') expect(days).toBeLessThanOrEqual(0);
        else if (label.endsWith('+')) expect(days).toBeGreaterThanOrEqual(Number(label.slice(0, -1)));
        else {
          const [lo, hi] = label.split('-').map(Number);
          expect(days).toBeGreaterThanOrEqual(lo!);
          expect(days).toBeLessThanOrEqual(hi!);
        }
      },
    ));
  });
});
