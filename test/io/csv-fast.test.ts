// The quoted-record fast path must read exactly what csv-parse reads, or step aside for it.
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quotedFields } from '../../src/io/csv-fast.js';

/** csv-parse's reading of a chunk as one record, or null where it refuses it or finds other than one record. */
function reference(chunk: string, delimiter: string): string[] | null {
  try {
    const recs = parse(chunk, { delimiter, relax_column_count: true, skip_empty_lines: true }) as string[][];
    return recs.length === 1 ? recs[0]! : null;
  } catch {
    return null;
  }
}

describe('quotedFields', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks inside', () => {
    expect(quotedFields('INV-1,"Acme, Inc.",10.00', ',')).toEqual(['INV-1', 'Acme, Inc.', '10.00']);
    expect(quotedFields('"say ""hi""",,"a\nb",', ',')).toEqual(['say "hi"', '', 'a\nb', '']);
    expect(quotedFields('a;"b;c"', ';')).toEqual(['a', 'b;c']);
  });

  it('leaves to csv-parse what is not plain RFC 4180: stray or unclosed quotes, text after a closing quote, CR', () => {
    for (const chunk of ['a,b"c', 'a,"b', '"a"x,b', '"a" ,b', 'a,"b"\r', 'a\r,"b"']) expect(quotedFields(chunk, ',')).toBeNull();
  });

  it('reads every chunk exactly as csv-parse does whenever it reads one at all', () => {
    const text = fc.string({ unit: fc.constantFrom('a', ',', ';', '"', '""', '\n', '\r', ' ', 'é', '\t'), maxLength: 24 });
    fc.assert(fc.property(text, fc.constantFrom(',', ';', '\t'), (chunk, delimiter) => {
      const fast = quotedFields(chunk, delimiter);
      if (fast !== null) expect(fast).toEqual(reference(chunk, delimiter));
    }), { numRuns: 5000 });
  });

  it('reads most well-formed records itself', () => {
    const field = fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', ' ', 'é'), maxLength: 8 });
    fc.assert(fc.property(fc.array(field, { minLength: 1, maxLength: 6 }), (fields) => {
      const chunk = fields.map((f) => `"${f.replaceAll('"', '""')}"`).join(',');
      expect(quotedFields(chunk, ',')).toEqual(fields);
      expect(reference(chunk, ',')).toEqual(fields);
    }), { numRuns: 2000 });
  });
});
