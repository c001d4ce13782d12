// The rules of SPEC §1.2 that buildLedger enforces, one by one on raw journals.
import { describe, expect, it } from 'vitest';
import type { JournalName, RawJournal } from '../../src/core/journals.js';
import { buildLedger } from '../../src/core/ledger.js';
import { formatIssue } from '../../src/core/issues.js';
import { rawJournal, testConfig, testCustomers } from './builders.js';

type Rows = Partial<Record<JournalName, string[][]>>;

const INVOICES: string[][] = [
  ['INV-1', 'invoice', '2026-09-01', '2026-10-01', 'ACME', 'EUR', '100.00', 'net30', '', ''],
  ['INV-2', 'invoice', '2026-09-05', '2026-10-05', 'GLOBEX', 'EUR', '50.00', 'net30', '', ''],
];
const PAYMENTS: string[][] = [
  ['PAY-1', '2026-09-10', 'ACME', 'EUR', '80.00', 'transfer', '', '', ''],
  ['PAY-2', '2026-09-10', 'GLOBEX', 'EUR', '50.00', 'transfer', '', '', ''],
];

function problems(rows: Rows): string[] {
  const journals = new Map<JournalName, RawJournal>();
  const all: Rows = { 'invoices.csv': INVOICES, 'payments.csv': PAYMENTS, ...rows };
  for (const [name, list] of Object.entries(all)) journals.set(name as JournalName, rawJournal(name as JournalName, list!));
  return buildLedger({ config: testConfig(), customers: testCustomers(), journals }).issues.map(formatIssue);
}

