// Notes, promises to pay and the worklist (SPEC §8) on small ledgers written inline.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type LocalDate } from '../../src/core/date.js';
import type { JournalName } from '../../src/core/journals.js';
import { buildLedger, type Ledger } from '../../src/core/ledger.js';
import { dueFollowUps, openFollowUps } from '../../src/core/collections/notes.js';
import { promisesAt, statusOf } from '../../src/core/collections/promises.js';
import { buildWorklist, compareWorklistRows, formatPriority, type WorklistRow } from '../../src/core/collections/worklist.js';
import { planDunning } from '../../src/core/reports/dunning.js';
import { ageOpenItems } from '../../src/core/reports/aging.js';
import type { Currency, Minor } from '../../src/core/money.js';
import { rawJournal, testConfig, testCustomers } from './builders.js';

type Rows = Partial<Record<JournalName, string[][]>>;

function ledger(rows: Rows, customers = testCustomers()): { ledger: Ledger; issues: string[] } {
  const journals = new Map(Object.entries(rows).map(([j, r]) => [j as JournalName, rawJournal(j as JournalName, r)]));
  const built = buildLedger({ config: testConfig(), customers, journals });
  return { ledger: built.ledger, issues: built.issues.map((i) => `${i.file}:${i.line}: ${i.message}`) };
}

const D = (s: string): LocalDate => s as LocalDate;

const BOOKS: Rows = {
  'invoices.csv': [
    ['INV-1', 'invoice', '2026-01-01', '2026-01-31', 'ACME', 'EUR', '100.00', 'net30', '', ''],
    ['INV-2', 'invoice', '2026-01-05', '2026-02-04', 'ACME', 'EUR', '50.00', 'net30', '', ''],
    ['INV-3', 'invoice', '2026-01-05', '2026-02-04', 'GLOBEX', 'EUR', '80.00', 'net30', '', ''],
  ],
  'payments.csv': [['PAY-1', '2026-01-01', 'ACME', 'EUR', '500.00', 'transfer', '', '', '']],
};

