// The worklist with payment plans, promises and voids together (SPEC §8): a planned invoice is overdue only by
// its overdue instalments, and the worklist's overdue total agrees with aging's overdue buckets.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type LocalDate } from '../../src/core/date.js';
import { buildLedger } from '../../src/core/ledger.js';
import { buildWorklist, formatPriority } from '../../src/core/collections/worklist.js';
import { ageOpenItems } from '../../src/core/reports/aging.js';
import { inputFrom, ledgerFrom, type Journals } from '../helpers/ledger.js';

const CUSTOMERS = 'ACME:\n  name: Acme Corporation\n  currency: EUR\nGLOBEX:\n  name: Globex\n  currency: EUR\n';
const D = (s: string): LocalDate => s as LocalDate;

// I1 900.00 due 2026-01-31, planned on 2026-02-01 in three instalments of 300.00 due 02-15, 03-15, 04-15.
const PLANNED: Journals = {
  'invoices.csv': 'I1,invoice,2026-01-01,2026-01-31,ACME,EUR,900.00,net30,,\nI2,invoice,2026-01-01,2026-01-31,GLOBEX,EUR,100.00,net30,,\n',
  'plans.csv': '2026-02-01,I1,1,2026-02-15,300.00\n2026-02-01,I1,2,2026-03-15,300.00\n2026-02-01,I1,3,2026-04-15,300.00\n',
};

const rowOf = (journals: Journals, asOf: string, customer = 'ACME') =>
  buildWorklist(ledgerFrom(journals, CUSTOMERS), { asOf: D(asOf), assignee: null }).rows.find((r) => r.customer === customer);

describe('the worklist by instalment', () => {
  it('counts only the overdue instalments of a planned invoice, each with its own days overdue', () => {
    // On 03-20: instalment 1 is 33 days overdue, 2 is 5 days, 3 is not due.
    const r = rowOf(PLANNED, '2026-03-20')!;
    expect([r.overdue, r.oldestDaysOverdue, formatPriority(r.priority, r.currency)]).toEqual([60000, 33, String((300 * 33 + 300 * 5).toFixed(2))]);
  });

  it('leaves out a customer whose plan has nothing overdue yet, though the invoice itself is past due', () => {
    expect(rowOf(PLANNED, '2026-02-10')).toBeUndefined();
    expect(rowOf(PLANNED, '2026-02-10', 'GLOBEX')!.oldestDaysOverdue).toBe(10);
  });

  it('lets a payment settle instalment 1 first', () => {
    const paid: Journals = { ...PLANNED, 'payments.csv': 'P1,2026-02-14,ACME,EUR,300.00,,,,\n', 'applications.csv': '2026-02-14,P1,I1,300.00\n' };
    const r = rowOf(paid, '2026-03-20')!;
    expect([r.overdue, r.oldestDaysOverdue]).toEqual([30000, 5]);
  });

  it('counts a promise without an invoice over the overdue instalments, and its status, without changing the overdue total', () => {
    const promised: Journals = { ...PLANNED, 'promises.csv': '2026-03-16,ACME,,600.00,2026-03-31,Anna,\n' };
    const r = rowOf(promised, '2026-03-20')!;
    expect([r.overdue, r.promisesPending, r.promisesBroken]).toEqual([60000, 1, 0]);
    const later = rowOf(promised, '2026-04-01')!;
    expect([later.overdue, later.promisesPending, later.promisesBroken]).toEqual([60000, 0, 1]);
  });

  it('never lists a voided invoice', () => {
    const voided: Journals = {
      'invoices.csv': 'I1,invoice,2026-01-01,2026-01-31,ACME,EUR,100.00,net30,,\n',
      'credits.csv': 'C1,credit-note,2026-03-10,ACME,EUR,100.00,I1,void\n',
      'applications.csv': '2026-03-10,C1,I1,100.00\n',
      'voids.csv': '2026-03-10,I1,C1,0,oops,Anna\n',
    };
    expect(rowOf(voided, '2026-03-09')!.overdue).toBe(10000);
    expect(rowOf(voided, '2026-03-10')).toBeUndefined();
    expect(rowOf(voided, '2026-12-31')).toBeUndefined();
  });
});

