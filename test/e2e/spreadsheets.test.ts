// Reports for spreadsheets: every report's workbook read back by an independent reader (openpyxl) and compared,
// number by number, with the report's JSON; CSV with a BOM, a delimiter and a decimal comma, read back through
// headless LibreOffice in a German and an English locale; --output written whole and never through a link.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BASE_CONFIG, ROOT, copyLedger, runCli, snapshotDir, tempDir, tempLedger } from '../helpers/cli.js';

const DEMO = path.join(ROOT, 'ledgers', 'demo');
const BASIC = path.join(ROOT, 'fixtures', 'aging', 'basic');
const AS_OF = '2026-11-30';
const STATEMENT = path.join(DEMO, 'statements', '2026-11-hanseatic.csv');

const has = (cmd: string, args: string[]): boolean => spawnSync(cmd, args, { encoding: 'utf8' }).status === 0;
/** Debian's python3 with python3-openpyxl (.ci/run installs it): a reader written apart from the writer used here. */
const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => has(p, ['-c', 'import openpyxl']));
const SOFFICE = has('soffice', ['--version']) ? 'soffice' : undefined;

/** CI installs the tools, so there their absence fails the test; elsewhere the test says so and stops. */
function need(tool: string | undefined, name: string): tool is string {
  if (tool !== undefined) return true;
  expect(process.env['CI'] ? `${name} missing in CI` : false).toBe(false);
  return false;
}

interface XCell { v: string | number | boolean | null; t: string; f: string; bold: boolean }
interface XSheet { title: string; freeze: string | null; widths: Record<string, number>; rows: XCell[][]; formulas: boolean }

const DUMP = `
import json, sys, zipfile, datetime, warnings
warnings.simplefilter("ignore")
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
with zipfile.ZipFile(sys.argv[1]) as z:
    formulas = any("<f>" in z.read(n).decode() or "<f " in z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
out = []
for ws in wb.worksheets:
    rows = []
    for r in ws.iter_rows():
        row = []
        for c in r:
            v = c.value
            if isinstance(v, datetime.datetime): v = v.date().isoformat()
            row.append({"v": v, "t": c.data_type, "f": c.number_format, "bold": bool(c.font and c.font.b)})
        rows.append(row)
    out.append({"title": ws.title, "freeze": ws.freeze_panes, "formulas": formulas,
                "widths": {k: d.width for k, d in ws.column_dimensions.items()}, "rows": rows})
print(json.dumps(out))
`;

function readWorkbook(file: string): XSheet[] {
  const r = spawnSync(PYTHON!, ['-c', DUMP, file], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as XSheet[];
}

/** Rows of a sheet as objects keyed by the header, with the cells themselves. */
function records(s: XSheet): Record<string, XCell>[] {
  const head = s.rows[0]!.map((c) => String(c.v));
  return s.rows.slice(1).map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? { v: null, t: 'n', f: 'General', bold: false }])));
}

const sheet = (book: XSheet[], title: string): XSheet => {
  const s = book.find((x) => x.title === title);
  expect(s, `sheet ${title} in ${book.map((x) => x.title).join(', ')}`).toBeDefined();
  return s!;
};

/** A JSON amount (exact decimal text) and the workbook's number for it: equal, to the minor unit. */
function expectAmount(cell: XCell, json: string | number | null, what: string): void {
  if (json === null) {
    expect(cell.v, what).toBeNull();
    return;
  }
  expect(typeof cell.v, `${what}: ${JSON.stringify(cell.v)} is a number`).toBe('number');
  expect((cell.v as number).toFixed(6), what).toBe(Number(json).toFixed(6));
}

const FORMAT: Record<string, string> = { EUR: '#,##0.00', USD: '#,##0.00', JPY: '#,##0', KWD: '#,##0.000' };

function xlsx(args: string[], dir = DEMO): XSheet[] {
  const file = path.join(tempDir('arledger-xlsx-'), 'report.xlsx');
  const r = runCli([...args, '-L', dir, '--format', 'xlsx', '--output', file]);
  expect(r.code, r.stderr).toBeLessThanOrEqual(1);
  expect(r.stdout).toBe('');
  return readWorkbook(file);
}

