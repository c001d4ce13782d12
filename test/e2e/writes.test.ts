// The write path of SPEC §7 (src/io/txn.ts through cli/ledger.ts writeLedger): all-or-nothing appends across
// files even under kill -9, the ledger lock (wait, exit 4, stale takeover), and a read-only ledger (exit 5).
//
// Writers are small scripts run under node against dist/: one registers a test-only `test-append` command in
// the real program (so exit codes come from main's one catch), others call acquireLock/commitAppends directly.
// Crashes are real SIGKILLs, placed by wrapping node:fs in the child process only; production code has no hook.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LocalDate } from '../../src/core/date.js';
import { ageOpenItems } from '../../src/core/reports/aging.js';
import { loadLedger } from '../../src/io/load.js';
import { BASE_CONFIG, BASE_CUSTOMERS, BIN, ROOT, copyLedger, runCli, snapshotDir, tempDir, tempLedger } from '../helpers/cli.js';

const DIST = path.join(ROOT, 'dist');
const SCRIPTS = tempDir('arledger-writes-');
const url = (p: string): string => JSON.stringify(`file://${path.join(DIST, p)}`);

/** `node writer.mjs DIR WAIT`: appends a payment and its application through writeLedger, via main(). */
fs.writeFileSync(path.join(SCRIPTS, 'writer.mjs'), `
import { COMMANDS } from ${url('cli/commands/index.js')};
import { main } from ${url('cli/main.js')};
import { systemCtx } from ${url('cli/context.js')};
import { writeLedger } from ${url('cli/ledger.js')};
const [dir, wait, id = 'PAY-9', amount = '40.00'] = process.argv.slice(2);
COMMANDS.push({ name: 'test-append', load: async () => ({ register: (program, ctx) => program.command('test-append')
  .option('-L, --ledger <dir>').option('--wait <s>')
  .action((opts) => writeLedger(ctx, opts, () => ({ result: null, rows: [
    { journal: 'payments.csv', fields: [id, '2026-11-20', 'ACME', 'EUR', amount, 'transfer', '', '', ''] },
    { journal: 'applications.csv', fields: ['2026-11-20', id, 'INV-1', amount] },
  ] }))) }) });
process.exitCode = await main(['test-append', '-L', dir, '--wait', wait], systemCtx());
`);

/** `node holder.mjs DIR MS`: takes the lock, says so, holds it MS milliseconds (or until killed), releases it. */
fs.writeFileSync(path.join(SCRIPTS, 'holder.mjs'), `
import { acquireLock } from ${url('io/txn.js')};
const [dir, ms] = process.argv.slice(2);
const release = acquireLock(dir, 5);
process.stdout.write('held\\n');
setTimeout(() => { release(); }, Number(ms));
`);

/** `node crash.mjs DIR WHAT K`: commitAppends across three files, SIGKILLed at the K-th fsync or inside the K-th write. */
fs.writeFileSync(path.join(SCRIPTS, 'crash.mjs'), `
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const [dir, what, k] = process.argv.slice(2);
let n = 0;
if (what === 'fsync') {
  const fsync = fs.fsyncSync;
  fs.fsyncSync = (fd) => { fsync(fd); if (++n === Number(k)) process.kill(process.pid, 'SIGKILL'); };
} else {
  const write = fs.writeSync;
  // Writes half of the K-th buffer, then dies: a torn row on disk.
  fs.writeSync = (fd, buf, off = 0, len, ...rest) => {
    if (typeof buf === 'string' || ++n !== Number(k)) return write(fd, buf, off, len, ...rest);
    const l = len ?? buf.length - off;
    write(fd, buf, off, Math.max(1, Math.floor(l / 2)));
    fs.fsyncSync(fd);
    process.kill(process.pid, 'SIGKILL');
  };
}
syncBuiltinESMExports();
const { commitAppends } = await import(${url('io/txn.js')});
commitAppends(dir, [
  { name: 'payments.csv', text: 'PAY-9,2026-11-20,ACME,EUR,40.00,transfer,,,\\n' },
  { name: 'applications.csv', text: '2026-11-20,PAY-9,INV-1,40.00\\n' },
  { name: 'refunds.csv', text: 'id,date,customer,currency,amount,method,reference,memo\\nRF-1,2026-11-21,ACME,EUR,5.00,transfer,,\\n' },
]);
`);

