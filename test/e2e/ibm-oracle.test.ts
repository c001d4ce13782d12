// The IBM Accounts Receivable sample as an oracle: import its invoices and settlements into a fresh ledger, then
// `behavior --detail` must reproduce its DaysToSettle and DaysLate for every one of the 2,466 rows, and `aging`
// its open amounts at a date.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, SHARED, tempLedger } from '../helpers/cli.js';

const SAMPLE = path.join(SHARED, 'data', 'ar', 'WA_Fn-UseC_-Accounts-Receivable.csv');

interface Row {
  readonly customer: string;
  readonly invoice: string;
  readonly invoiceDate: string;
  readonly settledDate: string;
  readonly amountCents: number;
  readonly daysToSettle: number;
  readonly daysLate: number;
}

const iso = (mdy: string): string => {
  const [m, d, y] = mdy.split('/');
  return `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
};

function sampleRows(): Row[] {
  const [header, ...lines] = fs.readFileSync(SAMPLE, 'utf8').trim().split(/\r?\n/);
  const cols = header!.split(',');
  const at = (name: string): number => cols.indexOf(name);
  return lines.map((l) => {
    const f = l.split(',');
    const [whole, frac = ''] = f[at('InvoiceAmount')]!.split('.');
    return {
      customer: f[at('customerID')]!, invoice: f[at('invoiceNumber')]!, invoiceDate: iso(f[at('InvoiceDate')]!),
      settledDate: iso(f[at('SettledDate')]!), amountCents: Number(whole) * 100 + Number(frac.padEnd(2, '0')),
      daysToSettle: Number(f[at('DaysToSettle')]), daysLate: Number(f[at('DaysLate')]),
    };
  });
}

const CONFIG = `version: 1
company: { name: IBM sample }
currency: USD
terms: net30
import:
  profiles:
    ibm-invoices:
      date_format: M/D/YYYY
      columns: { id: invoiceNumber, date: InvoiceDate, due: DueDate, customer: customerID, amount: InvoiceAmount }
    ibm-settlements:
      date_format: M/D/YYYY
      columns: { date: SettledDate, customer: customerID, amount: InvoiceAmount, invoice: invoiceNumber }
`;

describe('IBM accounts-receivable sample', () => {
  const rows = sampleRows();
  const customers = [...new Set(rows.map((r) => r.customer))].sort();
  const dir = tempLedger({
    'ledger.yaml': CONFIG,
    'customers.yaml': customers.map((c) => `${c}:\n  name: Customer ${c}\n  currency: USD\n`).join(''),
  });

  it('has the 2,466 rows and 100 customers SOURCES.md describes', () => {
    expect(rows).toHaveLength(2466);
    expect(customers).toHaveLength(100);
  });

  it('imports the invoices (ids keep their zeros) and the settlements, applied to them', () => {
    const inv = runCli(['import', 'invoices', SAMPLE, '--profile', 'ibm-invoices', '-L', dir]);
    expect(inv.stderr).toBe(`arledger: imported 2466 invoices from ${SAMPLE}\n`);
    expect(inv.code).toBe(0);
    const pay = runCli(['import', 'payments', SAMPLE, '--profile', 'ibm-settlements', '-L', dir]);
    expect(pay.stderr).toBe(`arledger: imported 2466 payments, 2466 applications from ${SAMPLE}\n`);
    expect(pay.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'invoices.csv'), 'utf8').split('\n')[1]).toBe('0000611365,invoice,2013-01-02,2013-02-01,0379-NEVHP,USD,55.94,net30,,');
  });

  it('reproduces DaysToSettle and DaysLate of every row', () => {
    const r = runCli(['behavior', '--detail', '--as-of', '2014-12-31', '--format', 'json', '-L', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { customers: { customer: string; settled: number; items: { id: string; settled: string; days_to_settle: number; days_late: number }[] }[] };
    const got = new Map(json.customers.flatMap((c) => c.items.map((i) => [i.id, { customer: c.customer, ...i }])));
    expect(got.size).toBe(2466);
    const wrong = rows.filter((row) => {
      const g = got.get(row.invoice);
      return !g || g.customer !== row.customer || g.settled !== row.settledDate || g.days_to_settle !== row.daysToSettle || g.days_late !== row.daysLate;
    });
    expect(wrong.map((w) => w.invoice)).toEqual([]);
    // Per customer, the averages are the exact means of the sample's columns, rounded half-up.
    const c0 = json.customers.find((c) => c.customer === '0379-NEVHP')!;
    expect(c0).toMatchObject({ settled: 27, avg_days_to_settle: '17.4', avg_days_late: '0.6', late_share: '0.04' });
  });

  it('ages to the sample\'s open amounts: invoiced on or before D and settled after it', () => {
    const asOf = '2013-06-30';
    const r = runCli(['aging', '--as-of', asOf, '--format', 'json', '-L', dir]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { totals: { currency: string; open: string }[] };
    const cents = rows.filter((row) => row.invoiceDate <= asOf && row.settledDate > asOf).reduce((s, row) => s + row.amountCents, 0);
    expect(json.totals).toHaveLength(1);
    expect(json.totals[0]!.open).toBe(`${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`);
  });
});
