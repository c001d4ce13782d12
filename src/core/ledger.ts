// Builds the indexed ledger from decoded configuration, customers and raw journals, collecting every issue.
import Big from 'big.js';
import { isLocalDate, type LocalDate } from './date.js';
import { issue, q, type LedgerIssue } from './issues.js';
import { decodeNotes, decodePromises } from './collections/decode.js';
import type { Note, PromiseToPay } from './collections/model.js';
import {
  DISPUTE_STATUSES, decodeDocuments, eachRow, type JournalName, type RawJournal,
} from './journals.js';
import {
  AmountRangeError, MAX_EXACT_MINOR, exactLimitText, formatMinor, groupThousands, minorDigits, parseAmount, parseDecimal,
  roundToMinor, toBig, type Currency, type Minor,
} from './money.js';
import {
  isDebit, isInvoiceLike, type Application, type Customer, type DisputeEvent, type Document, type DunningRecord,
  type InvoiceLine, type LedgerConfig, type PaymentPlan, type PlanRow, type Rate, type Reconciliation, type SourcePlace, type VoidRecord,
} from './types.js';

export interface ResolvedApplication extends Application {
  readonly creditSeq: number;
  readonly debitSeq: number;
}

export interface Ledger {
  readonly config: LedgerConfig;
  readonly customers: ReadonlyMap<string, Customer>;
  /** Every valid document in journal order (invoices, payments, credits, refunds); `doc.seq` is its index. */
  readonly documents: readonly Document[];
  readonly byId: ReadonlyMap<string, Document>;
  readonly applications: readonly ResolvedApplication[];
  /** Dispute events per invoice, ordered by date, then file order. */
  readonly disputes: ReadonlyMap<string, readonly DisputeEvent[]>;
  readonly dunning: readonly DunningRecord[];
  readonly reconciliations: readonly Reconciliation[];
  readonly invoiceLines: ReadonlyMap<string, readonly InvoiceLine[]>;
  readonly rates: readonly Rate[];
  /** Contacts with customers (notes.csv) and promises to pay (promises.csv), in file order (SPEC §8). */
  readonly notes: readonly Note[];
  readonly promises: readonly PromiseToPay[];
  /** Payment plans per invoice (plans.csv), by date then file order: the last one dated ≤ D is in force at D. */
  readonly plans: ReadonlyMap<string, readonly PaymentPlan[]>;
  /** Voided documents (voids.csv), in file order; absent or empty when nothing is voided. */
  readonly voids?: readonly VoidRecord[];
  /**
   * Σ applications dated ≤ asOf per document (by seq), when the ledger knows it without `applications`: a ledger
   * of a few open documents made from the fast reader's columns (src/core/fast/partial.ts) leaves out the
   * settled documents their applications link to.
   */
  readonly appliedAt?: (asOf: LocalDate) => Float64Array;
}

export interface LedgerInput {
  readonly config: LedgerConfig;
  readonly customers: ReadonlyMap<string, Customer>;
  readonly journals: ReadonlyMap<JournalName, RawJournal>;
}

const at = (s: SourcePlace): string => `${s.file}:${s.line}`;

