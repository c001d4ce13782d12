// Builders for core tests: raw journals as the CSV reader would hand them over, a config and customers.
import type { LocalDate } from '../../src/core/date.js';
import { JOURNALS, type JournalName, type RawJournal } from '../../src/core/journals.js';
import type { Currency, Minor } from '../../src/core/money.js';
import { DEFAULT_DUNNING, DEFAULT_NUMBERING, type Customer, type LedgerConfig } from '../../src/core/types.js';

/** A journal with the right header; row i sits on line i + 2, as in a file. */
export function rawJournal(file: JournalName, rows: readonly (readonly string[])[]): RawJournal {
  return { file, header: [...JOURNALS[file]], rows: rows.map((fields, i) => ({ line: i + 2, fields })), issues: [] };
}

export function testConfig(over: Partial<LedgerConfig> = {}): LedgerConfig {
  return {
    version: 1,
    company: { name: 'Test Co', email: 'ar@test.example', address: '' },
    currency: 'EUR' as Currency,
    numbering: DEFAULT_NUMBERING,
    terms: 'net30',
    aging: { basis: 'due', buckets: [30, 60, 90] },
    lockDate: null as LocalDate | null,
    futureDays: 0,
    dunning: DEFAULT_DUNNING,
    bank: { profiles: {} },
    ...over,
  };
}

export const CUSTOMER_CURRENCIES: Readonly<Record<string, string>> = { ACME: 'EUR', GLOBEX: 'EUR', NIPPON: 'JPY', GULF: 'KWD' };

export function testCustomers(): Map<string, Customer> {
  const out = new Map<string, Customer>();
  let line = 1;
  for (const [id, ccy] of Object.entries(CUSTOMER_CURRENCIES)) {
    out.set(id, {
      id, name: `${id} Ltd`, email: `ap@${id.toLowerCase()}.example`, currency: ccy as Currency, terms: null,
      creditLimit: null as Minor | null, address: '', bankAccounts: [], aliases: [], hold: false, dunning: true,
      src: { file: 'customers.yaml', line },
    });
    line += 3;
  }
  return out;
}
