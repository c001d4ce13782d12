// A ledger of a few customers, made from the fast reader's columns: their documents as objects, with every
// application, dispute and exchange rate that concerns them, and every other document of the ledger found by id
// on demand. Applications only ever link documents of one customer, so a customer's documents and applications
// are complete on their own: what a command computes for that customer from this ledger, it would compute from
// the whole one (test/core/fast-partial.test.ts compares them). Only commands that look at no other customer
// may use it.
import { dayNumberOf, fromDayNumber, type LocalDate } from '../date.js';
import type { Ledger, ResolvedApplication } from '../ledger.js';
import { parseAmount, type Currency, type Minor } from '../money.js';
import type { Customer, DisputeEvent, Document, DunningRecord, LedgerConfig } from '../types.js';
import { KINDS, PAYMENT, REFUND, type FastScanner } from './scan.js';

/** The journal a document kind is kept in. */
export function journalOfKind(kind: number): 'invoices.csv' | 'payments.csv' | 'credits.csv' | 'refunds.csv' {
  return kind <= 1 ? 'invoices.csv' : kind === REFUND ? 'refunds.csv' : kind === PAYMENT ? 'payments.csv' : 'credits.csv';
}

/** The fields of the row that starts at a byte of a journal (read by the caller, who has the files). */
export type RowAt = (journal: string, offset: number) => readonly string[];

/** Document `d` of the columns as the plain reader's object, its text fields read from its row; `seq` as given. */
export function documentAt(s: FastScanner, customers: ReadonlyMap<string, Customer>, rowAt: RowAt, d: number, seq: number): Document {
  const kind = KINDS[s.kind.data[d]!]!;
  const file = journalOfKind(s.kind.data[d]!);
  const f = rowAt(file, s.docOffset.data[d]!);
  const date = fromDayNumber(s.date.data[d]!);
  const customer = s.customerIds[s.customer.data[d]!]!;
  const currency = customers.get(customer)!.currency as Currency;
  const amount = s.amount.data[d]! as Minor;
  const src = { file, line: s.docLine.data[d]! };
  // The same properties in the same order as the plain reader's objects (src/core/journals.ts).
  switch (file) {
    case 'invoices.csv':
      return { id: f[0]!, kind: kind as 'invoice', date, due: fromDayNumber(s.due.data[d]!), customer, currency, amount, terms: f[7]!, reference: f[8]!, memo: f[9]!, src, seq };
    case 'payments.csv':
      return { id: f[0]!, kind: 'payment', date, customer, currency, amount, method: f[5]!, reference: f[6]!, bankRef: f[7]!, memo: f[8]!, src, seq };
    case 'credits.csv':
      return { id: f[0]!, kind: kind as 'credit-note', date, customer, currency, amount, invoice: f[6]!, reason: f[7]!, src, seq };
    default:
      return { id: f[0]!, kind: 'refund', date, customer, currency, amount, method: f[5]!, reference: f[6]!, memo: f[7]!, src, seq };
  }
}