/** "an invoice", "a payment". */
const a = (kind: string): string => `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;

const DOCUMENT_JOURNALS: readonly JournalName[] = ['invoices.csv', 'payments.csv', 'credits.csv', 'refunds.csv'];

/** Decodes and cross-checks everything (SPEC §1.2). The ledger keeps only valid records; issues say what was left out. */
export function buildLedger(input: LedgerInput): { ledger: Ledger; issues: LedgerIssue[] } {
  const issues: LedgerIssue[] = [];
  const { customers, journals } = input;
  // Ids of document rows that are in a journal but were left out for a problem of their own (reported at that
  // row). A reference to one is not reported again as "does not exist": that would be a second message for
  // one mistake, pointing away from it.
  const broken = new Set<string>();
  const decoded = decodeDocuments(journals, issues, broken);

  // Ids are unique across every journal; a second row with an id already seen is reported and dropped. A row
  // left out (unknown customer) still counts as seen, so a duplicate of it is reported now, not after a fix.
  const byId = new Map<string, Document>();
  const dropped = new Map<string, Document>();
  const documents: Document[] = [];
  // Ids with a second row: a union merge that kept a transaction twice left them, and their applications twice.
  const doubled = new Map<string, SourcePlace>();
  for (const doc of decoded) {
    const prev = byId.get(doc.id) ?? dropped.get(doc.id);
    if (prev) {
      if (!doubled.has(doc.id)) doubled.set(doc.id, doc.src);
      issues.push(issue(doc.src.file, doc.src.line, `duplicate id ${q(doc.id)}, also at ${at(prev.src)}`,
        'document ids are unique across all journals; a union merge may have added the row twice'));
      continue;
    }
    const cust = customers.get(doc.customer);
    if (!cust) {
      issues.push(issue(doc.src.file, doc.src.line, `customer ${q(doc.customer)} does not exist`,
        'add it with `arledger customer add` or correct the id'));
      dropped.set(doc.id, doc);
      continue;
    }
    if (cust.currency !== doc.currency) {
      issues.push(issue(doc.src.file, doc.src.line, `currency ${doc.currency} is not ${doc.customer}'s currency ${cust.currency}`,
        `documents of ${doc.customer} are in ${cust.currency}`));
      dropped.set(doc.id, doc);
      continue;
    }
    // Renumber only when an earlier row was left out; otherwise the decoded object is kept as it is.
    const placed = doc.seq === documents.length ? doc : ({ ...doc, seq: documents.length } as Document);
    byId.set(doc.id, placed);
    documents.push(placed);
  }
  for (const id of dropped.keys()) broken.add(id);
  for (const id of [...broken]) if (byId.has(id)) broken.delete(id);
  checkExactRange(documents, issues);

  const missing = (id: string): boolean => id !== '' && !byId.has(id) && !broken.has(id);

  for (const doc of documents) {
    if ((doc.kind === 'credit-note' || doc.kind === 'write-off') && doc.invoice !== '') {
      const target = byId.get(doc.invoice);
      if (!target && !missing(doc.invoice)) continue;
      if (!target || !isDebit(target)) {
        issues.push(issue(doc.src.file, doc.src.line, `invoice ${q(doc.invoice)} does not exist`,
          'name an invoice, debit note or refund of the ledger, or leave invoice empty'));
      } else if (target.customer !== doc.customer) {
        issues.push(issue(doc.src.file, doc.src.line, `invoice ${doc.invoice} belongs to ${target.customer}, not ${doc.customer}`,
          'a credit document is issued against its own customer\'s invoice'));
      }
    }
  }

  const resolved = resolveApplications(journals.get('applications.csv'), documents, byId, missing, doubled, issues);
  const { voids, reversals } = decodeVoids(journals.get('voids.csv'), byId, missing, resolved, issues);
  // A void's reversals are applications with a negative amount dated on the void, so every sum of applications
  // dated ≤ D (SPEC §2) sees the voided document's applications until the void and not after it.
  const applications = reversals.length === 0 ? resolved : [...resolved, ...reversals];
  checkOverApplication(applications, documents, byId, issues);
  const disputes = decodeDisputes(journals.get('disputes.csv'), byId, missing, issues);
  const dunning = decodeDunning(journals.get('dunning.csv'), byId, missing, customers, issues);
  const reconciliations = decodeReconciliations(journals.get('reconciliations.csv'), byId, missing, issues);
  const invoiceLines = decodeInvoiceLines(journals.get('invoice-lines.csv'), byId, missing, issues);
  const rates = decodeRates(journals.get('rates.csv'), input.config.currency, issues);
  const notes = decodeNotes(journals.get('notes.csv'), byId, missing, customers, issues);
  const promises = decodePromises(journals.get('promises.csv'), byId, missing, customers, issues);
  const plans = decodePlans(journals.get('plans.csv'), byId, missing, issues);

  return {
    ledger: {
      config: input.config, customers, documents, byId, applications, disputes, dunning, reconciliations,
      invoiceLines, rates, notes, promises, plans, ...(voids.length > 0 ? { voids } : {}),
    },
    issues,
  };
}

/**
 * Amounts are integer minor units in a `number`, exact up to 2^53 - 1. When, per currency, all debit amounts
 * together and all credit amounts together stay within that, every sum a report forms from them — an open
 * amount, a customer's balance, a bucket, a total — is a sum of a subset of one side, or the difference of two
 * such sums, and so exact. A ledger past it is refused at the row that crosses the bound, never reported wrong.
 */
function checkExactRange(documents: readonly Document[], issues: LedgerIssue[]): void {
  // Per currency: [debits, credits]; -1 once that side has been reported.
  const totals = new Map<string, [number, number]>();
  for (const doc of documents) {
    const debit = isDebit(doc);
    const side = debit ? 'debit' : 'credit';
    let t = totals.get(doc.currency);
    if (!t) totals.set(doc.currency, (t = [0, 0]));
    const k = debit ? 0 : 1;
    const before = t[k];
    if (before < 0) continue;
    const after = before + doc.amount;
    if (after <= MAX_EXACT_MINOR) {
      t[k] = after;
      continue;
    }
    t[k] = -1;
    const what = side === 'debit' ? 'invoices, debit notes and refunds' : 'payments, credit notes and write-offs';
    issues.push(issue(doc.src.file, doc.src.line,
      `the ${doc.currency} amounts of this ledger add up past ${exactLimitText(doc.currency)} with ${doc.id} (${what} together, ${groupThousands(formatMinor(before, doc.currency))} before it)`,
      `arledger keeps every sum exact only up to that; check this amount, or keep the books of different years or entities in separate ledgers`));
  }
}

