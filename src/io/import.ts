// Reads another system's CSV export for `arledger import`: its profile from ledger.yaml, its bytes, its columns.
//
// config.ts does not decode `import.profiles`, so the profile is read here from the raw YAML of ledger.yaml, with
// the same keys as a bank profile (delimiter, decimal, thousands, date_format, encoding, currency, skip_rows,
// columns: field -> header name).
import * as fs from 'node:fs';
import type { YamlInput } from '../core/config.js';
import { DataError, issue, q, UsageError, type LedgerIssue } from '../core/issues.js';
import { isCurrency } from '../core/money.js';
import { CUSTOMER_IMPORT_FIELDS, IMPORT_FIELDS, type ImportFormat, type ImportKind, type ImportRecord } from '../core/ops/import.js';
import { readCsv } from './csv.js';
import { IoError } from './txn.js';
import { readYaml } from './yaml.js';
import type { BankProfile } from '../core/types.js';

/** An import profile has the shape of a bank statement profile: the same keys, read the same way. */
export type ImportProfile = BankProfile;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The profile `name` of `import.profiles` in ledger.yaml, checked; every problem is reported at its line. */
export function readImportProfile(configFile: string, configText: string, name: string, kind: ImportKind | 'customers'): ImportProfile {
  const { input, issues } = readYaml(configFile, configText);
  if (issues.length > 0) throw new DataError(issues);
  const root = input.value;
  const profiles = isObj(root) && isObj(root['import']) ? root['import']['profiles'] : undefined;
  const names = isObj(profiles) ? Object.keys(profiles) : [];
  if (!isObj(profiles) || !isObj(profiles[name])) {
    throw new UsageError(`--profile ${q(name)} is not in import.profiles of ${configFile} — ${names.length > 0 ? `use one of ${names.join(', ')}` : 'add one, e.g. import: { profiles: { erp: { date_format: M/D/YYYY, columns: { id: Invoice, date: Date, customer: Customer, amount: Amount } } } }'}`);
  }
  return decodeProfile(input, name, profiles[name], kind);
}

function decodeProfile(input: YamlInput, name: string, p: Obj, kind: ImportKind | 'customers'): ImportProfile {
  const problems: LedgerIssue[] = [];
  const own = kind === 'customers' ? CUSTOMER_IMPORT_FIELDS : IMPORT_FIELDS[kind];
  const every = [...new Set([...IMPORT_FIELDS.invoices, ...IMPORT_FIELDS.payments, ...CUSTOMER_IMPORT_FIELDS])];
  const at = (path: string[]): number | undefined => input.lineOf(['import', 'profiles', name, ...path]);
  const fail = (path: string[], message: string, hint: string): void => void problems.push(issue(input.file, at(path) ?? 1, message, hint));
  const text = (key: string, fallback: string): string => {
    const v = p[key];
    if (v === undefined || v === null || v === '') return fallback;
    if (typeof v !== 'string') {
      fail([key], `import profile ${name}: ${key} is not a text value`, 'write a plain value');
      return fallback;
    }
    return v;
  };
  const delimiter = text('delimiter', ',');
  if (delimiter.length !== 1) fail(['delimiter'], `import profile ${name}: delimiter ${q(delimiter)} is not one character`, 'write e.g. "," or ";"');
  const decimal = text('decimal', '.');
  if (decimal !== '.' && decimal !== ',') fail(['decimal'], `import profile ${name}: decimal ${q(decimal)} is not "." or ","`, 'write "." or ","');
  const encoding = text('encoding', 'utf-8').toLowerCase();
  if (!isSupportedEncoding(encoding)) fail(['encoding'], `import profile ${name}: encoding ${q(encoding)} is not supported`, 'write utf-8, latin1, windows-1252 or utf-16le');
  const currency = text('currency', '');
  if (currency !== '' && !isCurrency(currency)) fail(['currency'], `import profile ${name}: currency ${q(currency)} is not an ISO 4217 code`, 'write e.g. EUR');
  const skipText = text('skip_rows', '0');
  if (!/^\d{1,4}$/.test(skipText)) fail(['skip_rows'], `import profile ${name}: skip_rows ${q(skipText)} is not a whole number`, 'write e.g. 2');
  const columns: Record<string, string> = {};
  const cols = p['columns'];
  if (!isObj(cols)) {
    fail([], `import profile ${name} has no columns map`, `map fields (${own.join(', ')}) to header names`);
  } else {
    for (const [field, header] of Object.entries(cols)) {
      if (!own.includes(field)) {
        // One profile may serve both kinds; a field of the other kind is simply not used.
        if (!every.includes(field)) {
          fail(['columns', field], `import profile ${name}: ${q(field)} is not an import field`, `map any of ${every.join(', ')}`);
        }
        continue;
      }
      if (typeof header !== 'string' || header === '') fail(['columns', field], `import profile ${name}: column for ${field} is not a header name`, 'write the header as the file has it');
      else columns[field] = header;
    }
    const required = kind === 'invoices' ? ['date', 'customer', 'amount'] : kind === 'customers' ? ['id', 'name'] : ['date', 'amount'];
    for (const f of required) if (!(f in columns)) fail(['columns'], `import profile ${name} maps no column to ${f}, which ${kind} need`, `add ${f}: <header> under columns`);
    if (kind === 'payments' && !('customer' in columns) && !('invoice' in columns)) {
      fail(['columns'], `import profile ${name} maps neither customer nor invoice`, 'payments need one of them to know whose money it is');
    }
  }
  if (problems.length > 0) throw new DataError(problems);
  return {
    name, delimiter, decimal, thousands: text('thousands', ''), dateFormat: text('date_format', 'YYYY-MM-DD'), encoding,
    currency: currency === '' ? null : currency, skipRows: Number(skipText), columns,
  };
}

