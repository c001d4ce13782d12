// Promises to pay, payment plans (SPEC §8) and voids (README "Void") for the fast reader. Their rows are few next
// to the documents, so each is kept as a small record, and what they mean is worked out with the plain core's own
// functions on the few documents they concern: a plan's instalments (`splitByPlan`), a promise's status
// (`statusOf`, `promiseCover`), the plans `check` reports (`planFindings`). A void's reversals are the negative
// applications the plain reader adds (src/core/ledger.ts `decodeVoids`): the scanner appends them to its
// application columns after the rows of applications.csv, so every sum of applications dated ≤ D sees them.
import { dayNumberOf, fromDayNumber, type LocalDate } from '../date.js';
import type { Ledger, ResolvedApplication } from '../ledger.js';
import type { Currency, Minor } from '../money.js';
import type { PromiseToPay } from '../collections/model.js';
import { planFindings, splitByPlan } from '../collections/plans.js';
import { statusOf, type PromiseState } from '../collections/promises.js';
import type { LedgerIssue } from '../issues.js';
import type { DunningLevel, PaymentPlan, PlanRow, VoidRecord, Customer, Document } from '../types.js';
import { BadState, type Pack, type Unpack } from './bytes.js';
import type { Candidate } from '../reports/dunning.js';

/** A promises.csv row: days, customer and invoice (-1: none) by index, amount in minor units. */
export interface PromiseRec {
  readonly day: number;
  readonly cust: number;
  readonly inv: number;
  readonly amount: number;
  readonly due: number;
  readonly by: string;
  readonly note: string;
  readonly line: number;
}

/** A plans.csv row. */
export interface PlanRec {
  readonly day: number;
  readonly inv: number;
  readonly k: number;
  readonly due: number;
  readonly amount: number;
  readonly line: number;
}

/** A voids.csv row; `rev` -1 for a payment voided without a refund. */
export interface VoidRec {
  readonly day: number;
  readonly doc: number;
  readonly rev: number;
  readonly count: number;
  readonly reason: string;
  readonly by: string;
  readonly line: number;
}

/** The document columns the rules of these journals look at. */
export interface DocColumns {
  readonly kind: Int32Array | Uint8Array;
  readonly customer: Int32Array;
  readonly amount: Float64Array;
  readonly date: Int32Array;
  text(d: number): string;
  readonly customerIds: readonly string[];
  /** Currency code of each customer. */
  currencyOf(c: number): string;
}

const DEBIT_NOTE = 1;
const REFUND = 2;
const PAYMENT = 3;
const CREDIT_NOTE = 4;

/**
 * The rows read so far, and what the ledger makes of them (rebuilt by `settle` after every feed: the rows are few,
 * and a plan or a void is decided by rows of other journals that may have been appended since).
 */
export class FastCollections {
  promises: PromiseRec[] = [];
  planRows: PlanRec[] = [];
  voids: VoidRec[] = [];
  /** Rows of applications.csv in the columns; the voids' reversals follow them. */
  realApps = 0;
  /** Whether the reversals are in the columns now (from `realApps` to the end). */
  reversed = false;
  /** Documents whose applications added up past their amount: a void's reversals must bring them back. */
  overApplied: number[] = [];

  /** As the plain ledger has them: promises in file order, plans by invoice (by date), voids in file order. */
  promiseObjects: PromiseToPay[] = [];
  plansById = new Map<string, PaymentPlan[]>();
  plansOf = new Map<number, PaymentPlan[]>();
  voidObjects: VoidRecord[] = [];

  get empty(): boolean {
    return this.promises.length === 0 && this.planRows.length === 0 && this.voids.length === 0;
  }

  /**
   * Payment plans grouped as the plain reader groups them (src/core/ledger.ts `decodePlans`), with every rule
   * between rows of one plan; `fail` on any row it would report.
   */
  groupPlans(cols: DocColumns, fail: (why: string) => never): void {
    const building = new Map<string, PlanRow[]>();
    const all: PlanRow[][] = [];
    for (const r of this.planRows) {
      const invoice = cols.text(r.inv);
      const row: PlanRow = {
        date: fromDayNumber(r.day), invoice, instalment: r.k, due: fromDayNumber(r.due), amount: r.amount as Minor,
        src: { file: 'plans.csv', line: r.line },
      };
      const key = `${r.inv} ${r.day}`;
      const plan = building.get(key);
      const prev = plan?.at(-1);
      if (r.k === 1) {
        if (r.due < r.day) fail('instalment 1 due before the plan');
        const fresh = [row];
        building.set(key, fresh);
        all.push(fresh);
        continue;
      }
      if (!plan || !prev) fail('instalment without instalment 1');
      if (r.k !== prev.instalment + 1) fail('instalment number');
      if (row.due <= prev.due) fail('instalment due');
      plan.push(row);
    }
    const byId = new Map<string, PaymentPlan[]>();
    const byDoc = new Map<number, PaymentPlan[]>();
    const docOf = new Map<string, number>();
    for (const r of this.planRows) docOf.set(cols.text(r.inv), r.inv);
    for (const rows of all) {
      const first = rows[0]!;
      const list = byId.get(first.invoice) ?? [];
      list.push({ invoice: first.invoice, date: first.date, instalments: rows });
      byId.set(first.invoice, list);
    }
    for (const [id, list] of byId) {
      list.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
      byDoc.set(docOf.get(id)!, list);
    }
    this.plansById = byId;
    this.plansOf = byDoc;
  }

