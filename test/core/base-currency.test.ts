// Base-currency reporting: which rate is used, half-up rounding at every edge, totals that are sums of the
// rounded customer figures, and a missing rate that names the currency and the date.
import Big from 'big.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../../src/core/date.js';
import { buildLedger } from '../../src/core/ledger.js';
import { RefusedError } from '../../src/core/issues.js';
import { minorDigits, type Currency, type Minor } from '../../src/core/money.js';
import type { AgingCustomer, AgingReport } from '../../src/core/reports/aging.js';
import { ageOpenItems } from '../../src/core/reports/aging.js';
import { agingInBase, compareWithGlInBase, convertMinor, converterFor, kpisInBase } from '../../src/core/reports/base-currency.js';
import { collectionKpis } from '../../src/core/reports/kpi.js';
import type { Rate } from '../../src/core/types.js';
import { inputFrom, ledgerFrom } from '../helpers/ledger.js';

const d = (s: string): LocalDate => s as LocalDate;
const c = (s: string): Currency => s as Currency;
const EUR = c('EUR');
const rate = (date: string, currency: string, r: string): Rate => ({ date: d(date), currency: c(currency), rate: r, src: { file: 'rates.csv', line: 2 } });

describe('convertMinor: rate × amount exactly, rounded half-up to the base currency', () => {
  it('rounds exactly half a minor unit up, and just under half down', () => {
    // 10.05 USD × 0.5 = 5.025 EUR -> 5.03; 10.03 × 0.5 = 5.015 -> 5.02; 10.01 × 0.5 = 5.005 -> 5.01
    expect(convertMinor(1005 as Minor, 'USD', new Big('0.5'), EUR)).toBe(503);
    expect(convertMinor(1003 as Minor, 'USD', new Big('0.5'), EUR)).toBe(502);
    expect(convertMinor(1001 as Minor, 'USD', new Big('0.5'), EUR)).toBe(501);
    // 0.01 × 0.4999 = 0.004999 -> 0.00
    expect(convertMinor(1 as Minor, 'USD', new Big('0.4999'), EUR)).toBe(0);
  });

  it('rounds a credit balance half away from zero, the mirror of a debit', () => {
    expect(convertMinor(-1005 as Minor, 'USD', new Big('0.5'), EUR)).toBe(-503);
    expect(convertMinor(-1001 as Minor, 'USD', new Big('0.4'), EUR)).toBe(-400);
  });

  it('converts JPY (no minor digits) into EUR cents', () => {
    // 1,200 JPY × 0.006262 = 7.5144 EUR -> 7.51; 125 JPY × 0.006 = 0.75 exactly; 1 JPY × 0.005 = 0.005 -> 0.01
    expect(convertMinor(1200 as Minor, 'JPY', new Big('0.006262'), EUR)).toBe(751);
    expect(convertMinor(125 as Minor, 'JPY', new Big('0.006'), EUR)).toBe(75);
    expect(convertMinor(1 as Minor, 'JPY', new Big('0.005'), EUR)).toBe(1);
  });

  it('reads KWD with three digits, and converts into a three-digit base', () => {
    // 1.234 KWD × 2.75 = 3.3935 EUR -> 3.39; 0.001 KWD × 5 = 0.005 EUR -> 0.01
    expect(convertMinor(1234 as Minor, 'KWD', new Big('2.75'), EUR)).toBe(339);
    expect(convertMinor(1 as Minor, 'KWD', new Big('5'), EUR)).toBe(1);
    // Into KWD: 10.00 EUR × 0.3325 = 3.325 KWD exactly; 0.01 EUR × 0.3325 = 0.003325 -> 0.003
    expect(convertMinor(1000 as Minor, 'EUR', new Big('0.3325'), c('KWD'))).toBe(3325);
    expect(convertMinor(1 as Minor, 'EUR', new Big('0.3325'), c('KWD'))).toBe(3);
    // 0.0005 KWD does not exist; 1.5 JPY would not either: into JPY, 0.5 of a yen rounds up.
    expect(convertMinor(1 as Minor, 'EUR', new Big('0.5'), c('JPY'))).toBe(0);
    expect(convertMinor(100 as Minor, 'EUR', new Big('162.5'), c('JPY'))).toBe(163);
  });

  it('takes a base-currency amount at exactly 1', () => {
    expect(convertMinor(123456789 as Minor, 'EUR', null, EUR)).toBe(123456789);
  });
});

