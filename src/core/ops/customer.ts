// A new customer for customers.yaml, validated as the loader would read it back; and a customer's standing at a date.
import { normalizeAccount } from '../config.js';
import type { LocalDate } from '../date.js';
import { issue, q, RefusedError, UsageError, type LedgerIssue } from '../issues.js';
import { ID_HINT, ID_RE } from '../journals.js';
import type { Ledger } from '../ledger.js';
import { countryProblem, COUNTRY_HINT, normalizeVatId, vatIdProblem } from '../master-data.js';
import { exampleAmount, formatMinor, isCurrency, parseAmount, type Currency, type Minor } from '../money.js';
import { appliedAt } from '../reports/balances.js';
import { parseTerms, TERMS_HINT } from '../terms.js';
import { isDebit, type Customer } from '../types.js';

export interface CustomerRequest {
  readonly id: string;
  readonly name: string;
  readonly email: string | null;
  readonly currency: string | null;
  readonly terms: string | null;
  readonly creditLimit: string | null;
  readonly address: string | null;
  readonly aliases: readonly string[];
  readonly bankAccounts: readonly string[];
  readonly hold: boolean;
  readonly dunning: boolean;
  readonly vatId?: string | null;
  readonly country?: string | null;
  readonly buyerReference?: string | null;
  readonly einvoice?: string | null;
}

/**
 * The customers.yaml entry, keys in SPEC §1.4 order; optional keys are left out rather than written empty.
 * Every value is text except the two flags, which YAML writes as plain `true`/`false`.
 */
export type CustomerEntry = Readonly<Record<string, string | boolean | readonly string[]>>;

// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_NEWLINE_RE = /[\u0000-\u0009\u000b-\u001f\u007f]/;
const EMAIL_RE = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\]]+$/;
// An IBAN, or a domestic account number as some banks print the payer's (letters and digits only).
const ACCOUNT_RE = /^[A-Z0-9]{5,34}$/;

function oneLine(option: string, value: string): string {
  if (CONTROL_RE.test(value)) throw new UsageError(`${option} ${q(value)} contains a line break or control character — write it on one line`);
  if (value.trim() !== value) throw new UsageError(`${option} ${q(value)} has spaces around it — write it without them`);
  return value;
}

/** Validates a request against the ledger and returns the entry to append; nothing about it is left to the loader. */
export function planCustomer(ledger: Ledger, req: CustomerRequest): CustomerEntry {
  const entry = customerEntry(ledger, req);
  const existing = ledger.customers.get(req.id);
  if (existing) {
    throw new RefusedError(`customer ${req.id} already exists (${existing.src.file}:${existing.src.line}) — choose another id, or change it with \`arledger customer set ${req.id}\``);
  }
  return entry;
}