describe('promise status (SPEC §8)', () => {
  const withApps = (apps: string[][], promises: string[][]): Ledger => {
    const l = ledger({ ...BOOKS, 'applications.csv': apps, 'promises.csv': promises });
    expect(l.issues).toEqual([]);
    return l.ledger;
  };
  const status = (l: Ledger, asOf: string): string[] => promisesAt(l, D(asOf)).map((s) => s.status);
  const P = ['2026-02-01', 'ACME', 'INV-1', '60.00', '2026-02-10', 'Anna', ''];

  it('is pending until its due, then broken, when nothing is paid', () => {
    const l = withApps([], [P]);
    expect(status(l, '2026-01-31')).toEqual([]);
    expect(status(l, '2026-02-01')).toEqual(['pending']);
    expect(status(l, '2026-02-10')).toEqual(['pending']);
    expect(status(l, '2026-02-11')).toEqual(['broken']);
  });

  it('is kept from the day the applications inside its window reach its amount, and stays kept', () => {
    const l = withApps([['2026-02-03', 'PAY-1', 'INV-1', '30.00'], ['2026-02-08', 'PAY-1', 'INV-1', '30.00']], [P]);
    expect(status(l, '2026-02-07')).toEqual(['pending']);
    expect(promisesAt(l, D('2026-02-07'))[0]!.paid).toBe(3000);
    expect(status(l, '2026-02-08')).toEqual(['kept']);
    expect(status(l, '2027-01-01')).toEqual(['kept']);
  });

  it('counts no application dated before the promise or after its due, nor one to another invoice', () => {
    const l = withApps([['2026-01-31', 'PAY-1', 'INV-1', '60.00'], ['2026-02-11', 'PAY-1', 'INV-1', '40.00'], ['2026-02-05', 'PAY-1', 'INV-2', '50.00']], [P]);
    expect(status(l, '2026-02-10')).toEqual(['pending']);
    expect(status(l, '2026-02-12')).toEqual(['broken']);
  });

  it('without an invoice, counts applications to any of the customer\'s debit documents', () => {
    const l = withApps([['2026-02-05', 'PAY-1', 'INV-2', '50.00'], ['2026-02-06', 'PAY-1', 'INV-1', '10.00']],
      [['2026-02-01', 'ACME', '', '60.00', '2026-02-10', 'Anna', '']]);
    expect(status(l, '2026-02-05')).toEqual(['pending']);
    expect(status(l, '2026-02-06')).toEqual(['kept']);
  });

  it('at any date is exactly: kept when the window\'s applications up to that date reach the amount, else pending up to due, else broken', () => {
    const appArb = fc.record({ day: fc.integer({ min: 0, max: 60 }), cents: fc.integer({ min: 1, max: 3000 }), other: fc.boolean() });
    fc.assert(fc.property(fc.array(appArb, { maxLength: 8 }), fc.integer({ min: 30, max: 45 }), fc.integer({ min: 0, max: 15 }),
      fc.integer({ min: 1, max: 9000 }), fc.boolean(), (apps, start, term, amount, whole) => {
        const day0 = D('2026-01-05');
        const pdate = addDays(day0, start);
        const due = addDays(pdate, term);
        // Invoices big enough to take every application.
        const rows: Rows = {
          'invoices.csv': [['INV-1', 'invoice', '2026-01-01', '2026-01-31', 'ACME', 'EUR', '1000.00', '', '', ''],
            ['INV-2', 'invoice', '2026-01-05', '2026-02-04', 'ACME', 'EUR', '1000.00', '', '', '']],
          'payments.csv': [['PAY-1', '2026-01-01', 'ACME', 'EUR', '5000.00', 'transfer', '', '', '']],
          'applications.csv': apps.map((a) => [addDays(day0, a.day), 'PAY-1', a.other ? 'INV-2' : 'INV-1', (a.cents / 100).toFixed(2)]),
          'promises.csv': [[pdate, 'ACME', whole ? '' : 'INV-1', (amount / 100).toFixed(2), due, 'Anna', '']],
        };
        const l = ledger(rows);
        expect(l.issues).toEqual([]);
        let wasKept = false;
        for (let k = start; k <= start + term + 10; k++) {
          const asOf = addDays(day0, k);
          const paid = apps.filter((a) => (whole || !a.other) && a.day >= start && a.day <= Math.min(start + term, k)).reduce((s, a) => s + a.cents, 0);
          const want = paid >= amount ? 'kept' : asOf <= due ? 'pending' : 'broken';
          const got = promisesAt(l.ledger, asOf);
          expect(got.map((s) => s.status)).toEqual([want]);
          expect(got[0]!.status).toBe(statusOf(got[0]!.paid, amount, due, asOf));
          if (wasKept) expect(want).toBe('kept');
          wasKept = want === 'kept';
        }
      }), { numRuns: 200 });
  });
});

