// The CSV journals of SPEC §1.2: their columns, and the decoding of raw rows into typed records with issues.
import { isLocalDate, type LocalDate } from './date.js';
import { issue, q, type LedgerIssue } from './issues.js';
import { exampleAmount, isCurrency, parseAmount, type Currency, type Minor } from './money.js';
import type { DisputeStatus, Document, SourcePlace } from './types.js';

export const JOURNALS = {
  'invoices.csv': ['id', 'kind', 'date', 'due', 'customer', 'currency', 'amount', 'terms', 'reference', 'memo'],
  'payments.csv': ['id', 'date', 'customer', 'currency', 'amount', 'method', 'reference', 'bank_ref', 'memo'],
  'credits.csv': ['id', 'kind', 'date', 'customer', 'currency', 'amount', 'invoice', 'reason'],
  'refunds.csv': ['id', 'date', 'customer', 'currency', 'amount', 'method', 'reference', 'memo'],
  'applications.csv': ['date', 'credit', 'debit', 'amount'],
  'disputes.csv': ['date', 'invoice', 'status', 'reason'],
  'dunning.csv': ['date', 'customer', 'level', 'invoice', 'open', 'fee', 'interest', 'letter'],
  'reconciliations.csv': ['date', 'statement', 'bank_ref', 'payment', 'amount'],
  'invoice-lines.csv': ['invoice', 'line', 'description', 'quantity', 'unit_price', 'tax_rate', 'net', 'tax'],
  'rates.csv': ['date', 'currency', 'rate'],
  'notes.csv': ['date', 'customer', 'invoice', 'kind', 'text', 'follow_up', 'by'],
  'promises.csv': ['date', 'customer', 'invoice', 'amount', 'due', 'by', 'note'],
  'plans.csv': ['date', 'invoice', 'instalment', 'due', 'amount'],
  'voids.csv': ['date', 'document', 'reversal', 'applications', 'reason', 'by'],
} as const satisfies Record<string, readonly string[]>;

export type JournalName = keyof typeof JOURNALS;
export const JOURNAL_NAMES = Object.keys(JOURNALS) as JournalName[];

/** Journals `init` creates; rates.csv and invoice-lines.csv appear when first needed. */
export const CORE_JOURNALS: readonly JournalName[] = [
  'invoices.csv', 'payments.csv', 'credits.csv', 'refunds.csv', 'applications.csv', 'disputes.csv', 'dunning.csv',
  'reconciliations.csv', 'notes.csv', 'promises.csv', 'plans.csv',
];

export interface RawRow {
  readonly line: number;
  readonly fields: readonly string[];
  /** A record the CSV reader could not parse (already reported); only its first field is kept. */
  readonly broken?: true;
}

/** A journal as the I/O layer read it: the header, the rows with their first line, and syntax problems. */
export interface RawJournal {
  readonly file: JournalName;
  readonly header: readonly string[] | null;
  /** Records after the header. May be read more than once: a large journal is re-read from its text each time
   *  instead of being held as millions of row objects. */
  readonly rows: Iterable<RawRow>;
  readonly issues: readonly LedgerIssue[];
}

export const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const ID_HINT = 'ids are 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit';

/** Collects a row's problems while its fields are read; each reader returns a placeholder on failure. */
const columnIndexes = new WeakMap<readonly string[], ReadonlyMap<string, number>>();

/** Column name -> position for a journal's column list, made once per list rather than searched per field. */
function columnIndex(columns: readonly string[]): ReadonlyMap<string, number> {
  let m = columnIndexes.get(columns);
  if (!m) {
    m = new Map(columns.map((c, i) => [c, i]));
    columnIndexes.set(columns, m);
  }
  return m;
}

const NO_PROBLEMS: LedgerIssue[] = [];

