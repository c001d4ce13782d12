// The fast reader reads payment plans: a ledger whose plans.csv has rows, or only its header, is read the fast way
// (a plan appended after a cache was saved is read on top of it), with the plain reader's report.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../../src/core/date.js';
import { ageColumns } from '../../src/core/fast/aging.js';
import { ageOpenItems } from '../../src/core/reports/aging.js';
import { isFast, lastRead, loadForReport, loadLedger } from '../../src/io/load.js';
import { BASE_CONFIG, BASE_CUSTOMERS, tempLedger } from '../helpers/cli.js';

const INVOICES = 'id,kind,date,due,customer,currency,amount,terms,reference,memo\nINV-1,invoice,2026-10-01,2026-10-31,ACME,EUR,900.00,net30,,\nINV-2,invoice,2026-10-05,2026-11-04,ACME,EUR,100.00,net30,,\n';
const HEADER = 'date,invoice,instalment,due,amount\n';
const PLAN = `${HEADER}2026-11-01,INV-1,1,2026-11-15,300.00\n2026-11-01,INV-1,2,2026-12-15,600.00\n`;
const OPTS = { asOf: '2026-11-30' as LocalDate, basis: 'due' as const, buckets: [30, 60, 90], customer: null, detail: true };

describe('reading a ledger with payment plans', () => {
  for (const [what, plans, crlf] of [['only its header', HEADER, false], ['only its header, CRLF and a BOM', `\uFEFF${HEADER.replace('\n', '\r\n')}`, true]] as const) {
    it(`keeps the fast reader when plans.csv holds ${what}, with the plain reader's report`, () => {
      const dir = tempLedger({ 'ledger.yaml': BASE_CONFIG, 'customers.yaml': BASE_CUSTOMERS, 'invoices.csv': INVOICES, 'plans.csv': plans });
      const loaded = loadForReport(dir, false);
      expect(isFast(loaded), String(crlf)).toBe(true);
      const plain = loadLedger(dir);
      expect(plain.issues).toEqual([]);
      expect(isFast(loaded) && ageColumns(loaded.fast, loaded.customers, OPTS)).toEqual(ageOpenItems(plain.ledger, OPTS));
    });
  }

  it('reads the fast way when plans.csv has rows, and ages by instalment', () => {
    const dir = tempLedger({ 'ledger.yaml': BASE_CONFIG, 'customers.yaml': BASE_CUSTOMERS, 'invoices.csv': INVOICES, 'plans.csv': PLAN });
    for (const cache of [false, true]) {
      const loaded = loadForReport(dir, cache);
      expect(isFast(loaded)).toBe(true);
      expect(lastRead.via).toBe('fast');
      const report = isFast(loaded) ? ageColumns(loaded.fast, loaded.customers, OPTS) : ageOpenItems(loaded.ledger, OPTS);
      expect(report).toEqual(ageOpenItems(loadLedger(dir).ledger, OPTS));
      expect(report.customers[0]!.items!.map((i) => [i.id, i.due, i.open, i.instalment ?? null])).toEqual([
        ['INV-2', '2026-11-04', 10000, null], ['INV-1', '2026-11-15', 30000, 1], ['INV-1', '2026-12-15', 60000, 2],
      ]);
    }
  });

  it('reads a plan appended after a cache was saved on top of it', () => {
    const dir = tempLedger({ 'ledger.yaml': BASE_CONFIG, 'customers.yaml': BASE_CUSTOMERS, 'invoices.csv': INVOICES, 'plans.csv': HEADER });
    process.env['ARLEDGER_CACHE_MIN_BYTES'] = '1';
    try {
      expect(isFast(loadForReport(dir, true))).toBe(true);
      expect(fs.existsSync(path.join(dir, '.arledger'))).toBe(true);
      fs.appendFileSync(path.join(dir, 'plans.csv'), PLAN.slice(HEADER.length));
      const loaded = loadForReport(dir, true);
      expect(isFast(loaded)).toBe(true);
      expect(lastRead.via).toBe('cache');
      expect(isFast(loaded) ? loaded.fast.collections!.plansById.get('INV-1')!.length : null).toBe(1);
      expect(isFast(loaded) && ageColumns(loaded.fast, loaded.customers, OPTS)).toEqual(ageOpenItems(loadLedger(dir).ledger, OPTS));
    } finally {
      delete process.env['ARLEDGER_CACHE_MIN_BYTES'];
    }
  });
});