/**
 * What a union merge leaves: when two branches append different rows after the same line, git keeps both
 * branches' blocks, so a row (or a whole transaction) written on both branches is there twice. (Rows both
 * branches appended identically in the same place are merged into one copy, and git adds nothing else.) But
 * an identical row is not always such a copy — a second payment application of the same amount on the same
 * day, or a dispute reopened with the same reason on the day it was resolved, is a real event written again
 * — so an identical row is only called a merge duplicate where it cannot be a real one: a dunning notice
 * repeated (one customer gets at most one letter a day), a dispute event that repeats the invoice's previous
 * event (the tool refuses to open an open dispute or resolve a resolved one), or an application repeated
 * together with the document it moves, whose id is then doubled too. Identical applications on their own are
 * real; `check` asks git where their copies came from (src/io/union-merge.ts).
 */
const MERGE_HINT = 'a union merge of two branches that both added it kept both copies; redo the merge so that it keeps one (posted rows are never edited after the merge)';

function duplicateRows(): (key: string, src: SourcePlace, issues: LedgerIssue[]) => boolean {
  const seen = new Map<string, number>();
  return (key, src, issues) => {
    const prev = seen.get(key);
    if (prev !== undefined) {
      issues.push(issue(src.file, src.line, `duplicate row, same as line ${prev}`, MERGE_HINT));
      return true;
    }
    seen.set(key, src.line);
    return false;
  };
}

type Missing = (id: string) => boolean;

function resolveApplications(raw: RawJournal | undefined, documents: readonly Document[], byId: ReadonlyMap<string, Document>, missing: Missing, doubled: ReadonlyMap<string, SourcePlace>, issues: LedgerIssue[]): ResolvedApplication[] {
  const out: ResolvedApplication[] = [];
  if (!raw) return out;
  // Duplicate rows are found through each credit's chain of applications (usually one or two long), which
  // avoids a map keyed by whole rows over a million applications.
  const lastOfCredit = new Map<number, number>();
  const previous: number[] = [];
  eachRow(raw, issues, (r) => {
    const date = r.date('date');
    const creditId = r.id('credit');
    const debitId = r.id('debit');
    const credit = byId.get(creditId);
    const debit = byId.get(debitId);
    const currency = credit?.currency ?? debit?.currency ?? 'XXX';
    const amount = r.amount('amount', currency);
    if (!credit && missing(creditId)) {
      r.fail(`credit ${q(creditId)} does not exist`, 'name a payment, credit note or write-off of the ledger');
    } else if (credit && isDebit(credit)) {
      r.fail(`credit ${q(creditId)} is ${a(credit.kind)}, not a credit document`, 'the credit column names a payment, credit note or write-off');
    }
    if (!debit && missing(debitId)) {
      r.fail(`debit ${q(debitId)} does not exist`, 'name an invoice, debit note or refund of the ledger');
    } else if (debit && !isDebit(debit)) {
      r.fail(`debit ${q(debitId)} is ${a(debit.kind)}, not a debit document`, 'the debit column names an invoice, debit note or refund');
    }
    if (credit && debit && isDebit(debit) && !isDebit(credit)) {
      if (credit.customer !== debit.customer) {
        r.fail(`credit ${creditId} (${credit.customer}) and debit ${debitId} (${debit.customer}) belong to different customers`,
          'an application links documents of one customer');
      } else if (credit.currency !== debit.currency) {
        r.fail(`credit ${creditId} is in ${credit.currency}, debit ${debitId} in ${debit.currency}`, 'an application links documents of one currency');
      }
      if (isLocalDate(date)) {
        const later = credit.date > debit.date ? credit : debit;
        if (date < later.date) {
          r.fail(`application dated ${date} is before ${later.id}'s date ${later.date}`, `date it ${later.date} or later`);
        }
      }
    }
    if (r.problems.length > 0 || !credit || !debit) return;
    const head = lastOfCredit.get(credit.seq) ?? -1;
    const twice = doubled.get(creditId) ?? doubled.get(debitId);
    for (let k = twice ? head : -1; k !== -1; k = previous[k]!) {
      const o = out[k]!;
      if (o.debitSeq === debit.seq && o.date === date && o.amount === amount) {
        const id = doubled.has(creditId) ? creditId : debitId;
        issues.push(issue(r.file, r.line, `duplicate row, same as line ${o.src.line}, left with the second ${id} (${at(twice!)})`, MERGE_HINT));
        return;
      }
    }
    previous.push(head);
    lastOfCredit.set(credit.seq, out.length);
    out.push({ date, credit: creditId, debit: debitId, amount, src: r.src, creditSeq: credit.seq, debitSeq: debit.seq });
  });
  return out;
}

