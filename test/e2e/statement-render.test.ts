// `statement` and `invoice render` through the built CLI: golden documents of a small ledger at a fixed date,
// and every bad input (unknown customer or invoice, bad dates, bad format) with its message and exit code.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { width } from '../../src/core/documents/text.js';
import { BASE_CONFIG, ROOT, copyLedger, runCli, snapshotDir, tempLedger } from '../helpers/cli.js';

const GOLDEN = path.join(ROOT, 'test', 'golden', 'documents');
const LEDGER = path.join(GOLDEN, 'ledger');

/** Compares with the committed file; UPDATE_GOLDEN=1 rewrites it instead (review the diff before committing). */
function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env['UPDATE_GOLDEN'] === '1') fs.writeFileSync(file, actual);
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

function ok(args: string[]): string {
  const r = runCli([...args, '-L', LEDGER]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

describe('statement', () => {
  for (const format of ['txt', 'md', 'html'] as const) {
    it(`renders ACME's November statement as ${format}`, () => {
      golden(`statement-ACME-2026-11.${format}`, ok(['statement', 'ACME', '--to', '2026-11-30', '--format', format]));
    });
  }

  it('defaults to today (2026-11-30) and the first day of its month, as text', () => {
    expect(ok(['statement', 'ACME'])).toBe(ok(['statement', 'ACME', '--from', '2026-11-01', '--to', '2026-11-30', '--format', 'txt']));
  });

  it('renders a customer with non-ASCII data and a period with opening balance 0', () => {
    golden('statement-MUELLER-2026-11.md', ok(['statement', 'MUELLER', '--format', 'md']));
  });

  it('carries the balance over: the closing balance of one period opens the next', () => {
    const oct = ok(['statement', 'ACME', '--from', '2026-10-01', '--to', '2026-10-31']);
    const nov = ok(['statement', 'ACME', '--from', '2026-11-01', '--to', '2026-11-30']);
    expect(oct).toMatch(/Closing balance at 2026-10-31 EUR\s+1,440\.00/);
    expect(nov).toMatch(/Opening balance at 2026-10-31\s+1,440\.00/);
  });

  it('escapes HTML in the data, and prints no memo or reason', () => {
    const html = ok(['statement', 'MUELLER', '--format', 'html']);
    expect(html).toContain('Müller &amp; Söhne GmbH');
    expect(html).not.toContain('November>');
    const acme = ok(['statement', 'ACME', '--from', '2026-09-01', '--to', '2026-11-30']);
    for (const internal of ['Damaged goods', 'Fee waived', 'September consulting', 'Reminder fee']) expect(acme).not.toContain(internal);
  });

  it('keeps every line of the text statement within 80 columns', () => {
    const out = ok(['statement', 'ACME', '--from', '2026-01-01', '--to', '2026-11-30']);
    for (const line of out.split('\n')) expect(width(line)).toBeLessThanOrEqual(80);
  });

  it('never lets a date, a document number or an amount wrap in HTML', () => {
    const html = ok(['statement', 'ACME', '--from', '2026-01-01', '--to', '2026-11-30', '--format', 'html']);
    expect(html).toMatch(/th, td \{[^}]*white-space: nowrap/);
    expect(html).not.toMatch(/<td>\d{4}-<|<td>INV-\d{4}-</);
  });

  it('refuses an unknown customer with exit 3 and names it', () => {
    const r = runCli(['statement', 'NOBODY', '-L', LEDGER]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('customer "NOBODY" does not exist');
  });

  it.each([
    [['--to', '2026-02-30'], '--to "2026-02-30" is not a calendar date'],
    [['--from', '30.11.2026'], '--from "30.11.2026" is not a calendar date'],
    [['--from', '2026-12-01', '--to', '2026-11-30'], '--from 2026-12-01 is after --to 2026-11-30'],
    [['--format', 'xml'], "argument 'xml' is invalid"],
  ])('refuses %j with exit 2', (args, message) => {
    const dir = copyLedger(LEDGER);
    const before = snapshotDir(dir);
    const r = runCli(['statement', 'ACME', ...args, '-L', dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('refuses a broken ledger with exit 3 and FILE:LINE', () => {
    const dir = tempLedger({
      'ledger.yaml': BASE_CONFIG,
      'customers.yaml': 'ACME:\n  name: Acme\n  currency: EUR\n',
      'invoices.csv': 'id,kind,date,due,customer,currency,amount,terms,reference,memo\nINV-1,invoice,2026-11-01,2026-12-01,ACME,EUR,12;50,net30,,\n',
    });
    const r = runCli(['statement', 'ACME', '-L', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('invoices.csv:2: amount "12;50"');
  });
});

describe('invoice render', () => {
  for (const format of ['txt', 'md', 'html'] as const) {
    it(`renders an invoice with lines and an early-payment discount as ${format}`, () => {
      golden(`invoice-INV-2026-00003.${format}`, ok(['invoice', 'render', 'INV-2026-00003', '--as-of', '2026-11-15', '--format', format]));
    });
  }

  it('offers the discount only up to its last day, and never on a settled invoice', () => {
    expect(ok(['invoice', 'render', 'INV-2026-00003', '--as-of', '2026-11-15'])).toContain('2 % discount (7.26) if paid by 2026-11-15');
    expect(ok(['invoice', 'render', 'INV-2026-00003', '--as-of', '2026-11-16'])).not.toContain('discount');
    expect(ok(['invoice', 'render', 'INV-2026-00002', '--as-of', '2026-10-25'])).toContain('2 % discount (28.80) if paid by 2026-10-30');
    expect(ok(['statement', 'ACME', '--to', '2026-11-30'])).not.toContain('if paid by');
  });

  it('shows what is paid and still open on a partly paid invoice', () => {
    const out = ok(['invoice', 'render', 'INV-2026-00002']);
    golden('invoice-INV-2026-00002.txt', out);
    expect(out).toMatch(/Paid or credited by 2026-11-30 +-1,040\.00/);
    expect(out).toMatch(/Amount due EUR +400\.00/);
  });

  it('titles a debit note "Debit note" and prints its amount as one line, without its memo, when it has no lines', () => {
    const out = ok(['invoice', 'render', 'DN-2026-0001']);
    golden('invoice-DN-2026-0001.txt', out);
    expect(out).toMatch(/^DEBIT NOTE DN-2026-0001/);
    expect(out).toMatch(/1 {2}Debit note +1 +25\.00 +25\.00/);
    expect(out).not.toContain('Reminder fee');
  });

  it('counts only payments up to --as-of', () => {
    const out = ok(['invoice', 'render', 'INV-2026-00002', '--as-of', '2026-11-12']);
    expect(out).toMatch(/Paid or credited by 2026-11-12 +-1,000\.00/);
    expect(out).toMatch(/Amount due EUR +440\.00/);
  });

  it('escapes HTML in lines and parties', () => {
    const html = ok(['invoice', 'render', 'INV-2026-00004', '--format', 'html']);
    expect(html).toContain('Wartung &amp; Pflege');
    expect(html).toContain('Müller &amp; Söhne GmbH');
  });

  it('refuses an unknown invoice and a document that is not an invoice with exit 3', () => {
    const a = runCli(['invoice', 'render', 'INV-9999', '-L', LEDGER]);
    expect(a.code).toBe(3);
    expect(a.stderr).toContain('invoice "INV-9999" does not exist');
    const b = runCli(['invoice', 'render', 'PAY-000001', '-L', LEDGER]);
    expect(b.code).toBe(3);
    expect(b.stderr).toContain('PAY-000001 is a payment, not an invoice, debit note or credit note');
    const c = runCli(['invoice', 'render', 'WO-2026-0001', '-L', LEDGER]);
    expect(c.code).toBe(3);
    expect(c.stdout).toBe('');
    expect(c.stderr).toContain('WO-2026-0001 is a write-off');
  });

  it('refuses a bad --as-of with exit 2', () => {
    const r = runCli(['invoice', 'render', 'INV-2026-00002', '--as-of', '2026-13-01', '-L', LEDGER]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--as-of "2026-13-01" is not a calendar date');
  });
});