describe('converterFor: the latest rate on or before the date', () => {
  const rates = [rate('2026-01-31', 'USD', '0.9318'), rate('2026-02-28', 'USD', '0.9238'), rate('2026-03-31', 'USD', '0.9335'), rate('2026-01-31', 'JPY', '0.006262')];

  it('uses the rate of the date itself, else the one before; lists only the currencies asked for', () => {
    expect(converterFor(rates, EUR, d('2026-02-28'), ['USD', 'EUR']).rates).toEqual([{ currency: 'USD', date: '2026-02-28', rate: '0.9238' }]);
    expect(converterFor(rates, EUR, d('2026-03-30'), ['USD']).rates).toEqual([{ currency: 'USD', date: '2026-02-28', rate: '0.9238' }]);
    expect(converterFor(rates, EUR, d('2026-12-31'), ['JPY', 'USD']).rates.map((r) => [r.currency, r.date])).toEqual([['JPY', '2026-01-31'], ['USD', '2026-03-31']]);
    expect(converterFor(rates, EUR, d('2026-01-01'), ['EUR']).rates).toEqual([]);
  });

  it('names the currency and the date when no rate is on or before it (exit 3)', () => {
    expect(() => converterFor(rates, EUR, d('2026-01-15'), ['USD'])).toThrow(RefusedError);
    expect(() => converterFor(rates, EUR, d('2026-01-15'), ['USD'])).toThrow(/^no USD rate on or before 2026-01-15 in rates\.csv — add a line 2026-01-15,USD,RATE/);
    expect(() => converterFor([], EUR, d('2026-01-15'), ['USD', 'JPY'])).toThrow(/no JPY rate and no USD rate on or before 2026-01-15/);
  });
});

const CURRENCIES = ['EUR', 'USD', 'JPY', 'KWD'] as const;
const NB = 5;

const customerArb = fc.record({
  currency: fc.constantFrom(...CURRENCIES),
  buckets: fc.array(fc.integer({ min: 0, max: 1_000_000_000 }), { minLength: NB, maxLength: NB }),
  unapplied: fc.integer({ min: 0, max: 1_000_000_000 }),
});
// Rates up to 999.99999 keep every converted sum of the test inside the exact range (a larger one is refused, exit 3).
const rateArb = fc.tuple(fc.integer({ min: 1, max: 99_999_999 }), fc.integer({ min: 5, max: 8 }))
  .map(([n, scale]) => new Big(n).div(new Big(10).pow(scale)).toFixed(scale));

describe('agingInBase', () => {
  it('the base totals are the sums of the customers rounded one by one; buckets add up to open (property)', () => {
    fc.assert(fc.property(fc.array(customerArb, { maxLength: 12 }), rateArb, rateArb, rateArb, (cs, usd, jpy, kwd) => {
      const customers: AgingCustomer[] = cs.map((x, i) => {
        const open = x.buckets.reduce((a, b) => a + b, 0);
        return {
          customer: `C${i}`, name: `C${i}`, currency: c(x.currency), buckets: x.buckets as Minor[], open: open as Minor,
          unapplied: x.unapplied as Minor, balance: (open - x.unapplied) as Minor, disputed: 0 as Minor, items: null,
        };
      });
      const report: AgingReport = { asOf: d('2026-11-30'), basis: 'due', buckets: ['current', '1-30', '31-60', '61-90', '91+'], customers, totals: [] };
      const rates = [rate('2026-11-30', 'USD', usd), rate('2026-11-01', 'JPY', jpy), rate('2020-01-01', 'KWD', kwd)];
      const base = agingInBase(report, rates, EUR);
      const byCode: Record<string, string> = { EUR: '1', USD: usd, JPY: jpy, KWD: kwd };
      // Independently: amount in major units × rate, half-up to cents.
      const expectCents = (minor: number, ccy: string): number =>
        Number(new Big(minor).div(new Big(10).pow(minorDigits(ccy))).times(byCode[ccy]!).round(2, Big.roundHalfUp).times(100).toFixed(0));
      let balance = 0;
      let open = 0;
      for (const [i, x] of customers.entries()) {
        const f = base.customers[i]!;
        expect(f.balance).toBe(expectCents(x.balance, x.currency));
        expect(f.open).toBe(expectCents(x.open, x.currency));
        expect(f.open - f.unapplied).toBe(f.balance);
        expect(f.buckets.reduce((a, b) => a + b, 0)).toBe(f.open);
        for (const [k, b] of f.buckets.entries()) {
          expect(b).toBeGreaterThanOrEqual(0);
          if (x.buckets[k] === 0) expect(b).toBe(0);
        }
        if (x.currency === 'EUR') expect(f).toEqual({ buckets: x.buckets, open: x.open, unapplied: x.unapplied, balance: x.balance });
        balance += f.balance;
        open += f.open;
      }
      expect(base.totals.balance).toBe(balance);
      expect(base.totals.open).toBe(open);
      expect(base.totals.buckets.reduce((a, b) => a + b, 0)).toBe(open);
      expect(base.rates.map((r) => r.currency)).toEqual([...new Set(customers.map((x) => x.currency))].filter((x) => x !== 'EUR').sort());
    }), { numRuns: 100 });
  });
});

const CUSTOMERS = `ACME:
  name: Acme Corporation
  currency: EUR
YANKEE:
  name: Yankee Inc
  currency: USD
YANKEE2:
  name: Yankee Two Inc
  currency: USD
NIPPON:
  name: Nippon KK
  currency: JPY
`;