export class RowReader {
  /** Shared and empty until the first problem: most rows have none, and a million rows need no million arrays. */
  problems: LedgerIssue[] = NO_PROBLEMS;
  constructor(
    readonly file: string,
    readonly line: number,
    readonly fields: readonly string[],
    columns: readonly string[],
    private readonly index: ReadonlyMap<string, number> = columnIndex(columns),
  ) {}

  get src(): SourcePlace {
    return { file: this.file, line: this.line };
  }

  text(col: string): string {
    return this.fields[this.index.get(col) ?? -1] ?? '';
  }

  fail(message: string, hint?: string): void {
    if (this.problems === NO_PROBLEMS) this.problems = [];
    this.problems.push(issue(this.file, this.line, message, hint));
  }

  date(col: string, optional = false): LocalDate {
    const v = this.text(col);
    if (v === '' && optional) return v as LocalDate;
    if (!isLocalDate(v)) {
      this.fail(`${col} ${q(v)} is not a calendar date`, 'write YYYY-MM-DD, e.g. 2026-11-30');
    }
    return v as LocalDate;
  }

  id(col: string, optional = false): string {
    const v = this.text(col);
    if (v === '' && optional) return v;
    if (v === '') this.fail(`${col} is empty`, `give the ${col === 'id' ? 'document' : col} id`);
    else if (!ID_RE.test(v)) this.fail(`${col} ${q(v)} is not a valid id`, ID_HINT);
    return v;
  }

  currency(col: string): Currency {
    const v = this.text(col);
    if (!isCurrency(v)) {
      this.fail(`currency ${q(v)} is not an ISO 4217 code`, 'write an upper-case code such as EUR, USD or JPY');
    }
    return v as Currency;
  }

  /** A positive amount in the given currency (when the currency is itself unknown, only the syntax is checked). */
  amount(col: string, currency: string, allowZero = false): Minor {
    const v = this.text(col);
    const ccy = isCurrency(currency) ? currency : 'XXX';
    const r = parseAmount(v, ccy);
    if (!r.ok) {
      this.fail(`${col} ${q(v)} ${r.problem}`, `write a plain decimal such as ${exampleAmount(ccy)}`);
      return 0 as Minor;
    }
    if (r.minor === 0 && !allowZero) this.fail(`${col} ${q(v)} is zero`, `${col} must be greater than 0`);
    return r.minor;
  }

  oneOf<T extends string>(col: string, allowed: readonly T[]): T {
    const v = this.text(col);
    if (!(allowed as readonly string[]).includes(v)) {
      this.fail(`${col} ${q(v)} is not one of ${allowed.join(', ')}`, `write ${allowed.join(' or ')}`);
    }
    return v as T;
  }
}

const MERGE_MARKER_RE = /^(<{7}|={7}|>{7}|\|{7})( |$)/;

/**
 * Checks the header and the shape of every row, and hands each well-shaped row to `decode`.
 * Merge-conflict markers and rows with the wrong number of fields are reported here.
 */
export function eachRow(raw: RawJournal, issues: LedgerIssue[], decode: (r: RowReader) => void, failed?: Set<string>): void {
  const columns = JOURNALS[raw.file];
  // A lazily read journal learns its syntax problems while its rows are read, so they are collected after.
  const syntax = (): void => void issues.push(...raw.issues);
  // Rows of a journal that cannot be read are still named in `failed`, so references to them are not reported twice.
  const skipAll = (): void => {
    for (const row of raw.rows) failed?.add(row.fields[0] ?? '');
    syntax();
  };
  if (raw.header === null) return skipAll();
  if (raw.header.join(',') !== columns.join(',')) {
    issues.push(
      issue(raw.file, 1, `header ${q(raw.header.join(','))} is not the ${raw.file} header`, `the first line must be ${columns.join(',')}`),
    );
    return skipAll();
  }
  const n = columns.length;
  const index = columnIndex(columns);
  for (const row of raw.rows) {
    if (row.broken) {
      failed?.add(row.fields[0] ?? '');
      continue;
    }
    const f = row.fields;
    if (f.length === 1 && MERGE_MARKER_RE.test(f[0]!)) {
      issues.push(issue(raw.file, row.line, `merge-conflict marker ${q(f[0]!.slice(0, 40))}`, 'resolve the merge: keep both sides\' rows and delete the marker lines'));
      continue;
    }
    if (f.length !== n) {
      issues.push(issue(raw.file, row.line, `row has ${f.length} field${f.length === 1 ? '' : 's'}, the header has ${n}`, `write ${columns.join(',')}; quote fields that contain commas`));
      failed?.add(f[0] ?? '');
      continue;
    }
    const r = new RowReader(raw.file, row.line, f, columns, index);
    decode(r);
    if (r.problems.length > 0) {
      issues.push(...r.problems);
      failed?.add(f[0] ?? '');
    }
  }
  syntax();
}