/**
 * Applications only ever add, so a document is over-applied at some date exactly when the sum of all its
 * applications exceeds its amount; the row reported is the one (in date, then file order) that crosses it.
 */
function checkOverApplication(apps: readonly ResolvedApplication[], documents: readonly Document[], byId: ReadonlyMap<string, Document>, issues: LedgerIssue[]): void {
  let size = 0;
  for (const a of apps) size = Math.max(size, a.creditSeq + 1, a.debitSeq + 1);
  const total = new Float64Array(size);
  for (const a of apps) {
    total[a.creditSeq]! += a.amount;
    total[a.debitSeq]! += a.amount;
  }
  const over = new Set<string>();
  for (const a of apps) {
    if (total[a.creditSeq]! > documents[a.creditSeq]!.amount) over.add(a.credit);
    if (total[a.debitSeq]! > documents[a.debitSeq]!.amount) over.add(a.debit);
  }
  if (over.size === 0) return;
  const ordered = apps
    .filter((a) => over.has(a.credit) || over.has(a.debit))
    // On one day a void's reversals (negative) come first: what a void frees, its refund may take that day.
    .sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : Number(x.amount > 0) - Number(y.amount > 0) || x.src.line - y.src.line));
  const running = new Map<string, number>();
  for (const a of ordered) {
    for (const id of [a.credit, a.debit]) {
      if (!over.has(id)) continue;
      const doc = byId.get(id)!;
      const before = running.get(id) ?? 0;
      const after = before + a.amount;
      running.set(id, after);
      if (after > doc.amount && before <= doc.amount) {
        const left = formatMinor((doc.amount - before) as Minor, doc.currency);
        issues.push(issue(a.src.file, a.src.line,
          `applications of ${id} exceed its amount ${formatMinor(doc.amount, doc.currency)}: ${formatMinor(after as Minor, doc.currency)} applied by ${a.date}`,
          `at most ${left} was left to apply`));
      }
    }
  }
}

const VOID_HINT = 'voids.csv is written by `arledger void`; see README "Void"';

/**
 * voids.csv: each row names a document, the date it was voided and the document that reverses it. Returns the
 * voids and, for each application of a voided document dated on or before the void (other than those of its
 * reversal), the negative application that reverses it on the void's date.
 */
