// Plans an import of open items or payments from another system's CSV export: foreign rows in, new ledger rows out.
//
// Every row is checked against the ledger before anything is written, and every problem is reported at the line
// of the input file, so a bad export is fixed where it came from. A payment may name the invoice it settles; it is
// then applied to it up to the invoice's open amount, and any excess stays unapplied.
import { isLocalDate, maxDate, type LocalDate } from '../date.js';
import { issue, q, type LedgerIssue } from '../issues.js';
import { ID_HINT, ID_RE, JOURNALS } from '../journals.js';
import type { Ledger } from '../ledger.js';
import { exampleAmount, formatMinor, isCurrency, parseAmount, type Currency, type Minor } from '../money.js';
import { applicationRow, documentRow, type NewRow } from '../rows.js';
import { dueDate, parseTerms, TERMS_HINT } from '../terms.js';
import { isDebit } from '../types.js';
import { takeDiscount } from './discount.js';
import { nextId } from './numbering.js';

export type ImportKind = 'invoices' | 'payments';

/** The fields a profile may map, per kind; the first ones are required (payments need customer or invoice). */
export const IMPORT_FIELDS: Readonly<Record<ImportKind, readonly string[]>> = {
  invoices: ['id', 'kind', 'date', 'due', 'customer', 'currency', 'amount', 'terms', 'reference', 'memo'],
  payments: ['id', 'date', 'customer', 'currency', 'amount', 'method', 'reference', 'bank_ref', 'memo', 'invoice'],
};

/** The fields `customer import` maps (README "Customer upkeep"); id and name are required. */
export const CUSTOMER_IMPORT_FIELDS: readonly string[] = ['id', 'name', 'email', 'currency', 'terms', 'credit_limit', 'address',
  'vat_id', 'country', 'buyer_reference', 'einvoice', 'collector', 'aliases', 'bank_accounts', 'hold', 'dunning'];

export interface ImportFormat {
  /** The input file as the user named it, for FILE:LINE. */
  readonly file: string;
  /** `.` or `,`. */
  readonly decimal: string;
  /** Thousands separator to drop, or ''. */
  readonly thousands: string;
  /** Tokens YYYY, YY, MM, M, DD, D between literal characters, e.g. `M/D/YYYY`, `DD.MM.YYYY`. */
  readonly dateFormat: string;
  /** Currency of rows without a currency column; else the customer's. */
  readonly currency: string | null;
}

/** One input record: its line in the input file and its cells by field name (absent when not mapped). */
export interface ImportRecord {
  readonly line: number;
  readonly fields: Readonly<Record<string, string>>;
}

export interface ImportPlan {
  readonly rows: readonly NewRow[];
  /** The input line each row comes from, parallel to `rows`. */
  readonly origins: readonly number[];
  readonly issues: readonly LedgerIssue[];
  readonly documents: number;
  /** Rows already in the ledger from an earlier import (same id and content, or same fingerprint): not written. */
  readonly skipped: number;
  readonly applications: number;
  /** Per currency, the amount of imported payments left unapplied. */
  readonly unapplied: ReadonlyMap<string, Minor>;
  /** For stderr: the early-payment discounts imported payments took. */
  readonly notes?: readonly string[];
}

