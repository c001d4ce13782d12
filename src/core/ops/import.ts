// Plans an import of open items or payments from another system's CSV export: foreign rows in, new ledger rows out.
//
// Every row is checked against the ledger before anything is written, and every problem is reported at the line
// of the input file, so a bad export is fixed where it came from. A payment may name the invoice it settles; it is
// then applied to it up to the invoice's open amount, and any excess stays unapplied.
import { isLocalDate, maxDate, type LocalDate } from '../date.js';
import { issue, q, type LedgerIssue } from '../issues.js';
import { ID_HINT, ID_RE } from '../journals.js';
import type { Ledger } from '../ledger.js';
import { exampleAmount, formatMinor, isCurrency, parseAmount, type Currency, type Minor } from '../money.js';
import { applicationRow, documentRow, type NewRow } from '../rows.js';
import { dueDate, parseTerms, TERMS_HINT } from '../terms.js';
import { isDebit } from '../types.js';
import { nextId } from './numbering.js';

export type ImportKind = 'invoices' | 'payments';

/** The fields a profile may map, per kind; the first ones are required (payments need customer or invoice). */
export const IMPORT_FIELDS: Readonly<Record<ImportKind, readonly string[]>> = {
  invoices: ['id', 'kind', 'date', 'due', 'customer', 'currency', 'amount', 'terms', 'reference', 'memo'],
  payments: ['id', 'date', 'customer', 'currency', 'amount', 'method', 'reference', 'bank_ref', 'memo', 'invoice'],
};

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
  readonly applications: number;
  /** Per currency, the amount of imported payments left unapplied. */
  readonly unapplied: ReadonlyMap<string, Minor>;
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
    return { rows: [], origins: [], issues: [issue(fmt.file, undefined, `date_format ${q(fmt.dateFormat)} has no YYYY, MM and DD`, 'write e.g. M/D/YYYY or DD.MM.YYYY')], documents: 0, applications: 0, unapplied: new Map() };
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
  let documents = 0;
  let applications = 0;
  const lock = ledger.config.lockDate;

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
    if (docDate && lock && docDate <= lock) fail(`date ${docDate} is on or before lock_date ${lock}`, `the books are closed up to ${lock}; import only later documents`);
    if (docDate && latest !== null && docDate > latest) fail(`date ${docDate} is after ${latest}, today + future_days ${ledger.config.futureDays} (ledger.yaml)`, `fix the date in the export, or add --allow-future if it is meant`);

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
      else if (ledger.byId.has(id)) fail(`id ${q(id)} is already in the ledger (${ledger.byId.get(id)!.src.file}:${ledger.byId.get(id)!.src.line})`, 'ids are unique; this row may have been imported before');
      else if (seenAt.has(id)) fail(`id ${q(id)} is also on line ${seenAt.get(id)}`, 'ids are unique; remove the duplicate row');
      else seenAt.set(id, rec.line);
    }

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
      if (id === '') id = numbered(docKind as 'invoice' | 'debit-note', docDate);
      origins.push(rec.line);
      rows.push(documentRow({
        id, kind: docKind as 'invoice' | 'debit-note', date: docDate, due, customer: customerId, currency,
        amount: amt.minor, terms: cell('terms') || (customer?.terms ?? ledger.config.terms), reference: cell('reference'), memo: cell('memo'),
      }));
      documents++;
      continue;
    }

    if (target && docDate && target.date > docDate) fail(`payment dated ${docDate} is before invoice ${invoiceId}'s date ${target.date}`, 'a payment settles an invoice issued on or before it');
    if (issues.length > before || !docDate || !amt.ok) continue;
    if (id === '') id = numbered('payment', docDate);
    origins.push(rec.line);
    rows.push(documentRow({
      id, kind: 'payment', date: docDate, customer: customerId, currency, amount: amt.minor, method: cell('method'),
      reference: cell('reference'), bankRef: cell('bank_ref'), memo: cell('memo'),
    }));
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
      }
    }
    if (left > 0) unapplied.set(currency, ((unapplied.get(currency) ?? 0) + left) as Minor);
  }
  return { rows: issues.length > 0 ? [] : rows, origins: issues.length > 0 ? [] : origins, issues, documents, applications, unapplied };
}

/** A one-line account of a plan, for stderr. */
export function describePlan(kind: ImportKind, plan: ImportPlan): string {
  const left = [...plan.unapplied].map(([c, m]) => `${formatMinor(m, c)} ${c}`).join(', ');
  return `imported ${plan.documents} ${kind === 'invoices' ? 'invoice' : 'payment'}${plan.documents === 1 ? '' : 's'}` +
    (kind === 'payments' ? `, ${plan.applications} application${plan.applications === 1 ? '' : 's'}${left ? `; unapplied: ${left}` : ''}` : '');
}