// The CLI scripts below run the bundle bin/arledger.js runs (the program as shipped, and a third less to start
// than dist/'s separate modules, in loops of a hundred runs), after wrapping node:fs.

/** `node crashcli.mjs WHAT K ARGS…`: the real CLI, SIGKILLed at its K-th fsync or rename, or inside its K-th buffer write. */
fs.writeFileSync(path.join(SCRIPTS, 'crashcli.mjs'), `
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const [what, k, ...args] = process.argv.slice(2);
let n = 0;
const die = () => process.kill(process.pid, 'SIGKILL');
if (what === 'fsync') {
  const fsync = fs.fsyncSync;
  fs.fsyncSync = (fd) => { fsync(fd); if (++n === Number(k)) die(); };
} else if (what === 'rename') {
  const rename = fs.renameSync;
  fs.renameSync = (a, b) => { if (++n === Number(k)) die(); rename(a, b); };
} else {
  const write = fs.writeSync;
  fs.writeSync = (fd, buf, off = 0, len, ...rest) => {
    if (typeof buf === 'string' || ++n !== Number(k)) return write(fd, buf, off, len, ...rest);
    write(fd, buf, off, Math.max(1, Math.floor((len ?? buf.length - off) / 2)));
    fs.fsyncSync(fd);
    die();
  };
}
syncBuiltinESMExports();
process.argv = [process.argv[0], ${JSON.stringify(BIN)}, ...args];
await import(${url('bundle/main.js')});
`);

/** `node failcli.mjs CODE K ARGS…`: the real CLI whose K-th open, write, fsync, rename or mkdir fails with errno CODE. */
fs.writeFileSync(path.join(SCRIPTS, 'failcli.mjs'), `
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const [code, k, ...args] = process.argv.slice(2);
let n = 0;
for (const name of ['openSync', 'writeSync', 'fsyncSync', 'renameSync', 'mkdirSync']) {
  const real = fs[name];
  fs[name] = (...a) => {
    if (++n === Number(k)) throw Object.assign(new Error(code + ': injected, ' + name), { code, syscall: name });
    return real(...a);
  };
}
syncBuiltinESMExports();
process.argv = [process.argv[0], ${JSON.stringify(BIN)}, ...args];
await import(${url('bundle/main.js')});
`);

/** `node recover.mjs DIR`: what the next writer does first. */
fs.writeFileSync(path.join(SCRIPTS, 'recover.mjs'), `
import { acquireLock, recover } from ${url('io/txn.js')};
const release = acquireLock(process.argv[2], 5);
recover(process.argv[2]);
release();
`);

function ledger(): string {
  return tempLedger({
    'ledger.yaml': BASE_CONFIG,
    'customers.yaml': BASE_CUSTOMERS,
    'invoices.csv': 'id,kind,date,due,customer,currency,amount,terms,reference,memo\nINV-1,invoice,2026-10-01,2026-10-31,ACME,EUR,100.00,net30,,\n',
    'payments.csv': 'id,date,customer,currency,amount,method,reference,bank_ref,memo\n',
    'applications.csv': 'date,credit,debit,amount\n',
  });
}

function node(script: string, args: string[], opts: { uid?: number; gid?: number } = {}): { code: number | null; signal: string | null; stdout: string; stderr: string; ms: number } {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [path.join(SCRIPTS, script), ...args], {
    encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ARLEDGER_TODAY: '2026-11-30' }, ...opts,
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
}

const agingJson = (dir: string): string => {
  const r = runCli(['aging', '-L', dir, '--as-of', '2026-11-30', '--detail', '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
};

/** What a reader sees, in-process (the crash loop runs it dozens of times): every issue and the aging. */
const readState = (dir: string): string => {
  const loaded = loadLedger(dir);
  return JSON.stringify({
    issues: loaded.issues,
    aging: ageOpenItems(loaded.ledger, { asOf: '2026-11-30' as LocalDate, basis: 'due', buckets: [30, 60, 90], customer: null, detail: true }),
  });
};

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  fs.rmSync(SCRIPTS, { recursive: true, force: true });
});