function decodeVoids(raw: RawJournal | undefined, byId: ReadonlyMap<string, Document>, missing: Missing,
  applications: readonly ResolvedApplication[], issues: LedgerIssue[]): { voids: VoidRecord[]; reversals: ResolvedApplication[] } {
  const voids: VoidRecord[] = [];
  const reversals: ResolvedApplication[] = [];
  if (!raw) return { voids, reversals };
  const voided = new Map<string, number>();
  const reversing = new Map<string, number>();
  const fmt = (d: Document): string => formatMinor(d.amount, d.currency);
  eachRow(raw, issues, (r) => {
    const date = r.date('date');
    const id = r.id('document');
    const revId = r.id('reversal', true);
    const doc = byId.get(id);
    const rev = revId === '' ? undefined : byId.get(revId);
    if (!doc && missing(id)) r.fail(`document ${q(id)} does not exist`, 'name the invoice, payment or credit note voided');
    if (revId !== '' && !rev && missing(revId)) r.fail(`reversal ${q(revId)} does not exist`, 'name the document that reverses it, or leave reversal empty for a payment');
    if (r.problems.length > 0 || !doc || (revId !== '' && !rev)) return;
    const prev = voided.get(id);
    if (prev !== undefined) r.fail(`${id} is already voided at line ${prev}`, 'a document is voided once');
    const prevRev = revId === '' ? undefined : reversing.get(revId);
    if (prevRev !== undefined) r.fail(`${revId} already reverses another document at line ${prevRev}`, 'each void has a reversal of its own');
    if (isLocalDate(date) && date < doc.date) r.fail(`void dated ${date} is before ${id}'s date ${doc.date}`, `date it ${doc.date} or later`);
    const want = doc.kind === 'invoice' || doc.kind === 'debit-note' ? 'credit-note'
      : doc.kind === 'credit-note' || doc.kind === 'write-off' ? 'debit-note' : doc.kind === 'payment' ? 'refund' : null;
    if (want === null) r.fail(`${id} is ${a(doc.kind)}, which is not voided`, 'void invoices, debit notes, payments, credit notes and write-offs');
    else if (!rev && want !== 'refund') r.fail(`reversal is empty; ${a(doc.kind)} is reversed by ${a(want)}`, VOID_HINT);
    else if (rev) {
      if (rev.kind !== want) r.fail(`reversal ${revId} is ${a(rev.kind)}; ${a(doc.kind)} is reversed by ${a(want)}`, VOID_HINT);
      else if (rev.customer !== doc.customer) r.fail(`reversal ${revId} belongs to ${rev.customer}, not ${doc.customer}`, VOID_HINT);
      else if (rev.amount !== doc.amount) r.fail(`reversal ${revId} of ${fmt(rev)} is not ${id}'s amount ${fmt(doc)}`, 'a void reverses the whole document');
      else if (rev.date !== date) r.fail(`reversal ${revId} is dated ${rev.date}, not on the void's date ${date}`, VOID_HINT);
    }
    const countText = r.text('applications');
    if (!/^\d{1,9}$/.test(countText)) r.fail(`applications ${q(countText)} is not a count`, 'write how many applications of the document the void reverses, e.g. 0');
    if (r.problems.length > 0) return;
    voided.set(id, r.line);
    if (revId !== '') reversing.set(revId, r.line);
    voids.push({ date, document: id, reversal: revId, applications: Number(countText), reason: r.text('reason'), by: r.text('by'), src: r.src });
  });
  if (voids.length === 0) return { voids, reversals };
  const byDoc = new Map(voids.map((v) => [v.document, v]));
  const linked = new Map<string, number>();
  // Which applications a void reverses is counted in file order, so one written after the void (the same
  // payment applied again that day) is never mistaken for one it reversed.
  const seen = new Map<string, number>();
  for (const x of applications) {
    const v = byDoc.get(x.credit) ?? byDoc.get(x.debit);
    if (!v) continue;
    const other = x.credit === v.document ? x.debit : x.credit;
    if (other === v.reversal) {
      linked.set(v.document, (linked.get(v.document) ?? 0) + x.amount);
      continue;
    }
    const n = (seen.get(v.document) ?? 0) + 1;
    seen.set(v.document, n);
    if (n <= v.applications) {
      if (x.date > v.date) {
        issues.push(issue(v.src.file, v.src.line, `the void of ${v.document} on ${v.date} reverses its application at ${at(x.src)}, dated ${x.date}, after it`,
          'a void reverses only what was applied before it; count the applications it reverses again'));
      } else {
        reversals.push({ ...x, date: v.date, amount: -x.amount as Minor, src: v.src });
      }
    } else if (v.reversal !== '') {
      issues.push(issue(x.src.file, x.src.line, `${v.document} was voided on ${v.date} (${at(v.src)}); this application cannot use it`,
        'apply another document; a voided one settles nothing after its void'));
    } else if (x.date < v.date) {
      issues.push(issue(x.src.file, x.src.line, `${v.document} was voided on ${v.date} (${at(v.src)}); this application dated ${x.date}, before the void, is not among those it reversed`,
        'date it on or after the void'));
    }
    // A payment voided without a refund is money received and unapplied again: applied anew, it counts.
  }
  for (const v of voids) {
    if ((seen.get(v.document) ?? 0) < v.applications) {
      issues.push(issue(v.src.file, v.src.line, `the void of ${v.document} reverses ${v.applications} applications, but it has only ${seen.get(v.document) ?? 0}`,
        'count the applications of the document before the void'));
    }
  }
  for (const v of voids) {
    const doc = byId.get(v.document)!;
    if (v.reversal !== '' && (linked.get(v.document) ?? 0) !== doc.amount) {
      issues.push(issue(v.src.file, v.src.line, `reversal ${v.reversal} is applied to ${v.document} for ${formatMinor((linked.get(v.document) ?? 0) as Minor, doc.currency)}, not its full amount ${fmt(doc)}`,
        `an application of ${fmt(doc)} between ${v.document} and ${v.reversal}, dated ${v.date}, completes the void`));
    }
  }
  return { voids, reversals };
}

function decodeDisputes(raw: RawJournal | undefined, byId: ReadonlyMap<string, Document>, missing: Missing, issues: LedgerIssue[]): Map<string, DisputeEvent[]> {
  const out = new Map<string, DisputeEvent[]>();
  if (!raw) return out;
  eachRow(raw, issues, (r) => {
    const date = r.date('date');
    const invoice = r.id('invoice');
    const status = r.oneOf('status', DISPUTE_STATUSES);
    const doc = byId.get(invoice);
    if (!doc && missing(invoice)) r.fail(`invoice ${q(invoice)} does not exist`, 'name an invoice or debit note of the ledger');
    else if (doc && !isInvoiceLike(doc)) r.fail(`${invoice} is ${a(doc.kind)}; only invoices and debit notes are disputed`, 'name an invoice or debit note');
    if (r.problems.length > 0 || !doc) return;
    const list = out.get(invoice) ?? [];
    // Only a row that repeats the invoice's previous event changes nothing: open, resolved, open is a reopening.
    const prev = list.at(-1);
    if (prev && prev.date === date && prev.status === status && prev.reason === r.text('reason')) {
      issues.push(issue(r.file, r.line, `duplicate row, same as line ${prev.src.line}: ${invoice} is already ${status === 'open' ? 'disputed' : 'resolved'} by it`, MERGE_HINT));
      return;
    }
    list.push({ date, invoice, status, reason: r.text('reason'), src: r.src });
    out.set(invoice, list);
  });
  for (const list of out.values()) list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.src.line - b.src.line));
  return out;
}

