// SPEC §6 on every command: an id named on the command line that the ledger lacks is a data error (exit 3), a
// malformed option value a usage error (exit 2); either way nothing is written and the message names the value.
// Also -L/--ledger and --wait before the command name, and future dates refused by every writing command (§7).
// Exit codes as the shell sees them: every command here runs as `node bin/arledger.js`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, copyLedger, snapshotDir, spawnCli, tempDir } from '../helpers/cli.js';

const DEMO = path.join(ROOT, 'ledgers', 'demo');

describe('exit codes of every command (SPEC §6)', () => {
  let dir = '';
  beforeAll(() => {
    dir = copyLedger(DEMO);
  });

  const unknownIds: [string, string[], RegExp][] = [
    ['customer show', ['customer', 'show', 'NOPE'], /customer "NOPE" does not exist/],
    ['invoice list --customer', ['invoice', 'list', '--customer', 'NOPE'], /customer "NOPE" does not exist/],
    ['invoice show', ['invoice', 'show', 'INV-NOPE'], /invoice "INV-NOPE" does not exist/],
    ['invoice show of a payment', ['invoice', 'show', 'PAY-000001'], /PAY-000001 is a payment, not an invoice/],
    ['invoice render', ['invoice', 'render', 'INV-NOPE'], /invoice "INV-NOPE" does not exist/],
    ['invoice add --customer', ['invoice', 'add', '--customer', 'NOPE', '--amount', '10.00'], /customer "NOPE" does not exist/],
    ['apply --customer', ['apply', '--customer', 'NOPE', '--amount', '10.00'], /customer "NOPE" does not exist/],
    ['apply --invoice', ['apply', '--customer', 'HAAS', '--amount', '10.00', '--invoice', 'INV-NOPE'], /invoice "INV-NOPE" does not exist/],
    ['apply --credit', ['apply', '--credit', 'PAY-NOPE'], /credit "PAY-NOPE" does not exist/],
    ['credit --customer', ['credit', '--customer', 'NOPE', '--amount', '1.00', '--reason', 'x'], /customer "NOPE" does not exist/],
    ['credit --invoice', ['credit', '--customer', 'HAAS', '--amount', '1.00', '--reason', 'x', '--invoice', 'INV-NOPE'], /invoice "INV-NOPE" does not exist/],
    ['writeoff', ['writeoff', 'INV-NOPE', '--reason', 'x'], /invoice "INV-NOPE" does not exist/],
    ['refund --customer', ['refund', '--customer', 'NOPE', '--amount', '1.00'], /customer "NOPE" does not exist/],
    ['refund --credit', ['refund', '--customer', 'HAAS', '--amount', '1.00', '--credit', 'PAY-NOPE'], /credit "PAY-NOPE" does not exist/],
    ['dispute', ['dispute', 'INV-NOPE', '--reason', 'x'], /invoice "INV-NOPE" does not exist/],
    ['dispute --resolve', ['dispute', 'INV-NOPE', '--resolve'], /invoice "INV-NOPE" does not exist/],
    ['aging --customer', ['aging', '--customer', 'NOPE'], /customer "NOPE" does not exist/],
    ['statement', ['statement', 'NOPE'], /customer "NOPE" does not exist/],
    ['behavior --customer', ['behavior', '--customer', 'NOPE'], /customer "NOPE" does not exist/],
    // An input file that is not there is an input-file problem (import's own test has the same for an export).
    ['reconcile STATEMENT', ['reconcile', '/nonexistent/stmt.xml'], /\/nonexistent\/stmt\.xml: does not exist/],
  ];

  const malformed: [string, string[], RegExp][] = [
    ['customer show --as-of', ['customer', 'show', 'HAAS', '--as-of', '2026-02-30'], /--as-of "2026-02-30" is not a calendar date/],
    ['customer list --format', ['customer', 'list', '--format', 'xml'], /xml/],
    ['invoice list --as-of', ['invoice', 'list', '--as-of', '30.11.2026'], /--as-of "30.11.2026" is not a calendar date/],
    ['invoice show --format', ['invoice', 'show', 'INV-2026-00001', '--format', 'docx'], /docx/],
    ['invoice render --format', ['invoice', 'render', 'INV-2026-00001', '--format', 'docx'], /docx/],
    ['invoice add --date', ['invoice', 'add', '--customer', 'HAAS', '--amount', '10.00', '--date', '2026-11-31'], /--date "2026-11-31" is not a calendar date/],
    ['invoice add --amount', ['invoice', 'add', '--customer', 'HAAS', '--amount', '10,00'], /--amount "10,00"/],
    ['apply --amount', ['apply', '--customer', 'HAAS', '--amount', '1e3'], /--amount "1e3"/],
    ['apply --wait', ['apply', '--customer', 'HAAS', '--amount', '1.00', '--wait', 'soon'], /--wait "soon" is not a number of seconds/],
    ['credit --amount', ['credit', '--customer', 'HAAS', '--amount', '-5', '--reason', 'x'], /--amount "-5"/],
    ['writeoff --date', ['writeoff', 'INV-2026-00001', '--reason', 'x', '--date', 'yesterday'], /--date "yesterday" is not a calendar date/],
    ['refund --amount', ['refund', '--customer', 'HAAS', '--amount', 'ten'], /--amount "ten"/],
    ['dispute --date', ['dispute', 'INV-2026-00001', '--reason', 'x', '--date', '2026-13-01'], /--date "2026-13-01" is not a calendar date/],
    ['aging --basis', ['aging', '--basis', 'overdue'], /--basis "overdue" is not due or invoice/],
    ['aging --fail-over', ['aging', '--fail-over', '91+=lots'], /--fail-over "91\+=lots"/],
    ['statement --from', ['statement', 'HAAS', '--from', '2026-02-30'], /--from "2026-02-30" is not a calendar date/],
    ['dunning --as-of', ['dunning', '--as-of', 'tomorrow'], /--as-of "tomorrow" is not a calendar date/],
    ['reconcile --gl', ['reconcile', '--gl', 'much'], /--gl "much"/],
    ['check --format', ['check', '--format', 'xml'], /xml/],
    ['behavior --as-of', ['behavior', '--as-of', '2026-02-30'], /--as-of "2026-02-30" is not a calendar date/],
    ['kpi --to', ['kpi', '--to', '2026-02-30'], /2026-02-30/],
    ['close DATE', ['close', '31.10.2026'], /DATE "31.10.2026" is not a calendar date/],
    ['export --format', ['export', '--format', 'ledger'], /ledger/],
    ['import kind', ['import', 'credits', 'x.csv', '--profile', 'erp'], /"credits" cannot be imported/],
    ['import --profile', ['import', 'invoices', 'ledgers/demo/invoices.csv', '--profile', 'erp'], /--profile "erp" is not in import.profiles/],
    ['completion shell', ['completion', 'powershell'], /shell "powershell" is not supported/],
    ['unknown option', ['aging', '--colour'], /unknown option '--colour'/],
  ];

  it.each(unknownIds)('%s: an unknown id is exit 3, names it, and writes nothing', (_name, args, message) => {
    const before = snapshotDir(dir);
    const r = spawnCli([...args, '-L', dir]);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(snapshotDir(dir)).toEqual(before);
  });

  it.each(malformed)('%s: a malformed value is exit 2, names it, and writes nothing', (_name, args, message) => {
    const before = snapshotDir(dir);
    const r = spawnCli(['-L', dir, ...args]);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(snapshotDir(dir)).toEqual(before);
  });
});

