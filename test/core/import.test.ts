// Planning an import: foreign dates and numbers, numbering around given ids, applications up to the open amount.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LedgerIssue } from '../../src/core/issues.js';
import { type Ledger } from '../../src/core/ledger.js';
import { formatMinor } from '../../src/core/money.js';
import { dateParser, foreignAmount, planImport, type ImportFormat } from '../../src/core/ops/import.js';
import { inputFrom, issuesAfterRows, ledgerFrom, type Journals } from '../helpers/ledger.js';

const CUSTOMERS = `ACME:
  name: Acme Corporation
  currency: EUR
  terms: net14
YEN:
  name: Yen KK
  currency: JPY
`;

const ledgerOf = (journals: Journals): Ledger => ledgerFrom(journals, CUSTOMERS);

const ISO: ImportFormat = { file: 'in.csv', decimal: '.', thousands: '', dateFormat: 'YYYY-MM-DD', currency: null };
const rec = (line: number, fields: Record<string, string>): { line: number; fields: Record<string, string> } => ({ line, fields });

describe('dateParser', () => {
  it('reads the tokens of a format, with or without zero padding', () => {
    const us = dateParser('M/D/YYYY')!;
    expect(us('1/2/2013')).toBe('2013-01-02');
    expect(us('12/31/2013')).toBe('2013-12-31');
    expect(us('2/30/2013')).toBe(null);
    expect(us('2013-01-02')).toBe(null);
    expect(dateParser('DD.MM.YYYY')!('03.01.2012')).toBe('2012-01-03');
    expect(dateParser('DD.MM.YYYY')!('3.1.2012')).toBe(null);
    expect(dateParser('YYYYMMDD')!('20260229')).toBe(null);
    expect(dateParser('YYYYMMDD')!('20240229')).toBe('2024-02-29');
    expect(dateParser('DD/MM/YY')!('31/12/26')).toBe('2026-12-31');
  });

  it('refuses a format without a year, month and day', () => {
    expect(dateParser('MM/YYYY')).toBe(null);
    expect(dateParser('hh:mm')).toBe(null);
  });

  it('reads back every calendar date it is given in any supported layout', () => {
    fc.assert(fc.property(fc.date({ min: new Date('1990-01-01'), max: new Date('2090-12-31'), noInvalidDate: true }), (dt) => {
      const y = dt.getUTCFullYear();
      const m = dt.getUTCMonth() + 1;
      const d = dt.getUTCDate();
      const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      expect(dateParser('M/D/YYYY')!(`${m}/${d}/${y}`)).toBe(iso);
      expect(dateParser('DD.MM.YYYY')!(`${String(d).padStart(2, '0')}.${String(m).padStart(2, '0')}.${y}`)).toBe(iso);
    }));
  });
});

describe('foreignAmount', () => {
  const de: ImportFormat = { ...ISO, decimal: ',', thousands: '.' };
  it('reads decimal commas and thousands groups, and pads short decimals', () => {
    expect(foreignAmount('1.250,5', de, 'EUR')).toEqual({ ok: true, minor: 125050 });
    expect(foreignAmount('94', ISO, 'USD')).toEqual({ ok: true, minor: 9400 });
    expect(foreignAmount('55.9', ISO, 'USD')).toEqual({ ok: true, minor: 5590 });
    expect(foreignAmount(' 12000 ', ISO, 'JPY')).toEqual({ ok: true, minor: 12000 });
  });

  it('refuses what it would otherwise misread', () => {
    expect(foreignAmount('10.00', de, 'EUR').ok).toBe(false); // not 1000
    expect(foreignAmount('1.25,00', de, 'EUR').ok).toBe(false);
    expect(foreignAmount('1,2,3', de, 'EUR').ok).toBe(false);
    expect(foreignAmount('1.5', ISO, 'JPY').ok).toBe(false);
    expect(foreignAmount('-5.00', ISO, 'EUR').ok).toBe(false);
    expect(foreignAmount('0.00', ISO, 'EUR')).toEqual({ ok: false, problem: 'is zero' });
    expect(foreignAmount('', ISO, 'EUR').ok).toBe(false);
  });

  it('reads back any amount written with decimal comma and thousands groups', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 99_999_999_999 }), (minor) => {
      const [whole, frac] = formatMinor(minor, 'EUR').split('.');
      const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
      expect(foreignAmount(`${grouped},${frac}`, de, 'EUR')).toEqual({ ok: true, minor });
    }));
  });
});

