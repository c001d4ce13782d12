// Voids on random ledgers: an invoice voided is gone from the balance, kpi and behavior as if never written; a
// payment voided gives back what it settled; and the void rows themselves keep every rule of the ledger.
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type LocalDate } from '../../src/core/date.js';
import type { Ledger } from '../../src/core/ledger.js';
import { formatMinor, type Currency, type Minor } from '../../src/core/money.js';
import { customerStanding } from '../../src/core/ops/customer.js';
import { planVoid } from '../../src/core/ops/void.js';
import { ageOpenItems } from '../../src/core/reports/aging.js';
import { paymentBehavior } from '../../src/core/reports/behavior.js';
import { collectionKpis } from '../../src/core/reports/kpi.js';
import type { NewRow } from '../../src/core/rows.js';
import { issuesAfterRows, ledgerFrom, type Journals } from '../helpers/ledger.js';

const CUSTOMERS = 'ACME:\n  name: Acme Corporation\n  currency: EUR\nYEN:\n  name: Yen KK\n  currency: JPY\n';
const START = '2026-01-01' as LocalDate;
const END = '2026-12-31' as LocalDate;

interface Spec {
  readonly invoices: { day: number; amount: number; yen: boolean }[];
  readonly payments: { day: number; share: number; targets: number[] }[];
  readonly voidDay: number;
}

const specArb: fc.Arbitrary<Spec> = fc.record({
  invoices: fc.array(fc.record({ day: fc.integer({ min: 0, max: 200 }), amount: fc.integer({ min: 1, max: 500000 }), yen: fc.boolean() }), { minLength: 2, maxLength: 7 }),
  payments: fc.array(fc.record({ day: fc.integer({ min: 0, max: 120 }), share: fc.double({ min: 0.1, max: 1.2, noNaN: true }), targets: fc.array(fc.nat(6), { maxLength: 3 }) }), { maxLength: 5 }),
  voidDay: fc.integer({ min: 0, max: 120 }),
});

/** Journals of a random valid ledger, the invoice documents in order, and which invoices have nothing applied. */
function books(spec: Spec): { journals: Journals; ids: string[] } {
  const inv: string[] = [];
  const pay: string[] = [];
  const app: string[] = [];
  const ids: string[] = [];
  const open = new Map<string, { open: number; date: LocalDate; cust: string; ccy: Currency }>();
  spec.invoices.forEach((x, i) => {
    const id = `I${i}`;
    const date = addDays(START, x.day);
    const cust = x.yen ? 'YEN' : 'ACME';
    const ccy = (x.yen ? 'JPY' : 'EUR') as Currency;
    inv.push(stringify([[id, 'invoice', date, addDays(date, 30), cust, ccy, formatMinor(x.amount, ccy), 'net30', '', '']]));
    ids.push(id);
    open.set(id, { open: x.amount, date, cust, ccy });
  });
  spec.payments.forEach((p, k) => {
    const first = open.get(`I${p.targets[0] ?? 0}`) ?? open.get('I0')!;
    const date = addDays(first.date, p.day);
    const amount = Math.max(1, Math.round(first.open * p.share));
    const id = `P${k}`;
    pay.push(stringify([[id, date, first.cust, first.ccy, formatMinor(amount, first.ccy), '', '', '', '']]));
    let left = amount;
    for (const t of p.targets) {
      const target = open.get(`I${t}`);
      if (!target || target.cust !== first.cust || target.open === 0 || left === 0) continue;
      const take = Math.min(left, target.open);
      const on = target.date > date ? target.date : date;
      app.push(stringify([[on, id, `I${t}`, formatMinor(take, first.ccy)]]));
      target.open -= take;
      left -= take;
    }
  });
  return { journals: { 'invoices.csv': inv.join(''), 'payments.csv': pay.join(''), 'applications.csv': app.join('') }, ids };
}

function withRows(journals: Journals, rows: readonly NewRow[]): Journals {
  const more: Journals = { ...journals };
  for (const r of rows) more[r.journal] = `${more[r.journal] ?? ''}${stringify([[...r.fields]])}`;
  return more;
}

const balance = (ledger: Ledger, customer: string, asOf: LocalDate): number =>
  customerStanding(ledger, ledger.customers.get(customer)!, asOf).balance;

