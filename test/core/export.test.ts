// The export's double entry: every transaction balances and the receivable accounts hold the aging balance.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../../src/core/date.js';
import { beancountAccounts, beancountString } from '../../src/core/export/beancount.js';
import { exportModel } from '../../src/core/export/transactions.js';
import type { LedgerIssue } from '../../src/core/issues.js';
import { type Ledger } from '../../src/core/ledger.js';
import { formatMinor } from '../../src/core/money.js';
import { ageOpenItems } from '../../src/core/reports/aging.js';
import { inputFrom, issuesAfterRows, ledgerFrom, type Journals } from '../helpers/ledger.js';

const CUSTOMERS = `ACME:
  name: Acme Corporation
  currency: EUR
YEN:
  name: Yen KK
  currency: JPY
`;

const ledgerOf = (journals: Journals): Ledger => ledgerFrom(journals, CUSTOMERS);

describe('beancount names', () => {
  it('escapes quotes and backslashes and flattens line breaks', () => {
    expect(beancountString('a "b" \\ c\nd')).toBe('"a \\"b\\" \\\\ c d"');
  });

  it('makes every customer id a distinct valid account', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,8}$/), { maxLength: 20 }), (ids) => {
      const names = [...beancountAccounts(ids).values()];
      expect(new Set(names).size).toBe(ids.length);
      for (const n of names) expect(n).toMatch(/^Assets:Receivable:[A-Z0-9][A-Za-z0-9-]*$/);
    }));
  });
});

describe('exportModel', () => {
  it('balances every transaction and leaves the aging balance on the receivable accounts', () => {
    const doc = fc.record({
      kind: fc.constantFrom('invoice', 'payment', 'credit-note', 'refund'),
      customer: fc.constantFrom('ACME', 'YEN'),
      day: fc.integer({ min: 1, max: 28 }),
      amount: fc.integer({ min: 1, max: 1_000_000 }),
    });
    fc.assert(fc.property(fc.array(doc, { maxLength: 25 }), fc.integer({ min: 1, max: 28 }), (docs, asOfDay) => {
      const rows: Record<string, string[]> = { 'invoices.csv': [], 'payments.csv': [], 'credits.csv': [], 'refunds.csv': [] };
      docs.forEach((d, i) => {
        const ccy = d.customer === 'ACME' ? 'EUR' : 'JPY';
        const date = `2026-03-${String(d.day).padStart(2, '0')}`;
        const amt = formatMinor(d.amount, ccy);
        if (d.kind === 'invoice') rows['invoices.csv']!.push(`D${i},invoice,${date},2026-04-30,${d.customer},${ccy},${amt},net30,,`);
        if (d.kind === 'payment') rows['payments.csv']!.push(`D${i},${date},${d.customer},${ccy},${amt},,,,`);
        if (d.kind === 'credit-note') rows['credits.csv']!.push(`D${i},credit-note,${date},${d.customer},${ccy},${amt},,`);
        if (d.kind === 'refund') rows['refunds.csv']!.push(`D${i},${date},${d.customer},${ccy},${amt},,,`);
      });
      const ledger = ledgerOf(Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, v.map((l) => `${l}\n`).join('')])));
      const asOf = `2026-03-${String(asOfDay).padStart(2, '0')}` as LocalDate;
      const m = exportModel(ledger, asOf, (c) => `Assets:Receivable:${c}`);
      const receivable = new Map<string, number>();
      for (const t of m.transactions) {
        expect(t.postings[0].amount + t.postings[1].amount).toBe(0);
        expect(t.date <= asOf).toBe(true);
        receivable.set(t.postings[0].currency, (receivable.get(t.postings[0].currency) ?? 0) + t.postings[0].amount);
      }
      const aging = ageOpenItems(ledger, { asOf, basis: 'due', buckets: [30, 60, 90], customer: null, detail: false });
      const want = new Map(aging.totals.map((t) => [t.currency as string, t.balance as number]));
      for (const [ccy, sum] of receivable) expect(sum).toBe(want.get(ccy) ?? 0);
    }), { numRuns: 100 });
  });
});