  /**
   * The voids' rules between rows and with the applications (src/core/ledger.ts `decodeVoids`), and the
   * applications each reverses: pairs of (application, void) in the plain reader's order.
   */
  reversals(cols: DocColumns, apps: { readonly n: number; readonly date: Int32Array; readonly credit: Int32Array; readonly debit: Int32Array; readonly amount: Float64Array },
    fail: (why: string) => never): number[] {
    const K = cols.kind;
    const voidOf = new Map<number, number>();
    const reversing = new Set<number>();
    this.voids.forEach((v, i) => {
      if (voidOf.has(v.doc)) fail('voided twice');
      if (v.rev !== -1 && reversing.has(v.rev)) fail('reversal used twice');
      voidOf.set(v.doc, i);
      if (v.rev !== -1) reversing.add(v.rev);
    });
    const out: number[] = [];
    if (this.voids.length === 0) return out;
    const mark = new Int32Array(K.length).fill(-1);
    for (const [d, i] of voidOf) mark[d] = i;
    const linked = new Float64Array(this.voids.length);
    const seen = new Float64Array(this.voids.length);
    for (let a = 0; a < apps.n; a++) {
      const cr = apps.credit[a]!;
      const db = apps.debit[a]!;
      const i = mark[cr] !== -1 ? mark[cr]! : mark[db]!;
      if (i === -1) continue;
      const v = this.voids[i]!;
      const other = cr === v.doc ? db : cr;
      if (other === v.rev) {
        linked[i]! += apps.amount[a]!;
        continue;
      }
      const n = ++seen[i]!;
      if (n <= v.count) {
        if (apps.date[a]! > v.day) fail('void reverses a later application');
        out.push(a, i);
      } else if (v.rev !== -1) fail('application of a voided document');
      else if (apps.date[a]! < v.day) fail('application before the void not reversed');
    }
    this.voids.forEach((v, i) => {
      if (seen[i]! < v.count) fail('void counts more applications than there are');
      if (v.rev !== -1 && linked[i] !== cols.amount[v.doc]) fail('reversal not applied in full');
    });
    return out;
  }

  /** The promises and voids as the plain reader's records. */
  objects(cols: DocColumns): void {
    this.promiseObjects = this.promises.map((p) => ({
      date: fromDayNumber(p.day), customer: cols.customerIds[p.cust]!, invoice: p.inv === -1 ? '' : cols.text(p.inv),
      currency: cols.currencyOf(p.cust) as Currency, amount: p.amount as Minor, due: fromDayNumber(p.due), by: p.by, note: p.note,
      src: { file: 'promises.csv', line: p.line },
    }));
    this.voidObjects = this.voids.map((v) => ({
      date: fromDayNumber(v.day), document: cols.text(v.doc), reversal: v.rev === -1 ? '' : cols.text(v.rev), applications: v.count,
      reason: v.reason, by: v.by, src: { file: 'voids.csv', line: v.line },
    }));
  }

  save(p: Pack): void {
    p.array(Int32Array.of(this.realApps));
    const nums = (rows: readonly object[], keys: readonly string[]): Float64Array => {
      const a = new Float64Array(rows.length * keys.length);
      rows.forEach((r, i) => keys.forEach((k, j) => void (a[i * keys.length + j] = (r as Record<string, number>)[k]!)));
      return a;
    };
    p.array(nums(this.promises, PROMISE_KEYS));
    p.array(nums(this.planRows, PLAN_KEYS));
    p.array(nums(this.voids, VOID_KEYS));
    p.array(new TextEncoder().encode(JSON.stringify([this.promises.map((x) => [x.by, x.note]), this.voids.map((x) => [x.reason, x.by])])));
  }