describe('the worklist agrees with aging', () => {
  const START = D('2026-01-01');
  const day = (n: number): string => addDays(START, n);
  const money = (cents: number): string => (cents / 100).toFixed(2);

  const spec = fc.record({
    invoices: fc.array(fc.record({ day: fc.integer({ min: 0, max: 120 }), cents: fc.integer({ min: 100, max: 200000 }), globex: fc.boolean(),
      plan: fc.option(fc.record({ after: fc.integer({ min: 0, max: 60 }), n: fc.integer({ min: 1, max: 4 }), every: fc.integer({ min: 5, max: 40 }) }), { nil: null }),
      paid: fc.integer({ min: 0, max: 100 }), payDay: fc.integer({ min: 0, max: 200 }), disputed: fc.boolean(),
      promise: fc.option(fc.record({ day: fc.integer({ min: 0, max: 200 }), span: fc.integer({ min: 0, max: 30 }), own: fc.boolean() }), { nil: null }),
      voided: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }) }), { minLength: 1, maxLength: 8 }),
    asOf: fc.integer({ min: 0, max: 260 }),
  });

  it('has, per customer, the overdue total of aging\'s non-disputed items outside `current`', () => {
    fc.assert(fc.property(spec, (s) => {
      const j: Record<string, string> = { 'invoices.csv': '', 'payments.csv': '', 'credits.csv': '', 'applications.csv': '', 'plans.csv': '', 'disputes.csv': '', 'promises.csv': '', 'voids.csv': '' };
      s.invoices.forEach((inv, i) => {
        const id = `I${i}`;
        const cust = inv.globex ? 'GLOBEX' : 'ACME';
        const date = day(inv.day);
        j['invoices.csv'] += `${id},invoice,${date},${day(inv.day + 30)},${cust},EUR,${money(inv.cents)},net30,,\n`;
        // A voided invoice is one nothing was paid on (void refuses one a payment settled).
        const pay = inv.voided !== null ? 0 : Math.floor((inv.cents * inv.paid) / 100);
        const payDay = Math.max(inv.day, inv.payDay);
        if (pay > 0) {
          j['payments.csv'] += `P${i},${day(payDay)},${cust},EUR,${money(pay)},,,,\n`;
          j['applications.csv'] += `${day(payDay)},P${i},${id},${money(pay)}\n`;
        }
        let open = inv.cents;
        if (inv.plan) {
          const planDay = inv.day + inv.plan.after;
          open = inv.cents - (pay > 0 && payDay <= planDay ? pay : 0);
          const n = inv.plan.n;
          const share = Math.floor(open / n);
          if (open > 0 && share > 0) {
            for (let k = 0; k < n; k++) {
              const amount = k === n - 1 ? open - share * (n - 1) : share;
              j['plans.csv'] += `${day(planDay)},${id},${k + 1},${day(planDay + (k + 1) * inv.plan.every)},${money(amount)}\n`;
            }
          }
        }
        if (inv.disputed) j['disputes.csv'] += `${day(inv.day + 5)},${id},open,price\n`;
        if (inv.promise) {
          const pd = Math.max(inv.day, inv.promise.day);
          j['promises.csv'] += `${day(pd)},${cust},${inv.promise.own ? id : ''},${money(Math.max(1, Math.floor(inv.cents / 2)))},${day(pd + inv.promise.span)},Anna,\n`;
        }
        if (inv.voided !== null) {
          const vd = Math.max(inv.day, inv.voided);
          j['credits.csv'] += `V${i},credit-note,${day(vd)},${cust},EUR,${money(inv.cents)},${id},void\n`;
          j['applications.csv'] += `${day(vd)},V${i},${id},${money(inv.cents)}\n`;
          j['voids.csv'] += `${day(vd)},${id},V${i},0,oops,Anna\n`;
        }
      });
      const built = buildLedger(inputFrom(j as Journals, CUSTOMERS));
      const ledger = built.ledger;
      expect(built.issues.map((i) => `${i.file}:${i.line}: ${i.message}`)).toEqual([]);
      const asOf = D(day(s.asOf));
      const aging = ageOpenItems(ledger, { asOf, basis: 'due', buckets: [30, 60, 90], customer: null, detail: true });
      const expected = new Map<string, number>();
      for (const c of aging.customers) {
        const sum = (c.items ?? []).filter((it) => !it.disputed && it.bucket !== 'current').reduce((t, it) => t + it.open, 0);
        if (sum !== 0) expected.set(c.customer, sum);
      }
      const got = new Map<string, number>();
      for (const r of buildWorklist(ledger, { asOf, assignee: null }).rows) if (r.overdue !== 0) got.set(r.customer, r.overdue);
      expect(got).toEqual(expected);
    }), { numRuns: 300 });
  });
});