/** Documents decoded from the four document journals, in file order; invalid rows are left out. */
export function decodeDocuments(journals: ReadonlyMap<JournalName, RawJournal>, issues: LedgerIssue[], failed?: Set<string>): Document[] {
  const docs: Document[] = [];
  // Each literal carries `seq: docs.length`, its index if it is kept, so no copy is made to number it.
  const push = (r: RowReader, d: Document): void => {
    if (r.problems.length === 0) docs.push(d);
  };
  const j = (name: JournalName): RawJournal | undefined => journals.get(name);
  const inv = j('invoices.csv');
  if (inv) eachRow(inv, issues, (r) => {
    const currency = r.currency('currency');
    const date = r.date('date');
    const due = r.date('due');
    const d = {
      id: r.id('id'), kind: r.oneOf('kind', ['invoice', 'debit-note'] as const), date, due,
      customer: r.id('customer'), currency, amount: r.amount('amount', currency),
      terms: r.text('terms'), reference: r.text('reference'), memo: r.text('memo'), src: r.src, seq: docs.length,
    };
    if (isLocalDate(date) && isLocalDate(due) && due < date) {
      r.fail(`due ${due} is before the document date ${date}`, 'due must be on or after date');
    }
    push(r, d);
  }, failed);
  const pay = j('payments.csv');
  if (pay) eachRow(pay, issues, (r) => {
    const currency = r.currency('currency');
    push(r, {
      id: r.id('id'), kind: 'payment', date: r.date('date'), customer: r.id('customer'), currency,
      amount: r.amount('amount', currency), method: r.text('method'), reference: r.text('reference'),
      bankRef: r.text('bank_ref'), memo: r.text('memo'), src: r.src, seq: docs.length,
    });
  }, failed);
  const cr = j('credits.csv');
  if (cr) eachRow(cr, issues, (r) => {
    const currency = r.currency('currency');
    push(r, {
      id: r.id('id'), kind: r.oneOf('kind', ['credit-note', 'write-off'] as const), date: r.date('date'),
      customer: r.id('customer'), currency, amount: r.amount('amount', currency), invoice: r.id('invoice', true),
      reason: r.text('reason'), src: r.src, seq: docs.length,
    });
  }, failed);
  const rf = j('refunds.csv');
  if (rf) eachRow(rf, issues, (r) => {
    const currency = r.currency('currency');
    push(r, {
      id: r.id('id'), kind: 'refund', date: r.date('date'), customer: r.id('customer'), currency,
      amount: r.amount('amount', currency), method: r.text('method'), reference: r.text('reference'),
      memo: r.text('memo'), src: r.src, seq: docs.length,
    });
  }, failed);
  return docs;
}

export interface PendingApplication {
  readonly date: LocalDate;
  readonly credit: string;
  readonly debit: string;
  readonly amountText: string;
  readonly src: SourcePlace;
}

export interface PendingDispute {
  readonly date: LocalDate;
  readonly invoice: string;
  readonly status: DisputeStatus;
  readonly reason: string;
  readonly src: SourcePlace;
}

export const DISPUTE_STATUSES: readonly DisputeStatus[] = ['open', 'resolved'];
