// Appending a customer to customers.yaml: YAML text made by the yaml library, proven to read back unchanged.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { IoError, ioReason } from './txn.js';
import { decodeCustomers } from '../core/config.js';
import { issue, type LedgerIssue } from '../core/issues.js';
import type { CustomerEntry } from '../core/ops/customer.js';
import type { Currency } from '../core/money.js';
import { CUSTOMERS_FILE, type FileState } from './load.js';
import { readYaml } from './yaml.js';

/** The entry as a top-level block mapping `ID:\n  key: value\n…`, quoted wherever a plain scalar would not read back. */
export function customerYaml(id: string, entry: CustomerEntry): string {
  // lineWidth 0: a long name stays on one line, so each key keeps exactly one line an editor can find.
  return stringify({ [id]: entry }, { lineWidth: 0, indent: 2 });
}

/**
 * The bytes to append to customers.yaml for a new customer, in the file's own line-end style and after a
 * newline where the file lacks a final one. Returns issues instead when the file with the entry would not read
 * back as the same customers plus the new one (e.g. the file is a flow mapping `{…}` that cannot be appended to).
 */
export function customerAppend(
  oldText: string, state: FileState, id: string, entry: CustomerEntry, base: Currency,
): { text: string } | { issues: LedgerIssue[] } {
  let text = customerYaml(id, entry);
  if (state.eol === '\r\n') text = text.replace(/\n/g, '\r\n');
  if (state.exists && !state.endsWithNewline) text = state.eol + text;

  const before = decodeCustomers(readYaml(CUSTOMERS_FILE, oldText).input, base, []);
  const after = readYaml(CUSTOMERS_FILE, oldText + text);
  const problems: LedgerIssue[] = [...after.issues];
  const decoded = decodeCustomers(after.input, base, problems);
  const value = (after.input.value as Record<string, unknown> | null | undefined)?.[id];
  const keys = [...decoded.keys()];
  const same = problems.length === 0 && keys.length === before.size + 1 && keys.every((k) => k === id || before.has(k))
    && JSON.stringify(value) === JSON.stringify(asText(entry));
  if (!same) {
    return {
      issues: [issue(CUSTOMERS_FILE, undefined,
        `cannot append customer ${id}: the file with it would not read back as its customers plus ${id}${problems[0] ? ` (${problems[0].message})` : ''}`,
        'customers.yaml must be a block mapping with one customer id per top-level key; add the customer by hand or rewrite the file in that form')],
    };
  }
  return { text };
}

/** The entry as the failsafe schema reads it back: every scalar a string. */
function asText(entry: CustomerEntry): unknown {
  return Object.fromEntries(Object.entries(entry).map(([k, v]) => [k, Array.isArray(v) ? [...v] : String(v)]));
}

/** customers.yaml as it is on disk, its byte-order mark (if any) apart, for an edit that keeps every other byte. */
export function readCustomersText(dir: string): { bom: string; text: string } {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, CUSTOMERS_FILE), 'utf8');
  } catch (e) {
    throw new IoError(`cannot read ${CUSTOMERS_FILE}: ${ioReason(e)}; nothing was written`);
  }
  return text.charCodeAt(0) === 0xfeff ? { bom: '\ufeff', text: text.slice(1) } : { bom: '', text };
}