export function partialLedger(s: FastScanner, config: LedgerConfig, customers: ReadonlyMap<string, Customer>, wanted: readonly string[], rowAt: RowAt,
  /**
   * Only these of their documents (by column index), for a command that looks at no other: then the ledger holds
   * no applications, and what is applied to each document comes from the columns through `appliedAt`.
   */
  only?: Uint8Array): Ledger {
  const ids = s.customerIds;
  // A mask by customer index, not a set: every document of the ledger is tested against it.
  const cust = new Uint8Array(ids.length);
  if (wanted.length < 16) {
    for (const id of wanted) {
      const k = ids.indexOf(id);
      if (k >= 0) cust[k] = 1;
    }
  } else {
    const index = new Map(ids.map((id, k) => [id, k]));
    for (const id of wanted) {
      const k = index.get(id);
      if (k !== undefined) cust[k] = 1;
    }
  }
  // Whether a promise is kept is read from the applications to all of its customer's documents: a customer with
  // one gets its whole ledger.
  if (only && s.coll.promises.some((p) => cust[p.cust] === 1)) only = undefined;
  const documents: Document[] = [];
  const seqOf = new Map<number, number>();
  const materialized = new Map<number, Document>();
  const make = (d: number, seq: number): Document => documentAt(s, customers, rowAt, d, seq);
  // In the plain reader's order: invoices.csv, payments.csv, credits.csv, refunds.csv, each in file order. The
  // columns hold rows appended after a cache was saved after all the others, and reports that keep ledger order
  // within a day (a statement) must not see the difference.
  const picked: number[] = [];
  const docCustomer = s.customer.data;
  // A ledger of master data alone (a dry run's letters) has no documents to look for among a million.
  if (cust.includes(1)) for (let d = 0, n = s.kind.length; d < n; d++) {
    if (cust[docCustomer[d]!] === 1 && (only === undefined || only[d] === 1)) picked.push(d);
  }
  const rank = (d: number): number => { const k = s.kind.data[d]!; return k <= 1 ? 0 : k === PAYMENT ? 1 : k === REFUND ? 3 : 2; };
  picked.sort((x, y) => rank(x) - rank(y) || s.docOffset.data[x]! - s.docOffset.data[y]!);
  for (const d of picked) {
    const doc = make(d, documents.length);
    seqOf.set(d, documents.length);
    materialized.set(d, doc);
    documents.push(doc);
  }
  // Their applications in file order, found through each credit document's chain.
  const appIdx: number[] = [];
  if (!only) for (const d of seqOf.keys()) {
    if (s.kind.data[d]! <= REFUND) continue;
    for (let a = s.lastOfCreditOf(d); a !== -1; a = s.prevApp.data[a]!) appIdx.push(a);
  }
  appIdx.sort((x, y) => x - y);
  const applications: ResolvedApplication[] = appIdx.map((a) => {
    const cr = s.appCredit.data[a]!;
    const db = s.appDebit.data[a]!;
    return {
      date: fromDayNumber(s.appDate.data[a]!), credit: materialized.get(cr)!.id, debit: materialized.get(db)!.id,
      amount: s.appAmount.data[a]! as Minor,
      // A void's reversal is placed at its row of voids.csv, as the plain reader places it.
      src: { file: a >= s.coll.realApps ? 'voids.csv' : 'applications.csv', line: s.appLine.data[a]! },
      creditSeq: seqOf.get(cr)!, debitSeq: seqOf.get(db)!,
    };
  });
  const disputes = new Map<string, DisputeEvent[]>();
  for (let k = 0; k < s.disputeDoc.length; k++) {
    const d = s.disputeDoc.data[k]!;
    const doc = materialized.get(d);
    if (!doc) continue;
    const f = rowAt('disputes.csv', s.disputeOffset.data[k]!);
    const list = disputes.get(doc.id) ?? [];
    list.push({ date: fromDayNumber(s.disputeDate.data[k]!) as LocalDate, invoice: doc.id, status: s.disputeOpen.data[k] ? 'open' : 'resolved', reason: f[3]!, src: { file: 'disputes.csv', line: s.disputeLine.data[k]! } });
    disputes.set(doc.id, list);
  }
  for (const list of disputes.values()) list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.src.line - b.src.line));

  // Any other document by id, made when first asked for; its seq is past this ledger's documents.
  const others = new Map<number, Document>();
  const docAt = (k: number): Document => {
    const mine = materialized.get(k);
    if (mine) return mine;
    let o = others.get(k);
    if (!o) others.set(k, (o = make(k, documents.length + others.size)));
    return o;
  };
  const byId: ReadonlyMap<string, Document> = {
    get: (id: string) => {
      const k = s.ids.findString(id);
      return k < 0 ? undefined : docAt(k);
    },
    has: (id: string) => s.ids.findString(id) >= 0,
    get size() {
      return s.ids.size;
    },
    *keys() {
      for (let k = 0; k < s.ids.size; k++) yield s.ids.text(k);
    },
    *values() {
      for (let k = 0; k < s.ids.size; k++) yield docAt(k);
    },
    *entries() {
      for (let k = 0; k < s.ids.size; k++) yield [s.ids.text(k), docAt(k)] as [string, Document];
    },
    forEach(fn: (v: Document, k: string, m: ReadonlyMap<string, Document>) => void) {
      for (let k = 0; k < s.ids.size; k++) fn(docAt(k), s.ids.text(k), this);
    },
    [Symbol.iterator]() {
      return this.entries();
    },
    /** For `nextId`: the highest counter after a prefix, found without reading every id (null: read them). */
    highestCounter: (prefix: string) => s.ids.highestCounter(prefix),
  } as ReadonlyMap<string, Document>;
  // Their dunning notices, in file order.
  const dunning: DunningRecord[] = [];
  for (let k = 0; k < s.dunningCustomer.length; k++) {
    if (cust[s.dunningCustomer.data[k]!] !== 1) continue;
    const f = rowAt('dunning.csv', s.dunningOffset.data[k]!);
    const ccy = customers.get(f[1]!)!.currency;
    const minor = (text: string): Minor => {
      if (text === '') return 0 as Minor;
      const r = parseAmount(text, ccy);
      return (r.ok ? r.minor : 0) as Minor;
    };
    dunning.push({
      date: f[0]! as LocalDate, customer: f[1]!, level: Number(f[2]), invoice: f[3]!, open: minor(f[4]!), fee: minor(f[5]!),
      interest: minor(f[6]!), letter: f[7]!, src: { file: 'dunning.csv', line: s.dunningLine.data[k]! },
    });
  }
  // Their promises, plans and voids, in the plain reader's order; notes change no number a report made from this
  // ledger shows.
  const coll = s.coll;
  const wantedIds = new Set(wanted);
  const promises = coll.promiseObjects.filter((p) => wantedIds.has(p.customer));
  const plans = new Map([...coll.plansById].filter(([id]) => cust[s.customer.data[s.ids.findString(id)]!] === 1));
  const voids = coll.voidObjects.filter((v) => cust[s.customer.data[s.ids.findString(v.document)]!] === 1);
  const ledger: Ledger = {
    config, customers, documents, byId, applications, disputes, dunning, reconciliations: [], invoiceLines: new Map(), rates: [], plans,
    notes: [], promises, ...(voids.length > 0 ? { voids } : {}),
  };
  if (!only) return ledger;
  return {
    ...ledger,
    appliedAt: (asOf: LocalDate) => {
      const day = dayNumberOf(asOf);
      const out = new Float64Array(documents.length);
      for (let a = 0; a < s.appDate.length; a++) {
        if (s.appDate.data[a]! > day) continue;
        const cr = seqOf.get(s.appCredit.data[a]!);
        const db = seqOf.get(s.appDebit.data[a]!);
        if (cr !== undefined) out[cr]! += s.appAmount.data[a]!;
        if (db !== undefined) out[db]! += s.appAmount.data[a]!;
      }
      return out;
    },
  };
}

