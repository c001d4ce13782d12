// Detection by content, never by the file's name: every format is recognised whatever it is called, and any other
// file gets one message naming what it looks like and the formats that are read.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError, formatIssue, UsageError } from '../../src/core/issues.js';
import type { Currency } from '../../src/core/money.js';
import { parseStatement } from '../../src/io/bank/read.js';
import { ROOT, SHARED } from '../helpers/cli.js';

const parse = (name: string, bytes: Uint8Array | string): ReturnType<typeof parseStatement> =>
  parseStatement(name, typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes, {}, undefined, 'EUR' as Currency);

const FORMATS = 'formats: camt.052/053/054, MT940, MT942, OFX, QFX, QIF, BAI2, CSV with a profile';

function refusal(name: string, bytes: Uint8Array | string): string {
  try {
    parse(name, bytes);
  } catch (e) {
    if (e instanceof DataError) return e.issues.map(formatIssue).join('\n');
    throw e;
  }
  throw new Error('read as a statement');
}

describe('detection by content', () => {
  const FIX = path.join(ROOT, 'fixtures', 'bank');
  it.each([
    ['commerz-usd-2026-11.ofx', 'ofx'], ['cascade-2026-11.qfx', 'ofx'], ['haspa-2026-11.qif', 'qif'], ['commerz-usd-2026-11-30.bai2', 'bai2'],
    ['haspa-2026-11-30.mt942', 'mt942'], ['haspa-2026-11-27-29.sta', 'mt940'], ['haspa-2026-11-30-intraday.xml', 'camt'],
  ])('reads %s as %s also when it is called statement.txt', (file, format) => {
    expect(parse('statement.txt', fs.readFileSync(path.join(FIX, file))).format).toBe(format);
  });

  it('reads camt.052 account reports like camt.053 (shared/data camt052.v2.xml), pending entries as pending', () => {
    const r = parse('c.xml', fs.readFileSync(path.join(SHARED, 'data', 'camt-genkgo', 'camt052.v2.xml')));
    expect(r.format).toBe('camt');
    expect(r.statements[0]!.lines[0]).toMatchObject({ amount: 20000000, currency: 'SEK', direction: 'debit', booked: true });
    const demo = parse('d.xml', fs.readFileSync(path.join(FIX, 'haspa-2026-11-30-intraday.xml')));
    expect(demo.statements[0]!.lines.map((l) => l.booked)).toEqual([true, false]);
  });
});

describe('any other file', () => {
  it.each([
    ['empty', ''],
    ['blank lines', '\n\n  \n'],
    ['a PDF document', '%PDF-1.7\n%\u00e2\u00e3\n1 0 obj'],
    ['a ZIP archive: unpack it first', Buffer.from([0x50, 0x4b, 3, 4, 20, 0, 0, 0])],
    ['a gzip archive: unpack it first', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0])],
    ['a PNG image', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])],
    ['an old Excel or Word document', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])],
    ['a binary file: it holds NUL bytes', 'abc\u0000def'],
    ['an HTML page', '<!DOCTYPE html>\n<html><body>Your session has expired</body></html>'],
    ['an HTML page', '<html lang="en"><head><title>Bank</title></head></html>'],
    ['JSON', '{"transactions": []}'],
    ['JSON', '[1, 2]'],
    ['XML of another kind, root element "Invoice" in namespace "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"', '<?xml version="1.0"?>\n<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>1</ID></Invoice>'],
    ['XML of another ISO 20022 message, pain.001.001.03', '<?xml version="1.0"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn/></Document>'],
    ['plain text', 'Dear customer,\nyour statement is attached.\n'],
    ['a SWIFT message without a statement (no :60F:, :61: or :62F: field)', ':20:REF\n:21:X\n:79:free text\n'],
  ])('names %s', (looks, content) => {
    const msg = refusal('in.dat', typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    const want = looks === 'empty' || looks === 'blank lines' ? 'an empty file' : looks;
    expect(msg).toBe(`in.dat: not a bank statement arledger reads (looks like ${want}); ${FORMATS}`);
  });

  it('still asks for --profile for a CSV file (a format that is read, with its layout named)', () => {
    expect(() => parse('x.csv', 'Date;Amount\n03.11.2026;5,00\n')).toThrow(UsageError);
  });
});
