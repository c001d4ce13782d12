// `arledger check`: output formats (goldens) and `--base REV` against real git repositories made here.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyLedger, ROOT, runCli, snapshotDir, tempDir } from '../helpers/cli.js';

const FIXTURES = path.join(ROOT, 'fixtures', 'errors');
const GOLDEN = path.join(ROOT, 'test', 'golden', 'errors');
const VALID = path.join(FIXTURES, 'yaml-octal-and-norway');

function expectGolden(file: string, actual: string): void {
  if (process.env['UPDATE_GOLDEN'] === '1') fs.writeFileSync(file, actual);
  expect(fs.existsSync(file), `golden ${file} is missing; run with UPDATE_GOLDEN=1 once and review it`).toBe(true);
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, '-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
  });
}

/** A git repository whose first commit is a valid ledger, in `sub` below the top when given. */
function repo(sub = ''): { top: string; dir: string } {
  const top = tempDir('arledger-git-');
  const dir = path.join(top, sub);
  fs.cpSync(VALID, dir, { recursive: true });
  git(top, 'init', '-q', '-b', 'main');
  git(top, 'add', '-A');
  git(top, 'commit', '-q', '-m', 'books');
  return { top, dir };
}

const append = (dir: string, file: string, text: string): void => fs.appendFileSync(path.join(dir, file), text);

/** Sets (or, with null, removes) lock_date in ledger.yaml by hand, as a user editing the file would. */
function setLock(dir: string, date: string | null): void {
  const p = path.join(dir, 'ledger.yaml');
  const text = fs.readFileSync(p, 'utf8').replace(/^lock_date:.*\n/m, '');
  fs.writeFileSync(p, date === null ? text : `${text}lock_date: ${date}\n`);
}

const commit = (top: string, message: string): string => {
  git(top, 'add', '-A');
  git(top, 'commit', '-q', '-m', message);
  return git(top, 'rev-parse', '--short=7', 'HEAD').trim();
};

describe('check output formats', () => {
  const scenario = path.join('fixtures', 'errors', 'multiline-record');

  it('text: one FILE:LINE: message per problem, a count on stderr, exit 1', () => {
    const r = runCli(['check', '-L', scenario]);
    expect(r.code).toBe(1);
    expectGolden(path.join(GOLDEN, 'multiline-record.txt'), r.stdout);
    expect(r.stderr).toBe(`arledger: 2 problems in ${path.join(ROOT, scenario)}\n`);
  });

  it('json', () => {
    const r = runCli(['check', '-L', scenario, '--format', 'json']);
    expect(r.code).toBe(1);
    expectGolden(path.join(GOLDEN, 'format-json.json'), r.stdout);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, issues: [{ file: 'invoices.csv', line: 3 }, { file: 'invoices.csv', line: 6 }] });
  });

  it('github: workflow annotations with paths from the working directory', () => {
    const r = runCli(['check', '-L', scenario, '--format', 'github']);
    expect(r.code).toBe(1);
    expectGolden(path.join(GOLDEN, 'format-github.txt'), r.stdout);
    expect(r.stdout.split('\n')[0]).toMatch(/^::error file=fixtures\/errors\/multiline-record\/invoices\.csv,line=3,title=arledger check::amount /);
  });

  it('github: a message with a line break stays one annotation', () => {
    const r = runCli(['check', '-L', path.join('fixtures', 'errors', 'header-injection-name'), '--format', 'github']);
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stdout).toContain('"Acme Corporation\\r\\nBcc: victim@evil.example"');
  });

  it('github: a path with "," or ":" is escaped as a property value', () => {
    const dir = path.join(tempDir(), 'books, 2026: Q4');
    fs.cpSync(path.join(FIXTURES, 'bad-date'), dir, { recursive: true });
    const r = runCli(['check', '-L', path.basename(dir), '--format', 'github'], { cwd: path.dirname(dir) });
    expect(r.stdout).toBe('::error file=books%2C 2026%3A Q4/invoices.csv,line=3,title=arledger check::date "2026-02-30" is not a calendar date — write YYYY-MM-DD, e.g. 2026-11-30\n');
  });

  it('a valid ledger: nothing on stdout, a summary on stderr, exit 0, in every format', () => {
    for (const format of ['text', 'github']) {
      const r = runCli(['check', '-L', VALID, '--format', format]);
      expect([r.code, r.stdout]).toEqual([0, '']);
      expect(r.stderr).toBe('arledger: ledger ok: 9 documents, 2 applications\n');
    }
    const json = runCli(['check', '-L', VALID, '--format', 'json']);
    expect(JSON.parse(json.stdout)).toEqual({ ok: true, documents: 9, issues: [] });
  });

  it('a bad --format is a usage error', () => {
    const r = runCli(['check', '-L', VALID, '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/xml/);
  });

  it('a directory that is not a ledger is a data error (exit 3)', () => {
    const r = runCli(['check', '-L', tempDir()]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/is not a ledger: it has no ledger\.yaml/);
  });
});

