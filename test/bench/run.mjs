// `npm run bench`: generates ledgers of 10k, 100k and 1M invoices in a temporary directory and times the built CLI
// on them (aging, aging --detail --format json, check): median wall and CPU time of 3 runs and the peak RSS.
//
//   node test/bench/run.mjs [--sizes 10000,100000] [--runs 3] [--keep] [--timeout 600]
//
// Peak RSS comes from GNU time (/usr/bin/time -v) when present, else from a wrapper that runs the CLI in its own
// process and reports process.resourceUsage().maxRSS on exit.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AS_OF, generateLedger } from './generate.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const BIN = path.join(ROOT, 'bin', 'arledger.js');
const WRAPPER = path.join(HERE, 'maxrss-wrapper.mjs');
const GNU_TIME = '/usr/bin/time';

// Targets the project holds itself to (README, Development): aging over 1M invoices.
const TARGET = { invoices: 1_000_000, seconds: 3, rssMiB: 1024 };

function parseArgs(argv) {
  const opts = { sizes: [10_000, 100_000, 1_000_000], runs: 3, keep: false, timeout: 600 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    if (a === '--sizes') {
      const v = value();
      if (!/^\d+(,\d+)*$/.test(v)) usage(`--sizes ${JSON.stringify(v)} is not a comma-separated list of invoice counts, e.g. 10000,100000`);
      opts.sizes = v.split(',').map(Number);
    } else if (a === '--runs') {
      const v = value();
      if (!/^[1-9]\d?$/.test(v)) usage(`--runs ${JSON.stringify(v)} is not a count from 1 to 99`);
      opts.runs = Number(v);
    } else if (a === '--timeout') {
      const v = value();
      if (!/^[1-9]\d*$/.test(v)) usage(`--timeout ${JSON.stringify(v)} is not a number of seconds`);
      opts.timeout = Number(v);
    } else if (a === '--keep') opts.keep = true;
    else usage(`unknown option ${JSON.stringify(a)}`);
  }
  return opts;
}

function usage(message) {
  console.error(`bench: ${message}\nusage: npm run bench -- [--sizes 10000,100000,1000000] [--runs 3] [--keep] [--timeout SECONDS]`);
  process.exit(2);
}

const hasGnuTime = (() => {
  if (!fs.existsSync(GNU_TIME)) return false;
  const r = spawnSync(GNU_TIME, ['-v', 'true'], { encoding: 'utf8' });
  return r.status === 0 && /Maximum resident set size/.test(r.stderr);
})();

