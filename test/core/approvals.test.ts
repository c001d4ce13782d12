import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { approvalIssues, approvalThreshold, approvedReason, parseApproval } from '../../src/core/approvals.js';
import { RefusedError } from '../../src/core/issues.js';
import { buildLedger } from '../../src/core/ledger.js';
import type { Currency, Minor } from '../../src/core/money.js';
import { rawJournal, testConfig, testCustomers } from './builders.js';

const EUR = 'EUR' as Currency;
const config = testConfig({ approvals: { writeOff: { all: '500.00', byCurrency: {} }, creditNote: { all: null, byCurrency: { EUR: '1000.00' } }, since: null } });
const hint = 'pass --by NAME';

describe('approvals', () => {
  it('reads one amount for every currency, or a map by currency', () => {
    expect(approvalThreshold(config, 'write-off', EUR)).toBe(50000);
    expect(approvalThreshold(config, 'write-off', 'JPY' as Currency)).toBe(500);
    expect(approvalThreshold(config, 'credit-note', EUR)).toBe(100000);
    expect(approvalThreshold(config, 'credit-note', 'USD' as Currency)).toBeNull();
    expect(approvalThreshold(testConfig(), 'write-off', EUR)).toBeNull();
  });

  it('keeps both names at the end of the reason, and reads back any names', () => {
    fc.assert(fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.string(), (by, approvedBy, reason) => {
      fc.pre(by.trim().toLowerCase() !== approvedBy.trim().toLowerCase() && by.trim() !== '' && approvedBy.trim() !== '');
      const text = approvedReason(config, reason, { kind: 'write-off', amount: 60000 as Minor, currency: EUR, by, approvedBy, userHint: hint });
      expect(parseApproval(text)).toEqual({ reason, by, approvedBy });
    }));
  });

  it('refuses above the threshold without an approver, or with the recorder approving', () => {
    const req = { kind: 'write-off' as const, amount: 50001 as Minor, currency: EUR, by: 'Anna Keller', userHint: hint };
    expect(() => approvedReason(config, 'x', { ...req, approvedBy: undefined })).toThrow(/above the approval threshold \(approvals.write-off 500.00 EUR in ledger.yaml\) — add --approved-by NAME, someone other than "Anna Keller"/);
    expect(() => approvedReason(config, 'x', { ...req, approvedBy: ' anna  keller' })).toThrow(RefusedError);
    expect(() => approvedReason(config, 'x', { ...req, approvedBy: 'Bob', by: undefined })).toThrow(/pass --by NAME/);
    // At the threshold itself no approval is needed, and the reason stays as typed.
    expect(approvedReason(config, 'x', { ...req, amount: 50000 as Minor, approvedBy: undefined })).toBe('x');
  });

  it('lets check find unapproved rows above the threshold and self-approved ones, from approvals.since on', () => {
    const credits = rawJournal('credits.csv', [
      ['WO-1', 'write-off', '2026-01-05', 'ACME', 'EUR', '900.00', '', 'old, before approvals'],
      ['WO-2', 'write-off', '2026-03-05', 'ACME', 'EUR', '900.00', '', 'bad debt'],
      ['WO-3', 'write-off', '2026-03-06', 'ACME', 'EUR', '900.00', '', 'bad debt [by: Anna; approved by: anna]'],
      ['WO-4', 'write-off', '2026-03-07', 'ACME', 'EUR', '900.00', '', 'bad debt [by: Anna; approved by: Bob]'],
      ['WO-5', 'write-off', '2026-03-08', 'ACME', 'EUR', '400.00', '', 'small'],
      ['CN-1', 'credit-note', '2026-03-08', 'ACME', 'EUR', '1500.00', '', 'early-payment discount 2% (2/10 net30)'],
    ]);
    const cfg = testConfig({ approvals: { ...config.approvals!, since: '2026-02-01' as never } });
    const { ledger } = buildLedger({ config: cfg, customers: testCustomers(), journals: new Map([['credits.csv', credits]]) });
    expect(approvalIssues(ledger).map((i) => `${i.file}:${i.line}: ${i.message}`)).toEqual([
      'credits.csv:3: write-off WO-2 of 900.00 EUR is above the approval threshold 500.00 EUR (approvals.write-off) and carries no approval',
      'credits.csv:4: write-off WO-3 was approved by "anna", who also recorded it',
    ]);
  });
});
