// The aging and dunning JSON writers write text straight from the reports; on any report they must write what
// JSON.stringify of the report's object, escaped by toJson, writes — byte for byte, whatever the text holds
// (quotes, controls, C1 and bidi characters, lone surrogates, emoji) and whatever the amounts are.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agingJson, agingJsonChunks, agingJsonTree } from '../../src/cli/render/aging.js';
import { dunningJson, dunningJsonChunks } from '../../src/cli/render/dunning.js';
import { amountText, CHUNK } from '../../src/cli/render/json.js';
import { toJson } from '../../src/cli/render/text.js';
import { fromDayNumber, type LocalDate } from '../../src/core/date.js';
import { formatMinor, minorDigits, type Currency, type Minor } from '../../src/core/money.js';
import type { AgingReport } from '../../src/core/reports/aging.js';
import type { BaseAging } from '../../src/core/reports/base-currency.js';
import type { DunningPlan } from '../../src/core/reports/dunning.js';

const text = fc.string({
  unit: fc.constantFrom('a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\t', '\u0000', '\u001b', '\u007f', '\u0085', '\u009b', 'é', 'サ',
    '\u061c', '\u200e', '\u2028', '\u2029', '\u202e', '\u2066', '\ud800', '\udc00', '😀', '\ufeff'),
  maxLength: 8,
});
const currency = fc.constantFrom('EUR', 'JPY', 'KWD', 'CLF', 'USD') as fc.Arbitrary<Currency>;
const minor = fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.constantFrom(0, -0, 5, -5, 99, 100, -100, 9_007_199_254_740_991, -9_007_199_254_740_991)) as fc.Arbitrary<Minor>;
const date = fc.integer({ min: -800_000, max: 3_000_000 }).map((n) => fromDayNumber(n)) as fc.Arbitrary<LocalDate>;
const count = fc.integer({ min: -100_000, max: 100_000 });

/** What dunningJson wrote when it made JSON of the plan's object: the reference the writer must equal. */
function dunningJsonTree(plan: DunningPlan): string {
  return toJson({
    as_of: plan.asOf,
    letters: plan.letters.map((l) => {
      const m = (v: number): string => formatMinor(v, l.currency);
      return {
        customer: l.customer, level: l.level, currency: l.currency, email: l.email === '' ? null : l.email,
        items: l.items.map((i) => ({
          id: i.id, due: i.due, days_overdue: i.daysOverdue, level: i.level, open: m(i.open), interest: m(i.interest),
          ...(i.instalment !== undefined ? { instalment: i.instalment, of: i.of } : {}),
        })),
        overdue: m(l.overdue), fee: m(l.fee), interest: m(l.interest), total: m(l.total), unapplied: m(l.unapplied), amount_due: m(l.amountDue),
        previous_notices: l.previousNotices.map((n) => ({ date: n.date, level: n.level })),
        file: l.file,
      };
    }),
    skipped: plan.skipped.map((s) => ({ customer: s.customer, reason: s.reason })),
  });
}

const dunningPlan: fc.Arbitrary<DunningPlan> = fc.record({
  asOf: date,
  letters: fc.array(fc.record({
    customer: text, level: count, template: text, currency, email: fc.oneof(fc.constant(''), text), interestRate: fc.constant(null),
    items: fc.array(fc.record({
      id: text, due: date, daysOverdue: count, level: count, open: minor, interest: minor, discount: fc.constant(null),
    }).chain((i) => fc.option(fc.tuple(count, count), { nil: undefined }).map((p) => (p ? { ...i, instalment: p[0], of: p[1] } : i))), { maxLength: 4 }),
    overdue: minor, fee: minor, interest: minor, total: minor, unapplied: minor, amountDue: minor,
    previousNotices: fc.array(fc.record({ date, level: count }), { maxLength: 3 }),
    file: text,
  }), { maxLength: 5 }),
  skipped: fc.array(fc.record({ customer: text, reason: fc.constantFrom('hold', 'disputed', 'min-interval') }), { maxLength: 3 }),
});

