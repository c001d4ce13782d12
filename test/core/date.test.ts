import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addDays, dayNumberOf, daysBetween, daysInMonth, endOfMonth, fromDayNumber, isLeapYear, isLocalDate, localDateOf,
  type LocalDate,
} from '../../src/core/date.js';
import { parseTerms, dueDate } from '../../src/core/terms.js';
import { buildLedger } from '../../src/core/ledger.js';
import { ageOpenItems } from '../../src/core/reports/aging.js';
import { rawJournal, testConfig, testCustomers } from './builders.js';

const D = (s: string): LocalDate => s as LocalDate;

describe('day numbers', () => {
  it('round-trips every day from 1900-01-01 to 2400-12-31, one day apart, agreeing with the proleptic calendar', () => {
    const first = dayNumberOf('1900-01-01');
    const last = dayNumberOf('2400-12-31');
    expect(first).toBe(Date.UTC(1900, 0, 1) / 86400000);
    let prev = '';
    const wrong: string[] = [];
    for (let n = first; n <= last; n++) {
      const d = fromDayNumber(n);
      // ISO strings order as the days do, so each day's text sorts after the one before
      if (dayNumberOf(d) !== n || !(d > prev)) wrong.push(`${n} -> ${d}`);
      prev = d;
    }
    expect(wrong).toEqual([]);
    expect(last - first + 1).toBe(501 * 365 + 122); // 122 leap years: 1900, 2100, 2200 and 2300 are not
  });

  it('agrees with Date.UTC on random days (UTC only, so no zone is involved)', () => {
    fc.assert(fc.property(fc.integer({ min: 1900, max: 2400 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
      const text = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      const valid = d <= daysInMonth(y, m);
      expect(isLocalDate(text)).toBe(valid);
      if (valid) expect(dayNumberOf(text)).toBe(Date.UTC(y, m - 1, d) / 86400000);
    }), { numRuns: 3000 });
  });

  it('knows leap years', () => {
    expect([1900, 2000, 2023, 2024, 2100, 2400].map(isLeapYear)).toEqual([false, true, false, true, false, true]);
    expect(isLocalDate('2000-02-29')).toBe(true);
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('1900-02-29')).toBe(false);
    expect(isLocalDate('2100-02-29')).toBe(false);
    expect(isLocalDate('2400-02-29')).toBe(true);
  });

  it('refuses what is not YYYY-MM-DD', () => {
    for (const bad of ['2026-1-05', '2026-13-01', '2026-00-10', '2026-04-31', '26-01-01', '2026/01/01', '2026-01-01T00:00', ' 2026-01-01', '2026-01-0a', '0000-01-01', '']) {
      expect(isLocalDate(bad), bad).toBe(false);
    }
  });

  it('adds days and measures spans across month, year and leap boundaries', () => {
    expect(addDays(D('2024-02-28'), 1)).toBe('2024-02-29');
    expect(addDays(D('2023-02-28'), 1)).toBe('2023-03-01');
    expect(addDays(D('2026-12-31'), 1)).toBe('2027-01-01');
    expect(addDays(D('2026-03-01'), -1)).toBe('2026-02-28');
    expect(daysBetween(D('2026-11-30'), D('2026-10-14'))).toBe(47);
    expect(daysBetween(D('2025-01-01'), D('2024-01-01'))).toBe(366);
    fc.assert(fc.property(fc.integer({ min: dayNumberOf('1900-01-01'), max: dayNumberOf('2400-01-01') }), fc.integer({ min: -5000, max: 5000 }), (n, k) => {
      const a = fromDayNumber(n);
      expect(daysBetween(addDays(a, k), a)).toBe(k);
    }));
  });

  it('finds the end of the month', () => {
    expect(endOfMonth(D('2024-02-10'))).toBe('2024-02-29');
    expect(endOfMonth(D('2100-02-01'))).toBe('2100-02-28');
    expect(endOfMonth(D('2026-12-05'))).toBe('2026-12-31');
    expect(endOfMonth(D('2026-04-30'))).toBe('2026-04-30');
    expect(localDateOf(2026, 11, 30)).toBe('2026-11-30');
  });
});

describe('no time zone', () => {
  const saved = process.env['TZ'];
  afterEach(() => {
    if (saved === undefined) delete process.env['TZ'];
    else process.env['TZ'] = saved;
  });

  /** Everything date-shaped the core computes, for a fixed input. */
  function battery(): unknown {
    const dates = ['2024-02-29', '2026-03-29', '2026-10-25', '2026-12-31', '1999-12-31'].map(D);
    const ledger = buildLedger({
      config: testConfig(), customers: testCustomers(),
      journals: new Map([['invoices.csv', rawJournal('invoices.csv', [
        ['INV-1', 'invoice', '2026-03-29', '2026-04-28', 'ACME', 'EUR', '100.00', 'net30', '', ''],
        ['INV-2', 'invoice', '2026-10-25', '2026-10-25', 'ACME', 'EUR', '50.00', 'receipt', '', ''],
      ])]]),
    });
    return {
      days: dates.map(dayNumberOf),
      plus: dates.map((d) => addDays(d, 1)),
      eom: dates.map(endOfMonth),
      due: dates.map((d) => ['net30', 'eom15', 'receipt', '2/10 net30'].map((t) => dueDate(d, parseTerms(t)!))),
      aging: ageOpenItems(ledger.ledger, { asOf: D('2026-11-30'), basis: 'due', buckets: [30, 60, 90], customer: null, detail: true }),
    };
  }

  it('gives identical results whatever TZ is (including zones with DST changes at midnight and UTC+14)', () => {
    const zones = ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Kolkata', 'America/Santiago', 'Australia/Lord_Howe'];
    const results = zones.map((tz) => {
      process.env['TZ'] = tz;
      return { offset: new Date(2026, 2, 29).getTimezoneOffset(), out: JSON.stringify(battery()) };
    });
    // The zone really changed in this process (otherwise the comparison below proves nothing)...
    expect(new Set(results.map((r) => r.offset)).size).toBeGreaterThan(4);
    // ...and nothing the core computed did.
    for (const r of results) expect(r.out).toBe(results[0]!.out);
  });
});