function json(args: string[], dir = DEMO): any {
  const r = runCli([...args, '-L', dir, '--format', 'json']);
  expect(r.code, r.stderr).toBeLessThanOrEqual(1);
  return JSON.parse(r.stdout);
}

/** Every sheet: a bold header row that stays in view, columns at least as wide as their header. */
function expectShape(book: XSheet[]): void {
  for (const s of book) {
    expect(s.freeze, s.title).toBe('A2');
    expect(s.formulas).toBe(false);
    for (const c of s.rows[0]!) {
      expect(c.bold, `${s.title} header ${c.v}`).toBe(true);
      expect(c.t).toBe('s');
    }
    s.rows[0]!.forEach((c, i) => {
      const width = s.widths[String.fromCharCode(65 + i)];
      expect(width, `${s.title} column ${c.v}`).toBeGreaterThanOrEqual(String(c.v).length);
    });
  }
}

describe('--format xlsx: every number as in the JSON', () => {
  it('aging --detail: customers, totals on their own sheet, open items; amounts in their currency\'s format', () => {
    if (!need(PYTHON, 'python3-openpyxl')) return;
    const args = ['aging', '--as-of', AS_OF, '--detail'];
    const j = json(args);
    const book = xlsx(args);
    expectShape(book);
    expect(book.map((s) => s.title)).toEqual(['Aging', 'Aging totals', 'Open items']);
    const buckets = j.buckets as string[];
    const heads = buckets.map((b) => (b === 'current' ? b : `days ${b}`));
    const customers = records(sheet(book, 'Aging'));
    expect(customers.map((c) => c['customer']!.v)).toEqual(j.customers.map((c: any) => c.customer));
    j.customers.forEach((c: any, k: number) => {
      const x = customers[k]!;
      expect(x['currency']!.v).toBe(c.currency);
      buckets.forEach((b, i) => {
        expectAmount(x[heads[i]!]!, c.buckets[b], `${c.customer} ${b}`);
        expect(x[heads[i]!]!.f).toBe(FORMAT[c.currency]);
      });
      for (const f of ['open', 'unapplied', 'balance']) expectAmount(x[f]!, c[f], `${c.customer} ${f}`);
    });
    const totals = records(sheet(book, 'Aging totals'));
    expect(totals.map((t) => t['currency']!.v)).toEqual(j.totals.map((t: any) => t.currency));
    j.totals.forEach((t: any, k: number) => {
      buckets.forEach((b, i) => expectAmount(totals[k]![heads[i]!]!, t.buckets[b], `total ${t.currency} ${b}`));
      for (const f of ['open', 'unapplied', 'balance']) expectAmount(totals[k]![f]!, t[f], `total ${t.currency} ${f}`);
    });
    const items = records(sheet(book, 'Open items'));
    const jItems = j.customers.flatMap((c: any) => c.items.map((i: any) => ({ ...i, customer: c.customer })));
    expect(items.length).toBe(jItems.length);
    jItems.forEach((i: any, k: number) => {
      const x = items[k]!;
      expect([x['customer']!.v, x['id']!.v, x['kind']!.v, x['date']!.v, x['due']!.v]).toEqual([i.customer, i.id, i.kind, i.date, i.due]);
      expect(x['date']!.f).toBe('yyyy-mm-dd');
      expect(x['days_overdue']!.v).toBe(i.days_overdue);
      expect(x['bucket']!.v).toBe(i.bucket === 'current' ? 'current' : `days ${i.bucket}`);
      expectAmount(x['amount']!, i.amount, `${i.id} amount`);
      expectAmount(x['open']!, i.open, `${i.id} open`);
      expect(x['disputed']!.v).toBe(i.disputed ? 'yes' : 'no');
    });
  });

  it('aging without --detail; a name that looks like a formula stays text', () => {
    if (!need(PYTHON, 'python3-openpyxl')) return;
    const book = xlsx(['aging', '--as-of', AS_OF], BASIC);
    expect(book.map((s) => s.title)).toEqual(['Aging', 'Aging totals']);
    const zen = records(book[0]!).find((r) => r['customer']!.v === 'ZEN')!;
    expect(zen['name']).toMatchObject({ v: '=Zen Inc', t: 's' });
    expect(records(book[0]!).find((r) => r['customer']!.v === 'NIPPON')!['open']).toMatchObject({ v: 120000, f: '#,##0' });
  });

  it('kpi', () => {
    if (!need(PYTHON, 'python3-openpyxl')) return;
    const args = ['kpi', '--from', '2026-01-01', '--to', AS_OF];
    const j = json(args);
    const rows = records(sheet(xlsx(args), 'KPIs'));
    expect(rows.length).toBe(j.periods.length);
    j.periods.forEach((p: any, k: number) => {
      const x = rows[k]!;
      expect([x['period']!.v, x['from']!.v, x['to']!.v, x['days']!.v, x['currency']!.v]).toEqual([p.period, p.from, p.to, p.days, p.currency]);
      for (const f of ['opening_ar', 'invoiced', 'closing_ar', 'closing_current_ar', 'dso', 'best_possible_dso', 'cei', 'average_days_delinquent', 'current_share']) {
        expectAmount(x[f]!, p[f], `${p.period} ${p.currency} ${f}`);
      }
    });
  });

  it('behavior --detail', () => {
    if (!need(PYTHON, 'python3-openpyxl')) return;
    const args = ['behavior', '--as-of', AS_OF, '--detail'];
    const j = json(args);
    const book = xlsx(args);
    expectShape(book);
    const rows = records(sheet(book, 'Behaviour'));
    j.customers.forEach((c: any, k: number) => {
      expect(rows[k]!['settled']!.v).toBe(c.settled);
      for (const f of ['avg_days_to_settle', 'avg_days_late', 'late_share']) expectAmount(rows[k]![f]!, c[f], `${c.customer} ${f}`);
    });
    const items = records(sheet(book, 'Settled invoices'));
    const jItems = j.customers.flatMap((c: any) => c.items);
    expect(items.map((i) => [i['id']!.v, i['settled']!.v, i['days_to_settle']!.v, i['days_late']!.v]))
      .toEqual(jItems.map((i: any) => [i.id, i.settled, i.days_to_settle, i.days_late]));
  });

  it('dunning --dry-run: letters, items, skipped; nothing written', () => {
    if (!need(PYTHON, 'python3-openpyxl')) return;
    const dir = copyLedger(DEMO);
    const before = snapshotDir(dir);
    const args = ['dunning', '--as-of', AS_OF, '--dry-run'];
    const j = json(args, dir);
    const book = xlsx(args, dir);
    expect(snapshotDir(dir)).toEqual(before);
    expectShape(book);
    const letters = records(sheet(book, 'Letters'));
    expect(letters.length).toBe(j.letters.length);
    j.letters.forEach((l: any, k: number) => {
      expect([letters[k]!['customer']!.v, letters[k]!['level']!.v]).toEqual([l.customer, l.level]);
      expect(records(sheet(book, 'Items')).filter((i) => i['customer']!.v === l.customer).length).toBe(l.items.length);
      for (const f of ['overdue', 'fee', 'interest', 'total', 'unapplied', 'amount_due']) expectAmount(letters[k]![f]!, l[f], `${l.customer} ${f}`);
    });
    const items = records(sheet(book, 'Items'));
    const jItems = j.letters.flatMap((l: any) => l.items);
    expect(items.length).toBe(jItems.length);
    jItems.forEach((i: any, k: number) => {
      expect([items[k]!['id']!.v, items[k]!['due']!.v, items[k]!['days_overdue']!.v, items[k]!['level']!.v]).toEqual([i.id, i.due, i.days_overdue, i.level]);
      expectAmount(items[k]!['open']!, i.open, `${i.id} open`);
      expectAmount(items[k]!['interest']!, i.interest, `${i.id} interest`);
    });
    expect(records(sheet(book, 'Skipped')).map((s) => [s['customer']!.v, s['reason']!.v])).toEqual(j.skipped.map((s: any) => [s.customer, s.reason]));
  });

  it('reconcile: lines, applications, payments missing from the bank', () => {
    if (!need(PYTHON, 'python3-openpyxl')) return;
    const args = ['reconcile', STATEMENT, '--profile', 'hanseatic'];
    const j = json(args);
    const book = xlsx(args);
    expectShape(book);
    const lines = records(sheet(book, 'Lines'));
    expect(lines.length).toBe(j.lines.length);
    j.lines.forEach((l: any, k: number) => {
      expect([lines[k]!['bank_id']!.v, lines[k]!['date']!.v, lines[k]!['status']!.v]).toEqual([l.bank_id, l.date, l.status]);
      expectAmount(lines[k]!['amount']!, l.amount, `${l.bank_id} amount`);
      expectAmount(lines[k]!['unapplied']!, l.unapplied, `${l.bank_id} unapplied`);
    });
    const apps = records(sheet(book, 'Applications'));
    const jApps = j.lines.flatMap((l: any) => l.applications.map((a: any) => ({ ...a, bank_id: l.bank_id })));
    expect(apps.length).toBe(jApps.length);
    jApps.forEach((a: any, k: number) => {
      expect([apps[k]!['bank_id']!.v, apps[k]!['invoice']!.v]).toEqual([a.bank_id, a.invoice]);
      expectAmount(apps[k]!['amount']!, a.amount, `${a.invoice}`);
    });
    const missing = records(sheet(book, 'Missing from bank'));
    expect(missing.length).toBe(j.missing_from_bank.length);
    j.missing_from_bank.forEach((m: any, k: number) => expectAmount(missing[k]!['amount']!, m.amount, m.payment));
    const gl = records(xlsx(['reconcile', '--gl', '1000.00', '--as-of', AS_OF])[0]!)[0]!;
    const jGl = json(['reconcile', '--gl', '1000.00', '--as-of', AS_OF]);
    for (const f of ['ar_total', 'gl_balance', 'difference']) expectAmount(gl[f]!, jGl[f], f);
  });

  it('invoice list and customer list', () => {
    if (!need(PYTHON, 'python3-openpyxl')) return;
    const j = json(['invoice', 'list', '--as-of', AS_OF]);
    const rows = records(xlsx(['invoice', 'list', '--as-of', AS_OF])[0]!);
    expect(rows.length).toBe(j.invoices.length);
    j.invoices.forEach((i: any, k: number) => {
      expect([rows[k]!['id']!.v, rows[k]!['date']!.v, rows[k]!['due']!.v, rows[k]!['status']!.v]).toEqual([i.id, i.date, i.due, i.status]);
      expectAmount(rows[k]!['amount']!, i.amount, `${i.id} amount`);
      expectAmount(rows[k]!['open']!, i.open, `${i.id} open`);
      expect(rows[k]!['amount']!.f).toBe(FORMAT[i.currency]);
    });
    const jc = json(['customer', 'list']);
    const cs = records(xlsx(['customer', 'list'])[0]!);
    expect(cs.map((c) => c['id']!.v)).toEqual(jc.customers.map((c: any) => c.id));
    jc.customers.forEach((c: any, k: number) => expectAmount(cs[k]!['credit_limit']!, c.credit_limit, `${c.id} credit_limit`));
  });

  it('statement: summary, entries with the running balance, aging and open items agree with the aging report', () => {
    if (!need(PYTHON, 'python3-openpyxl')) return;
    const book = xlsx(['statement', 'HARBOR', '--from', '2026-01-01', '--to', AS_OF]);
    expectShape(book);
    const summary = records(sheet(book, 'Summary'))[0]!;
    const aging = json(['aging', '--as-of', AS_OF, '--customer', 'HARBOR', '--detail']).customers[0];
    expectAmount(summary['closing_balance']!, aging.balance, 'closing balance');
    const entries = records(sheet(book, 'Entries'));
    let balance = Number(summary['opening_balance']!.v);
    for (const e of entries.slice(1)) {
      balance += Number(e['debit']!.v ?? 0) - Number(e['credit']!.v ?? 0);
      expect(Number(e['balance']!.v).toFixed(2)).toBe(balance.toFixed(2));
    }
    const agingRow = records(sheet(book, 'Aging'))[0]!;
    for (const [b, v] of Object.entries(aging.buckets)) expectAmount(agingRow[b === 'current' ? b : `days ${b}`]!, v as string, b);
    const items = records(sheet(book, 'Open items'));
    expect(items.map((i) => i['id']!.v)).toEqual(aging.items.map((i: any) => i.id));
    aging.items.forEach((i: any, k: number) => expectAmount(items[k]!['open']!, i.open, i.id));
  });

  it('three decimals for KWD, none for JPY', () => {
    if (!need(PYTHON, 'python3-openpyxl')) return;
    const dir = tempLedger({
      'ledger.yaml': BASE_CONFIG,
      'customers.yaml': 'GULF:\n  name: Gulf Trading\n  currency: KWD\nNIP:\n  name: Nippon\n  currency: JPY\n',
      'invoices.csv': 'id,kind,date,due,customer,currency,amount,terms,reference,memo\nI1,invoice,2026-09-01,2026-10-01,GULF,KWD,1234.567,net30,,\nI2,invoice,2026-09-01,2026-10-01,NIP,JPY,1234567,net30,,\n',
    });
    const rows = records(xlsx(['aging', '--as-of', AS_OF], dir)[0]!);
    expect(rows.map((r) => [r['customer']!.v, r['open']!.v, r['open']!.f])).toEqual([['GULF', 1234.567, '#,##0.000'], ['NIP', 1234567, '#,##0']]);
  });

  it('goes to stdout when that is a pipe or a file, byte for byte the same workbook', () => {
    const dir = tempDir('arledger-xlsx-');
    const file = path.join(dir, 'a.xlsx');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'arledger.js'), 'customer', 'list', '-L', DEMO, '--format', 'xlsx'], { env: { ...process.env, ARLEDGER_TODAY: AS_OF } });
    expect(r.status).toBe(0);
    expect(r.stdout.subarray(0, 2).toString()).toBe('PK');
    expect(runCli(['customer', 'list', '-L', DEMO, '--format', 'xlsx', '-o', file]).code).toBe(0);
    expect(fs.statSync(file).size).toBeGreaterThan(1000);
  });
});