function holdLock(dir: string, ms: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(SCRIPTS, 'holder.mjs'), dir, String(ms)], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => { if (d.toString().includes('held')) resolve(child); });
    child.on('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
  });
}

describe('writeLedger appends as one transaction', () => {
  it('appends a payment and its application, and they read back', () => {
    const dir = ledger();
    const r = node('writer.mjs', [dir, '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'applications.csv'), 'utf8')).toBe('date,credit,debit,amount\n2026-11-20,PAY-9,INV-1,40.00\n');
    expect(JSON.parse(agingJson(dir)).customers[0].open).toBe('60.00');
    expect(fs.existsSync(path.join(dir, '.arledger.lock'))).toBe(false);
    expect(fs.existsSync(path.join(dir, '.arledger-txn'))).toBe(false);
  });

  it('refuses rows that would break a rule, writing nothing (exit 3)', () => {
    const dir = ledger();
    expect(node('writer.mjs', [dir, '1', 'INV-1']).code).toBe(3); // the id is taken
    const before = snapshotDir(dir);
    const r = node('writer.mjs', [dir, '1', 'INV-1']);
    expect(r.stderr).toMatch(/duplicate id "INV-1", also at invoices\.csv:2/);
    expect(r.stderr).toMatch(/nothing was written/);
    expect(snapshotDir(dir)).toEqual(before);
  });
});

describe('a crash mid-transaction', () => {
  it('left by hand (record + partial appends) reads as before, and the next writer rolls it back', () => {
    const dir = ledger();
    const before = snapshotDir(dir);
    const report = agingJson(dir);
    const sizes = ['payments.csv', 'applications.csv', 'refunds.csv'].map((name) => {
      const p = path.join(dir, name);
      return { name, size: fs.existsSync(p) ? fs.statSync(p).size : -1 };
    });
    fs.writeFileSync(path.join(dir, '.arledger-txn'), JSON.stringify({ files: sizes }));
    fs.appendFileSync(path.join(dir, 'payments.csv'), 'PAY-8,2026-11-20,ACME,EUR,30.00,transfer,,,\n');
    fs.appendFileSync(path.join(dir, 'applications.csv'), '2026-11-20,PAY-8,IN'); // torn row
    fs.writeFileSync(path.join(dir, 'refunds.csv'), 'id,date,customer,currency,amount,method,reference,memo\n');

    expect(agingJson(dir)).toBe(report);
    const check = runCli(['check', '-L', dir]);
    expect(check.code, check.stdout).toBe(0);

    const r = node('writer.mjs', [dir, '1']);
    expect(r.code, r.stderr).toBe(0);
    const after = snapshotDir(dir);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort()); // refunds.csv, created mid-crash, is gone
    expect(fs.readFileSync(path.join(dir, 'payments.csv'), 'utf8')).toBe(
      'id,date,customer,currency,amount,method,reference,bank_ref,memo\nPAY-9,2026-11-20,ACME,EUR,40.00,transfer,,,\n');
    expect(fs.readFileSync(path.join(dir, 'applications.csv'), 'utf8')).toBe('date,credit,debit,amount\n2026-11-20,PAY-9,INV-1,40.00\n');
  });

  it('by kill -9 at every fsync and inside every write: reads as before or after, never half; recovery restores it', { timeout: 180_000 }, () => {
    const base = ledger();
    const before = snapshotDir(base);
    const beforeReport = readState(base);
    const complete = fs.mkdtempSync(path.join(os.tmpdir(), 'arledger-complete-'));
    fs.cpSync(base, complete, { recursive: true });
    expect(node('crash.mjs', [complete, 'none', '0']).code).toBe(0);
    const after = snapshotDir(complete);
    const afterReport = readState(complete);
    expect(afterReport).not.toBe(beforeReport);
    expect(JSON.parse(afterReport).issues).toEqual([]);

    const outcomes: string[] = [];
    for (const what of ['fsync', 'write']) {
      for (let k = 1; k < 20; k++) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arledger-crash-'));
        fs.cpSync(base, dir, { recursive: true });
        const r = node('crash.mjs', [dir, what, String(k)]);
        if (r.signal !== 'SIGKILL') {
          expect(r.code, r.stderr).toBe(0); // past the last fsync/write: the transaction finished
          break;
        }
        const seen = readState(dir);
        expect([beforeReport, afterReport]).toContain(seen);
        if (k === 2) expect(runCli(['check', '-L', dir]).code).toBe(0); // and through the CLI, once per kind
        expect(node('recover.mjs', [dir]).code).toBe(0);
        const restored = snapshotDir(dir);
        expect([before, after]).toContainEqual(restored);
        expect(readState(dir)).toBe(seen); // recovery changes files, never what they say
        outcomes.push(`${what}#${k}:${seen === beforeReport ? 'before' : 'after'}`);
      }
    }
    // Crashes really happened at several points, including inside each of the three appends.
    expect(outcomes.filter((o) => o.startsWith('write')).length).toBe(3);
    expect(outcomes.filter((o) => o.startsWith('fsync')).length).toBeGreaterThanOrEqual(6);
    expect(outcomes).toContain('fsync#7:after'); // killed after the record was removed: the write counts
  });
});

