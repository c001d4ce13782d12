import { describe, expect, it } from 'vitest';
import { decodeConfig, decodeCustomers, type YamlInput } from '../../src/core/config.js';
import { formatIssue, type LedgerIssue } from '../../src/core/issues.js';
import type { Currency } from '../../src/core/money.js';

const input = (file: string, value: unknown): YamlInput => ({ file, value, lineOf: () => 1 });

function configProblems(value: Record<string, unknown>): string[] {
  const issues: LedgerIssue[] = [];
  decodeConfig(input('ledger.yaml', { version: '1', currency: 'EUR', ...value }), issues);
  return issues.map(formatIssue);
}

describe('decodeConfig', () => {
  it('reads defaults from a minimal file', () => {
    const issues: LedgerIssue[] = [];
    const c = decodeConfig(input('ledger.yaml', { currency: 'JPY' }), issues);
    expect(issues).toEqual([]);
    expect(c).toMatchObject({ currency: 'JPY', terms: 'net30', aging: { basis: 'due', buckets: [30, 60, 90] }, lockDate: null });
  });

  it('names a misspelt setting, but leaves other unknown keys alone', () => {
    expect(configProblems({ 'lock-date': '2026-10-31', lockdate: '2026-10-31', ageing: { basis: 'due' }, import: {}, smtp: {}, x_custom: '1' })).toEqual([
      'ledger.yaml:1: lock-date is not a setting; did you mean lock_date? — rename it to lock_date',
      'ledger.yaml:1: lockdate is not a setting; did you mean lock_date? — rename it to lock_date',
      'ledger.yaml:1: ageing is not a setting; did you mean aging? — rename it to aging',
    ]);
    expect(configProblems({ aging: { basis: 'due', bucket: ['30'] } })).toEqual([
      'ledger.yaml:1: aging.bucket is not a setting; did you mean buckets? — rename it to buckets',
    ]);
  });

  it('refuses values that would change the numbers silently', () => {
    expect(configProblems({ aging: { basis: 'overdue' } })).toEqual(['ledger.yaml:1: aging.basis "overdue" is not due or invoice — write due or invoice']);
    expect(configProblems({ aging: { buckets: ['30', '30'] } })[0]).toMatch(/is not a rising list/);
    expect(configProblems({ aging: { buckets: ['0', '30'] } })[0]).toMatch(/is not a rising list/);
    expect(configProblems({ lock_date: '2026-02-29' })).toEqual(['ledger.yaml:1: lock_date "2026-02-29" is not a calendar date — write YYYY-MM-DD']);
    expect(configProblems({ currency: 'EURO' })[0]).toMatch(/currency "EURO" is not an ISO 4217 code/);
    expect(configProblems({ terms: 'net 30' })[0]).toMatch(/terms "net 30" are not payment terms/);
    expect(configProblems({ company: { email: 'a@b.example\nBcc: x@y.example' } })[0]).toMatch(/company\.email .* is not an e-mail address/);
  });
});

describe('decodeCustomers', () => {
  it('names a misspelt customer field', () => {
    const issues: LedgerIssue[] = [];
    const out = decodeCustomers(input('customers.yaml', { ACME: { name: 'Acme', emial: 'ap@acme.example', curency: 'EUR', notes: 'x' } }), 'EUR' as Currency, issues);
    expect(issues.map(formatIssue)).toEqual([
      'customers.yaml:1: ACME.emial is not a setting; did you mean email? — rename it to email',
      'customers.yaml:1: ACME.curency is not a setting; did you mean currency? — rename it to currency',
    ]);
    expect(out.get('ACME')).toMatchObject({ email: '', currency: 'EUR' });
  });
});