function isSupportedEncoding(enc: string): boolean {
  try {
    new TextDecoder(enc);
    return true;
  } catch {
    return false;
  }
}

export function importFormat(file: string, p: ImportProfile): ImportFormat {
  return { file, decimal: p.decimal, thousands: p.thousands, dateFormat: p.dateFormat, currency: p.currency };
}

/**
 * The export's records by field name, each with the line it starts on in the file (header = first line read).
 * `file` is the path as the user gave it, for messages; `abs` where to read it.
 */
export function readImportFile(file: string, p: ImportProfile, abs: string = file): ImportRecord[] {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // As for a bank statement: an input file that is not there is an input problem (exit 3), not a usage error.
    if (code === 'ENOENT') throw new DataError([issue(file, undefined, 'does not exist', 'give the path of the CSV export')], false, file);
    throw new IoError(`cannot read ${file}: ${code === 'EACCES' ? 'permission denied' : (e as Error).message}`);
  }
  let text: string;
  try {
    text = new TextDecoder(p.encoding, { fatal: true }).decode(buf);
  } catch {
    throw new DataError([issue(file, undefined, `is not valid ${p.encoding}`, `save it as ${p.encoding} or set encoding in the profile`)]);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Lines before the header (a title, an export date) are skipped but still counted, so LINE stays the editor's.
  let skipped = 0;
  for (let i = 0; i < p.skipRows; i++) {
    const nl = text.indexOf('\n');
    text = nl === -1 ? '' : text.slice(nl + 1);
    skipped++;
  }
  const csv = readCsv(file, text, p.delimiter);
  const shift = (l: number): number => l + skipped;
  if (csv.issues.length > 0) throw new DataError(csv.issues.map((i) => ({ ...i, ...(i.line !== undefined ? { line: shift(i.line) } : {}) })));
  if (csv.header === null) throw new DataError([issue(file, shift(1), 'has no header row', 'the first line (after skip_rows) names the columns')]);
  const header = csv.header.map((h) => h.trim());
  const index: Record<string, number> = {};
  const missing: LedgerIssue[] = [];
  for (const [field, name] of Object.entries(p.columns)) {
    const i = header.indexOf(name);
    if (i < 0) missing.push(issue(file, shift(1), `column ${q(name)} (for ${field}, profile ${p.name}) is not in the header`, `the header has ${header.join(', ')}`));
    else index[field] = i;
  }
  if (missing.length > 0) throw new DataError(missing);
  return csv.rows.map((r) => ({
    line: shift(r.line),
    fields: Object.fromEntries(Object.entries(index).map(([f, i]) => [f, r.fields[i] ?? ''])),
  }));
}
