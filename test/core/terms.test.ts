import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../../src/core/date.js';
import { dueDate, parseTerms } from '../../src/core/terms.js';

const due = (date: string, terms: string): string => dueDate(date as LocalDate, parseTerms(terms)!);

describe('payment terms', () => {
  it('net<N>: date + N days', () => {
    expect(due('2026-01-31', 'net30')).toBe('2026-03-02');
    expect(due('2024-01-31', 'net30')).toBe('2024-03-01');
    expect(due('2026-12-15', 'net0')).toBe('2026-12-15');
    expect(due('2026-12-15', 'net365')).toBe('2027-12-15');
  });

  it('eom<N>: last day of the month + N days', () => {
    expect(due('2026-02-10', 'eom15')).toBe('2026-03-15');
    expect(due('2024-02-29', 'eom0')).toBe('2024-02-29');
    expect(due('2026-12-01', 'eom30')).toBe('2027-01-30');
  });

  it('receipt: due on the date', () => {
    expect(due('2026-11-30', 'receipt')).toBe('2026-11-30');
  });

  it('reads an early-payment discount in front of the rule', () => {
    expect(parseTerms('2/10 net30')).toEqual({ text: '2/10 net30', rule: { kind: 'net', days: 30 }, discount: { percent: '2', days: 10 } });
    expect(parseTerms('1.5/14 eom30')?.discount).toEqual({ percent: '1.5', days: 14 });
    expect(due('2026-11-01', '2/10 net30')).toBe('2026-12-01');
  });

  it('refuses anything else', () => {
    for (const bad of ['', 'net', 'net-30', 'NET30', 'net 30', 'net30 ', '30', 'eom', 'cod', '0/10 net30', '100/10 net30',
      '2/10net30', '2/10  net30', 'net3651', '2%/10 net30', 'receipt net30']) {
      expect(parseTerms(bad), bad).toBeNull();
    }
  });
});