describe('planImport', () => {
  it('imports invoices with due from the customer\'s terms and numbers rows without an id around given ids', () => {
    const ledger = ledgerOf({ 'invoices.csv': 'INV-2026-00007,invoice,2026-01-05,2026-01-19,ACME,EUR,1.00,net14,,\n' });
    const plan = planImport(ledger, 'invoices', ISO, [
      rec(2, { date: '2026-03-01', customer: 'ACME', amount: '10' }),
      rec(3, { id: 'INV-2026-00008', date: '2026-03-02', customer: 'ACME', amount: '20' }),
      rec(4, { date: '2026-03-03', customer: 'ACME', amount: '30', due: '2026-04-30', kind: 'debit-note' }),
      rec(5, { date: '2026-03-04', customer: 'ACME', amount: '40' }),
    ]);
    expect(plan.issues).toEqual([]);
    expect(plan.rows.map((r) => r.fields.slice(0, 7).join(','))).toEqual([
      'INV-2026-00009,invoice,2026-03-01,2026-03-15,ACME,EUR,10.00',
      'INV-2026-00008,invoice,2026-03-02,2026-03-16,ACME,EUR,20.00',
      'DN-2026-0001,debit-note,2026-03-03,2026-04-30,ACME,EUR,30.00',
      'INV-2026-00010,invoice,2026-03-04,2026-03-18,ACME,EUR,40.00',
    ]);
    expect(plan.origins).toEqual([2, 3, 4, 5]);
  });

  it('applies payments to the invoices they name, up to what is open, across rows of one import', () => {
    const ledger = ledgerOf({
      'invoices.csv': 'I1,invoice,2026-01-05,2026-01-19,ACME,EUR,100.00,net14,,\nY1,invoice,2026-01-05,2026-02-04,YEN,JPY,5000,net30,,\n',
      'payments.csv': 'P0,2026-01-06,ACME,EUR,30.00,,,,\n',
      'applications.csv': '2026-01-06,P0,I1,30.00\n',
    });
    const plan = planImport(ledger, 'payments', ISO, [
      rec(2, { date: '2026-01-10', amount: '50', invoice: 'I1' }),
      rec(3, { date: '2026-01-11', amount: '50', invoice: 'I1', customer: 'ACME' }),
      rec(4, { date: '2026-01-12', amount: '6000', invoice: 'Y1' }),
      rec(5, { date: '2026-01-13', amount: '5', customer: 'ACME' }),
    ]);
    expect(plan.issues).toEqual([]);
    // Rows without an id carry the fingerprint that recognises them on a later import; see the idempotence tests.
    expect(plan.rows.map((r) => `${r.journal} ${r.fields.join(',').replace(/import:[0-9a-f]{14}$/, '')}`)).toEqual([
      'payments.csv PAY-000001,2026-01-10,ACME,EUR,50.00,,,,',
      'applications.csv 2026-01-10,PAY-000001,I1,50.00',
      'payments.csv PAY-000002,2026-01-11,ACME,EUR,50.00,,,,',
      'applications.csv 2026-01-11,PAY-000002,I1,20.00',
      'payments.csv PAY-000003,2026-01-12,YEN,JPY,6000,,,,',
      'applications.csv 2026-01-12,PAY-000003,Y1,5000',
      'payments.csv PAY-000004,2026-01-13,ACME,EUR,5.00,,,,',
    ]);
    expect([plan.documents, plan.applications, [...plan.unapplied]]).toEqual([4, 3, [['EUR', 3500], ['JPY', 1000]]]);
  });

  it('reports every problem at its input line and plans no rows', () => {
    const ledger = ledgerOf({ 'invoices.csv': 'I1,invoice,2026-01-05,2026-01-19,ACME,EUR,100.00,net14,,\n' });
    const plan = planImport(ledger, 'payments', ISO, [
      rec(2, { date: '2026-01-04', amount: '5', invoice: 'I1' }),
      rec(3, { date: '2026-01-10', amount: '5', invoice: 'I1', customer: 'YEN' }),
      rec(4, { date: '2026-01-10', amount: '5', customer: 'ACME', currency: 'USD' }),
      rec(5, { date: '2026-01-10', amount: '5' }),
      rec(6, { date: '2026-01-10', amount: '5', customer: 'ACME' }),
    ]);
    expect(plan.rows).toEqual([]);
    expect(plan.issues.map((i) => `${i.file}:${i.line}: ${i.message}`)).toEqual([
      'in.csv:2: payment dated 2026-01-04 is before invoice I1\'s date 2026-01-05',
      'in.csv:3: invoice I1 belongs to ACME, not YEN',
      'in.csv:4: currency USD is not ACME\'s currency EUR',
      'in.csv:5: customer is empty',
    ]);
  });
});

