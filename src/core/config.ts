// Decodes ledger.yaml and customers.yaml from plain values (every scalar a string) into typed configuration.
import { isLocalDate, type LocalDate } from './date.js';
import { issue, q, type LedgerIssue } from './issues.js';
import { ID_HINT, ID_RE } from './journals.js';
import { exampleAmount, isCurrency, parseAmount, parseDecimal, type Currency, type Minor } from './money.js';
import { bicProblem, BIC_HINT, countryProblem, COUNTRY_HINT, ibanProblem, IBAN_HINT, normalizeVatId, vatIdProblem } from './master-data.js';
import { CUSTOMER_IMPORT_FIELDS, IMPORT_FIELDS } from './ops/import.js';
import { parseTerms, TERMS_HINT } from './terms.js';
import {
  DEFAULT_DUNNING, DEFAULT_NUMBERING, type AmountPolicy, type BankAccount, type BankProfile, type Customer, type DunningLevel,
  CSV_DELIMITERS, type ApprovalsConfig, type CsvConfig, type EinvoiceConfig, type LedgerConfig, type NumberedKind, type TaxSetting,
} from './types.js';

export type YamlPath = readonly (string | number)[];

/** A YAML file read without type coercion: scalars are strings; `lineOf` finds the line of a node. */
export interface YamlInput {
  readonly file: string;
  readonly value: unknown;
  lineOf(path: YamlPath): number | undefined;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class YamlReader {
  constructor(readonly input: YamlInput, readonly issues: LedgerIssue[]) {}

  fail(path: YamlPath, message: string, hint?: string): void {
    this.issues.push(issue(this.input.file, this.input.lineOf(path) ?? 1, message, hint));
  }

  /** The value under one top-level key, held while that key's settings are read: a top map of 50,000 customers is
   * a dictionary, and looking each one up again for each of its twenty settings was most of reading it. */
  private focusKey: string | undefined;
  private focusValue: unknown;

  focus(key: string | undefined, value?: unknown): void {
    this.focusKey = key;
    this.focusValue = value;
  }

  get(path: YamlPath): unknown {
    let v: unknown = this.input.value;
    let i = 0;
    if (this.focusKey !== undefined && path.length > 0 && path[0] === this.focusKey) {
      v = this.focusValue;
      i = 1;
    }
    for (; i < path.length; i++) {
      const k = path[i]!;
      if (typeof k === 'number') v = Array.isArray(v) ? v[k] : undefined;
      else v = isObj(v) ? v[k] : undefined;
    }
    return v;
  }

  name(path: YamlPath): string {
    return path.map(String).join('.');
  }

  string(path: YamlPath, fallback: string): string {
    const v = this.get(path);
    if (v === undefined || v === null || v === '') return fallback;
    if (typeof v !== 'string') {
      this.fail(path, `${this.name(path)} is not a text value`, 'write a plain value, e.g. name: Acme');
      return fallback;
    }
    return v;
  }

  bool(path: YamlPath, fallback: boolean): boolean {
    const v = this.string(path, '');
    if (v === '') return fallback;
    if (v === 'true') return true;
    if (v === 'false') return false;
    this.fail(path, `${this.name(path)} ${q(v)} is not true or false`, 'write true or false');
    return fallback;
  }

  int(path: YamlPath, fallback: number, min = 0, max = 999999, example = Math.min(max, Math.max(min, 14))): number {
    const v = this.string(path, '');
    if (v === '') return fallback;
    if (!/^\d{1,6}$/.test(v) || Number(v) < min || Number(v) > max) {
      const range = max < 999999 ? ` from ${min} to ${max}` : min > 0 ? ` of at least ${min}` : '';
      this.fail(path, `${this.name(path)} ${q(v)} is not a whole number${range}`, `write e.g. ${example}`);
      return fallback;
    }
    return Number(v);
  }

  /** The map at `path`, or undefined when the key is absent or empty; any other shape is reported at its key. */
  map(path: YamlPath, example: string): Obj | undefined {
    const v = this.get(path);
    if (v === undefined || v === null || v === '') return undefined;
    if (!isObj(v)) {
      this.fail(path, `${this.name(path)} is ${Array.isArray(v) ? 'a list' : 'a single value'}, not a map of settings`, `write it as a map, e.g. ${example}`);
      return undefined;
    }
    return v;
  }

  /** Text that is shown to people or written into documents and mail: no line breaks, no invisible characters. */
  line(path: YamlPath, what: string): string {
    const v = this.string(path, '');
    if (CONTROL_RE.test(v)) {
      this.fail(path, `${what} contains a control character (line break or tab): ${q(v)}`, 'write it on one line');
      return '';
    }
    return this.visible(path, what, v);
  }

  /**
   * Text with a C1 control or a bidirectional override (U+202E …) is accepted as written: it is the company's own
   * master data, and RTL names may carry direction marks. Everything that shows it to a person escapes it instead
   * (core/escape.ts), so it can never make a terminal, an export or a document display reversed or hidden text.
   */
  visible(_path: YamlPath, _what: string, v: string): string {
    return v;
  }

  list(path: YamlPath): unknown[] {
    const v = this.get(path);
    if (v === undefined || v === null || v === '') return [];
    if (!Array.isArray(v)) {
      this.fail(path, `${this.name(path)} is not a list`, 'write [a, b] or one "- item" per line');
      return [];
    }
    return v;
  }

  stringList(path: YamlPath): string[] {
    return this.list(path).map((_, i) => this.string([...path, i], '')).filter((s) => s !== '');
  }

  amountPolicy(path: YamlPath): AmountPolicy | null {
    const v = this.get(path);
    if (v === undefined || v === null || v === '') return null;
    if (typeof v === 'string') {
      const d = parseDecimal(v);
      if (!d) {
        this.fail(path, `${this.name(path)} ${q(v)} is not an amount`, 'write a decimal such as "10.00", or a map by currency { EUR: "10.00", JPY: "1500" }');
        return null;
      }
      // Rounded to any currency, this stays an amount a journal can hold (at most 10^13 minor units).
      if (d.gt(MAX_POLICY_AMOUNT)) {
        this.fail(path, `${this.name(path)} ${q(v)} is too large`, `write at most ${MAX_POLICY_AMOUNT} (in major units)`);
        return null;
      }
      return { all: v, byCurrency: {} };
    }
    if (isObj(v)) {
      const byCurrency: Record<string, string> = {};
      for (const [ccy, amt] of Object.entries(v)) {
        if (!isCurrency(ccy)) {
          this.fail([...path, ccy], `${q(ccy)} in ${this.name(path)} is not an ISO 4217 currency`, 'write codes such as EUR, USD, JPY');
          continue;
        }
        const r = typeof amt === 'string' ? parseAmount(amt, ccy) : { ok: false as const, problem: 'is not a text value' };
        if (!r.ok) {
          this.fail([...path, ccy], `${this.name(path)}.${ccy} ${q(String(amt))} ${r.problem}`, `write e.g. ${exampleAmount(ccy)}`);
          continue;
        }
        byCurrency[ccy] = amt as string;
      }
      return { all: null, byCurrency };
    }
    this.fail(path, `${this.name(path)} is neither an amount nor a map by currency`, 'write "10.00" or { EUR: "10.00" }');
    return null;
  }
}

/**
 * Reports every key of a settings map that arledger does not read, since the setting it was meant for would
 * otherwise be silently missing: "did you mean" when it is one or two typing mistakes away from a known key
 * (`lockdate`, `emial`), else the keys that are known. A key starting with `x_` or `x-` is the user's own (an
 * anchor to merge from, a note for another tool) and is left alone.
 */
function misspeltKeys(y: YamlReader, path: YamlPath, known: readonly string[]): void {
  const v = y.get(path);
  if (!isObj(v)) return;
  for (const key of Object.keys(v)) {
    if (known.includes(key) || /^x[-_]/.test(key)) continue;
    const name = [...path, key].map(String).join('.');
    const near = known.find((k) => k.length >= 4 && editDistance(key.toLowerCase().replace(/-/g, '_'), k) <= (k.length >= 6 ? 2 : 1));
    if (near) y.fail([...path, key], `${name} is not a setting; did you mean ${near}?`, `rename it to ${near}`);
    else y.fail([...path, key], `${name} is not a setting`, `the settings here are ${known.join(', ')}; a key of your own starts with x_`);
  }
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

const CONFIG_KEYS = ['version', 'company', 'currency', 'numbering', 'terms', 'aging', 'lock_date', 'future_days', 'dunning', 'bank', 'bank_accounts', 'payment_reference', 'import', 'einvoice', 'csv', 'approvals'];
const CUSTOMER_KEYS = ['name', 'email', 'currency', 'terms', 'credit_limit', 'address', 'bank_accounts', 'aliases', 'hold', 'dunning',
  'vat_id', 'country', 'buyer_reference', 'einvoice', 'collector'];
const COMPANY_KEYS = ['name', 'email', 'address', 'country', 'vat_id', 'registration'];
const DUNNING_KEYS = ['min_interval_days', 'min_amount', 'levels', 'dun_fees'];
const LEVEL_KEYS = ['level', 'after_days', 'template', 'fee', 'interest'];
const PROFILE_KEYS = ['delimiter', 'decimal', 'thousands', 'date_format', 'encoding', 'currency', 'skip_rows', 'columns'];
/** The columns a bank statement profile maps (io/bank/csv.ts reads them; a test keeps the two lists equal). */
export const BANK_COLUMNS = ['date', 'amount', 'credit', 'debit', 'direction', 'currency', 'payer', 'iban', 'reference', 'text', 'id'] as const;
const BANK_ACCOUNT_KEYS = ['iban', 'bic', 'bank', 'currency'];

/**
 * Bounds that keep every value the dunning run computes an exact integer of minor units: a fee or minimum of at
 * most 10^10 major units is at most 10^13 minor units even in a 3-decimal currency (the largest journal amount),
 * and interest of at most 100 % a year on the largest amount over a century of arrears stays far below 2^53.
 */
const MAX_POLICY_AMOUNT = 1e10;
const MAX_INTEREST = 100;
/** More than a year ahead is a typo (2062 for 2026), not planning. */
const MAX_FUTURE_DAYS = 366;
const MAX_SKIP_ROWS = 100;
const MAX_BUCKETS = 12;

/** A template name becomes part of a file name (templates/<name>.txt.mustache): a plain name, never a path. */
export const TEMPLATE_NAME_RE = /^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const NUMBERED: readonly NumberedKind[] = ['invoice', 'payment', 'credit-note', 'debit-note', 'write-off', 'refund'];
const PATTERN_RE = /^(?:[A-Za-z0-9._-]|\{yyyy\}|\{yy\}|\{mm\}|\{seq(?::\d)?\})+$/;

export function decodeConfig(input: YamlInput, issues: LedgerIssue[]): LedgerConfig {
  const y = new YamlReader(input, issues);
  if (!isObj(input.value)) {
    y.fail([], 'ledger.yaml is not a map of settings', 'start from the file `arledger init` writes');
  }
  misspeltKeys(y, [], CONFIG_KEYS);
  if (y.map(['aging'], '{ basis: due, buckets: [30, 60, 90] }')) misspeltKeys(y, ['aging'], ['basis', 'buckets']);
  if (y.map(['company'], '{ name: Northwind Traders Ltd, email: ar@northwind.example }')) misspeltKeys(y, ['company'], COMPANY_KEYS);
  const version = y.string(['version'], '1');
  if (version !== '1') y.fail(['version'], `version ${q(version)} is not supported`, 'this arledger reads version: 1');

  const currencyText = y.string(['currency'], '');
  if (currencyText === '') y.fail(['currency'], 'currency (the base currency) is missing', 'add e.g. currency: EUR');
  else if (!isCurrency(currencyText)) y.fail(['currency'], `currency ${q(currencyText)} is not an ISO 4217 code`, 'write e.g. EUR');
  const currency = (isCurrency(currencyText) ? currencyText : 'EUR') as Currency;

  const numbering = { ...DEFAULT_NUMBERING };
  const numberingValue = y.map(['numbering'], '{ invoice: "INV-{yyyy}-{seq:5}" }');
  if (numberingValue) {
    for (const [k, v] of Object.entries(numberingValue)) {
      if (!(NUMBERED as string[]).includes(k)) {
        y.fail(['numbering', k], `numbering ${q(k)} is not a document kind`, `use ${NUMBERED.join(', ')}`);
        continue;
      }
      const p = y.string(['numbering', k], '');
      if (!PATTERN_RE.test(p) || p.split('{seq').length !== 2 || !/^[A-Za-z0-9{]/.test(p)) {
        y.fail(['numbering', k], `numbering.${k} ${q(p)} is not an id pattern with one counter`, 'write e.g. "INV-{yyyy}-{seq:5}": letters, digits, ".", "_", "-", {yyyy}, {yy}, {mm} and one {seq} or {seq:N}');
        continue;
      }
      // Ids are at most 64 characters (SPEC §1.1); leave the counter room to grow to 10 digits.
      const longest = p.replace(/\{yyyy\}/g, '2026').replace(/\{yy\}|\{mm\}/g, '26').replace(/\{seq(?::\d)?\}/, '0'.repeat(10)).length;
      if (longest > 64) {
        y.fail(['numbering', k], `numbering.${k} ${q(p)} makes ids longer than 64 characters`, 'shorten the fixed text of the pattern');
        continue;
      }
      numbering[k as NumberedKind] = p;
    }
  }

  const terms = y.string(['terms'], 'net30');
  if (!parseTerms(terms)) y.fail(['terms'], `terms ${q(terms)} are not payment terms`, TERMS_HINT);

  const basis = y.string(['aging', 'basis'], 'due');
  if (basis !== 'due' && basis !== 'invoice') y.fail(['aging', 'basis'], `aging.basis ${q(basis)} is not due or invoice`, 'write due or invoice');
  let buckets = [30, 60, 90];
  const bucketList = y.list(['aging', 'buckets']);
  if (bucketList.length > MAX_BUCKETS) {
    y.fail(['aging', 'buckets'], `aging.buckets has ${bucketList.length} limits; at most ${MAX_BUCKETS} are read`, 'write e.g. [30, 60, 90]');
  } else if (bucketList.length > 0) {
    const parsed = bucketList.map((_, i) => y.string(['aging', 'buckets', i], ''));
    if (parsed.every((b) => /^\d{1,5}$/.test(b) && Number(b) > 0) && parsed.every((b, i) => i === 0 || Number(b) > Number(parsed[i - 1]))) {
      buckets = parsed.map(Number);
    } else {
      y.fail(['aging', 'buckets'], `aging.buckets [${parsed.join(', ')}] is not a rising list of positive day counts`, 'write e.g. [30, 60, 90]');
    }
  }

  const lockText = y.string(['lock_date'], '');
  let lockDate: LocalDate | null = null;
  if (lockText !== '') {
    if (isLocalDate(lockText)) lockDate = lockText;
    else y.fail(['lock_date'], `lock_date ${q(lockText)} is not a calendar date`, 'write YYYY-MM-DD');
  }

  // How far ahead of today a document may be dated (SPEC §7): a typo like 2062 for 2026 is refused, not booked.
  const futureDays = y.int(['future_days'], 0, 0, MAX_FUTURE_DAYS);

  const paymentReference = y.string(['payment_reference'], 'id');
  if (paymentReference !== 'id' && paymentReference !== 'rf') {
    y.fail(['payment_reference'], `payment_reference ${q(paymentReference)} is not rf or id`, 'write rf (ISO 11649 creditor reference made from the invoice id) or id (the invoice id itself)');
  }

  const dunning = decodeDunning(y);
  const profiles = decodeProfiles(y);
  checkImportProfiles(y);
  const bankAccounts = decodeBankAccounts(y);
  const einvoice = decodeEinvoice(y);
  const csv = decodeCsv(y);
  const approvals = decodeApprovals(y);
  const country = decodeCountry(y, ['company', 'country'], (v) => `company.country ${v}`);
  const vatId = decodeVatId(y, ['company', 'vat_id'], 'company.vat_id');
  const registration = y.line(['company', 'registration'], 'company.registration');
  y.visible(['company', 'address'], 'company.address', y.string(['company', 'address'], ''));

  // The company's name and e-mail go into mail headers (From:), where a line break would let data add headers.
  const companyName = y.string(['company', 'name'], '');
  if (CONTROL_RE.test(companyName)) {
    y.fail(['company', 'name'], `company.name contains a control character (line break or tab): ${q(companyName)}`, 'write the name on one line');
  } else {
    y.visible(['company', 'name'], 'company.name', companyName);
  }
  const companyEmail = y.string(['company', 'email'], '');
  if (companyEmail !== '' && (CONTROL_RE.test(companyEmail) || !EMAIL_RE.test(companyEmail))) {
    y.fail(['company', 'email'], `company.email ${q(companyEmail)} is not an e-mail address`, 'write one address such as ar@example.com');
  }

  return {
    version: 1,
    company: {
      name: CONTROL_RE.test(companyName) ? '' : companyName,
      email: companyEmail !== '' && (CONTROL_RE.test(companyEmail) || !EMAIL_RE.test(companyEmail)) ? '' : companyEmail,
      address: y.string(['company', 'address'], ''),
      country, vatId, registration,
    },
    bankAccounts,
    einvoice,
    currency,
    numbering,
    terms: parseTerms(terms) ? terms : 'net30',
    aging: { basis: basis === 'invoice' ? 'invoice' : 'due', buckets },
    lockDate,
    futureDays,
    paymentReference: paymentReference === 'rf' ? 'rf' : 'id',
    dunning,
    bank: { profiles },
    ...(csv ? { csv } : {}),
    ...(approvals ? { approvals } : {}),
  };
}

/** `approvals: { write-off: AMOUNT, credit-note: AMOUNT, since: DATE }` (README: approvals); null when not set. */
function decodeApprovals(y: YamlReader): ApprovalsConfig | null {
  if (y.get(['approvals']) === undefined || !y.map(['approvals'], '{ write-off: "500.00", credit-note: "1000.00" }')) return null;
  misspeltKeys(y, ['approvals'], ['write-off', 'credit-note', 'since']);
  const sinceText = y.string(['approvals', 'since'], '');
  let since: LocalDate | null = null;
  if (sinceText !== '') {
    if (isLocalDate(sinceText)) since = sinceText;
    else y.fail(['approvals', 'since'], `approvals.since ${q(sinceText)} is not a calendar date`, 'write YYYY-MM-DD: the first day approvals are required');
  }
  return { writeOff: y.amountPolicy(['approvals', 'write-off']), creditNote: y.amountPolicy(['approvals', 'credit-note']), since };
}

/** csv: { bom: true, delimiter: ";", decimal: "," } — CSV reports for a spreadsheet in the user's locale. */
function decodeCsv(y: YamlReader): CsvConfig | undefined {
  if (!y.map(['csv'], '{ bom: true, delimiter: ";", decimal: "," }')) return undefined;
  misspeltKeys(y, ['csv'], ['bom', 'delimiter', 'decimal']);
  const bom = y.bool(['csv', 'bom'], false);
  const delimiterText = y.string(['csv', 'delimiter'], ',');
  const delimiter = CSV_DELIMITERS[delimiterText];
  if (delimiter === undefined) y.fail(['csv', 'delimiter'], `csv.delimiter ${q(delimiterText)} is not a separator arledger writes`, 'write ",", ";", "|" or tab');
  const decimal = y.string(['csv', 'decimal'], '.');
  if (decimal !== '.' && decimal !== ',') y.fail(['csv', 'decimal'], `csv.decimal ${q(decimal)} is not "." or ","`, 'write "," for a spreadsheet that reads 1234,56 (German, French …), else "."');
  else if (decimal === delimiter) y.fail(['csv', 'decimal'], `csv.decimal ${q(decimal)} is also the delimiter`, 'with decimal: "," write delimiter: ";"');
  return { bom, delimiter: delimiter ?? ',', decimal: decimal === ',' && delimiter !== ',' ? ',' : '.' };
}

function decodeDunning(y: YamlReader): LedgerConfig['dunning'] {
  if (!y.map(['dunning'], '{ min_interval_days: 14, levels: [...] }')) return DEFAULT_DUNNING;
  misspeltKeys(y, ['dunning'], DUNNING_KEYS);
  const minIntervalDays = y.int(['dunning', 'min_interval_days'], DEFAULT_DUNNING.minIntervalDays);
  const minAmount = y.get(['dunning', 'min_amount']) === undefined ? DEFAULT_DUNNING.minAmount : y.amountPolicy(['dunning', 'min_amount']);
  const dunFees = y.bool(['dunning', 'dun_fees'], false);
  const rawLevels = y.list(['dunning', 'levels']);
  if (rawLevels.length === 0) return { ...DEFAULT_DUNNING, minIntervalDays, minAmount, dunFees };
  const levels: DunningLevel[] = [];
  rawLevels.forEach((_, i) => {
    const p = ['dunning', 'levels', i];
    if (!y.map(p, '{ level: 1, after_days: 7, template: reminder }')) return;
    misspeltKeys(y, p, LEVEL_KEYS);
    // Letters are written as <customer>-L<level>.txt with at most three digits.
    const level = y.int([...p, 'level'], i + 1, 1, 999);
    const afterDays = y.int([...p, 'after_days'], 0, 0);
    const template = y.string([...p, 'template'], `level-${level}`);
    if (!TEMPLATE_NAME_RE.test(template)) {
      y.fail([...p, 'template'], `dunning template ${q(template)} is not a template name`, 'use letters, digits, ".", "-" and "_" (no path), e.g. template: reminder');
    }
    const fee = y.amountPolicy([...p, 'fee']);
    const interest = y.string([...p, 'interest'], '');
    const rate = interest === '' ? null : parseDecimal(interest);
    if (interest !== '' && (!rate || rate.gt(MAX_INTEREST) || !/^\d+(\.\d{1,4})?$/.test(interest))) {
      y.fail([...p, 'interest'], `${y.name([...p, 'interest'])} ${q(interest)} is not a percentage from 0 to ${MAX_INTEREST}`, 'write percent a year as a plain decimal with at most 4 decimals, e.g. "8" or "9.12"');
    }
    const prev = levels[levels.length - 1];
    if (prev && (level <= prev.level || afterDays <= prev.afterDays)) {
      y.fail(p, `dunning level ${level} (after ${afterDays} days) does not rise above level ${prev.level} (after ${prev.afterDays} days)`,
        'list levels in rising order of level and after_days');
    }
    levels.push({ level, afterDays, template, fee, interest: rate && !rate.gt(MAX_INTEREST) && /^\d+(\.\d{1,4})?$/.test(interest) ? interest : null });
  });
  return { minIntervalDays, minAmount, levels, dunFees };
}

function decodeProfiles(y: YamlReader): Record<string, BankProfile> {
  const out: Record<string, BankProfile> = {};
  const v = y.get(['bank', 'profiles']);
  if (y.map(['bank'], '{ profiles: { mybank: { ... } } }')) misspeltKeys(y, ['bank'], ['profiles']);
  if (v === undefined || v === null || v === '') return out;
  if (!isObj(v)) {
    y.fail(['bank', 'profiles'], 'bank.profiles is not a map of profiles', 'write bank: { profiles: { mybank: { ... } } }');
    return out;
  }
  for (const name of Object.keys(v)) {
    const p = ['bank', 'profiles', name];
    if (!y.map(p, '{ delimiter: ";", columns: { date: Date, amount: Amount } }')) continue;
    misspeltKeys(y, p, PROFILE_KEYS);
    checkProfileValues(y, p, `bank profile ${name}`);
    const columns: Record<string, string> = {};
    const cols = y.get([...p, 'columns']);
    if (isObj(cols)) {
      misspeltKeys(y, [...p, 'columns'], BANK_COLUMNS);
      for (const k of Object.keys(cols)) columns[k] = y.string([...p, 'columns', k], '');
    } else {
      y.fail([...p, 'columns'], `bank profile ${name} has no columns map`, 'map date, amount, payer, iban, reference and id to header names');
    }
    const currency = y.string([...p, 'currency'], '');
    if (currency !== '' && !isCurrency(currency)) y.fail([...p, 'currency'], `currency ${q(currency)} is not an ISO 4217 code`, 'write e.g. EUR');
    out[name] = {
      name,
      delimiter: y.string([...p, 'delimiter'], ','),
      decimal: y.string([...p, 'decimal'], '.'),
      thousands: y.string([...p, 'thousands'], ''),
      dateFormat: y.string([...p, 'date_format'], 'YYYY-MM-DD'),
      encoding: y.string([...p, 'encoding'], 'utf-8'),
      currency: currency === '' ? null : currency,
      skipRows: y.int([...p, 'skip_rows'], 0, 0, MAX_SKIP_ROWS, 2),
      columns,
    };
  }
  return out;
}

/**
 * The values of a CSV profile (bank statement or import) that would otherwise only fail, or read a file wrongly,
 * when a file is read with it; each caller bounds skip_rows as it reads it.
 */
function checkProfileValues(y: YamlReader, p: YamlPath, what: string): void {
  const delimiter = y.string([...p, 'delimiter'], ',');
  if ([...delimiter].length !== 1 || /[\r\n"]/.test(delimiter)) y.fail([...p, 'delimiter'], `${what}: delimiter ${q(delimiter)} is not one character`, 'write e.g. "," or ";" or "\\t"');
  const decimal = y.string([...p, 'decimal'], '.');
  if (decimal !== '.' && decimal !== ',') y.fail([...p, 'decimal'], `${what}: decimal ${q(decimal)} is not "." or ","`, 'write "." or ","');
  const thousands = y.string([...p, 'thousands'], '');
  if (thousands !== '' && ([...thousands].length !== 1 || thousands === decimal || /[0-9]/.test(thousands))) {
    y.fail([...p, 'thousands'], `${what}: thousands ${q(thousands)} is not one separator other than the decimal point`, 'write e.g. "." when decimal is ",", or leave it out');
  }
  const dateFormat = y.string([...p, 'date_format'], 'YYYY-MM-DD');
  const tokens = dateFormat.match(/YYYY|YY|MMM|MM|M|DD|D/g) ?? [];
  const count = (re: RegExp): number => tokens.filter((t) => re.test(t)).length;
  if (count(/^YY/) !== 1 || count(/^M/) !== 1 || count(/^D/) !== 1) {
    y.fail([...p, 'date_format'], `${what}: date_format ${q(dateFormat)} does not have a year, a month and a day once each`, 'write e.g. DD.MM.YYYY, M/D/YY, YYYY-MM-DD or DD-MMM-YY');
  }
  const encoding = y.string([...p, 'encoding'], 'utf-8');
  if (!isKnownEncoding(encoding)) y.fail([...p, 'encoding'], `${what}: encoding ${q(encoding)} is not a known text encoding`, 'write e.g. utf-8, windows-1252, iso-8859-15 or utf-16le');
}

function isKnownEncoding(name: string): boolean {
  try {
    new TextDecoder(name);
    return true;
  } catch {
    return false;
  }
}

/** import.profiles is read by `arledger import` (io/import.ts); check reports what that would refuse or miss. */
function checkImportProfiles(y: YamlReader): void {
  if (!y.map(['import'], '{ profiles: { erp: { ... } } }')) return;
  misspeltKeys(y, ['import'], ['profiles']);
  const profiles = y.map(['import', 'profiles'], '{ erp: { columns: { ... } } }');
  if (!profiles) return;
  const fields = [...new Set([...IMPORT_FIELDS.invoices, ...IMPORT_FIELDS.payments, ...CUSTOMER_IMPORT_FIELDS])];
  for (const name of Object.keys(profiles)) {
    const p = ['import', 'profiles', name];
    if (!y.map(p, '{ date_format: M/D/YYYY, columns: { ... } }')) continue;
    misspeltKeys(y, p, PROFILE_KEYS);
    checkProfileValues(y, p, `import profile ${name}`);
    y.int([...p, 'skip_rows'], 0, 0, MAX_SKIP_ROWS, 2);
    const currency = y.string([...p, 'currency'], '');
    if (currency !== '' && !isCurrency(currency)) y.fail([...p, 'currency'], `currency ${q(currency)} is not an ISO 4217 code`, 'write e.g. EUR');
    if (y.map([...p, 'columns'], '{ date: Date, amount: Amount }')) misspeltKeys(y, [...p, 'columns'], fields);
  }
}

/** The company's own accounts (bank_accounts of ledger.yaml), printed on documents; only valid ones are kept. */
function decodeBankAccounts(y: YamlReader): BankAccount[] {
  const out: BankAccount[] = [];
  y.list(['bank_accounts']).forEach((_, i) => {
    const p = ['bank_accounts', i];
    if (!y.map(p, '{ iban: GB33BUKB20201555555555, bic: BUKBGB22, bank: Barclays, currency: GBP }')) return;
    misspeltKeys(y, p, BANK_ACCOUNT_KEYS);
    let ok = true;
    const iban = normalizeAccount(y.string([...p, 'iban'], ''));
    const ibanBad = iban === '' ? '' : ibanProblem(iban);
    if (iban === '') y.fail(p, `bank_accounts.${i} has no iban`, 'add iban: …');
    if (ibanBad !== '') y.fail([...p, 'iban'], `bank_accounts.${i}.iban ${q(iban)} ${ibanBad}`, IBAN_HINT);
    if (iban === '' || ibanBad !== '') ok = false;
    const bic = normalizeAccount(y.line([...p, 'bic'], `bank_accounts.${i}.bic`));
    const bicBad = bic === '' ? '' : bicProblem(bic);
    if (bicBad !== '') {
      y.fail([...p, 'bic'], `bank_accounts.${i}.bic ${q(bic)} ${bicBad}`, BIC_HINT);
      ok = false;
    }
    const bank = y.line([...p, 'bank'], `bank_accounts.${i}.bank`);
    const currency = y.string([...p, 'currency'], '');
    if (currency !== '' && !isCurrency(currency)) {
      y.fail([...p, 'currency'], `currency ${q(currency)} is not an ISO 4217 code`, 'write e.g. EUR');
      ok = false;
    }
    if (ok) out.push({ iban, bic, bank, currency: currency === '' ? null : currency as Currency });
  });
  return out;
}

/** `named` puts the value into the message's subject: company.country "XX", country "XX" of ACME. */
function decodeCountry(y: YamlReader, path: YamlPath, named: (v: string) => string): string {
  const country = y.string(path, '');
  const problem = country === '' ? '' : countryProblem(country);
  if (problem === '') return country;
  y.fail(path, `${named(q(country))} ${problem}`, COUNTRY_HINT);
  return '';
}

function decodeVatId(y: YamlReader, path: YamlPath, what: string): string {
  const text = y.line(path, what);
  if (text === '') return '';
  const vatId = normalizeVatId(text);
  const { problem, hint } = vatIdProblem(vatId);
  if (problem === '') return vatId;
  y.fail(path, `${what} ${q(text)} ${problem}`, hint);
  return '';
}

const EINVOICE_KEYS = ['default_tax', 'zero_tax'];
const TAX_KEYS = ['category', 'rate', 'reason'];
const ZERO_TAX: TaxSetting = { category: 'Z', rate: '0', reason: '' };

/** einvoice: { default_tax: { category: S, rate: "19" }, zero_tax: { category: E, reason: … } } — see README. */
function decodeEinvoice(y: YamlReader): EinvoiceConfig {
  if (!y.map(['einvoice'], '{ default_tax: { category: S, rate: "19" } }')) return { defaultTax: null, zeroTax: ZERO_TAX };
  misspeltKeys(y, ['einvoice'], EINVOICE_KEYS);
  return {
    defaultTax: decodeTax(y, ['einvoice', 'default_tax'], ['S', 'Z', 'E']),
    zeroTax: decodeTax(y, ['einvoice', 'zero_tax'], ['Z', 'E']) ?? ZERO_TAX,
  };
}

function decodeTax(y: YamlReader, p: YamlPath, categories: readonly string[]): TaxSetting | null {
  const example = categories.includes('S') ? '{ category: S, rate: "19" }' : '{ category: E, reason: "Exempt under …" }';
  if (!y.map(p, example)) return null;
  misspeltKeys(y, p, TAX_KEYS);
  const name = y.name(p);
  const category = y.string([...p, 'category'], '');
  if (!categories.includes(category)) {
    y.fail([...p, 'category'], `${name}.category ${q(category)} is not ${categories.join(', ').replace(/, (\w+)$/, ' or $1')}`,
      'write S (standard rate, with rate), Z (zero rated) or E (exempt, with reason); reverse charge and export are found from the parties');
    return null;
  }
  const rate = y.string([...p, 'rate'], category === 'S' ? '' : '0');
  if (category === 'S' && !(/^\d{1,2}(\.\d{1,2})?$/.test(rate) && Number(rate) > 0)) {
    y.fail([...p, 'rate'], `${name}.rate ${q(rate)} is not a tax rate above 0`, 'write percent as a plain decimal, e.g. rate: "19"');
    return null;
  }
  if (category !== 'S' && !/^0+(\.0+)?$/.test(rate)) {
    y.fail([...p, 'rate'], `${name}.rate ${q(rate)} is not 0; category ${category} is taxed at 0 %`, 'leave rate out, or use category S for a rate above 0');
    return null;
  }
  const reason = y.line([...p, 'reason'], `${name}.reason`);
  if (category === 'E' && reason === '') {
    y.fail(p, `${name} is exempt (E) but gives no reason`, 'add reason: the legal basis, e.g. "Exempt under Art. 132 VAT Directive"');
    return null;
  }
  return { category: category as TaxSetting['category'], rate: category === 'S' ? rate : '0', reason: category === 'E' ? reason : '' };
}

// C1 controls and the characters that reorder text (bidi embeddings, overrides, isolates, marks).
const EMAIL_RE = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\]]+$/;
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u001f\u007f]/;

/** Normalises an IBAN or account number as banks print it (spaces, lower case) for comparison. */
export function normalizeAccount(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase();
}

export function decodeCustomers(input: YamlInput, base: Currency, issues: LedgerIssue[]): Map<string, Customer> {
  const y = new YamlReader(input, issues);
  const out = new Map<string, Customer>();
  const v = input.value;
  if (v === undefined || v === null || v === '') return out;
  if (!isObj(v)) {
    y.fail([], 'customers.yaml is not a map from customer id to customer', 'write ACME: { name: Acme Corporation, currency: EUR }');
    return out;
  }
  for (const id of Object.keys(v)) {
    const p = [id];
    const line = input.lineOf([id]) ?? 1;
    if (!ID_RE.test(id)) y.fail(p, `customer id ${q(id)} is not a valid id`, ID_HINT);
    if (!isObj(v[id])) {
      y.fail(p, `customer ${id} is not a map`, 'write the customer\'s name, currency, ... under its id');
      continue;
    }
    y.focus(id, v[id]);
    misspeltKeys(y, [id], CUSTOMER_KEYS);
    const name = y.string([id, 'name'], '');
    if (name === '') y.fail(p, `customer ${id} has no name`, 'add name: …');
    else if (CONTROL_RE.test(name)) y.fail([id, 'name'], `name of ${id} contains a control character (line break or tab): ${q(name)}`, 'write the name on one line');
    else y.visible([id, 'name'], `name of ${id}`, name);
    y.visible([id, 'address'], `address of ${id}`, y.string([id, 'address'], ''));
    const vatId = decodeVatId(y, [id, 'vat_id'], `vat_id of ${id}`);
    const buyerReference = y.line([id, 'buyer_reference'], `buyer_reference of ${id}`);
    const collector = y.line([id, 'collector'], `collector of ${id}`);
    const country = decodeCountry(y, [id, 'country'], (v) => `country ${v} of ${id}`);
    const einvoice = y.string([id, 'einvoice'], '');
    if (einvoice !== '' && einvoice !== 'ubl' && einvoice !== 'cii') y.fail([id, 'einvoice'], `einvoice ${q(einvoice)} of ${id} is not ubl or cii`, 'write ubl (UBL 2.1, e.g. Peppol) or cii (UN/CEFACT CII, e.g. ZUGFeRD/XRechnung)');
    const email = y.string([id, 'email'], '');
    if (email !== '' && (CONTROL_RE.test(email) || !EMAIL_RE.test(email))) {
      y.fail([id, 'email'], `email of ${id} ${q(email)} is not an e-mail address`, 'write one address such as ap@acme.example');
    }
    const ccyText = y.string([id, 'currency'], base);
    if (!isCurrency(ccyText)) y.fail([id, 'currency'], `currency ${q(ccyText)} of ${id} is not an ISO 4217 code`, 'write e.g. EUR');
    const currency = (isCurrency(ccyText) ? ccyText : base) as Currency;
    const terms = y.string([id, 'terms'], '');
    if (terms !== '' && !parseTerms(terms)) y.fail([id, 'terms'], `terms ${q(terms)} of ${id} are not payment terms`, TERMS_HINT);
    const limitText = y.string([id, 'credit_limit'], '');
    let creditLimit: Minor | null = null;
    if (limitText !== '') {
      const r = parseAmount(limitText, currency);
      if (r.ok) creditLimit = r.minor;
      else y.fail([id, 'credit_limit'], `credit_limit ${q(limitText)} of ${id} ${r.problem}`, `write e.g. "${exampleAmount(currency)}"`);
    }
    const aliases = y.stringList([id, 'aliases']);
    aliases.forEach((a, i) => {
      if (CONTROL_RE.test(a)) y.fail([id, 'aliases', i], `alias ${q(a)} of ${id} contains a control character`, 'write each alias on one line');
      else y.visible([id, 'aliases', i], `alias of ${id}`, a);
    });
    const customer: Customer = {
      id, name, email, currency, terms: terms === '' ? null : terms, creditLimit,
      address: y.string([id, 'address'], ''),
      bankAccounts: y.stringList([id, 'bank_accounts']).map(normalizeAccount),
      aliases,
      hold: y.bool([id, 'hold'], false),
      dunning: y.bool([id, 'dunning'], true),
      vatId, country, buyerReference,
      einvoice: einvoice === 'ubl' || einvoice === 'cii' ? einvoice : null,
      ...(collector !== '' ? { collector } : {}),
      src: { file: input.file, line },
    };
    // Kept even when invalid, so that its documents are not reported a second time as unknown.
    out.set(id, customer);
  }
  y.focus(undefined);
  return out;
}
