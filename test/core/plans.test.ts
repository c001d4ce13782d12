// Payment plans (SPEC §8): reading plans.csv, splitting the open amount by instalment, aging and dunning by
// instalment, making a plan, and the plans `check` reports.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type LocalDate } from '../../src/core/date.js';
import { RefusedError } from '../../src/core/issues.js';
import type { JournalName } from '../../src/core/journals.js';
import { buildLedger, type Ledger } from '../../src/core/ledger.js';
import type { Minor } from '../../src/core/money.js';
import { makePlan, openParts, planFindings, planInForce, planRows, planStatus, splitByPlan } from '../../src/core/collections/plans.js';
import { ageOpenItems } from '../../src/core/reports/aging.js';
import { dunningLogRows, planDunning } from '../../src/core/reports/dunning.js';
import type { PaymentPlan } from '../../src/core/types.js';
import { rawJournal, testConfig, testCustomers } from './builders.js';

type Rows = Partial<Record<JournalName, string[][]>>;

function ledgerOf(rows: Rows): { ledger: Ledger; messages: string[] } {
  const journals = new Map(Object.entries(rows).map(([name, list]) => [name as JournalName, rawJournal(name as JournalName, list)]));
  const built = buildLedger({ config: testConfig(), customers: testCustomers(), journals });
  return { ledger: built.ledger, messages: built.issues.map((i) => `${i.file}:${i.line ?? ''}: ${i.message}`) };
}

function valid(rows: Rows): Ledger {
  const { ledger, messages } = ledgerOf(rows);
  expect(messages).toEqual([]);
  return ledger;
}

const INV = ['INV-1', 'invoice', '2026-01-01', '2026-01-31', 'ACME', 'EUR', '900.00', 'net30', '', ''];
const plan3 = (date = '2026-02-01'): string[][] => [
  [date, 'INV-1', '1', '2026-03-01', '300.00'],
  [date, 'INV-1', '2', '2026-04-01', '300.00'],
  [date, 'INV-1', '3', '2026-05-01', '300.00'],
];

describe('reading plans.csv', () => {
  it('groups the rows of one invoice and date into a plan, in force from its date', () => {
    const ledger = valid({ 'invoices.csv': [INV], 'plans.csv': plan3() });
    const plans = ledger.plans.get('INV-1')!;
    expect(plans).toHaveLength(1);
    expect(plans[0]!.instalments.map((r) => [r.instalment, r.due, r.amount])).toEqual([[1, '2026-03-01', 30000], [2, '2026-04-01', 30000], [3, '2026-05-01', 30000]]);
    expect(planInForce(plans, '2026-01-31' as LocalDate)).toBeNull();
    expect(planInForce(plans, '2026-02-01' as LocalDate)).toBe(plans[0]);
  });

  it('lets a later plan supersede an earlier one, also on the same day', () => {
    const ledger = valid({
      'invoices.csv': [INV],
      'plans.csv': [...plan3(), ['2026-03-10', 'INV-1', '1', '2026-04-10', '900.00'], ['2026-03-10', 'INV-1', '1', '2026-04-15', '450.00'], ['2026-03-10', 'INV-1', '2', '2026-05-15', '450.00']],
    });
    const plans = ledger.plans.get('INV-1')!;
    expect(plans.map((p) => [p.date, p.instalments.length])).toEqual([['2026-02-01', 3], ['2026-03-10', 1], ['2026-03-10', 2]]);
    expect(planInForce(plans, '2026-03-09' as LocalDate)!.date).toBe('2026-02-01');
    expect(planInForce(plans, '2026-03-10' as LocalDate)).toBe(plans[2]);
  });

  it('reports gaps, repeats, due dates out of order, a wrong document and amounts, each at its row', () => {
    const { messages } = ledgerOf({
      'invoices.csv': [INV],
      'payments.csv': [['PAY-1', '2026-01-05', 'ACME', 'EUR', '10.00', '', '', '', '']],
      'plans.csv': [
        ['2026-02-01', 'INV-1', '1', '2026-03-01', '300.00'],
        ['2026-02-01', 'INV-1', '3', '2026-04-01', '300.00'],
        ['2026-02-01', 'INV-1', '2', '2026-03-01', '300.00'],
        ['2026-02-01', 'INV-1', '2', '2026-05-01', '300.00'],
        ['2026-02-01', 'PAY-1', '1', '2026-03-01', '10.00'],
        ['2026-02-01', 'INV-9', '1', '2026-03-01', '10.00'],
        ['2026-02-02', 'INV-1', '1', '2026-02-01', '10.00'],
        ['2026-02-03', 'INV-1', '2', '2026-03-01', '10.00'],
        ['2026-02-04', 'INV-1', '1', '2026-03-01', '10.001'],
        ['2025-12-01', 'INV-1', '1', '2026-03-01', '10.00'],
        ['2026-02-05', 'INV-1', '0', '2026-03-01', '10.00'],
      ],
    });
    expect(messages).toEqual([
      'plans.csv:3: instalment 3 of INV-1\'s plan dated 2026-02-01 follows instalment 1 (line 2)',
      'plans.csv:4: instalment 2 of INV-1 is due 2026-03-01, not after instalment 1\'s due 2026-03-01 (line 2)',
      'plans.csv:6: PAY-1 is a payment; only invoices and debit notes have payment plans',
      'plans.csv:7: invoice "INV-9" does not exist',
      'plans.csv:8: instalment 1 of INV-1 is due 2026-02-01, before the plan\'s date 2026-02-02',
      'plans.csv:9: instalment 2 of INV-1\'s plan dated 2026-02-03 has no instalment 1 before it',
      'plans.csv:10: amount "10.001" has 3 decimals, but EUR has 2',
      'plans.csv:11: plan dated 2025-12-01 is before INV-1\'s date 2026-01-01',
      'plans.csv:12: instalment "0" is not an instalment number',
    ]);
  });
});

