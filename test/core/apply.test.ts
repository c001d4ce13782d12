// Planning of payments, credit notes, write-offs, refunds and disputes: unit cases and allocation invariants.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../../src/core/date.js';
import { RefusedError, UsageError } from '../../src/core/issues.js';
import { type JournalName } from '../../src/core/journals.js';
import { type Ledger, type LedgerInput } from '../../src/core/ledger.js';
import { formatMinor, type Minor } from '../../src/core/money.js';
import {
  allocateOldestDue, planCreditApplication, planPayment, planRows, remainingAmounts, type OpenItem, type Target,
} from '../../src/core/ops/apply.js';
import { planCreditNote, planDispute, planRefund, planWriteOff } from '../../src/core/ops/credit.js';
import { inputFrom, issuesAfterRows, ledgerFrom, type Journals } from '../helpers/ledger.js';

const CUSTOMERS = `ACME:
  name: Acme Corporation
  currency: EUR
ZEN:
  name: Zen Ltd
  currency: EUR
YEN:
  name: Yen KK
  currency: JPY
`;

const inputOf = (journals: Journals): LedgerInput => inputFrom(journals, CUSTOMERS);

/** A ledger from journal bodies (header added); any issue fails the test. */
const ledgerOf = (journals: Journals): Ledger => ledgerFrom(journals, CUSTOMERS);

/** The ledger with the plan's rows appended must still keep every rule of SPEC §1.2. */
const issuesAfter = (journals: Journals, rows: readonly { journal: JournalName; fields: readonly string[] }[]): string[] =>
  issuesAfterRows(journals, CUSTOMERS, rows);

const d = (s: string): LocalDate => s as LocalDate;
const m = (n: number): Minor => n as Minor;

const INVOICES = [
  'INV-1,invoice,2026-09-01,2026-10-01,ACME,EUR,100.00,net30,,',
  'INV-2,invoice,2026-08-01,2026-09-15,ACME,EUR,50.00,net30,,',
  'INV-3,invoice,2026-08-01,2026-09-15,ACME,EUR,70.00,net30,,',
  'DN-1,debit-note,2026-10-01,2026-10-01,ACME,EUR,10.00,,,fee',
  'INV-Z,invoice,2026-09-01,2026-10-01,ZEN,EUR,40.00,net30,,',
  'INV-LATER,invoice,2026-12-05,2027-01-04,ACME,EUR,30.00,net30,,',
  'INV-Y,invoice,2026-09-01,2026-10-01,YEN,JPY,5000,net30,,',
].join('\n') + '\n';

const BOOKS: Journals = {
  'invoices.csv': INVOICES,
  'payments.csv': 'PAY-000007,2026-10-10,ACME,EUR,30.00,transfer,,,\nPAY-000008,2026-10-12,ACME,EUR,25.00,transfer,,,\n',
  'credits.csv': 'CN-2026-0001,credit-note,2026-10-20,ACME,EUR,15.00,,goodwill\n',
  'applications.csv': '2026-10-10,PAY-000007,INV-2,30.00\n',
  'disputes.csv': '2026-10-05,INV-3,open,quantity\n',
};

const pay = (amount: number, targets: Target[] = [], date = '2026-11-30') => ({
  customer: 'ACME', amount: m(amount), date: d(date), id: null, method: '', reference: '', bankRef: '', memo: '', targets,
});