function agingArb(labels: fc.Arbitrary<string[]>): fc.Arbitrary<{ report: AgingReport; base: BaseAging | undefined }> {
  return labels.chain((buckets) => {
    const nb = buckets.length;
    const figures = fc.record({ buckets: fc.array(minor, { minLength: nb, maxLength: nb }), open: minor, unapplied: minor, balance: minor });
    const item = fc.record({
      id: text, kind: fc.constantFrom('invoice', 'debit-note', 'refund'), date, due: date, daysOverdue: count, bucket: text,
      amount: minor, open: minor, disputed: fc.boolean(),
    }).chain((i) => fc.tuple(
      fc.option(fc.record({ status: fc.constantFrom('pending', 'broken'), promise: fc.record({ date, due: date, amount: minor }), paid: minor }), { nil: undefined }),
      fc.option(fc.tuple(count, fc.option(count, { nil: undefined })), { nil: undefined }),
    ).map(([promise, inst]) => ({ ...i, ...(promise ? { promise } : {}), ...(inst ? { instalment: inst[0], ...(inst[1] !== undefined ? { of: inst[1] } : {}) } : {}) })));
    const customer = fc.record({
      customer: text, name: text, currency, buckets: fc.array(minor, { minLength: nb, maxLength: nb }), open: minor, unapplied: minor,
      balance: minor, disputed: minor, items: fc.option(fc.array(item, { maxLength: 3 }), { nil: null }),
    });
    const totals = fc.record({ currency, buckets: fc.array(minor, { minLength: nb, maxLength: nb }), open: minor, unapplied: minor, balance: minor, disputed: minor });
    return fc.record({
      asOf: date, basis: fc.constantFrom('due', 'invoice'), customers: fc.array(customer, { maxLength: 4 }), totals: fc.array(totals, { maxLength: 3 }),
      withBase: fc.boolean(), baseCurrency: currency, rates: fc.array(fc.record({ currency, date, rate: text }), { maxLength: 2 }), baseTotals: figures,
      baseCustomers: fc.array(figures, { minLength: 4, maxLength: 4 }),
    }).map((r) => ({
      report: { asOf: r.asOf, basis: r.basis, buckets, customers: r.customers, totals: r.totals } as unknown as AgingReport,
      base: r.withBase
        ? ({ currency: r.baseCurrency, asOf: r.asOf, rates: r.rates, customers: r.baseCustomers, totals: r.baseTotals } as unknown as BaseAging)
        : undefined,
    }));
  });
}

describe('the JSON writers', () => {
  it('write an amount as formatMinor does, in every currency', () => {
    fc.assert(fc.property(minor, currency, (m, c) => {
      expect(amountText(m, minorDigits(c), c)).toBe(formatMinor(m, c));
    }), { numRuns: 2000 });
  });

  it('write a dunning plan as JSON.stringify of its object does', () => {
    fc.assert(fc.property(dunningPlan, (plan) => {
      expect(dunningJson(plan)).toBe(dunningJsonTree(plan));
    }), { numRuns: 400 });
  });

  it('write an aging report as JSON.stringify of its object does, with items, promises, instalments and base figures', () => {
    const labels = fc.constantFrom<string[]>(['current', '1-30', '31-60', '61-90', '91+'], ['0-30', '31+'], ['current'], []);
    fc.assert(fc.property(agingArb(labels), ({ report, base }) => {
      expect(agingJson(report, base)).toBe(agingJsonTree(report, base));
    }), { numRuns: 400 });
  });

  it('write bucket labels that are not plain object keys (repeated, index-like, odd text) as JSON.stringify does', () => {
    const labels = fc.array(fc.oneof(text, fc.constantFrom('7', '0', '01', 'current')), { maxLength: 4 });
    fc.assert(fc.property(agingArb(labels), ({ report, base }) => {
      expect(agingJson(report, base)).toBe(agingJsonTree(report, base));
    }), { numRuns: 300 });
  });

  it('give a large report in chunks of about 64 KiB that add up to the whole', () => {
    const letters = Array.from({ length: 3000 }, (_, k) => ({
      customer: `C${k}`, level: 1, template: 'reminder', currency: 'EUR' as Currency, email: '', interestRate: null,
      items: [{ id: `INV-${k}`, due: '2026-10-01' as LocalDate, daysOverdue: 60, level: 1, open: 1234 as Minor, interest: 0 as Minor, discount: null }],
      overdue: 1234 as Minor, fee: 0 as Minor, interest: 0 as Minor, total: 1234 as Minor, unapplied: 0 as Minor, amountDue: 1234 as Minor,
      previousNotices: [], file: `outbox/2026-11-30/C${k}-L1.txt`,
    }));
    const plan: DunningPlan = { asOf: '2026-11-30' as LocalDate, letters, skipped: [] };
    const chunks = [...dunningJsonChunks(plan)];
    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeLessThan(CHUNK + 2048);
    expect(chunks.join('')).toBe(dunningJsonTree(plan));
    const report = { asOf: '2026-11-30', basis: 'due', buckets: ['current', '91+'], customers: letters.map((l) => ({ customer: l.customer, name: 'N', currency: 'EUR', buckets: [1, 2], open: 3, unapplied: 0, balance: 3, disputed: 0, items: null })), totals: [] } as unknown as AgingReport;
    expect([...agingJsonChunks(report)].length).toBeGreaterThan(3);
  });
});