describe('check --base REV (append-only since a git revision)', () => {
  it('accepts rows appended since REV', () => {
    const { dir } = repo();
    append(dir, 'payments.csv', 'PAY-7,2026-11-02,007,GBP,70.07,transfer,INV-5,,\n');
    append(dir, 'applications.csv', '2026-11-02,PAY-7,INV-5,70.07\n');
    const r = runCli(['check', '--base', 'HEAD', '-L', dir]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toBe('');
  });

  it('reports an edited committed row at its line (exit 1), and changes nothing', () => {
    const { dir } = repo();
    const p = path.join(dir, 'invoices.csv');
    fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replace('INV-2,invoice,2026-10-05,2026-11-04,GLOBEX,EUR,500.00', 'INV-2,invoice,2026-10-05,2026-11-04,GLOBEX,EUR,450.00'));
    const before = snapshotDir(dir);
    const r = runCli(['check', '--base', 'HEAD', '-L', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('invoices.csv:3: row of HEAD (line 3) was changed or removed: "INV-2,invoice,2026-10-05,2026-11-04,GLOBEX,EUR,500.00,net30,," — restore the row and correct it with a new document (credit note, debit note, reversal)\n');
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('reports a removed row and a reordered one', () => {
    const { dir } = repo();
    const p = path.join(dir, 'payments.csv');
    const lines = fs.readFileSync(p, 'utf8').split('\n');
    fs.writeFileSync(p, [lines[0], lines[2], lines[1], ''].join('\n')); // swap PAY-1 and PAY-2
    const q = path.join(dir, 'disputes.csv');
    fs.writeFileSync(q, fs.readFileSync(q, 'utf8').split('\n')[0] + '\n'); // drop the only dispute
    const r = runCli(['check', '--base', 'HEAD', '-L', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^disputes\.csv:2: row of HEAD \(line 2\) was changed or removed: "2026-10-20,INV-2,open,quantity disputed"/m);
    expect(r.stdout).toMatch(/^payments\.csv:2: row of HEAD \(line 2\) moved to line 3: journals are append-only/m);
  });

  it('reports a new row dated on or before lock_date, at its line', () => {
    const { top, dir } = repo();
    append(dir, 'ledger.yaml', 'lock_date: 2026-10-31\n');
    git(top, 'commit', '-q', '-am', 'close October');
    append(dir, 'payments.csv', 'PAY-7,2026-10-31,007,GBP,10.00,transfer,,,\nPAY-8,2026-11-01,007,GBP,10.00,transfer,,,\n');
    const r = runCli(['check', '--base', 'HEAD', '-L', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('payments.csv:4: row added since HEAD is dated 2026-10-31, on or before lock_date 2026-10-31 — the books are closed up to 2026-10-31; date it later\n');
    expect(fs.readFileSync(path.join(dir, 'payments.csv'), 'utf8').split('\n')[3]).toMatch(/^PAY-7,2026-10-31,/);
  });

  it('works on a ledger in a subdirectory, from any working directory, and against a branch name', () => {
    const { top, dir } = repo('books');
    git(top, 'branch', 'closed');
    append(dir, 'payments.csv', 'PAY-7,2026-11-02,007,GBP,1.00,transfer,,,\n');
    expect(runCli(['check', '--base', 'closed', '-L', dir], { cwd: tempDir() }).code).toBe(0);
    const p = path.join(dir, 'credits.csv');
    fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replace('price adjustment', 'price adjustmnt'));
    const r = runCli(['check', '--base', 'closed', '--format', 'github', '-L', 'books'], { cwd: top });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error file=books\/credits\.csv,line=2,title=arledger check::row of closed \(line 2\) was changed or removed/);
  });

  it('a journal that is new since REV is all new rows', () => {
    const { dir } = repo();
    fs.writeFileSync(path.join(dir, 'rates.csv'), 'date,currency,rate\n2026-11-01,GBP,1.1500\n');
    expect(runCli(['check', '--base', 'HEAD', '-L', dir]).code).toBe(0);
  });

  it('an unknown revision is a usage error (exit 2) that names it', () => {
    const { dir } = repo();
    const r = runCli(['check', '--base', 'no-such-branch', '-L', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^arledger: --base "no-such-branch" is not a git revision of .* — give a branch, tag or commit$/m);
  });

  it('outside a git repository --base is a usage error (exit 2)', () => {
    const dir = copyLedger(VALID);
    const r = runCli(['check', '--base', 'HEAD', '-L', dir], { env: { GIT_CEILING_DIRECTORIES: path.dirname(dir) } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--base needs the ledger to be in a git repository/);
  });

  it('the bypass: lock_date removed in the same commit as a back-dated row — both reported', () => {
    const { top, dir } = repo();
    setLock(dir, '2026-10-31');
    git(top, 'commit', '-q', '-am', 'close October');
    git(top, 'tag', 'base');
    setLock(dir, null);
    append(dir, 'payments.csv', 'PAY-7,2026-10-20,007,GBP,10.00,transfer,,,\n');
    const sha = commit(top, 'reopen');
    const r = runCli(['check', '--base', 'base', '-L', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe([
      `ledger.yaml:1: lock_date 2026-10-31 was removed in commit ${sha}, since base — the lock only moves forward (arledger close); set lock_date to 2026-10-31 or later`,
      `payments.csv:4: row added since base in commit ${sha} is dated 2026-10-20, on or before lock_date 2026-10-31 in force before that commit — the books were closed up to 2026-10-31; book it with a date after 2026-10-31`,
      '',
    ].join('\n'));
  });

  it('the bypass uncommitted: lock_date moved back in the working tree, a back-dated row — both reported', () => {
    const { top, dir } = repo();
    setLock(dir, '2026-10-31');
    git(top, 'commit', '-q', '-am', 'close October');
    setLock(dir, '2026-09-30');
    append(dir, 'credits.csv', 'CN-2,credit-note,2026-10-16,ACME,EUR,5.00,INV-1,goodwill\n');
    const before = snapshotDir(dir);
    const r = runCli(['check', '--base', 'HEAD', '-L', dir, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).issues).toEqual([
      { file: 'ledger.yaml', line: 6, message: 'lock_date moved back from 2026-10-31 to 2026-09-30 in the working tree (not yet committed), since HEAD', hint: 'the lock only moves forward (arledger close); set lock_date to 2026-10-31 or later' },
      { file: 'credits.csv', line: 3, message: 'row added since HEAD is dated 2026-10-16, on or before lock_date 2026-10-31', hint: 'the books are closed up to 2026-10-31; date it later' },
    ]);
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('no false alarm after a legitimate close: rows booked before it, then later rows', () => {
    const { top, dir } = repo();
    git(top, 'tag', 'base');
    append(dir, 'payments.csv', 'PAY-7,2026-10-25,ACME,EUR,10.00,transfer,,,\n');
    commit(top, 'late October payment');
    const closed = runCli(['close', '2026-10-31', '-L', dir]);
    expect(closed.code, closed.stderr).toBe(0);
    commit(top, 'close October');
    append(dir, 'payments.csv', 'PAY-8,2026-11-03,ACME,EUR,10.00,transfer,,,\n');
    commit(top, 'November payment');
    append(dir, 'payments.csv', 'PAY-9,2026-11-04,ACME,EUR,10.00,transfer,,,\n'); // not committed yet
    const r = runCli(['check', '--base', 'base', '-L', dir]);
    expect([r.code, r.stdout]).toEqual([0, '']);
  });

  it('rows added across commits with closes in between: each judged by the lock before its own commit', () => {
    const { top, dir } = repo();
    git(top, 'tag', 'base');
    append(dir, 'payments.csv', 'PAY-7,2026-10-20,ACME,EUR,1.00,transfer,,,\n');
    commit(top, 'before the close: fine');
    setLock(dir, '2026-10-31');
    commit(top, 'close October');
    append(dir, 'payments.csv', 'PAY-8,2026-10-25,ACME,EUR,1.00,transfer,,,\nPAY-9,2026-11-05,ACME,EUR,1.00,transfer,,,\n');
    const late = commit(top, 'one late, one fine');
    setLock(dir, '2026-11-30');
    commit(top, 'close November');
    append(dir, 'payments.csv', 'PAY-10,2026-11-10,ACME,EUR,1.00,transfer,,,\n');
    const later = commit(top, 'late for November');
    append(dir, 'payments.csv', 'PAY-11,2026-11-30,ACME,EUR,1.00,transfer,,,\nPAY-12,2026-12-01,ACME,EUR,1.00,transfer,,,\n');
    const r = runCli(['check', '--base', 'base', '-L', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter(Boolean).map((l) => l.replace(/ — .*/, ''))).toEqual([
      `payments.csv:5: row added since base in commit ${late} is dated 2026-10-25, on or before lock_date 2026-10-31 in force before that commit`,
      `payments.csv:7: row added since base in commit ${later} is dated 2026-11-10, on or before lock_date 2026-11-30 in force before that commit`,
      'payments.csv:8: row added since base is dated 2026-11-30, on or before lock_date 2026-11-30',
    ]);
  });

  it('reports every offending row in every journal, in every format', () => {
    const { top, dir } = repo();
    setLock(dir, '2026-10-31');
    git(top, 'commit', '-q', '-am', 'close October');
    append(dir, 'payments.csv', 'PAY-7,2026-10-30,ACME,EUR,1.00,transfer,,,\nPAY-8,2026-11-01,ACME,EUR,1.00,transfer,,,\nPAY-9,2026-10-01,ACME,EUR,1.00,transfer,,,\n');
    append(dir, 'applications.csv', '2026-10-31,PAY-7,INV-1,1.00\n');
    append(dir, 'disputes.csv', '2026-10-21,INV-2,resolved,settled\n');
    const p = path.join(dir, 'invoices.csv');
    fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replace('INV-3,invoice,2026-10-10', 'INV-3,invoice,2026-10-11').replace('INV-5,invoice,2026-10-01,2026-10-31,007,GBP,70.07', 'INV-5,invoice,2026-10-01,2026-10-31,007,GBP,7.07'));
    const r = runCli(['check', '--base', 'HEAD', '-L', '.', '--format', 'github'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter(Boolean).map((l) => /^::error file=([^,]+),line=(\d+),title=arledger check::(.{0,40})/.exec(l)!.slice(1).join(' '))).toEqual([
      'invoices.csv 4 row of HEAD (line 4) was changed or remo',
      'invoices.csv 6 row of HEAD (line 6) was changed or remo',
      'payments.csv 4 row added since HEAD is dated 2026-10-30',
      'payments.csv 6 row added since HEAD is dated 2026-10-01',
      'applications.csv 4 row added since HEAD is dated 2026-10-31',
      'disputes.csv 3 row added since HEAD is dated 2026-10-21',
    ]);
  });

  it('a row that arrives by a merge is judged by the lock of the merge\'s first parent', () => {
    const { top, dir } = repo();
    git(top, 'tag', 'base');
    git(top, 'checkout', '-q', '-b', 'late');
    append(dir, 'disputes.csv', '2026-10-25,INV-1,open,wrong quantity\n');
    commit(top, 'dispute, before the close');
    git(top, 'checkout', '-q', 'main');
    setLock(dir, '2026-10-31');
    commit(top, 'close October');
    git(top, 'merge', '-q', '--no-edit', 'late');
    const merge = git(top, 'rev-parse', '--short=7', 'HEAD').trim();
    const r = runCli(['check', '--base', 'base', '-L', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^disputes\\.csv:3: row added since base in commit ${merge} is dated 2026-10-25, on or before lock_date 2026-10-31 in force before that commit`));
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    // Merged before the close, the same row is fine.
    const other = repo();
    git(other.top, 'checkout', '-q', '-b', 'early');
    append(other.dir, 'disputes.csv', '2026-10-25,INV-1,open,wrong quantity\n');
    commit(other.top, 'dispute');
    git(other.top, 'checkout', '-q', 'main');
    git(other.top, 'tag', 'base');
    git(other.top, 'merge', '-q', '--no-edit', 'early');
    setLock(other.dir, '2026-10-31');
    commit(other.top, 'close October');
    expect(runCli(['check', '--base', 'base', '-L', other.dir]).code).toBe(0);
  });

  it('a row rewritten in a later commit is as new as that commit', () => {
    const { top, dir } = repo();
    git(top, 'tag', 'base');
    append(dir, 'payments.csv', 'PAY-7,2026-11-05,ACME,EUR,1.00,transfer,,,\n');
    commit(top, 'November payment');
    setLock(dir, '2026-11-30');
    commit(top, 'close November');
    const p = path.join(dir, 'payments.csv');
    fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replace('PAY-7,2026-11-05', 'PAY-7,2026-11-04'));
    const edit = commit(top, 'edit a closed row');
    append(dir, 'payments.csv', 'PAY-8,2026-12-02,ACME,EUR,1.00,transfer,,,\nPAY-9,2026-12-03,ACME,EUR,1.00,transfer,,,\n');
    commit(top, 'December');
    fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replace('PAY-9,2026-12-03', 'PAY-9,2026-11-03'));
    const again = commit(top, 'edit another');
    append(dir, 'payments.csv', 'PAY-10,2026-12-04,ACME,EUR,1.00,transfer,,,\n');
    commit(top, 'more December');
    const r = runCli(['check', '--base', 'base', '-L', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter(Boolean).map((l) => l.replace(/, on or before.*/, ''))).toEqual([
      `payments.csv:4: row added since base in commit ${edit} is dated 2026-11-04`,
      `payments.csv:6: row added since base in commit ${again} is dated 2026-11-03`,
    ]);
  });

  it('line ends converted to CRLF are not changes', () => {
    const { top, dir } = repo();
    setLock(dir, '2026-10-31');
    commit(top, 'close October');
    git(top, 'tag', 'base');
    const p = path.join(dir, 'payments.csv');
    fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replace(/\n/g, '\r\n'));
    commit(top, 'CRLF');
    append(dir, 'payments.csv', 'PAY-7,2026-11-02,ACME,EUR,1.00,transfer,,,\r\n');
    const r = runCli(['check', '--base', 'base', '-L', dir]);
    expect([r.code, r.stdout]).toEqual([0, '']);
  });

  it('a row deleted among the rows of REV is reported alone, a row inserted among them as out of place', () => {
    const { dir } = repo();
    const p = path.join(dir, 'invoices.csv');
    const lines = fs.readFileSync(p, 'utf8').split('\n');
    lines.splice(2, 1); // INV-2 gone
    lines.splice(4, 0, 'INV-9,invoice,2026-11-01,2026-12-01,ACME,EUR,9.00,net30,,');
    fs.writeFileSync(p, lines.join('\n'));
    const r = runCli(['check', '--base', 'HEAD', '-L', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('invoices.csv')).map((l) => l.replace(/ — .*/, ''))).toEqual([
      'invoices.csv:3: row of HEAD (line 3) was changed or removed: "INV-2,invoice,2026-10-05,2026-11-04,GLOBEX,EUR,500.00,net30,,"',
      'invoices.csv:5: row added since HEAD stands between rows of HEAD: journals are append-only',
    ]);
  });

  it('a shallow clone that does not hold REV: a usage error that says to fetch the history', () => {
    const { top, dir } = repo();
    git(top, 'tag', 'base');
    append(dir, 'payments.csv', 'PAY-7,2026-11-02,ACME,EUR,1.00,transfer,,,\n');
    commit(top, 'one');
    append(dir, 'payments.csv', 'PAY-8,2026-11-03,ACME,EUR,1.00,transfer,,,\n');
    commit(top, 'two');
    const clone = path.join(tempDir(), 'clone');
    git(top, 'clone', '-q', '--depth', '1', '--no-local', top, clone);
    const base = git(top, 'rev-parse', 'base').trim();
    const r = runCli(['check', '--base', base, '-L', clone]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not a git revision of .* — this clone is shallow: fetch the history \(git fetch --unshallow, or fetch-depth: 0 in CI\)/);
  });

  it('reads history in the same few git calls however many commits there are', () => {
    const { top, dir } = repo();
    git(top, 'tag', 'base');
    // A git on PATH that logs each call, then runs the real one.
    const bin = tempDir();
    const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    const calls = path.join(bin, 'calls');
    fs.writeFileSync(path.join(bin, 'git'), `#!/bin/sh\necho "$*" >> '${calls}'\nexec '${real}' "$@"\n`, { mode: 0o755 });
    const count = (): number => {
      fs.writeFileSync(calls, '');
      const r = runCli(['check', '--base', 'base', '-L', dir], { env: { PATH: `${bin}${path.delimiter}${process.env['PATH'] ?? ''}` } });
      expect([r.code, r.stdout]).toEqual([0, '']);
      return fs.readFileSync(calls, 'utf8').split('\n').filter(Boolean).length;
    };
    let n = 7;
    const book = (commits: number): void => {
      for (let i = 0; i < commits; i++, n++) {
        append(dir, 'payments.csv', `PAY-${n},2026-11-02,ACME,EUR,1.00,transfer,,,\n`);
        append(dir, 'applications.csv', `2026-11-02,PAY-${n},INV-1,0.01\n`);
        commit(top, `payment ${n}`);
      }
    };
    book(2);
    const few = count();
    book(25);
    expect(count()).toBe(few);
    expect(few).toBeGreaterThan(0);
    expect(few).toBeLessThanOrEqual(8);
  });
});
