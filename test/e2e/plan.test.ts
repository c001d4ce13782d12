// `arledger plan` and `plan show` through the built CLI on a copy of the demo ledger: a plan made, aging and
// dunning by instalment at several dates, `check` after a credit note, refusals that leave the ledger as it was,
// and the reading cache giving the same answers as reading every journal whole once a ledger has plans.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyLedger, ROOT, runCli, snapshotDir, tempDir } from '../helpers/cli.js';
import { AS_OF, generateLedger } from '../bench/generate.mjs';

const DEMO = path.join(ROOT, 'ledgers', 'demo');
const GOLDEN = path.join(ROOT, 'test', 'golden', 'plan');
const INV = 'INV-2026-00072';

function expectGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    fs.mkdirSync(GOLDEN, { recursive: true });
    fs.writeFileSync(file, actual);
  }
  expect(fs.existsSync(file), `golden ${file} is missing; run with UPDATE_GOLDEN=1 once and review it`).toBe(true);
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

const at = (dir: string, today: string, ...args: string[]) => runCli([...args, '-L', dir], { env: { ARLEDGER_TODAY: today } });

interface Item { id: string; due: string; days_overdue: number; bucket?: string; level?: number; open: string; instalment?: number; of?: number }

function agingItems(dir: string, asOf: string): Item[] {
  const r = at(dir, '2026-11-30', 'aging', '--detail', '--customer', 'HARBOR', '--as-of', asOf, '--format', 'json');
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { customers: { items: Item[] }[] }).customers[0]!.items.filter((i) => i.id === INV);
}

function dunningItems(dir: string, asOf: string): Item[] {
  const r = at(dir, '2026-11-30', 'dunning', '--dry-run', '--as-of', asOf, '--format', 'json');
  expect(r.code, r.stderr).toBe(0);
  const letter = (JSON.parse(r.stdout) as { letters: { customer: string; items: Item[] }[] }).letters.find((l) => l.customer === 'HARBOR');
  return letter ? letter.items.filter((i) => i.id === INV) : [];
}