describe('dunning with promises', () => {
  const at = D('2026-03-31');
  const plan = (promises: string[][], disputes: string[][] = []): ReturnType<typeof planDunning> => {
    // Without the payment: its unapplied money would count against what is overdue.
    const l = ledger({ 'invoices.csv': BOOKS['invoices.csv']!, 'promises.csv': promises, 'disputes.csv': disputes });
    expect(l.issues).toEqual([]);
    return planDunning(l.ledger, at);
  };

  it('leaves out the items under a pending promise, and dunns a broken one as usual', () => {
    const p = plan([['2026-03-20', 'ACME', 'INV-1', '100.00', '2026-04-05', 'Anna', '']]);
    expect(p.letters.find((l) => l.customer === 'ACME')!.items.map((i) => i.id)).toEqual(['INV-2']);
    const broken = plan([['2026-03-01', 'ACME', 'INV-1', '100.00', '2026-03-10', 'Anna', '']]);
    expect(broken.letters.find((l) => l.customer === 'ACME')!.items.map((i) => i.id)).toEqual(['INV-1', 'INV-2']);
  });

  it('skips a customer as promised when a pending promise without invoice covers its overdue items, after disputed', () => {
    expect(plan([['2026-03-20', 'ACME', '', '10.00', '2026-04-05', 'Anna', '']]).skipped).toEqual([{ customer: 'ACME', reason: 'promised' }]);
    expect(plan([['2026-03-20', 'ACME', 'INV-1', '10.00', '2026-04-05', 'Anna', '']], [['2026-03-01', 'INV-2', 'open', 'price']]).skipped)
      .toEqual([{ customer: 'ACME', reason: 'promised' }]);
    expect(plan([], [['2026-03-01', 'INV-1', 'open', ''], ['2026-03-01', 'INV-2', 'open', '']]).skipped).toEqual([{ customer: 'ACME', reason: 'disputed' }]);
  });

  it('marks the promised and the broken items in aging --detail', () => {
    const l = ledger({ ...BOOKS, 'promises.csv': [['2026-03-01', 'ACME', 'INV-1', '100.00', '2026-03-10', 'Anna', ''], ['2026-03-20', 'ACME', 'INV-2', '50.00', '2026-04-05', 'Anna', '']] });
    const r = ageOpenItems(l.ledger, { asOf: at, basis: 'due', buckets: [30, 60, 90], customer: 'ACME', detail: true });
    expect(r.customers[0]!.items!.map((i) => [i.id, i.promise?.status ?? null])).toEqual([['INV-1', 'broken'], ['INV-2', 'pending']]);
  });
});

describe('notes and follow-ups', () => {
  const notes = (rows: string[][]): Ledger => {
    const l = ledger({ ...BOOKS, 'notes.csv': rows });
    expect(l.issues).toEqual([]);
    return l.ledger;
  };

  it('keeps a follow-up open until a later note about the same customer and invoice; dunning notes close nothing', () => {
    const l = notes([
      ['2026-03-01', 'ACME', '', 'call', 'will pay Friday', '2026-03-06', 'Anna'],
      ['2026-03-02', 'ACME', 'INV-1', 'email', 'sent copy', '2026-03-09', 'Anna'],
      ['2026-03-03', 'ACME', '', 'letter', 'Level 1 letter', '', 'arledger dunning'],
      ['2026-03-05', 'GLOBEX', '', 'call', 'no answer', '2026-03-05', 'Ben'],
      ['2026-03-07', 'GLOBEX', '', 'call', 'reached them', '', 'Ben'],
    ]);
    expect(dueFollowUps(l, D('2026-03-06'), null).map((n) => `${n.customer} ${n.followUp}`)).toEqual(['GLOBEX 2026-03-05', 'ACME 2026-03-06']);
    expect(dueFollowUps(l, D('2026-03-07'), null).map((n) => `${n.customer} ${n.followUp}`)).toEqual(['ACME 2026-03-06']);
    expect(openFollowUps(l, D('2026-03-07'), 'ACME').map((n) => n.followUp)).toEqual(['2026-03-06', '2026-03-09']);
  });

  it('reports bad rows of notes.csv and promises.csv at their line', () => {
    const l = ledger({
      ...BOOKS,
      'notes.csv': [
        ['2026-03-01', 'ACME', '', 'fax', 'x', '', 'Anna'],
        ['2026-03-01', 'ACME', 'INV-3', 'call', 'x', '', 'Anna'],
        ['2026-03-01', 'ACME', 'PAY-1', 'call', 'x', '', 'Anna'],
        ['2026-03-01', 'NOPE', '', 'call', 'x', '', 'Anna'],
        ['2026-03-01', 'ACME', '', 'call', 'x', '2026-02-28', 'Anna'],
        ['2026-03-01', 'ACME', 'INV-9', 'call', 'x', '', 'Anna'],
      ],
      'promises.csv': [
        ['2026-03-01', 'ACME', '', '0.00', '2026-03-05', 'Anna', ''],
        ['2026-03-01', 'NIPPON', '', '1.5', '2026-03-05', 'Anna', ''],
        ['2026-03-01', 'ACME', 'INV-1', '10.00', '2026-02-05', 'Anna', ''],
      ],
    });
    expect(l.issues).toEqual([
      'notes.csv:2: kind "fax" is not one of call, email, letter, meeting, note',
      'notes.csv:3: invoice INV-3 belongs to GLOBEX, not ACME',
      'notes.csv:4: PAY-1 is a payment, not a debit document',
      'notes.csv:5: customer "NOPE" does not exist',
      'notes.csv:6: follow_up 2026-02-28 is before the note\'s date 2026-03-01',
      'notes.csv:7: invoice "INV-9" does not exist',
      'promises.csv:2: amount "0.00" is zero',
      'promises.csv:3: amount "1.5" has decimals, but JPY has no minor unit',
      'promises.csv:4: due 2026-02-05 is before the promise\'s date 2026-03-01',
    ]);
  });
});