/** The ledger's own files (journals and YAML), without the outbox and without lock or temporary files. */
const ledgerFiles = (dir: string): Record<string, string> => Object.fromEntries(Object.entries(snapshotDir(dir))
  .filter(([name]) => !name.includes('/') && !name.startsWith('.')));
const outboxFiles = (dir: string): Record<string, string> => Object.fromEntries(Object.entries(snapshotDir(dir))
  .filter(([name]) => name.startsWith('outbox/')));
const leftovers = (dir: string): string[] => fs.readdirSync(dir, { recursive: true }).map(String)
  .filter((n) => /arledger-tmp$|^\.arledger/.test(path.basename(n)));

describe('kill -9 during close and dunning', () => {
  it('close: ledger.yaml is the old or the new file, never torn, and the next writer sweeps what was left', { timeout: 180_000 }, () => {
    const base = ledger();
    const before = ledgerFiles(base);
    const done = fs.mkdtempSync(path.join(os.tmpdir(), 'arledger-close-'));
    fs.cpSync(base, done, { recursive: true });
    expect(node('crashcli.mjs', ['none', '0', 'close', '2026-10-31', '-L', done]).code).toBe(0);
    const after = ledgerFiles(done);
    expect(after).not.toEqual(before);
    const seen: string[] = [];
    for (const what of ['fsync', 'rename', 'write']) {
      for (let k = 1; k < 10; k++) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arledger-close-'));
        fs.cpSync(base, dir, { recursive: true });
        const r = node('crashcli.mjs', [what, String(k), 'close', '2026-10-31', '-L', dir]);
        if (r.signal !== 'SIGKILL') {
          expect(r.code, r.stderr).toBe(0);
          break;
        }
        const state = ledgerFiles(dir);
        expect([before, after]).toContainEqual(state);
        seen.push(`${what}#${k}:${JSON.stringify(state) === JSON.stringify(before) ? 'before' : 'after'}`);
        // Killed inside the write of its lock, the writer left a torn one, which only its age proves stale.
        const lock = path.join(dir, '.arledger.lock');
        if (fs.existsSync(lock) && !fs.readFileSync(lock, 'utf8').endsWith('\n')) fs.utimesSync(lock, new Date(0), new Date(0));
        const next = runCli(['customer', 'add', 'BETA', '--name', 'Beta', '-L', dir, '--wait', '1']);
        expect(next.code, next.stderr).toBe(0);
        expect(leftovers(dir)).toEqual([]);
      }
    }
    // Killed at the lock, the temporary file and the directory: before until the rename, after it.
    expect(seen).toEqual(['fsync#1:before', 'fsync#2:before', 'fsync#3:after', 'rename#1:before', 'write#1:before', 'write#2:before']);
  });

  it('dunning: the log is there only with all its letters, and a re-run finishes what a crash left', () => {
    const base = ledger(); // one letter (three files) and one log row: every step of the run is a kill point
    const before = ledgerFiles(base);
    const done = copyLedger(base);
    expect(node('crashcli.mjs', ['none', '0', 'dunning', '-L', done]).code).toBe(0);
    const after = ledgerFiles(done);
    const letters = outboxFiles(done);
    expect(Object.keys(letters).length).toBe(3);
    const seen: string[] = [];
    for (let k = 1; k < 60; k++) {
      const dir = copyLedger(base);
      const r = node('crashcli.mjs', ['fsync', String(k), 'dunning', '-L', dir]);
      if (r.signal !== 'SIGKILL') {
        expect(r.code, r.stderr).toBe(0);
        break;
      }
      // A reader sees a valid ledger: read in this process after every crash, and through the CLI after the first.
      expect(loadLedger(dir).issues).toEqual([]);
      if (seen.length === 0) {
        const check = runCli(['check', '-L', dir]);
        expect(check.code, check.stderr).toBe(0);
      }
      const recovered = copyLedger(dir);
      expect(node('recover.mjs', [recovered]).code).toBe(0);
      const state = ledgerFiles(recovered);
      expect([before, after]).toContainEqual(state);
      const logged = JSON.stringify(state) === JSON.stringify(after);
      // Logged means every letter of the log is on disk, whole.
      if (logged) expect(outboxFiles(dir)).toEqual(letters);
      seen.push(logged ? 'after' : 'before');
      // Not logged: running dunning again writes the very letters and log a clean run writes.
      const again = runCli(['dunning', '-L', dir]);
      expect(again.code, again.stderr).toBe(0);
      if (!logged) {
        expect(ledgerFiles(dir)).toEqual(after);
        expect(outboxFiles(dir)).toEqual(letters);
      }
      expect(leftovers(dir).filter((n) => !n.startsWith('outbox/'))).toEqual([]);
    }
    expect(seen).toContain('before');
    expect(seen).toContain('after');
  }, 300_000);
});

