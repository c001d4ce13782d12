// Payment behaviour (SPEC §3.2): settlement dates, days to settle and late, exact half-up averages.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../../src/core/date.js';
import type { LedgerIssue } from '../../src/core/issues.js';
import { type Ledger } from '../../src/core/ledger.js';
import { averageText, paymentBehavior, settlementDates } from '../../src/core/reports/behavior.js';
import { inputFrom, issuesAfterRows, ledgerFrom, type Journals } from '../helpers/ledger.js';

const CUSTOMERS = `ACME:
  name: Acme Corporation
  currency: EUR
ZEN:
  name: Zen Ltd
  currency: EUR
`;

const ledgerOf = (journals: Journals): Ledger => ledgerFrom(journals, CUSTOMERS);

const d = (s: string): LocalDate => s as LocalDate;

const BOOKS = {
  'invoices.csv': [
    'I1,invoice,2026-01-10,2026-02-09,ACME,EUR,100.00,net30,,',
    'I2,invoice,2026-01-20,2026-02-19,ACME,EUR,200.00,net30,,',
    'I3,invoice,2026-02-01,2026-03-03,ACME,EUR,50.00,net30,,',
    'D1,debit-note,2026-02-05,2026-02-05,ZEN,EUR,10.00,receipt,,',
    'I4,invoice,2026-02-10,2026-03-12,ZEN,EUR,80.00,net30,,',
  ].join('\n') + '\n',
  'payments.csv': [
    'P1,2026-01-25,ACME,EUR,100.00,,,,',
    'P2,2026-02-10,ACME,EUR,150.00,,,,',
    'P3,2026-03-01,ACME,EUR,100.00,,,,',
    'P4,2026-02-05,ZEN,EUR,10.00,,,,',
    'P5,2026-03-20,ZEN,EUR,100.00,,,,',
  ].join('\n') + '\n',
  'refunds.csv': 'R1,2026-03-25,ZEN,EUR,20.00,,,\n',
  'applications.csv': [
    '2026-01-25,P1,I1,100.00',
    '2026-02-10,P2,I2,150.00', // I2 partly paid ...
    '2026-03-01,P3,I2,50.00', // ... and settled here, 20 days late
    '2026-03-01,P3,I3,50.00',
    '2026-02-05,P4,D1,10.00',
    '2026-03-20,P5,I4,80.00',
    '2026-03-25,P5,R1,20.00', // a refund settled: not counted
  ].join('\n') + '\n',
};

describe('settlementDates', () => {
  it('is the date of the application that brings the open amount to zero', () => {
    const ledger = ledgerOf(BOOKS);
    const dates = settlementDates(ledger, d('2026-12-31'));
    const of = (id: string): string | null => dates[ledger.byId.get(id)!.seq]!;
    expect(of('I1')).toBe('2026-01-25');
    expect(of('I2')).toBe('2026-03-01');
    expect(of('P1')).toBe(null);
  });

  it('ignores applications after the as-of date, leaving the item unsettled', () => {
    const ledger = ledgerOf(BOOKS);
    const dates = settlementDates(ledger, d('2026-02-28'));
    expect(dates[ledger.byId.get('I2')!.seq]).toBe(null);
  });
});

describe('paymentBehavior', () => {
  it('averages days to settle and late per customer, sorted by id, with items', () => {
    const r = paymentBehavior(ledgerOf(BOOKS), { asOf: d('2026-12-31'), customer: null, detail: true });
    expect(r.customers.map((c) => c.customer)).toEqual(['ACME', 'ZEN']);
    const acme = r.customers[0]!;
    // I1 15 days, 0 late; I2 40 days, 10 late (due 02-19, settled 03-01); I3 28 days, 0 late.
    expect(acme.items!.map((i) => [i.id, i.settled, i.daysToSettle, i.daysLate])).toEqual([
      ['I1', '2026-01-25', 15, 0], ['I2', '2026-03-01', 40, 10], ['I3', '2026-03-01', 28, 0],
    ]);
    expect([acme.settled, acme.avgDaysToSettle, acme.avgDaysLate, acme.lateShare]).toEqual([3, '27.7', '3.3', '0.33']);
    const zen = r.customers[1]!;
    // The debit note counts (0 days, due on receipt); the refund does not; I4 38 days, 8 late.
    expect(zen.items!.map((i) => i.id)).toEqual(['D1', 'I4']);
    expect([zen.settled, zen.avgDaysToSettle, zen.avgDaysLate, zen.lateShare]).toEqual([2, '19.0', '4.0', '0.50']);
  });

  it('counts only invoices settled by the as-of date and leaves out customers with none', () => {
    const r = paymentBehavior(ledgerOf(BOOKS), { asOf: d('2026-02-28'), customer: null, detail: false });
    expect(r.customers.map((c) => [c.customer, c.settled])).toEqual([['ACME', 1], ['ZEN', 1]]);
    expect(r.customers[0]!.items).toBe(null);
    const none = paymentBehavior(ledgerOf(BOOKS), { asOf: d('2026-01-24'), customer: null, detail: false });
    expect(none.customers).toEqual([]);
  });

  it('filters one customer', () => {
    const r = paymentBehavior(ledgerOf(BOOKS), { asOf: d('2026-12-31'), customer: 'ZEN', detail: false });
    expect(r.customers.map((c) => c.customer)).toEqual(['ZEN']);
  });
});

describe('averageText', () => {
  it('rounds half-up exactly where a float would not', () => {
    expect(averageText(1, 20, 1)).toBe('0.1'); // 0.05
    expect(averageText(1, 8, 2)).toBe('0.13'); // 0.125
    expect(averageText(29, 8, 1)).toBe('3.6'); // 3.625
    expect(averageText(7, 40, 2)).toBe('0.18'); // 0.175, which is 0.17499… as a float
    expect(averageText(0, 3, 1)).toBe('0.0');
  });

  it('equals integer half-up rounding of sum / count for any whole numbers', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 2 }), (sum, count, dp) => {
      const scale = 10n ** BigInt(dp);
      const num = BigInt(sum) * scale * 2n + BigInt(count);
      const q = num / (2n * BigInt(count)); // floor((sum*scale)/count + 1/2)
      const want = `${q / scale}.${(q % scale).toString().padStart(dp, '0')}`;
      expect(averageText(sum, count, dp)).toBe(want);
    }));
  });
});
