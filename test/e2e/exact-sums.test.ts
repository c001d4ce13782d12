// Sums past 2^53 minor units: a ledger whose amounts of one currency add up past Number.MAX_SAFE_INTEGER
// is refused at the row that crosses it (exit 3; check exits 1), never reported with a cent lost; one just
// under it is reported exactly; computed totals (interest) past it are refused; oversized amounts are named.
import { describe, expect, it } from 'vitest';
import { BASE_CONFIG, BASE_CUSTOMERS, runCli, snapshotDir, tempLedger } from '../helpers/cli.js';

const MAX = '99999999999.99';

function ledgerOf(invoices: number, config = BASE_CONFIG): string {
  const rows = Array.from({ length: invoices }, (_, i) => `INV-${i + 1},invoice,2026-01-01,2026-01-31,ACME,EUR,${MAX},net30,,`);
  return tempLedger({
    'ledger.yaml': config,
    'customers.yaml': BASE_CUSTOMERS,
    'invoices.csv': `id,kind,date,due,customer,currency,amount,terms,reference,memo\n${rows.join('\n')}\n`,
  });
}

const MESSAGE = 'invoices.csv:902: the EUR amounts of this ledger add up past 90,071,992,547,409.91 with INV-901';

describe('901 invoices of 99,999,999,999.99 EUR (exact total 90,099,999,999,990.99)', () => {
  const dir = ledgerOf(901);
  const reports = [
    ['aging'], ['aging', '--detail', '--format', 'json'], ['customer', 'show', 'ACME'], ['customer', 'list'],
    ['statement', 'ACME'], ['kpi'], ['dunning', '--dry-run'], ['behavior'], ['invoice', 'list'],
    ['export', '--format', 'json'], ['reconcile', '--gl', '0.00'],
  ];
  for (const args of reports) {
    it(`arledger ${args.join(' ')} refuses the ledger (exit 3) instead of printing a rounded figure`, () => {
      const r = runCli([...args, '-L', dir]);
      expect(r.code).toBe(3);
      expect(r.stdout).not.toMatch(/90099999999991|90099999999990/);
      expect(r.stderr).toContain(MESSAGE);
    });
  }

  it('check reports the row where the running total crosses the bound (exit 1)', () => {
    const r = runCli(['check', '-L', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${MESSAGE} (invoices, debit notes and refunds together, 89,999,999,999,991.00 before it)`);
  });

  it('writing commands refuse too, and write nothing', () => {
    const before = snapshotDir(dir);
    const r = runCli(['apply', '--customer', 'ACME', '--amount', '1.00', '-L', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(MESSAGE);
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('an invoice that would carry the total past the bound is refused before it is written', () => {
    const under = ledgerOf(900);
    const before = snapshotDir(under);
    const r = runCli(['invoice', 'add', '--customer', 'ACME', '--amount', MAX, '--date', '2026-11-30', '-L', under]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('invoices.csv:902: the EUR amounts of this ledger add up past 90,071,992,547,409.91');
    expect(snapshotDir(under)).toEqual(before);
  });
});

describe('900 invoices of 99,999,999,999.99 EUR: just under the bound, every figure exact', () => {
  const dir = ledgerOf(900);

  it('aging, customer show and statement print 89999999999991.00 to the cent', () => {
    const aging = runCli(['aging', '--format', 'json', '-L', dir]);
    expect(aging.code, aging.stderr).toBe(0);
    expect(JSON.parse(aging.stdout).totals[0].balance).toBe('89999999999991.00');
    const show = runCli(['customer', 'show', 'ACME', '-L', dir]);
    expect(show.stdout).toContain('balance:       89999999999991.00 EUR');
    const st = runCli(['statement', 'ACME', '-L', dir]);
    expect(st.code, st.stderr).toBe(0);
    expect(st.stdout).toContain('89,999,999,999,991.00');
  });

  it('dunning interest that would carry a letter past the bound is refused (exit 3), not rounded', () => {
    const withInterest = ledgerOf(900, `${BASE_CONFIG}dunning:\n  levels:\n    - { level: 1, after_days: 7, template: reminder, interest: "8" }\n`);
    const r = runCli(['dunning', '--dry-run', '-L', withInterest]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/a computed EUR total .* is past 90,071,992,547,409\.91/);
    expect(r.stderr).not.toMatch(/internal error|at .*\.js/);
  });
});

describe('amounts too large on their own', () => {
  it('an option amount says what the largest one is (exit 2)', () => {
    const dir = ledgerOf(1);
    const r = runCli(['apply', '--customer', 'ACME', '--amount', '99999999999999999999.99', '-L', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('arledger: --amount "99999999999999999999.99" is too large: one amount is at most 100,000,000,000.00 EUR — write a plain decimal such as 1500.00\n');
  });

  it('a journal amount is named with its place (exit 3)', () => {
    const dir = tempLedger({
      'ledger.yaml': BASE_CONFIG, 'customers.yaml': BASE_CUSTOMERS,
      'invoices.csv': 'id,kind,date,due,customer,currency,amount,terms,reference,memo\nINV-1,invoice,2026-01-01,2026-01-31,ACME,EUR,99999999999999999999.99,net30,,\n',
    });
    const r = runCli(['aging', '-L', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('invoices.csv:2: amount "99999999999999999999.99" is too large: one amount is at most 100,000,000,000.00 EUR');
  });

  it('an invoice line whose quantity × unit_price leaves the exact range is an issue, not a crash', () => {
    const dir = tempLedger({
      'ledger.yaml': BASE_CONFIG, 'customers.yaml': BASE_CUSTOMERS,
      'invoices.csv': 'id,kind,date,due,customer,currency,amount,terms,reference,memo\nINV-1,invoice,2026-01-01,2026-01-31,ACME,EUR,100.00,net30,,\n',
      'invoice-lines.csv': 'invoice,line,description,quantity,unit_price,tax_rate,net,tax\nINV-1,1,x,999999999999999999,999999999999.99,0,100.00,0.00\n',
    });
    const r = runCli(['check', '-L', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('invoice-lines.csv:2: quantity × unit_price is past 90,071,992,547,409.91 EUR');
  });
});
