// SPEC conformance suite of ../shared/conformance, run against the built CLI.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, SHARED } from '../helpers/cli.js';

const RUNNER = path.join(SHARED, 'conformance', 'run');
const EXPECTED = path.join(SHARED, 'conformance', 'expected');

describe('shared conformance suite', () => {
  const run = spawnSync(RUNNER, ['node', 'bin/arledger.js'], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000,
  });
  const lines = (run.stdout ?? '').split('\n');
  const resultOf = (name: string): string | undefined => lines.find((l) => l.slice(5) === name || l.startsWith(`FAIL ${name}:`));
  const cases = fs.readdirSync(EXPECTED).filter((f) => f.endsWith('.json')).sort();

  it('ran, and reported every expected case', () => {
    expect(run.error, String(run.error)).toBeUndefined();
    expect(run.stdout).toMatch(/^conformance: \d+ passed, \d+ failed$/m);
    for (const c of cases) expect(resultOf(c), `no result line for ${c}`).toBeDefined();
  });

  for (const c of cases.filter((f) => /\.aging(-invoice-basis)?\./.test(f))) {
    it(`passes ${c}`, () => {
      expect(resultOf(c)).toBe(`ok   ${c}`);
    });
  }

  const dunningBuilt = fs.existsSync(path.join(ROOT, 'src', 'cli', 'commands', 'dunning.ts'));
  it(dunningBuilt ? 'passes as a whole (dunning included)' : 'passes as a whole once dunning exists', () => {
    if (!dunningBuilt) {
      // Not skipped silently: the dunning cases cannot pass before the command exists; say so and check the rest.
      console.log('conformance: src/cli/commands/dunning.ts does not exist yet, so the dunning cases are expected to fail; '
        + 'only the aging cases are asserted. Results:\n' + lines.filter((l) => /dunning/.test(l)).join('\n'));
      expect(cases.filter((c) => !c.includes('.dunning.')).every((c) => resultOf(c) === `ok   ${c}`)).toBe(true);
      return;
    }
    expect(run.status, run.stdout).toBe(0);
  });
});