describe('splitting the open amount by instalment', () => {
  const plan = (amounts: number[]): PaymentPlan => ({
    invoice: 'INV-1', date: '2026-02-01' as LocalDate,
    instalments: amounts.map((a, i) => ({ date: '2026-02-01' as LocalDate, invoice: 'INV-1', instalment: i + 1, due: addDays('2026-03-01' as LocalDate, 30 * i), amount: a as Minor, src: { file: 'plans.csv', line: i + 2 } })),
  });

  it('settles instalment 1 first, then 2', () => {
    expect(splitByPlan(plan([300, 300, 300]), 500).map((p) => [p.paid, p.open])).toEqual([[300, 0], [100, 200], [0, 300]]);
    expect(splitByPlan(plan([300, 300, 300]), 900).map((p) => p.open)).toEqual([300, 300, 300]);
    expect(splitByPlan(plan([300, 300, 300]), 0).map((p) => p.open)).toEqual([0, 0, 0]);
  });

  it('puts an open amount beyond the plan on the last instalment', () => {
    expect(splitByPlan(plan([300, 300]), 700).map((p) => p.open)).toEqual([300, 400]);
  });

  it('always adds up to the open amount, whatever the plan and however much is applied', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 1e9 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 2e10 }), (amounts, open) => {
      const parts = splitByPlan(plan(amounts), open);
      expect(parts.reduce((s, p) => s + p.open, 0)).toBe(open);
      for (const p of parts) expect(p.open).toBeGreaterThanOrEqual(0);
      // Settled in order: an instalment is touched only once every one before it is paid.
      for (let i = 1; i < parts.length; i++) if (parts[i]!.paid > 0) expect(parts[i - 1]!.open).toBe(0);
    }));
  });
});

