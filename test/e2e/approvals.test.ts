// Approvals from the CLI: refusals leave the ledger byte-for-byte unchanged; an approved row keeps both names in
// its reason, credits.csv keeps its SPEC header, and check reports rows that lack or fake an approval.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE_CONFIG, BASE_CUSTOMERS, runCli, snapshotDir, tempLedger } from '../helpers/cli.js';

const CREDITS_HEADER = 'id,kind,date,customer,currency,amount,invoice,reason\n';
const INVOICES = 'id,kind,date,due,customer,currency,amount,terms,reference,memo\n'
  + 'INV-1,invoice,2026-10-01,2026-10-31,ACME,EUR,2000.00,net30,,\nINV-2,invoice,2026-10-02,2026-11-01,ACME,EUR,300.00,net30,,\n';

function ledger(approvals = 'approvals: { write-off: "500.00", credit-note: "1000.00" }\n', credits = CREDITS_HEADER): string {
  return tempLedger({ 'ledger.yaml': BASE_CONFIG + approvals, 'customers.yaml': BASE_CUSTOMERS, 'invoices.csv': INVOICES, 'credits.csv': credits });
}

const env = { ARLEDGER_USER: 'Anna Keller' };

function refused(dir: string, args: string[], message: RegExp): void {
  const before = snapshotDir(dir);
  const r = runCli([...args, '-L', dir], { env });
  expect(r.stderr).toMatch(message);
  expect(r.code).toBe(3);
  expect(snapshotDir(dir)).toEqual(before);
}

describe('approvals', { timeout: 120_000 }, () => {
  it('refuses a write-off above the threshold without an approver, naming the recorder and the threshold', () => {
    refused(ledger(), ['writeoff', 'INV-1', '--reason', 'insolvent'],
      /^arledger: a write-off of 2000.00 EUR is above the approval threshold \(approvals.write-off 500.00 EUR in ledger.yaml\) — add --approved-by NAME, someone other than "Anna Keller"/);
  });

  it('refuses an approval by the person recording it (--by, else ARLEDGER_USER)', () => {
    const dir = ledger();
    refused(dir, ['writeoff', 'INV-1', '--reason', 'insolvent', '--approved-by', 'anna keller'], /"anna keller" cannot approve a write-off of 2000.00 EUR that "Anna Keller" records \(approvals.write-off 500.00 EUR/);
    refused(dir, ['credit', '--customer', 'ACME', '--amount', '1500.00', '--reason', 'x', '--by', 'Bob', '--approved-by', 'Bob'], /"Bob" cannot approve a credit note of 1500.00 EUR that "Bob" records \(approvals.credit-note 1000.00 EUR/);
  });

  it('books an approved write-off with both names, keeps the header, and check agrees', () => {
    const dir = ledger();
    const r = runCli(['writeoff', 'INV-1', '--reason', 'insolvent', '--approved-by', 'Bob Stone', '-L', dir], { env });
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'credits.csv'), 'utf8')).toBe(`${CREDITS_HEADER}WO-2026-0001,write-off,2026-11-30,ACME,EUR,2000.00,INV-1,insolvent [by: Anna Keller; approved by: Bob Stone]\n`);
    expect(runCli(['check', '-L', dir]).code).toBe(0);
  });

  it('needs no approval at or below the threshold, and writes the reason as typed', () => {
    const dir = ledger();
    expect(runCli(['writeoff', 'INV-2', '--amount', '300.00', '--reason', 'small', '-L', dir], { env }).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'credits.csv'), 'utf8')).toBe(`${CREDITS_HEADER}WO-2026-0001,write-off,2026-11-30,ACME,EUR,300.00,INV-2,small\n`);
  });

  it('check reports an unapproved or self-approved row dated from approvals.since on', () => {
    const credits = `${CREDITS_HEADER}WO-1,write-off,2026-01-10,ACME,EUR,900.00,,before approvals\n`
      + 'WO-2,write-off,2026-10-10,ACME,EUR,900.00,,typed by hand\nWO-3,write-off,2026-10-11,ACME,EUR,600.00,,x [by: Bo; approved by: Bo]\n';
    const dir = ledger('approvals: { write-off: "500.00", since: 2026-06-01 }\n', credits);
    const r = runCli(['check', '-L', dir]);
    expect(r.stdout).toBe('credits.csv:3: write-off WO-2 of 900.00 EUR is above the approval threshold 500.00 EUR (approvals.write-off) and carries no approval — a second person approves it: reverse it and record it again with --approved-by NAME\n'
      + 'credits.csv:4: write-off WO-3 was approved by "Bo", who also recorded it — approver and recorder must be two people: reverse it and record it again with another approver\n');
    expect(r.code).toBe(1);
  });

  it('refuses a malformed approvals setting as an invalid ledger', () => {
    const r = runCli(['check', '-L', ledger('approvals: { write-off: "lots", since: soon }\n')]);
    expect(r.stdout).toMatch(/ledger.yaml:6: approvals.write-off "lots" is not an amount/);
    expect(r.stdout).toMatch(/approvals.since "soon" is not a calendar date/);
    expect(r.code).toBe(1);
  });
});