describe('allocateOldestDue', () => {
  it('settles the oldest due first, then by id, and keeps the rest unapplied', () => {
    const items: OpenItem[] = [
      { id: 'B', due: d('2026-10-01'), open: m(100) },
      { id: 'A', due: d('2026-10-01'), open: m(50) },
      { id: 'C', due: d('2026-09-01'), open: m(20) },
    ];
    expect(allocateOldestDue(m(100), items)).toEqual({
      allocations: [{ debit: 'C', amount: 20 }, { debit: 'A', amount: 50 }, { debit: 'B', amount: 30 }], unapplied: 0,
    });
    expect(allocateOldestDue(m(500), items).unapplied).toBe(330);
  });

  const items = fc.uniqueArray(
    fc.record({
      id: fc.stringMatching(/^[A-Z]{1,3}-\d{1,3}$/),
      due: fc.integer({ min: 0, max: 400 }).map((n) => d(`2026-${String(1 + Math.floor(n / 31) % 12).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`)),
      open: fc.integer({ min: 0, max: 1_000_000 }).map(m),
    }),
    { selector: (i) => i.id, maxLength: 30 },
  );

  it('conserves the amount and never exceeds an item (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000_000 }), items, (amount, list) => {
      const { allocations, unapplied } = allocateOldestDue(m(amount), list);
      const byId = new Map(list.map((i) => [i.id, i]));
      expect(allocations.reduce((s, a) => s + a.amount, 0) + unapplied).toBe(amount);
      expect(unapplied).toBeGreaterThanOrEqual(0);
      for (const a of allocations) {
        expect(a.amount).toBeGreaterThan(0);
        expect(a.amount).toBeLessThanOrEqual(byId.get(a.debit)!.open);
      }
    }));
  });

  it('fills in due-then-id order: every item before the last one taken is settled in full (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000_000 }), items, (amount, list) => {
      const { allocations, unapplied } = allocateOldestDue(m(amount), list);
      const order = [...list].filter((i) => i.open > 0)
        .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.id < b.id ? -1 : 1));
      expect(allocations.map((a) => a.debit)).toEqual(order.slice(0, allocations.length).map((i) => i.id));
      allocations.slice(0, -1).forEach((a, k) => expect(a.amount).toBe(order[k]!.open));
      if (unapplied > 0) expect(allocations.length).toBe(order.length);
    }));
  });

  it('does not depend on the order of the items (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000_000 }), items.chain((l) => fc.tuple(fc.constant(l), fc.shuffledSubarray(l, { minLength: l.length, maxLength: l.length }))),
      (amount, [list, shuffled]) => {
        expect(allocateOldestDue(m(amount), shuffled)).toEqual(allocateOldestDue(m(amount), list));
      }));
  });
});