describe('--output', () => {
  it('replaces a file whole and leaves no temporary file behind', () => {
    const dir = tempDir('arledger-out-');
    const file = path.join(dir, 'aging.csv');
    fs.writeFileSync(file, 'old');
    const r = runCli(['aging', '-L', BASIC, '--as-of', AS_OF, '--format', 'csv', '--output', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(fs.readFileSync(file, 'utf8')).toBe(runCli(['aging', '-L', BASIC, '--as-of', AS_OF, '--format', 'csv']).stdout);
    expect(fs.readdirSync(dir)).toEqual(['aging.csv']);
  });

  it('refuses a symbolic link (exit 5), leaving the link and its target as they were', () => {
    const dir = tempDir('arledger-out-');
    const target = path.join(dir, 'elsewhere.txt');
    fs.writeFileSync(target, 'precious');
    fs.symlinkSync(target, path.join(dir, 'report.xlsx'));
    const r = runCli(['aging', '-L', BASIC, '--as-of', AS_OF, '--format', 'xlsx', '--output', path.join(dir, 'report.xlsx')]);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/report\.xlsx: it is a symbolic link .*name the file itself/);
    expect(fs.readFileSync(target, 'utf8')).toBe('precious');
    expect(fs.readlinkSync(path.join(dir, 'report.xlsx'))).toBe(target);
    expect(fs.readdirSync(dir).sort()).toEqual(['elsewhere.txt', 'report.xlsx']);
  });

  it('refuses a directory or a missing directory (exit 5)', () => {
    const dir = tempDir('arledger-out-');
    expect(runCli(['kpi', '-L', BASIC, '--to', AS_OF, '--format', 'xlsx', '--output', dir]).stderr).toMatch(/is not a regular file/);
    const r = runCli(['kpi', '-L', BASIC, '--to', AS_OF, '--format', 'xlsx', '--output', path.join(dir, 'no', 'such.xlsx')]);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/does not exist/);
  });

  it('dunning refuses a bad --output before it writes a letter or a log row', () => {
    const dir = copyLedger(DEMO);
    const out = tempDir('arledger-out-');
    const before = snapshotDir(dir);
    const r = runCli(['dunning', '-L', dir, '--as-of', AS_OF, '--format', 'xlsx', '--output', out]);
    expect(r.code).toBe(5);
    expect(snapshotDir(dir)).toEqual(before);
  });
});