describe('buildLedger', () => {
  it('accepts a valid ledger', () => {
    expect(problems({ 'applications.csv': [['2026-09-10', 'PAY-1', 'INV-1', '80.00']] })).toEqual([]);
  });

  it('finds over-application of a debit by applications from two credits, at the row that crosses', () => {
    const out = problems({
      'payments.csv': [...PAYMENTS, ['PAY-3', '2026-09-11', 'ACME', 'EUR', '30.00', 'transfer', '', '', '']],
      'applications.csv': [['2026-09-12', 'PAY-3', 'INV-1', '30.00'], ['2026-09-10', 'PAY-1', 'INV-1', '80.00']],
    });
    // In date order PAY-1's 80 comes first, so PAY-3's row (line 2, dated later) is the one that goes over.
    expect(out).toEqual(['applications.csv:2: applications of INV-1 exceed its amount 100.00: 110.00 applied by 2026-09-12 — at most 20.00 was left to apply']);
  });

  it('refuses an application linking two debits, or in the wrong direction', () => {
    expect(problems({ 'applications.csv': [['2026-09-10', 'INV-1', 'PAY-1', '1.00']] })).toEqual([
      'applications.csv:2: credit "INV-1" is an invoice, not a credit document — the credit column names a payment, credit note or write-off',
      'applications.csv:2: debit "PAY-1" is a payment, not a debit document — the debit column names an invoice, debit note or refund',
    ]);
  });

  it('checks the amount of an application in the currency of its documents', () => {
    expect(problems({ 'applications.csv': [['2026-09-10', 'PAY-1', 'INV-1', '1.005']] })).toEqual([
      'applications.csv:2: amount "1.005" has 3 decimals, but EUR has 2 — write a plain decimal such as 1500.00',
    ]);
  });

  it('does not report a reference to a row that is itself broken a second time', () => {
    const bad = [INVOICES[0]!, ['INV-2', 'invoice', '2026-09-05', '2026-10-05', 'GLOBEX', 'EUR', '50,00', 'net30', '', '']];
    expect(problems({
      'invoices.csv': bad,
      'applications.csv': [['2026-09-10', 'PAY-2', 'INV-2', '50.00']],
      'disputes.csv': [['2026-09-20', 'INV-2', 'open', '']],
      'credits.csv': [['CN-1', 'credit-note', '2026-09-20', 'GLOBEX', 'EUR', '1.00', 'INV-2', '']],
    })).toEqual(['invoices.csv:3: amount "50,00" uses a comma as the decimal point — write a plain decimal such as 1500.00']);
    // ...but a reference to an id that is nowhere still is.
    expect(problems({ 'disputes.csv': [['2026-09-20', 'INV-7', 'open', '']] })).toEqual([
      'disputes.csv:2: invoice "INV-7" does not exist — name an invoice or debit note of the ledger',
    ]);
  });

  it('reports a duplicate id even when its first copy has a problem of its own', () => {
    const out = problems({ 'invoices.csv': [...INVOICES, ['INV-3', 'invoice', '2026-09-01', '2026-10-01', 'NOBODY', 'EUR', '1.00', '', '', '']],
      'refunds.csv': [['INV-3', '2026-09-02', 'ACME', 'EUR', '1.00', 'transfer', '', '']] });
    expect(out).toEqual([
      'invoices.csv:4: customer "NOBODY" does not exist — add it with `arledger customer add` or correct the id',
      'refunds.csv:2: duplicate id "INV-3", also at invoices.csv:4 — document ids are unique across all journals; a union merge may have added the row twice',
    ]);
  });

  it('reports rows a union merge left twice in disputes and dunning, and a repeated invoice line', () => {
    const out = problems({
      'disputes.csv': [['2026-09-20', 'INV-1', 'open', 'x'], ['2026-09-20', 'INV-1', 'open', 'x']],
      'dunning.csv': [['2026-10-20', 'ACME', '1', 'INV-1', '100.00', '', '', 'L1'], ['2026-10-20', 'ACME', '1', 'INV-1', '100.00', '', '', 'L1']],
      'invoice-lines.csv': [['INV-1', '1', 'Work', '1', '100.00', '', '100.00', '0.00'], ['INV-1', '1', 'Work', '1', '100.00', '', '100.00', '0.00']],
    });
    expect(out).toEqual([
      'disputes.csv:3: duplicate row, same as line 2: INV-1 is already disputed by it — a union merge of two branches that both added it kept both copies; redo the merge so that it keeps one (posted rows are never edited after the merge)',
      'dunning.csv:3: duplicate row, same as line 2 — a union merge of two branches that both added it kept both copies; redo the merge so that it keeps one (posted rows are never edited after the merge)',
      'invoice-lines.csv:3: line 1 of INV-1 is already at line 2 — each invoice line number appears once; a union merge may have kept both copies',
    ]);
  });

  it('accepts real repeats: a second identical application, a dispute reopened with its reason on the day it was resolved', () => {
    expect(problems({
      'applications.csv': [['2026-09-10', 'PAY-1', 'INV-1', '40.00'], ['2026-09-10', 'PAY-1', 'INV-1', '40.00']],
      'disputes.csv': [['2026-09-20', 'INV-1', 'open', 'x'], ['2026-09-20', 'INV-1', 'resolved', ''], ['2026-09-20', 'INV-1', 'open', 'x']],
    })).toEqual([]);
  });

  it('still counts identical applications: two of 50.00 from an 80.00 payment over-apply it', () => {
    expect(problems({ 'applications.csv': [['2026-09-10', 'PAY-1', 'INV-1', '50.00'], ['2026-09-10', 'PAY-1', 'INV-1', '50.00']] }))
      .toEqual(['applications.csv:3: applications of PAY-1 exceed its amount 80.00: 100.00 applied by 2026-09-10 — at most 30.00 was left to apply']);
  });

  it('calls an identical application a merge duplicate when the document it moves is doubled too', () => {
    expect(problems({
      'payments.csv': [...PAYMENTS, ['PAY-1', '2026-09-10', 'ACME', 'EUR', '80.00', 'transfer', '', '', '']],
      'applications.csv': [['2026-09-10', 'PAY-1', 'INV-1', '40.00'], ['2026-09-10', 'PAY-1', 'INV-1', '40.00']],
    })).toEqual([
      'payments.csv:4: duplicate id "PAY-1", also at payments.csv:2 — document ids are unique across all journals; a union merge may have added the row twice',
      'applications.csv:3: duplicate row, same as line 2, left with the second PAY-1 (payments.csv:4) — a union merge of two branches that both added it kept both copies; redo the merge so that it keeps one (posted rows are never edited after the merge)',
    ]);
  });

  it('reports a second rate for one currency and day', () => {
    expect(problems({ 'rates.csv': [['2026-09-01', 'USD', '0.92'], ['2026-09-01', 'JPY', '0.0061'], ['2026-09-01', 'USD', '0.92']] })).toEqual([
      'rates.csv:4: a USD rate for 2026-09-01 is already at line 2 — keep one rate per currency and date',
    ]);
  });

  it('checks invoice lines: net, tax half-up, and the invoice amount', () => {
    const lines = (tax: string, amount = '100.00') => problems({
      'invoices.csv': [['INV-1', 'invoice', '2026-09-01', '2026-10-01', 'ACME', 'EUR', amount, 'net30', '', ''], INVOICES[1]!],
      'invoice-lines.csv': [['INV-1', '1', 'Work', '3', '27.55', '20.5', '82.65', tax]],
    });
    // 82.65 × 20.5 % = 16.94325 → 16.94
    expect(lines('16.94', '99.59')).toEqual([]);
    expect(lines('16.95', '99.59')).toEqual(['invoice-lines.csv:2: tax 16.95 is not net × tax_rate = 16.94 — tax = round(net × tax_rate / 100), half-up']);
    expect(lines('16.94', '99.60')).toEqual(['invoices.csv:2: amount 99.60 of INV-1 is not the sum of its lines 99.59 (invoice-lines.csv:2) — amount = Σ(net + tax) of its lines']);
  });

  it('orders dispute events by date, the later row winning a tie', () => {
    const journals = new Map<JournalName, RawJournal>([
      ['invoices.csv', rawJournal('invoices.csv', INVOICES)],
      ['disputes.csv', rawJournal('disputes.csv', [['2026-09-20', 'INV-1', 'resolved', ''], ['2026-09-10', 'INV-1', 'open', ''], ['2026-09-20', 'INV-1', 'open', 'again']])],
    ]);
    const { ledger } = buildLedger({ config: testConfig(), customers: testCustomers(), journals });
    expect(ledger.disputes.get('INV-1')!.map((e) => `${e.date} ${e.status}`)).toEqual(['2026-09-10 open', '2026-09-20 resolved', '2026-09-20 open']);
  });
});
