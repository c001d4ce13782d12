// Escaping text from the data for terminals and exports: nothing unsafe survives, and JSON stays lossless.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeControl, escapeJson } from '../../src/core/escape.js';

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Strings rich in the characters that matter, mixed with ordinary and right-to-left text. */
const hostile = fc.array(fc.oneof(
  fc.constantFrom('\u202E', '\u202A', '\u2066', '\u2069', '\u200E', '\u200F', '\u061C', '\u2028', '\u2029', '\u009B', '\u0085', '\u001b[31m', '\u0000', '\n', '\t', '\u007f'),
  fc.constantFrom('Acme', 'مرحبا', 'שלום', 'Müller', '株式会社', '"', '\\', ' '),
  fc.string(),
), { maxLength: 12 }).map((parts) => parts.join(''));

describe('escapeControl', () => {
  it('shows each kind of character as a visible escape', () => {
    expect(escapeControl('a\u202Eb\u009Bc\u001b[0m\n\t\u2066d\u2069\u200F\u061C\u2028')).toBe('a\\u202Eb\\x9bc\\x1b[0m\\n\\t\\u2066d\\u2069\\u200F\\u061C\\u2028');
  });

  it('leaves right-to-left letters and other text alone', () => {
    expect(escapeControl('مرحبا Müller 株式会社 שלום')).toBe('مرحبا Müller 株式会社 שלום');
  });

  it('never lets an unsafe character through (property)', () => {
    fc.assert(fc.property(hostile, (s) => !UNSAFE.test(escapeControl(s))), { numRuns: 2000 });
  });
});

describe('escapeJson', () => {
  it('writes no unsafe character and reads back exactly the original (property)', () => {
    fc.assert(fc.property(hostile, (s) => {
      const json = escapeJson(JSON.stringify({ name: s }, null, 2));
      expect(UNSAFE.test(json.replace(/\n/g, ''))).toBe(false);
      expect(JSON.parse(json)).toEqual({ name: s });
    }), { numRuns: 2000 });
  });
});
