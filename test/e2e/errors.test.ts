// The catalogue of malformed ledgers (fixtures/errors/<scenario>): `check` names every problem as FILE:LINE
// (golden stdout), `aging` refuses with the same problems (exit 3), and no file is touched.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, expect as globalExpect, it } from 'vitest';
import { copyLedger, ROOT, runCli, snapshotDir } from '../helpers/cli.js';

const FIXTURES = path.join(ROOT, 'fixtures', 'errors');
const GOLDEN = path.join(ROOT, 'test', 'golden', 'errors');

/** Ledgers in the catalogue that are valid on purpose: they look wrong but must be read as written. */
const VALID = new Set(['bom-crlf', 'yaml-merge-key', 'yaml-octal-and-norway']);

/**
 * Where each problem is, and a piece of text on that line of the file, so a LINE that drifts from the line an
 * editor opens fails here even when the golden is regenerated.
 */
const PLACES: Record<string, readonly (readonly [string, number, string])[]> = {
  'amount-comma': [['invoices.csv', 3, '"500,00"']],
  'amount-exponent': [['invoices.csv', 3, ',1e3,']],
  'amount-jpy-decimals': [['invoices.csv', 4, '120000.50']],
  'amount-kwd-decimals': [['invoices.csv', 5, '250.5000']],
  'amount-negative': [['payments.csv', 3, '-5.00']],
  'amount-zero': [['payments.csv', 3, ',0.00,']],
  'application-before-documents': [['applications.csv', 4, '2026-10-19,PAY-2']],
  'application-between-customers': [['applications.csv', 4, 'PAY-2,INV-1']],
  'application-unknown-document': [['applications.csv', 4, 'INV-9']],
  'bad-date': [['invoices.csv', 3, '2026-02-30']],
  'bad-header': [['invoices.csv', 1, 'terms,ref,memo']],
  'config-absurd-dunning': [['ledger.yaml', 10, '"99999999999999999999.99"'], ['ledger.yaml', 11, 'interest: "1e23"']],
  'config-absurd-numbers': [['ledger.yaml', 5, '360, 390]'], ['ledger.yaml', 6, 'future_days: 36500'], ['ledger.yaml', 8, '"INV-{seq}-{seq}"']],
  'config-bad-bank-profile': [['ledger.yaml', 11, 'date_format: DD.MM'], ['ledger.yaml', 12, 'latin-9000'], ['ledger.yaml', 13, 'skip_rows: 999999']],
  'config-bad-basis': [['ledger.yaml', 5, 'basis: overdue']],
  'config-bad-csv': [['ledger.yaml', 7, 'bom: yes please'], ['ledger.yaml', 8, 'delimiter: ":"'], ['ledger.yaml', 10, 'seperator: ']],
  'config-bad-lock-date': [['ledger.yaml', 6, 'lock_date: 2026-13-01']],
  'config-company-email-injection': [['ledger.yaml', 2, 'email: "ar@test.example\\r\\nBcc:']],
  'config-falling-buckets': [['ledger.yaml', 5, '[30, 20, 90]']],
  'config-misspelt-key': [['ledger.yaml', 6, 'lockdate: ']],
  'config-nested-misspelt-keys': [['ledger.yaml', 2, 'emial: '], ['ledger.yaml', 7, 'min_amout: '], ['ledger.yaml', 10, 'intrest: '],
    ['ledger.yaml', 13, 'delimter: '], ['ledger.yaml', 16, 'customr: '], ['ledger.yaml', 17, 'smtp: ']],
  'config-template-path': [['ledger.yaml', 9, '../../../etc/passwd'], ['ledger.yaml', 10, 'template: last-warning']],
  'config-wrong-shapes': [['ledger.yaml', 2, 'company: Test Co'], ['ledger.yaml', 5, 'aging: [30'], ['ledger.yaml', 6, 'numbering: "INV'],
    ['ledger.yaml', 9, '- reminder'], ['ledger.yaml', 13, 'columns: [Date']],
  'currency-not-customers': [['invoices.csv', 3, 'GLOBEX,USD']],
  'customer-bad-currency': [['customers.yaml', 9, 'currency: EURO']],
  'customer-bad-terms': [['customers.yaml', 5, 'terms: net-30']],
  'customer-bidi-name': [['customers.yaml', 8, 'credit_limit: "-5000.00"']],
  'customer-misspelt-key': [['customers.yaml', 8, 'emial: ']],
  'customer-wrong-shape': [['customers.yaml', 6, 'GLOBEX: Globex Ltd'], ['customers.yaml', 11, 'GULF: [Gulf'],
    ['invoices.csv', 3, 'GLOBEX'], ['invoices.csv', 5, 'GULF'], ['payments.csv', 3, 'GLOBEX']],
  'dispute-bad-status': [['disputes.csv', 3, 'closed']],
  'dispute-unknown-invoice': [['disputes.csv', 3, 'INV-9']],
  'due-before-date': [['invoices.csv', 3, '2026-10-05,2026-10-01']],
  'duplicate-id': [['credits.csv', 3, 'PAY-2,credit-note']],
  'header-injection-email': [['customers.yaml', 3, 'email: "ap@acme.example\\r\\n']],
  'header-injection-name': [['customers.yaml', 2, 'name: "Acme Corporation\\r\\n']],
  'invalid-currency': [['invoices.csv', 3, 'GLOBEX,EUE']],
  'invalid-email': [['customers.yaml', 8, 'billing at globex']],
  'invalid-utf8': [['invoices.csv', 5, 'INV-4']],
  'invoice-lines-net': [['invoice-lines.csv', 3, 'Travel,3,13.33']],
  'invoice-lines-sum': [['invoices.csv', 2, 'INV-1,']],
  'merge-conflict-markers': [['invoices.csv', 6, '<<<<<<< HEAD'], ['invoices.csv', 8, '======='], ['invoices.csv', 10, '>>>>>>> feature']],
  'multiline-record': [['invoices.csv', 3, 'INV-2,'], ['invoices.csv', 6, '250.50O']],
  'over-application-credit': [['applications.csv', 5, '2026-10-22,PAY-2']],
  'over-application-debit': [['applications.csv', 4, 'PAY-3,INV-1,600.00']],
  'unclosed-quote': [['invoices.csv', 3, '"rush order']],
  'union-merge-duplicates': [['applications.csv', 5, 'PAY-3,INV-2'], ['payments.csv', 5, 'PAY-3,']],
  'unknown-customer': [['invoices.csv', 3, 'GLOBX']],
  'wrong-field-count': [['invoices.csv', 3, 'INV-2,']],
  'yaml-alias-bomb': [['ledger.yaml', 7, '*a']],
  'yaml-circular-alias': [['customers.yaml', 8, '*globex]']],
  'yaml-complex-key': [['customers.yaml', 18, '? [ZETA, ZETA2]']],
  'yaml-deep-nesting': [['ledger.yaml', 6, 'dunning: [[[[']],
  'yaml-duplicate-key': [['customers.yaml', 8, 'name: Globex Limited']],
};

