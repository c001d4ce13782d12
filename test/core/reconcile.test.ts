// Statement matching (SPEC §5): each rule on its own, then properties over random ledgers and statements:
// proposals never over-apply, and applying a plan twice is the same as applying it once.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../../src/core/date.js';
import type { JournalName, RawJournal } from '../../src/core/journals.js';
import { buildLedger, type Ledger } from '../../src/core/ledger.js';
import type { Currency, Minor } from '../../src/core/money.js';
import { planApply } from '../../src/core/reconcile/apply.js';
import { compareWithGl } from '../../src/core/reconcile/gl.js';
import { balanceMismatch, statementPeriod, type BankLine, type BankStatement } from '../../src/core/reconcile/line.js';
import { idWords, matchStatement, normalizeName, reconcileStatements, REFUSED_STATUSES, smallestSum, type ReconcileReport } from '../../src/core/reconcile/match.js';
import type { NewRow } from '../../src/core/rows.js';
import type { Customer } from '../../src/core/types.js';
import { rawJournal, testConfig, testCustomers } from './builders.js';

type Rows = Partial<Record<JournalName, string[][]>>;

function customers(): Map<string, Customer> {
  const m = testCustomers();
  m.set('ACME', { ...m.get('ACME')!, name: 'Acme Corporation', aliases: ['ACME CORP'], bankAccounts: ['GB33BUKB20201555555555'] });
  m.set('GLOBEX', { ...m.get('GLOBEX')!, name: 'Globex Inc', aliases: ['GLOBEX'] });
  return m;
}

function build(rows: Rows, config = testConfig()): Ledger {
  const journals = new Map<JournalName, RawJournal>();
  for (const [name, list] of Object.entries(rows) as [JournalName, string[][]][]) journals.set(name, rawJournal(name, list));
  const { ledger, issues } = buildLedger({ config, customers: customers(), journals });
  expect(issues).toEqual([]);
  return ledger;
}

const inv = (id: string, customer: string, date: string, due: string, amount: string): string[] =>
  [id, 'invoice', date, due, customer, 'EUR', amount, 'net30', '', ''];
const pay = (id: string, customer: string, date: string, amount: string, bankRef = ''): string[] =>
  [id, date, customer, 'EUR', amount, 'bank', '', bankRef, ''];

function line(over: Omit<Partial<BankLine>, 'amount'> & { bankId: string; amount: number }): BankLine {
  return {
    date: '2026-11-10' as LocalDate, currency: 'EUR' as Currency, direction: 'credit', payerName: '', payerIban: '', text: '',
    reference: '', booked: true, reversal: false, ...over, amount: over.amount as Minor,
  };
}

function match(ledger: Ledger, lines: BankLine[]): ReconcileReport {
  return matchStatement(ledger, lines, { from: '2026-11-01' as LocalDate, to: '2026-11-30' as LocalDate, currencies: new Set(['EUR']) });
}

const BASE: Rows = {
  'invoices.csv': [
    inv('INV-1', 'ACME', '2026-10-01', '2026-10-31', '100.00'),
    inv('INV-2', 'ACME', '2026-10-02', '2026-10-20', '100.00'),
    inv('INV-3', 'ACME', '2026-10-03', '2026-11-02', '30.00'),
    inv('INV-4', 'ACME', '2026-10-04', '2026-11-03', '70.00'),
    inv('INV-5', 'GLOBEX', '2026-10-05', '2026-11-04', '55.00'),
  ],
  'payments.csv': [pay('PAY-000001', 'GLOBEX', '2026-11-08', '12.00'), pay('PAY-000002', 'GLOBEX', '2026-11-12', '12.00'), pay('PAY-000003', 'ACME', '2026-11-01', '5.00', 'B-OLD')],
};

