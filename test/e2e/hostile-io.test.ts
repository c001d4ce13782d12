// A hostile ledger directory and a hostile machine, through the built CLI: symlinks planted at temporary names and
// in place of ledger files, journals that are directories, FIFOs or devices, locks that are not locks or whose pid
// now belongs to another process, a full disk, and a bad ARLEDGER_TODAY. Each must end in a clear message with the
// right exit code, nothing written, and no byte read or written outside the ledger.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BASE_CONFIG, BASE_CUSTOMERS, ROOT, copyLedger, runCli, snapshotDir, stopCli, tempDir, tempLedger } from '../helpers/cli.js';

const DEMO = path.join(ROOT, 'ledgers', 'demo');
const SECRET = 'SECRET-LINE-4711,do,not,print\nsecond line\n';
const TEMP_RE = /\.arledger-tmp$|^\.arledger-txn/;

function ledger(): string {
  return tempLedger({
    'ledger.yaml': BASE_CONFIG,
    'customers.yaml': BASE_CUSTOMERS,
    'invoices.csv': 'id,kind,date,due,customer,currency,amount,terms,reference,memo\nINV-1,invoice,2026-10-01,2026-10-31,ACME,EUR,100.00,net30,,\n',
    'payments.csv': 'id,date,customer,currency,amount,method,reference,bank_ref,memo\n',
  });
}

/** A directory outside the ledger with one file whose bytes must never change nor show up in any output. */
function outside(): { dir: string; file: string; snapshot: () => Record<string, string> } {
  const dir = tempDir('arledger-outside-');
  const file = path.join(dir, 'secret.csv');
  fs.writeFileSync(file, SECRET);
  return { dir, file, snapshot: () => snapshotDir(dir) };
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** Like snapshotDir, but a symlink is recorded as where it points, never read through. */
function snap(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of fs.readdirSync(dir, { recursive: true }).map(String)) {
    const p = path.join(dir, rel);
    const st = fs.lstatSync(p);
    out[rel] = st.isSymbolicLink() ? `-> ${fs.readlinkSync(p)}` : st.isDirectory() ? 'dir' : fs.readFileSync(p).toString('base64');
  }
  return out;
}

const temps = (dir: string): string[] => fs.readdirSync(dir, { recursive: true }).map(String).filter((n) => TEMP_RE.test(path.basename(n)));