describe('planImport is idempotent', () => {
  const withRows = (journals: Journals, rows: readonly { journal: string; fields: readonly string[] }[]): Journals => {
    const more: Journals = { ...journals };
    for (const r of rows) more[r.journal as keyof Journals] = `${more[r.journal as keyof Journals] ?? ''}${r.fields.join(',')}\n`;
    return more;
  };

  it('skips rows with an id already in the ledger, and refuses one whose content differs, naming both places', () => {
    const records = [rec(2, { id: 'A-1', date: '2026-01-05', customer: 'ACME', amount: '10' }), rec(3, { id: 'A-2', date: '2026-01-06', customer: 'ACME', amount: '20' })];
    const first = planImport(ledgerOf({}), 'invoices', ISO, records);
    const ledger = ledgerOf(withRows({}, first.rows));
    const again = planImport(ledger, 'invoices', ISO, [...records, rec(4, { id: 'A-3', date: '2026-01-07', customer: 'ACME', amount: '30' })]);
    expect([again.rows.map((r) => r.fields[0]), again.skipped, again.issues]).toEqual([['A-3'], 2, []]);
    const clash = planImport(ledger, 'invoices', ISO, [rec(7, { id: 'A-1', date: '2026-01-05', customer: 'ACME', amount: '11' })]);
    expect(clash.issues.map((i) => `${i.file}:${i.line}: ${i.message}`)).toEqual(['in.csv:7: id "A-1" is already in the ledger at invoices.csv:2 with other content: amount "10.00" there, "11.00" here']);
  });

  it('a row without an id is recognised by what the file says, even when the customer\'s terms changed since', () => {
    const records = [rec(2, { date: '2026-01-05', customer: 'ACME', amount: '10', memo: 'first' })];
    const first = planImport(ledgerOf({}), 'invoices', ISO, records);
    expect(first.rows[0]!.fields.join(',')).toMatch(/^INV-2026-00001,invoice,2026-01-05,2026-01-19,ACME,EUR,10.00,net14,,first import:[0-9a-f]{14}$/);
    const later = ledgerFrom(withRows({}, first.rows), CUSTOMERS.replace('terms: net14', 'terms: net30'));
    expect([planImport(later, 'invoices', ISO, records).rows, planImport(later, 'invoices', ISO, records).skipped]).toEqual([[], 1]);
  });

  it('a row already imported is skipped even when the period is closed since', () => {
    const records = [rec(2, { date: '2026-01-05', customer: 'ACME', amount: '10' })];
    const first = planImport(ledgerOf({}), 'payments', ISO, records);
    const closed = ledgerFrom(withRows({}, first.rows), CUSTOMERS, 'version: 1\ncompany: { name: T }\ncurrency: EUR\nlock_date: 2026-01-31\n');
    expect([planImport(closed, 'payments', ISO, records).skipped, planImport(closed, 'payments', ISO, records).issues]).toEqual([1, []]);
  });

  it('property: importing any payments file twice writes nothing the second time, and identical rows are each kept', () => {
    const row = fc.record({
      date: fc.constantFrom('2026-01-05', '2026-01-06'),
      customer: fc.constant('ACME'),
      amount: fc.constantFrom('1', '2.50'),
      memo: fc.constantFrom('', 'cash', 'x y'),
    });
    fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 12 }), (fields) => {
      const records = fields.map((f, i) => rec(i + 2, f));
      const first = planImport(ledgerOf({}), 'payments', ISO, records);
      if (first.issues.length > 0 || first.rows.length !== records.length) return false;
      const again = planImport(ledgerOf(withRows({}, first.rows)), 'payments', ISO, records);
      return again.rows.length === 0 && again.skipped === records.length && again.issues.length === 0;
    }), { numRuns: 100 });
  });
});
