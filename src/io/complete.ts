// What shell completion offers from a ledger: customer and document ids, profile and bucket names. Read quickly
// and leniently (a shell waits on it at every Tab, and a ledger being edited may be half-written): never the whole
// ledger, never an error — what cannot be read offers nothing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { bucketLabels } from '../core/reports/aging.js';
import { findLedgerDir } from './load.js';

export const COMPLETION_KINDS = ['customers', 'invoices', 'credits', 'documents', 'profiles', 'import-profiles', 'buckets'] as const;
export type CompletionKind = (typeof COMPLETION_KINDS)[number];

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const JOURNALS: Record<'invoices' | 'credits' | 'documents', readonly string[]> = {
  invoices: ['invoices.csv'],
  credits: ['payments.csv', 'credits.csv'],
  documents: ['invoices.csv', 'payments.csv', 'credits.csv', 'refunds.csv'],
};

function read(dir: string, name: string): string {
  try {
    return fs.readFileSync(path.join(dir, name), 'utf8');
  } catch {
    return '';
  }
}

/** The first column of every row after the header: an id can hold no comma or quote, so no CSV parse is needed. */
function journalIds(text: string, prefix: string): string[] {
  const out: string[] = [];
  let start = text.indexOf('\n') + 1;
  while (start > 0 && start < text.length) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end < 0 ? text.length : end);
    const id = line.slice(0, line.indexOf(',') >>> 0);
    if (id.startsWith(prefix) && ID.test(id)) out.push(id);
    start = end < 0 ? -1 : end + 1;
  }
  return out;
}

/** Top-level keys of customers.yaml, plain or quoted: the customer ids. */
function customerIds(text: string, prefix: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^(["']?)([A-Za-z0-9][A-Za-z0-9._-]{0,63})\1[ \t]*:/gm)) {
    if (m[2]!.startsWith(prefix)) out.push(m[2]!);
  }
  return out;
}

function configured(dir: string): Record<string, unknown> {
  try {
    const v = parse(read(dir, 'ledger.yaml'), { maxAliasCount: 100 }) as unknown;
    return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const keysAt = (v: unknown, ...keys: string[]): string[] => {
  let x = v;
  for (const k of keys) x = x !== null && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined;
  return x !== null && typeof x === 'object' && !Array.isArray(x) ? Object.keys(x) : [];
};

/** The words to offer for `kind`, sorted and unique; [] when there is no ledger or nothing readable. */
export function completionWords(kind: CompletionKind, ledger: string | undefined, env: string | undefined, cwd: string, prefix = ''): string[] {
  let dir: string;
  try {
    dir = findLedgerDir(ledger, env, cwd);
  } catch {
    return [];
  }
  let words: string[];
  switch (kind) {
    case 'customers':
      words = customerIds(read(dir, 'customers.yaml'), prefix);
      break;
    case 'invoices':
    case 'credits':
    case 'documents':
      words = JOURNALS[kind].flatMap((f) => journalIds(read(dir, f), prefix));
      break;
    case 'profiles':
      words = keysAt(configured(dir), 'bank', 'profiles');
      break;
    case 'import-profiles':
      words = keysAt(configured(dir), 'import', 'profiles');
      break;
    case 'buckets': {
      // `--fail-over BUCKET=AMOUNT`: the bucket names of this ledger's aging, each ready for its amount.
      const aging = configured(dir)['aging'] as { basis?: unknown; buckets?: unknown } | undefined;
      const limits = Array.isArray(aging?.buckets) && aging.buckets.every((n) => Number.isInteger(n) && n > 0) ? (aging.buckets as number[]) : [30, 60, 90];
      words = bucketLabels(aging?.basis === 'invoice' ? 'invoice' : 'due', limits).map((b) => `${b}=`);
      break;
    }
  }
  return [...new Set(words.filter((w) => w.startsWith(prefix) && !/[\s\u0000-\u001f]/.test(w)))].sort();
}