const BOOKS = {
  'invoices.csv': [
    'I1,invoice,2026-09-15,2026-10-15,ACME,EUR,1000.00,net30,,',
    'I2,invoice,2026-10-10,2026-11-09,YANKEE,USD,100.05,net30,,',
    'I3,invoice,2026-10-10,2026-11-09,YANKEE2,USD,100.05,net30,,',
    'I4,invoice,2026-11-20,2026-12-20,NIPPON,JPY,1200,net30,,',
  ].join('\n') + '\n',
  'payments.csv': 'P1,2026-10-05,ACME,EUR,600.00,,,,\nP2,2026-11-05,YANKEE,USD,20.00,,,,\n',
  'applications.csv': '2026-10-05,P1,I1,600.00\n',
  'rates.csv': '2026-10-31,USD,0.5\n2026-11-30,JPY,0.006262\n',
};

describe('one ledger, three reports in the base currency', () => {
  const ledger = ledgerFrom(BOOKS, CUSTOMERS);
  const asOf = d('2026-11-30');

  it('aging, kpi and the GL comparison agree on the AR total, each customer rounded on its own', () => {
    const report = ageOpenItems(ledger, { asOf, basis: 'due', buckets: [30, 60, 90], customer: null, detail: false });
    const aging = agingInBase(report, ledger.rates, EUR);
    // ACME 400.00; YANKEE (100.05 − 20.00) × 0.5 = 40.025 -> 40.03; YANKEE2 100.05 × 0.5 = 50.025 -> 50.03; NIPPON 7.5144 -> 7.51.
    // Rounding the USD total at once would give (80.05 + 100.05) × 0.5 = 90.05, not 40.03 + 50.03 = 90.06.
    expect(aging.totals.balance).toBe(40000 + 4003 + 5003 + 751);
    expect(aging.totals.unapplied).toBe(1000);
    expect(aging.rates).toEqual([{ currency: 'JPY', date: '2026-11-30', rate: '0.006262' }, { currency: 'USD', date: '2026-10-31', rate: '0.5' }]);
    const gl = compareWithGlInBase(report, aging, 97000 as Minor);
    // Σ debit − Σ credit documents per currency, from the ledger itself.
    const docs = (ccy: string): number => ledger.documents.filter((x) => x.currency === ccy && x.date <= asOf)
      .reduce((a, x) => a + (['invoice', 'debit-note', 'refund'].includes(x.kind) ? x.amount : -x.amount), 0);
    expect(gl.currencies.map((x) => x.arTotal)).toEqual([docs('EUR'), docs('JPY'), docs('USD')]);
    expect(gl.arTotal).toBe(aging.totals.balance);
    expect(gl.difference).toBe(aging.totals.balance - 97000);
    expect(gl.currencies).toEqual([
      { currency: 'EUR', arTotal: 40000, arTotalBase: 40000 }, { currency: 'JPY', arTotal: 1200, arTotalBase: 751 },
      { currency: 'USD', arTotal: 18010, arTotalBase: 9006 },
    ]);
    const kpis = kpisInBase(ledger, collectionKpis(ledger, { from: d('2026-11-01'), to: asOf, period: 'month' }));
    // KPIs count open AR (unapplied credit not netted), as the aging's open total does.
    expect(kpis.rows.map((r) => [r.period, r.currency, r.closingAr])).toEqual([['2026-11', 'EUR', aging.totals.open]]);
    expect(kpis.rows[0]!.invoiced).toBe(751);
  });

  it('refuses a report date before the first rate of a currency it needs', () => {
    const report = ageOpenItems(ledger, { asOf: d('2026-10-20'), basis: 'due', buckets: [30, 60, 90], customer: null, detail: false });
    expect(() => agingInBase(report, ledger.rates, EUR)).toThrow(/no USD rate on or before 2026-10-20 in rates\.csv/);
  });
});

describe('rates.csv rules (check)', () => {
  it('reports a bad date, a bad, zero or negative rate, a duplicate and the base currency, each at its line', () => {
    const rows = ['2026-02-30,USD,0.9', '2026-01-31,USD,abc', '2026-01-31,JPY,0', '2026-02-28,JPY,-0.0063', '2026-01-31,USD,0.93',
      '2026-01-31,USD,0.94', '2026-01-31,EUR,1', '2026-01-31,usd,0.9'];
    const issues = buildLedger(inputFrom({ 'rates.csv': `${rows.join('\n')}\n` }, CUSTOMERS)).issues.map((i) => `${i.file}:${i.line}: ${i.message}`);
    expect(issues).toEqual([
      expect.stringMatching(/^rates\.csv:2: .*2026-02-30/),
      'rates.csv:3: rate "abc" is not a positive decimal',
      'rates.csv:4: rate "0" is not a positive decimal',
      'rates.csv:5: rate "-0.0063" is not a positive decimal',
      'rates.csv:7: a USD rate for 2026-01-31 is already at line 6',
      'rates.csv:8: currency EUR is the base currency (ledger.yaml currency)',
      expect.stringMatching(/^rates\.csv:9: .*usd/),
    ]);
  });
});
