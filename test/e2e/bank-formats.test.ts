// `reconcile` through the built CLI on a copy of the demo ledger, with a statement of each bank format
// (fixtures/bank/): the JSON against goldens, --skip-unbalanced, --apply, and the refusals, ledger unchanged.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, copyLedger, runCli, snapshotDir, tempDir } from '../helpers/cli.js';

const GOLDEN = path.join(ROOT, 'test', 'golden', 'reconcile', 'formats');
const FIX = path.join(ROOT, 'fixtures', 'bank');
const DEMO = path.join(ROOT, 'ledgers', 'demo');

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
  }
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

describe('reconcile reads every bank format into the same statement model', () => {
  const cases: [string, string, string][] = [
    ['OFX 1.02 (SGML, Windows-1252)', 'commerz-usd-2026-11.ofx', 'ofx.json'],
    ['QFX (OFX 2.2 XML, with a pending transaction)', 'cascade-2026-11.qfx', 'qfx.json'],
    ['QIF (latin-1, Quicken amounts)', 'haspa-2026-11.qif', 'qif.json'],
    ['BAI2 (lockbox, 88 continuations)', 'commerz-usd-2026-11-30.bai2', 'bai2.json'],
    ['MT942 (SWIFT envelope, :34F:, :13D:, :90C:)', 'haspa-2026-11-30.mt942', 'mt942.json'],
    ['camt.052 (intraday report, a pending entry)', 'haspa-2026-11-30-intraday.xml', 'camt052.json'],
  ];
  for (const [what, file, gold] of cases) {
    it(`${what}: proposes the demo customers' invoices; exit 1, nothing written`, () => {
      const dir = copyLedger(DEMO);
      const before = snapshotDir(dir);
      const r = runCli(['reconcile', path.join(FIX, file), '--format', 'json', '-L', dir]);
      expect(r.stderr).toMatch(/proposed lines? left to reconcile/);
      expect(r.code).toBe(1);
      golden(gold, r.stdout);
      const lines = (JSON.parse(r.stdout) as { lines: { status: string; customer: string | null }[] }).lines;
      expect(lines.filter((l) => l.status === 'proposed').length).toBeGreaterThanOrEqual(1);
      expect(snapshotDir(dir)).toEqual(before);
    });
  }

  it('--apply records a BAI2 file\'s proposals; a second --apply changes no byte', () => {
    const dir = copyLedger(DEMO);
    const stmt = path.join(FIX, 'commerz-usd-2026-11-30.bai2');
    const first = runCli(['reconcile', stmt, '--apply', '-L', dir]);
    expect(first.stderr).toContain('recorded 0 reconciliations and 2 payments');
    expect(first.code).toBe(0);
    const payments = fs.readFileSync(path.join(dir, 'payments.csv'), 'utf8');
    expect(payments).toMatch(/GREENFIELD,USD,5405\.40,bank,[^\n]*,FW2611300001,/);
    const after = snapshotDir(dir);
    const again = runCli(['reconcile', stmt, '--apply', '-L', dir]);
    expect(again.code).toBe(0);
    expect(snapshotDir(dir)).toEqual(after);
  });
});

describe('--skip-unbalanced', () => {
  const multi = path.join(FIX, 'haspa-2026-11-27-29.sta');

  it('without it, one statement that does not add up refuses the file, naming it and its numbers; exit 3, nothing written', () => {
    const dir = copyLedger(DEMO);
    const before = snapshotDir(dir);
    const r = runCli(['reconcile', multi, '-L', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('haspa-2026-11-27-29.sta:17: statement "STMT-2611-B/332/1": opening balance 12525.00 + movements 5467.50 = 17992.50, but the closing balance is 18000.00 EUR');
    expect(r.stderr).toContain('--skip-unbalanced');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('with it, reconciles the statements that add up and reports the other on stderr and in JSON', () => {
    const dir = copyLedger(DEMO);
    const r = runCli(['reconcile', multi, '--skip-unbalanced', '--format', 'json', '-L', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('haspa-2026-11-27-29.sta:17: skipped (--skip-unbalanced): statement "STMT-2611-B/332/1"');
    golden('mt940-skip-unbalanced.json', r.stdout);
    const out = JSON.parse(r.stdout) as { lines: { bank_id: string }[]; skipped_statements: { statement: string; line: number }[] };
    expect(out.lines.map((l) => l.bank_id)).toEqual(['HB26112701', 'HB26112901']);
    expect(out.skipped_statements).toMatchObject([{ statement: 'STMT-2611-B/332/1', line: 17 }]);
  });

  it('with it, --apply records only the statements that add up', () => {
    const dir = copyLedger(DEMO);
    const r = runCli(['reconcile', multi, '--skip-unbalanced', '--apply', '-L', dir]);
    expect(r.code).toBe(0);
    const payments = fs.readFileSync(path.join(dir, 'payments.csv'), 'utf8');
    expect(payments).toContain('HB26112701');
    expect(payments).not.toContain('HB26112801');
  });

  it('still refuses a file whose every statement is unbalanced (exit 3)', () => {
    const dir = copyLedger(DEMO);
    const one = path.join(tempDir(), 'one.sta');
    fs.writeFileSync(one, ':20:X\n:25:A\n:28C:1\n:60F:C261101EUR0,00\n:61:2611031103C50,00NTRFNONREF//TX1\n:62F:C261130EUR60,00\n-\n');
    const r = runCli(['reconcile', one, '--skip-unbalanced', '-L', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('one.sta:6: statement "X/1": opening balance 0.00 + movements 50.00 = 50.00, but the closing balance is 60.00 EUR');
  });

  it('is a usage error with --gl (exit 2)', () => {
    expect(runCli(['reconcile', '--gl', '10.00', '--skip-unbalanced', '-L', copyLedger(DEMO)]).code).toBe(2);
  });
});

describe('files that are no bank statement: exit 3, nothing written, one line naming what they look like', () => {
  const formats = 'formats: camt.052/053/054, MT940, MT942, OFX, QFX, QIF, BAI2, CSV with a profile';
  it.each([
    ['statement.pdf', '%PDF-1.4\n', 'a PDF document'],
    ['statement.ofx', '<!DOCTYPE html><html><body>Login</body></html>', 'an HTML page'],
    ['statement.json', '{"a":1}', 'JSON'],
    ['statement.sta', '', 'an empty file'],
    ['statement.qif', 'Hello,\nthis is not a statement\n', 'plain text'],
  ])('%s', (name, content, looks) => {
    const dir = copyLedger(DEMO);
    const file = path.join(tempDir(), name);
    fs.writeFileSync(file, content);
    const before = snapshotDir(dir);
    const r = runCli(['reconcile', file, '-L', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr.split('\n')[0]).toBe(`arledger: ${file}: not a bank statement arledger reads (looks like ${looks}); ${formats}`);
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('reports a broken OFX amount at FILE:LINE, never a stack trace (exit 3)', () => {
    const dir = copyLedger(DEMO);
    const file = path.join(tempDir(), 'bad.ofx');
    fs.writeFileSync(file, fs.readFileSync(path.join(FIX, 'commerz-usd-2026-11.ofx'), 'latin1').replace('<TRNAMT>4399.38', '<TRNAMT>4,399.38'), 'latin1');
    const r = runCli(['reconcile', file, '-L', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`${file}:16: TRNAMT "4,399.38" has a thousands separator, which OFX amounts never carry`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
