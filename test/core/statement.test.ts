// The statement of account: worked example on the documents ledger, and its balance invariants as properties.
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeConfig, decodeCustomers } from '../../src/core/config.js';
import { addDays, type LocalDate } from '../../src/core/date.js';
import { earlyDiscount } from '../../src/core/discount.js';
import { invoiceDocument } from '../../src/core/documents/invoice.js';
import { renderMarkdown, renderText, width } from '../../src/core/documents/text.js';
import { statementView } from '../../src/core/documents/statement.js';
import type { LedgerIssue } from '../../src/core/issues.js';
import { JOURNALS, type JournalName, type RawJournal } from '../../src/core/journals.js';
import { buildLedger, type Ledger } from '../../src/core/ledger.js';
import { formatMinor } from '../../src/core/money.js';
import { ageOpenItems } from '../../src/core/reports/aging.js';
import { startOfMonth, statementOf } from '../../src/core/reports/statement.js';
import { readCsv } from '../../src/io/csv.js';
import { loadLedger } from '../../src/io/load.js';
import { readYaml } from '../../src/io/yaml.js';
import { BASE_CONFIG, ROOT } from '../helpers/cli.js';

const d = (s: string): LocalDate => s as LocalDate;
const FIXTURE = path.join(ROOT, 'test', 'golden', 'documents', 'ledger');

describe('statementOf on the documents ledger', () => {
  const { ledger, issues } = loadLedger(FIXTURE);
  it('loads without issues', () => expect(issues).toEqual([]));
  const s = statementOf(ledger, { customer: 'ACME', from: d('2026-11-01'), to: d('2026-11-30') });

  it('opens with the balance at the day before the period and closes with the balance at its end', () => {
    expect(formatMinor(s.opening, 'EUR')).toBe('1440.00');
    expect(formatMinor(s.debits, 'EUR')).toBe('408.00');
    expect(formatMinor(s.credits, 'EUR')).toBe('1115.00');
    expect(formatMinor(s.closing, 'EUR')).toBe('733.00');
  });

  it('lists documents and applications by date, a document before the application that settles it', () => {
    expect(s.entries.map((e) => (e.type === 'document' ? e.doc.id : `${e.credit}>${e.debit}`))).toEqual([
      'INV-2026-00003', 'PAY-000002', 'PAY-000002>INV-2026-00002', 'CN-2026-0001', 'CN-2026-0001>INV-2026-00002',
      'PAY-000003', 'DN-2026-0001', 'RF-2026-0001', 'PAY-000003>RF-2026-0001', 'WO-2026-0001', 'WO-2026-0001>DN-2026-0001',
    ]);
  });

  it('ages what is open at the period end with the ledger buckets', () => {
    expect(s.aging.buckets).toEqual(['current', '1-30', '31-60', '61-90', '91+']);
    expect(s.aging.amounts.map((m) => formatMinor(m, 'EUR'))).toEqual(['363.00', '400.00', '0.00', '0.00', '0.00']);
    expect(formatMinor(s.aging.unapplied, 'EUR')).toBe('30.00');
    expect(s.aging.items.map((i) => i.id)).toEqual(['INV-2026-00002', 'INV-2026-00003']);
  });

  it('leaves a customer with nothing in the period at its balance', () => {
    const empty = statementOf(ledger, { customer: 'MUELLER', from: d('2026-12-01'), to: d('2026-12-31') });
    expect(empty.entries).toEqual([]);
    expect(empty.opening).toBe(empty.closing);
    expect(formatMinor(empty.closing, 'EUR')).toBe('595.00');
  });

  it('defaults the period to the first of the month', () => {
    expect(startOfMonth(d('2026-02-28'))).toBe('2026-02-01');
  });

  it('keeps control characters out of text and Markdown', () => {
    const view = statementView(ledger, s);
    const weird = { ...view, title: 'A\u001b[31mB\nC' };
    expect(renderText(weird)).not.toMatch(/\u001b/);
    expect(renderText(weird)).toContain('A\\x1b[31MB\\nC');
    expect(renderMarkdown(weird)).toContain('A\\\\x1b\\[31mB\\\\nC');
  });
});