  /** Rows saved by `save`, every index checked against the documents and customers (BadState if one is off). */
  static load(u: Unpack, docs: number, customers: number, apps: number): FastCollections {
    const c = new FastCollections();
    const real = u.int32();
    if (real.length !== 1 || real[0]! < 0 || real[0]! > apps) throw new BadState('collections applications');
    c.realApps = real[0]!;
    c.reversed = true;
    const rows = (a: Float64Array, keys: readonly string[]): Record<string, number>[] => {
      if (a.length % keys.length !== 0) throw new BadState('collections');
      const out: Record<string, number>[] = [];
      for (let i = 0; i < a.length; i += keys.length) {
        const r: Record<string, number> = {};
        keys.forEach((k, j) => {
          const v = a[i + j]!;
          if (!Number.isSafeInteger(v)) throw new BadState('collections');
          r[k] = v;
        });
        out.push(r);
      }
      return out;
    };
    const doc = (d: number, optional: boolean): void => {
      if (!(d >= 0 && d < docs) && !(optional && d === -1)) throw new BadState('collections document');
    };
    const promises = rows(u.float64(), PROMISE_KEYS);
    const plans = rows(u.float64(), PLAN_KEYS);
    const voids = rows(u.float64(), VOID_KEYS);
    let texts: unknown;
    try {
      texts = JSON.parse(new TextDecoder().decode(u.uint8()));
    } catch {
      throw new BadState('collections texts');
    }
    const pairs = (x: unknown, n: number): [string, string][] => {
      if (!Array.isArray(x) || x.length !== n || !x.every((t) => Array.isArray(t) && t.length === 2 && t.every((s) => typeof s === 'string'))) {
        throw new BadState('collections texts');
      }
      return x as [string, string][];
    };
    if (!Array.isArray(texts) || texts.length !== 2) throw new BadState('collections texts');
    const pt = pairs(texts[0], promises.length);
    const vt = pairs(texts[1], voids.length);
    c.promises = promises.map((r, i) => {
      if (r['cust']! < 0 || r['cust']! >= customers) throw new BadState('collections customer');
      doc(r['inv']!, true);
      return { day: r['day']!, cust: r['cust']!, inv: r['inv']!, amount: r['amount']!, due: r['due']!, by: pt[i]![0], note: pt[i]![1], line: r['line']! };
    });
    c.planRows = plans.map((r) => {
      doc(r['inv']!, false);
      return { day: r['day']!, inv: r['inv']!, k: r['k']!, due: r['due']!, amount: r['amount']!, line: r['line']! };
    });
    c.voids = voids.map((r, i) => {
      doc(r['doc']!, false);
      doc(r['rev']!, true);
      return { day: r['day']!, doc: r['doc']!, rev: r['rev']!, count: r['count']!, reason: vt[i]![0], by: vt[i]![1], line: r['line']! };
    });
    return c;
  }
}

const PROMISE_KEYS = ['day', 'cust', 'inv', 'amount', 'due', 'line'] as const;
const PLAN_KEYS = ['day', 'inv', 'k', 'due', 'amount', 'line'] as const;
const VOID_KEYS = ['day', 'doc', 'rev', 'count', 'line'] as const;

/** The kind a void's reversal has for a document kind, -1 for a refund (not voided), -2 for none (a payment's). */
export function reversalKind(kind: number): number {
  return kind <= DEBIT_NOTE ? CREDIT_NOTE : kind >= CREDIT_NOTE ? DEBIT_NOTE : kind === PAYMENT ? REFUND : -1;
}

/** The applications columns of a ledger, as the reports read them. */
export interface AppColumns {
  readonly apps: number;
  readonly appDate: Int32Array;
  readonly appDebit: Int32Array;
  readonly appAmount: Float64Array;
  readonly customer: Int32Array;
}

/** `promisesAt` (src/core/collections/promises.ts) from the columns: each promise made by `asOf` with its status. */
export function promisesAtColumns(coll: FastCollections, f: AppColumns, asOf: LocalDate): PromiseState[] {
  const asOfDay = dayNumberOf(asOf);
  const made: number[] = [];
  coll.promises.forEach((p, i) => {
    if (p.day <= asOfDay) made.push(i);
  });
  if (made.length === 0) return [];
  const paid = new Float64Array(coll.promises.length);
  const byInvoice = new Map<number, number[]>();
  const byCustomer = new Map<number, number[]>();
  for (const i of made) {
    const p = coll.promises[i]!;
    const map = p.inv !== -1 ? byInvoice : byCustomer;
    const key = p.inv !== -1 ? p.inv : p.cust;
    const list = map.get(key) ?? [];
    list.push(i);
    map.set(key, list);
  }
  const count = (list: readonly number[] | undefined, day: number, amount: number): void => {
    for (const i of list ?? []) {
      const p = coll.promises[i]!;
      if (day >= p.day && day <= p.due) paid[i]! += amount;
    }
  };
  // Marks first: two map look-ups for each of a million applications would cost more than the rest.
  const docMark = new Uint8Array(f.customer.length);
  const custMark = new Uint8Array(f.customer.length === 0 ? 0 : Math.max(...byCustomer.keys(), 0) + 1);
  for (const d of byInvoice.keys()) docMark[d] = 1;
  for (const c of byCustomer.keys()) custMark[c] = 1;
  for (let a = 0; a < f.apps; a++) {
    const day = f.appDate[a]!;
    if (day > asOfDay) continue;
    const db = f.appDebit[a]!;
    if (docMark[db] === 1) count(byInvoice.get(db), day, f.appAmount[a]!);
    if (custMark[f.customer[db]!] === 1) count(byCustomer.get(f.customer[db]!), day, f.appAmount[a]!);
  }
  return made.map((i) => {
    const promise = coll.promiseObjects[i]!;
    return { promise, paid: paid[i]! as Minor, status: statusOf(paid[i]!, promise.amount, promise.due, asOf) };
  });
}

