// Text from the data never reaches a terminal or a line-oriented export raw: bidi overrides and isolates, C1
// controls such as CSI, ANSI escape sequences and NUL are shown as visible escapes (SPEC §7). One hostile ledger
// puts them into every text field and every report, document and export runs on it.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, tempLedger } from '../helpers/cli.js';

/** RLO, CSI, an ANSI colour sequence, an isolate, a mark, a line separator and (in CSV) NUL. */
const EVIL = 'Evil\u202Egnp.exe \u009B31m \u001b[31mRED\u001b[0m \u2066iso\u2069 \u200F\u061C\u2028end';
const EVIL_CSV = `${EVIL}\u0000nul`;
/** customers.yaml and ledger.yaml refuse C0 controls in names (a name is one line), but not the rest. */
const EVIL_YAML = 'Evil\u202Egnp.exe \u009B31m \u2066iso\u2069 \u200F\u061C end';
/** Everything that must never be printed raw. */
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

const csv = (s: string): string => `"${s.replace(/"/g, '""')}"`;
const yamlString = (s: string): string => JSON.stringify(s); // a YAML double-quoted scalar takes JSON escapes

function hostileLedger(): string {
  return tempLedger({
    'ledger.yaml': `version: 1
company: { name: ${yamlString(`Seller ${EVIL_YAML}`)}, email: ar@test.example, address: ${yamlString(`1 Market St\n${EVIL_YAML}`)} }
currency: EUR
terms: net30
aging: { basis: due, buckets: [30, 60, 90] }
bank_accounts:
  - { iban: DE89370400440532013000, bic: COBADEFFXXX, bank: ${yamlString(`Bank ${EVIL_YAML}`)}, currency: EUR }
dunning:
  levels:
    - { level: 1, after_days: 7, template: reminder }
`,
    'customers.yaml': `EVIL:
  name: ${yamlString(`Customer ${EVIL_YAML}`)}
  email: ap@evil.example
  currency: EUR
  terms: net30
  address: ${yamlString(`Street ${EVIL_YAML}\nTown`)}
  aliases: [${yamlString(`ALIAS ${EVIL_YAML}`)}]
`,
    'invoices.csv': `id,kind,date,due,customer,currency,amount,terms,reference,memo
INV-1,invoice,2026-08-01,2026-08-31,EVIL,EUR,1000.00,net30,${csv(`REF ${EVIL_CSV}`)},${csv(`memo ${EVIL_CSV}`)}
INV-2,invoice,2026-11-01,2026-12-01,EVIL,EUR,500.00,net30,${csv(`=HYPERLINK("x") ${EVIL_CSV}`)},${csv(`+memo ${EVIL_CSV}`)}
`,
    'invoice-lines.csv': `invoice,line,description,quantity,unit_price,tax_rate,net,tax
INV-1,1,${csv(`line ${EVIL_CSV}`)},1,1000.00,0,1000.00,0.00
`,
    'payments.csv': `id,date,customer,currency,amount,method,reference,bank_ref,memo
PAY-1,2026-11-05,EVIL,EUR,300.00,${csv(`wire ${EVIL_CSV}`)},${csv(`-pay ${EVIL_CSV}`)},${csv(`BR ${EVIL_CSV}`)},${csv(`@memo ${EVIL_CSV}`)}
`,
    'credits.csv': `id,kind,date,customer,currency,amount,invoice,reason
CN-1,credit-note,2026-11-06,EVIL,EUR,50.00,INV-1,${csv(`reason ${EVIL_CSV}`)}
`,
    'refunds.csv': `id,date,customer,currency,amount,method,reference,memo
RF-1,2026-11-07,EVIL,EUR,10.00,${csv(`m ${EVIL_CSV}`)},${csv(`r ${EVIL_CSV}`)},${csv(`memo ${EVIL_CSV}`)}
`,
    'applications.csv': `date,credit,debit,amount
2026-11-05,PAY-1,INV-1,200.00
2026-11-06,CN-1,INV-1,50.00
`,
    'disputes.csv': `date,invoice,status,reason
2026-11-10,INV-2,open,${csv(`dispute ${EVIL_CSV}`)}
`,
  });
}