/**
 * What a dunning run at `asOf` looks at: customers with an invoice or debit note open and past due, and of
 * theirs only those documents and the credit documents with something unapplied (`only` of `partialLedger`).
 */
export function dunningScope(s: FastScanner, asOf: LocalDate): { customers: string[]; only: Uint8Array } {
  const asOfDay = dayNumberOf(asOf);
  const applied = new Float64Array(s.kind.length);
  for (let a = 0; a < s.appDate.length; a++) {
    if (s.appDate.data[a]! > asOfDay) continue;
    applied[s.appCredit.data[a]!]! += s.appAmount.data[a]!;
    applied[s.appDebit.data[a]!]! += s.appAmount.data[a]!;
  }
  const only = new Uint8Array(s.kind.length);
  const overdue = new Uint8Array(s.customerIds.length);
  for (let d = 0; d < s.kind.length; d++) {
    const k = s.kind.data[d]!;
    if (k === REFUND || s.date.data[d]! > asOfDay || s.amount.data[d]! - applied[d]! <= 0) continue;
    if (k > REFUND) only[d] = 1;
    else if (s.due.data[d]! < asOfDay || s.coll.plansOf.has(d)) {
      only[d] = 1;
      overdue[s.customer.data[d]!] = 1;
    }
  }
  return { customers: s.customerIds.filter((_, c) => overdue[c] === 1), only };
}

/** Customers with an invoice or debit note open and past due at `asOf`: the ones a dunning run looks at. */
export function overdueCustomers(s: FastScanner, asOf: LocalDate): string[] {
  const asOfDay = dayNumberOf(asOf);
  const applied = new Float64Array(s.kind.length);
  for (let a = 0; a < s.appDate.length; a++) {
    if (s.appDate.data[a]! > asOfDay) continue;
    applied[s.appCredit.data[a]!]! += s.appAmount.data[a]!;
    applied[s.appDebit.data[a]!]! += s.appAmount.data[a]!;
  }
  const seen = new Uint8Array(s.customerIds.length);
  for (let d = 0; d < s.kind.length; d++) {
    // A planned invoice may have an instalment past due before the invoice itself is.
    if (s.kind.data[d]! > 1 || s.date.data[d]! > asOfDay || (s.due.data[d]! >= asOfDay && !s.coll.plansOf.has(d))) continue;
    if (s.amount.data[d]! - applied[d]! > 0) seen[s.customer.data[d]!] = 1;
  }
  return s.customerIds.filter((_, c) => seen[c] === 1);
}
