// Collection KPIs: periods, DSO, CEI, average days delinquent and share current, exact and null on zero divisors.
import fc from 'fast-check';
import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../../src/core/date.js';
import type { LedgerIssue } from '../../src/core/issues.js';
import { type Ledger } from '../../src/core/ledger.js';
import { formatMinor } from '../../src/core/money.js';
import { collectionKpis, periodsBetween } from '../../src/core/reports/kpi.js';
import { inputFrom, issuesAfterRows, ledgerFrom, type Journals } from '../helpers/ledger.js';

const CUSTOMERS = `ACME:
  name: Acme Corporation
  currency: EUR
YEN:
  name: Yen KK
  currency: JPY
`;

const ledgerOf = (journals: Journals): Ledger => ledgerFrom(journals, CUSTOMERS);

const d = (s: string): LocalDate => s as LocalDate;

const BOOKS = {
  'invoices.csv': [
    'I1,invoice,2026-09-15,2026-10-15,ACME,EUR,1000.00,net30,,',
    'I2,invoice,2026-10-10,2026-11-09,ACME,EUR,500.00,net30,,',
    'I3,invoice,2026-10-20,2026-11-19,ACME,EUR,300.00,net30,,',
  ].join('\n') + '\n',
  'payments.csv': 'P1,2026-10-05,ACME,EUR,600.00,,,,\n',
  'applications.csv': '2026-10-05,P1,I1,600.00\n',
};

describe('periodsBetween', () => {
  it('cuts calendar months and quarters, clipped to the range', () => {
    expect(periodsBetween(d('2026-01-15'), d('2026-03-10'), 'month')).toEqual([
      { label: '2026-01', from: '2026-01-15', to: '2026-01-31' },
      { label: '2026-02', from: '2026-02-01', to: '2026-02-28' },
      { label: '2026-03', from: '2026-03-01', to: '2026-03-10' },
    ]);
    expect(periodsBetween(d('2026-02-01'), d('2026-12-31'), 'quarter').map((p) => [p.label, p.from, p.to])).toEqual([
      ['2026-Q1', '2026-02-01', '2026-03-31'], ['2026-Q2', '2026-04-01', '2026-06-30'],
      ['2026-Q3', '2026-07-01', '2026-09-30'], ['2026-Q4', '2026-10-01', '2026-12-31'],
    ]);
    expect(periodsBetween(d('2026-05-05'), d('2026-05-05'), 'month')).toEqual([{ label: '2026-05', from: '2026-05-05', to: '2026-05-05' }]);
  });
});

describe('collectionKpis', () => {
  it('computes DSO, best DSO, CEI, ADD and share current from opening, invoiced and closing AR', () => {
    const r = collectionKpis(ledgerOf(BOOKS), { from: d('2026-10-01'), to: d('2026-11-30'), period: 'month' });
    const [oct, nov] = r.rows;
    // October: opening 1000, invoiced 800, closing 1200 of which 800 not yet due; 31 days.
    expect(oct).toMatchObject({
      period: '2026-10', days: 31, currency: 'EUR', openingAr: 100000, invoiced: 80000, closingAr: 120000, closingCurrentAr: 80000,
      dso: '46.5', bestPossibleDso: '31.0', averageDaysDelinquent: '15.5', cei: '60.0', currentShare: '66.7',
    });
    // November: nothing invoiced (DSO undefined), nothing collected, everything overdue at the end.
    expect(nov).toMatchObject({
      period: '2026-11', days: 30, openingAr: 120000, invoiced: 0, closingAr: 120000, closingCurrentAr: 0,
      dso: null, bestPossibleDso: null, averageDaysDelinquent: null, cei: '0.0', currentShare: '0.0',
    });
  });

  it('reports each currency separately and leaves out periods where a currency has no AR at all', () => {
    const books = {
      ...BOOKS,
      'invoices.csv': `${BOOKS['invoices.csv']}Y1,invoice,2026-11-02,2026-12-02,YEN,JPY,12000,net30,,\n`,
    };
    const r = collectionKpis(ledgerOf(books), { from: d('2026-10-01'), to: d('2026-11-30'), period: 'month' });
    expect(r.rows.map((k) => [k.period, k.currency])).toEqual([['2026-10', 'EUR'], ['2026-11', 'EUR'], ['2026-11', 'JPY']]);
    expect(r.rows[2]).toMatchObject({ invoiced: 12000, closingAr: 12000, dso: '30.0', currentShare: '100.0', cei: null });
  });

  it('gives null, not a number, for every ratio of an empty ledger range', () => {
    const r = collectionKpis(ledgerOf({}), { from: d('2026-01-01'), to: d('2026-12-31'), period: 'quarter' });
    expect(r.rows).toEqual([]);
  });

  it('keeps ADD = DSO - best DSO within the rounding of the displayed values', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 }),
      (invoiced, overdue, current) => {
        const a = (minor: number): string => formatMinor(minor, 'EUR');
        const ledger = ledgerOf({
          'invoices.csv': [
            `A,invoice,2026-03-01,2026-03-02,ACME,EUR,${a(overdue + 1)},net30,,`,
            `B,invoice,2026-03-20,2026-04-30,ACME,EUR,${a(current + 1)},net30,,`,
            `C,invoice,2026-03-05,2026-03-06,ACME,EUR,${a(invoiced)},net30,,`,
          ].join('\n') + '\n',
          'payments.csv': `P,2026-03-31,ACME,EUR,${a(invoiced)},,,,\n`,
          'applications.csv': `2026-03-31,P,C,${a(invoiced)}\n`,
        });
        const [k] = collectionKpis(ledger, { from: d('2026-03-01'), to: d('2026-03-31'), period: 'month' }).rows;
        const diff = new Big(k!.dso!).minus(k!.bestPossibleDso!).minus(k!.averageDaysDelinquent!).abs();
        expect(diff.lte('0.1')).toBe(true);
        expect(Number(k!.currentShare) >= 0 && Number(k!.currentShare) <= 100).toBe(true);
      },
    ), { numRuns: 60 });
  });
});