/** The entry a request describes, every value validated; malformed values are usage errors. */
function customerEntry(ledger: Ledger, req: CustomerRequest): CustomerEntry {
  if (!ID_RE.test(req.id)) throw new UsageError(`customer id ${q(req.id)} is not a valid id — ${ID_HINT}`);
  const name = oneLine('--name', req.name);
  if (name === '') throw new UsageError('--name is empty — give the customer\'s name, e.g. --name "Acme Corporation"');
  const entry: Record<string, string | boolean | readonly string[]> = { name };
  if (req.email !== null) {
    const email = oneLine('--email', req.email);
    if (!EMAIL_RE.test(email)) throw new UsageError(`--email ${q(email)} is not an e-mail address — write one address such as ap@acme.example`);
    entry['email'] = email;
  }
  const currency = (req.currency ?? ledger.config.currency) as Currency;
  if (!isCurrency(currency)) throw new UsageError(`--currency ${q(currency)} is not an ISO 4217 code — write an upper-case code such as EUR, USD or JPY`);
  entry['currency'] = currency;
  if (req.terms !== null) {
    if (!parseTerms(req.terms)) throw new UsageError(`--terms ${q(req.terms)} are not payment terms — ${TERMS_HINT}`);
    entry['terms'] = req.terms;
  }
  if (req.creditLimit !== null) {
    const r = parseAmount(req.creditLimit, currency);
    if (!r.ok) throw new UsageError(`--credit-limit ${q(req.creditLimit)} ${r.problem} — write a plain decimal in ${currency} such as ${exampleAmount(currency)}`);
    // Written with exactly the currency's minor digits, as every amount in the ledger is.
    entry['credit_limit'] = formatMinor(r.minor, currency);
  }
  if (req.address !== null) {
    if (CONTROL_BUT_NEWLINE_RE.test(req.address)) {
      throw new UsageError(`--address ${q(req.address)} contains a control character — only line breaks may separate its lines`);
    }
    if (req.address !== '') entry['address'] = req.address;
  }
  if (req.bankAccounts.length > 0) {
    entry['bank_accounts'] = req.bankAccounts.map((a) => {
      const n = normalizeAccount(a);
      if (CONTROL_RE.test(a) || !ACCOUNT_RE.test(n)) {
        throw new UsageError(`--bank-account ${q(a)} is not an IBAN or account number — write e.g. GB33BUKB20201555555555 (spaces are ignored)`);
      }
      return n;
    });
  }
  if (req.aliases.length > 0) {
    entry['aliases'] = req.aliases.map((a) => {
      oneLine('--alias', a);
      if (a === '') throw new UsageError('--alias is empty — give a payer name as banks write it');
      return a;
    });
  }
  if (req.hold) entry['hold'] = true;
  if (req.vatId != null && req.vatId !== '') {
    const vatId = normalizeVatId(oneLine('--vat-id', req.vatId));
    const { problem, hint } = vatIdProblem(vatId);
    if (problem !== '') throw new UsageError(`--vat-id ${q(req.vatId)} ${problem} — ${hint}`);
    entry['vat_id'] = vatId;
  }
  if (req.country != null && req.country !== '') {
    const problem = countryProblem(req.country);
    if (problem !== '') throw new UsageError(`--country ${q(req.country)} ${problem} — ${COUNTRY_HINT}`);
    entry['country'] = req.country;
  }
  if (req.buyerReference != null && req.buyerReference !== '') entry['buyer_reference'] = oneLine('--buyer-reference', req.buyerReference);
  if (req.einvoice != null && req.einvoice !== '') {
    if (req.einvoice !== 'ubl' && req.einvoice !== 'cii') throw new UsageError(`--einvoice ${q(req.einvoice)} is not ubl or cii — write ubl (UBL 2.1) or cii (UN/CEFACT CII)`);
    entry['einvoice'] = req.einvoice;
  }
  if (!req.dunning) entry['dunning'] = false;
  return entry;
}

export interface CustomerStanding {
  readonly asOf: LocalDate;
  /** Σ open of its debit documents dated ≤ asOf. */
  readonly open: Minor;
  /** Σ unapplied of its credit documents dated ≤ asOf. */
  readonly unapplied: Minor;
  readonly balance: Minor;
  readonly documents: number;
}

/** A customer's open, unapplied and balance at a date (SPEC §2). */
export function customerStanding(ledger: Ledger, customer: Customer, asOf: LocalDate): CustomerStanding {
  const applied = appliedAt(ledger, asOf);
  let open = 0;
  let unapplied = 0;
  let documents = 0;
  for (const d of ledger.documents) {
    if (d.customer !== customer.id || d.date > asOf) continue;
    documents++;
    const left = d.amount - applied[d.seq]!;
    if (isDebit(d)) open += left;
    else unapplied += left;
  }
  return { asOf, open: open as Minor, unapplied: unapplied as Minor, balance: (open - unapplied) as Minor, documents };
}

/** A field's new value in customers.yaml: text, a flag, a list, or null to remove the key. */
export type FieldValue = string | boolean | readonly string[] | null;

export interface FieldChange {
  readonly key: string;
  readonly value: FieldValue;
}

export interface CustomerChangeRequest {
  readonly id: string;
  readonly name?: string | undefined;
  readonly email?: string | undefined;
  readonly currency?: string | undefined;
  readonly terms?: string | undefined;
  readonly creditLimit?: string | undefined;
  readonly address?: string | undefined;
  readonly vatId?: string | undefined;
  readonly country?: string | undefined;
  readonly buyerReference?: string | undefined;
  readonly einvoice?: string | undefined;
  readonly collector?: string | undefined;
  readonly addAliases?: readonly string[] | undefined;
  readonly removeAliases?: readonly string[] | undefined;
  readonly addBankAccounts?: readonly string[] | undefined;
  readonly removeBankAccounts?: readonly string[] | undefined;
  readonly hold?: boolean | undefined;
  readonly dunning?: boolean | undefined;
  readonly unset?: readonly string[] | undefined;
}

