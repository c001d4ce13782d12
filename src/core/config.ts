// Decodes ledger.yaml and customers.yaml from plain values (every scalar a string) into typed configuration.
import { isLocalDate, type LocalDate } from './date.js';
import { issue, q, type LedgerIssue } from './issues.js';
import { ID_HINT, ID_RE } from './journals.js';
import { exampleAmount, isCurrency, parseAmount, parseDecimal, type Currency, type Minor } from './money.js';
import { parseTerms, TERMS_HINT } from './terms.js';
import {
  DEFAULT_DUNNING, DEFAULT_NUMBERING, type AmountPolicy, type BankProfile, type Customer, type DunningLevel,
  type LedgerConfig, type NumberedKind,
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

  get(path: YamlPath): unknown {
    let v: unknown = this.input.value;
    for (const k of path) {
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

  int(path: YamlPath, fallback: number, min = 0): number {
    const v = this.string(path, '');
    if (v === '') return fallback;
    if (!/^\d{1,6}$/.test(v) || Number(v) < min) {
      this.fail(path, `${this.name(path)} ${q(v)} is not a whole number${min > 0 ? ` of at least ${min}` : ''}`, `write e.g. ${Math.max(min, 14)}`);
      return fallback;
    }
    return Number(v);
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
      if (!parseDecimal(v)) {
        this.fail(path, `${this.name(path)} ${q(v)} is not an amount`, 'write a decimal such as "10.00", or a map by currency { EUR: "10.00", JPY: "1500" }');
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
 * Reports a key that is not known but is one or two typing mistakes away from one that is (`lockdate`, `emial`),
 * since the setting it was meant for would otherwise be silently missing. Other unknown keys are left alone:
 * they may be read by a newer arledger or by a tool of the user's own.
 */
function misspeltKeys(y: YamlReader, path: YamlPath, known: readonly string[]): void {
  const v = y.get(path);
  if (!isObj(v)) return;
  for (const key of Object.keys(v)) {
    if (known.includes(key)) continue;
    const near = known.find((k) => k.length >= 4 && editDistance(key.toLowerCase().replace(/-/g, '_'), k) <= (k.length >= 6 ? 2 : 1));
    if (near) y.fail([...path, key], `${[...path, key].map(String).join('.')} is not a setting; did you mean ${near}?`, `rename it to ${near}`);
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

const CONFIG_KEYS = ['version', 'company', 'currency', 'numbering', 'terms', 'aging', 'lock_date', 'future_days', 'dunning', 'bank', 'bank_accounts', 'payment_reference', 'import'];
const CUSTOMER_KEYS = ['name', 'email', 'currency', 'terms', 'credit_limit', 'address', 'bank_accounts', 'aliases', 'hold', 'dunning'];

const NUMBERED: readonly NumberedKind[] = ['invoice', 'payment', 'credit-note', 'debit-note', 'write-off', 'refund'];
const PATTERN_RE = /^(?:[A-Za-z0-9._-]|\{yyyy\}|\{yy\}|\{mm\}|\{seq(?::\d)?\})+$/;

export function decodeConfig(input: YamlInput, issues: LedgerIssue[]): LedgerConfig {
  const y = new YamlReader(input, issues);
  if (!isObj(input.value)) {
    y.fail([], 'ledger.yaml is not a map of settings', 'start from the file `arledger init` writes');
  }
  misspeltKeys(y, [], CONFIG_KEYS);
  misspeltKeys(y, ['aging'], ['basis', 'buckets']);
  const version = y.string(['version'], '1');
  if (version !== '1') y.fail(['version'], `version ${q(version)} is not supported`, 'this arledger reads version: 1');

  const currencyText = y.string(['currency'], '');
  if (currencyText === '') y.fail(['currency'], 'currency (the base currency) is missing', 'add e.g. currency: EUR');
  else if (!isCurrency(currencyText)) y.fail(['currency'], `currency ${q(currencyText)} is not an ISO 4217 code`, 'write e.g. EUR');
  const currency = (isCurrency(currencyText) ? currencyText : 'EUR') as Currency;

  const numbering = { ...DEFAULT_NUMBERING };
  const numberingValue = y.get(['numbering']);
  if (isObj(numberingValue)) {
    for (const [k, v] of Object.entries(numberingValue)) {
      if (!(NUMBERED as string[]).includes(k)) {
        y.fail(['numbering', k], `numbering ${q(k)} is not a document kind`, `use ${NUMBERED.join(', ')}`);
        continue;
      }
      const p = y.string(['numbering', k], '');
      if (!PATTERN_RE.test(p) || !p.includes('{seq')) {
        y.fail(['numbering', k], `numbering.${k} ${q(p)} is not an id pattern with a counter`, 'write e.g. "INV-{yyyy}-{seq:5}"');
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
  if (bucketList.length > 0) {
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
  const futureDays = y.int(['future_days'], 0);

  const paymentReference = y.string(['payment_reference'], 'id');
  if (paymentReference !== 'id' && paymentReference !== 'rf') {
    y.fail(['payment_reference'], `payment_reference ${q(paymentReference)} is not rf or id`, 'write rf (ISO 11649 creditor reference made from the invoice id) or id (the invoice id itself)');
  }

  const dunning = decodeDunning(y);
  const profiles = decodeProfiles(y);

  // The company's name and e-mail go into mail headers (From:), where a line break would let data add headers.
  const companyName = y.string(['company', 'name'], '');
  if (CONTROL_RE.test(companyName)) {
    y.fail(['company', 'name'], `company.name contains a control character (line break or tab): ${q(companyName)}`, 'write the name on one line');
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
    },
    currency,
    numbering,
    terms: parseTerms(terms) ? terms : 'net30',
    aging: { basis: basis === 'invoice' ? 'invoice' : 'due', buckets },
    lockDate,
    futureDays,
    paymentReference: paymentReference === 'rf' ? 'rf' : 'id',
    dunning,
    bank: { profiles },
  };
}

function decodeDunning(y: YamlReader): LedgerConfig['dunning'] {
  if (y.get(['dunning']) === undefined) return DEFAULT_DUNNING;
  const minIntervalDays = y.int(['dunning', 'min_interval_days'], DEFAULT_DUNNING.minIntervalDays);
  const minAmount = y.get(['dunning', 'min_amount']) === undefined ? DEFAULT_DUNNING.minAmount : y.amountPolicy(['dunning', 'min_amount']);
  const dunFees = y.bool(['dunning', 'dun_fees'], false);
  const rawLevels = y.list(['dunning', 'levels']);
  if (rawLevels.length === 0) return { ...DEFAULT_DUNNING, minIntervalDays, minAmount, dunFees };
  const levels: DunningLevel[] = [];
  rawLevels.forEach((_, i) => {
    const p = ['dunning', 'levels', i];
    const level = y.int([...p, 'level'], i + 1, 1);
    const afterDays = y.int([...p, 'after_days'], 0, 0);
    const template = y.string([...p, 'template'], `level-${level}`);
    const fee = y.amountPolicy([...p, 'fee']);
    const interest = y.string([...p, 'interest'], '');
    if (interest !== '' && !parseDecimal(interest)) {
      y.fail([...p, 'interest'], `interest ${q(interest)} is not a percentage`, 'write percent a year, e.g. "8"');
    }
    const prev = levels[levels.length - 1];
    if (prev && (level <= prev.level || afterDays <= prev.afterDays)) {
      y.fail(p, `dunning level ${level} (after ${afterDays} days) does not rise above level ${prev.level} (after ${prev.afterDays} days)`,
        'list levels in rising order of level and after_days');
    }
    levels.push({ level, afterDays, template, fee, interest: interest !== '' && parseDecimal(interest) ? interest : null });
  });
  return { minIntervalDays, minAmount, levels, dunFees };
}

function decodeProfiles(y: YamlReader): Record<string, BankProfile> {
  const out: Record<string, BankProfile> = {};
  const v = y.get(['bank', 'profiles']);
  if (v === undefined || v === null || v === '') return out;
  if (!isObj(v)) {
    y.fail(['bank', 'profiles'], 'bank.profiles is not a map of profiles', 'write bank: { profiles: { mybank: { ... } } }');
    return out;
  }
  for (const name of Object.keys(v)) {
    const p = ['bank', 'profiles', name];
    const columns: Record<string, string> = {};
    const cols = y.get([...p, 'columns']);
    if (isObj(cols)) for (const k of Object.keys(cols)) columns[k] = y.string([...p, 'columns', k], '');
    else y.fail([...p, 'columns'], `bank profile ${name} has no columns map`, 'map date, amount, payer, iban, reference and id to header names');
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
      skipRows: y.int([...p, 'skip_rows'], 0),
      columns,
    };
  }
  return out;
}

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
    misspeltKeys(y, [id], CUSTOMER_KEYS);
    const name = y.string([id, 'name'], '');
    if (name === '') y.fail(p, `customer ${id} has no name`, 'add name: …');
    else if (CONTROL_RE.test(name)) y.fail([id, 'name'], `name of ${id} contains a control character (line break or tab): ${q(name)}`, 'write the name on one line');
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
    });
    const customer: Customer = {
      id, name, email, currency, terms: terms === '' ? null : terms, creditLimit,
      address: y.string([id, 'address'], ''),
      bankAccounts: y.stringList([id, 'bank_accounts']).map(normalizeAccount),
      aliases,
      hold: y.bool([id, 'hold'], false),
      dunning: y.bool([id, 'dunning'], true),
      src: { file: input.file, line },
    };
    // Kept even when invalid, so that its documents are not reported a second time as unknown.
    out.set(id, customer);
  }
  return out;
}
