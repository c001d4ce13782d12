// Legitimate repeated rows (a second application of the same amount on the same day; a dispute reopened on the
// day it was resolved) are accepted, while the duplicates a union merge of two git branches leaves are still
// found by `check`, without advising to delete a posted row.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE_CONFIG, BASE_CUSTOMERS, runCli, tempLedger } from '../helpers/cli.js';

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, '-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function books(): string {
  return tempLedger({
    'ledger.yaml': BASE_CONFIG,
    'customers.yaml': BASE_CUSTOMERS,
    '.gitattributes': '*.csv merge=union\n',
    'invoices.csv': `id,kind,date,due,customer,currency,amount,terms,reference,memo
INV-1,invoice,2026-10-01,2026-10-31,ACME,EUR,1000.00,net30,,
INV-2,invoice,2026-10-02,2026-11-01,ACME,EUR,1000.00,net30,,
INV-3,invoice,2026-10-03,2026-11-02,ACME,EUR,1000.00,net30,,
`,
    'payments.csv': `id,date,customer,currency,amount,method,reference,bank_ref,memo
PAY-1,2026-11-01,ACME,EUR,900.00,transfer,,,
PAY-2,2026-11-01,ACME,EUR,90.00,transfer,,,
`,
    'applications.csv': 'date,credit,debit,amount\n',
    'disputes.csv': 'date,invoice,status,reason\n',
  });
}

const ok = (args: string[], dir: string): string => {
  const r = runCli([...args, '-L', dir]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
};

describe('legitimate repeats', () => {
  it('a second application of the same amount on the same day is recorded and counted', () => {
    const dir = books();
    ok(['apply', '--credit', 'PAY-1', '--invoice', 'INV-1=100.00'], dir);
    ok(['apply', '--credit', 'PAY-1', '--invoice', 'INV-1=100.00'], dir);
    expect(fs.readFileSync(path.join(dir, 'applications.csv'), 'utf8')).toBe(
      'date,credit,debit,amount\n2026-11-30,PAY-1,INV-1,100.00\n2026-11-30,PAY-1,INV-1,100.00\n');
    const check = runCli(['check', '-L', dir]);
    expect(check.code, check.stdout).toBe(0);
    const aging = JSON.parse(ok(['aging', '--detail', '--format', 'json'], dir));
    expect(aging.customers[0].items.find((i: { id: string }) => i.id === 'INV-1').open).toBe('800.00');
    expect(aging.customers[0].unapplied).toBe('790.00');
  });

  it('a dispute reopened with the same reason on the day it was resolved is recorded, and the invoice is disputed', () => {
    const dir = books();
    ok(['dispute', 'INV-2', '--reason', 'damaged'], dir);
    ok(['dispute', 'INV-2', '--resolve'], dir);
    ok(['dispute', 'INV-2', '--reason', 'damaged'], dir);
    expect(runCli(['check', '-L', dir]).code).toBe(0);
    expect(ok(['invoice', 'show', 'INV-2'], dir)).toMatch(/status:\s+disputed/);
  });

  it('a repeat committed after the first copy, on one line of history, is not a merge duplicate', () => {
    const dir = books();
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'books');
    ok(['apply', '--credit', 'PAY-1', '--invoice', 'INV-1=100.00'], dir);
    git(dir, 'commit', '-q', '-am', 'first');
    ok(['apply', '--credit', 'PAY-1', '--invoice', 'INV-1=100.00'], dir);
    expect(runCli(['check', '-L', dir]).code).toBe(0);
    git(dir, 'commit', '-q', '-am', 'second');
    const r = runCli(['check', '-L', dir]);
    expect(r.code, r.stdout).toBe(0);
  });
});

describe('a real union merge of two git branches', () => {
  it('check finds the row both branches added and the merge kept twice (exit 1), naming both commits', () => {
    const dir = books();
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'books');
    git(dir, 'checkout', '-q', '-b', 'laptop');
    ok(['apply', '--credit', 'PAY-1', '--invoice', 'INV-1=100.00'], dir);
    ok(['apply', '--credit', 'PAY-1', '--invoice', 'INV-2=50.00'], dir);
    git(dir, 'commit', '-q', '-am', 'laptop: applications');
    git(dir, 'checkout', '-q', 'main');
    ok(['apply', '--credit', 'PAY-2', '--invoice', 'INV-3=10.00'], dir);
    ok(['apply', '--credit', 'PAY-1', '--invoice', 'INV-1=100.00'], dir);
    git(dir, 'commit', '-q', '-am', 'server: applications');
    git(dir, 'merge', '-q', '--no-edit', 'laptop');
    const text = fs.readFileSync(path.join(dir, 'applications.csv'), 'utf8');
    expect(text.split('\n').filter((l) => l === '2026-11-30,PAY-1,INV-1,100.00')).toHaveLength(2);
    const r = runCli(['check', '-L', dir]);
    expect(r.code).toBe(1);
    const line = text.split('\n').lastIndexOf('2026-11-30,PAY-1,INV-1,100.00') + 1;
    const first = text.split('\n').indexOf('2026-11-30,PAY-1,INV-1,100.00') + 1;
    expect(r.stdout).toMatch(new RegExp(`^applications\\.csv:${line}: duplicate row, same as line ${first}: the copies come from commits [0-9a-f]{7} and [0-9a-f]{7} of two branches, and a union merge kept both — `, 'm'));
    expect(r.stdout).not.toMatch(/delete/);
    // A report still runs: the repeat is a question about history that only check can answer.
    expect(runCli(['aging', '-L', dir]).code).toBe(0);
  });

  it('a transaction a union merge kept twice is reported at its doubled id and its doubled application, with or without git', () => {
    const dir = books();
    fs.appendFileSync(path.join(dir, 'payments.csv'), 'PAY-3,2026-11-02,ACME,EUR,200.00,transfer,,,\nPAY-3,2026-11-02,ACME,EUR,200.00,transfer,,,\n');
    fs.appendFileSync(path.join(dir, 'applications.csv'), '2026-11-02,PAY-3,INV-2,200.00\n2026-11-02,PAY-3,INV-2,200.00\n');
    const r = runCli(['check', '-L', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('applications.csv:3: duplicate row, same as line 2, left with the second PAY-3 (payments.csv:5) — a union merge of two branches that both added it kept both copies');
    expect(r.stdout).toContain('payments.csv:5: duplicate id "PAY-3", also at payments.csv:4');
  });

  it('a dispute event repeated back to back is reported: the tool never opens an open dispute', () => {
    const dir = books();
    fs.appendFileSync(path.join(dir, 'disputes.csv'), '2026-11-10,INV-2,open,damaged\n2026-11-10,INV-2,open,damaged\n');
    const r = runCli(['check', '-L', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('disputes.csv:3: duplicate row, same as line 2: INV-2 is already disputed by it — a union merge of two branches that both added it kept both copies; redo the merge so that it keeps one (posted rows are never edited after the merge)\n');
  });
});