/** Every report, document and export in every format that prints to stdout. */
const COMMANDS: readonly (readonly string[])[] = [
  ['aging', '--detail'], ['aging', '--detail', '--format', 'csv'], ['aging', '--detail', '--format', 'json'],
  ['customer', 'list'], ['customer', 'list', '--format', 'csv'], ['customer', 'list', '--format', 'json'],
  ['customer', 'show', 'EVIL'], ['customer', 'show', 'EVIL', '--format', 'json'],
  ['invoice', 'list'], ['invoice', 'list', '--format', 'csv'], ['invoice', 'list', '--format', 'json'],
  ['invoice', 'show', 'INV-1'], ['invoice', 'show', 'INV-2'], ['invoice', 'show', 'INV-1', '--format', 'json'],
  ['invoice', 'render', 'INV-1'], ['invoice', 'render', 'INV-1', '--format', 'md'], ['invoice', 'render', 'INV-1', '--format', 'html'],
  ['statement', 'EVIL', '--from', '2026-08-01'], ['statement', 'EVIL', '--from', '2026-08-01', '--format', 'md'],
  ['statement', 'EVIL', '--from', '2026-08-01', '--format', 'html'],
  ['dunning', '--dry-run'], ['dunning', '--dry-run', '--format', 'json'],
  ['kpi'], ['behavior', '--detail'],
  ['export', '--format', 'hledger'], ['export', '--format', 'beancount'], ['export', '--format', 'json'],
  ['check'], ['check', '--format', 'json'], ['check', '--format', 'github'],
];

function expectClean(what: string, text: string): void {
  const m = RAW.exec(text);
  expect(m ? `${what}: raw U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} near ${JSON.stringify(text.slice(Math.max(0, m.index - 30), m.index + 10))}` : '').toBe('');
}

describe('hostile text in the data', () => {
  const dir = hostileLedger();

  for (const args of COMMANDS) {
    it(`arledger ${args.join(' ')} prints no raw control or bidi character`, () => {
      const r = runCli([...args, '-L', dir]);
      expect(r.code, r.stderr).toBeLessThanOrEqual(1);
      expectClean('stdout', r.stdout);
      expectClean('stderr', r.stderr);
    });
  }

  it('shows the characters as visible escapes, so the text stays readable', () => {
    const r = runCli(['customer', 'show', 'EVIL', '-L', dir]);
    expect(r.stdout).toContain('Customer Evil\\u202Egnp.exe \\x9b31m \\u2066iso\\u2069 \\u200F\\u061C end');
  });

  it('keeps JSON lossless: the escapes are JSON escapes that decode to the original text', () => {
    const r = runCli(['customer', 'show', 'EVIL', '--format', 'json', '-L', dir]);
    expect(JSON.stringify(JSON.parse(r.stdout))).toContain(JSON.stringify(`Customer ${EVIL_YAML}`).slice(1, -1));
  });

  it('neutralises formula prefixes in CSV text cells and keeps amounts numeric', () => {
    const r = runCli(['invoice', 'list', '--format', 'csv', '-L', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/(^|,)"?[=+\-@]/m);
    expect(r.stdout).toMatch(/,1000\.00(,|$)/m);
  });

  it('escapes the data in error messages', () => {
    const bad = tempLedger({ ...Object.fromEntries(['ledger.yaml', 'customers.yaml'].map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')])),
      'invoices.csv': `id,kind,date,due,customer,currency,amount,terms,reference,memo\nINV-1,invoice,2026-08-01,2026-08-31,EVIL,EUR,${csv(`1\u202E00`)},net30,,\n` });
    for (const args of [['aging'], ['check'], ['check', '--format', 'github']]) {
      const r = runCli([...args, '-L', bad]);
      expect(r.code).toBe(args[0] === 'check' ? 1 : 3);
      expectClean('stdout', r.stdout);
      expectClean('stderr', r.stderr);
      expect(r.stdout + r.stderr).toContain('1\\u202E00');
    }
    // Usage errors quote the command line back, and it is shown the same way.
    const usage = runCli(['aging', '--as-of', '2026-11-3\u202E0', '-L', dir]);
    expect(usage.code).toBe(2);
    expectClean('stderr', usage.stderr);
    const unknown = runCli(['aging', '--bo\u202Egus', '-L', dir]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("arledger: unknown option '--bo\\u202Egus'\n");
  });

  for (const tool of [['hledger', 'hledger', 'check', '-f'], ['beancount', 'bean-check']] as const) {
    const [format, bin, ...args] = tool;
    const have = spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;
    it.skipIf(!have)(`the ${format} export is still accepted by ${bin}`, () => {
      const r = runCli(['export', '--format', format, '-L', dir]);
      expect(r.code).toBe(0);
      const file = path.join(tempDir(), `ar.${format}`);
      fs.writeFileSync(file, r.stdout);
      const checked = spawnSync(bin, [...args, file], { encoding: 'utf8' });
      expect(checked.stderr + checked.stdout).toBe('');
      expect(checked.status).toBe(0);
    });
  }
});