describe('aging by instalment', () => {
  const rows = (extra: Rows = {}): Rows => ({
    'invoices.csv': [INV, ['INV-2', 'invoice', '2026-01-10', '2026-02-09', 'ACME', 'EUR', '50.00', 'net30', '', '']],
    'payments.csv': [['PAY-1', '2026-03-05', 'ACME', 'EUR', '400.00', '', '', '', '']],
    'applications.csv': [['2026-03-05', 'PAY-1', 'INV-1', '400.00']],
    'plans.csv': plan3(),
    ...extra,
  });
  const age = (ledger: Ledger, asOf: string, detail = true) =>
    ageOpenItems(ledger, { asOf: asOf as LocalDate, basis: 'due', buckets: [30, 60, 90], customer: null, detail });

  it('lists each instalment with something open by its own due date', () => {
    const r = age(valid(rows()), '2026-04-15');
    const items = r.customers[0]!.items!.map((i) => [i.id, i.due, i.daysOverdue, i.bucket, i.open, i.instalment, i.of]);
    expect(items).toEqual([
      ['INV-2', '2026-02-09', 65, '61-90', 5000, undefined, undefined],
      ['INV-1', '2026-04-01', 14, '1-30', 20000, 2, 3],
      ['INV-1', '2026-05-01', -16, 'current', 30000, 3, 3],
    ]);
    expect(r.totals[0]!.buckets).toEqual([30000, 20000, 0, 5000, 0]);
  });

  it('ages the invoice whole before the plan date', () => {
    const r = age(valid(rows()), '2026-01-31');
    expect(r.customers[0]!.items!.filter((i) => i.id === 'INV-1').map((i) => [i.due, i.open, i.instalment])).toEqual([['2026-01-31', 90000, undefined]]);
  });

  it('keeps totals and balances: with or without --detail, and with or without a plan', () => {
    const planArb = fc.array(fc.record({ gap: fc.integer({ min: 1, max: 60 }), cents: fc.integer({ min: 1, max: 60000 }) }), { minLength: 1, maxLength: 8 });
    fc.assert(fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 900 }), fc.integer({ min: 1, max: 90 }), planArb, (day, paid, payDay, instalments) => {
      const asOf = addDays('2026-01-01' as LocalDate, day);
      const payDate = addDays('2026-02-01' as LocalDate, payDay);
      let due = '2026-02-01' as LocalDate;
      // Any plan: its amounts need not even add up to the open amount (check reports that; reports still balance).
      const plan = instalments.map((x, i) => {
        due = addDays(due, x.gap);
        return ['2026-02-01', 'INV-1', String(i + 1), due, (x.cents / 100).toFixed(2)];
      });
      const extra: Rows = { 'plans.csv': plan, ...(paid === 0 ? { 'payments.csv': [], 'applications.csv': [] } : {
        'payments.csv': [['PAY-1', payDate, 'ACME', 'EUR', `${paid}.00`, '', '', '', '']],
        'applications.csv': [[payDate, 'PAY-1', 'INV-1', `${paid}.00`]],
      }) };
      const withPlan = valid(rows(extra));
      const without = valid({ ...rows(extra), 'plans.csv': [] });
      const detail = age(withPlan, asOf, true);
      const plain = age(withPlan, asOf, false);
      expect(detail.totals).toEqual(plain.totals);
      expect(detail.customers.map((c) => ({ ...c, items: null }))).toEqual(plain.customers);
      const none = age(without, asOf, false);
      expect(plain.totals.map((t) => [t.open, t.balance, t.unapplied])).toEqual(none.totals.map((t) => [t.open, t.balance, t.unapplied]));
      for (const c of detail.customers) {
        expect(c.items!.reduce((s, i) => s + i.open, 0)).toBe(c.open);
        expect(c.buckets.reduce((s, b) => s + b, 0)).toBe(c.open);
      }
    }), { numRuns: 60 });
  });
});