describe('a workbook and a terminal', () => {
  it('the CLI on a real terminal: exit 2, the way out named, no bytes of a workbook', () => {
    // `script` gives the command a terminal as its stdout.
    const tty = spawnSync('script', ['-qec', `${process.execPath} ${path.join(ROOT, 'bin', 'arledger.js')} aging --format xlsx -L ${BASIC}`, '/dev/null'], {
      env: { ...process.env, ARLEDGER_TODAY: AS_OF }, encoding: 'utf8',
    });
    expect(tty.status).toBe(2);
    expect(tty.stdout).toContain('refusing to write a workbook to the terminal — add --output FILE.xlsx, or redirect it: > report.xlsx');
    expect(tty.stdout).not.toContain('PK');
  });

  it('is refused with exit 2 and a pointer to --output, and dunning writes nothing', async () => {
    const { main } = await import('../../src/cli/main.js');
    const dir = copyLedger(DEMO);
    const before = snapshotDir(dir);
    for (const args of [['aging'], ['dunning'], ['statement', 'HARBOR'], ['reconcile', STATEMENT, '--profile', 'hanseatic', '--apply']]) {
      let out = '';
      let err = '';
      const ctx = {
        cwd: ROOT, env: {}, today: AS_OF as never, color: false,
        stdout: { write: (t: string | Uint8Array) => { out += String(t); }, isTTY: true },
        stderr: { write: (t: string | Uint8Array) => { err += String(t); }, isTTY: true },
      };
      const code = await main([...args, '-L', dir, '--format', 'xlsx'], ctx);
      expect(code, `${args.join(' ')}: ${err}`).toBe(2);
      expect(err).toMatch(/refusing to write a workbook to the terminal — add --output FILE\.xlsx/);
      expect(out).toBe('');
    }
    expect(snapshotDir(dir)).toEqual(before);
  });
});