describe('an I/O error at any step', () => {
  // Every step fails once with EIO; EACCES takes the same path to its message, so every third step is enough for it.
  for (const [code, stride] of [['EIO', 1], ['EACCES', 3]] as const) {
    it(`${code} at ${stride === 1 ? 'each' : 'every third'} open, write, fsync, rename and mkdir of dunning and close: exit 5 with a message, as before, no lock left; or done`, { timeout: 300_000 }, () => {
      const steps: Record<string, number> = {};
      for (const args of [['dunning'], ['close', '2026-10-31']]) {
        for (let k = 1; k < 80; k += stride) {
          const dir = ledger();
          const before = snapshotDir(dir);
          const r = node('failcli.mjs', [code, String(k), ...args, '-L', dir, '--wait', '1']);
          if (r.code === 0) {
            steps[args[0]!] = k - stride;
            break;
          }
          expect(r.code, `${args[0]} #${k}: ${r.stderr}`).toBe(5);
          const reason = code === 'EIO' ? 'an I/O error \\(EIO\\)' : 'permission denied';
          expect(r.stderr, `${args[0]} #${k}`).toMatch(new RegExp(`^arledger: cannot [^\\n]*: ${reason}(; nothing was written)?\\n$`));
          expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
          expect(snapshotDir(dir), `${args[0]} #${k}`).toEqual(before);
          expect(leftovers(dir)).toEqual([]);
        }
      }
      // Every step of both commands was made to fail at least once before a run got through.
      expect(steps['dunning']).toBeGreaterThan(8 - stride);
      expect(steps['close']).toBeGreaterThan(2 - stride);
    });
  }
});