describe('planPayment', () => {
  const ledger = ledgerOf(BOOKS);

  it('applies oldest due first, skipping disputed items and items dated after the payment', () => {
    const plan = planPayment(ledger, pay(20000));
    expect(plan.documents).toEqual([{
      kind: 'payment', id: 'PAY-000009', date: '2026-11-30', customer: 'ACME', currency: 'EUR', amount: 20000,
      method: '', reference: '', bankRef: '', memo: '',
    }]);
    // INV-2 (due 09-15, 20.00 left), INV-3 disputed, DN-1 (due 10-01, before INV-1 by id), INV-1; INV-LATER is dated 12-05.
    expect(plan.applications).toEqual([
      { date: '2026-11-30', credit: 'PAY-000009', debit: 'INV-2', amount: 2000 },
      { date: '2026-11-30', credit: 'PAY-000009', debit: 'DN-1', amount: 1000 },
      { date: '2026-11-30', credit: 'PAY-000009', debit: 'INV-1', amount: 10000 },
    ]);
    expect(plan.unapplied).toBe(7000);
    expect(plan.notes).toEqual(['skipped disputed INV-3']);
    expect(planRows(plan).map((r) => `${r.journal}:${r.fields.join(',')}`)).toEqual([
      'payments.csv:PAY-000009,2026-11-30,ACME,EUR,200.00,,,,',
      'applications.csv:2026-11-30,PAY-000009,INV-2,20.00',
      'applications.csv:2026-11-30,PAY-000009,DN-1,10.00',
      'applications.csv:2026-11-30,PAY-000009,INV-1,100.00',
    ]);
    expect(issuesAfter(BOOKS, planRows(plan))).toEqual([]);
  });

  it('notes a skipped disputed item only when the money would have reached it', () => {
    expect(planPayment(ledger, pay(3000)).notes).toEqual(['skipped disputed INV-3']);
    expect(planPayment(ledger, pay(2000)).notes).toEqual([]);
  });

  it('a disputed item is paid once the dispute is resolved at the payment date', () => {
    const books = { ...BOOKS, 'disputes.csv': `${BOOKS['disputes.csv']}2026-11-01,INV-3,resolved,\n` };
    const plan = planPayment(ledgerOf(books), pay(3000));
    expect(plan.applications.map((a) => a.debit)).toEqual(['INV-2', 'INV-3']);
    expect(planPayment(ledgerOf(books), pay(3000, [], '2026-10-31')).applications.map((a) => a.debit)).toEqual(['INV-2', 'DN-1']);
  });

  it('applies to named invoices: explicit amounts first, the others up to their open amount in the order given', () => {
    const plan = planPayment(ledger, pay(12000, [{ id: 'INV-1', amount: null }, { id: 'INV-3', amount: m(5000) }, { id: 'DN-1', amount: null }]));
    expect(plan.applications.map((a) => [a.debit, a.amount])).toEqual([['INV-1', 7000], ['INV-3', 5000]]);
    expect(plan.unapplied).toBe(0);
    expect(plan.notes).toEqual(['INV-3 is disputed; applied because it was named', 'nothing was left to apply to DN-1']);
    const rest = planPayment(ledger, pay(5000, [{ id: 'INV-2', amount: null }]));
    expect(rest.applications.map((a) => [a.debit, a.amount])).toEqual([['INV-2', 2000]]);
    expect(rest.unapplied).toBe(3000);
  });

  it('warns when the bank reference is already on another payment', () => {
    const books = { ...BOOKS, 'payments.csv': `${BOOKS['payments.csv']}PAY-000009,2026-11-01,ZEN,EUR,1.00,,,TX-1,\n` };
    expect(planPayment(ledgerOf(books), { ...pay(100), bankRef: 'TX-1' }).notes)
      .toContain('bank reference "TX-1" is already on PAY-000009; make sure this payment is not recorded twice');
    expect(planPayment(ledgerOf(books), { ...pay(100), bankRef: 'TX-2' }).notes).toEqual([]);
  });

  it('takes the given id, and numbers after the highest existing payment otherwise', () => {
    expect(planPayment(ledger, { ...pay(100), id: 'BANK-77' }).documents[0]!.id).toBe('BANK-77');
    expect(() => planPayment(ledger, { ...pay(100), id: 'INV-1' })).toThrow(/id "INV-1" is already used by an invoice \(invoices.csv:2\)/);
  });

  const refusals: [string, () => unknown, RegExp][] = [
    ['unknown customer', () => planPayment(ledger, { ...pay(100), customer: 'NOPE' }), /customer "NOPE" does not exist — known customers: ACME, YEN, ZEN/],
    ['nonexistent invoice', () => planPayment(ledger, pay(100, [{ id: 'INV-9', amount: null }])), /invoice "INV-9" does not exist — open items of ACME: INV-2 \(20.00\), INV-3 \(70.00\), DN-1 \(10.00\), INV-1 \(100.00\)/],
    ['another customer\'s invoice', () => planPayment(ledger, pay(100, [{ id: 'INV-Z', amount: null }])), /invoice INV-Z belongs to ZEN, not ACME/],
    ['another currency\'s invoice', () => planPayment(ledger, pay(100, [{ id: 'INV-Y', amount: null }])), /invoice INV-Y belongs to YEN, not ACME/],
    ['a credit document', () => planPayment(ledger, pay(100, [{ id: 'PAY-000007', amount: null }])), /PAY-000007 is a payment, not an invoice, debit note or refund/],
    ['a fully paid invoice', () => planPayment(ledgerOf({ ...BOOKS, 'applications.csv': '2026-10-10,PAY-000007,INV-2,30.00\n2026-10-12,PAY-000008,INV-2,20.00\n' }), pay(100, [{ id: 'INV-2', amount: null }])), /invoice INV-2 is fully paid \(amount 50.00, nothing open\)/],
    ['an amount above the open amount', () => planPayment(ledger, pay(10000, [{ id: 'INV-2', amount: m(2001) }])), /--invoice INV-2=20.01 is more than its open amount 20.00 — apply at most 20.00/],
    ['amounts above the payment', () => planPayment(ledger, pay(5000, [{ id: 'INV-1', amount: m(4000) }, { id: 'INV-3', amount: m(1001) }])), /the --invoice amounts add up to 50.01, more than the 50.00 available on PAY-000009/],
    ['an invoice dated after the payment', () => planPayment(ledger, pay(100, [{ id: 'INV-LATER', amount: null }])), /invoice INV-LATER is dated 2026-12-05, after the application date 2026-11-30 — use --date 2026-12-05 or later/],
  ];
  for (const [what, run, message] of refusals) {
    it(`refuses ${what}`, () => {
      expect(run).toThrow(RefusedError);
      expect(run).toThrow(message);
    });
  }

  it('an invoice named twice is a usage error', () => {
    expect(() => planPayment(ledger, pay(100, [{ id: 'INV-1', amount: null }, { id: 'INV-1', amount: null }]))).toThrow(UsageError);
  });
});

