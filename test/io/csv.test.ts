import fc from 'fast-check';
import { encodeRows } from '../../src/cli/ledger.js';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/io/csv.js';

const lines = (text: string) => readCsv('x.csv', text).rows.map((r) => [r.line, ...r.fields]);

describe('readCsv', () => {
  it('numbers records by the line they start on (header = line 1)', () => {
    const r = readCsv('x.csv', 'a,b\n1,2\n3,4\n');
    expect(r.header).toEqual(['a', 'b']);
    expect(lines('a,b\n1,2\n3,4\n')).toEqual([[2, '1', '2'], [3, '3', '4']]);
  });

  it('counts a multi-line quoted record by its first line, and the records after it correctly', () => {
    const text = 'a,b\n1,"x\ny\nz"\n2,w\n"p\n",q\n3,v\n';
    expect(lines(text)).toEqual([[2, '1', 'x\ny\nz'], [5, '2', 'w'], [6, 'p\n', 'q'], [8, '3', 'v']]);
  });

  it('does the same in a CRLF file, and skips blank lines without losing count', () => {
    const text = 'a,b\r\n1,"x\r\ny"\r\n\r\n\r\n2,w\r\n';
    expect(lines(text)).toEqual([[2, '1', 'x\ny'], [6, '2', 'w']]);
  });

  it('reports an unclosed quote at its record\'s first line and reads on from the next line', () => {
    const r = readCsv('x.csv', 'a,b\n1,2\n3,"oops\n4,5\n6,7\n');
    expect(r.issues.map((i) => [i.line, i.message])).toEqual([[3, 'a quoted field is never closed']]);
    expect(r.rows.map((x) => [x.line, x.fields, x.broken ?? false])).toEqual([
      [2, ['1', '2'], false], [3, ['3'], true], [4, ['4', '5'], false], [5, ['6', '7'], false],
    ]);
  });

  it('reports a stray quote inside an unquoted field at its line', () => {
    const r = readCsv('x.csv', 'a,b\n1,2\n3,ab"c\n4,5\n');
    expect(r.issues.map((i) => i.line)).toEqual([3]);
    expect(r.rows.filter((x) => !x.broken).map((x) => x.line)).toEqual([2, 4]);
  });

  it('says when the header is missing', () => {
    const r = readCsv('x.csv', '\n1,2\n');
    expect(r.header).toBeNull();
    expect(r.issues).toEqual([expect.objectContaining({ line: 1, message: 'the header row is missing or broken' })]);
  });

  it('reads back exactly what the append path writes, in either line-end style, each record on the line it starts on', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', 'é', '='), maxLength: 6 });
    fc.assert(fc.property(fc.array(fc.tuple(field, field, field, field), { minLength: 1, maxLength: 8 }), fc.boolean(), (records, crlf) => {
      // Records whose fields are all empty are blank lines, which readCsv skips by design.
      const rows = records.filter((r) => r.some((f) => f !== ''));
      const eol = crlf ? '\r\n' : '\n';
      const text = `date,credit,debit,amount${eol}` + encodeRows('applications.csv', rows, { exists: true, size: 1, eol, endsWithNewline: true });
      const read = readCsv('x.csv', text);
      expect(read.issues).toEqual([]);
      // CRLF is read as LF everywhere, inside quoted fields too (that keeps LINE exact); a lone LF or CR stays.
      const norm = (s: string) => s.replace(/\r\n/g, '\n');
      expect(read.rows.map((r) => r.fields)).toEqual(rows.map((r) => r.map(norm)));
      let line = 2;
      rows.forEach((r, i) => {
        expect(read.rows[i]!.line).toBe(line);
        line += 1 + r.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
      });
    }), { numRuns: 300 });
  });
});
