// A new customer for customers.yaml, validated as the loader would read it back; and a customer's standing at a date.
import { normalizeAccount } from '../config.js';
import type { LocalDate } from '../date.js';
import { q, RefusedError, UsageError } from '../issues.js';
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
  const existing = ledger.customers.get(req.id);
  if (existing) {
    throw new RefusedError(`customer ${req.id} already exists (${existing.src.file}:${existing.src.line}) — choose another id; customers are changed by editing customers.yaml`);
  }
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