describe('matching rules', () => {
  const ledger = build(BASE);

  it('reconciled: the bank id is already a payment bank_ref', () => {
    const [r] = match(ledger, [line({ bankId: 'B-OLD', amount: 500 })]).lines;
    expect(r).toMatchObject({ status: 'reconciled', rule: 'bank-ref', payment: 'PAY-000003', customer: 'ACME' });
  });

  it('reconciled: the bank id is already in reconciliations.csv', () => {
    const l = build({ ...BASE, 'reconciliations.csv': [['2026-11-30', 'S', 'B-REC', 'PAY-000001', '12.00']] });
    const [r] = match(l, [line({ bankId: 'B-REC', amount: 1200 })]).lines;
    expect(r).toMatchObject({ status: 'reconciled', rule: 'bank-ref', payment: 'PAY-000001', customer: 'GLOBEX' });
    // A reconciled payment is no candidate for another line of the same amount.
    expect(match(l, [line({ bankId: 'B-NEW', amount: 1200, date: '2026-11-10' as LocalDate })]).lines[0]!.payment).toBe('PAY-000002');
  });

  it('matched: same amount within 3 days, nearest date, then lowest id', () => {
    const r = match(ledger, [line({ bankId: 'A', amount: 1200, date: '2026-11-10' as LocalDate }), line({ bankId: 'B', amount: 1200, date: '2026-11-10' as LocalDate }), line({ bankId: 'C', amount: 1200 })]).lines;
    expect(r.map((x) => [x.status, x.payment])).toEqual([['matched', 'PAY-000001'], ['matched', 'PAY-000002'], ['unidentified', null]]);
    const far = match(ledger, [line({ bankId: 'D', amount: 1200, date: '2026-11-16' as LocalDate })]).lines[0]!;
    expect(far.status).toBe('unidentified');
    const near = match(ledger, [line({ bankId: 'E', amount: 1200, date: '2026-11-11' as LocalDate })]).lines[0]!;
    expect(near.payment).toBe('PAY-000002');
  });

  it('identifies by IBAN, then name or alias ignoring case and spaces, then a document id in the text', () => {
    const by = (l: Omit<Partial<BankLine>, 'amount'>): string | null => match(ledger, [line({ bankId: 'X', amount: 99999, ...l })]).lines[0]!.customer;
    expect(by({ payerIban: 'GB33BUKB20201555555555', payerName: 'Globex' })).toBe('ACME');
    expect(by({ payerName: '  acme  CORP ' })).toBe('ACME');
    expect(by({ payerName: 'GLOBEX INC' })).toBe('GLOBEX');
    expect(by({ payerName: 'Nobody', text: 'for inv-5 thanks' })).toBe('GLOBEX');
    expect(by({ payerName: 'Nobody', text: 'INV-55' })).toBeNull();
  });

  it('invoice ids in the text: in text order, each up to its open amount, while the line lasts', () => {
    const [r] = match(ledger, [line({ bankId: 'X', amount: 15000, payerName: 'ACME CORP', text: 'INV-4, INV-1 and INV-3' })]).lines;
    expect(r).toMatchObject({ status: 'proposed', rule: 'invoice-id-in-text', unapplied: 0 });
    expect(r!.applications).toEqual([{ invoice: 'INV-4', amount: 7000 }, { invoice: 'INV-1', amount: 8000 }]);
  });

  it('exact amount: the oldest-due open item whose open amount equals the line', () => {
    const [r] = match(ledger, [line({ bankId: 'X', amount: 10000, payerName: 'Acme Corporation' })]).lines;
    expect(r).toMatchObject({ rule: 'exact-amount', applications: [{ invoice: 'INV-2', amount: 10000 }] });
  });

  it('sum of items: the smallest set, the oldest on a tie', () => {
    const [r] = match(ledger, [line({ bankId: 'X', amount: 13000, payerName: 'ACME CORP' })]).lines;
    expect(r!.rule).toBe('sum-of-items');
    expect(r!.applications.map((a) => a.invoice)).toEqual(['INV-2', 'INV-3']);
    expect(smallestSum([5, 3, 2, 8], 10)).toEqual([2, 3]);
    expect(smallestSum([4, 6, 1, 9], 10)).toEqual([0, 1]);
    expect(smallestSum([1, 2, 3, 4], 10)).toEqual([0, 1, 2, 3]);
    expect(smallestSum([1, 1, 1, 1, 1, 1, 1], 7)).toBeNull();
  });

  it('customer only: identified, nothing fits, all unapplied', () => {
    const [r] = match(ledger, [line({ bankId: 'X', amount: 1, payerName: 'ACME CORP' })]).lines;
    expect(r).toMatchObject({ status: 'proposed', rule: 'customer-only', applications: [], unapplied: 1 });
  });

  it('a later line sees what an earlier line of the statement already proposed', () => {
    const r = match(ledger, [line({ bankId: 'X', amount: 10000, payerName: 'ACME CORP' }), line({ bankId: 'Y', amount: 10000, payerName: 'ACME CORP' })]).lines;
    expect(r.map((x) => x.applications.map((a) => a.invoice))).toEqual([['INV-2'], ['INV-1']]);
  });

  it('ignores debits, pending lines, reversals and repeated bank ids', () => {
    const r = match(ledger, [
      line({ bankId: 'D', amount: 100, direction: 'debit' }), line({ bankId: 'P', amount: 100, booked: false }),
      line({ bankId: 'R', amount: 100, reversal: true }), line({ bankId: 'Z', amount: 1, payerName: 'GLOBEX' }), line({ bankId: 'Z', amount: 1, payerName: 'GLOBEX' }),
    ]).lines;
    expect(r.map((x) => x.status)).toEqual(['ignored', 'ignored', 'ignored', 'proposed', 'ignored']);
  });

  it('does not identify a customer whose currency is not the line\'s', () => {
    const [r] = match(ledger, [line({ bankId: 'X', amount: 100, payerName: 'ACME CORP', currency: 'USD' as Currency })]).lines;
    expect(r).toMatchObject({ status: 'unidentified', customer: 'ACME' });
    expect(r!.reason).toMatch(/the line is in USD and ACME pays in EUR/);
  });

  it('lists payments of the period that no line accounts for and no statement reconciled (no bank_ref)', () => {
    const r = match(ledger, [line({ bankId: 'A', amount: 1200, date: '2026-11-09' as LocalDate })]);
    expect(r.missingFromBank.map((m) => m.payment)).toEqual(['PAY-000002']);
  });

  it('finds ids as whole words only', () => {
    expect(idWords('re: INV-1, INV-2. (INV-3)/INV-4_')).toEqual(['re', 'INV-1', 'INV-2', 'INV-3', 'INV-4']);
    expect(normalizeName(' Acme  Corp ')).toBe(normalizeName('ACMECORP'));
  });
});