describe('dunning by instalment', () => {
  const base = (extra: Rows = {}): Rows => ({ 'invoices.csv': [INV], 'plans.csv': plan3(), ...extra });

  it('duns only the instalments overdue, each by its own days overdue', () => {
    const plan = planDunning(valid(base()), '2026-04-05' as LocalDate);
    expect(plan.letters).toHaveLength(1);
    const l = plan.letters[0]!;
    // Instalment 3 is not yet due; instalment 2 is listed below the first level (level 0), as SPEC §4 lists items.
    expect(l.items.map((i) => [i.id, i.due, i.daysOverdue, i.level, i.open, i.instalment, i.of])).toEqual([
      ['INV-1', '2026-03-01', 35, 2, 30000, 1, 3],
      ['INV-1', '2026-04-01', 4, 0, 30000, 2, 3],
    ]);
    // Interest from each instalment's own due date: 300.00 × 8 % × 35 ÷ 365 = 2.30, × 4 ÷ 365 = 0.26.
    expect(l.items.map((i) => i.interest)).toEqual([230, 26]);
    expect(l.overdue).toBe(60000);
  });

  it('sends nothing for a planned invoice whose instalments are not yet due', () => {
    const plan = planDunning(valid(base()), '2026-02-20' as LocalDate);
    expect(plan.letters).toEqual([]);
    expect(plan.skipped).toEqual([]);
  });

  it('logs one dunning.csv row per invoice: the highest level, the instalments\' open and interest added', () => {
    const plan = planDunning(valid(base()), '2026-04-12' as LocalDate);
    expect(plan.letters[0]!.items.map((i) => [i.instalment, i.level])).toEqual([[1, 2], [2, 1]]);
    const rows = dunningLogRows(plan);
    expect(rows.map((r) => r.fields)).toEqual([['2026-04-12', 'ACME', '2', 'INV-1', '600.00', '10.00',
      ((plan.letters[0]!.items[0]!.interest + plan.letters[0]!.items[1]!.interest) / 100).toFixed(2), 'outbox/2026-04-12/ACME-L2.txt']]);
  });

  it('reads an instalment\'s level history from the invoice\'s notices since the plan date', () => {
    // A notice before the plan (level 3 for the whole invoice) does not count for the instalments.
    const before = base({ 'dunning.csv': [['2026-01-31', 'ACME', '3', 'INV-1', '900.00', '25.00', '0.00', 'outbox/2026-01-31/ACME-L3.txt']] });
    const first = planDunning(valid(before), '2026-03-09' as LocalDate);
    expect(first.letters[0]!.items.map((i) => [i.instalment, i.level])).toEqual([[1, 1]]);
    // After the level-1 notice of instalment 1, a later run sees it logged at 1: nothing new until it reaches 2.
    const logged = base({ 'dunning.csv': [...before['dunning.csv']!, ['2026-03-09', 'ACME', '1', 'INV-1', '300.00', '0.00', '0.00', 'outbox/2026-03-09/ACME-L1.txt']] });
    expect(planDunning(valid(logged), '2026-03-25' as LocalDate).skipped).toEqual([{ customer: 'ACME', reason: 'no-new-level' }]);
    expect(planDunning(valid(logged), '2026-03-31' as LocalDate).letters[0]!.items.map((i) => [i.instalment, i.level])).toEqual([[1, 2]]);
    // Instalment 2 falls due after that notice: its own history is empty, so its first level is new.
    const later = planDunning(valid(logged), '2026-04-08' as LocalDate);
    expect(later.letters[0]!.items.map((i) => [i.instalment, i.level])).toEqual([[1, 2], [2, 1]]);
  });

  it('lists at most what is open, and logs per invoice the sum of its listed instalments (any plan, payment and date)', () => {
    const planArb = fc.array(fc.record({ gap: fc.integer({ min: 1, max: 45 }), cents: fc.integer({ min: 1, max: 30000 }) }), { minLength: 1, maxLength: 6 });
    fc.assert(fc.property(planArb, fc.integer({ min: 0, max: 899 }), fc.integer({ min: 31, max: 400 }), (instalments, paid, day) => {
      let due = '2026-02-01' as LocalDate;
      let sum = 0;
      const plan = instalments.map((x, i) => {
        due = addDays(due, x.gap);
        // The last instalment makes the plan add up to the open amount, as `plan` writes it.
        const cents = i === instalments.length - 1 ? 90000 - sum : Math.min(x.cents, 90000 - sum - (instalments.length - 1 - i));
        sum += cents;
        return ['2026-02-01', 'INV-1', String(i + 1), due, (cents / 100).toFixed(2)];
      });
      fc.pre(plan.every((r) => Number(r[4]) > 0));
      const rows: Rows = { ...base({ 'plans.csv': plan }), ...(paid === 0 ? {} : {
        'payments.csv': [['PAY-1', '2026-02-10', 'ACME', 'EUR', `${paid}.00`, '', '', '', '']],
        'applications.csv': [['2026-02-10', 'PAY-1', 'INV-1', `${paid}.00`]],
      }) };
      const l = valid(rows);
      expect(planFindings(l)).toEqual([]);
      const asOf = addDays('2026-01-01' as LocalDate, day);
      const d = planDunning(l, asOf);
      const items = d.letters.flatMap((x) => x.items);
      const listed = items.reduce((s, i) => s + i.open, 0);
      expect(listed).toBeLessThanOrEqual(90000 - paid * 100);
      for (const i of items) expect(i.daysOverdue).toBeGreaterThan(0);
      for (const r of dunningLogRows(d)) expect(Math.round(Number(r.fields[4]) * 100)).toBe(listed);
    }), { numRuns: 80 });
  });

  it('dunning twice on one day sends nothing the second time', () => {
    const l = valid(base());
    const first = planDunning(l, '2026-04-12' as LocalDate);
    const rows = dunningLogRows(first).map((r) => r.fields as string[]);
    const again = planDunning(valid(base({ 'dunning.csv': rows })), '2026-04-12' as LocalDate);
    expect(again.letters).toEqual([]);
  });
});