describe('the ledger lock', () => {
  it('a second writer waits, then exits 4 with a clear message while a live process holds it', async () => {
    const dir = ledger();
    const holder = await holdLock(dir, 60_000);
    const before = snapshotDir(dir);
    const r = node('writer.mjs', [dir, '1']);
    expect(r.code).toBe(4);
    expect(r.ms).toBeGreaterThanOrEqual(1000);
    expect(r.stderr).toContain(`arledger: the ledger is locked by another arledger command (pid ${holder.pid} on ${os.hostname()}) and stayed locked for 1 s`);
    expect(r.stderr).toMatch(/--wait SECONDS/);
    expect(snapshotDir(dir)).toEqual(before);
    holder.kill('SIGKILL');
    await new Promise((res) => holder.once('exit', res));

    // The holder died without releasing: its lock is stale now and is taken over.
    expect(fs.readFileSync(path.join(dir, '.arledger.lock'), 'utf8')).toMatch(new RegExp(`^${holder.pid} ${os.hostname()} \\d+ [0-9a-f-]+\\n$`));
    const again = node('writer.mjs', [dir, '1']);
    expect(again.code, again.stderr).toBe(0);
    expect(fs.existsSync(path.join(dir, '.arledger.lock'))).toBe(false);
  });

  it('a second writer that waits long enough gets the lock when the first releases it', async () => {
    const dir = ledger();
    await holdLock(dir, 1500);
    const r = node('writer.mjs', [dir, '10']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.ms).toBeGreaterThanOrEqual(1000);
  });

  it('takes over the lock of a process that no longer exists', () => {
    const dir = ledger();
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    fs.writeFileSync(path.join(dir, '.arledger.lock'), `${dead} ${os.hostname()}\n`);
    const r = node('writer.mjs', [dir, '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.ms).toBeLessThan(5000);
    expect(fs.existsSync(path.join(dir, '.arledger.lock'))).toBe(false);
  });

  it('serialises writers that all find the same stale lock: each append lands once, whole', async () => {
    const dir = ledger();
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    fs.writeFileSync(path.join(dir, '.arledger.lock'), `${dead} ${os.hostname()}\n`);
    const ids = ['PAY-11', 'PAY-12', 'PAY-13', 'PAY-14', 'PAY-15', 'PAY-16'];
    const codes = await Promise.all(ids.map((id) => new Promise<number | null>((resolve) => {
      const c = spawn(process.execPath, [path.join(SCRIPTS, 'writer.mjs'), dir, '30', id, '10.00'], { stdio: 'ignore' });
      children.push(c);
      c.on('exit', (code) => resolve(code));
    })));
    expect(codes).toEqual(ids.map(() => 0));
    const rows = fs.readFileSync(path.join(dir, 'payments.csv'), 'utf8').trimEnd().split('\n').slice(1);
    expect(rows.map((r) => r.split(',')[0]).sort()).toEqual(ids);
    expect(runCli(['check', '-L', dir]).code).toBe(0);
  });

  it('takes over an empty lock (a writer killed before writing its pid) once it is old, not while it is fresh', () => {
    const dir = ledger();
    const lock = path.join(dir, '.arledger.lock');
    fs.writeFileSync(lock, '');
    expect(node('writer.mjs', [dir, '0']).code).toBe(4);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lock, old, old);
    const r = node('writer.mjs', [dir, '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('does not take over a lock from another host, whose processes it cannot see', () => {
    const dir = ledger();
    fs.writeFileSync(path.join(dir, '.arledger.lock'), '1 some-other-host\n');
    const r = node('writer.mjs', [dir, '0']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('(pid 1 on some-other-host)');
  });
});

/**
 * dist/ and the runtime packages, copied into a world-readable directory for a run as an unprivileged user: the
 * checkout itself may sit under a private (0700) directory that such a user cannot traverse.
 */
function publicRuntime(): string {
  const dir = tempDir('arledger-runtime-');
  fs.chmodSync(dir, 0o755);
  fs.cpSync(DIST, path.join(dir, 'dist'), { recursive: true, dereference: true });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  const seen = new Set<string>();
  const copy = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const from = path.join(ROOT, 'node_modules', name);
    fs.cpSync(from, path.join(dir, 'node_modules', name), { recursive: true, dereference: true });
    const pkg = JSON.parse(fs.readFileSync(path.join(from, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const dep of Object.keys(pkg.dependencies ?? {})) copy(dep);
  };
  const own = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const dep of Object.keys(own.dependencies)) copy(dep);
  fs.writeFileSync(path.join(dir, 'writer.mjs'), fs.readFileSync(path.join(SCRIPTS, 'writer.mjs'), 'utf8').replaceAll(`file://${DIST}/`, `file://${dir}/dist/`));
  for (const p of [dir, ...walkAll(dir)]) fs.chmodSync(p, fs.statSync(p).isDirectory() ? 0o755 : 0o644);
  return dir;
}

function walkAll(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).map((e) => path.join(e.parentPath, e.name));
}

/** Whether this process may mount a file system (root with CAP_SYS_ADMIN, outside a locked-down container). */
function canMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = tempDir('arledger-mnt-');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { encoding: 'utf8' });
  if (r.status === 0) spawnSync('umount', [probe]);
  fs.rmSync(probe, { recursive: true, force: true });
  return r.status === 0;
}

describe('a read-only ledger', () => {
  it('gives exit 5 and writes nothing (permission denied)', () => {
    const dir = ledger();
    const before = snapshotDir(dir);
    // root ignores permission bits, so as root the writer runs as an unprivileged user instead, from a copy of
    // the program that user can read; either way the directory's read-only-ness is first proven on that user.
    const root = process.getuid?.() === 0;
    const asUser = root ? { uid: 65534, gid: 65534 } : {};
    const runtime = root ? publicRuntime() : SCRIPTS;
    fs.chmodSync(dir, 0o555);
    for (const f of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, f), 0o444);
    try {
      const probe = spawnSync(process.execPath, ['-e', `require('fs').writeFileSync(${JSON.stringify(path.join(dir, 'probe'))}, 'x')`], { ...asUser, encoding: 'utf8' });
      expect(probe.status, 'the ledger directory must really be read-only for the writer').not.toBe(0);
      expect(probe.stderr).toMatch(/EACCES|EROFS|EPERM/);

      const r = spawnSync(process.execPath, [path.join(runtime, 'writer.mjs'), dir, '1'], {
        encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ARLEDGER_TODAY: '2026-11-30' }, ...asUser,
      });
      expect(r.status, r.stderr).toBe(5);
      expect(r.stderr).toMatch(/^arledger: cannot lock the ledger \(.*\.arledger\.lock\): permission denied; nothing was written$/m);
    } finally {
      fs.chmodSync(dir, 0o755);
      if (runtime !== SCRIPTS) fs.rmSync(runtime, { recursive: true, force: true });
    }
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('gives exit 5 and writes nothing on a read-only file system', (ctx) => {
    if (!canMount()) {
      console.log('skipped: mounting a read-only tmpfs needs root with CAP_SYS_ADMIN, which this run does not have');
      ctx.skip();
    }
    const mnt = tempDir('arledger-ro-');
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt]).status).toBe(0);
    try {
      const dir = path.join(mnt, 'books');
      fs.cpSync(ledger(), dir, { recursive: true });
      expect(spawnSync('mount', ['-o', 'remount,ro', mnt]).status).toBe(0);
      const before = snapshotDir(dir);
      for (const args of [['close', '2026-10-31'], ['customer', 'add', 'BETA', '--name', 'Beta']]) {
        const c = runCli([...args, '-L', dir, '--wait', '1']);
        expect(c.code, c.stderr).toBe(5);
        expect(c.stderr).toMatch(/read-only file system; nothing was written/);
      }
      const r = node('writer.mjs', [dir, '1']);
      expect(r.code, r.stderr).toBe(5);
      expect(r.stderr).toMatch(/^arledger: cannot lock the ledger \(.*\.arledger\.lock\): the ledger is on a read-only file system; nothing was written$/m);
      expect(snapshotDir(dir)).toEqual(before);
    } finally {
      spawnSync('umount', [mnt]);
      fs.rmSync(mnt, { recursive: true, force: true });
    }
  });
});