describe('statements', () => {
  const st = (lines: BankLine[], opening: number | null, closing: number | null, from: string | null = null): BankStatement => ({
    id: 'S', account: 'A', from: from as LocalDate | null, to: from as LocalDate | null, lines,
    opening: opening === null ? null : { date: '2026-11-01' as LocalDate, amount: opening, currency: 'EUR' as Currency },
    closing: closing === null ? null : { date: '2026-11-30' as LocalDate, amount: closing, currency: 'EUR' as Currency },
  });

  it('checks opening + booked movements = closing', () => {
    const ls = [line({ bankId: 'a', amount: 500 }), line({ bankId: 'b', amount: 200, direction: 'debit' }), line({ bankId: 'c', amount: 99, booked: false })];
    expect(balanceMismatch(st(ls, 1000, 1300))).toBeNull();
    expect(balanceMismatch(st(ls, 1000, 1399))).toBe(1300);
    expect(balanceMismatch(st(ls, null, 1399))).toBeNull();
  });

  it('takes the period from the statement dates, else from its lines', () => {
    expect(statementPeriod([st([line({ bankId: 'a', amount: 1, date: '2026-11-05' as LocalDate }), line({ bankId: 'b', amount: 1, date: '2026-11-02' as LocalDate })], null, null)]))
      .toEqual({ from: '2026-11-02', to: '2026-11-05' });
  });
});

describe('GL comparison', () => {
  it('is Σ debit documents − Σ credit documents at the date', () => {
    const c = compareWithGl(build(BASE), '2026-11-30' as LocalDate, 'EUR' as Currency, 30000 as Minor);
    expect(c).toMatchObject({ arTotal: 35500 - 2900, difference: 35500 - 2900 - 30000 });
  });
});

