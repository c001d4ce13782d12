// The benchmark must report what happened, whatever happens: a command that hangs is killed at --timeout and
// shown as a timeout in the table and the JSON, never as a crash of the benchmark itself.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli.js';

describe('npm run bench', () => {
  it('reports a command that outlives --timeout as a timeout and writes its JSON', () => {
    const dir = tempDir('arledger-bench-run-');
    const hang = path.join(dir, 'hang.mjs');
    fs.writeFileSync(hang, 'setTimeout(() => {}, 1e9);\n');
    const out = path.join(dir, 'results');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'test', 'bench', 'run.mjs'), '--sizes', '100', '--runs', '1', '--timeout', '1',
      '--hledger-max', '0', '--cold-only', '--out', out], { encoding: 'utf8', env: { ...process.env, ARLEDGER_BENCH_BIN: hang } });
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.stderr).toMatch(/aging --format json cold: timeout after 1 s/);
    expect(r.stdout).toMatch(/^100\s+aging --format json\s+timeout\s+2\.0\s+MISS/m);
    expect(r.status).toBe(1);
    const [file] = fs.readdirSync(out);
    const json = JSON.parse(fs.readFileSync(path.join(out, file!), 'utf8')) as { sizes: { commands: { failed: unknown }[] }[] };
    expect(json.sizes[0]!.commands.map((c) => c.failed)).toEqual(['timeout', 'timeout', 'timeout', 'timeout', 'timeout']);
  }, 60_000);

  const hasHledger = spawnSync('hledger', ['--version']).status === 0;
  it.skipIf(!hasHledger)('reports a failed hledger export as such and goes on', () => {
    const dir = tempDir('arledger-bench-run-');
    const cli = path.join(dir, 'cli.mjs');
    fs.writeFileSync(cli, "if (process.argv.includes('export')) { console.error('arledger: export broke'); process.exit(3); }\n");
    const r = spawnSync(process.execPath, [path.join(ROOT, 'test', 'bench', 'run.mjs'), '--sizes', '100', '--runs', '1', '--cold-only',
      '--out', path.join(dir, 'results')], { encoding: 'utf8', env: { ...process.env, ARLEDGER_BENCH_BIN: cli } });
    expect(r.stderr).toMatch(/100 export --format hledger failed \(exit 3\): arledger: export broke/);
    expect(r.stdout).toMatch(/^100\s+exit 3\s+-\s+[\d.]+\s+-\s+50x\s+MISS$/m);
    expect(r.status).toBe(1);
  }, 60_000);
});
