// Taking an earned early-payment discount (SPEC §1.3) when a payment is applied, and offering it on documents
// only while it can still be earned.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type LocalDate } from '../../src/core/date.js';
import { discountsTaken, earlyDiscount, offeredDiscount } from '../../src/core/discount.js';
import { invoiceDocument } from '../../src/core/documents/invoice.js';
import type { Ledger } from '../../src/core/ledger.js';
import { formatMinor, type Minor } from '../../src/core/money.js';
import { planCreditApplication, planPayment, planRows, type Target } from '../../src/core/ops/apply.js';
import { planCreditNote, planWriteOff } from '../../src/core/ops/credit.js';
import { planImport } from '../../src/core/ops/import.js';
import type { Invoice } from '../../src/core/types.js';
import { issuesAfterRows, ledgerFrom, type Journals } from '../helpers/ledger.js';

const CUSTOMERS = `ACME:
  name: Acme Corporation
  currency: EUR
YEN:
  name: Yen KK
  currency: JPY
`;

const d = (s: string): LocalDate => s as LocalDate;
const m = (n: number): Minor => n as Minor;
const ledgerOf = (j: Journals): Ledger => ledgerFrom(j, CUSTOMERS);

/** INV-A: 1428.00 on 2/10 net30 from 2026-11-02 (discount 28.56 up to 2026-11-12); INV-B: 500.00 net30, due later. */
const BOOKS: Journals = {
  'invoices.csv': [
    'INV-A,invoice,2026-11-02,2026-12-02,ACME,EUR,1428.00,2/10 net30,,',
    'INV-B,invoice,2026-11-03,2026-12-03,ACME,EUR,500.00,net30,,',
  ].join('\n') + '\n',
};

const pay = (amount: number, date: string, targets: Target[] = []) => ({
  customer: 'ACME', amount: m(amount), date: d(date), id: null, method: '', reference: '', bankRef: '', memo: '', targets,
});