describe('temporary files are created fresh, never through a planted symlink', () => {
  it('close does not overwrite a file a symlink at ledger.yaml.arledger-tmp leads to', () => {
    const dir = ledger();
    const out = outside();
    const before = out.snapshot();
    fs.symlinkSync(out.file, path.join(dir, 'ledger.yaml.arledger-tmp'));
    fs.symlinkSync(out.file, path.join(dir, '.ledger.yaml.arledger-tmp'));
    const r = runCli(['close', '2026-10-31', '-L', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'ledger.yaml'), 'utf8')).toBe(`${BASE_CONFIG}lock_date: 2026-10-31\n`);
    expect(out.snapshot()).toEqual(before);
    expect(fs.lstatSync(path.join(dir, 'ledger.yaml.arledger-tmp')).isSymbolicLink()).toBe(true);
  });

  it('dunning does not overwrite a file a symlink at outbox/<date>/<letter>.arledger-tmp leads to', () => {
    const dir = copyLedger(DEMO);
    const out = outside();
    const before = out.snapshot();
    const day = path.join(dir, 'outbox', '2026-11-30');
    fs.mkdirSync(day, { recursive: true });
    const plan = JSON.parse(runCli(['dunning', '-L', dir, '--dry-run', '--format', 'json']).stdout) as { letters: { customer: string; level: number }[] };
    expect(plan.letters.length).toBeGreaterThan(0);
    for (const l of plan.letters) {
      for (const ext of ['txt', 'md', 'html']) fs.symlinkSync(out.file, path.join(day, `${l.customer}-L${l.level}.${ext}.arledger-tmp`));
    }
    const r = runCli(['dunning', '-L', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(out.snapshot()).toEqual(before);
    const first = plan.letters[0]!;
    expect(fs.readFileSync(path.join(day, `${first.customer}-L${first.level}.txt`), 'utf8')).not.toContain('SECRET');
    expect(temps(dir).filter((n) => !fs.lstatSync(path.join(dir, n)).isSymbolicLink())).toEqual([]);
  });
});

describe('ledger files that lead outside the ledger, or are not files, are refused before they are read', () => {
  for (const name of ['ledger.yaml', 'customers.yaml', 'invoices.csv', 'payments.csv', 'disputes.csv']) {
    it(`${name} as a symlink to a file outside: exit 3 naming it, its content never printed, nothing written`, () => {
      const dir = ledger();
      const out = outside();
      fs.rmSync(path.join(dir, name), { force: true });
      fs.symlinkSync(out.file, path.join(dir, name));
      const before = snap(dir);
      const check = runCli(['check', '-L', dir]);
      expect(check.code, check.stderr).toBe(3);
      expect(check.stderr).toContain(`arledger: ${name}: is a symbolic link leading outside the ledger directory (to ${fs.realpathSync(out.file)}) — make ${name} a regular file inside the ledger directory`);
      // check itself stopped: its closing line does not send the user back to it.
      expect(check.stderr).toMatch(/arledger: the ledger has 1 problem; fix them first\n$/);
      for (const r of [check, runCli(['aging', '-L', dir]), runCli(['customer', 'add', 'BETA', '--name', 'Beta', '-L', dir])]) {
        expect(r.code, r.stderr).toBe(3);
        expect(r.stdout + r.stderr).not.toContain('SECRET');
      }
      expect(snap(dir)).toEqual(before);
      expect(fs.readFileSync(out.file, 'utf8')).toBe(SECRET);
    });
  }

  it('a dangling journal symlink is refused rather than created through', () => {
    const dir = ledger();
    const out = outside();
    fs.symlinkSync(path.join(out.dir, 'new.csv'), path.join(dir, 'credits.csv'));
    const r = runCli(['credit', '--customer', 'ACME', '--amount', '5.00', '--invoice', 'INV-1', '--reason', 'goodwill', '-L', dir]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/^arledger: credits\.csv: is a symbolic link to .*new\.csv that leads nowhere/m);
    expect(fs.existsSync(path.join(out.dir, 'new.csv'))).toBe(false);
  });

  it('a journal that is a directory, a FIFO or a device: exit 3 at once, never a hang', () => {
    const dir = ledger();
    const p = path.join(dir, 'disputes.csv');
    const kinds: [string, () => boolean, RegExp][] = [
      ['directory', () => (fs.mkdirSync(p), true), /disputes\.csv: is a directory, not a file/],
      ['fifo', () => spawnSync('mkfifo', [p]).status === 0, /disputes\.csv: is a named pipe \(FIFO\), not a file/],
      ['device', () => spawnSync('mknod', [p, 'c', '1', '5']).status === 0, /disputes\.csv: is a device, not a file/],
      ['symlink to a device', () => (fs.symlinkSync('/dev/zero', p), true), /disputes\.csv: is a symbolic link leading outside the ledger directory \(to \/dev\/zero\)/],
    ];
    for (const [kind, make, message] of kinds) {
      fs.rmSync(p, { recursive: true, force: true });
      if (!make()) {
        console.log(`skipped the ${kind} case: it cannot be made here`);
        continue;
      }
      const t0 = Date.now();
      const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'arledger.js'), 'check', '-L', dir], {
        encoding: 'utf8', timeout: 10_000, env: { ...process.env, ARLEDGER_TODAY: '2026-11-30', NO_COLOR: '1' },
      });
      expect(r.signal, `${kind}: check hung`).toBeNull();
      expect(r.status, `${kind}: ${r.stderr}`).toBe(3);
      expect(r.stderr).toMatch(message);
      expect(Date.now() - t0).toBeLessThan(5000);
    }
  });

  it('templates and the outbox leading outside are refused; nothing is written anywhere', () => {
    const base = copyLedger(DEMO);
    const out = outside();
    for (const name of ['reminder', 'second-notice', 'final-demand']) {
      for (const ext of ['txt', 'md', 'html']) fs.writeFileSync(path.join(out.dir, `${name}.${ext}.mustache`), 'SECRET {{customer}}\n');
    }
    const cases: [string, (dir: string) => void, RegExp][] = [
      ['templates dir', (d) => fs.symlinkSync(out.dir, path.join(d, 'templates')), /^arledger: templates\/[a-z-]+\.txt\.mustache: is a symbolic link leading outside the ledger directory/m],
      ['template file', (d) => {
        fs.mkdirSync(path.join(d, 'templates'));
        fs.symlinkSync(path.join(out.dir, 'final-demand.txt.mustache'), path.join(d, 'templates', 'final-demand.txt.mustache'));
      }, /^arledger: templates\/final-demand\.txt\.mustache: is a symbolic link leading outside/m],
      ['outbox', (d) => fs.symlinkSync(out.dir, path.join(d, 'outbox')), /^arledger: outbox: is a symbolic link leading outside the ledger directory/m],
      ['outbox/<date>', (d) => {
        fs.mkdirSync(path.join(d, 'outbox'));
        fs.symlinkSync(out.dir, path.join(d, 'outbox', '2026-11-30'));
      }, /^arledger: outbox\/2026-11-30: is a symbolic link leading outside the ledger directory/m],
    ];
    for (const [what, plant, message] of cases) {
      const dir = copyLedger(base);
      plant(dir);
      const before = snap(dir);
      const outBefore = out.snapshot();
      const r = runCli(['dunning', '-L', dir]);
      expect(r.code, `${what}: ${r.stderr}`).toBe(3);
      expect(r.stderr, what).toMatch(message);
      expect(r.stdout + r.stderr).not.toContain('SECRET');
      expect(snap(dir), what).toEqual(before);
      expect(out.snapshot(), what).toEqual(outBefore);
    }
  });

  it('an e-mail in the outbox that is a symlink leading outside is never read, let alone sent', () => {
    const dir = copyLedger(DEMO);
    const out = outside();
    fs.mkdirSync(path.join(dir, 'outbox', '2026-11-29'), { recursive: true });
    fs.symlinkSync(out.file, path.join(dir, 'outbox', '2026-11-29', 'ACME-L1.eml'));
    // Nothing listens on port 1: a message read and handed to SMTP would fail differently, after the read.
    const r = runCli(['dunning', '-L', dir, '--send'], { env: { ARLEDGER_SMTP_URL: 'smtp://127.0.0.1:1' } });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain('arledger: outbox/2026-11-29/ACME-L1.eml: is a symbolic link leading outside the ledger directory');
    expect(r.stdout + r.stderr).not.toContain('SECRET');
    expect(fs.existsSync(path.join(dir, 'outbox', '2026-11-29', 'ACME-L1.eml.sending'))).toBe(false);
  });

  it('init does not append its .gitignore lines through a symlink leading outside', () => {
    const dir = tempDir();
    const out = outside();
    fs.symlinkSync(out.file, path.join(dir, '.gitignore'));
    const r = runCli(['init', dir]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(`.gitignore is a symbolic link leading outside the ledger directory`);
    expect(fs.readFileSync(out.file, 'utf8')).toBe(SECRET);
    expect(fs.readdirSync(dir)).toEqual(['.gitignore']);
  });

  it('symlinks that stay inside the ledger are followed like the files they lead to', () => {
    const dir = copyLedger(DEMO);
    fs.mkdirSync(path.join(dir, 'archive'));
    fs.renameSync(path.join(dir, 'payments.csv'), path.join(dir, 'archive', 'payments.csv'));
    fs.symlinkSync('archive/payments.csv', path.join(dir, 'payments.csv'));
    fs.mkdirSync(path.join(dir, 'letters'));
    fs.symlinkSync('letters', path.join(dir, 'outbox'));
    fs.mkdirSync(path.join(dir, 'own-templates'));
    fs.writeFileSync(path.join(dir, 'own-templates', 'final-demand.txt.mustache'), 'Final demand to {{customer.name}}\n');
    fs.symlinkSync('own-templates', path.join(dir, 'templates'));
    const check = runCli(['check', '-L', dir]);
    expect(check.code, check.stderr).toBe(0);
    const r = runCli(['dunning', '-L', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'letters', '2026-11-30')).length).toBeGreaterThan(0);
    const pay = runCli(['apply', '--customer', 'ACME', '--amount', '1.00', '--date', '2026-11-30', '-L', dir]);
    expect([0, 3]).toContain(pay.code);
    expect(fs.lstatSync(path.join(dir, 'payments.csv')).isSymbolicLink()).toBe(true);
  });
});