describe('a payment plan on the demo ledger', { timeout: 180_000 }, () => {
  let dir: string;
  beforeAll(() => {
    dir = copyLedger(DEMO);
  });

  it('splits the open amount into instalments, writes them to plans.csv and prints the plan', () => {
    const r = at(dir, '2026-11-30', 'plan', INV, '--instalments', '3', '--every', '30');
    expect(r.stderr).toBe(`arledger: plan of ${INV} with 3 instalments added to plans.csv\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Plan for ${INV} (HARBOR) dated 2026-11-30: 3888.09 USD in 3 instalments`);
    expect(fs.readFileSync(path.join(dir, 'plans.csv'), 'utf8')).toBe([
      'date,invoice,instalment,due,amount',
      `2026-11-30,${INV},1,2026-12-30,1296.03`,
      `2026-11-30,${INV},2,2027-01-29,1296.03`,
      `2026-11-30,${INV},3,2027-02-28,1296.03`,
      '',
    ].join('\n'));
    const check = at(dir, '2026-11-30', 'check');
    expect(check.code, check.stdout).toBe(0);
  });

  it('ages the invoice by instalment: all current on the plan date, then each by its own due date', () => {
    // Before the plan (54 days overdue, 31-60) the invoice was aged whole; on the plan date it is all current.
    expect(agingItems(dir, '2026-11-29').map((i) => [i.due, i.bucket, i.open, i.instalment])).toEqual([['2026-10-07', '31-60', '3888.09', undefined]]);
    expect(agingItems(dir, '2026-11-30').map((i) => [i.instalment, i.of, i.due, i.days_overdue, i.bucket])).toEqual([
      [1, 3, '2026-12-30', -30, 'current'], [2, 3, '2027-01-29', -60, 'current'], [3, 3, '2027-02-28', -90, 'current'],
    ]);
    expect(agingItems(dir, '2027-02-05').map((i) => [i.instalment, i.days_overdue, i.bucket, i.open])).toEqual([
      [1, 37, '31-60', '1296.03'], [2, 7, '1-30', '1296.03'], [3, -23, 'current', '1296.03'],
    ]);
  });

  it('keeps the aging totals with and without --detail', () => {
    for (const asOf of ['2026-12-31', '2027-02-05']) {
      const totals = (detail: string[]) => JSON.parse(at(dir, '2026-11-30', 'aging', '--as-of', asOf, '--format', 'json', ...detail).stdout).totals;
      expect(totals(['--detail'])).toEqual(totals([]));
    }
  });

  it('duns only the instalments overdue, each by its own due date', () => {
    // HARBOR gets a letter for its other items: instalment 1, one day overdue, is listed below the first level.
    expect(dunningItems(dir, '2026-12-31').map((i) => [i.instalment, i.days_overdue, i.level])).toEqual([[1, 1, 0]]);
    expect(dunningItems(dir, '2026-12-30')).toEqual([]);
    expect(dunningItems(dir, '2027-01-10').map((i) => [i.instalment, i.of, i.due, i.days_overdue, i.level, i.open])).toEqual([
      [1, 3, '2026-12-30', 11, 1, '1296.03'],
    ]);
  });

  it('lists the instalments on the customer\'s statement, each with its due date', () => {
    const r = at(dir, '2027-02-05', 'statement', 'HARBOR', '--to', '2027-02-05');
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => l.startsWith(INV)).map((l) => l.split(/\s{2,}/));
    expect(rows.map((c) => [c[2], c.at(-1)])).toEqual([['2026-12-30', 'instalment 1/3'], ['2027-01-29', 'instalment 2/3'], ['2027-02-28', 'instalment 3/3']]);
  });

  it('logs one dunning.csv row for the invoice, and dunning again reads each instalment\'s level from it', () => {
    const r = at(dir, '2027-01-10', 'dunning', '--as-of', '2027-01-10');
    expect(r.code, r.stderr).toBe(0);
    const rows = fs.readFileSync(path.join(dir, 'dunning.csv'), 'utf8').split('\n').filter((l) => l.includes(INV));
    expect(rows).toEqual(['2027-01-10,HARBOR,1,INV-2026-00072,1296.03,0.00,3.12,outbox/2027-01-10/HARBOR-L3.txt']);
    expect(fs.readFileSync(path.join(dir, 'outbox', '2027-01-10', 'HARBOR-L3.txt'), 'utf8')).toContain(`${INV} (instalment 1/3)`);
    // Instalment 1 reaches level 2 after 30 days; instalment 2, due 2027-01-29, gets its first notice at level 1.
    expect(dunningItems(dir, '2027-02-05').map((i) => [i.instalment, i.level, i.days_overdue])).toEqual([[1, 2, 37], [2, 1, 7]]);
  });

  it('shows the plan with paid, open and overdue after a payment (golden)', () => {
    const pay = at(dir, '2027-01-15', 'apply', '--customer', 'HARBOR', '--amount', '1500.00', '--invoice', INV, '--date', '2027-01-15');
    expect(pay.code, pay.stderr).toBe(0);
    const table = at(dir, '2027-02-05', 'plan', 'show', INV, '--as-of', '2027-02-05');
    expect(table.code, table.stderr).toBe(0);
    expectGolden('show.txt', table.stdout);
    const json = at(dir, '2027-02-05', 'plan', 'show', INV, '--as-of', '2027-02-05', '--format', 'json');
    expect(json.code, json.stderr).toBe(0);
    expectGolden('show.json', json.stdout);
    expect(agingItems(dir, '2027-02-05').map((i) => [i.instalment, i.open])).toEqual([[2, '1092.06'], [3, '1296.03']]);
  });

  it('has check report a plan that a credit note no longer matches, with the command that re-plans it', () => {
    const cn = at(dir, '2027-02-06', 'credit', '--customer', 'HARBOR', '--amount', '100.00', '--reason', 'damaged fender', '--invoice', INV, '--date', '2027-02-06');
    expect(cn.code, cn.stderr).toBe(0);
    const r = at(dir, '2027-02-06', 'check');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^plans\.csv:2: the plan of INV-2026-00072 dated 2026-11-30 no longer matches its open amount: it still expects 2388\.09, but INV-2026-00072 has 2288\.09 open after CN-2027-0001 100\.00 on 2027-02-06 \(credited after the plan\) — re-plan what is open: arledger plan INV-2026-00072 --instalments 2 --every 30/m);
    // Re-planning supersedes the plan, and check is satisfied.
    const re = at(dir, '2027-02-06', 'plan', INV, '--due', '2027-02-28=1000.00', '--due', '2027-03-31=1288.09');
    expect(re.code, re.stderr).toBe(0);
    expect(at(dir, '2027-02-06', 'check').code).toBe(0);
    expect(agingItems(dir, '2027-03-10').map((i) => [i.instalment, i.of, i.due, i.open])).toEqual([[1, 2, '2027-02-28', '1000.00'], [2, 2, '2027-03-31', '1288.09']]);
  });
});

