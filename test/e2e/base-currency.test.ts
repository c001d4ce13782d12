// Base-currency reporting and the aging's pictures from the CLI: --in-base on aging, kpi, statement and
// reconcile --gl, the HTML page, and the bucket bar under the table.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import { BASE_CONFIG, BIN, copyLedger, ROOT, runCli, snapshotDir, tempLedger } from '../helpers/cli.js';

const DEMO = path.join(ROOT, 'ledgers', 'demo');
const GOLDEN = path.join(ROOT, 'test', 'golden', 'base');
const AS_OF = '2026-11-30';

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    fs.mkdirSync(GOLDEN, { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  expect(fs.existsSync(file), `${file} is missing; run with UPDATE_GOLDEN=1 to write it`).toBe(true);
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

interface Figures { buckets: Record<string, string>; open: string; unapplied: string; balance: string }
interface AgingBaseJson {
  buckets: string[];
  customers: ({ customer: string; currency: string; balance: string; open: string; base_buckets: Record<string, string>; base_open: string; base_unapplied: string; base_balance: string } & Figures)[];
  totals: ({ currency: string } & Figures)[];
  base: { currency: string; as_of: string; rates: { currency: string; date: string; rate: string }[]; totals: Figures };
}

const cents = (s: string): number => Number(new Big(s).times(100).toFixed(0));

describe('aging --in-base on the demo ledger (EUR base; USD and JPY customers)', () => {
  const r = runCli(['aging', '--in-base', '--as-of', AS_OF, '--format', 'json', '-L', DEMO]);
  const j = JSON.parse(r.stdout) as AgingBaseJson;

  it('keeps every existing key and adds the base figures, totals being sums of the rounded customers', () => {
    expect(r.code).toBe(0);
    const plain = JSON.parse(runCli(['aging', '--as-of', AS_OF, '--format', 'json', '-L', DEMO]).stdout) as AgingBaseJson;
    expect(j.totals).toEqual(plain.totals);
    expect(j.customers.map(({ base_buckets: _b, base_open: _o, base_unapplied: _u, base_balance: _l, ...rest }) => rest)).toEqual(plain.customers);
    expect(j.base.currency).toBe('EUR');
    expect(j.base.rates).toEqual([{ currency: 'JPY', date: '2026-11-30', rate: '0.006384' }, { currency: 'USD', date: '2026-11-30', rate: '0.9240' }]);
    const rates: Record<string, string> = { EUR: '1', JPY: '0.006384', USD: '0.9240' };
    let balance = 0;
    for (const c of j.customers) {
      // Each customer: its balance × rate, half-up to cents.
      const digits = c.currency === 'JPY' ? 0 : 2;
      const want = new Big(c.balance).times(rates[c.currency]!).round(2, Big.roundHalfUp).toFixed(2);
      expect(c.base_balance, c.customer).toBe(want);
      expect(c.base_balance.split('.')[1]?.length).toBe(2);
      expect(c.balance.split('.')[1]?.length ?? 0).toBe(digits);
      expect(Object.values(c.base_buckets).reduce((a, b) => a + cents(b), 0)).toBe(cents(c.base_open));
      balance += cents(c.base_balance);
    }
    expect(cents(j.base.totals.balance)).toBe(balance);
    expect(j.base.totals.balance).toBe('130808.46');
    expect(cents(j.base.totals.open) - cents(j.base.totals.unapplied)).toBe(balance);
  });

  it('agrees with reconcile --gl --in-base and with the last period of kpi --in-base', () => {
    const gl = runCli(['reconcile', '--gl', j.base.totals.balance, '--in-base', '--as-of', AS_OF, '--format', 'json', '-L', DEMO]);
    expect(gl.code).toBe(0);
    const g = JSON.parse(gl.stdout) as { ar_total: string; difference: string; base: { currencies: { currency: string; ar_total_base: string }[] } };
    expect(g.ar_total).toBe(j.base.totals.balance);
    expect(g.difference).toBe('0.00');
    expect(g.base.currencies.map((c) => c.currency)).toEqual(['EUR', 'JPY', 'USD']);
    expect(gl.stderr).toMatch(/agrees with the general ledger \(EUR, all currencies converted, as of 2026-11-30\)/);
    const kpi = runCli(['kpi', '--in-base', '--from', '2026-11-01', '--to', AS_OF, '--format', 'json', '-L', DEMO]);
    expect(kpi.code).toBe(0);
    const k = JSON.parse(kpi.stdout) as { periods: unknown[]; base: { currency: string; periods: { closing_ar: string; currency: string }[] } };
    expect(k.periods).toHaveLength(3);
    expect(k.base.periods).toHaveLength(1);
    expect(k.base.periods[0]).toMatchObject({ currency: 'EUR', closing_ar: j.base.totals.open });
  });

  it('prints a base total line and the rates under the table (golden)', () => {
    const t = runCli(['aging', '--in-base', '--as-of', AS_OF, '-L', DEMO]);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('| TOTAL      | in EUR (base)');
    expect(t.stdout).toContain('  1 USD = 0.9240 EUR (rates.csv, 2026-11-30)\n');
    expect(t.stdout).not.toMatch(/[█▓▒░]/);
    golden('aging-in-base.txt', t.stdout);
  });

  it('kpi --in-base and reconcile --gl --in-base tables (golden)', () => {
    golden('kpi-in-base.txt', runCli(['kpi', '--in-base', '--from', '2026-09-01', '--to', AS_OF, '-L', DEMO]).stdout);
    const gl = runCli(['reconcile', '--gl', '130000.00', '--in-base', '--as-of', AS_OF, '-L', DEMO]);
    expect(gl.code).toBe(1);
    expect(gl.stderr).toMatch(/differs from the general ledger by \+808\.46 EUR/);
    golden('gl-in-base.txt', gl.stdout);
  });

  it('statement --in-base shows the base-currency equivalents beside USD (golden)', () => {
    const s = runCli(['statement', 'HARBOR', '--in-base', '--to', AS_OF, '-L', DEMO]);
    expect(s.code).toBe(0);
    expect(s.stdout).toContain('Closing balance at 2026-11-30        9,442.94  8,725.28');
    expect(s.stdout).toContain('Converted at 1 USD = 0.9240 EUR (rates.csv, 2026-11-30)');
    golden('statement-in-base.txt', s.stdout);
    const eur = runCli(['statement', 'HAAS', '--in-base', '--to', AS_OF, '-L', DEMO]);
    expect(eur.stdout).toContain('Every amount is in EUR, the base currency.');
  });

  it('reconcile --gl without --in-base compares the base currency only, as before, and says what it left out', () => {
    const gl = runCli(['reconcile', '--gl', '70178.08', '--as-of', AS_OF, '--format', 'json', '-L', DEMO]);
    expect(gl.code).toBe(0);
    expect(JSON.parse(gl.stdout)).toEqual({ as_of: AS_OF, currency: 'EUR', ar_total: '70178.08', gl_balance: '70178.08', difference: '0.00' });
    expect(gl.stderr).toMatch(/compared the EUR documents only; JPY, USD documents are left out — add --in-base/);
    const usd = runCli(['reconcile', '--gl', '23068.90', '--currency', 'USD', '--as-of', AS_OF, '-L', DEMO]);
    expect(usd.code).toBe(0);
    expect(usd.stderr).not.toMatch(/left out/);
  });
});

const CUSTOMERS = `ACME:
  name: Acme Corporation
  currency: EUR
YANKEE:
  name: Yankee Inc
  currency: USD
`;

function usdLedger(rates: string | null): string {
  return tempLedger({
    'ledger.yaml': BASE_CONFIG, 'customers.yaml': CUSTOMERS,
    'invoices.csv': 'id,kind,date,due,customer,currency,amount,terms,reference,memo\nI1,invoice,2026-01-10,2026-02-09,YANKEE,USD,100.05,net30,,\nI2,invoice,2026-01-10,2026-02-09,ACME,EUR,10.00,net30,,\n',
    ...(rates === null ? {} : { 'rates.csv': `date,currency,rate\n${rates}` }),
  });
}

describe('a missing or broken rate', () => {
  it('is refused with the currency and the date, exit 3, nothing written', () => {
    const dir = usdLedger('2026-02-01,USD,0.5\n');
    const before = snapshotDir(dir);
    for (const args of [['aging', '--in-base', '--as-of', '2026-01-15'], ['aging', '--in-base', '--as-of', '2026-01-15', '--format', 'html'],
      ['kpi', '--in-base', '--from', '2026-01-01', '--to', '2026-01-15'], ['statement', 'YANKEE', '--in-base', '--to', '2026-01-15'],
      ['reconcile', '--gl', '0', '--in-base', '--as-of', '2026-01-15']]) {
      const r = runCli([...args, '-L', dir]);
      expect(r.code, args.join(' ')).toBe(3);
      expect(r.stderr).toBe('arledger: no USD rate on or before 2026-01-15 in rates.csv — add a line 2026-01-15,USD,RATE (1 USD = RATE EUR) to convert into the base currency EUR\n');
      expect(r.stdout).toBe('');
    }
    // One day later the rate is there: 100.05 × 0.5 = 50.025 -> 50.03 (half-up), + 10.00 EUR.
    const ok = runCli(['aging', '--in-base', '--as-of', '2026-02-01', '--format', 'json', '-L', dir]);
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as AgingBaseJson).base.totals.balance).toBe('60.03');
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('no rates.csv at all: the same error; a base-currency-only report needs none', () => {
    const dir = usdLedger(null);
    expect(runCli(['aging', '--in-base', '--as-of', '2026-02-01', '-L', dir]).stderr).toMatch(/no USD rate on or before 2026-02-01 in rates\.csv/);
    const acme = runCli(['aging', '--in-base', '--customer', 'ACME', '--as-of', '2026-02-01', '--format', 'json', '-L', dir]);
    expect(acme.code).toBe(0);
    expect((JSON.parse(acme.stdout) as AgingBaseJson).base).toMatchObject({ currency: 'EUR', rates: [], totals: { balance: '10.00' } });
  });

  it('check reports every rates.csv problem at its line, the base currency included', () => {
    const dir = usdLedger('2026-02-30,USD,0.5\n2026-02-01,USD,0\n2026-02-01,USD,-1\n2026-02-02,USD,0.5\n2026-02-02,USD,0.5\n2026-02-02,EUR,1\n2026-02-03,USD,1e3\n');
    const r = runCli(['check', '-L', dir]);
    expect(r.code).toBe(1);
    for (const m of [/rates\.csv:2: .*2026-02-30/, /rates\.csv:3: rate "0" is not a positive decimal — write units of base currency per unit/,
      /rates\.csv:4: rate "-1" is not a positive decimal/, /rates\.csv:6: a USD rate for 2026-02-02 is already at line 5/,
      /rates\.csv:7: currency EUR is the base currency \(ledger\.yaml currency\) — rates\.csv holds rates of the other currencies only/,
      /rates\.csv:8: rate "1e3" is not a positive decimal/]) expect(r.stdout + r.stderr).toMatch(m);
    // A report refuses the broken ledger, with the same places.
    const a = runCli(['aging', '--in-base', '-L', dir]);
    expect(a.code).toBe(3);
    expect(a.stderr).toMatch(/rates\.csv:7: currency EUR is the base currency/);
  });
});

describe('a rate for the base currency itself', () => {
  it('is refused by every report, read from columns or not, with its line (exit 3)', () => {
    const dir = usdLedger('2026-02-01,USD,0.5\n2026-02-01,EUR,1\n');
    for (const args of [['aging'], ['aging', '--no-cache'], ['kpi'], ['statement', 'ACME']]) {
      const r = runCli([...args, '-L', dir]);
      expect(r.code, args.join(' ')).toBe(3);
      expect(r.stderr).toMatch(/^arledger: rates\.csv:3: currency EUR is the base currency \(ledger\.yaml currency\)/);
    }
  });
});

describe('usage errors (exit 2)', () => {
  const cases: [string[], RegExp][] = [
    [['aging', '--in-base', '--format', 'csv'], /--in-base shows base-currency figures in the table, json and html formats/],
    [['aging', '--chart', '--format', 'json'], /--chart draws the bucket bar under the table — leave out --format json, or --chart/],
    [['aging', '--format', 'pdf'], /argument 'pdf' is invalid/],
    [['kpi', '--in-base', '--format', 'csv'], /--in-base shows base-currency KPIs in the table and json formats/],
    [['reconcile', '--gl', '1.00', '--in-base', '--currency', 'USD'], /--in-base compares in the base currency; --currency names one currency/],
  ];
  for (const [args, re] of cases) {
    it(args.join(' '), () => {
      const r = runCli([...args, '-L', DEMO]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(re);
      expect(r.stdout).toBe('');
    });
  }
});

describe('aging --format html', () => {
  it('is one self-contained page of the demo ledger with a chart per currency and one in the base currency (golden)', () => {
    const r = runCli(['aging', '--format', 'html', '--in-base', '--as-of', AS_OF, '-L', DEMO]);
    expect(r.code).toBe(0);
    const html = r.stdout;
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    // Nothing from the network and nothing to run.
    expect(html).not.toMatch(/<script|<link|@import|url\(|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i);
    expect(html.match(/<svg [^>]*class="chart"/g)).toHaveLength(4);
    expect(html).toContain('data-bucket="91+" data-amount="19153.20"');
    expect(html).toContain('>19,153.20</text>');
    // Every customer's open items are an anchor away.
    expect(html).toContain('<a href="#customer-HARBOR">HARBOR</a>');
    expect(html).toContain('<section class="customer" id="customer-HARBOR">');
    expect(html).toContain('<td>INV-2026-00032</td>');
    golden('aging.html', html);
  });

  it('without --in-base draws one chart per currency only, and a ledger with nothing open says so', () => {
    const r = runCli(['aging', '--format', 'html', '--as-of', AS_OF, '-L', DEMO]);
    expect(r.stdout.match(/<svg [^>]*class="chart"/g)).toHaveLength(3);
    const empty = runCli(['aging', '--format', 'html', '--as-of', '2025-01-01', '-L', DEMO]);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain('Nothing is open.');
    expect(empty.stdout).not.toContain('<svg');
  });

  it('renders a hostile customer name inert: no tag, no raw bidi or control character', () => {
    const dir = tempLedger({
      'ledger.yaml': BASE_CONFIG,
      'customers.yaml': `EVIL:\n  name: "<script>alert(1)</script><img src=x onerror=alert(2)> \\u202Egnp.exe & \\"q\\" '1'"\n  currency: EUR\n`,
      'invoices.csv': 'id,kind,date,due,customer,currency,amount,terms,reference,memo\nI1,invoice,2026-01-10,2026-02-09,EVIL,EUR,1234567.89,net30,,\n',
    });
    const r = runCli(['aging', '--format', 'html', '--as-of', '2026-11-30', '-L', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('<script');
    expect(r.stdout).not.toContain('<img');
    expect(r.stdout).not.toContain('\u202E');
    expect(r.stdout).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; \\u202Egnp.exe &amp; &quot;q&quot; &#39;1&#39;');
    expect(r.stdout).toContain('>1,234,567.89</text>');
  });
});

describe('the bucket bar under the table', () => {
  it('is not printed when stdout is not a terminal, unless --chart asks; each line fits 80 columns', () => {
    const plain = runCli(['aging', '--as-of', AS_OF, '-L', DEMO]);
    expect(plain.stdout).not.toMatch(/[█▓▒░▚]/);
    const r = runCli(['aging', '--chart', '--in-base', '--as-of', AS_OF, '-L', DEMO]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith(runCli(['aging', '--in-base', '--as-of', AS_OF, '-L', DEMO]).stdout)).toBe(true);
    const bars = r.stdout.split('\n').filter((l) => /[█▓▒░▚]/.test(l));
    expect(bars.map((l) => l.split(' ')[0])).toEqual(['EUR', 'JPY', 'USD', 'EUR', '█']);
    for (const l of bars) expect([...l].length).toBeLessThanOrEqual(80);
    expect(bars[0]).toMatch(/ 70,328\.08$/);
    expect(bars[3]).toMatch(/^EUR \(base\) .* 130,998\.38$/);
    expect(bars[4]).toBe('█ current  ▓ 1-30  ▒ 31-60  ░ 61-90  ▚ 91+');
    golden('aging-chart.txt', r.stdout);
  });

  it('fits a terminal narrower than 80 columns ($COLUMNS)', () => {
    const r = runCli(['aging', '--chart', '--in-base', '--as-of', AS_OF, '-L', DEMO], { env: { COLUMNS: '40' } });
    const bars = r.stdout.split('\n').filter((l) => /[█▓▒░▚]/.test(l));
    expect(bars).toHaveLength(6);
    for (const l of bars) expect([...l].length).toBeLessThanOrEqual(40);
    expect(bars.slice(-2)).toEqual(['█ current  ▓ 1-30  ▒ 31-60  ░ 61-90', '▚ 91+']);
  });

  it('is printed on a terminal, and --no-chart leaves it out there', () => {
    const tty = (extra: string): string => {
      const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} aging --as-of ${AS_OF} -L ${JSON.stringify(DEMO)} ${extra}`;
      const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ARLEDGER_TODAY: AS_OF, COLUMNS: '80' } });
      return r.stdout;
    };
    if (spawnSync('script', ['-V']).status !== 0) return;
    expect(tty('')).toMatch(/█ current {2}▓ 1-30/);
    expect(tty('--no-chart')).not.toMatch(/█ current/);
  });

  it('gives each bucket a share of the bar in proportion to its total', () => {
    const dir = copyLedger(DEMO);
    const r = runCli(['aging', '--chart', '--as-of', AS_OF, '-L', dir]);
    const eur = r.stdout.split('\n').find((l) => l.startsWith('EUR '))!;
    // EUR: 41,028.78 current of 70,328.08 open: about 58 % of the bar's cells.
    const cells = [...eur].filter((ch) => /[█▓▒░▚]/.test(ch));
    const current = cells.filter((ch) => ch === '█').length;
    expect(Math.abs(current / cells.length - 41028.78 / 70328.08)).toBeLessThan(0.05);
  });
});