export interface CustomerChange {
  readonly customer: Customer;
  /** Only the fields whose value changes, in the order the options name them. */
  readonly changes: readonly FieldChange[];
  /** The new hold status, when it changes. */
  readonly hold: boolean | null;
}

/** Keys `--unset` removes; name and currency every customer has. */
export const UNSETTABLE = ['email', 'terms', 'credit_limit', 'address', 'aliases', 'bank_accounts', 'hold', 'dunning', 'vat_id',
  'country', 'buyer_reference', 'einvoice', 'collector'] as const;

const OPTION_OF: Readonly<Record<string, string>> = {
  name: '--name', email: '--email', currency: '--currency', terms: '--terms', credit_limit: '--credit-limit', address: '--address',
  vat_id: '--vat-id', country: '--country', buyer_reference: '--buyer-reference', einvoice: '--einvoice', collector: '--collector',
  aliases: '--alias', bank_accounts: '--bank-account', hold: '--hold', dunning: '--dunning',
};

/**
 * The changes `customer set` makes to a customer, each new value validated as `customer add` validates it (a
 * malformed value is a usage error); refused when the change would break the ledger: a currency change while the
 * customer has documents in the old one.
 */
export function planCustomerChange(ledger: Ledger, req: CustomerChangeRequest): CustomerChange {
  const cust = ledger.customers.get(req.id);
  if (!cust) {
    const ids = [...ledger.customers.keys()].sort();
    throw new RefusedError(`customer ${q(req.id)} does not exist — ${ids.length === 0 ? 'there are no customers yet; add one with `arledger customer add`' : `customers: ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', …' : ''}`}`);
  }
  const unset = new Set(req.unset ?? []);
  for (const key of unset) {
    if (key === 'name' || key === 'currency') throw new UsageError(`--unset ${key}: every customer has a ${key} — change it with ${OPTION_OF[key]} instead`);
    if (!(UNSETTABLE as readonly string[]).includes(key)) throw new UsageError(`--unset ${q(key)} is not a customer field that can be removed — write one of ${UNSETTABLE.join(', ')}`);
  }
  const given = (key: string, value: unknown): boolean => {
    if (value === undefined) return false;
    if (unset.has(key)) throw new UsageError(`${OPTION_OF[key]} and --unset ${key} contradict each other — give one of them`);
    return true;
  };
  const currency = given('currency', req.currency) ? req.currency! : cust.currency;
  // Validated exactly as `customer add` validates them; only the given keys are taken from the entry.
  const entry = customerEntry(ledger, {
    id: cust.id, name: req.name ?? cust.name, email: req.email ?? null, currency, terms: req.terms ?? null,
    creditLimit: req.creditLimit ?? null, address: req.address ?? null, aliases: req.addAliases ?? [],
    bankAccounts: req.addBankAccounts ?? [], hold: false, dunning: true, vatId: req.vatId ?? null,
    country: req.country ?? null, buyerReference: req.buyerReference ?? null, einvoice: req.einvoice ?? null,
  });
  const changes: FieldChange[] = [];
  const text = (key: string, value: string | undefined, now: string | null | undefined): void => {
    if (!given(key, value)) return;
    const v = entry[key];
    if (v === undefined) {
      // Only an empty --address gets here: it means no address.
      if (now) changes.push({ key, value: null });
      return;
    }
    if (v !== now) changes.push({ key, value: v as string });
  };
  text('name', req.name, cust.name);
  text('email', req.email, cust.email);
  if (given('currency', req.currency) && currency !== cust.currency) {
    const docs = ledger.documents.filter((d) => d.customer === cust.id);
    if (docs.length > 0) {
      const d = docs[0]!;
      throw new RefusedError(`customer ${cust.id} has ${docs.length} document${docs.length === 1 ? '' : 's'} in ${cust.currency} (first ${d.id} at ${d.src.file}:${d.src.line}); changing its currency to ${currency} would make them disagree with it — keep ${cust.currency}, or add a new customer for ${currency}`);
    }
    changes.push({ key: 'currency', value: currency });
  }
  text('terms', req.terms, cust.terms);
  text('credit_limit', req.creditLimit, cust.creditLimit === null ? null : formatMinor(cust.creditLimit, cust.currency));
  text('address', req.address, cust.address);
  text('vat_id', req.vatId, cust.vatId ?? '');
  text('country', req.country, cust.country ?? '');
  text('buyer_reference', req.buyerReference, cust.buyerReference ?? '');
  text('einvoice', req.einvoice, cust.einvoice ?? '');
  if (given('collector', req.collector)) {
    const name = oneLine('--collector', req.collector!);
    if (name === '') throw new UsageError('--collector is empty — give the name of who collects from this customer, or --unset collector');
    changes.push({ key: 'collector', value: name });
  }
  const list = (key: 'aliases' | 'bank_accounts', now: readonly string[], add: readonly string[], remove: readonly string[] | undefined): void => {
    const added = (entry[key] as readonly string[] | undefined) ?? [];
    const norm = key === 'bank_accounts' ? normalizeAccount : (s: string): string => s;
    if (added.length === 0 && (remove ?? []).length === 0) return;
    given(key, add.length > 0 ? add : remove);
    for (const r of remove ?? []) {
      if (!now.includes(norm(r))) {
        throw new UsageError(`${OPTION_OF[key]} ${q(r)} is not one of ${cust.id}'s ${key === 'aliases' ? 'aliases' : 'bank accounts'} — ${now.length === 0 ? 'it has none' : `it has ${now.map((a) => q(a)).join(', ')}`}`);
      }
    }
    const removed = new Set((remove ?? []).map(norm));
    const next = [...now.filter((a) => !removed.has(a)), ...added.filter((a) => !now.includes(a))];
    if (next.length !== now.length || next.some((a, i) => a !== now[i])) changes.push({ key, value: next.length === 0 ? null : next });
  };
  list('aliases', cust.aliases, req.addAliases ?? [], req.removeAliases);
  list('bank_accounts', cust.bankAccounts, req.addBankAccounts ?? [], req.removeBankAccounts);
  let hold: boolean | null = null;
  if (given('hold', req.hold) && req.hold !== cust.hold) {
    changes.push({ key: 'hold', value: req.hold! });
    hold = req.hold!;
  }
  if (given('dunning', req.dunning) && req.dunning !== cust.dunning) changes.push({ key: 'dunning', value: req.dunning! });
  for (const key of UNSETTABLE) {
    if (!unset.has(key)) continue;
    changes.push({ key, value: null });
    if (key === 'hold' && cust.hold) hold = false;
  }
  return { customer: cust, changes, hold };
}