describe('making a plan', () => {
  const ledger = (): Ledger => valid({
    'invoices.csv': [INV, ['INV-2', 'invoice', '2026-01-01', '2026-01-31', 'NIPPON', 'JPY', '1000', 'net30', '', '']],
    'payments.csv': [['PAY-1', '2026-01-20', 'ACME', 'EUR', '100.01', '', '', '', '']],
    'applications.csv': [['2026-01-20', 'PAY-1', 'INV-1', '100.01']],
    'disputes.csv': [['2026-01-25', 'INV-2', 'open', 'quantity']],
  });
  const refusal = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(RefusedError);
      return (e as Error).message;
    }
    return expect.fail('not refused');
  };

  it('splits the open amount: open ÷ N rounded down, the rest on the last', () => {
    const p = makePlan(ledger(), { invoice: 'INV-1', date: '2026-02-01' as LocalDate, every: { count: 3, days: 30, first: null } });
    expect(planRows(p, 'EUR').map((r) => r.fields)).toEqual([
      ['2026-02-01', 'INV-1', '1', '2026-03-03', '266.66'],
      ['2026-02-01', 'INV-1', '2', '2026-04-02', '266.66'],
      ['2026-02-01', 'INV-1', '3', '2026-05-02', '266.67'],
    ]);
    const q = makePlan(ledger(), { invoice: 'INV-1', date: '2026-02-01' as LocalDate, every: { count: 2, days: 14, first: '2026-02-15' as LocalDate } });
    expect(q.instalments.map((r) => r.due)).toEqual(['2026-02-15', '2026-03-01']);
  });

  it('takes explicit instalments that add up to the open amount, and says the difference otherwise', () => {
    const p = makePlan(ledger(), { invoice: 'INV-1', date: '2026-02-01' as LocalDate, dues: [{ due: '2026-04-01' as LocalDate, amount: 39999 as Minor }, { due: '2026-03-01' as LocalDate, amount: 40000 as Minor }] });
    expect(p.instalments.map((r) => [r.instalment, r.due, r.amount])).toEqual([[1, '2026-03-01', 40000], [2, '2026-04-01', 39999]]);
    expect(refusal(() => makePlan(ledger(), { invoice: 'INV-1', date: '2026-02-01' as LocalDate, dues: [{ due: '2026-03-01' as LocalDate, amount: 70000 as Minor }] })))
      .toBe('the instalments add up to 700.00 EUR, but INV-1 has 799.99 EUR open on 2026-02-01: 99.99 EUR short — make the --due amounts add up to 799.99');
  });

  it('refuses what cannot have a plan', () => {
    const l = ledger();
    const at = '2026-02-01' as LocalDate;
    const every = { count: 2, days: 30, first: null };
    expect(refusal(() => makePlan(l, { invoice: 'NOPE', date: at, every }))).toMatch(/invoice "NOPE" does not exist/);
    expect(refusal(() => makePlan(l, { invoice: 'PAY-1', date: at, every }))).toMatch(/PAY-1 is a payment; only invoices and debit notes/);
    expect(refusal(() => makePlan(l, { invoice: 'INV-2', date: at, every }))).toMatch(/INV-2 is disputed on 2026-02-01/);
    expect(refusal(() => makePlan(l, { invoice: 'INV-1', date: '2025-12-31' as LocalDate, every }))).toMatch(/before INV-1's date 2026-01-01/);
    expect(refusal(() => makePlan(l, { invoice: 'INV-2', date: '2026-01-02' as LocalDate, every: { count: 1001, days: 30, first: null } }))).toMatch(/cannot be split into 1001 instalments/);
    expect(refusal(() => makePlan(l, { invoice: 'INV-1', date: at, every: { count: 2, days: 30, first: '2026-01-15' as LocalDate } }))).toMatch(/before the plan date/);
    const settled = valid({
      'invoices.csv': [INV], 'payments.csv': [['PAY-1', '2026-01-20', 'ACME', 'EUR', '900.00', '', '', '', '']],
      'applications.csv': [['2026-01-20', 'PAY-1', 'INV-1', '900.00']],
    });
    expect(refusal(() => makePlan(settled, { invoice: 'INV-1', date: at, every }))).toMatch(/INV-1 is settled on 2026-02-01/);
    const planned = valid({ 'invoices.csv': [INV], 'plans.csv': plan3('2026-03-01') });
    expect(refusal(() => makePlan(planned, { invoice: 'INV-1', date: at, every }))).toMatch(/has a plan dated 2026-03-01 .*after 2026-02-01/);
  });
});

