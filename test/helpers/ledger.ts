// Builds core ledgers from journal bodies written inline in a test, the way a bookkeeper would write the files.
import { stringify } from 'csv-stringify/sync';
import { expect } from 'vitest';
import { decodeConfig, decodeCustomers } from '../../src/core/config.js';
import type { LedgerIssue } from '../../src/core/issues.js';
import { JOURNALS, type JournalName, type RawJournal } from '../../src/core/journals.js';
import { buildLedger, type Ledger, type LedgerInput } from '../../src/core/ledger.js';
import { readCsv } from '../../src/io/csv.js';
import { readYaml } from '../../src/io/yaml.js';
import { BASE_CONFIG } from './cli.js';

/** Journal name -> its rows as CSV text, without the header (which is added). */
export type Journals = Partial<Record<JournalName, string>>;

/** The builder's input for a ledger of these customers (customers.yaml text) and journals; bad YAML fails the test. */
export function inputFrom(journals: Journals, customersYaml: string, configYaml: string = BASE_CONFIG): LedgerInput {
  const issues: LedgerIssue[] = [];
  const config = decodeConfig(readYaml('ledger.yaml', configYaml).input, issues);
  const customers = decodeCustomers(readYaml('customers.yaml', customersYaml).input, config.currency, issues);
  const map = new Map<JournalName, RawJournal>();
  for (const [name, body] of Object.entries(journals) as [JournalName, string][]) {
    const csv = readCsv(name, `${JOURNALS[name].join(',')}\n${body}`);
    map.set(name, { file: name, header: csv.header, rows: csv.rows, issues: csv.issues });
  }
  expect(issues).toEqual([]);
  return { config, customers, journals: map };
}

/** A ledger from journal bodies; any issue fails the test. */
export function ledgerFrom(journals: Journals, customersYaml: string, configYaml: string = BASE_CONFIG): Ledger {
  const built = buildLedger(inputFrom(journals, customersYaml, configYaml));
  expect(built.issues).toEqual([]);
  return built.ledger;
}

/** Every issue of the ledger once rows are appended as the CLI writes them (CSV-quoted), as `file:line: message`. */
export function issuesAfterRows(journals: Journals, customersYaml: string, rows: readonly { journal: JournalName; fields: readonly string[] }[]): string[] {
  const more: Journals = { ...journals };
  for (const r of rows) more[r.journal] = `${more[r.journal] ?? ''}${stringify([[...r.fields]])}`;
  return buildLedger(inputFrom(more, customersYaml)).issues.map((i) => `${i.file}:${i.line}: ${i.message}`);
}