export interface CustomerImportPlan {
  readonly added: readonly { readonly id: string; readonly entry: CustomerEntry; readonly line: number }[];
  readonly updates: readonly (CustomerChange & { readonly line: number })[];
  /** Rows whose customer is already in customers.yaml with the same data. */
  readonly skipped: number;
  readonly issues: readonly LedgerIssue[];
}

const TRUE_WORDS = ['true', 'yes', 'y', '1'];
const FALSE_WORDS = ['false', 'no', 'n', '0'];

/** A usage message about an option, told about the input column instead: `--credit-limit "x" …` → `credit_limit "x" …`. */
function asIssue(file: string, line: number, e: Error): LedgerIssue {
  const text = e.message.replace(/^--([a-z-]+)/, (_m, o: string) => o.replace(/-/g, '_'));
  const cut = text.indexOf(' — ');
  return cut < 0 ? issue(file, line, text) : issue(file, line, text.slice(0, cut), text.slice(cut + 3));
}

/**
 * `customer import`: each row a customer. A new one is validated as `customer add` would; one already in
 * customers.yaml with the same values in every non-empty cell is skipped and counted; one with other values is
 * refused at its line naming the fields, unless `update`, which applies them as `customer set` would. Lists
 * (aliases, bank_accounts) are cells of items separated by ";". All rows are checked before anything is planned.
 */