describe('apply takes an earned discount', () => {
  const ledger = ledgerOf(BOOKS);

  it('writes a credit note for what a payment inside the window leaves open, in the same plan', () => {
    const plan = planPayment(ledger, pay(139944, '2026-11-07', [{ id: 'INV-A', amount: null }]));
    expect(plan.documents[1]).toEqual({
      kind: 'credit-note', id: 'CN-2026-0001', date: '2026-11-07', customer: 'ACME', currency: 'EUR', amount: 2856,
      invoice: 'INV-A', reason: 'early-payment discount 2% (2/10 net30)',
    });
    expect(plan.applications).toEqual([
      { date: '2026-11-07', credit: 'PAY-000001', debit: 'INV-A', amount: 139944 },
      { date: '2026-11-07', credit: 'CN-2026-0001', debit: 'INV-A', amount: 2856 },
    ]);
    expect(plan.unapplied).toBe(0);
    expect(plan.notes).toEqual(['INV-A: 2 % early-payment discount of 28.56 taken (CN-2026-0001)']);
    expect(issuesAfterRows(BOOKS, CUSTOMERS, planRows(plan))).toEqual([]);
  });

  it('counts the last day of the window, and not the day after', () => {
    expect(planPayment(ledger, pay(139944, '2026-11-12')).documents).toHaveLength(2);
    const late = planPayment(ledger, pay(139944, '2026-11-13'));
    expect(late.documents).toHaveLength(1);
    expect(late.notes).toEqual([]);
  });

  it('gives nothing to a payment that leaves more than the discount open', () => {
    expect(planPayment(ledger, pay(139943, '2026-11-05', [{ id: 'INV-A', amount: null }])).documents).toHaveLength(1);
  });

  it('oldest first: the discounted invoice takes its discounted amount and the rest reaches the next one', () => {
    const plan = planPayment(ledger, pay(189944, '2026-11-05'));
    expect(plan.applications).toEqual([
      { date: '2026-11-05', credit: 'PAY-000001', debit: 'INV-A', amount: 139944 },
      { date: '2026-11-05', credit: 'PAY-000001', debit: 'INV-B', amount: 50000 },
      { date: '2026-11-05', credit: 'CN-2026-0001', debit: 'INV-A', amount: 2856 },
    ]);
    expect(plan.unapplied).toBe(0);
  });

  it('oldest first: a payment in full is applied in full and takes no discount', () => {
    const plan = planPayment(ledger, pay(192800, '2026-11-05'));
    expect(plan.applications).toEqual([
      { date: '2026-11-05', credit: 'PAY-000001', debit: 'INV-A', amount: 142800 },
      { date: '2026-11-05', credit: 'PAY-000001', debit: 'INV-B', amount: 50000 },
    ]);
    expect(plan.documents).toHaveLength(1);
  });

  it('oldest first: between the discounted and the full amount, the invoice is settled and the rest goes on', () => {
    const plan = planPayment(ledger, pay(141000, '2026-11-05'));
    expect(plan.applications).toEqual([
      { date: '2026-11-05', credit: 'PAY-000001', debit: 'INV-A', amount: 139944 },
      { date: '2026-11-05', credit: 'PAY-000001', debit: 'INV-B', amount: 1056 },
      { date: '2026-11-05', credit: 'CN-2026-0001', debit: 'INV-A', amount: 2856 },
    ]);
  });

  it('named invoices without amounts are shared out the same way; an explicit amount is taken as given', () => {
    const named = planPayment(ledger, pay(189944, '2026-11-05', [{ id: 'INV-A', amount: null }, { id: 'INV-B', amount: null }]));
    expect(named.applications.map((a) => [a.credit, a.debit, a.amount])).toEqual([
      ['PAY-000001', 'INV-A', 139944], ['PAY-000001', 'INV-B', 50000], ['CN-2026-0001', 'INV-A', 2856],
    ]);
    const explicit = planPayment(ledger, pay(140000, '2026-11-05', [{ id: 'INV-A', amount: m(139950) }]));
    expect(explicit.applications.at(-1)).toEqual({ date: '2026-11-05', credit: 'CN-2026-0001', debit: 'INV-A', amount: 2850 });
    expect(explicit.unapplied).toBe(50);
  });

  it('takes the discount on every invoice a payment settles, numbered one after the other', () => {
    const two: Journals = {
      'invoices.csv': 'INV-A,invoice,2026-11-02,2026-12-02,ACME,EUR,1428.00,2/10 net30,,\nINV-C,invoice,2026-11-04,2026-12-04,ACME,EUR,200.00,3/14 net30,,\n',
      'credits.csv': 'CN-2026-0007,credit-note,2026-11-04,ACME,EUR,1.00,,goodwill\n',
    };
    const plan = planPayment(ledgerOf(two), pay(139944 + 19400, '2026-11-06'));
    expect(plan.documents.map((x) => `${x.id} ${formatMinor(x.amount, 'EUR')}`)).toEqual(['PAY-000001 1593.44', 'CN-2026-0008 28.56', 'CN-2026-0009 6.00']);
    expect(issuesAfterRows(two, CUSTOMERS, planRows(plan))).toEqual([]);
  });

  it('apply --credit: a payment received inside the window earns the discount when it is applied later', () => {
    const books: Journals = { ...BOOKS, 'payments.csv': 'PAY-000009,2026-11-06,ACME,EUR,1399.44,transfer,,,\n' };
    const plan = planCreditApplication(ledgerOf(books), 'PAY-000009', d('2026-11-20'), [{ id: 'INV-A', amount: null }]);
    expect(plan.documents).toEqual([expect.objectContaining({ kind: 'credit-note', id: 'CN-2026-0001', date: '2026-11-20', amount: 2856, invoice: 'INV-A' })]);
    expect(plan.applications.at(-1)).toEqual({ date: '2026-11-20', credit: 'CN-2026-0001', debit: 'INV-A', amount: 2856 });
    expect(issuesAfterRows(books, CUSTOMERS, planRows(plan))).toEqual([]);
  });

  it('apply --credit of a credit note earns no discount', () => {
    const books: Journals = { ...BOOKS, 'credits.csv': 'CN-2026-0001,credit-note,2026-11-06,ACME,EUR,1399.44,,goodwill\n' };
    const plan = planCreditApplication(ledgerOf(books), 'CN-2026-0001', d('2026-11-06'), [{ id: 'INV-A', amount: null }]);
    expect(plan.documents).toEqual([]);
    expect(plan.applications).toHaveLength(1);
  });

  it('a debit note with discount terms earns it too; JPY rounds to whole yen', () => {
    const books: Journals = { 'invoices.csv': 'DN-1,debit-note,2026-11-02,2026-12-02,YEN,JPY,12345,2/10 net30,,\n' };
    const plan = planPayment(ledgerOf(books), { ...pay(12098, '2026-11-05'), customer: 'YEN' });
    expect(plan.documents[1]).toEqual(expect.objectContaining({ kind: 'credit-note', currency: 'JPY', amount: 247, invoice: 'DN-1' }));
  });
});

