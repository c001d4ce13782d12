// `arledger aging` through the built CLI: goldens on a hand-checked ledger, the exit codes of --fail-over and of
// bad options, and the totals on a real public AR data set recomputed independently from its CSV.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, SHARED, snapshotDir, tempLedger } from '../helpers/cli.js';

const BASIC = path.join(ROOT, 'fixtures', 'aging', 'basic');
const GOLDEN = path.join(ROOT, 'test', 'golden', 'aging');

function expectGolden(file: string, actual: string): void {
  if (process.env['UPDATE_GOLDEN'] === '1') fs.writeFileSync(file, actual);
  expect(fs.existsSync(file), `golden ${file} is missing; run with UPDATE_GOLDEN=1 once and review it`).toBe(true);
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

const aging = (...args: string[]) => runCli(['aging', '-L', BASIC, '--as-of', '2026-11-30', ...args]);

describe('aging on fixtures/aging/basic (as of 2026-11-30)', () => {
  it('matches the numbers worked out by hand', () => {
    const r = aging('--format', 'json', '--detail');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.buckets).toEqual(['current', '1-30', '31-60', '61-90', '91+']);
    // PAIDUP is settled, so it is left out; ZEN has only an unapplied payment, so it stays.
    expect(j.customers.map((c: { customer: string }) => c.customer)).toEqual(['ACME', 'GLOBEX', 'NIPPON', 'ZEN']);
    const [acme, globex, nippon, zen] = j.customers;
    // INV-A2 400 − 150 paid = 250 at 30 days and the refund RF-A1, due on its own date, 2 days: both in 1-30.
    expect(acme).toMatchObject({
      buckets: { current: '100.00', '1-30': '260.00', '31-60': '25.00', '61-90': '0.00', '91+': '300.00' },
      open: '685.00', unapplied: '70.00', balance: '615.00',
    });
    expect(acme.items.map((i: { id: string }) => i.id)).toEqual(['INV-A3', 'DN-A1', 'INV-A2', 'RF-A1', 'INV-A1']);
    expect(acme.items[0]).toEqual({ id: 'INV-A3', kind: 'invoice', date: '2026-08-01', due: '2026-08-31', days_overdue: 91, bucket: '91+', amount: '300.00', open: '300.00', disputed: true });
    // Bucket edges: 60 days is 31-60, 90 days is 61-90; the payment of 2026-12-01 is after D and does not count.
    expect(globex).toMatchObject({ buckets: { '31-60': '180.00', '61-90': '50.00', '91+': '1000.00' }, open: '1230.00', balance: '1230.00' });
    expect(globex.items.find((i: { id: string }) => i.id === 'INV-G1').disputed).toBe(false); // resolved 2026-11-01
    // Due today is current; the invoice of 2026-12-05 is after D.
    expect(nippon).toMatchObject({ currency: 'JPY', buckets: { current: '120000' }, open: '120000', balance: '120000' });
    expect(nippon.items).toHaveLength(1);
    expect(zen).toMatchObject({ currency: 'USD', open: '0.00', unapplied: '35.00', balance: '-35.00', items: [] });
    expect(j.totals).toEqual([
      { currency: 'EUR', buckets: { current: '100.00', '1-30': '260.00', '31-60': '205.00', '61-90': '50.00', '91+': '1300.00' }, open: '1915.00', unapplied: '70.00', balance: '1845.00' },
      { currency: 'JPY', buckets: { current: '120000', '1-30': '0', '31-60': '0', '61-90': '0', '91+': '0' }, open: '120000', unapplied: '0', balance: '120000' },
      { currency: 'USD', buckets: { current: '0.00', '1-30': '0.00', '31-60': '0.00', '61-90': '0.00', '91+': '0.00' }, open: '0.00', unapplied: '35.00', balance: '-35.00' },
    ]);
  });

  const goldens: [string, string[]][] = [
    ['table.txt', []],
    ['table-detail.txt', ['--detail']],
    ['json.json', ['--format', 'json']],
    ['json-detail.json', ['--format', 'json', '--detail']],
    ['csv.csv', ['--format', 'csv']],
    ['csv-detail.csv', ['--format', 'csv', '--detail']],
    ['invoice-basis.json', ['--format', 'json', '--detail', '--basis', 'invoice']],
    ['customer.txt', ['--customer', 'GLOBEX', '--detail']],
  ];
  for (const [file, args] of goldens) {
    it(`golden ${file}: aging ${args.join(' ')}`, () => {
      const r = aging(...args);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expectGolden(path.join(GOLDEN, file), r.stdout);
    });
  }

  it('neutralises a formula-like name in CSV, and keeps amounts numeric', () => {
    const r = aging('--format', 'csv');
    expect(r.stdout).toMatch(/^row,ZEN,'=Zen Inc,USD,0\.00,/m);
  });

  it('--fail-over exits 1 and says which bucket is over, after printing the report', () => {
    const r = aging('--format', 'csv', '--fail-over', '91+=1000.00');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^total,TOTAL,,EUR,/m);
    expect(r.stderr).toBe('arledger: 91+ is 1300.00 EUR, over the limit 1000.00\n');
    expect(aging('--format', 'csv', '--fail-over', '91+=1300.00').code).toBe(0);
    expect(aging('--format', 'csv', '--fail-over', '61-90=49.99', '--fail-over', 'current=0').code).toBe(1);
  });

  it('refuses bad options with exit 2 and says what is valid', () => {
    const cases: [string[], RegExp][] = [
      [['--as-of', '2026-02-30'], /--as-of "2026-02-30" is not a calendar date — write YYYY-MM-DD/],
      [['--basis', 'overdue'], /--basis "overdue" is not due or invoice/],
      [['--fail-over', '120+=0'], /does not name a bucket — write BUCKET=AMOUNT with BUCKET one of current, 1-30, 31-60, 61-90, 91\+/],
      [['--fail-over', '91+=1,000'], /"1,000" is not an amount/],
      [['--format', 'xml'], /xml/],
    ];
    const before = snapshotDir(BASIC);
    for (const [args, message] of cases) {
      const r = aging(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    }
    expect(snapshotDir(BASIC)).toEqual(before);
  });

  it('refuses an unknown customer as a data error (exit 3)', () => {
    const r = aging('--customer', 'NOBODY');
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/customer "NOBODY" does not exist/);
  });

  it('an as-of before every document gives an empty report', () => {
    const r = runCli(['aging', '-L', BASIC, '--as-of', '2020-01-01', '--format', 'json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ customers: [], totals: [] });
  });
});

describe('aging on the IBM accounts-receivable sample (../shared/data/ar), recomputed from its CSV', () => {
  const csv = fs.readFileSync(path.join(SHARED, 'data', 'ar', 'WA_Fn-UseC_-Accounts-Receivable.csv'), 'utf8');
  const iso = (mdy: string): string => {
    const [m, d, y] = mdy.split('/');
    return `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  };
  const rows = csv.trim().split(/\r?\n/).slice(1).map((line) => {
    const f = line.split(',');
    return {
      customer: f[1]!, id: `I${f[3]}`, date: iso(f[4]!), due: iso(f[5]!), cents: Number(new Big(f[6]!).times(100).toFixed(0)),
      amount: new Big(f[6]!).toFixed(2), disputed: f[7] === 'Yes', settled: iso(f[8]!),
    };
  });

  // Each invoice is settled by a payment on its SettledDate, applied the same day; a disputed one is disputed
  // from its date until it is settled.
  const customers = [...new Set(rows.map((r) => r.customer))].sort();
  const dir = tempLedger({
    'ledger.yaml': 'version: 1\ncompany: { name: IBM sample }\ncurrency: USD\n',
    'customers.yaml': customers.map((c) => `${c}:\n  name: Customer ${c}\n  currency: USD\n`).join(''),
    'invoices.csv': 'id,kind,date,due,customer,currency,amount,terms,reference,memo\n'
      + rows.map((r) => `${r.id},invoice,${r.date},${r.due},${r.customer},USD,${r.amount},net30,,`).join('\n') + '\n',
    'payments.csv': 'id,date,customer,currency,amount,method,reference,bank_ref,memo\n'
      + rows.map((r) => `P${r.id.slice(1)},${r.settled},${r.customer},USD,${r.amount},transfer,${r.id},,`).join('\n') + '\n',
    'applications.csv': 'date,credit,debit,amount\n' + rows.map((r) => `${r.settled},P${r.id.slice(1)},${r.id},${r.amount}`).join('\n') + '\n',
    'disputes.csv': 'date,invoice,status,reason\n' + rows.filter((r) => r.disputed)
      .map((r) => `${r.date},${r.id},open,disputed\n${r.settled},${r.id},resolved,settled`).join('\n') + '\n',
  });

  it('loads as a valid ledger', () => {
    expect(rows.length).toBe(2466);
    const r = runCli(['check', '-L', dir]);
    expect(r.code, r.stdout.slice(0, 500)).toBe(0);
  });

  const day = (s: string): number => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10))) / 86400000;
  for (const asOf of ['2012-06-30', '2013-03-31', '2013-09-30', '2013-12-31']) {
    it(`totals and buckets as of ${asOf} equal a direct count over the CSV`, () => {
      const r = runCli(['aging', '-L', dir, '--as-of', asOf, '--format', 'json', '--detail']);
      expect(r.code, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout);
      const labels = ['current', '1-30', '31-60', '61-90', '91+'];
      const want: Record<string, number> = Object.fromEntries(labels.map((l) => [l, 0]));
      let open = 0;
      let disputed = 0;
      for (const x of rows) {
        if (x.date > asOf || x.settled <= asOf) continue;
        const late = day(asOf) - day(x.due);
        const label = late <= 0 ? 'current' : late <= 30 ? '1-30' : late <= 60 ? '31-60' : late <= 90 ? '61-90' : '91+';
        want[label]! += x.cents;
        open += x.cents;
        if (x.disputed && x.date <= asOf) disputed++;
      }
      expect(open).toBeGreaterThan(0);
      const cents = (s: string): number => Number(new Big(s).times(100).toFixed(0));
      expect(j.totals).toHaveLength(1);
      expect(cents(j.totals[0].open)).toBe(open);
      expect(cents(j.totals[0].unapplied)).toBe(0);
      for (const l of labels) expect(cents(j.totals[0].buckets[l]), l).toBe(want[l]);
      const items = j.customers.flatMap((c: { items: { disputed: boolean }[] }) => c.items);
      expect(items.filter((i: { disputed: boolean }) => i.disputed).length).toBe(disputed);
    });
  }
});