describe('text layout', () => {
  it('measures East Asian wide characters as two columns and combining marks as none', () => {
    expect(width('Acme')).toBe(4);
    expect(width('山田商事')).toBe(8);
    expect(width('Mu\u0308ller')).toBe(6);
  });

  it('aligns a table whose cells mix Latin and CJK text', () => {
    const out = renderText({
      title: 't',
      blocks: [{ type: 'table', title: 'T', empty: '', columns: [{ label: 'Name', align: 'left' }, { label: 'Open', align: 'right' }],
        rows: [['山田商事株式会社', '1200'], ['Acme', '5']] }],
    });
    const rows = out.split('\n').filter((l) => /1200|5$/.test(l));
    expect(rows.map(width)).toEqual([width(rows[0]!), width(rows[0]!)]);
  });
});

describe('invoice documents', () => {
  const { ledger } = loadLedger(FIXTURE);

  it('computes the early-payment discount half-up on the total, until date + k days', () => {
    const inv = ledger.byId.get('INV-2026-00003');
    expect(inv?.kind).toBe('invoice');
    const disc = earlyDiscount(inv as Parameters<typeof earlyDiscount>[0]);
    expect(disc).toMatchObject({ percent: '2', amount: 726, until: '2026-11-15' });
  });

  it('has no discount for plain net terms', () => {
    expect(earlyDiscount(ledger.byId.get('INV-2026-00001') as Parameters<typeof earlyDiscount>[0])).toBeNull();
  });

  it('sums lines to the invoice amount and counts applications up to the date', () => {
    const doc = invoiceDocument(ledger, 'INV-2026-00002', d('2026-11-14'))!;
    expect(doc.net + doc.tax).toBe(doc.invoice.amount);
    expect(formatMinor(doc.paid, 'EUR')).toBe('1000.00');
    expect(formatMinor(doc.open, 'EUR')).toBe('440.00');
  });

  it('returns null for a payment or an unknown id', () => {
    expect(invoiceDocument(ledger, 'PAY-000001', d('2026-11-30'))).toBeNull();
    expect(invoiceDocument(ledger, 'NOPE', d('2026-11-30'))).toBeNull();
  });
});

// ---- properties --------------------------------------------------------------------------------------------

const CUSTOMERS = 'ACME:\n  name: Acme Corporation\n  currency: EUR\nZEN:\n  name: Zen Ltd\n  currency: EUR\n';
const START = d('2026-01-01');

interface GenDoc { kind: 'invoice' | 'debit-note' | 'payment' | 'credit-note' | 'write-off' | 'refund'; day: number; cents: number; zen: boolean }

/** A valid random ledger: documents of two customers, and applications that never over-apply. */
function ledgerOf(docs: readonly GenDoc[], applyShare: readonly number[]): Ledger {
  const rows: Record<JournalName, string[]> = {} as Record<JournalName, string[]>;
  const add = (j: JournalName, r: string): void => void (rows[j] ??= []).push(r);
  const placed = docs.map((g, i) => {
    const id = `D${i}`;
    const date = addDays(START, g.day);
    const customer = g.zen ? 'ZEN' : 'ACME';
    const amt = formatMinor(g.cents, 'EUR');
    switch (g.kind) {
      case 'invoice': case 'debit-note': add('invoices.csv', `${id},${g.kind},${date},${addDays(date, 30)},${customer},EUR,${amt},net30,,`); break;
      case 'payment': add('payments.csv', `${id},${date},${customer},EUR,${amt},,,,`); break;
      case 'credit-note': case 'write-off': add('credits.csv', `${id},${g.kind},${date},${customer},EUR,${amt},,`); break;
      case 'refund': add('refunds.csv', `${id},${date},${customer},EUR,${amt},,,`); break;
    }
    const debit = g.kind === 'invoice' || g.kind === 'debit-note' || g.kind === 'refund';
    return { id, date, customer, left: g.cents, debit, day: g.day };
  });
  let k = 0;
  for (const c of placed.filter((p) => !p.debit)) {
    for (const t of placed.filter((p) => p.debit && p.customer === c.customer)) {
      const share = applyShare[k++ % Math.max(1, applyShare.length)] ?? 0;
      const amount = Math.min(c.left, t.left, Math.floor((t.left * share) / 100));
      if (amount <= 0) continue;
      c.left -= amount;
      t.left -= amount;
      add('applications.csv', `${addDays(START, Math.max(c.day, t.day) + (k % 5))},${c.id},${t.id},${formatMinor(amount, 'EUR')}`);
    }
  }
  const issues: LedgerIssue[] = [];
  const config = decodeConfig(readYaml('ledger.yaml', BASE_CONFIG).input, issues);
  const customers = decodeCustomers(readYaml('customers.yaml', CUSTOMERS).input, config.currency, issues);
  const journals = new Map<JournalName, RawJournal>();
  for (const [name, list] of Object.entries(rows) as [JournalName, string[]][]) {
    const csv = readCsv(name, `${JOURNALS[name].join(',')}\n${list.join('\n')}\n`);
    journals.set(name, { file: name, header: csv.header, rows: csv.rows, issues: csv.issues });
  }
  const built = buildLedger({ config, customers, journals });
  expect([...issues, ...built.issues]).toEqual([]);
  return built.ledger;
}