/** Field 22 of /proc/PID/stat: when the process started, in clock ticks since boot. */
function startTicks(pid: number): string {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
}
const BOOT = fs.existsSync('/proc/sys/kernel/random/boot_id') ? fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() : '-';

function liveStranger(): number {
  const c = spawn('sleep', ['120'], { stdio: 'ignore' });
  children.push(c);
  return c.pid!;
}

describe('the lock never wedges', () => {
  const writer = (dir: string, wait = '1'): ReturnType<typeof runCli> & { ms: number } => {
    const t0 = Date.now();
    const r = runCli(['customer', 'add', `C${Date.now()}`, '--name', 'New', '-L', dir, '--wait', wait]);
    return { ...r, ms: Date.now() - t0 };
  };

  for (const [kind, plant] of [
    ['a directory', (p: string) => fs.mkdirSync(p)],
    ['a dangling symlink', (p: string) => fs.symlinkSync('/nonexistent/arledger-lock', p)],
    ['a symlink to a file outside', (p: string) => fs.symlinkSync(outside().file, p)],
  ] as const) {
    it(`a lock path that is ${kind} honours --wait 1 and exits 4 with a message`, () => {
      const dir = ledger();
      const lock = path.join(dir, '.arledger.lock');
      plant(lock);
      const before = snap(dir);
      const r = writer(dir);
      expect(r.code, r.stderr).toBe(4);
      expect(r.ms).toBeLessThan(10_000); // it used to spin forever; a loaded machine may take a few seconds to start node
      expect(r.stderr).toMatch(new RegExp(`^arledger: the ledger's lock .*\\.arledger\\.lock is ${kind.startsWith('a directory') ? 'a directory' : 'a symbolic link'}, not a lock file arledger made, and stayed there for 1 s; remove it if no arledger command is running$`, 'm'));
      expect(snap(dir)).toEqual(before);
      fs.rmSync(lock, { recursive: true });
      expect(writer(dir).code).toBe(0);
    });
  }

  it('a lock whose pid now belongs to an unrelated process is stale and taken over at once', () => {
    const pid = liveStranger();
    const cases = [
      `${pid} ${os.hostname()} 1 ${BOOT}\n`, // same pid, another start time
      `${pid} ${os.hostname()} ${startTicks(pid)} 00000000-0000-4000-8000-000000000000\n`, // a pid from before a reboot
    ];
    for (const holder of cases) {
      const dir = ledger();
      fs.writeFileSync(path.join(dir, '.arledger.lock'), holder);
      const r = writer(dir, '5');
      expect(r.code, `${holder}: ${r.stderr}`).toBe(0);
      expect(r.ms).toBeLessThan(4000);
      expect(fs.existsSync(path.join(dir, '.arledger.lock'))).toBe(false);
    }
  });

  it('an hour-old lock from an older arledger (pid and host only) whose pid started since is taken over', () => {
    const pid = liveStranger();
    const dir = ledger();
    const lock = path.join(dir, '.arledger.lock');
    fs.writeFileSync(lock, `${pid} ${os.hostname()}\n`);
    const old = new Date(Date.now() - 3600_000);
    fs.utimesSync(lock, old, old);
    const r = writer(dir, '5');
    expect(r.code, r.stderr).toBe(0);
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('a lock of a live process with its own start time is respected (exit 4)', () => {
    const pid = liveStranger();
    const dir = ledger();
    fs.writeFileSync(path.join(dir, '.arledger.lock'), `${pid} ${os.hostname()} ${startTicks(pid)} ${BOOT}\n`);
    const r = writer(dir);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`(pid ${pid} on ${os.hostname()}) and stayed locked for 1 s`);
    // And the old format, written after the process started, is respected too.
    fs.writeFileSync(path.join(dir, '.arledger.lock'), `${pid} ${os.hostname()}\n`);
    expect(writer(dir).code).toBe(4);
  });
});

/** Whether this process may mount a tmpfs (root with CAP_SYS_ADMIN). */
function mountTmpfs(size: string): string | null {
  if (process.getuid?.() !== 0) return null;
  const mnt = tempDir('arledger-full-');
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mnt]).status !== 0) {
    fs.rmSync(mnt, { recursive: true, force: true });
    return null;
  }
  return mnt;
}