function decodeDunning(raw: RawJournal | undefined, byId: ReadonlyMap<string, Document>, missing: Missing, customers: ReadonlyMap<string, Customer>, issues: LedgerIssue[]): DunningRecord[] {
  const out: DunningRecord[] = [];
  if (!raw) return out;
  const dup = duplicateRows();
  eachRow(raw, issues, (r) => {
    const date = r.date('date');
    const customer = r.id('customer');
    const cust = customers.get(customer);
    if (customer !== '' && !cust) r.fail(`customer ${q(customer)} does not exist`, 'name a customer of customers.yaml');
    const levelText = r.text('level');
    if (!/^\d{1,3}$/.test(levelText)) r.fail(`level ${q(levelText)} is not a whole number`, 'write the dunning level, e.g. 2');
    const invoice = r.id('invoice');
    const doc = byId.get(invoice);
    if (!doc && missing(invoice)) r.fail(`invoice ${q(invoice)} does not exist`, 'name an invoice or debit note of the ledger');
    else if (doc && cust && doc.customer !== customer) r.fail(`invoice ${invoice} belongs to ${doc.customer}, not ${customer}`, 'log an invoice under its own customer');
    const ccy = cust?.currency ?? doc?.currency ?? 'XXX';
    const open = r.amount('open', ccy, true);
    const fee = r.text('fee') === '' ? (0 as Minor) : r.amount('fee', ccy, true);
    const interest = r.text('interest') === '' ? (0 as Minor) : r.amount('interest', ccy, true);
    if (r.problems.length > 0 || (invoice !== '' && !doc)) return;
    if (dup(r.fields.join('\u0000'), r.src, issues)) return;
    out.push({ date, customer, level: Number(levelText), invoice, open, fee, interest, letter: r.text('letter'), src: r.src });
  });
  return out;
}

function decodeReconciliations(raw: RawJournal | undefined, byId: ReadonlyMap<string, Document>, missing: Missing, issues: LedgerIssue[]): Reconciliation[] {
  const out: Reconciliation[] = [];
  if (!raw) return out;
  const seen = new Map<string, number>();
  eachRow(raw, issues, (r) => {
    const date = r.date('date');
    const bankRef = r.text('bank_ref');
    if (bankRef === '') r.fail('bank_ref is empty', 'give the bank statement line id');
    const payment = r.id('payment');
    const doc = byId.get(payment);
    if (!doc && missing(payment)) r.fail(`payment ${q(payment)} does not exist`, 'name a payment of payments.csv');
    else if (doc && doc.kind !== 'payment') r.fail(`${payment} is ${a(doc.kind)}, not a payment`, 'name a payment of payments.csv');
    const amount = r.amount('amount', doc?.currency ?? 'XXX');
    if (r.problems.length > 0 || !doc) return;
    const prev = seen.get(bankRef);
    if (prev !== undefined) {
      r.fail(`bank line ${q(bankRef)} is already reconciled at line ${prev}`, 'a statement line is recorded once');
      issues.push(...r.problems);
      r.problems.length = 0;
      return;
    }
    seen.set(bankRef, r.line);
    out.push({ date, statement: r.text('statement'), bankRef, payment, amount, src: r.src });
  });
  return out;
}

