// rates.csv on its own, for reports that read the rest of the ledger as columns (the fast reader keeps no rates).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataError } from '../core/issues.js';
import { buildLedger } from '../core/ledger.js';
import type { Customer, LedgerConfig, Rate } from '../core/types.js';
import { readCsv } from './csv.js';
import { IoError, ioReason } from './txn.js';

/** The exchange rates of the ledger in `dir`; none when rates.csv does not exist. Problems are refused (exit 3). */
export function readRates(dir: string, config: LedgerConfig, customers: ReadonlyMap<string, Customer>): readonly Rate[] {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, 'rates.csv'), 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') return [];
    throw new IoError(`cannot read ${path.join(dir, 'rates.csv')}: ${ioReason(err)}`);
  }
  const csv = readCsv('rates.csv', text.startsWith('\uFEFF') ? text.slice(1) : text);
  const built = buildLedger({ config, customers, journals: new Map([['rates.csv', { file: 'rates.csv', header: csv.header, rows: csv.rows, issues: csv.issues }]]) });
  const issues = [...csv.issues, ...built.issues];
  if (issues.length > 0) throw new DataError(issues, true);
  return built.ledger.rates;
}

/** Whether rates.csv has a line for `currency` (quoted or not): a quick look, for a rule the fast reader cannot check. */
export function namesCurrency(bytes: Uint8Array | null, currency: string): boolean {
  if (bytes === null || bytes.length === 0) return false;
  return new RegExp(`^[^,\\r\\n]*,"?${currency}"?,`, 'm').test(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
}
