// Start-up times: median wall time of N runs (default 20) of `node -e 0` and of small commands on a copy of the
// demo ledger, and each one's ratio to Node's own start. `node scripts/start-times.mjs [RUNS]` after a build.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'bin', 'arledger.js');
const runs = Number(process.argv[2] ?? 20);
const ledger = fs.mkdtempSync(path.join(os.tmpdir(), 'arledger-start-'));
fs.cpSync(path.join(root, 'ledgers', 'demo'), ledger, { recursive: true });
const env = { ...process.env, ARLEDGER_TODAY: '2026-11-30', NO_COLOR: '1' };
delete env.ARLEDGER_DIR;

const cases = [
  ['node -e 0', ['-e', '0']],
  ['arledger --version', [bin, '--version']],
  ['arledger aging', [bin, 'aging', '-L', ledger]],
  ['arledger check', [bin, 'check', '-L', ledger]],
  ['arledger invoice list', [bin, 'invoice', 'list', '-L', ledger]],
  ['arledger dunning --dry-run', [bin, 'dunning', '--dry-run', '-L', ledger]],
];

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

try {
  const rows = [];
  for (const [name, args] of cases) {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
      times.push(Number(process.hrtime.bigint() - t0) / 1e9);
      if (r.status !== 0 && r.status !== 1) throw new Error(`${name} exited ${r.status}: ${r.stderr}`);
    }
    rows.push([name, median(times), Math.min(...times)]);
  }
  const base = rows[0][1];
  console.log(`Node ${process.version}, ${runs} runs each, ledgers/demo\n`);
  console.log('| command | median wall (s) | fastest (s) | × node -e 0 |\n|---|---|---|---|');
  for (const [name, med, min] of rows) console.log(`| \`${name}\` | ${med.toFixed(3)} | ${min.toFixed(3)} | ${(med / base).toFixed(1)} |`);
} finally {
  fs.rmSync(ledger, { recursive: true, force: true });
}