describe('import payments takes an earned discount', () => {
  it('adds the credit note and its application after the payment, at the input line', () => {
    const fmt = { file: 'pay.csv', decimal: '.', thousands: '', dateFormat: 'YYYY-MM-DD', currency: null };
    const plan = planImport(ledgerOf(BOOKS), 'payments', fmt, [
      { line: 2, fields: { date: '2026-11-05', amount: '1399.44', invoice: 'INV-A' } },
      { line: 3, fields: { date: '2026-11-05', amount: '490.00', invoice: 'INV-B' } },
    ]);
    expect(plan.issues).toEqual([]);
    expect(plan.rows.map((r) => r.fields.join(','))).toEqual([
      expect.stringMatching(/^PAY-000001,2026-11-05,ACME,EUR,1399\.44,,,,import:[0-9a-f]{14}$/),
      '2026-11-05,PAY-000001,INV-A,1399.44',
      'CN-2026-0001,credit-note,2026-11-05,ACME,EUR,28.56,INV-A,early-payment discount 2% (2/10 net30)',
      '2026-11-05,CN-2026-0001,INV-A,28.56',
      expect.stringMatching(/^PAY-000002,2026-11-05,ACME,EUR,490\.00,,,,import:[0-9a-f]{14}$/),
      '2026-11-05,PAY-000002,INV-B,490.00',
    ]);
    expect(plan.origins).toEqual([2, 2, 2, 2, 3, 3]);
    expect(plan.notes).toEqual(['INV-A: 2 % early-payment discount of 28.56 taken (CN-2026-0001)']);
  });
});

describe('the discount taken (property)', () => {
  const invoice = fc.record({
    amount: fc.integer({ min: 1, max: 100_000_000 }),
    percent: fc.constantFrom('1', '2', '2.5', '3', '5', '0.5', '10'),
    days: fc.integer({ min: 0, max: 30 }),
  });

  it('inside the window, a payment covering open less discount leaves 0 open and a credit note of the shortfall', () => {
    fc.assert(fc.property(invoice, fc.integer({ min: 0, max: 30 }), fc.double({ min: 0, max: 1, noNaN: true }), (inv, day, share) => {
      const terms = `${inv.percent}/${inv.days} net30`;
      const books: Journals = { 'invoices.csv': `INV-P,invoice,2026-11-02,2026-12-02,ACME,EUR,${formatMinor(inv.amount, 'EUR')},${terms},,\n` };
      const ledger = ledgerOf(books);
      const doc = ledger.byId.get('INV-P') as Invoice;
      const disc = earlyDiscount(doc)!.amount;
      const paid = addDays(d('2026-11-02'), day);
      const inside = paid <= addDays(d('2026-11-02'), inv.days);
      const least = Math.max(1, inv.amount - disc);
      const amount = least + Math.floor(share * (inv.amount - least));
      const plan = planPayment(ledger, pay(amount, paid, [{ id: 'INV-P', amount: null }]));
      const notes = plan.documents.filter((x) => x.kind === 'credit-note');
      const applied = plan.applications.reduce((s, a) => s + a.amount, 0);
      const shortfall = inv.amount - amount;
      if (inside && shortfall > 0) {
        expect(notes).toHaveLength(1);
        expect(notes[0]!.amount).toBe(shortfall);
        expect(applied).toBe(inv.amount);
      } else {
        expect(notes).toEqual([]);
        expect(applied).toBe(amount);
      }
    }), { numRuns: 200 });
  });

  it('short by more than the discount, or after the window, no credit note', () => {
    fc.assert(fc.property(invoice, fc.integer({ min: 0, max: 30 }), fc.double({ min: 0, max: 1, noNaN: true }), (inv, after, share) => {
      const terms = `${inv.percent}/${inv.days} net30`;
      const books: Journals = { 'invoices.csv': `INV-P,invoice,2026-11-02,2026-12-02,ACME,EUR,${formatMinor(inv.amount, 'EUR')},${terms},,\n` };
      const ledger = ledgerOf(books);
      const disc = earlyDiscount(ledger.byId.get('INV-P') as Invoice)!.amount;
      // Either too little (at most open - discount - 1) inside the window, or anything up to the open amount after it.
      const short = inv.amount - disc - 1;
      if (short >= 1) {
        const amount = 1 + Math.floor(share * (short - 1));
        expect(planPayment(ledger, pay(amount, '2026-11-02', [{ id: 'INV-P', amount: null }])).documents).toHaveLength(1);
      }
      const late = addDays(d('2026-11-02'), inv.days + 1 + after);
      const amount = 1 + Math.floor(share * (inv.amount - 1));
      expect(planPayment(ledger, pay(amount, late, [{ id: 'INV-P', amount: null }])).documents).toHaveLength(1);
    }), { numRuns: 200 });
  });
});