describe('void', () => {
  it('of an invoice: the balance drops by its amount from the void on; kpi and behavior as if it never existed', () => {
    fc.assert(fc.property(specArb, fc.nat(), (spec, pick) => {
      const { journals, ids } = books(spec);
      const before = ledgerFrom(journals, CUSTOMERS);
      const untouched = ids.filter((id) => !before.applications.some((a) => a.debit === id));
      fc.pre(untouched.length > 0);
      const id = untouched[pick % untouched.length]!;
      const doc = before.byId.get(id)!;
      const date = addDays(doc.date, spec.voidDay);
      const plan = planVoid(before, { id, date, reason: 'wrong customer', by: 'Anna', refund: false, reversalId: null });
      expect(issuesAfterRows(journals, CUSTOMERS, plan.rows)).toEqual([]);
      const after = ledgerFrom(withRows(journals, plan.rows), CUSTOMERS);
      expect(balance(after, doc.customer, date)).toBe(balance(before, doc.customer, date) - doc.amount);
      expect(balance(after, doc.customer, END)).toBe(balance(before, doc.customer, END) - doc.amount);
      // Before the void nothing has changed.
      const day = addDays(date, -1);
      expect(ageOpenItems(after, { asOf: day, basis: 'due', buckets: [30, 60, 90], customer: null, detail: true }))
        .toEqual(ageOpenItems(before, { asOf: day, basis: 'due', buckets: [30, 60, 90], customer: null, detail: true }));
      // kpi and behavior: the same as on the books without the invoice at all.
      const without = ledgerFrom({ ...journals, 'invoices.csv': journals['invoices.csv']!.split('\n').filter((l) => !l.startsWith(`${id},`)).join('\n') }, CUSTOMERS);
      const range = { from: START, to: addDays(END, 60), period: 'month' as const };
      expect(collectionKpis(after, range)).toEqual(collectionKpis(without, range));
      const opts = { asOf: addDays(END, 60), customer: null, detail: true };
      expect(paymentBehavior(after, opts)).toEqual(paymentBehavior(without, opts));
    }), { numRuns: 60 });
  });

  it('of a payment: what it settled is open again and it is unapplied whole; with --refund the balance rises by it', () => {
    fc.assert(fc.property(specArb, fc.nat(), fc.boolean(), (spec, pick, refund) => {
      const { journals } = books(spec);
      const before = ledgerFrom(journals, CUSTOMERS);
      const payments = before.documents.filter((d) => d.kind === 'payment');
      fc.pre(payments.length > 0);
      const pay = payments[pick % payments.length]!;
      const last = before.applications.filter((a) => a.credit === pay.id).reduce((m, a) => (a.date > m ? a.date : m), pay.date);
      const date = addDays(last, spec.voidDay % 5);
      const plan = planVoid(before, { id: pay.id, date, reason: 'applied wrongly', by: 'Anna', refund, reversalId: null });
      expect(issuesAfterRows(journals, CUSTOMERS, plan.rows)).toEqual([]);
      const after = ledgerFrom(withRows(journals, plan.rows), CUSTOMERS);
      const standingBefore = customerStanding(before, before.customers.get(pay.customer)!, date);
      const standingAfter = customerStanding(after, after.customers.get(pay.customer)!, date);
      const applied = before.applications.filter((a) => a.credit === pay.id).reduce((s, a) => s + a.amount, 0);
      expect(standingAfter.open).toBe(standingBefore.open + applied + (refund ? 0 : 0));
      if (refund) {
        expect(standingAfter.balance).toBe(standingBefore.balance + pay.amount);
        expect(standingAfter.unapplied).toBe(standingBefore.unapplied - (pay.amount - applied));
      } else {
        expect(standingAfter.balance).toBe(standingBefore.balance);
        expect(standingAfter.unapplied).toBe(standingBefore.unapplied + applied);
      }
    }), { numRuns: 60 });
  });

  it('refuses an invoice a payment has settled in part, naming the payment', () => {
    const journals: Journals = {
      'invoices.csv': 'I1,invoice,2026-03-01,2026-03-31,ACME,EUR,100.00,net30,,\n',
      'payments.csv': 'P1,2026-03-05,ACME,EUR,40.00,,,,\n',
      'applications.csv': '2026-03-05,P1,I1,40.00\n',
    };
    const ledger = ledgerFrom(journals, CUSTOMERS);
    expect(() => planVoid(ledger, { id: 'I1', date: '2026-03-10' as LocalDate, reason: '', by: '', refund: false, reversalId: null }))
      .toThrow('I1 is partly settled by P1 (40.00) — void P1 first (`arledger void P1 --reason …`), then I1');
  });

  it('lets check find a void row that does not match its reversal', () => {
    const journals: Journals = {
      'invoices.csv': 'I1,invoice,2026-03-01,2026-03-31,ACME,EUR,100.00,net30,,\n',
      'credits.csv': 'C1,credit-note,2026-03-10,ACME,EUR,90.00,I1,void\n',
      'applications.csv': '2026-03-10,C1,I1,90.00\n',
      'voids.csv': '2026-03-10,I1,C1,0,oops,Anna\n2026-03-11,I9,,0,,\n',
    };
    expect(issuesAfterRows(journals, CUSTOMERS, [])).toEqual([
      'voids.csv:2: reversal C1 of 90.00 is not I1\'s amount 100.00',
      'voids.csv:3: document "I9" does not exist',
    ]);
  });

  it('reverses only the applications a payment had when voided, so one applied again that day counts', () => {
    const journals: Journals = {
      'invoices.csv': 'I1,invoice,2026-03-01,2026-03-31,ACME,EUR,100.00,net30,,\nI2,invoice,2026-03-02,2026-04-01,ACME,EUR,100.00,net30,,\n',
      'payments.csv': 'P1,2026-03-05,ACME,EUR,100.00,,,,\n',
      'applications.csv': '2026-03-05,P1,I1,100.00\n2026-03-10,P1,I2,100.00\n',
      'voids.csv': '2026-03-10,P1,,1,wrong invoice,Anna\n',
    };
    const ledger = ledgerFrom(journals, CUSTOMERS);
    const open = (asOf: string): Record<string, Minor> => Object.fromEntries((ageOpenItems(ledger, { asOf: asOf as LocalDate, basis: 'due', buckets: [30], customer: null, detail: true })
      .customers[0]?.items ?? []).map((i) => [i.id, i.open]));
    expect(open('2026-03-09')).toEqual({ I2: 10000 });
    expect(open('2026-03-10')).toEqual({ I1: 10000 });
  });
});