describe('CSV for spreadsheets', () => {
  const config = (csv: string): string => tempLedger({ ...Object.fromEntries(fs.readdirSync(BASIC).map((f) => [f, fs.readFileSync(path.join(BASIC, f), 'utf8')])), 'ledger.yaml': `${fs.readFileSync(path.join(BASIC, 'ledger.yaml'), 'utf8')}${csv}` });

  it('stays plain RFC 4180 by default; total rows are marked by a leading kind column', () => {
    const text = runCli(['aging', '-L', BASIC, '--as-of', AS_OF, '--format', 'csv']).stdout;
    expect(text.startsWith('kind,customer,name,currency,current,days 1-30,days 31-60,days 61-90,days 91+,open,')).toBe(true);
    const rows = text.trim().split('\n').slice(1).map((l) => l.split(','));
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(['row', 'total']));
    // The data rows add up to the total rows, column by column, per currency: a pivot that drops `total` is right.
    for (const t of rows.filter((r) => r[0] === 'total')) {
      const mine = rows.filter((r) => r[0] === 'row' && r[3] === t[3]);
      for (let i = 4; i < t.length; i++) expect(mine.reduce((s, r) => s + Number(r[i]), 0).toFixed(2)).toBe(Number(t[i]).toFixed(2));
    }
  });

  it('takes a BOM, a delimiter and a decimal comma from the options', () => {
    const r = runCli(['aging', '-L', BASIC, '--as-of', AS_OF, '--format', 'csv', '--csv-bom', '--csv-delimiter', ';', '--csv-decimal', ',']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.startsWith('\ufeffkind;customer;name;currency;current;days 1-30;')).toBe(true);
    expect(r.stdout).toMatch(/^row;ACME;Acme Corporation;EUR;100,00;260,00;25,00;0,00;300,00;685,00;70,00;615,00$/m);
    expect(r.stdout).toMatch(/^row;NIPPON;Nippon KK;JPY;120000;0;0;0;0;120000;0;120000$/m);
    const tab = runCli(['invoice', 'list', '-L', BASIC, '--as-of', AS_OF, '--format', 'csv', '--csv-delimiter', 'tab']).stdout;
    expect(tab.split('\n')[0]).toBe('id\tkind\tdate\tdue\tcustomer\tcurrency\tamount\topen\tstatus');
  });

  it('takes them from ledger.yaml, and an option overrides it', () => {
    const dir = config('csv: { bom: true, delimiter: ";", decimal: "," }\n');
    expect(runCli(['behavior', '-L', dir, '--as-of', AS_OF, '--format', 'csv']).stdout.startsWith('\ufeffcustomer;name;')).toBe(true);
    const kpi = runCli(['kpi', '-L', dir, '--from', '2026-09-01', '--to', AS_OF, '--format', 'csv']).stdout;
    expect(kpi).toMatch(/;1915,00;/);
    const plain = runCli(['aging', '-L', dir, '--as-of', AS_OF, '--format', 'csv', '--no-csv-bom', '--csv-delimiter', ',', '--csv-decimal', '.']).stdout;
    expect(plain).toBe(runCli(['aging', '-L', BASIC, '--as-of', AS_OF, '--format', 'csv']).stdout);
  });

  it('refuses malformed options with exit 2 and says what is valid', () => {
    for (const [args, message] of [
      [['--csv-delimiter', ':'], /--csv-delimiter ":" is not a separator arledger writes — write ",", ";", "\|" or tab/],
      [['--csv-decimal', ';'], /--csv-decimal ";" is not "\." or ","/],
      [['--csv-decimal', ','], /the CSV decimal separator "," is also its delimiter — add --csv-delimiter ";"/],
    ] as [string[], RegExp][]) {
      const r = runCli(['aging', '-L', BASIC, '--as-of', AS_OF, '--format', 'csv', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
    // A malformed value is refused whatever the format.
    expect(runCli(['aging', '-L', BASIC, '--as-of', AS_OF, '--format', 'json', '--csv-delimiter', '::']).code).toBe(2);
  });

  it('a bad csv setting in ledger.yaml is a data error naming its line', () => {
    const dir = config('csv:\n  decimal: ","\n');
    const r = runCli(['aging', '-L', dir, '--as-of', AS_OF, '--format', 'csv']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/ledger\.yaml:\d+: csv\.decimal "," is also the delimiter — with decimal: "," write delimiter: ";"/);
  });

  it('dunning and reconcile write CSV whose numbers are the JSON\'s', () => {
    const dir = copyLedger(DEMO);
    const before = snapshotDir(dir);
    const j = JSON.parse(runCli(['dunning', '-L', dir, '--as-of', AS_OF, '--dry-run', '--format', 'json']).stdout);
    const csv = runCli(['dunning', '-L', dir, '--as-of', AS_OF, '--dry-run', '--format', 'csv', '--csv-delimiter', ';', '--csv-decimal', ',']);
    expect(csv.code, csv.stderr).toBe(0);
    expect(snapshotDir(dir)).toEqual(before);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('customer;level;currency;email;overdue;fee;interest;total;unapplied;amount_due;file');
    expect(lines.slice(1).map((l) => l.split(';')).map((c) => [c[0], Number(c[1]), c[4]!.replace(',', '.'), c[7]!.replace(',', '.')]))
      .toEqual(j.letters.map((l: any) => [l.customer, l.level, l.overdue, l.total]));
    const rj = JSON.parse(runCli(['reconcile', STATEMENT, '--profile', 'hanseatic', '-L', dir, '--format', 'json']).stdout);
    const rc = runCli(['reconcile', STATEMENT, '--profile', 'hanseatic', '-L', dir, '--format', 'csv']);
    expect(rc.code).toBe(1);
    const rows = rc.stdout.trim().split('\n');
    expect(rows[0]!.startsWith('bank_id,date,amount,currency,direction,payer,iban,text,reference,status,customer,rule,reason,payment,applications,unapplied')).toBe(true);
    expect(rows.length - 1).toBe(rj.lines.length);
    rj.lines.forEach((l: any, k: number) => expect(rows[k + 1]!.startsWith(`${l.bank_id},${l.date},${l.amount},${l.currency},`)).toBe(true));
  });
});

/**
 * LibreOffice converts the CSVs as a user opening them would, in the locale given; openpyxl reads the results.
 * One start per locale converts all of its files, and the conversions begin with the file's first test and run
 * beside the others: a start of LibreOffice takes longer than everything else here.
 */
function libreOffice(csvs: Record<string, string>, filter: string): Promise<{ status: number | null; stderr: string; books: Record<string, string> }> {
  const dir = tempDir('arledger-lo-');
  const files = Object.entries(csvs).map(([name, csv]) => {
    const file = path.join(dir, `${name}.csv`);
    fs.writeFileSync(file, csv);
    return file;
  });
  return new Promise((resolve, reject) => {
    const c = spawn(SOFFICE!, [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'xlsx', `--infilter=${filter}`, '--outdir', dir, ...files], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
    const err: Buffer[] = [];
    c.stderr.on('data', (d: Buffer) => err.push(d));
    c.on('error', reject);
    c.on('close', (status) => resolve({ status, stderr: Buffer.concat(err).toString('utf8'), books: Object.fromEntries(Object.keys(csvs).map((n) => [n, path.join(dir, `${n}.xlsx`)])) }));
  });
}

// CSV filter options: separator, text quote (34 = "), charset (76 = UTF-8), first line 1, column formats
// left to detection, then the locale (1031 de-DE, 1033 en-US) that reads the numbers and dates.
const GERMAN = ['--csv-bom', '--csv-delimiter', ';', '--csv-decimal', ','];
const LOCALES = { german: 'CSV:59,34,76,1,,1031', english: 'CSV:44,34,76,1,,1033' };
let conversions: Record<keyof typeof LOCALES, ReturnType<typeof libreOffice>> | undefined;
beforeAll(() => {
  if (PYTHON === undefined || SOFFICE === undefined) return;
  const csv = (args: string[]): string => runCli(['aging', '-L', DEMO, '--as-of', AS_OF, ...args]).stdout;
  const german = { aging: csv(['--format', 'csv', ...GERMAN]), detail: csv(['--detail', '--format', 'csv', ...GERMAN]) };
  const english = { aging: csv(['--format', 'csv']) };
  // One after the other: two at once would only share the same two cores.
  const first = libreOffice(german, LOCALES.german);
  conversions = { german: first, english: first.then(() => libreOffice(english, LOCALES.english)) };
});

async function converted(locale: keyof typeof LOCALES, name: string): Promise<XSheet[]> {
  const r = await conversions![locale];
  expect(r.status, r.stderr).toBe(0);
  return readWorkbook(r.books[name]!);
}

describe('CSV through LibreOffice', () => {
  const cases: [string, keyof typeof LOCALES][] = [
    ['German locale, ";" and a decimal comma with a BOM', 'german'],
    ['English locale, plain RFC 4180', 'english'],
  ];
  for (const [name, locale] of cases) {
    it(`${name}: every amount a number equal to the JSON, every header text, totals marked`, async () => {
      if (!need(PYTHON, 'python3-openpyxl') || !need(SOFFICE, 'libreoffice-calc-nogui')) return;
      const j = json(['aging', '--as-of', AS_OF]);
      const s = (await converted(locale, 'aging'))[0]!;
      for (const h of s.rows[0]!) expect(h.t, `header ${h.v}`).toBe('s');
      const rows = records(s);
      const data = rows.filter((r) => r['kind']!.v === 'row');
      expect(data.map((r) => r['name']!.v)).toEqual(j.customers.map((c: any) => c.name));
      j.customers.forEach((c: any, k: number) => {
        for (const b of j.buckets) expectAmount(data[k]![b === 'current' ? b : `days ${b}`]!, c.buckets[b], `${c.customer} ${b}`);
        for (const f of ['open', 'unapplied', 'balance']) expectAmount(data[k]![f]!, c[f], `${c.customer} ${f}`);
      });
      const totals = rows.filter((r) => r['kind']!.v === 'total');
      j.totals.forEach((t: any, k: number) => expectAmount(totals[k]!['balance']!, t.balance, `total ${t.currency}`));
    }, 180_000);
  }

  it('German locale: the detail\'s dates are dates and its buckets text', async () => {
    if (!need(PYTHON, 'python3-openpyxl') || !need(SOFFICE, 'libreoffice-calc-nogui')) return;
    const rows = records((await converted('german', 'detail'))[0]!);
    const j = json(['aging', '--as-of', AS_OF, '--detail']);
    const items = j.customers.flatMap((c: any) => c.items);
    expect(rows.map((r) => [r['due']!.v, r['bucket']!.v, r['bucket']!.t])).toEqual(items.map((i: any) => [i.due, i.bucket === 'current' ? 'current' : `days ${i.bucket}`, 's']));
    items.forEach((i: any, k: number) => expectAmount(rows[k]!['open']!, i.open, i.id));
  }, 180_000);
});