export function planCustomerImport(ledger: Ledger, file: string, records: readonly { line: number; fields: Readonly<Record<string, string>> }[], update: boolean): CustomerImportPlan {
  const added: { id: string; entry: CustomerEntry; line: number }[] = [];
  const updates: (CustomerChange & { line: number })[] = [];
  const issues: LedgerIssue[] = [];
  const seen = new Map<string, number>();
  let skipped = 0;
  for (const rec of records) {
    const get = (k: string): string => (rec.fields[k] ?? '').trim();
    const given = (k: string): string | undefined => (get(k) === '' ? undefined : get(k));
    const list = (k: string): string[] | undefined => (given(k) === undefined ? undefined : get(k).split(';').map((s) => s.trim()).filter((s) => s !== ''));
    const problems: LedgerIssue[] = [];
    const flag = (k: string): boolean | undefined => {
      const v = get(k).toLowerCase();
      if (v === '') return undefined;
      if (TRUE_WORDS.includes(v)) return true;
      if (FALSE_WORDS.includes(v)) return false;
      problems.push(issue(file, rec.line, `${k} ${q(get(k))} is not true or false`, 'write true or false (yes/no), or leave the cell empty'));
      return undefined;
    };
    const id = get('id');
    if (!ID_RE.test(id)) {
      issues.push(issue(file, rec.line, `id ${q(id)} is not a valid customer id`, ID_HINT));
      continue;
    }
    const prev = seen.get(id);
    if (prev !== undefined) {
      issues.push(issue(file, rec.line, `customer ${id} is already at line ${prev} of this file`, 'keep one row per customer'));
      continue;
    }
    seen.set(id, rec.line);
    const hold = flag('hold');
    const dunning = flag('dunning');
    if (problems.length > 0) {
      issues.push(...problems);
      continue;
    }
    const existing = ledger.customers.get(id);
    try {
      if (!existing) {
        const entry: Record<string, string | boolean | readonly string[]> = { ...customerEntry(ledger, {
          id, name: get('name'), email: given('email') ?? null, currency: given('currency') ?? null, terms: given('terms') ?? null,
          creditLimit: given('credit_limit') ?? null, address: given('address') ?? null, aliases: list('aliases') ?? [],
          bankAccounts: list('bank_accounts') ?? [], hold: hold ?? false, dunning: dunning ?? true, vatId: given('vat_id') ?? null,
          country: given('country') ?? null, buyerReference: given('buyer_reference') ?? null, einvoice: given('einvoice') ?? null,
        }) };
        const collector = given('collector');
        if (collector !== undefined) entry['collector'] = oneLine('--collector', collector);
        added.push({ id, entry, line: rec.line });
        continue;
      }
      const aliases = list('aliases');
      const accounts = list('bank_accounts')?.map(normalizeAccount);
      const change = planCustomerChange(ledger, {
        id, name: given('name'), email: given('email'), currency: given('currency'), terms: given('terms'),
        creditLimit: given('credit_limit'), address: given('address'), vatId: given('vat_id'), country: given('country'),
        buyerReference: given('buyer_reference'), einvoice: given('einvoice'), hold, dunning,
        addAliases: aliases?.filter((a) => !existing.aliases.includes(a)),
        removeAliases: aliases === undefined ? undefined : existing.aliases.filter((a) => !aliases.includes(a)),
        addBankAccounts: accounts?.filter((a) => !existing.bankAccounts.includes(a)),
        removeBankAccounts: accounts === undefined ? undefined : existing.bankAccounts.filter((a) => !accounts.includes(a)),
      });
      // The collector is not kept on the customer model, so it is only ever set, never compared.
      const changes = change.changes.filter((c) => c.key !== 'collector');
      if (changes.length === 0) {
        skipped++;
        continue;
      }
      if (!update) {
        const first = changes[0]!;
        const now = (existing as unknown as Record<string, unknown>)[{ credit_limit: 'creditLimit', vat_id: 'vatId', buyer_reference: 'buyerReference', bank_accounts: 'bankAccounts' }[first.key] ?? first.key];
        const shown = (v: unknown): string => (v === null || v === undefined ? '(none)' : Array.isArray(v) ? v.join('; ') : typeof v === 'number' && first.key === 'credit_limit' ? formatMinor(v, existing.currency) : String(v));
        issues.push(issue(file, rec.line,
          `customer ${id} is already in customers.yaml (line ${existing.src.line}) with other data: ${changes.map((c) => c.key).join(', ')} (${first.key}: file ${q(shown(first.value))}, customers.yaml ${q(shown(now))})`,
          'make the row agree with customers.yaml, leave it out, or add --update to apply the file\'s values as `customer set` would'));
        continue;
      }
      updates.push({ ...change, changes, line: rec.line });
    } catch (e) {
      if (e instanceof UsageError || e instanceof RefusedError) issues.push(asIssue(file, rec.line, e));
      else throw e;
    }
  }
  return { added, updates, skipped, issues };
}