/** Leaves exactly `pages` free 4 KiB pages on the file system of `mnt`, by (re)writing a filler file. */
function leaveFree(mnt: string, pages: number): void {
  const filler = path.join(mnt, 'filler');
  fs.rmSync(filler, { force: true });
  const st = fs.statfsSync(mnt);
  const free = st.bavail * st.bsize;
  fs.writeFileSync(filler, Buffer.alloc(Math.max(0, free - pages * 4096)));
}

describe('a full disk', () => {
  it('at any step: exit 5 with a message, the ledger as before, no lock or temporary file left; or done', async (ctx) => {
    const mnt = mountTmpfs('512k');
    if (mnt === null) {
      console.log('skipped: mounting a small tmpfs needs root with CAP_SYS_ADMIN, which this run does not have');
      ctx.skip();
      return;
    }
    try {
      const dir = path.join(mnt, 'books');
      fs.cpSync(DEMO, dir, { recursive: true });
      // A journal that fills its last page exactly: the next append needs a new page, so it meets the full disk
      // after the lock and the transaction record were written.
      const padded = path.join(mnt, 'padded');
      fs.cpSync(ledger(), padded, { recursive: true });
      const head = 'id,kind,date,due,customer,currency,amount,terms,reference,memo\nINV-1,invoice,2026-10-01,2026-10-31,ACME,EUR,100.00,net30,,';
      fs.writeFileSync(path.join(padded, 'invoices.csv'), `${head}${'m'.repeat(4096 - head.length - 1)}\n`);
      expect(fs.statSync(path.join(padded, 'invoices.csv')).size).toBe(4096);
      const commands: [string, string[]][] = [
        [padded, ['invoice', 'add', '--customer', 'ACME', '--line', 'Support;1;100.00;0', '--date', '2026-11-30']],
        [dir, ['invoice', 'add', '--customer', 'GREENFIELD', '--line', 'Support;1;100.00;0', '--date', '2026-11-30']],
        [dir, ['dunning', '--post-fees']],
        [dir, ['close', '2026-10-31']],
        [dir, ['customer', 'add', 'NEWCO', '--name', 'New Co']],
      ];
      const outcomes: string[] = [];
      const messages = new Set<string>();
      for (const [at, args] of commands) {
        for (const pages of [0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 28, 32, 40, 48, 64]) {
          leaveFree(mnt, pages);
          const before = snapshotDir(at);
          const r = runCli([...args, '-L', at, '--wait', '1']);
          expect([0, 5], `${args[0]} with ${pages} free pages: ${r.stderr}`).toContain(r.code);
          expect(fs.readdirSync(at).filter((n) => n.startsWith('.arledger') || n.endsWith('.arledger-tmp'))).toEqual([]);
          expect(temps(at)).toEqual([]);
          if (r.code === 5) {
            expect(r.stderr).toMatch(/^arledger: [^\n]*: the disk is full; nothing was written\n$/);
            messages.add(r.stderr.replace(/ \(.*\)| in \/[^:]*/, '').trim());
            expect(snapshotDir(at)).toEqual(before);
            outcomes.push(`${args[0]}:full`);
          } else {
            outcomes.push(`${args[0]}:done@${pages}`);
            break;
          }
        }
      }
      // Every command met a full disk at least once, and then got through; the disk filled up at every step.
      for (const c of ['invoice', 'dunning', 'close', 'customer']) {
        expect(outcomes).toContain(`${c}:full`);
        expect(outcomes.some((o) => o.startsWith(`${c}:done@`)), outcomes.join(' ')).toBe(true);
      }
      expect([...messages].sort()).toEqual([
        'arledger: cannot lock the ledger: the disk is full; nothing was written',
        'arledger: cannot start the transaction: the disk is full; nothing was written',
        'arledger: cannot write ledger.yaml: the disk is full; nothing was written',
        'arledger: cannot write the ledger: the disk is full; nothing was written',
        'arledger: cannot write the letters: the disk is full; nothing was written',
      ]);
      fs.rmSync(path.join(mnt, 'filler'));
      expect(runCli(['check', '-L', dir]).code).toBe(0);
      expect(runCli(['check', '-L', padded]).code).toBe(0);
    } finally {
      // A command may leave a journal open, as a process that is about to exit may: closed with the thread.
      await stopCli();
      spawnSync('umount', [mnt]);
      fs.rmSync(mnt, { recursive: true, force: true });
    }
  }, 300_000);
});