describe('-L/--ledger and --wait before the command', () => {
  it('a report sees the ledger given before its name, as it would after it', () => {
    const after = spawnCli(['aging', '--format', 'csv', '-L', DEMO]);
    expect(after.code).toBe(0);
    expect(spawnCli(['-L', DEMO, 'aging', '--format', 'csv'])).toEqual(after);
    expect(spawnCli(['--ledger', DEMO, 'invoice', 'show', 'INV-2026-00001']).stdout).toBe(spawnCli(['invoice', 'show', 'INV-2026-00001', '-L', DEMO]).stdout);
  });

  it('a writing command takes -L and --wait before its name', () => {
    const dir = copyLedger(DEMO);
    const r = spawnCli(['-L', dir, '--wait', '2', 'dispute', 'INV-2026-00001', '--reason', 'quantity', '--date', '2026-11-30']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'disputes.csv'), 'utf8')).toContain('2026-11-30,INV-2026-00001,open,quantity\n');
  });

  it('refuses two different ledgers and a malformed --wait before the command (exit 2)', () => {
    const other = tempDir();
    const r = spawnCli(['-L', DEMO, 'aging', '-L', other]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--ledger is given twice/);
    const w = spawnCli(['--wait', 'soon', '-L', DEMO, 'dispute', 'INV-2026-00001', '--resolve']);
    expect(w.code).toBe(2);
    expect(w.stderr).toMatch(/--wait "soon" is not a number of seconds/);
  });

  it('--help lists them', () => {
    const r = spawnCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/-L, --ledger <dir>/);
    expect(r.stdout).toMatch(/--wait <seconds>/);
  });
});

