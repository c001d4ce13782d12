// The fast reader's tokeniser against the plain CSV reader, byte by byte: whatever lines it takes, it splits into
// the fields the plain reader reads, on the same line numbers; what it cannot read the same way it gives up on.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GiveUp, Records } from '../../src/core/fast/scan.js';
import { readCsv } from '../../src/io/csv.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Every record Records reads from the bytes, with its line, fields unquoted as the plain reader gives them. */
function tokens(bytes: Uint8Array): { line: number; fields: string[] }[] | null {
  const r = new Records(bytes, 'x.csv');
  const out: { line: number; fields: string[] }[] = [];
  try {
    for (let n = r.next(); n !== 0; n = r.next()) {
      const fields: string[] = [];
      for (let k = 0; k < n; k++) {
        const text = dec.decode(bytes.subarray(r.fs[k]!, r.fe[k]!));
        fields.push(r.esc[k] ? text.replace(/""/g, '"') : text);
      }
      out.push({ line: r.line, fields });
    }
  } catch (e) {
    if (e instanceof GiveUp) return null;
    throw e;
  }
  return out;
}

/** What the plain reader reads: the header and the rows, each with its line. */
function plain(text: string): { line: number; fields: string[] }[] | null {
  const read = readCsv('x.csv', text.replace(/^\uFEFF/, ''));
  if (read.issues.length > 0 || read.header === null) return null;
  return [{ line: 1, fields: read.header }, ...read.rows.map((r) => ({ line: r.line, fields: r.fields }))];
}

const plainField = fc.stringMatching(/^[A-Za-z0-9 .\-/]{0,8}$/);
const quotedField = fc.array(fc.constantFrom('a', ' ', ',', '""', 'ü', '\n', '\r\n', '\r', 'x,y'), { maxLength: 5 }).map((p) => `"${p.join('')}"`);
const oddField = fc.constantFrom('a"b', '"a"b', '\r', 'a\rb', '"', '""');
const lineArb = fc.array(fc.oneof({ weight: 6, arbitrary: plainField }, { weight: 3, arbitrary: quotedField }, { weight: 1, arbitrary: oddField }), { minLength: 1, maxLength: 5 })
  .map((f) => f.join(','));

describe('the fast tokeniser', () => {
  it('reads every line it takes as the plain CSV reader does: quotes, commas, CRLF, BOM, blank lines, a last line without its end', () => {
    let taken = 0;
    fc.assert(fc.property(
      fc.array(lineArb, { minLength: 1, maxLength: 8 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.boolean(), fc.array(fc.nat(8), { maxLength: 2 }),
      (lines, eol, bom, lastEol, blanks) => {
        const all = [...lines];
        for (const b of blanks) if (b > 0 && b < all.length) all.splice(b, 0, '');
        const text = `${bom ? '\ufeff' : ''}${all.join(eol)}${lastEol ? eol : ''}`;
        const fast = tokens(enc.encode(text));
        // The scanner takes a journal only when its header is on line 1 (a blank first line is the plain reader's).
        if (fast === null || fast[0]?.line !== 1) return;
        taken++;
        // Every field the fast reader takes, taken the same way (the plain reader drops empty lines too).
        expect(fast).toEqual(plain(text));
      }), { numRuns: 3000 });
    expect(taken).toBeGreaterThan(200);
  });

  it('gives up on a bare CR, a quote inside a field, a quoted field over two lines and more than 16 fields', () => {
    for (const text of ['a,b\rc\n', 'a,b\r', 'a,b"c\n', 'a,"b\nc"\n', 'a,"b"c\n', `${'a,'.repeat(16)}a\n`, 'x\na,"b\r"\n']) {
      expect(tokens(enc.encode(text)), JSON.stringify(text)).toBeNull();
    }
    expect(tokens(enc.encode(`${'a,'.repeat(15)}a\n`))![0]!.fields).toHaveLength(16);
  });

  it('skips a BOM, empty lines of either kind and counts them as lines; reads a last line without its end', () => {
    expect(tokens(enc.encode('\ufeffid,n\r\n\r\n\nA-1,"x,""y"""\r\nB-2,'))).toEqual([
      { line: 1, fields: ['id', 'n'] }, { line: 4, fields: ['A-1', 'x,"y"'] }, { line: 5, fields: ['B-2', ''] },
    ]);
    // A CR that ends the file is a row to the plain reader, so the fast one leaves it to that one.
    expect(tokens(enc.encode('a\n\r'))).toBeNull();
  });

  it('reads a piece that starts after a line end, on from the line it is given', () => {
    const bytes = enc.encode('h1,h2\nA,1\nB,2\n');
    const r = new Records(bytes, 'x.csv', 6, false, 1);
    expect(r.next()).toBe(2);
    expect([r.line, r.start, dec.decode(bytes.subarray(r.fs[0]!, r.fe[1]!))]).toEqual([2, 6, 'A,1']);
    expect(r.next()).toBe(2);
    expect(r.next()).toBe(0);
  });
});
