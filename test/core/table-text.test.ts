// Table cells are grouped and escaped by hand for speed; the results must be those of the regular expressions
// they replace, on any text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeControl, groupThousands } from '../../src/cli/render/text.js';
import { escapeUnsafe, UNSAFE_TEXT_RE } from '../../src/core/escape.js';

const cell = fc.string({ unit: fc.constantFrom('0', '1', '9', '5', '-', '+', '.', ',', 'd', '%', ' ', '٣', '\u001b', '\u202e', '\n'), maxLength: 14 });

describe('table cells', () => {
  it('group the thousands of the leading number as the regular expression did', () => {
    const byRegex = (text: string): string =>
      text.replace(/^([-+]?)(\d{4,})/, (_, sign: string, digits: string) => sign + digits.replace(/\B(?=(\d{3})+$)/g, ','));
    fc.assert(fc.property(cell, (t) => {
      expect(groupThousands(t)).toBe(byRegex(t));
    }), { numRuns: 5000 });
    expect(groupThousands('-1234567.89')).toBe('-1,234,567.89');
    expect(groupThousands('+1234d')).toBe('+1,234d');
    expect(groupThousands('123')).toBe('123');
    expect(groupThousands('')).toBe('');
  });

  it('escape control and bidi characters, the same on every call', () => {
    fc.assert(fc.property(fc.array(cell, { maxLength: 6 }), (texts) => {
      for (const t of texts) expect(escapeControl(t)).toBe(t.replace(UNSAFE_TEXT_RE, escapeUnsafe));
    }), { numRuns: 2000 });
  });
});