function expectGolden(file: string, actual: string, expect = globalExpect): void {
  if (process.env['UPDATE_GOLDEN'] === '1') fs.writeFileSync(file, actual);
  expect(fs.existsSync(file), `golden ${file} is missing; run with UPDATE_GOLDEN=1 once and review it`).toBe(true);
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

/** Line `n` (1-based) of a file as an editor shows it. */
function lineOf(file: string, n: number): string {
  return fs.readFileSync(file).toString('latin1').split('\n')[n - 1] ?? '';
}

const scenarios = fs.readdirSync(FIXTURES).filter((d) => fs.statSync(path.join(FIXTURES, d)).isDirectory()).sort();

describe.concurrent('the catalogue of malformed ledgers', () => {
  it('covers every scenario with places, and every place with a scenario', () => {
    const defects = scenarios.filter((s) => !VALID.has(s));
    expect(Object.keys(PLACES).sort()).toEqual(defects);
    expect(scenarios.length).toBeGreaterThanOrEqual(55);
  });

  for (const scenario of scenarios) {
    it(scenario, async ({ expect }) => {
      const dir = copyLedger(path.join(FIXTURES, scenario));
      const before = snapshotDir(dir);

      const check = runCli(['check', '-L', dir]);
      const aging = runCli(['aging', '-L', dir, '--as-of', '2026-11-30', '--format', 'json']);
      expectGolden(path.join(GOLDEN, `${scenario}.txt`), check.stdout, expect);
      // No runtime warning or stack trace from a library, whatever the file holds (a call that meets a process
      // warning or an error outside the program runs as `node bin/arledger.js`, whose stderr shows it).
      for (const r of [check, aging]) expect(r.stderr).not.toMatch(/Warning|\n\s+at /);

      if (VALID.has(scenario)) {
        expect(check.code, check.stderr).toBe(0);
        expect(check.stdout).toBe('');
        expect(aging.code, aging.stderr).toBe(0);
        expect(JSON.parse(aging.stdout).as_of).toBe('2026-11-30');
      } else {
        expect(check.code, check.stderr).toBe(1);
        const problems = check.stdout.trimEnd().split('\n');
        expect(problems.length).toBe(PLACES[scenario]!.length);
        expect(check.stderr).toContain(`${problems.length} problem`);
        // Every problem names a place, and that line of the file is the one with the mistake on it.
        for (const [i, [file, line, needle]] of PLACES[scenario]!.entries()) {
          expect(problems[i]).toMatch(new RegExp(`^${file.replace('.', '\\.')}:${line}: `));
          expect(lineOf(path.join(dir, file), line)).toContain(needle);
        }
        // aging refuses the same ledger with the same problems, and prints no report.
        expect(aging.code).toBe(3);
        expect(aging.stdout).toBe('');
        const said = aging.stderr.trimEnd().split('\n');
        expect(said.slice(0, problems.length)).toEqual(problems.map((p) => `arledger: ${p}`));
        expect(said.slice(problems.length)).toEqual([expect.stringMatching(/^arledger: the ledger has \d+ problems?; fix them first \(`arledger check` lists them\)$/)]);
      }
      expect(snapshotDir(dir)).toEqual(before);
    });
  }
});

describe('valid ledgers that look malformed', () => {
  it('keeps YAML 1.1 look-alikes as text: customer 007 and a customer named "no"', () => {
    const r = runCli(['aging', '-L', path.join(FIXTURES, 'yaml-octal-and-norway'), '--as-of', '2026-11-30', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { customers: { customer: string; name: string; open: string; currency: string }[] };
    expect(report.customers.find((c) => c.customer === '007')).toMatchObject({ name: 'Bond Supplies', currency: 'GBP', open: '70.07' });
    expect(report.customers.find((c) => c.customer === 'NO')).toMatchObject({ name: 'no', currency: 'NOK', open: '1000.00' });
  });

  it('reads a customer built with a merge key (<<: *base) with the merged settings, its own winning', () => {
    const r = runCli(['aging', '-L', path.join(FIXTURES, 'yaml-merge-key'), '--as-of', '2026-12-31', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { customers: { customer: string; name: string; open: string; currency: string }[] };
    expect(report.customers.find((c) => c.customer === 'INITECH')).toMatchObject({ name: 'Initech Inc', currency: 'USD', open: '300.00' });
    const dun = runCli(['dunning', '--dry-run', '--format', 'json', '-L', path.join(FIXTURES, 'yaml-merge-key'), '--as-of', '2026-12-31']);
    expect(dun.code, dun.stderr).toBe(0);
    // hold: true comes from the merged base.
    expect(JSON.parse(dun.stdout).skipped).toContainEqual({ customer: 'INITECH', reason: 'hold' });
  });

  it('reads a BOM + CRLF ledger exactly as its LF twin', () => {
    const twin = copyLedger(path.join(FIXTURES, 'bom-crlf'));
    for (const f of fs.readdirSync(twin)) {
      const text = fs.readFileSync(path.join(twin, f), 'utf8').replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
      fs.writeFileSync(path.join(twin, f), text);
    }
    const args = ['aging', '--as-of', '2026-11-30', '--detail', '--format', 'json'];
    const crlf = runCli([...args, '-L', path.join(FIXTURES, 'bom-crlf')]);
    const lf = runCli([...args, '-L', twin]);
    expect(crlf.code, crlf.stderr).toBe(0);
    expect(crlf.stdout).toBe(lf.stdout);
    expect(JSON.parse(crlf.stdout).customers.map((c: { customer: string }) => c.customer)).toEqual(['ACME', 'GLOBEX', 'GULF', 'NIPPON']);
  });
});