describe('plans check reports', () => {
  it('finds nothing in a plan that matches, after payments', () => {
    const l = valid({
      'invoices.csv': [INV], 'plans.csv': plan3(),
      'payments.csv': [['PAY-1', '2026-03-01', 'ACME', 'EUR', '300.00', '', '', '', '']],
      'applications.csv': [['2026-03-01', 'PAY-1', 'INV-1', '300.00']],
    });
    expect(planFindings(l)).toEqual([]);
    expect(planStatus(l, 'INV-1', '2026-04-05' as LocalDate).instalments.map((i) => [i.status, i.open, i.daysOverdue])).toEqual([['paid', 0, 35], ['overdue', 30000, 4], ['open', 30000, -26]]);
  });

  it('reports a plan that no longer matches after a credit note, with the command that re-plans it', () => {
    const l = valid({
      'invoices.csv': [INV], 'plans.csv': plan3(),
      'credits.csv': [['CN-1', 'credit-note', '2026-03-10', 'ACME', 'EUR', '100.00', 'INV-1', 'damaged']],
      'applications.csv': [['2026-03-10', 'CN-1', 'INV-1', '100.00']],
    });
    const found = planFindings(l);
    expect(found.map((i) => `${i.file}:${i.line}: ${i.message} — ${i.hint}`)).toEqual([
      'plans.csv:2: the plan of INV-1 dated 2026-02-01 no longer matches its open amount: it still expects 900.00, but INV-1 has 800.00 open after CN-1 100.00 on 2026-03-10 (credited after the plan) — re-plan what is open: arledger plan INV-1 --instalments 3 --every 30 (or --due DATE=AMOUNT …)',
    ]);
    // Still, the instalments always add up to what is open.
    expect(openParts(l, l.byId.get('INV-1') as never, 80000, '2026-03-10' as LocalDate).reduce((s, p) => s + p.open, 0)).toBe(80000);
  });

  it('reports a plan whose amounts no longer add up to the open amount on its date', () => {
    const l = valid({
      'invoices.csv': [INV], 'plans.csv': plan3(),
      'payments.csv': [['PAY-1', '2026-01-20', 'ACME', 'EUR', '50.00', '', '', '', '']],
      'applications.csv': [['2026-01-20', 'PAY-1', 'INV-1', '50.00']],
    });
    expect(planFindings(l).map((i) => i.message)).toEqual(['the plan of INV-1 dated 2026-02-01 adds up to 900.00, but INV-1 had 850.00 open on 2026-02-01 (50.00 more)']);
  });

  it('leaves a settled invoice alone', () => {
    const l = valid({
      'invoices.csv': [INV], 'plans.csv': plan3(),
      'credits.csv': [['WO-1', 'write-off', '2026-03-10', 'ACME', 'EUR', '900.00', 'INV-1', 'gone']],
      'applications.csv': [['2026-03-10', 'WO-1', 'INV-1', '900.00']],
    });
    expect(planFindings(l)).toEqual([]);
  });
});