describe('lines kept out of the books', () => {
  const TODAY = '2026-11-30' as LocalDate;
  const stmt = (lines: BankLine[], over: Partial<BankStatement> = {}): BankStatement => ({
    id: 'S', account: 'A', from: null, to: null, opening: null, closing: null, lines, ...over,
  });

  it('conflict: a known bank id with another amount or currency, naming both', () => {
    const rec = build({ ...BASE, 'reconciliations.csv': [['2026-11-30', 'S', 'B-REC', 'PAY-000001', '12.00']] });
    const [a] = match(rec, [line({ bankId: 'B-REC', amount: 1300 })]).lines;
    expect(a).toMatchObject({ status: 'conflict', rule: 'bank-ref', payment: 'PAY-000001', applications: [], unapplied: 0 });
    expect(a!.reason).toMatch(/12\.00 EUR.*13\.00 EUR/);
    const [b] = match(rec, [line({ bankId: 'B-OLD', amount: 500, currency: 'USD' as Currency })]).lines;
    expect(b).toMatchObject({ status: 'conflict', payment: 'PAY-000003' });
    expect(b!.reason).toMatch(/5\.00 EUR.*5\.00 USD/);
  });

  it('out-of-period: after today + future_days, after the statement was created, or 31 days outside its period', () => {
    const ledger = build(BASE);
    const at = (date: string, over: Partial<BankStatement> = {}, futureDays = 0): string => {
      const r = reconcileStatements(ledger, [stmt([line({ bankId: 'X', amount: 1, payerName: 'ACME CORP', date: date as LocalDate })], over)], TODAY, futureDays);
      return r.lines[0]!.status;
    };
    expect(at('2026-11-30')).toBe('proposed');
    expect(at('2026-12-01')).toBe('out-of-period');
    expect(at('2026-12-03', {}, 3)).toBe('proposed');
    expect(at('2026-11-20', { created: '2026-11-19' as LocalDate })).toBe('out-of-period');
    const period = { from: '2026-10-01' as LocalDate, to: '2026-10-31' as LocalDate };
    expect(at('2026-08-31', period)).toBe('proposed');
    expect(at('2026-08-30', period)).toBe('out-of-period');
    expect(at('2026-11-30', period)).toBe('proposed');
    // Balance dates written the wrong way round still make a period.
    expect(at('2026-11-30', { from: period.to, to: period.from })).toBe('proposed');
  });

  it('a future line does not stretch the period of missing_from_bank', () => {
    const ledger = build(BASE);
    const r = reconcileStatements(ledger, [stmt([line({ bankId: 'X', amount: 1, date: '2026-11-08' as LocalDate }), line({ bankId: 'Y', amount: 1, date: '2036-11-09' as LocalDate })])], TODAY);
    expect([r.from, r.to]).toEqual(['2026-11-08', '2026-11-08']);
    expect(r.missingFromBank.map((m) => m.payment)).toEqual(['PAY-000001']);
    expect(statementPeriod([stmt([line({ bankId: 'Y', amount: 1, date: '2036-11-09' as LocalDate })])], TODAY)).toEqual({ from: null, to: null });
  });

  it('possible-duplicate: a line naming an invoice settled in the ledger, or by an earlier line', () => {
    const ledger = build(BASE);
    const settled = build({ ...BASE, 'credits.csv': [['CN-1', 'credit-note', '2026-11-01', 'ACME', 'EUR', '30.00', 'INV-3', 'x']], 'applications.csv': [['2026-11-01', 'CN-1', 'INV-3', '30.00']] });
    const [a] = match(settled, [line({ bankId: 'X', amount: 3000, text: 'INV-3' })]).lines;
    expect(a).toMatchObject({ status: 'possible-duplicate', customer: 'ACME', applications: [], unapplied: 0 });
    expect(a!.reason).toMatch(/INV-3 \(30\.00\) is already settled by CN-1/);
    const r = match(ledger, [line({ bankId: 'X', amount: 10000, text: 'INV-1' }), line({ bankId: 'Y', amount: 10000, text: 'INV-1' })]).lines;
    expect(r.map((x) => x.status)).toEqual(['proposed', 'possible-duplicate']);
    expect(r[1]!.reason).toMatch(/INV-1 is settled by an earlier line of this statement/);
  });

  it('creditor reference: an RF reference (payment_reference: rf) or the reference column names the invoice', () => {
    const rows: Rows = { 'invoices.csv': [inv('INV-1', 'ACME', '2026-10-01', '2026-10-31', '100.00'), [...inv('INV-2', 'ACME', '2026-10-02', '2026-11-01', '80.00').slice(0, 8), '210000000003139471430009017', '']] };
    const rf = build(rows, testConfig({ paymentReference: 'rf' }));
    const [a] = match(rf, [line({ bankId: 'X', amount: 5000, text: 'RF47 INV1' })]).lines;
    expect(a).toMatchObject({ status: 'proposed', rule: 'creditor-reference', customer: 'ACME', creditorReference: 'RF47INV1', applications: [{ invoice: 'INV-1', amount: 5000 }] });
    const [b] = match(build(rows), [line({ bankId: 'Y', amount: 9000, reference: '21 00000 00003 13947 14300 09017' })]).lines;
    expect(b).toMatchObject({ rule: 'creditor-reference', applications: [{ invoice: 'INV-2', amount: 8000 }], unapplied: 1000 });
    const [c] = match(build(rows), [line({ bankId: 'Z', amount: 100, creditorReference: 'INV-1' })]).lines;
    expect(c).toMatchObject({ rule: 'creditor-reference', applications: [{ invoice: 'INV-1', amount: 100 }] });
  });

  it('a discounted amount inside the window is an exact amount for what was paid', () => {
    const rows: Rows = { 'invoices.csv': [[...inv('INV-1', 'ACME', '2026-11-01', '2026-12-01', '100.00').slice(0, 7), '2/10 net30', '', '']] };
    const ledger = build(rows);
    const on = (date: string) => match(ledger, [line({ bankId: 'X', amount: 9800, payerName: 'ACME CORP', date: date as LocalDate })]).lines[0]!;
    expect(on('2026-11-11')).toMatchObject({ rule: 'exact-amount', applications: [{ invoice: 'INV-1', amount: 9800 }], unapplied: 0 });
    expect(on('2026-11-11').reason).toMatch(/less 2 % discount \(2\.00\)/);
    expect(on('2026-11-12')).toMatchObject({ rule: 'customer-only', applications: [] });
    const [named] = match(ledger, [line({ bankId: 'Y', amount: 9800, text: 'INV-1', date: '2026-11-05' as LocalDate })]).lines;
    expect(named).toMatchObject({ rule: 'invoice-id-in-text', applications: [{ invoice: 'INV-1', amount: 9800 }], unapplied: 0 });
    expect(named!.reason).toMatch(/98\.00 is the open 100\.00 less 2 % discount/);
  });
});

