// A journal over 1 MiB is re-read lazily instead of held as row objects: it must give exactly the ledger and the
// issues that the in-memory reading gives, line numbers included.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildLedger } from '../../src/core/ledger.js';
import type { JournalName, RawJournal } from '../../src/core/journals.js';
import { readCsv } from '../../src/io/csv.js';
import { loadLedger } from '../../src/io/load.js';
import { BASE_CONFIG, BASE_CUSTOMERS, tempLedger } from '../helpers/cli.js';

function bigInvoices(crlf: boolean): string {
  const rows = ['id,kind,date,due,customer,currency,amount,terms,reference,memo'];
  for (let i = 1; i <= 20000; i++) {
    const amount = i === 7000 ? '12,50' : `${100 + (i % 900)}.${String(i % 100).padStart(2, '0')}`;
    const memo = i === 9000 ? '"two\nlines"' : i === 15000 ? '"never closed' : i % 3 === 0 ? '"Consulting, phase 2"' : `memo ${i}`;
    rows.push(`INV-${i},invoice,2026-01-05,2026-02-04,ACME,EUR,${amount},net30,,${memo}`);
  }
  rows.push('INV-3,invoice,2026-01-05,2026-02-04,ACME,EUR,1.00,net30,,duplicate id');
  return rows.join(crlf ? '\r\n' : '\n') + (crlf ? '\r\n' : '\n');
}

describe('a large journal read lazily', () => {
  for (const crlf of [false, true]) {
    it(`gives the same documents and issues as reading it into memory${crlf ? ' (CRLF)' : ''}`, () => {
      const text = bigInvoices(crlf);
      expect(text.length).toBeGreaterThan(1 << 20);
      const dir = tempLedger({ 'ledger.yaml': BASE_CONFIG, 'customers.yaml': BASE_CUSTOMERS, 'invoices.csv': text });
      const lazy = loadLedger(dir);
      const csv = readCsv('invoices.csv', text);
      const eager = buildLedger({
        ...lazy.input,
        journals: new Map<JournalName, RawJournal>([['invoices.csv', { file: 'invoices.csv', header: csv.header, rows: csv.rows, issues: csv.issues }]]),
      });
      expect(lazy.ledger.documents.length).toBe(eager.ledger.documents.length);
      expect(lazy.ledger.documents.map((d) => [d.id, d.amount, d.src.line])).toEqual(eager.ledger.documents.map((d) => [d.id, d.amount, d.src.line]));
      const lines = lazy.issues.map((i) => [i.line, i.message]);
      expect(lines).toEqual([...eager.issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)).map((i) => [i.line, i.message]));
      // The defects sit where they were put: row i is on line i + 1, the two-line memo shifts later rows by one.
      const at = (n: number): string | undefined => lazy.issues.find((i) => i.line === n)?.message;
      expect(at(7001)).toBe('row has 11 fields, the header has 10');
      expect(at(15002)).toMatch(/quote/);
      expect(at(20003)).toMatch(/duplicate id "INV-3", also at invoices.csv:4/);
      expect(lazy.ledger.byId.get('INV-9001')!.src.line).toBe(9003);
      // Reading the rows a second time (as a writer's re-check does) gives the same rows and issues again.
      const again = buildLedger(lazy.input);
      expect(again.issues.map((i) => [i.line, i.message])).toEqual(eager.issues.map((i) => [i.line, i.message]));
      expect(fs.readFileSync(path.join(dir, 'invoices.csv'), 'utf8')).toBe(text);
    });
  }
});