describe('documents offer only a discount that can still be earned', () => {
  const books: Journals = {
    ...BOOKS,
    'payments.csv': 'PAY-000001,2026-11-05,ACME,EUR,1399.44,,,,\n',
    'credits.csv': 'CN-2026-0001,credit-note,2026-11-05,ACME,EUR,28.56,INV-A,early-payment discount 2% (2/10 net30)\n',
    'applications.csv': '2026-11-05,PAY-000001,INV-A,1399.44\n2026-11-05,CN-2026-0001,INV-A,28.56\n',
  };
  const ledger = ledgerOf(books);
  const inv = ledger.byId.get('INV-A') as Invoice;

  it('before the payment the discount is offered; once taken, settled or expired it is not', () => {
    expect(offeredDiscount(inv, d('2026-11-04'), m(142800), discountsTaken(ledger, d('2026-11-04')))?.amount).toBe(2856);
    expect(invoiceDocument(ledger, 'INV-A', d('2026-11-04'))!.discount?.until).toBe('2026-11-12');
    expect(invoiceDocument(ledger, 'INV-A', d('2026-11-05'))!.discount).toBeNull();
    expect(invoiceDocument(ledger, 'INV-A', d('2026-11-05'))!.open).toBe(0);
    // Taken but (say) reopened by a later debit: still not offered a second time.
    expect(offeredDiscount(inv, d('2026-11-06'), m(100), discountsTaken(ledger, d('2026-11-06')))).toBeNull();
    const unpaid = ledgerOf(BOOKS);
    expect(invoiceDocument(unpaid, 'INV-A', d('2026-11-12'))!.discount).not.toBeNull();
    expect(invoiceDocument(unpaid, 'INV-A', d('2026-11-13'))!.discount).toBeNull();
  });
});

describe('credit notes and write-offs are bounded by the open amount', () => {
  const books: Journals = {
    ...BOOKS,
    'credits.csv': 'WO-2026-0001,write-off,2026-11-10,ACME,EUR,500.00,INV-B,insolvent\n',
    'applications.csv': '2026-11-10,WO-2026-0001,INV-B,500.00\n',
  };
  const ledger = ledgerOf(books);
  const date = d('2026-11-20');

  it('names a written-off invoice as such, and lets --force issue the credit note unapplied', () => {
    const req = { customer: 'ACME', amount: m(1000), reason: 'price', invoice: 'INV-B', date, id: null };
    expect(() => planCreditNote(ledger, req)).toThrow(/INV-B is written off \(WO-2026-0001\): nothing is open on it for the credit note of 10.00 EUR — leave out --invoice/);
    const forced = planCreditNote(ledger, { ...req, force: true });
    expect(forced.applications).toEqual([]);
    expect(forced.unapplied).toBe(1000);
    expect(() => planWriteOff(ledger, { invoice: 'INV-B', amount: null, reason: 'r', date, id: null })).toThrow(/INV-B is written off \(WO-2026-0001\)/);
  });

  it('a credit note up to the open amount is applied in full', () => {
    const plan = planCreditNote(ledger, { customer: 'ACME', amount: m(142800), reason: 'returned', invoice: 'INV-A', date, id: null });
    expect(plan.applications).toEqual([{ date, credit: 'CN-2026-0001', debit: 'INV-A', amount: 142800 }]);
    expect(plan.notes).toEqual([]);
  });
});