function decodeInvoiceLines(raw: RawJournal | undefined, byId: ReadonlyMap<string, Document>, missing: Missing, issues: LedgerIssue[]): Map<string, InvoiceLine[]> {
  const out = new Map<string, InvoiceLine[]>();
  if (!raw) return out;
  const lineSeen = new Map<string, number>();
  // An invoice with a line already reported is not also reported for a sum that lacks that line.
  const badLines = new Set<string>();
  eachRow(raw, issues, (r) => {
    const invoice = r.id('invoice');
    const doc = byId.get(invoice);
    if (!doc && missing(invoice)) r.fail(`invoice ${q(invoice)} does not exist`, 'name an invoice of invoices.csv');
    else if (doc && !isInvoiceLike(doc)) r.fail(`${invoice} is ${a(doc.kind)}; lines belong to invoices and debit notes`, 'name an invoice');
    const lineText = r.text('line');
    if (!/^\d{1,6}$/.test(lineText)) r.fail(`line ${q(lineText)} is not a line number`, 'write 1, 2, 3, ...');
    const ccy = doc?.currency ?? 'XXX';
    const qty = parseDecimal(r.text('quantity'), true);
    if (!qty) r.fail(`quantity ${q(r.text('quantity'))} is not a decimal number`, 'write e.g. 3 or 1.5');
    const price = parseDecimal(r.text('unit_price'), true);
    if (!price) r.fail(`unit_price ${q(r.text('unit_price'))} is not a decimal number`, 'write e.g. 120.00');
    const rate = r.text('tax_rate') === '' ? new Big(0) : parseDecimal(r.text('tax_rate'));
    if (!rate) r.fail(`tax_rate ${q(r.text('tax_rate'))} is not a percentage`, 'write e.g. 20 for 20 %');
    const net = signedAmount(r, 'net', ccy);
    const tax = signedAmount(r, 'tax', ccy);
    if (r.problems.length > 0 || !doc || !qty || !price || !rate) {
      badLines.add(invoice);
      return;
    }
    let wantNet: Minor;
    let wantTax: Minor;
    try {
      wantNet = roundToMinor(qty.times(price), ccy);
      wantTax = roundToMinor(toBig(net, ccy).times(rate).div(100), ccy);
    } catch (e) {
      if (!(e instanceof AmountRangeError)) throw e;
      r.fail(`quantity × unit_price is past ${exactLimitText(ccy)} ${ccy}, the largest amount arledger computes exactly`, 'check the quantity and unit_price of this line');
      badLines.add(invoice);
      return;
    }
    if (wantNet !== net) r.fail(`net ${formatMinor(net, ccy)} is not quantity × unit_price = ${formatMinor(wantNet, ccy)}`, 'net = round(quantity × unit_price), half-up');
    else if (wantTax !== tax) r.fail(`tax ${formatMinor(tax, ccy)} is not net × tax_rate = ${formatMinor(wantTax, ccy)}`, 'tax = round(net × tax_rate / 100), half-up');
    if (r.problems.length > 0) {
      badLines.add(invoice);
      return;
    }
    // A line counted twice (a union merge keeping both copies) would otherwise show up only as a sum mismatch.
    const prevLine = lineSeen.get(`${invoice}\u0000${Number(lineText)}`);
    if (prevLine !== undefined) {
      issues.push(issue(r.file, r.line, `line ${Number(lineText)} of ${invoice} is already at line ${prevLine}`,
        'each invoice line number appears once; a union merge may have kept both copies'));
      return;
    }
    lineSeen.set(`${invoice}\u0000${Number(lineText)}`, r.line);
    const list = out.get(invoice) ?? [];
    list.push({ invoice, line: Number(lineText), description: r.text('description'), quantity: r.text('quantity'),
      unitPrice: r.text('unit_price'), taxRate: r.text('tax_rate'), net, tax, src: r.src });
    out.set(invoice, list);
  });
  for (const [id, lines] of out) {
    if (badLines.has(id)) continue;
    const doc = byId.get(id)!;
    // Each line is bounded but a million of them are not, so the sum is checked on the way.
    let sum = 0;
    for (const l of lines) {
      sum += l.net + l.tax;
      if (!Number.isSafeInteger(sum)) break;
    }
    if (!Number.isSafeInteger(sum)) {
      issues.push(issue(doc.src.file, doc.src.line, `the lines of ${id} add up past ${exactLimitText(doc.currency)}`,
        `amount = Σ(net + tax) of its lines; check the lines in invoice-lines.csv`));
    } else if (sum !== doc.amount) {
      const first = lines[0]!;
      issues.push(issue(doc.src.file, doc.src.line,
        `amount ${formatMinor(doc.amount, doc.currency)} of ${id} is not the sum of its lines ${formatMinor(sum as Minor, doc.currency)} (invoice-lines.csv:${first.src.line})`,
        'amount = Σ(net + tax) of its lines'));
    }
  }
  return out;
}

/** Line amounts may be negative (a discount line), so they are read with an optional sign. */
function signedAmount(r: { text(c: string): string; fail(m: string, h?: string): void }, col: string, ccy: string): Minor {
  const v = r.text(col);
  const neg = v.startsWith('-');
  const body = neg ? v.slice(1) : v;
  const digits = minorDigits(ccy);
  const p = parseAmount(body, ccy);
  if (!p.ok) {
    r.fail(`${col} ${q(v)} ${p.problem.startsWith('is too large') ? p.problem : 'is not an amount'}`, `write a decimal with at most ${digits} decimals`);
    return 0 as Minor;
  }
  return (neg ? -p.minor : p.minor) as Minor;
}