describe('the worklist (SPEC §8)', () => {
  const row = (customer: string, currency: string, priority: bigint): WorklistRow => ({
    customer, name: customer, currency: currency as Currency, collector: null, overdue: 0 as Minor, oldestDaysOverdue: null,
    lastContact: null, lastContactKind: null, nextFollowUp: null, promisesPending: 0, promisesBroken: 0, dunningLevel: null, priority,
  });

  it('sorts by priority, highest first, then by customer id, comparing currencies in their own units', () => {
    const rows = [row('B', 'EUR', 100n), row('A', 'EUR', 100n), row('C', 'JPY', 2n), row('D', 'KWD', 1500n), row('E', 'EUR', 0n)];
    expect(rows.sort(compareWorklistRows).map((r) => r.customer)).toEqual(['C', 'D', 'A', 'B', 'E']);
    expect(formatPriority(1175000n, 'EUR')).toBe('11750.00');
    expect(formatPriority(5n, 'KWD')).toBe('0.005');
    expect(formatPriority(42n, 'JPY')).toBe('42');
  });

  it('has a row per customer with overdue items or a follow-up due, with priority Σ open × days overdue', () => {
    const l = ledger({
      ...BOOKS,
      'applications.csv': [['2026-02-01', 'PAY-1', 'INV-1', '40.00']],
      'disputes.csv': [['2026-02-10', 'INV-2', 'open', 'price']],
      'notes.csv': [['2026-02-20', 'ACME', '', 'call', 'x', '2026-03-10', 'Anna'], ['2026-02-25', 'NIPPON', '', 'note', 'call back', '2026-03-01', 'Anna']],
      'promises.csv': [['2026-02-20', 'ACME', 'INV-1', '60.00', '2026-02-25', 'Anna', '']],
      'dunning.csv': [['2026-02-15', 'ACME', '1', 'INV-1', '60.00', '', '', 'x'], ['2026-02-15', 'ACME', '2', 'INV-2', '50.00', '', '', 'x']],
    });
    expect(l.issues).toEqual([]);
    const w = buildWorklist(l.ledger, { asOf: D('2026-03-02'), assignee: null });
    expect(w.rows.map((r) => [r.customer, formatPriority(r.priority, r.currency), r.oldestDaysOverdue, r.nextFollowUp, r.promisesBroken, r.dunningLevel]))
      .toEqual([
        // ACME: 60.00 × 30 days (INV-2 is disputed); GLOBEX: 80.00 × 26 days; NIPPON: a follow-up due, nothing overdue.
        ['ACME', '1800.00', 30, '2026-03-10', 1, 2],
        ['GLOBEX', '2080.00', 26, null, 0, null],
        ['NIPPON', '0', null, '2026-03-01', 0, null],
      ].sort((a, b) => Number(b[1]) - Number(a[1])));
    expect(buildWorklist(l.ledger, { asOf: D('2026-03-02'), assignee: 'Anna' }).rows).toEqual([]);
  });
});