/** One run of the CLI: wall seconds, CPU seconds (when known), peak RSS in KiB, exit code. */
function measure(args, tmp, timeoutS) {
  const report = path.join(tmp, 'measure.txt');
  fs.rmSync(report, { force: true });
  const env = { ...process.env, NO_COLOR: '1', ARLEDGER_TODAY: AS_OF };
  const cmd = hasGnuTime
    ? [GNU_TIME, ['-v', '-o', report, process.execPath, BIN, ...args]]
    : [process.execPath, [WRAPPER, report, BIN, ...args]];
  const out = fs.openSync(path.join(tmp, 'stdout.txt'), 'w');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd[0], cmd[1], { env, stdio: ['ignore', out, 'pipe'], encoding: 'utf8', timeout: timeoutS * 1000, maxBuffer: 64 << 20 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  fs.closeSync(out);
  if (r.error?.code === 'ETIMEDOUT') return { wall, cpu: null, rssKiB: null, code: 'timeout', stderr: '' };
  const text = fs.existsSync(report) ? fs.readFileSync(report, 'utf8') : '';
  let rssKiB = null;
  let cpu = null;
  let code = r.status;
  if (hasGnuTime) {
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(text);
    rssKiB = m ? Number(m[1]) : null;
    const u = /User time \(seconds\): ([\d.]+)/.exec(text);
    const s = /System time \(seconds\): ([\d.]+)/.exec(text);
    cpu = u && s ? Number(u[1]) + Number(s[1]) : null;
    const ex = /Exit status: (\d+)/.exec(text);
    if (ex) code = Number(ex[1]);
  } else if (text) {
    const j = JSON.parse(text);
    rssKiB = j.maxRSS;
    cpu = j.cpu;
  }
  return { wall, cpu, rssKiB, code, stderr: r.stderr ?? '' };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const COMMANDS = [
  { name: 'aging', args: (dir) => ['aging', '-L', dir, '--as-of', AS_OF] },
  { name: 'aging --detail --format json', args: (dir) => ['aging', '-L', dir, '--as-of', AS_OF, '--detail', '--format', 'json'] },
  { name: 'check', args: (dir) => ['check', '-L', dir] },
];

function table(rows) {
  const header = ['invoices', 'command', 'wall s (median)', 'cpu s (median)', 'peak RSS MiB', 'exit'];
  const cells = [header, ...rows.map((r) => [r.invoices.toLocaleString('en-US'), r.command, r.wall, r.cpu, r.rss, r.exit])];
  const widths = header.map((_, i) => Math.max(...cells.map((c) => String(c[i]).length)));
  const line = (c) => c.map((v, i) => (i < 2 ? String(v).padEnd(widths[i]) : String(v).padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) {
    console.error('bench: dist/ is missing; run `npm run build` first (npm run bench does)');
    process.exit(2);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'arledger-bench-'));
  console.error(`bench: ledgers in ${tmp}; peak RSS from ${hasGnuTime ? 'GNU time -v' : 'process.resourceUsage() in a wrapper'}; ${opts.runs} runs each`);
  const rows = [];
  let failed = false;
  try {
    for (const n of opts.sizes) {
      const dir = path.join(tmp, `ledger-${n}`);
      const g0 = process.hrtime.bigint();
      const stats = generateLedger(dir, n);
      const gs = Number(process.hrtime.bigint() - g0) / 1e9;
      console.error(`bench: ${n} invoices generated in ${gs.toFixed(1)} s: ${(stats.bytes / 1048576).toFixed(1)} MiB of journals, `
        + `${stats.rows.payments} payments, ${stats.rows.applications} applications, ${stats.rows.credits} credits, `
        + `${stats.rows.refunds} refunds, ${stats.rows.disputes} dispute rows`);
      for (const c of COMMANDS) {
        const runs = [];
        for (let i = 0; i < opts.runs; i++) {
          const m = measure(c.args(dir), tmp, opts.timeout);
          runs.push(m);
          console.error(`bench:   ${c.name}: ${m.wall.toFixed(2)} s, ${m.rssKiB === null ? '?' : (m.rssKiB / 1024).toFixed(0)} MiB, exit ${m.code}`);
          if (m.code !== 0) {
            failed = true;
            if (m.stderr) console.error(m.stderr.split('\n').slice(0, 5).join('\n'));
            break; // a failing or timed-out command is not worth repeating
          }
        }
        const rss = runs.map((r) => r.rssKiB).filter((v) => v !== null);
        const cpus = runs.map((r) => r.cpu).filter((v) => v !== null);
        rows.push({
          invoices: n,
          command: c.name,
          wall: median(runs.map((r) => r.wall)).toFixed(2),
          cpu: cpus.length ? median(cpus).toFixed(2) : '-',
          rss: rss.length ? (Math.max(...rss) / 1024).toFixed(0) : '-',
          exit: [...new Set(runs.map((r) => r.code))].join('/'),
          wallS: median(runs.map((r) => r.wall)),
          rssMiB: rss.length ? Math.max(...rss) / 1024 : null,
        });
      }
    }
  } finally {
    if (opts.keep) console.error(`bench: kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
  process.stdout.write(`${table(rows)}\n`);
  const target = rows.find((r) => r.invoices === TARGET.invoices && r.command === 'aging');
  if (target) {
    const ok = target.exit === '0' && target.wallS <= TARGET.seconds && target.rssMiB !== null && target.rssMiB <= TARGET.rssMiB;
    process.stdout.write(`\ntarget: aging over 1,000,000 invoices <= ${TARGET.seconds} s and <= ${TARGET.rssMiB} MiB: `
      + `${target.wall} s, ${target.rss} MiB -> ${ok ? 'met' : 'NOT met'}\n`);
  } else {
    process.stdout.write(`\ntarget (aging over 1,000,000 invoices <= ${TARGET.seconds} s, <= ${TARGET.rssMiB} MiB): not measured in this run\n`);
  }
  if (failed) process.exitCode = 1;
}

main();