function decodeRates(raw: RawJournal | undefined, base: string, issues: LedgerIssue[]): Rate[] {
  const out: Rate[] = [];
  if (!raw) return out;
  const seen = new Map<string, number>();
  eachRow(raw, issues, (r) => {
    const date = r.date('date');
    const currency = r.currency('currency');
    const rate = r.text('rate');
    const d = parseDecimal(rate);
    if (!d || d.eq(0)) r.fail(`rate ${q(rate)} is not a positive decimal`, 'write units of base currency per unit, e.g. 1.0842');
    // The base currency converts at exactly 1; a rate for it would be a second, contradicting answer.
    if (currency === base) r.fail(`currency ${base} is the base currency (ledger.yaml currency)`, 'rates.csv holds rates of the other currencies only; remove this line');
    if (r.problems.length > 0) return;
    // Two rates for one currency and day leave a conversion ambiguous, whether or not they agree.
    const prev = seen.get(`${date} ${currency}`);
    if (prev !== undefined) {
      issues.push(issue(r.file, r.line, `a ${currency} rate for ${date} is already at line ${prev}`, 'keep one rate per currency and date'));
      return;
    }
    seen.set(`${date} ${currency}`, r.line);
    out.push({ date: date as LocalDate, currency: currency as Currency, rate, src: r.src });
  });
  return out;
}

/**
 * Payment plans (SPEC §8). The rows of one invoice and date form a plan, numbered 1..n in file order; a row
 * numbered 1 starts a new plan (a re-plan on the same day supersedes the earlier one). Whether the amounts add up
 * to the invoice's open amount is not a rule of the ledger: a credit recorded later changes that open amount, and
 * must not make the credit itself refused; `check` reports it (src/core/collections/plans.ts).
 */
function decodePlans(raw: RawJournal | undefined, byId: ReadonlyMap<string, Document>, missing: Missing, issues: LedgerIssue[]): Map<string, PaymentPlan[]> {
  const out = new Map<string, PaymentPlan[]>();
  if (!raw) return out;
  const building = new Map<string, PlanRow[]>();
  const all: PlanRow[][] = [];
  eachRow(raw, issues, (r) => {
    const date = r.date('date');
    const invoice = r.id('invoice');
    const doc = byId.get(invoice);
    if (!doc && missing(invoice)) r.fail(`invoice ${q(invoice)} does not exist`, 'name an invoice or debit note of the ledger');
    else if (doc && !isInvoiceLike(doc)) r.fail(`${invoice} is ${a(doc.kind)}; only invoices and debit notes have payment plans`, 'name an invoice or debit note');
    const k = r.text('instalment');
    if (!/^[1-9]\d{0,2}$/.test(k)) r.fail(`instalment ${q(k)} is not an instalment number`, 'number a plan\'s instalments 1, 2, 3, ... (at most 999)');
    const due = r.date('due');
    const amount = r.amount('amount', doc?.currency ?? 'XXX');
    if (doc && isLocalDate(date) && date < doc.date) r.fail(`plan dated ${date} is before ${invoice}'s date ${doc.date}`, `date it ${doc.date} or later`);
    if (r.problems.length > 0 || !doc) return;
    const row: PlanRow = { date, invoice, instalment: Number(k), due, amount, src: r.src };
    const key = `${invoice}\u0000${date}`;
    const plan = building.get(key);
    const prev = plan?.at(-1);
    if (row.instalment === 1) {
      if (due < date) return void issues.push(issue(r.file, r.line, `instalment 1 of ${invoice} is due ${due}, before the plan's date ${date}`, `instalments fall due on or after ${date}`));
      const fresh = [row];
      building.set(key, fresh);
      all.push(fresh);
      return;
    }
    if (!plan || !prev) {
      issues.push(issue(r.file, r.line, `instalment ${row.instalment} of ${invoice}'s plan dated ${date} has no instalment 1 before it`,
        'a plan\'s rows are numbered 1, 2, 3, ... in file order'));
      return;
    }
    if (row.instalment !== prev.instalment + 1) {
      issues.push(issue(r.file, r.line,
        `instalment ${row.instalment} of ${invoice}'s plan dated ${date} follows instalment ${prev.instalment} (line ${prev.src.line})`,
        `number a plan's instalments without gaps or repeats: this one is ${prev.instalment + 1}`));
      return;
    }
    if (due <= prev.due) {
      issues.push(issue(r.file, r.line, `instalment ${row.instalment} of ${invoice} is due ${due}, not after instalment ${prev.instalment}'s due ${prev.due} (line ${prev.src.line})`,
        'each instalment falls due after the one before it'));
      return;
    }
    plan.push(row);
  });
  for (const rows of all) {
    const first = rows[0]!;
    const list = out.get(first.invoice) ?? [];
    list.push({ invoice: first.invoice, date: first.date, instalments: rows });
    out.set(first.invoice, list);
  }
  // Stable: plans of one date stay in file order, so the later row's plan is the one in force.
  for (const list of out.values()) list.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
  return out;
}