describe('ARLEDGER_TODAY and time zones', () => {
  it('refuses an ARLEDGER_TODAY that is not a calendar date (exit 2), naming it; nothing written', () => {
    const dir = ledger();
    const before = snapshotDir(dir);
    for (const [today, args] of [
      ['2026-02-30', ['aging']], ['2026-13-01', ['invoice', 'add', '--customer', 'ACME', '--line', 'x;1;10.00;0']],
      ['tomorrow', ['close', '2026-10-31']], ['2026-1-5', ['aging']], [' 2026-11-30', ['customer', 'add', 'BETA', '--name', 'Beta']],
    ] as const) {
      {
        const r = runCli([...args, '-L', dir], { env: { ARLEDGER_TODAY: today } });
        expect(r.code, `${today} ${args[0]}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toBe(`arledger: ARLEDGER_TODAY ${JSON.stringify(today)} is not a calendar date — set it to YYYY-MM-DD, e.g. ARLEDGER_TODAY=2026-11-30, or unset it to use today's date\n`);
      }
    }
    expect(snapshotDir(dir)).toEqual(before);
    expect(runCli(['aging', '-L', dir], { env: { ARLEDGER_TODAY: '2024-02-29' } }).code).toBe(0);
  });

  it('gives the same reports and rows under any TZ at a fixed ARLEDGER_TODAY', { timeout: 180_000 }, () => {
    const results = ['UTC', 'Pacific/Kiritimati', 'America/Adak', 'Asia/Kathmandu'].map((tz) => {
      const dir = copyLedger(DEMO);
      const env = { TZ: tz, ARLEDGER_TODAY: '2026-11-30' };
      const out = [
        runCli(['aging', '-L', dir, '--format', 'json'], { env }),
        runCli(['dunning', '-L', dir, '--dry-run', '--format', 'json'], { env }),
        runCli(['invoice', 'add', '--customer', 'GREENFIELD', '--line', 'Support;1;100.00;0', '-L', dir], { env }),
        runCli(['close', '2026-11-30', '-L', dir], { env }),
        runCli(['statement', '--customer', 'GREENFIELD', '-L', dir], { env }),
      ].map((r) => `${r.code}\n${r.stdout}\n${r.stderr}`);
      return { tz, out, invoices: fs.readFileSync(path.join(dir, 'invoices.csv'), 'utf8') };
    });
    for (const r of results.slice(1)) {
      expect(r.out, r.tz).toEqual(results[0]!.out);
      expect(r.invoices, r.tz).toBe(results[0]!.invoices);
    }
  });
});