describe('plan refusals leave the ledger byte for byte as it was', { timeout: 180_000 }, () => {
  let dir: string;
  beforeAll(() => {
    dir = copyLedger(DEMO);
    fs.appendFileSync(path.join(dir, 'ledger.yaml'), 'lock_date: 2026-10-31\n');
  });

  const cases: [string, string[], number, RegExp][] = [
    ['an unknown id', ['plan', 'INV-NOPE', '--instalments', '2', '--every', '30'], 3, /invoice "INV-NOPE" does not exist/],
    ['a payment', ['plan', 'PAY-000001', '--instalments', '2', '--every', '30'], 3, /PAY-000001 is a payment; only invoices and debit notes get a payment plan/],
    ['a settled invoice', ['plan', 'INV-2026-00001', '--instalments', '2', '--every', '30'], 3, /INV-2026-00001 is settled on 2026-11-30/],
    ['a disputed invoice', ['plan', 'INV-2026-00070', '--instalments', '2', '--every', '30'], 3, /INV-2026-00070 is disputed on 2026-11-30; .* resolve the dispute first/],
    ['a date on the lock date', ['plan', INV, '--instalments', '2', '--every', '30', '--date', '2026-10-31'], 3, /the books are closed up to 2026-10-31/],
    ['a date in the future', ['plan', INV, '--instalments', '2', '--every', '30', '--date', '2026-12-31'], 3, /dated 2026-12-31 is after 2026-11-30/],
    ['amounts that do not add up', ['plan', INV, '--due', '2026-12-31=1000.00', '--due', '2027-01-31=2000.00'], 3, /the instalments add up to 3000\.00 USD, but INV-2026-00072 has 3888\.09 USD open on 2026-11-30: 888\.09 USD short/],
    ['too many decimals', ['plan', INV, '--due', '2026-12-31=1000.001'], 2, /--due 2026-12-31=1000\.001: "1000\.001" has 3 decimals/],
    ['a malformed --due', ['plan', INV, '--due', '2026-12-31:1000'], 2, /--due "2026-12-31:1000" is not DATE=AMOUNT/],
    ['no instalments', ['plan', INV, '--instalments', '0', '--every', '30'], 2, /--instalments "0" is not a whole number from 1 to 999/],
    ['--instalments without --every', ['plan', INV, '--instalments', '3'], 2, /--instalments N and --every DAYS go together/],
    ['both ways at once', ['plan', INV, '--instalments', '3', '--every', '30', '--due', '2026-12-31=1.00'], 2, /either --instalments N --every DAYS or --due/],
    ['neither way', ['plan', INV], 2, /plan needs --instalments N --every DAYS or --due DATE=AMOUNT/],
    ['a bad --first', ['plan', INV, '--instalments', '3', '--every', '30', '--first', '2026-02-30'], 2, /--first "2026-02-30" is not a calendar date/],
    ['show without a plan', ['plan', 'show', INV], 3, /INV-2026-00072 has no payment plan on 2026-11-30 — make one with `arledger plan INV-2026-00072/],
  ];
  for (const [what, args, code, message] of cases) {
    it(`refuses ${what} (exit ${code})`, () => {
      const before = snapshotDir(dir);
      const r = at(dir, '2026-11-30', ...args);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/^arledger: /);
      expect(r.stdout).toBe('');
      expect(r.code).toBe(code);
      expect(snapshotDir(dir)).toEqual(before);
    });
  }

  it('refuses a hand-written plan row that breaks a rule, at its line', () => {
    fs.appendFileSync(path.join(dir, 'plans.csv'), 'date,invoice,instalment,due,amount\n2026-11-30,INV-2026-00072,2,2026-12-30,3888.09\n');
    const r = at(dir, '2026-11-30', 'check');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('plans.csv:2: instalment 2 of INV-2026-00072\'s plan dated 2026-11-30 has no instalment 1 before it — a plan\'s rows are numbered 1, 2, 3, ... in file order\n');
    expect(at(dir, '2026-11-30', 'aging').code).toBe(3);
  });
});

describe('the reading cache with payment plans', { timeout: 300_000 }, () => {
  const ENV = { ARLEDGER_CACHE_MIN_BYTES: '1000' };
  const run = (dir: string, args: readonly string[]) => {
    const r = runCli([...args, '-L', dir], { env: ENV });
    return { code: r.code, out: r.stdout, err: r.stderr.replace(dir, 'DIR') };
  };
  const REPORTS: readonly (readonly string[])[] = [
    ['aging', '--format', 'json', '--detail', '--as-of', AS_OF],
    ['aging', '--format', 'json', '--as-of', '2027-03-15'],
    ['dunning', '--dry-run', '--format', 'json', '--as-of', '2027-03-15'],
    ['check', '--format', 'json'],
  ];

  it('gives what reading every journal whole gives, before and after plans are added', () => {
    const dir = path.join(tempDir('arledger-plan-cache-'), 'books');
    generateLedger(dir, 1000, 3);
    // Warm the cache on the ledger without plans.
    const before = REPORTS.map((args) => run(dir, args));
    for (const [i, args] of REPORTS.entries()) expect(run(dir, [...args, '--no-cache']), args.join(' ')).toEqual(before[i]);
    expect(fs.existsSync(path.join(dir, '.arledger', 'cache', 'state.bin'))).toBe(true);
    // Plan the customers' largest open invoices.
    const aging = JSON.parse(before[0]!.out) as { customers: { items: { id: string; kind: string; open: string; disputed: boolean }[] }[] };
    const open = aging.customers.flatMap((c) => c.items).filter((i) => i.kind === 'invoice' && !i.disputed)
      .sort((a, b) => Number(b.open) - Number(a.open) || (a.id < b.id ? -1 : 1)).slice(0, 5);
    expect(open.length).toBe(5);
    for (const i of open) {
      const r = runCli(['plan', i.id, '--instalments', '4', '--every', '21', '-L', dir], { env: ENV });
      expect(r.code, r.stderr).toBe(0);
    }
    const after = REPORTS.map((args) => run(dir, args));
    for (const [i, args] of REPORTS.entries()) expect(run(dir, [...args, '--no-cache']), args.join(' ')).toEqual(after[i]);
    // The plans are taken into account: their invoices are now aged by instalment.
    expect(after[0]!.out).not.toBe(before[0]!.out);
    expect((after[0]!.out.match(/"instalment": /g) ?? []).length).toBeGreaterThanOrEqual(5);
    expect(JSON.parse(after[0]!.out).totals.map((t: { open: string }) => t.open)).toEqual(JSON.parse(before[0]!.out).totals.map((t: { open: string }) => t.open));
  });
});
