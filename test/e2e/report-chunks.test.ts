// Large JSON reports are written in chunks as they are made: to stdout and to --output they are the same bytes,
// from the cache as read afresh (--no-cache), and an --output that cannot be written leaves nothing behind.
// test/core/json-writers.test.ts proves the text equal to JSON.stringify's; test/core/fast.test.ts the plans.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE_CONFIG, runCli, snapshotDir, tempLedger } from '../helpers/cli.js';

const HEAD = 'id,kind,date,due,customer,currency,amount,terms,reference,memo\n';

/** 600 customers, a few with text to escape in their names, each with two invoices long overdue. */
function bigLedger(): string {
  let customers = '';
  let invoices = HEAD;
  let n = 0;
  for (let c = 0; c < 600; c++) {
    const id = `C${String(c).padStart(4, '0')}`;
    const name = c % 97 === 0 ? 'Evil \\u202Eet \\"Co\\" \\u2066x\\\\' : `Customer ${c}`;
    customers += `${id}:\n  name: "${name}"\n  email: ap-${c}@example.com\n  currency: ${c % 3 === 0 ? 'JPY' : 'EUR'}\n  terms: net30\n`;
    for (let k = 0; k < 2; k++) {
      n++;
      invoices += `INV-${String(n).padStart(5, '0')},invoice,2026-0${k + 6}-01,2026-0${k + 7}-01,${id},${c % 3 === 0 ? 'JPY' : 'EUR'},${c % 3 === 0 ? 1000 + c : `${100 + c}.0${k}`},${k === 0 ? '2/10 net30' : 'net30'},,\n`;
    }
  }
  const config = `${BASE_CONFIG}dunning:\n  levels:\n    - { level: 1, after_days: 7, template: reminder }\n    - { level: 2, after_days: 60, template: second-notice, fee: { EUR: "5.00", JPY: "500" }, interest: "8" }\n`;
  return tempLedger({ 'ledger.yaml': config, 'customers.yaml': customers, 'invoices.csv': invoices });
}

describe('large JSON reports', () => {
  const dir = bigLedger();

  for (const args of [['aging', '--format', 'json'], ['aging', '--format', 'json', '--detail'], ['dunning', '--dry-run', '--format', 'json']]) {
    it(`${args.join(' ')}: stdout, --output and the plain reader agree byte for byte`, () => {
      const out = runCli([...args, '-L', dir]);
      expect(out.code).toBe(0);
      expect(out.stdout.length).toBeGreaterThan(1 << 17);
      // A customer's name, with a bidi override escaped as toJson escapes it (dunning names no one).
      if (args[0] === 'aging') expect(out.stdout).toContain('"name": "Evil \\u202eet \\"Co\\" \\u2066x\\\\"');
      expect(JSON.parse(out.stdout)).toBeTruthy();
      const file = path.join(dir, '..', `${path.basename(dir)}-report.json`);
      const toFile = runCli([...args, '-L', dir, '--output', file]);
      expect(toFile.code).toBe(0);
      expect(fs.readFileSync(file, 'utf8')).toBe(out.stdout);
      fs.rmSync(file);
      expect(runCli([...args, '-L', dir, '--no-cache']).stdout).toBe(out.stdout);
    });
  }

  it('an --output in a directory that does not exist is refused, and nothing is written', () => {
    const before = snapshotDir(dir);
    const r = runCli(['dunning', '--dry-run', '--format', 'json', '-L', dir, '--output', path.join(dir, 'no-such-dir', 'plan.json')]);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/^arledger: cannot write .*no-such-dir.*does not exist/);
    expect(r.stdout).toBe('');
    expect(snapshotDir(dir)).toEqual(before);
  });
});