const genDoc = fc.record({
  kind: fc.constantFrom('invoice', 'debit-note', 'payment', 'credit-note', 'write-off', 'refund'),
  day: fc.integer({ min: 0, max: 200 }),
  cents: fc.integer({ min: 1, max: 5_000_000 }),
  zen: fc.boolean(),
}) as fc.Arbitrary<GenDoc>;

const genCase = fc.record({
  docs: fc.array(genDoc, { maxLength: 30 }),
  shares: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 10 }),
  a: fc.integer({ min: 0, max: 220 }),
  b: fc.integer({ min: 0, max: 220 }),
  c: fc.integer({ min: 0, max: 220 }),
});

describe('statement invariants', () => {
  it('opening + Σ movements = closing, row by row, and the closing balance is the aging balance at --to', () => {
    fc.assert(fc.property(genCase, ({ docs, shares, a, b }) => {
      const ledger = ledgerOf(docs, shares);
      const from = addDays(START, Math.min(a, b));
      const to = addDays(START, Math.max(a, b));
      const s = statementOf(ledger, { customer: 'ACME', from, to });
      let running = s.opening as number;
      for (const e of s.entries) {
        expect(e.date >= from && e.date <= to).toBe(true);
        if (e.type === 'document') running += e.debit - e.credit;
        expect(e.balance).toBe(running);
      }
      expect(s.opening + s.debits - s.credits).toBe(s.closing);
      expect(running).toBe(s.closing);
      const aged = ageOpenItems(ledger, { asOf: to, basis: 'due', buckets: [30, 60, 90], customer: 'ACME', detail: false });
      expect(s.closing).toBe(aged.customers[0]?.balance ?? 0);
      expect(s.aging.balance).toBe(s.closing);
      expect(s.aging.amounts.reduce((x, y) => x + y, 0)).toBe(s.aging.open);
    }), { numRuns: 200 });
  });

  it('one period closes where the next one opens, and every document of the customer is on exactly one statement', () => {
    fc.assert(fc.property(genCase, ({ docs, shares, a, b, c }) => {
      const ledger = ledgerOf(docs, shares);
      const [x, y, z] = [a, b, c].sort((p, q) => p - q) as [number, number, number];
      const first = statementOf(ledger, { customer: 'ACME', from: addDays(START, x), to: addDays(START, y) });
      const second = statementOf(ledger, { customer: 'ACME', from: addDays(START, y + 1), to: addDays(START, z + 1) });
      expect(second.opening).toBe(first.closing);
      const whole = statementOf(ledger, { customer: 'ACME', from: addDays(START, x), to: addDays(START, z + 1) });
      expect(whole.closing).toBe(second.closing);
      const ids = (s: typeof first): string[] => s.entries.flatMap((e) => (e.type === 'document' ? [e.doc.id] : []));
      expect([...ids(first), ...ids(second)].sort()).toEqual(ids(whole).sort());
      expect(ids(whole).every((id) => ledger.byId.get(id)!.customer === 'ACME')).toBe(true);
    }), { numRuns: 200 });
  });
});