describe('planCreditApplication', () => {
  const ledger = ledgerOf(BOOKS);

  it('applies what is left of a payment, oldest due first, at the given date', () => {
    const plan = planCreditApplication(ledger, 'PAY-000008', d('2026-11-30'), []);
    expect(plan.documents).toEqual([]);
    expect(plan.applications).toEqual([
      { date: '2026-11-30', credit: 'PAY-000008', debit: 'INV-2', amount: 2000 },
      { date: '2026-11-30', credit: 'PAY-000008', debit: 'DN-1', amount: 500 },
    ]);
    expect(plan.unapplied).toBe(0);
  });

  it('applies a credit note to a named invoice and keeps the rest unapplied', () => {
    const plan = planCreditApplication(ledger, 'CN-2026-0001', d('2026-11-30'), [{ id: 'DN-1', amount: null }]);
    expect(plan.applications).toEqual([{ date: '2026-11-30', credit: 'CN-2026-0001', debit: 'DN-1', amount: 1000 }]);
    expect(plan.unapplied).toBe(500);
  });

  it('refuses unknown, debit, fully applied and earlier-dated credits', () => {
    expect(() => planCreditApplication(ledger, 'PAY-1', d('2026-11-30'), [])).toThrow(/credit "PAY-1" does not exist — unapplied credits: PAY-000008 \(25.00 EUR\), CN-2026-0001 \(15.00 EUR\)/);
    expect(() => planCreditApplication(ledger, 'INV-1', d('2026-11-30'), [])).toThrow(/INV-1 is an invoice, not a payment or credit note/);
    expect(() => planCreditApplication(ledger, 'PAY-000007', d('2026-11-30'), [])).toThrow(/PAY-000007 is fully applied/);
    expect(() => planCreditApplication(ledger, 'CN-2026-0001', d('2026-10-19'), [])).toThrow(/the application date 2026-10-19 is before CN-2026-0001's date 2026-10-20 — use --date 2026-10-20 or later/);
  });
});

describe('credit notes, write-offs, refunds, disputes', () => {
  const ledger = ledgerOf(BOOKS);
  const date = d('2026-11-30');

  it('a credit note against an invoice may not exceed its open amount; with force the excess stays unapplied', () => {
    expect(() => planCreditNote(ledger, { customer: 'ACME', amount: m(2500), reason: 'damaged', invoice: 'INV-2', date, id: null }))
      .toThrow(/the credit note of 25.00 EUR is more than INV-2's open amount 20.00 — use --amount 20.00 or less, or add --force to issue it anyway and leave the excess 5.00 unapplied/);
    const exact = planCreditNote(ledger, { customer: 'ACME', amount: m(2000), reason: 'damaged', invoice: 'INV-2', date, id: null });
    expect(exact.applications).toEqual([{ date, credit: 'CN-2026-0002', debit: 'INV-2', amount: 2000 }]);
    expect(exact.unapplied).toBe(0);
    const plan = planCreditNote(ledger, { customer: 'ACME', amount: m(2500), reason: 'damaged', invoice: 'INV-2', date, id: null, force: true });
    expect(plan.notes).toEqual(["warning: the credit note of 25.00 exceeds INV-2's open amount 20.00 (issued with --force)"]);
    expect(plan.documents).toEqual([{ kind: 'credit-note', id: 'CN-2026-0002', date, customer: 'ACME', currency: 'EUR', amount: 2500, invoice: 'INV-2', reason: 'damaged' }]);
    expect(plan.applications).toEqual([{ date, credit: 'CN-2026-0002', debit: 'INV-2', amount: 2000 }]);
    expect(plan.unapplied).toBe(500);
    expect(issuesAfter(BOOKS, planRows(plan))).toEqual([]);
  });

  it('a credit note without an invoice stays unapplied', () => {
    const plan = planCreditNote(ledger, { customer: 'ZEN', amount: m(100), reason: 'goodwill', invoice: null, date, id: 'CN-X' });
    expect(plan.applications).toEqual([]);
    expect(plan.unapplied).toBe(100);
    expect(() => planCreditNote(ledger, { customer: 'ZEN', amount: m(100), reason: 'r', invoice: 'INV-1', date, id: null })).toThrow(/invoice INV-1 belongs to ACME, not ZEN — open invoices of ZEN: INV-Z \(40.00\)/);
  });

  it('a write-off takes the open amount, or part of it, and never more', () => {
    const full = planWriteOff(ledger, { invoice: 'INV-2', amount: null, reason: 'insolvent', date, id: null });
    expect(full.documents).toEqual([{ kind: 'write-off', id: 'WO-2026-0001', date, customer: 'ACME', currency: 'EUR', amount: 2000, invoice: 'INV-2', reason: 'insolvent' }]);
    expect(full.applications).toEqual([{ date, credit: 'WO-2026-0001', debit: 'INV-2', amount: 2000 }]);
    expect(planWriteOff(ledger, { invoice: 'INV-1', amount: m(40), reason: 'r', date, id: null }).applications[0]!.amount).toBe(40);
    expect(() => planWriteOff(ledger, { invoice: 'INV-2', amount: m(2001), reason: 'r', date, id: null })).toThrow(/the write-off of 20.01 EUR is more than INV-2's open amount 20.00 — use --amount 20.00 or less, or add --force/);
    const forced = planWriteOff(ledger, { invoice: 'INV-2', amount: m(2001), reason: 'r', date, id: null, force: true });
    expect(forced.documents[0]!.amount).toBe(2001);
    expect(forced.applications).toEqual([{ date, credit: 'WO-2026-0001', debit: 'INV-2', amount: 2000 }]);
    expect(forced.unapplied).toBe(1);
    expect(() => planWriteOff(ledger, { invoice: 'INV-1', amount: null, reason: 'r', date: d('2026-08-31'), id: null })).toThrow(/the write-off date 2026-08-31 is before INV-1's date 2026-09-01/);
    expect(() => planWriteOff(ledger, { invoice: 'NOPE', amount: null, reason: 'r', date, id: null })).toThrow(/invoice "NOPE" does not exist — open invoices: /);
  });

  it('a refund pays back the customer\'s unapplied credit oldest first', () => {
    const plan = planRefund(ledger, { customer: 'ACME', amount: m(3000), credit: null, force: false, date, id: null, method: 'transfer', reference: '', memo: '' });
    expect(plan.documents).toEqual([{ kind: 'refund', id: 'RF-2026-0001', date, customer: 'ACME', currency: 'EUR', amount: 3000, method: 'transfer', reference: '', memo: '' }]);
    expect(plan.applications).toEqual([
      { date, credit: 'PAY-000008', debit: 'RF-2026-0001', amount: 2500 },
      { date, credit: 'CN-2026-0001', debit: 'RF-2026-0001', amount: 500 },
    ]);
    expect(plan.unapplied).toBe(0);
    expect(issuesAfter(BOOKS, planRows(plan))).toEqual([]);
  });

  it('a refund above the unapplied credit is refused unless forced', () => {
    const req = { customer: 'ACME', amount: m(5000), credit: null, force: false, date, id: null, method: '', reference: '', memo: '' };
    expect(() => planRefund(ledger, req)).toThrow(/refund 50.00 is more than ACME has to pay back: 40.00 unapplied \(PAY-000008 25.00, CN-2026-0001 15.00\) on 2026-11-30 — refund at most 40.00, or add --force/);
    const forced = planRefund(ledger, { ...req, force: true });
    expect(forced.unapplied).toBe(1000);
    expect(forced.applications.reduce((s, a) => s + a.amount, 0)).toBe(4000);
    expect(() => planRefund(ledger, { ...req, amount: m(2000), credit: 'CN-2026-0001' })).toThrow(/refund 20.00 is more than CN-2026-0001 has to pay back: 15.00 unapplied/);
    expect(planRefund(ledger, { ...req, amount: m(1000), credit: 'CN-2026-0001' }).applications).toEqual([
      { date, credit: 'CN-2026-0001', debit: 'RF-2026-0001', amount: 1000 },
    ]);
    expect(() => planRefund(ledger, { ...req, amount: m(1000), credit: 'PAY-000007' })).toThrow(/PAY-000007 is fully applied/);
  });

  it('opens and resolves disputes, refusing changes that would not change the status', () => {
    expect(planDispute(ledger, { invoice: 'INV-1', date, reason: 'price', resolve: false })).toEqual({ date, invoice: 'INV-1', status: 'open', reason: 'price' });
    expect(planDispute(ledger, { invoice: 'INV-3', date, reason: '', resolve: true })).toEqual({ date, invoice: 'INV-3', status: 'resolved', reason: '' });
    expect(() => planDispute(ledger, { invoice: 'INV-3', date, reason: 'again', resolve: false })).toThrow(/INV-3 is already disputed since 2026-10-05 \(disputes.csv:2\)/);
    expect(() => planDispute(ledger, { invoice: 'INV-1', date, reason: '', resolve: true })).toThrow(/INV-1 has no open dispute on 2026-11-30 — nothing to resolve; disputed invoices: INV-3/);
    expect(() => planDispute(ledger, { invoice: 'INV-3', date: d('2026-10-01'), reason: '', resolve: true })).toThrow(/dispute row dated 2026-10-05 \(disputes.csv:2\), after 2026-10-01/);
    expect(() => planDispute(ledger, { invoice: 'PAY-000007', date, reason: 'x', resolve: false })).toThrow(/PAY-000007 is a payment; only invoices and debit notes are disputed/);
    expect(() => planDispute(ledger, { invoice: 'INV-0', date, reason: 'x', resolve: false })).toThrow(/invoice "INV-0" does not exist — undisputed invoices: INV-1, INV-2, DN-1, INV-Z, INV-LATER, INV-Y/);
  });
});

describe('planPayment on generated ledgers (properties)', () => {
  const ledgerArb = fc.array(
    fc.record({
      day: fc.integer({ min: 0, max: 300 }),
      terms: fc.integer({ min: 0, max: 60 }),
      amount: fc.integer({ min: 1, max: 100_000 }),
      paidShare: fc.integer({ min: 0, max: 4 }),
      disputed: fc.boolean(),
      customer: fc.constantFrom('ACME', 'ZEN'),
    }),
    { minLength: 0, maxLength: 25 },
  ).map((specs) => {
    const day = (n: number): string => {
      const base = Date.UTC(2026, 0, 1) + n * 86_400_000;
      return new Date(base).toISOString().slice(0, 10);
    };
    const money = (n: number): string => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;
    const inv: string[] = [];
    const pays: string[] = [];
    const apps: string[] = [];
    const disp: string[] = [];
    specs.forEach((s, i) => {
      const id = `INV-${String(i).padStart(3, '0')}`;
      inv.push(`${id},invoice,${day(s.day)},${day(s.day + s.terms)},${s.customer},EUR,${money(s.amount)},,,`);
      const paid = Math.floor((s.amount * s.paidShare) / 4);
      if (paid > 0) {
        pays.push(`P-${i},${day(s.day)},${s.customer},EUR,${money(paid)},,,,`);
        apps.push(`${day(s.day)},P-${i},${id},${money(paid)}`);
      }
      if (s.disputed) disp.push(`${day(s.day)},${id},open,x`);
    });
    const body = (rows: string[]): string => (rows.length ? `${rows.join('\n')}\n` : '');
    return { 'invoices.csv': body(inv), 'payments.csv': body(pays), 'applications.csv': body(apps), 'disputes.csv': body(disp) } as Journals;
  });

  it('never over-applies, conserves the payment, pays oldest due first and ignores row order', () => {
    fc.assert(fc.property(ledgerArb, fc.integer({ min: 1, max: 2_000_000 }), fc.integer(), (books, amount, seed) => {
      const ledger = ledgerOf(books);
      const plan = planPayment(ledger, pay(amount, [], '2026-12-31'));
      const remaining = remainingAmounts(ledger);
      const applied = plan.applications.reduce((s, a) => s + a.amount, 0);
      expect(plan.unapplied).toBeGreaterThanOrEqual(0);
      expect(applied + plan.unapplied).toBe(amount);
      for (const a of plan.applications) {
        const doc = ledger.byId.get(a.debit)!;
        expect(doc.customer).toBe('ACME');
        expect(a.amount).toBeGreaterThan(0);
        expect(a.amount).toBeLessThanOrEqual(remaining(doc));
        expect(ledger.disputes.has(a.debit)).toBe(false);
      }
      const eligible = ledger.documents
        .filter((doc) => doc.kind === 'invoice' && doc.customer === 'ACME' && remaining(doc) > 0 && !ledger.disputes.has(doc.id))
        .sort((x, y) => {
          const dx = x.kind === 'invoice' ? x.due : x.date;
          const dy = y.kind === 'invoice' ? y.due : y.date;
          return dx < dy ? -1 : dx > dy ? 1 : x.id < y.id ? -1 : 1;
        });
      expect(plan.applications.map((a) => a.debit)).toEqual(eligible.slice(0, plan.applications.length).map((x) => x.id));
      plan.applications.slice(0, -1).forEach((a, k) => expect(a.amount).toBe(remaining(eligible[k]!)));
      if (plan.unapplied > 0) expect(plan.applications.length).toBe(eligible.length);
      expect(issuesAfter(books, planRows(plan))).toEqual([]);

      // Shuffle every journal's rows: the plan depends on the books, not on where their rows sit.
      let s = seed >>> 0;
      const rnd = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
      const shuffled: Journals = {};
      for (const [name, body] of Object.entries(books) as [JournalName, string][]) {
        const rows = body.split('\n').filter(Boolean);
        for (let i = rows.length - 1; i > 0; i--) {
          const j = Math.floor(rnd() * (i + 1));
          [rows[i], rows[j]] = [rows[j]!, rows[i]!];
        }
        shuffled[name] = rows.length ? `${rows.join('\n')}\n` : '';
      }
      const again = planPayment(ledgerOf(shuffled), pay(amount, [], '2026-12-31'));
      expect({ documents: again.documents, applications: again.applications, unapplied: again.unapplied })
        .toEqual({ documents: plan.documents, applications: plan.applications, unapplied: plan.unapplied });
    }), { numRuns: 150 });
  });

  it('named invoices: applications never exceed either side and the payment is conserved', () => {
    fc.assert(fc.property(ledgerArb, fc.integer({ min: 1, max: 500_000 }), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), (books, amount, picks) => {
      const ledger = ledgerOf(books);
      const remaining = remainingAmounts(ledger);
      const open = ledger.documents.filter((doc) => doc.customer === 'ACME' && remaining(doc) > 0).map((doc) => doc.id);
      if (open.length === 0) return;
      const ids = [...new Set(picks.map((p) => open[p % open.length]!))];
      const plan = planPayment(ledger, pay(amount, ids.map((id) => ({ id, amount: null }))));
      expect(plan.applications.reduce((s, a) => s + a.amount, 0) + plan.unapplied).toBe(amount);
      for (const a of plan.applications) expect(a.amount).toBeLessThanOrEqual(remaining(ledger.byId.get(a.debit)!));
      expect(plan.applications.map((a) => a.debit)).toEqual(ids.slice(0, plan.applications.length));
      expect(issuesAfter(books, planRows(plan))).toEqual([]);
    }), { numRuns: 100 });
  });

  it('refunds and credit applications never take more than a credit has left, and conserve their amount', () => {
    fc.assert(fc.property(ledgerArb, fc.integer({ min: 1, max: 500_000 }), fc.integer({ min: 1, max: 500_000 }), fc.boolean(),
      (books, overpaid, refund, force) => {
        // An overpayment on top of the generated books gives the customer something to refund or apply.
        const withCredit: Journals = { ...books, 'payments.csv': `${books['payments.csv'] ?? ''}OVER-1,2026-06-01,ACME,EUR,${formatMinor(overpaid, 'EUR')},,,,\n` };
        const ledger = ledgerOf(withCredit);
        const remaining = remainingAmounts(ledger);
        const date = d('2026-12-31');
        const req = { customer: 'ACME', amount: m(refund), credit: null, force, date, id: null, method: '', reference: '', memo: '' };
        const available = ledger.documents.filter((x) => x.kind === 'payment' && x.customer === 'ACME').reduce((a, x) => a + remaining(x), 0);
        if (refund > available && !force) {
          expect(() => planRefund(ledger, req)).toThrow(RefusedError);
        } else {
          const plan = planRefund(ledger, req);
          expect(plan.applications.reduce((a, x) => a + x.amount, 0) + plan.unapplied).toBe(refund);
          for (const a of plan.applications) expect(a.amount).toBeLessThanOrEqual(remaining(ledger.byId.get(a.credit)!));
          expect(issuesAfter(withCredit, planRows(plan))).toEqual([]);
        }
        const applied = planCreditApplication(ledger, 'OVER-1', date, []);
        expect(applied.applications.reduce((a, x) => a + x.amount, 0) + applied.unapplied).toBe(remaining(ledger.byId.get('OVER-1')!));
        expect(issuesAfter(withCredit, planRows(applied))).toEqual([]);
      }), { numRuns: 100 });
  });
});