/** A regular expression and the order of its groups for a date format, or null when the format has no Y, M and D. */
export function dateParser(format: string): ((text: string) => LocalDate | null) | null {
  const parts: ('y' | 'yy' | 'm' | 'd')[] = [];
  let re = '';
  for (let i = 0; i < format.length;) {
    const rest = format.slice(i);
    const tok = /^(YYYY|YY|MM|M|DD|D)/.exec(rest)?.[1];
    if (tok) {
      re += { YYYY: '(\\d{4})', YY: '(\\d{2})', MM: '(\\d{2})', M: '(\\d{1,2})', DD: '(\\d{2})', D: '(\\d{1,2})' }[tok];
      parts.push(tok === 'YYYY' ? 'y' : tok === 'YY' ? 'yy' : tok.startsWith('M') ? 'm' : 'd');
      i += tok.length;
    } else {
      re += format[i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    }
  }
  if (!(parts.includes('y') || parts.includes('yy')) || !parts.includes('m') || !parts.includes('d')) return null;
  const matcher = new RegExp(`^${re}$`);
  return (text) => {
    const m = matcher.exec(text.trim());
    if (!m) return null;
    let y = '';
    let mo = '';
    let d = '';
    parts.forEach((p, k) => {
      const v = m[k + 1]!;
      if (p === 'y') y = v;
      else if (p === 'yy') y = `20${v}`;
      else if (p === 'm') mo = v.padStart(2, '0');
      else d = v.padStart(2, '0');
    });
    const date = `${y}-${mo}-${d}`;
    return isLocalDate(date) ? date : null;
  };
}

/** An amount in the export's notation as ledger minor units, or why it is not one. */
export function foreignAmount(text: string, fmt: ImportFormat, currency: string): { ok: true; minor: Minor } | { ok: false; problem: string } {
  const t = text.trim();
  const [whole = '', frac, ...more] = t.split(fmt.decimal);
  const notation = `a number in the profile's notation (decimal mark ${q(fmt.decimal)}${fmt.thousands ? `, thousands ${q(fmt.thousands)}` : ''})`;
  if (more.length > 0) return { ok: false, problem: `is not ${notation}` };
  let digits = whole;
  // Separators are dropped only where they group thousands, so that 10.00 is never read as 1000 by mistake.
  if (fmt.thousands !== '' && whole.includes(fmt.thousands)) {
    const groups = whole.split(fmt.thousands);
    if (!/^\d{1,3}$/.test(groups[0]!) || groups.slice(1).some((g) => !/^\d{3}$/.test(g))) return { ok: false, problem: `is not ${notation}` };
    digits = groups.join('');
  }
  if (fmt.decimal !== '.' && (digits.includes('.') || (frac ?? '').includes('.'))) {
    return { ok: false, problem: `uses "." but the profile's decimal mark is ${q(fmt.decimal)}` };
  }
  const r = parseAmount(frac === undefined ? digits : `${digits}.${frac}`, currency);
  if (!r.ok) return r;
  if (r.minor === 0) return { ok: false, problem: 'is zero' };
  return r;
}

/** `latest`: the last date a row may carry (today + future_days), or null with --allow-future. */
export function planImport(ledger: Ledger, kind: ImportKind, fmt: ImportFormat, records: readonly ImportRecord[], latest: LocalDate | null = null): ImportPlan {
  const parseDate = dateParser(fmt.dateFormat);
  const issues: LedgerIssue[] = [];
  if (!parseDate) {
    return { rows: [], origins: [], issues: [issue(fmt.file, undefined, `date_format ${q(fmt.dateFormat)} has no YYYY, MM and DD`, 'write e.g. M/D/YYYY or DD.MM.YYYY')], documents: 0, skipped: 0, applications: 0, unapplied: new Map() };
  }
  const rows: NewRow[] = [];
  const origins: number[] = [];
  // Ids to number around: every id the file gives (so a numbered row never takes one a later row names), and the
  // last id numbered per kind and month. Numbers only rise, so that last one stands for all before it, and
  // nextId need not look through thousands of ids for every row.
  const taken = new Set<string>();
  for (const rec of records) if ((rec.fields['id'] ?? '').trim() !== '') taken.add(rec.fields['id']!.trim());
  const lastNumbered = new Map<string, string>();
  const numbered = (k: 'invoice' | 'debit-note' | 'payment', date: LocalDate): string => {
    const key = `${k} ${date.slice(0, 7)}`;
    const id = nextId(ledger, k, date, taken);
    const prev = lastNumbered.get(key);
    if (prev !== undefined) taken.delete(prev);
    lastNumbered.set(key, id);
    taken.add(id);
    return id;
  };
  const seenAt = new Map<string, number>();
  // What earlier rows of this import already applied to each invoice, on top of the ledger's own applications.
  const appliedTo = new Map<string, number>();
  for (const a of ledger.applications) appliedTo.set(a.debit, (appliedTo.get(a.debit) ?? 0) + a.amount);
  const unapplied = new Map<string, Minor>();
  const creditNotes = new Set<string>();
  const notes: string[] = [];
  let documents = 0;
  let applications = 0;
  const lock = ledger.config.lockDate;
  const imported = importTokens(ledger);
  // Identical rows without ids are distinct payments; their fingerprints differ by the occurrence number.
  const occurrences = new Map<string, number>();
  let skipped = 0;

  for (const rec of records) {
    const before = issues.length;
    const fail = (message: string, hint?: string): void => void issues.push(issue(fmt.file, rec.line, message, hint));
    const cell = (f: string): string => (rec.fields[f] ?? '').trim();
    const date = (f: string, required: boolean): LocalDate | null => {
      const v = cell(f);
      if (v === '') {
        if (required) fail(`${f} is empty`, `give the ${f} as ${fmt.dateFormat}`);
        return null;
      }
      const d = parseDate(v);
      if (!d) fail(`${f} ${q(v)} is not a date in the profile's format ${fmt.dateFormat}`, `write e.g. ${fmt.dateFormat}, or fix date_format in the profile`);
      return d;
    };
    const docDate = date('date', true);
    // Checked once the row is known to be new: a row imported before may well be dated in a closed period by now.
    const refuseDate = (d: LocalDate): void => {
      if (lock && d <= lock) fail(`date ${d} is on or before lock_date ${lock}`, `the books are closed up to ${lock}; import only later documents`);
      if (latest !== null && d > latest) fail(`date ${d} is after ${latest}, today + future_days ${ledger.config.futureDays} (ledger.yaml)`, `fix the date in the export, or add --allow-future if it is meant`);
    };
    for (const f of TEXT_FIELDS[kind]) {
      const v = cell(f);
      if (CONTROL_RE.test(v)) fail(`${f} ${q(v)} contains a line break or control character`, 'the ledger keeps every field on one line: remove it in the export');
    }

    const invoiceId = kind === 'payments' ? cell('invoice') : '';
    const target = invoiceId === '' ? undefined : ledger.byId.get(invoiceId);
    if (invoiceId !== '' && (!target || !isDebit(target))) fail(`invoice ${q(invoiceId)} does not exist in the ledger`, 'import the invoices first, or leave the invoice column empty');
    const customerId = cell('customer') || (target?.customer ?? '');
    const customer = ledger.customers.get(customerId);
    if (customerId === '') fail('customer is empty', 'give the customer id (or, for a payment, the invoice it settles)');
    else if (!customer) fail(`customer ${q(customerId)} does not exist`, 'add it first with `arledger customer add`');
    else if (target && target.customer !== customerId) fail(`invoice ${invoiceId} belongs to ${target.customer}, not ${customerId}`, 'a payment settles its own customer\'s invoices');

    const ccyText = cell('currency') || fmt.currency || customer?.currency || '';
    if (ccyText !== '' && !isCurrency(ccyText)) fail(`currency ${q(ccyText)} is not an ISO 4217 code`, 'write e.g. EUR, or set currency in the profile');
    else if (customer && ccyText !== customer.currency) fail(`currency ${ccyText} is not ${customerId}'s currency ${customer.currency}`, `documents of ${customerId} are in ${customer.currency}`);
    const currency = (isCurrency(ccyText) ? ccyText : 'XXX') as Currency;

    const amountText = cell('amount');
    const amt = foreignAmount(amountText, fmt, currency);
    if (!amt.ok) fail(`amount ${q(amountText)} ${amt.problem}`, `write a positive amount such as ${exampleAmount(currency).replace('.', fmt.decimal)}`);

    let id = cell('id');
    if (id !== '') {
      if (!ID_RE.test(id)) fail(`id ${q(id)} is not a valid id`, ID_HINT);
      else if (ledger.byId.has(id)) { /* compared with the ledger's document below: skipped when identical */ }
      else if (seenAt.has(id)) fail(`id ${q(id)} is also on line ${seenAt.get(id)}`, 'ids are unique; remove the duplicate row');
      else seenAt.set(id, rec.line);
    }
    /**
     * 'skip' when the row is in the ledger already, 'clash' when its id is there with other content; else, for a row
     * without an id, the token of its fingerprint. The fingerprint takes what the file says (dates and amounts as
     * read), not what the ledger derives (due from terms), so that changed customer terms do not make a row new.
     */
    const recognise = (draft: NewRow, own: readonly string[]): 'skip' | 'clash' | string | null => {
      if (id !== '') {
        const prev = ledger.byId.get(id);
        if (!prev) return null;
        const old = documentRow(prev);
        const cols = JOURNALS[draft.journal] as readonly string[];
        const diff = old.journal !== draft.journal
          ? [`it is a ${prev.kind} there`]
          : cols.flatMap((c, k) => (old.fields[k] === draft.fields[k] ? [] : [`${c} ${q(old.fields[k]!)} there, ${q(draft.fields[k]!)} here`]));
        if (diff.length === 0) return 'skip';
        fail(`id ${q(id)} is already in the ledger at ${prev.src.file}:${prev.src.line} with other content: ${diff.join('; ')}`,
          'an id names one document: correct the row, or give it an id of its own (rows identical to the ledger\'s are skipped)');
        return 'clash';
      }
      const content = JSON.stringify([kind, docDate, customerId, currency, amt.ok ? amt.minor : 0, ...own]);
      const n = (occurrences.get(content) ?? 0) + 1;
      occurrences.set(content, n);
      const token = `${TOKEN_PREFIX}${fingerprint(`${content}#${n}`)}`;
      return imported.has(token) ? 'skip' : token;
    };

    if (kind === 'invoices') {
      const docKind = cell('kind') || 'invoice';
      if (docKind !== 'invoice' && docKind !== 'debit-note') fail(`kind ${q(docKind)} is not invoice or debit-note`, 'write invoice or debit-note, or leave it empty');
      const termsText = cell('terms') || customer?.terms || ledger.config.terms;
      const terms = parseTerms(termsText);
      if (!terms) fail(`terms ${q(termsText)} are not payment terms`, TERMS_HINT);
      let due = date('due', false);
      if (docDate && !due && terms && cell('due') === '') due = dueDate(docDate, terms);
      if (docDate && due && due < docDate) fail(`due ${due} is before the date ${docDate}`, 'due must be on or after the date');
      if (issues.length > before || !docDate || !due || !amt.ok) continue;
      const invoice = {
        id, kind: docKind as 'invoice' | 'debit-note', date: docDate, due, customer: customerId, currency,
        amount: amt.minor, terms: cell('terms') || (customer?.terms ?? ledger.config.terms), reference: cell('reference'), memo: cell('memo'),
      };
      const seen = recognise(documentRow(invoice), [docKind, cell('due') === '' ? '' : due, cell('terms'), invoice.reference, invoice.memo]);
      if (seen === 'skip') skipped++;
      if (seen === 'skip' || seen === 'clash') continue;
      refuseDate(docDate);
      if (issues.length > before) continue;
      if (id === '') id = numbered(invoice.kind, docDate);
      origins.push(rec.line);
      rows.push(documentRow({ ...invoice, id, memo: withToken(invoice.memo, seen) }));
      documents++;
      continue;
    }

    if (target && docDate && target.date > docDate) fail(`payment dated ${docDate} is before invoice ${invoiceId}'s date ${target.date}`, 'a payment settles an invoice issued on or before it');
    if (issues.length > before || !docDate || !amt.ok) continue;
    const payment = {
      id, kind: 'payment' as const, date: docDate, customer: customerId, currency, amount: amt.minor, method: cell('method'),
      reference: cell('reference'), bankRef: cell('bank_ref'), memo: cell('memo'),
    };
    const seen = recognise(documentRow(payment), [payment.method, payment.reference, payment.bankRef, payment.memo, invoiceId]);
    if (seen === 'skip') skipped++;
    if (seen === 'skip' || seen === 'clash') continue;
    refuseDate(docDate);
    if (issues.length > before) continue;
    if (id === '') id = numbered('payment', docDate);
    origins.push(rec.line);
    rows.push(documentRow({ ...payment, id, memo: withToken(payment.memo, seen) }));
    documents++;
    let left = amt.minor as number;
    if (target && isDebit(target)) {
      const open = target.amount - (appliedTo.get(target.id) ?? 0);
      const apply = Math.min(open, left);
      if (apply > 0) {
        origins.push(rec.line);
        rows.push(applicationRow({ date: maxDate(docDate, target.date), credit: id, debit: target.id, amount: apply as Minor }, currency));
        appliedTo.set(target.id, (appliedTo.get(target.id) ?? 0) + apply);
        applications++;
        left -= apply;
        const earned = takeDiscount(ledger, target, docDate, (open - apply) as Minor, maxDate(docDate, target.date), creditNotes);
        if (earned) {
          origins.push(rec.line, rec.line);
          rows.push(documentRow(earned.note), applicationRow(earned.application, currency));
          appliedTo.set(target.id, appliedTo.get(target.id)! + earned.application.amount);
          notes.push(earned.message);
        }
      }
    }
    if (left > 0) unapplied.set(currency, ((unapplied.get(currency) ?? 0) + left) as Minor);
  }
  return { rows: issues.length > 0 ? [] : rows, origins: issues.length > 0 ? [] : origins, issues, documents, skipped, applications, unapplied, notes };
}

/** Text cells copied into the ledger as they are: one line each, since the tool never writes multi-line fields. */
const TEXT_FIELDS: Readonly<Record<ImportKind, readonly string[]>> = {
  invoices: ['kind', 'terms', 'reference', 'memo'],
  payments: ['method', 'reference', 'bank_ref', 'memo'],
};

// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u001f\u007f]/;

/**
 * A row without an id of its own is recognised on a later import by a token at the end of its memo, the
 * fingerprint of its content (kind, date, customer, currency, amount, every text cell, the invoice it settles) and
 * of its occurrence number among identical rows of the file.
 */
const TOKEN_PREFIX = 'import:';
const TOKEN_RE = /(?:^| )(import:[0-9a-f]{14})$/;

function withToken(memo: string, token: string | null): string {
  if (token === null) return memo;
  return memo === '' ? token : `${memo} ${token}`;
}

function importTokens(ledger: Ledger): Set<string> {
  const out = new Set<string>();
  for (const d of ledger.documents) {
    if (!('memo' in d)) continue;
    const m = TOKEN_RE.exec(d.memo);
    if (m) out.add(m[1]!);
  }
  return out;
}

/** 53 bits of a string as 14 hex digits (cyrb53): enough to tell apart the rows of any ledger, and pure. */
export function fingerprint(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/** A one-line account of a plan, for stderr. */
export function describePlan(kind: ImportKind, plan: ImportPlan): string {
  const left = [...plan.unapplied].map(([c, m]) => `${formatMinor(m, c)} ${c}`).join(', ');
  return `imported ${plan.documents} ${kind === 'invoices' ? 'invoice' : 'payment'}${plan.documents === 1 ? '' : 's'}` +
    (kind === 'payments' ? `, ${plan.applications} application${plan.applications === 1 ? '' : 's'}${left ? `; unapplied: ${left}` : ''}` : '');
}