describe('documents dated after today + future_days (SPEC §7)', () => {
  // spawnCli fixes today at 2026-11-30.
  const refusals: [string, string[]][] = [
    ['invoice add', ['invoice', 'add', '--customer', 'HAAS', '--amount', '10.00', '--date', '2099-01-01']],
    ['apply', ['apply', '--customer', 'HAAS', '--amount', '10.00', '--date', '2026-12-01']],
    ['credit', ['credit', '--customer', 'HAAS', '--amount', '1.00', '--reason', 'x', '--date', '2027-01-01']],
    ['refund', ['refund', '--customer', 'HAAS', '--amount', '1.00', '--date', '2027-01-01', '--force']],
    ['dispute', ['dispute', 'INV-2026-00001', '--reason', 'x', '--date', '2026-12-01']],
    ['dunning --post-fees', ['dunning', '--as-of', '2027-01-15', '--post-fees']],
  ];

  it.each(refusals)('%s refuses a future date (exit 3), naming it, the limit and --allow-future', (_name, args) => {
    const dir = copyLedger(DEMO);
    const before = snapshotDir(dir);
    const r = spawnCli([...args, '-L', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/dated 20\d\d-\d\d-\d\d is after 2026-11-30 \(today 2026-11-30 \+ future_days 0 of ledger.yaml\)/);
    expect(r.stderr).toMatch(/--allow-future/);
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('dunning --as-of after today writes its notices: the date is a report date, and only posted fees are documents', () => {
    const dir = copyLedger(DEMO);
    const r = spawnCli(['dunning', '--as-of', '2027-01-15', '-L', dir]);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'dunning.csv'), 'utf8')).toMatch(/^2027-01-15,/m);
  });

  it('reconcile --apply never books a statement line dated after today: it is out-of-period (SPEC §5)', () => {
    const dir = copyLedger(DEMO);
    const args = ['reconcile', path.join(dir, 'statements', '2026-11-hanseatic.csv'), '--profile', 'hanseatic', '--apply', '--format', 'json', '-L', dir];
    const r = spawnCli(args, { env: { ARLEDGER_TODAY: '2026-11-10' } });
    expect(r.code).toBe(1);
    const lines = (JSON.parse(r.stdout) as { lines: { date: string; status: string }[] }).lines;
    const future = lines.filter((l) => l.date > '2026-11-10');
    expect(future.length).toBeGreaterThan(0);
    for (const l of future) expect(l.status).toBe('out-of-period');
    const booked = fs.readFileSync(path.join(dir, 'payments.csv'), 'utf8').split('\n').filter((l) => /,2026-11-(1[1-9]|2\d|30),/.test(l) && /,HB/.test(l));
    expect(booked).toEqual([]);
  });

  it('--allow-future writes it; future_days moves the limit', () => {
    const dir = copyLedger(DEMO);
    const r = spawnCli(['invoice', 'add', '--customer', 'HAAS', '--amount', '10.00', '--date', '2099-01-01', '--allow-future', '-L', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('INV-2099-00001\n');
    fs.appendFileSync(path.join(dir, 'ledger.yaml'), 'future_days: 5\n');
    expect(spawnCli(['invoice', 'add', '--customer', 'HAAS', '--amount', '10.00', '--date', '2026-12-05', '-L', dir]).code).toBe(0);
    const late = spawnCli(['invoice', 'add', '--customer', 'HAAS', '--amount', '10.00', '--date', '2026-12-06', '-L', dir]);
    expect(late.code).toBe(3);
    expect(late.stderr).toMatch(/dated 2026-12-06 is after 2026-12-05 \(today 2026-11-30 \+ future_days 5 of ledger.yaml\)/);
  });
});