/** Which documents and customers a promise made by `asOf` may cover (so that only theirs are looked at). */
export function promisedAt(coll: FastCollections, docs: number, customers: number, asOf: LocalDate): { doc: Uint8Array; cust: Uint8Array } {
  const asOfDay = dayNumberOf(asOf);
  const doc = new Uint8Array(docs);
  const cust = new Uint8Array(customers);
  for (const p of coll.promises) {
    if (p.day > asOfDay) continue;
    if (p.inv !== -1) doc[p.inv] = 1;
    else cust[p.cust] = 1;
  }
  return { doc, cust };
}

/** An instalment of a planned invoice that is open and past due at `asOf`, as a dunning candidate has it. */
export type InstalmentCandidate = Omit<Candidate, 'doc' | 'instalment'> & { readonly instalment: { readonly k: number; readonly of: number } };

/** The instalments of a planned invoice a dunning run at `asOf` looks at (src/core/reports/dunning.ts `planDunning`). */
export function instalmentCandidates(plan: PaymentPlan, open: number, asOfDay: number, levels: readonly DunningLevel[],
  levelFor: (levels: readonly DunningLevel[], days: number) => DunningLevel | null,
  history: (due: LocalDate) => { lastLevel: number; lastInterest: LocalDate | null }): InstalmentCandidate[] {
  const out: InstalmentCandidate[] = [];
  for (const part of splitByPlan(plan, open)) {
    const daysOverdue = asOfDay - dayNumberOf(part.due);
    if (part.open <= 0 || daysOverdue <= 0) continue;
    const h = history(part.due);
    out.push({
      due: part.due, open: part.open, daysOverdue, level: levelFor(levels, daysOverdue)?.level ?? 0, lastLevel: h.lastLevel,
      interestFrom: h.lastInterest !== null && h.lastInterest > part.due ? h.lastInterest : part.due, instalment: { k: part.instalment, of: part.of },
    });
  }
  return out;
}

/**
 * The plans `check` reports (`planFindings`), from a ledger of just the planned invoices and the applications to
 * them: all that function looks at.
 */
export function planFindingsColumns(coll: FastCollections, f: AppColumns & { readonly kind: Uint8Array; readonly amount: Float64Array; readonly date: Int32Array;
  readonly appCredit: Int32Array; readonly appLine?: Int32Array; readonly ids: { text(d: number): string }; readonly customerIds: readonly string[] },
  customers: ReadonlyMap<string, Customer>): LedgerIssue[] {
  if (coll.plansById.size === 0) return [];
  const KINDS = ['invoice', 'debit-note', 'refund', 'payment', 'credit-note', 'write-off'] as const;
  const documents: Document[] = [];
  const seqOf = new Map<number, number>();
  const add = (d: number): number => {
    let seq = seqOf.get(d);
    if (seq === undefined) {
      seq = documents.length;
      seqOf.set(d, seq);
      const customer = f.customerIds[f.customer[d]!]!;
      documents.push({
        id: f.ids.text(d), kind: KINDS[f.kind[d]!]!, date: fromDayNumber(f.date[d]!), customer, currency: customers.get(customer)!.currency as Currency,
        amount: f.amount[d]! as Minor, seq,
      } as unknown as Document);
    }
    return seq;
  };
  for (const d of coll.plansOf.keys()) add(d);
  const planned = new Set(coll.plansOf.keys());
  const applications: ResolvedApplication[] = [];
  for (let a = 0; a < f.apps; a++) {
    const db = f.appDebit[a]!;
    if (!planned.has(db)) continue;
    const cr = f.appCredit[a]!;
    const creditSeq = add(cr);
    applications.push({
      date: fromDayNumber(f.appDate[a]!), credit: documents[creditSeq]!.id, debit: documents[seqOf.get(db)!]!.id, amount: f.appAmount[a]! as Minor,
      src: { file: 'applications.csv', line: 0 }, creditSeq, debitSeq: seqOf.get(db)!,
    });
  }
  const ledger = { plans: coll.plansById, byId: new Map(documents.map((d) => [d.id, d])), documents, applications } as unknown as Ledger;
  return planFindings(ledger);
}