// ---- properties ---------------------------------------------------------------------------------------

function withRows(base: Rows, rows: readonly NewRow[]): Rows {
  const out: Rows = {};
  for (const [k, v] of Object.entries(base) as [JournalName, string[][]][]) out[k] = [...v];
  for (const r of rows) (out[r.journal] ??= []).push([...r.fields]);
  return out;
}

const day = (n: number): string => `2026-11-${String(n).padStart(2, '0')}`;

const scenario = fc.record({
  invoices: fc.array(fc.record({ customer: fc.constantFrom('ACME', 'GLOBEX'), amount: fc.integer({ min: 1, max: 50_000 }), due: fc.integer({ min: 1, max: 28 }) }), { maxLength: 8 }),
  payments: fc.array(fc.record({ amount: fc.integer({ min: 1, max: 50_000 }), date: fc.integer({ min: 1, max: 28 }), ref: fc.option(fc.constantFrom('B1', 'B2', 'B9'), { nil: null }) }), { maxLength: 3 }),
  lines: fc.array(fc.record({
    id: fc.constantFrom('B1', 'B2', 'B3', 'B4', 'B5', 'B6'),
    amount: fc.integer({ min: 1, max: 60_000 }),
    date: fc.integer({ min: 1, max: 28 }),
    payer: fc.constantFrom('', 'ACME CORP', 'globex', 'Stranger'),
    iban: fc.constantFrom('', 'GB33BUKB20201555555555'),
    ids: fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 3 }),
    debit: fc.boolean(),
  }), { maxLength: 8 }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function setUp(s: Scenario): { rows: Rows; lines: BankLine[] } {
  const cents = (m: number): string => `${Math.floor(m / 100)}.${String(m % 100).padStart(2, '0')}`;
  const rows: Rows = {
    'invoices.csv': s.invoices.map((x, i) => inv(`INV-${i + 1}`, x.customer, '2026-10-01', day(x.due), cents(x.amount))),
    'payments.csv': s.payments.map((p, i) => pay(`PAY-${String(i + 1).padStart(6, '0')}`, 'ACME', day(p.date), cents(p.amount), p.ref ?? '')),
  };
  // A bank_ref is unique in a real ledger; later duplicates are dropped from the scenario.
  const seen = new Set<string>();
  rows['payments.csv'] = rows['payments.csv']!.filter((r) => r[7] === '' || (!seen.has(r[7]!) && (seen.add(r[7]!), true)));
  // A bank id names one line: lines repeating an id are left out of the scenario, as banks never send them.
  const ids = new Set<string>();
  const lines = s.lines.filter((l) => !ids.has(l.id) && (ids.add(l.id), true)).map((l) => line({
    bankId: l.id, amount: l.amount, date: day(l.date) as LocalDate, payerName: l.payer, payerIban: l.iban,
    text: l.ids.map((n) => `INV-${n}`).join(' '), direction: l.debit ? 'debit' : 'credit',
  }));
  return { rows, lines };
}

describe('matching properties', () => {
  it('never over-applies: per invoice at most its open amount, per line at most its amount', () => {
    fc.assert(fc.property(scenario, (s) => {
      const { rows, lines } = setUp(s);
      const ledger = build(rows);
      const r = match(ledger, lines);
      const used = new Map<string, number>();
      for (const x of r.lines) {
        const sum = x.applications.reduce((a, b) => a + b.amount, 0);
        expect(x.applications.every((a) => a.amount > 0)).toBe(true);
        if (x.status === 'proposed') expect(sum + x.unapplied).toBe(x.line.amount);
        else expect(x.applications).toEqual([]);
        for (const a of x.applications) used.set(a.invoice, (used.get(a.invoice) ?? 0) + a.amount);
      }
      for (const [id, amt] of used) expect(amt).toBeLessThanOrEqual(ledger.byId.get(id)!.amount);
      // The rows --apply would write keep every rule of the ledger (no over-application, dates, customers).
      build(withRows(rows, planApply(ledger, r, 'S', '2026-11-30' as LocalDate).rows));
    }), { numRuns: 300 });
  });

  it('writes nothing for a conflict, out-of-period or possible-duplicate line', () => {
    fc.assert(fc.property(scenario, (s) => {
      const { rows, lines } = setUp(s);
      // Every line with an odd amount is dated ten years ahead; bank ids B1/B2 collide with payments' bank_refs.
      const dated = lines.map((l) => (l.amount % 2 === 1 ? { ...l, date: '2036-11-01' as LocalDate } : l));
      const ledger = build(rows);
      const r = reconcileStatements(ledger, [{ id: 'S', account: 'A', from: null, to: null, opening: null, closing: null, lines: dated }], '2026-11-30' as LocalDate);
      const refused = new Set(r.lines.filter((x) => REFUSED_STATUSES.includes(x.status)).map((x) => x.line.bankId));
      for (const x of r.lines) if (x.line.date > '2026-11-30' && x.status !== 'ignored' && x.status !== 'reconciled' && x.status !== 'conflict') expect(x.status).toBe('out-of-period');
      const plan = planApply(ledger, r, 'S', '2026-11-30' as LocalDate);
      for (const row of plan.rows) for (const id of refused) expect(row.fields).not.toContain(id);
    }), { numRuns: 300 });
  });

  it('applying twice is applying once: the second plan has no rows', () => {
    fc.assert(fc.property(scenario, (s) => {
      const { rows, lines } = setUp(s);
      const first = planApply(build(rows), match(build(rows), lines), 'S', '2026-11-30' as LocalDate);
      const after = build(withRows(rows, first.rows));
      const second = planApply(after, match(after, lines), 'S', '2026-11-30' as LocalDate);
      expect(second.rows).toEqual([]);
      // An overlapping statement (any sub-list of the same lines) adds nothing either.
      const third = planApply(after, match(after, lines.slice(1)), 'S', '2026-11-30' as LocalDate);
      expect(third.rows).toEqual([]);
    }), { numRuns: 300 });
  });
});
