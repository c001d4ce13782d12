// The fast reader (issue: a million invoices at terminal speed). One pass over each journal's bytes fills typed
// columns, interns ids by their bytes and checks every rule of SPEC §1.2 that a row can break, in the same
// pass. It takes only what it is sure of: the first row or state it cannot prove valid (a record over several
// lines, a stray quote or CR, any rule broken, an unlikely hash collision) makes it give up, and the caller
// reads the ledger the plain way (src/core/ledger.ts), which is the authority on every message. So a ledger
// this reader accepts is one the plain reader accepts with no issue, and what it computes from the columns is
// what the plain reports compute from the objects (test/core/fast.test.ts proves it on random ledgers).
import { JOURNALS, type JournalName } from '../journals.js';
import { isCurrency, minorDigits, MAX_EXACT_MINOR } from '../money.js';
import type { Customer } from '../types.js';
import {
  BadState, within, withinBytes, dayOfBytes, decimalOfBytes, float64, hash2, hashBytes, hashBytes2, IdTable, loadFloat64, loadInt32, loadUint8,
  Pack, saveColumn, Unpack, type Packed, int32, isIdBytes, minorOfBytes, roundShift,
  uint8,
} from './bytes.js';
import { FastCollections, reversalKind } from './collections.js';

/** Document kinds in columns; debit kinds first, so `kind <= REFUND` is `isDebit`. */
export const KINDS = ['invoice', 'debit-note', 'refund', 'payment', 'credit-note', 'write-off'] as const;
export const INVOICE = 0;
export const DEBIT_NOTE = 1;
export const REFUND = 2;
export const PAYMENT = 3;

/** A ledger as columns. Documents are numbered in the plain reader's order, so `doc` here is `doc.seq` there. */
export interface FastLedger {
  readonly docs: number;
  readonly kind: Uint8Array;
  readonly date: Int32Array;
  /** Due day of invoices and debit notes; a refund's own date. */
  readonly due: Int32Array;
  readonly customer: Int32Array;
  readonly amount: Float64Array;
  readonly ids: IdTable;
  /** Customer ids by index, as in `customer`. */
  readonly customerIds: readonly string[];
  readonly apps: number;
  readonly appDate: Int32Array;
  readonly appCredit: Int32Array;
  readonly appDebit: Int32Array;
  readonly appAmount: Float64Array;
  /** Dispute events in file order. */
  readonly disputes: number;
  readonly disputeDoc: Int32Array;
  readonly disputeDate: Int32Array;
  readonly disputeOpen: Uint8Array;
  /** Some application or dispute row repeats another field for field (check asks git about those). */
  readonly repeatedRows: boolean;
  /** Promises, payment plans and voids; the applications from `collections.realApps` on are the voids' reversals. */
  readonly collections?: FastCollections;
}

/** Why the fast reader gave up; the plain reader then runs. Only for tests and profiling. */
export class GiveUp extends Error {}

function giveUp(why: string): never {
  throw new GiveUp(why);
}

const MAX_AMOUNT = 1e13;
const DQ = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Reads the records of one journal: field i of the current record is bytes [fs[i], fe[i]) (inside its quotes
 * when quoted); `esc[i]` when it holds a doubled quote. Only records the plain CSV reader reads the same way
 * are taken: one line each, quotes only around whole fields. Exported for its tests.
 */
export class Records {
  readonly fs = new Int32Array(16);
  readonly fe = new Int32Array(16);
  readonly esc = new Uint8Array(16);
  pos: number;
  /** The line the last record was on; the byte where it starts. */
  line: number;
  start = 0;
  constructor(readonly b: Uint8Array, readonly name: string, from = 0, fileStart = true, line = 0) {
    this.pos = from === 0 && fileStart && b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : from;
    this.line = line;
  }

  /** The next CR at or after where it was last looked for (-1: none left), found by the native search once. */
  private nextCr = -2;

  /** Reads the next record; returns its field count, 0 at the end. */
  next(): number {
    const b = this.b;
    const len = b.length;
    let i = this.pos;
    for (;;) {
      if (i >= len) {
        this.pos = i;
        return 0;
      }
      this.line++;
      // Empty lines are skipped by the plain reader too (a CRLF file's "\r\n" line included).
      const c = b[i]!;
      if (c === LF) {
        i++;
        continue;
      }
      // A CR that ends the file is a row of its own to the plain reader (a field count it reports), not a blank line.
      if (c === CR && i + 1 < len && b[i + 1] === LF) {
        i += 2;
        continue;
      }
      break;
    }
    this.start = i;
    // One pass over the line for its commas and its end, stopping at the first byte that needs a closer look: a
    // native search for the line end first and a loop for the commas after it went over every byte twice.
    const fs = this.fs;
    const fe = this.fe;
    const esc = this.esc;
    let n = 0;
    let s = i;
    let j = i;
    for (; j < len; j++) {
      const c = b[j]!;
      // LF, CR, the quote and the comma are the only bytes below 45 that matter here.
      if (c > COMMA) continue;
      if (c === COMMA) {
        if (n === 15) giveUp(`${this.name}: too many fields`);
        fs[n] = s;
        fe[n] = j;
        esc[n] = 0;
        n++;
        s = j + 1;
      } else if (c === LF || c === CR || c === DQ) {
        break;
      }
    }
    let eol = j;
    if (j < len && b[j] !== LF) {
      if (b[j] === CR) {
        // Only the CR of a CRLF line end is taken; any other CR is for the plain reader.
        if (j + 1 === len || b[j + 1] !== LF) giveUp(`${this.name}:${this.line}: a bare CR`);
        eol = j + 1;
      } else {
        return this.quotedRecord(i);
      }
    }
    fs[n] = s;
    fe[n] = j;
    esc[n] = 0;
    this.pos = eol + 1;
    this.quotedLine = false;
    return n + 1;
  }

  /** The rest of a record that starts at `i` and has a quote on its line. */
  private quotedRecord(i: number): number {
    const b = this.b;
    const len = b.length;
    let eol = b.indexOf(LF, i);
    if (eol === -1) eol = len;
    if (this.nextCr !== -1 && this.nextCr < i) this.nextCr = b.indexOf(CR, i);
    let end = eol;
    if (this.nextCr !== -1 && this.nextCr < eol) {
      if (this.nextCr !== eol - 1 || eol === len) giveUp(`${this.name}:${this.line}: a bare CR`);
      end = eol - 1;
    }
    this.pos = eol + 1;
    this.quotedLine = true;
    return this.quoted(i, end);
  }

  /** The last record had a quoted field. */
  quotedLine = false;

  /** A line with quotes: each quoted field whole, `""` inside, no line break inside. */
  private quoted(i: number, end: number): number {
    const b = this.b;
    let n = 0;
    for (;;) {
      if (n === 16) giveUp(`${this.name}: too many fields`);
      this.esc[n] = 0;
      if (b[i] === DQ) {
        const s = i + 1;
        let j = s;
        for (;;) {
          if (j >= end) giveUp(`${this.name}:${this.line}: a quoted field runs past its line`);
          if (b[j] === DQ) {
            if (j + 1 < end && b[j + 1] === DQ) {
              this.esc[n] = 1;
              j += 2;
              continue;
            }
            break;
          }
          j++;
        }
        this.fs[n] = s;
        this.fe[n] = j;
        n++;
        i = j + 1;
      } else {
        const s = i;
        let j = i;
        while (j < end && b[j] !== COMMA) {
          if (b[j] === DQ) giveUp(`${this.name}:${this.line}: a quote inside a field`);
          j++;
        }
        this.fs[n] = s;
        this.fe[n] = j;
        n++;
        i = j;
      }
      if (i >= end) return n;
      if (b[i] !== COMMA) giveUp(`${this.name}:${this.line}: text after a closing quote`);
      i++;
      if (i === end) {
        // "a,b," : a last empty field.
        this.fs[n] = i;
        this.fe[n] = i;
        this.esc[n] = 0;
        return n + 1;
      }
    }
  }

  is(k: number, text: string): boolean {
    const s = this.fs[k]!;
    const e = this.fe[k]!;
    if (e - s !== text.length) return false;
    for (let j = 0; j < text.length; j++) if (this.b[s + j] !== text.charCodeAt(j)) return false;
    return true;
  }

  empty(k: number): boolean {
    return this.fe[k] === this.fs[k];
  }

  /** A field that must be a valid id, with no escaped quote. */
  id(k: number): void {
    if (this.esc[k] || !isIdBytes(this.b, this.fs[k]!, this.fe[k]!)) giveUp(`${this.name}:${this.line}: not an id`);
  }

  day(k: number): number {
    const d = dayOfBytes(this.b, this.fs[k]!, this.fe[k]!);
    if (Number.isNaN(d)) giveUp(`${this.name}:${this.line}: not a date`);
    return d;
  }

  /** A positive amount (or zero when allowed) in a currency with `digits` minor digits. */
  amount(k: number, digits: number, allowZero = false): number {
    const m = minorOfBytes(this.b, this.fs[k]!, this.fe[k]!, digits, MAX_AMOUNT);
    if (m < 0 || (m === 0 && !allowZero)) giveUp(`${this.name}:${this.line}: not an amount`);
    return m;
  }

  /** A signed amount as the plain reader's `signedAmount` takes it. */
  signed(k: number, digits: number): number {
    let s = this.fs[k]!;
    const neg = this.b[s] === 45;
    if (neg) s++;
    const m = minorOfBytes(this.b, s, this.fe[k]!, digits, MAX_AMOUNT);
    if (m < 0) giveUp(`${this.name}:${this.line}: not an amount`);
    return neg ? -m : m;
  }

  hash(k: number, seed: number): number {
    return hashBytes(this.b, this.fs[k]!, this.fe[k]!, seed);
  }
}

const utf8 = new TextDecoder();

/** A free-text field as the plain reader reads it: a doubled quote inside quotes is one quote. */
function textOf(r: Records, k: number): string {
  const t = utf8.decode(r.b.subarray(r.fs[k]!, r.fe[k]!));
  return r.esc[k] ? t.replace(/""/g, '"') : t;
}

/** A set of 53-bit keys (two 32-bit hashes, or an exact small key) in open addressing. */
class KeySet {
  private keys: Float64Array;
  private size = 0;

  save(p: Pack): void {
    p.number(this.size);
    p.array(this.keys);
  }

  static load(u: Unpack): KeySet {
    const s = new KeySet();
    s.size = u.number();
    const keys = u.float64();
    if (keys.length < 1024 || (keys.length & (keys.length - 1)) !== 0 || s.size * 2 > keys.length) throw new BadState('key set');
    // A free slot left (at most half are filled) ends every probe: a key, -1 for free, is never below -1 nor NaN.
    let filled = 0;
    let min = -1;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      filled += k === -1 ? 0 : 1;
      min = Math.min(min, k);
    }
    if (!(min >= -1) || filled !== s.size) throw new BadState('key set size');
    s.keys = keys;
    return s;
  }
  constructor(expected = 1024) {
    this.keys = new Float64Array(1 << Math.max(10, Math.ceil(Math.log2(expected * 2)))).fill(-1);
  }
  /** Adds the key; false when it was already there. */
  add(key: number): boolean {
    const mask = this.keys.length - 1;
    let p = (key ^ (key / 4294967296)) & mask;
    for (;;) {
      const k = this.keys[p]!;
      if (k === key) return false;
      if (k === -1) break;
      p = (p + 1) & mask;
    }
    this.keys[p] = key;
    if (++this.size * 2 > this.keys.length) this.rehash(this.keys.length * 2);
    return true;
  }

  /** Room for `n` keys in all, made once instead of doubling. */
  reserve(n: number): void {
    if (n * 2 > this.keys.length) this.rehash(1 << Math.ceil(Math.log2(n * 2)));
  }

  private rehash(cap: number): void {
    const old = this.keys;
    this.keys = new Float64Array(cap).fill(-1);
    const mask = cap - 1;
    for (const k of old) {
      if (k === -1) continue;
      let q = (k ^ (k / 4294967296)) & mask;
      while (this.keys[q] !== -1) q = (q + 1) & mask;
      this.keys[q] = k;
    }
  }
}

const key53 = (h1: number, h2: number): number => (h1 >>> 0) * 2097152 + (h2 & 0x1fffff);
const SEED2 = 0x01000193;

export interface FastInput {
  readonly customers: ReadonlyMap<string, Customer>;
  /** Journal bytes as read (a BOM is skipped here); a missing or empty journal is left out. */
  readonly journals: ReadonlyMap<JournalName, Uint8Array>;
}

function header(r: Records, name: JournalName): void {
  const cols = JOURNALS[name];
  const n = r.next();
  if (r.line !== 1 || n !== cols.length) giveUp(`${name}: header`);
  for (let k = 0; k < n; k++) if (r.esc[k] || !r.is(k, cols[k]!)) giveUp(`${name}: header`);
}

/** The order journals are read in: documents first, so every reference can be resolved as it is read. */
export const SCAN_ORDER: readonly JournalName[] = [
  'invoices.csv', 'payments.csv', 'credits.csv', 'refunds.csv', 'applications.csv', 'disputes.csv', 'dunning.csv',
  'reconciliations.csv', 'invoice-lines.csv', 'rates.csv', 'notes.csv', 'promises.csv', 'plans.csv', 'voids.csv',
];

const DOC_JOURNALS: readonly JournalName[] = ['invoices.csv', 'payments.csv', 'credits.csv', 'refunds.csv'];

/** Reads a ledger into columns, or throws GiveUp when the plain reader has to decide. */
export function scanLedger(input: FastInput): FastLedger {
  const s = new FastScanner(input.customers);
  s.feed(input.journals);
  return s.ledger();
}

/** Per-document numbers that grow with the documents. */
class DocArrays {
  applied: Float64Array = new Float64Array(0);
  lastOfCredit: Int32Array = new Int32Array(0);
  appsOfCredit: Int32Array = new Int32Array(0);
  /** Key of the document's last dispute event, -1 for none. */
  lastDispute: Float64Array = new Float64Array(0);
  /** Σ(net + tax) of its invoice lines, NaN for none. */
  lineSum: Float64Array = new Float64Array(0);

  ensure(n: number, exact = false): void {
    if (n <= this.applied.length) return;
    // A quarter more than needed, not double: a warm write adds a few documents to a million.
    const cap = exact ? n : Math.max(n + (n >> 2), 1024);
    const grow = <T extends Float64Array | Int32Array>(a: T, fill: number): T => {
      const next = new (a.constructor as new (k: number) => T)(cap);
      next.set(a);
      if (fill !== 0) next.fill(fill, a.length);
      return next;
    };
    this.applied = grow(this.applied, 0);
    this.lastOfCredit = grow(this.lastOfCredit, -1);
    this.appsOfCredit = grow(this.appsOfCredit, 0);
    this.lastDispute = grow(this.lastDispute, -1);
    this.lineSum = grow(this.lineSum, NaN);
  }
}

/**
 * The reading state of a ledger, fed the bytes of its journals. Journals only grow, so the state after their
 * first bytes can be fed just what was appended since (the cache, src/io/cache.ts), and a writer can feed it
 * the rows it is about to append to prove them.
 */
const NO_CUSTOMERS: ReadonlyMap<string, Customer> = new Map();

export class FastScanner {
  private customers: IdTable;
  customerIds: string[] = [];
  private custCcy: number[] = [];
  private digitsOf: number[];
  private ccyBytes: number[][];
  ids = new IdTable();
  kind = uint8();
  date = int32();
  due = int32();
  customer = int32();
  amount = float64();
  /** Σ amounts per currency: debits, then credits. */
  private sums: [number[], number[]];
  private per = new DocArrays();
  appDate = int32();
  appCredit = int32();
  appDebit = int32();
  appAmount = float64();
  prevApp = int32();
  private appKeys = new KeySet();
  disputeDoc = int32();
  disputeDate = int32();
  disputeOpen = uint8();
  private disputeKeys = new KeySet();
  private dunningKeys = new KeySet();
  private bankRefs = new KeySet();
  private lineKeys = new KeySet();
  /** Invoices with lines, whose sums are checked after every feed. */
  private withLines = int32();
  private rateKeys = new KeySet();
  repeatedRows = false;
  /** Where each document's row starts in its journal, and its line: to read its text fields when needed. */
  docOffset = float64();
  docLine = int32();
  appLine = int32();
  disputeOffset = float64();
  disputeLine = int32();
  /** Each dispute row's key (its invoice, date, status and reason hashed), to know an invoice's last event. */
  disputeKey = float64();
  /** Each dunning notice's customer and place, to give a customer's dunning history when needed. */
  dunningCustomer = int32();
  dunningOffset = float64();
  dunningLine = int32();
  /** Each notice's day, invoice, level and whether it charged interest: a dunning run's history, from columns. */
  dunningDate = int32();
  dunningDoc = int32();
  dunningLevel = int32();
  dunningInterest = uint8();
  /** Bytes of each journal read so far, the lines they hold, and whether they end with a line end. */
  consumed = new Map<JournalName, number>();
  lines = new Map<JournalName, number>();
  endsLine = new Map<JournalName, boolean>();
  /** Promises, plans and voids (src/core/fast/collections.ts). */
  coll = new FastCollections();
  private ccyCodes: string[];

  /** The whole size of each journal fed in pieces, when known: its columns are then made big enough at once. */
  private sizes: ReadonlyMap<string, number> | null = null;

  expect(sizes: ReadonlyMap<string, number>): void {
    this.sizes = sizes;
  }

  /**
   * Makes the columns a journal fills big enough for its rows (and a document journal's, for the document
   * journals after it), from the rows in its first 64 KiB and its size, with a tenth to spare: a million-row column
   * grown a quarter at a time is copied a dozen times, and each large allocation makes the collector run.
   */
  private reserveFor(name: JournalName, b: Uint8Array, from: number): void {
    const sample = Math.min(b.length - from, 1 << 16);
    let lines = 0;
    let firstRow = -1;
    let idBytes = 0;
    for (let i = from; i < from + sample; i++) {
      if (b[i] !== LF) continue;
      lines++;
      if (firstRow === -1) firstRow = i + 1;
    }
    if (firstRow !== -1) {
      const comma = b.indexOf(COMMA, firstRow);
      idBytes = comma === -1 ? 0 : Math.min(64, comma - firstRow);
    }
    const perByte = lines / Math.max(1, sample);
    let bytes = Math.max(b.length - from, this.sizes?.get(name) ?? 0);
    const at = DOC_JOURNALS.indexOf(name);
    if (at !== -1) for (const later of DOC_JOURNALS.slice(at + 1)) bytes += this.sizes?.get(later) ?? 0;
    const rows = Math.ceil(bytes * perByte * 1.1) + 16;
    if (rows < 1024) return;
    if (at !== -1) {
      const n = this.kind.length + rows;
      for (const c of [this.date, this.due, this.customer, this.docLine]) c.reserve(n);
      this.kind.reserve(n);
      this.amount.reserve(n);
      this.docOffset.reserve(n);
      this.ids.reserve(rows, rows * idBytes);
      this.per.ensure(n, true);
    } else if (name === 'applications.csv') {
      const n = this.appDate.length + rows;
      for (const c of [this.appDate, this.appCredit, this.appDebit, this.prevApp, this.appLine]) c.reserve(n);
      this.appAmount.reserve(n);
    } else if (name === 'disputes.csv') {
      const n = this.disputeDoc.length + rows;
      for (const c of [this.disputeDoc, this.disputeDate, this.disputeLine]) c.reserve(n);
      this.disputeOpen.reserve(n);
      this.disputeOffset.reserve(n);
      this.disputeKey.reserve(n);
      this.disputeKeys.reserve(n);
    } else if (name === 'dunning.csv') {
      const n = this.dunningDate.length + rows;
      for (const c of [this.dunningCustomer, this.dunningLine, this.dunningDate, this.dunningDoc, this.dunningLevel]) c.reserve(n);
      this.dunningOffset.reserve(n);
      this.dunningInterest.reserve(n);
      this.dunningKeys.reserve(n);
    } else if (name === 'reconciliations.csv') {
      this.bankRefs.reserve(rows);
    } else if (name === 'invoice-lines.csv') {
      this.lineKeys.reserve(rows);
    }
  }

  constructor(customers: ReadonlyMap<string, Customer>) {
    this.customers = new IdTable(customers.size);
    const currencies: string[] = [];
    const ccyIndex = new Map<string, number>();
    for (const c of customers.values()) {
      if (!/^[\x21-\x7e]+$/.test(c.id) || this.customers.addString(c.id) !== this.customerIds.length) giveUp('customer ids');
      this.customerIds.push(c.id);
      let k = ccyIndex.get(c.currency);
      if (k === undefined) {
        ccyIndex.set(c.currency, (k = currencies.length));
        currencies.push(c.currency);
      }
      this.custCcy.push(k);
    }
    this.digitsOf = currencies.map((c) => minorDigits(c));
    this.ccyCodes = currencies;
    // A customer's currency is the only one its documents may be in, so the code is compared with that one.
    this.ccyBytes = currencies.map((c) => [c.charCodeAt(0), c.charCodeAt(1), c.charCodeAt(2)]);
    this.sums = [currencies.map(() => 0), currencies.map(() => 0)];
  }

  /**
   * Reads each journal from the byte where the last feed stopped (`bytes` is the whole file as it is now).
   * Throws GiveUp on anything not proven valid; the state is then unusable. A ledger read one journal at a time
   * is fed with `settle` false and settled once all is read: a void (read last) may take back what an earlier
   * journal over-applied.
   */
  feed(journals: ReadonlyMap<JournalName, Uint8Array>, offsets?: ReadonlyMap<JournalName, number>, settle = true): void {
    this.dropReversals();
    const rows = (name: JournalName, read: (r: Records) => void): void => {
      const b = journals.get(name);
      // The buffer may start further into the file (the bytes after what a cache covers).
      const base = offsets?.get(name) ?? 0;
      const done = this.consumed.get(name) ?? 0;
      const from = done - base;
      if (!b || base + b.length <= done) return;
      if (from < 0) giveUp(`${name}: bytes before what was read are missing`);
      let line = this.lines.get(name) ?? 0;
      if (done > 0 && !this.endsLine.get(name)) {
        // The last row read had no line end: what follows must start with one, which ends that row's line.
        if (b[from] !== LF && !(b[from] === CR && b[from + 1] === LF)) giveUp(`${name}: a row continued after it was read`);
        line--;
      }
      const r = new Records(b, name, from, base === 0, line);
      rowBase = base;
      if (done === 0) {
        this.reserveFor(name, b, from);
        header(r, name);
      }
      const n = JOURNALS[name].length;
      for (let m = r.next(); m !== 0; m = r.next()) {
        if (m !== n) giveUp(`${name}:${r.line}: field count`);
        read(r);
      }
      this.consumed.set(name, base + b.length);
      this.lines.set(name, r.line);
      this.endsLine.set(name, b[b.length - 1] === LF);
      rowBase = 0;
    };
    /** File offset of the buffer being read, so rows are placed in their file. */
    let rowBase = 0;
    const { ids, kind, date, due, customer, amount, custCcy, digitsOf, ccyBytes, sums } = this;
    const firstNewDoc = kind.length;
    const creditRefs: number[] = [];
    let creditBytes: Uint8Array | null = null;

    /** Fields shared by every document journal: id at 0, and where its date, customer, currency and amount are. */
    const doc = (r: Records, k: number, dCol: number, cCol: number): number => {
      r.id(0);
      if (ids.add(r.b, r.fs[0]!, r.fe[0]!) < 0) giveUp(`${r.name}:${r.line}: duplicate id`);
      const day = r.day(dCol);
      r.id(cCol);
      const cust = this.customers.find(r.b, r.fs[cCol]!, r.fe[cCol]!);
      if (cust < 0) giveUp(`${r.name}:${r.line}: unknown customer`);
      const cc = custCcy[cust]!;
      const want = ccyBytes[cc]!;
      const s = r.fs[cCol + 1]!;
      // The customer's currency is a valid code (customers.yaml was decoded without an issue).
      if (r.fe[cCol + 1]! - s !== 3 || r.b[s] !== want[0] || r.b[s + 1] !== want[1] || r.b[s + 2] !== want[2]) {
        giveUp(`${r.name}:${r.line}: currency`);
      }
      const amt = r.amount(cCol + 2, digitsOf[cc]!);
      sums[k <= REFUND ? 0 : 1][cc]! += amt;
      kind.push(k);
      date.push(day);
      due.push(day);
      customer.push(cust);
      amount.push(amt);
      this.docOffset.push(rowBase + r.start);
      this.docLine.push(r.line);
      return day;
    };

    rows('invoices.csv', (r) => {
      const k = r.is(1, 'invoice') ? INVOICE : r.is(1, 'debit-note') ? DEBIT_NOTE : giveUp('kind');
      const day = doc(r, k, 2, 4);
      const dueDay = r.day(3);
      if (dueDay < day) giveUp('due before date');
      due.data[due.length - 1] = dueDay;
    });
    rows('payments.csv', (r) => void doc(r, PAYMENT, 1, 2));
    rows('credits.csv', (r) => {
      const k = r.is(1, 'credit-note') ? 4 : r.is(1, 'write-off') ? 5 : giveUp('kind');
      doc(r, k, 2, 3);
      creditBytes = r.b;
      if (!r.empty(6)) {
        r.id(6);
        creditRefs.push(kind.length - 1, r.fs[6]!, r.fe[6]!);
      }
    });
    rows('refunds.csv', (r) => void doc(r, REFUND, 1, 2));
    for (const side of sums) for (const v of side) if (v > MAX_EXACT_MINOR) giveUp('sums past 2^53');
    for (let i = 0; i < creditRefs.length; i += 3) {
      const target = ids.find(creditBytes!, creditRefs[i + 1]!, creditRefs[i + 2]!);
      const from = creditRefs[i]!;
      if (target < 0 || kind.data[target]! > REFUND || customer.data[target] !== customer.data[from]) giveUp('credit invoice');
    }
    if (kind.length > firstNewDoc) this.per.ensure(kind.length);

    const K = kind.data;
    const D = date.data;
    const C = customer.data;
    const A = amount.data;
    const per = this.per;
    const ccyOf = (d: number): number => custCcy[C[d]!]!;
    const { appDate, appCredit, appDebit, appAmount, prevApp, appKeys } = this;

    // Repeated application rows are looked for among the earlier applications of the same credit, usually one
    // or two; a credit with many (one transfer for fifty invoices) has them all in a key set from then on.
    const CHAIN = 16;
    const appKey = (a: number): number => {
      const cr = appCredit.data[a]!;
      const day = appDate.data[a]!;
      return key53(Math.imul(cr, 0x9e3779b1) ^ Math.imul(appDebit.data[a]!, 0x85ebca6b) ^ day, (appAmount.data[a]! % 2097152) ^ Math.imul(day, 31));
    };
    rows('applications.csv', (r) => {
      const day = r.day(0);
      r.id(1);
      r.id(2);
      const cr = ids.find(r.b, r.fs[1]!, r.fe[1]!);
      const db = ids.find(r.b, r.fs[2]!, r.fe[2]!);
      if (cr < 0 || db < 0 || K[cr]! <= REFUND || K[db]! > REFUND || C[cr] !== C[db]) giveUp('application link');
      if (day < D[cr]! || day < D[db]!) giveUp('application date');
      const amt = r.amount(3, digitsOf[ccyOf(cr)]!);
      const applied = per.applied;
      const overCredit = (applied[cr]! += amt) > A[cr]!;
      if ((applied[db]! += amt) > A[db]! || overCredit) this.coll.overApplied.push(cr, db);
      const a = appDate.length;
      appDate.push(day);
      appCredit.push(cr);
      appDebit.push(db);
      appAmount.push(amt);
      this.appLine.push(r.line);
      prevApp.push(per.lastOfCredit[cr]!);
      per.lastOfCredit[cr] = a;
      const n = ++per.appsOfCredit[cr]!;
      if (this.repeatedRows) return;
      if (n <= CHAIN) {
        for (let k = prevApp.data[a]!; k !== -1; k = prevApp.data[k]!) {
          if (appDebit.data[k] === db && appDate.data[k] === day && appAmount.data[k] === amt) this.repeatedRows = true;
        }
        if (n === CHAIN) for (let k = a; k !== -1; k = prevApp.data[k]!) appKeys.add(appKey(k));
      } else if (!appKeys.add(appKey(a))) {
        // Identical columns for every identical row (and rarely a few more), so no repeat goes unseen.
        this.repeatedRows = true;
      }
    });

    rows('disputes.csv', (r) => {
      const day = r.day(0);
      r.id(1);
      const inv = ids.find(r.b, r.fs[1]!, r.fe[1]!);
      if (inv < 0 || K[inv]! > DEBIT_NOTE) giveUp('dispute invoice');
      const open = r.is(2, 'open') ? 1 : r.is(2, 'resolved') ? 0 : giveUp('dispute status');
      const h1 = r.hash(3, 0x811c9dc5);
      const h2 = r.hash(3, SEED2);
      const key = key53(h1 ^ Math.imul(inv, 0x9e3779b1) ^ day, h2 ^ open);
      // The plain reader reports a row that repeats its invoice's previous event; an equal key may be one.
      if (per.lastDispute[inv] === key) giveUp('dispute repeats its previous event');
      per.lastDispute[inv] = key;
      this.disputeKey.push(key);
      if (!this.disputeKeys.add(key)) this.repeatedRows = true;
      this.disputeDoc.push(inv);
      this.disputeDate.push(day);
      this.disputeOpen.push(open);
      this.disputeOffset.push(rowBase + r.start);
      this.disputeLine.push(r.line);
    });

    // Dunning notices: only their validity matters to the reports read this way.
    rows('dunning.csv', (r) => {
      const day = r.day(0);
      r.id(1);
      const cust = this.customers.find(r.b, r.fs[1]!, r.fe[1]!);
      if (cust < 0) giveUp('dunning customer');
      const ls = r.fs[2]!;
      const ln = r.fe[2]! - ls;
      if (ln < 1 || ln > 3) giveUp('dunning level');
      let level = 0;
      for (let j = ls; j < ls + ln; j++) {
        if (r.b[j]! < 48 || r.b[j]! > 57) giveUp('dunning level');
        level = level * 10 + r.b[j]! - 48;
      }
      r.id(3);
      const inv = ids.find(r.b, r.fs[3]!, r.fe[3]!);
      if (inv < 0 || C[inv] !== cust) giveUp('dunning invoice');
      const digits = digitsOf[custCcy[cust]!]!;
      r.amount(4, digits, true);
      if (!r.empty(5)) r.amount(5, digits, true);
      const interest = r.empty(6) ? 0 : r.amount(6, digits, true);
      // The field values joined by commas: the row's own bytes unless a field is quoted. Fields of two rows
      // that differ only in their quoting hash alike, as the plain reader compares values.
      let h1: number;
      let h2: number;
      if (!r.quotedLine) {
        h1 = hashBytes2(r.b, r.fs[0]!, r.fe[7]!, 0x811c9dc5, SEED2);
        h2 = hash2;
      } else {
        h1 = 0x811c9dc5;
        h2 = SEED2;
        for (let k = 0; k < 8; k++) {
          if (r.esc[k]) giveUp('dunning quotes');
          if (k > 0) {
            h1 = Math.imul(h1 ^ COMMA, 16777619);
            h2 = Math.imul(h2 ^ COMMA, 16777619);
          }
          h1 = hashBytes2(r.b, r.fs[k]!, r.fe[k]!, h1, h2);
          h2 = hash2;
        }
      }
      if (!this.dunningKeys.add(key53(h1, h2))) giveUp('dunning row repeated');
      this.dunningCustomer.push(cust);
      this.dunningOffset.push(rowBase + r.start);
      this.dunningLine.push(r.line);
      this.dunningDate.push(day);
      this.dunningDoc.push(inv);
      this.dunningLevel.push(level);
      this.dunningInterest.push(interest > 0 ? 1 : 0);
    });

    rows('reconciliations.csv', (r) => {
      r.day(0);
      if (r.empty(2) || r.esc[2]) giveUp('bank_ref');
      r.id(3);
      const pay = ids.find(r.b, r.fs[3]!, r.fe[3]!);
      if (pay < 0 || K[pay] !== PAYMENT) giveUp('reconciled payment');
      r.amount(4, digitsOf[ccyOf(pay)]!);
      if (!this.bankRefs.add(key53(r.hash(2, 0x811c9dc5), r.hash(2, SEED2)))) giveUp('bank_ref repeated');
    });

    // Invoice lines: net = round(quantity × unit_price), tax = round(net × rate / 100), Σ(net + tax) = amount.
    rows('invoice-lines.csv', (r) => {
      r.id(0);
      const inv = ids.find(r.b, r.fs[0]!, r.fe[0]!);
      if (inv < 0 || K[inv]! > DEBIT_NOTE) giveUp('line invoice');
      const ls = r.fs[1]!;
      const ln = r.fe[1]! - ls;
      if (ln < 1 || ln > 6) giveUp('line number');
      let lineNo = 0;
      for (let j = ls; j < ls + ln; j++) {
        const c = r.b[j]!;
        if (c < 48 || c > 57) giveUp('line number');
        lineNo = lineNo * 10 + (c - 48);
      }
      if (r.esc[3] || r.esc[4] || r.esc[5]) giveUp('line decimals');
      const qty = decimalOfBytes(r.b, r.fs[3]!, r.fe[3]!, true);
      const price = decimalOfBytes(r.b, r.fs[4]!, r.fe[4]!, true);
      const rate = r.empty(5) ? { int: 0, scale: 0 } : decimalOfBytes(r.b, r.fs[5]!, r.fe[5]!, false);
      if (!qty || !price || !rate || rate.scale > 10) giveUp('line decimals');
      const digits = digitsOf[ccyOf(inv)]!;
      const net = r.signed(6, digits);
      const tax = r.signed(7, digits);
      const wantNet = roundShift(qty.int * price.int, qty.scale + price.scale - digits);
      const wantTax = roundShift(net * rate.int, rate.scale + 2);
      if (!(wantNet === net) || !(wantTax === tax)) giveUp('line arithmetic');
      if (!this.lineKeys.add(inv * 1e6 + lineNo)) giveUp('line repeated');
      const before = per.lineSum[inv]!;
      if (Number.isNaN(before)) this.withLines.push(inv);
      const sum = (Number.isNaN(before) ? 0 : before) + net + tax;
      if (!Number.isSafeInteger(sum)) giveUp('line sum');
      per.lineSum[inv] = sum;
    });
    for (let k = 0; k < this.withLines.length; k++) {
      const inv = this.withLines.data[k]!;
      if (per.lineSum[inv] !== A[inv]) giveUp('lines do not add up');
    }

    // Exchange rates: units of base currency per unit, one per currency and day.
    rows('rates.csv', (r) => {
      const day = r.day(0);
      const s = r.fs[1]!;
      if (r.fe[1]! - s !== 3) giveUp('rate currency');
      const code = String.fromCharCode(r.b[s]!, r.b[s + 1]!, r.b[s + 2]!);
      if (!isCurrency(code)) giveUp('rate currency');
      const rate = r.esc[2] ? null : decimalOfBytes(r.b, r.fs[2]!, r.fe[2]!, false);
      if (!rate || rate.int === 0) giveUp('rate');
      if (!this.rateKeys.add((day + 1e6) * 4e6 + r.b[s]! * 16384 + r.b[s + 1]! * 128 + r.b[s + 2]!)) giveUp('rate repeated');
    });

    // Notes change no number these columns give, so only their validity is read (SPEC §8).
    rows('notes.csv', (r) => {
      const day = r.day(0);
      r.id(1);
      const cust = this.customers.find(r.b, r.fs[1]!, r.fe[1]!);
      if (cust < 0) giveUp('note customer');
      if (!r.empty(2)) {
        r.id(2);
        const inv = ids.find(r.b, r.fs[2]!, r.fe[2]!);
        if (inv < 0 || K[inv]! > REFUND || C[inv] !== cust) giveUp('note invoice');
      }
      if (!(r.is(3, 'call') || r.is(3, 'email') || r.is(3, 'letter') || r.is(3, 'meeting') || r.is(3, 'note'))) giveUp('note kind');
      if (!r.empty(5) && r.day(5) < day) giveUp('note follow_up');
    });
    // Promises, plans and voids: each row's own rules here, those between rows in `settle` (SPEC §8, README "Void").
    const coll = this.coll;
    rows('promises.csv', (r) => {
      const day = r.day(0);
      r.id(1);
      const cust = this.customers.find(r.b, r.fs[1]!, r.fe[1]!);
      if (cust < 0) giveUp('promise customer');
      let inv = -1;
      if (!r.empty(2)) {
        r.id(2);
        inv = ids.find(r.b, r.fs[2]!, r.fe[2]!);
        if (inv < 0 || K[inv]! > REFUND || C[inv] !== cust) giveUp('promise invoice');
      }
      const amt = r.amount(3, digitsOf[custCcy[cust]!]!);
      const dueDay = r.day(4);
      if (dueDay < day) giveUp('promise due');
      coll.promises.push({ day, cust, inv, amount: amt, due: dueDay, by: textOf(r, 5), note: textOf(r, 6), line: r.line });
    });
    rows('plans.csv', (r) => {
      const day = r.day(0);
      r.id(1);
      const inv = ids.find(r.b, r.fs[1]!, r.fe[1]!);
      if (inv < 0 || K[inv]! > DEBIT_NOTE) giveUp('plan invoice');
      const ks = r.fs[2]!;
      const kn = r.fe[2]! - ks;
      if (kn < 1 || kn > 3 || r.b[ks] === 48) giveUp('instalment');
      let k = 0;
      for (let j = ks; j < ks + kn; j++) {
        if (r.b[j]! < 48 || r.b[j]! > 57) giveUp('instalment');
        k = k * 10 + r.b[j]! - 48;
      }
      const dueDay = r.day(3);
      const amt = r.amount(4, digitsOf[ccyOf(inv)]!);
      if (day < D[inv]!) giveUp('plan date');
      coll.planRows.push({ day, inv, k, due: dueDay, amount: amt, line: r.line });
    });
    rows('voids.csv', (r) => {
      const day = r.day(0);
      r.id(1);
      const d = ids.find(r.b, r.fs[1]!, r.fe[1]!);
      if (d < 0) giveUp('void document');
      let rev = -1;
      if (!r.empty(2)) {
        r.id(2);
        rev = ids.find(r.b, r.fs[2]!, r.fe[2]!);
        if (rev < 0) giveUp('void reversal');
      }
      if (day < D[d]!) giveUp('void date');
      const want = reversalKind(K[d]!);
      if (want === -1 || (rev === -1 && want !== REFUND)) giveUp('void kind');
      if (rev !== -1 && (K[rev] !== want || C[rev] !== C[d] || A[rev] !== A[d] || D[rev] !== day)) giveUp('void reversal');
      const cs = r.fs[3]!;
      const cn = r.fe[3]! - cs;
      if (cn < 1 || cn > 9 || r.esc[3]) giveUp('void count');
      let count = 0;
      for (let j = cs; j < cs + cn; j++) {
        if (r.b[j]! < 48 || r.b[j]! > 57) giveUp('void count');
        count = count * 10 + r.b[j]! - 48;
      }
      coll.voids.push({ day, doc: d, rev, count, reason: textOf(r, 4), by: textOf(r, 5), line: r.line });
    });
    if (settle) this.settle();
  }

  /** The document columns as the rules of promises, plans and voids read them. */
  private docColumns(): import('./collections.js').DocColumns {
    return {
      kind: this.kind.data, customer: this.customer.data, amount: this.amount.data, date: this.date.data, text: (d) => this.ids.text(d),
      customerIds: this.customerIds, currencyOf: (c) => this.ccyCodes[this.custCcy[c]!]!,
    };
  }

  /**
   * Decides what the rules between rows of promises, plans and voids and the applications say, once every journal
   * fed has been read: groups the plans, appends each void's reversals to the applications (negative, dated on the
   * void, after the rows of applications.csv, as the plain reader has them) and proves every document over-applied
   * before its voids is not after them. Throws GiveUp as `feed` does.
   */
  settle(): void {
    this.dropReversals();
    const coll = this.coll;
    const per = this.per;
    coll.realApps = this.appDate.length;
    if (coll.empty && coll.overApplied.length === 0) return;
    const cols = this.docColumns();
    coll.groupPlans(cols, giveUp);
    const pairs = coll.reversals(cols, {
      n: this.appDate.length, date: this.appDate.data, credit: this.appCredit.data, debit: this.appDebit.data, amount: this.appAmount.data,
    }, giveUp);
    for (let i = 0; i < pairs.length; i += 2) {
      const a = pairs[i]!;
      const v = coll.voids[pairs[i + 1]!]!;
      const cr = this.appCredit.data[a]!;
      const db = this.appDebit.data[a]!;
      const amt = -this.appAmount.data[a]!;
      const at = this.appDate.length;
      this.appDate.push(v.day);
      this.appCredit.push(cr);
      this.appDebit.push(db);
      this.appAmount.push(amt);
      this.appLine.push(v.line);
      this.prevApp.push(per.lastOfCredit[cr]!);
      per.lastOfCredit[cr] = at;
      per.appsOfCredit[cr]!++;
      per.applied[cr]! += amt;
      per.applied[db]! += amt;
    }
    coll.reversed = true;
    for (const d of coll.overApplied) if (per.applied[d]! > this.amount.data[d]!) giveUp('over-applied');
    coll.overApplied = [];
    coll.objects(cols);
  }

  /** Takes the voids' reversals off the application columns, so that rows read next follow the file's rows. */
  private dropReversals(): void {
    const n = this.coll.realApps;
    if (!this.coll.reversed) return;
    this.coll.reversed = false;
    const per = this.per;
    for (let a = this.appDate.length - 1; a >= n; a--) {
      const cr = this.appCredit.data[a]!;
      const amt = this.appAmount.data[a]!;
      per.applied[cr]! -= amt;
      per.applied[this.appDebit.data[a]!]! -= amt;
      per.lastOfCredit[cr] = this.prevApp.data[a]!;
      per.appsOfCredit[cr]!--;
    }
    for (const c of [this.appDate, this.appCredit, this.appDebit, this.appAmount, this.prevApp, this.appLine]) c.length = n;
  }

  /** The whole state, for the cache. */
  save(): Packed {
    const p = new Pack();
    for (const j of SCAN_ORDER) {
      p.number(this.consumed.get(j) ?? 0);
      p.number(this.lines.get(j) ?? 0);
      p.number(this.endsLine.get(j) === false ? 0 : 1);
    }
    // The customers' ids and currencies as the constructor interns them, so that loading does not do it again.
    this.customers.save(p);
    p.number(this.digitsOf.length);
    for (let k = 0; k < this.digitsOf.length; k++) for (const v of [this.digitsOf[k]!, ...this.ccyBytes[k]!]) p.number(v);
    p.array(Int32Array.from(this.custCcy));
    this.ids.save(p);
    for (const c of [this.kind, this.date, this.due, this.customer, this.amount]) saveColumn(p, c);
    for (const side of this.sums) for (const v of side) p.number(v);
    // Per-document sums and chains are made again on loading from the rows they come from: a third less to save.
    const sums = new Float64Array(this.withLines.length);
    for (let k = 0; k < sums.length; k++) sums[k] = this.per.lineSum[this.withLines.data[k]!]!;
    p.array(sums);
    for (const c of [this.appDate, this.appCredit, this.appDebit, this.appAmount, this.prevApp]) saveColumn(p, c);
    this.appKeys.save(p);
    for (const c of [this.disputeDoc, this.disputeDate, this.disputeOpen]) saveColumn(p, c);
    for (const k of [this.disputeKeys, this.dunningKeys, this.bankRefs, this.lineKeys]) k.save(p);
    saveColumn(p, this.withLines);
    this.rateKeys.save(p);
    p.number(this.repeatedRows ? 1 : 0);
    for (const c of [this.docOffset, this.docLine, this.appLine, this.disputeOffset, this.disputeLine, this.disputeKey, this.dunningCustomer, this.dunningOffset, this.dunningLine]) saveColumn(p, c);
    for (const c of [this.dunningDate, this.dunningDoc, this.dunningLevel, this.dunningInterest]) saveColumn(p, c);
    this.coll.save(p);
    return p;
  }

  /**
   * A saved state read back for the same customers. Every index in it is checked to point inside it, so a
   * damaged state is refused (BadState) rather than read as another ledger or followed round in a loop.
   */
  static load(customers: ReadonlyMap<string, Customer>, packed: Packed): FastScanner {
    const s = new FastScanner(NO_CUSTOMERS);
    const u = new Unpack(packed);
    for (const j of SCAN_ORDER) {
      const n = u.number();
      const lines = u.number();
      const ends = u.number(0, 1) === 1;
      if (n > 0) {
        s.consumed.set(j, n);
        s.lines.set(j, lines);
        s.endsLine.set(j, ends);
      }
    }
    s.customers = IdTable.load(u);
    if (s.customers.size !== customers.size) throw new BadState('customers');
    s.customerIds = Array.from({ length: s.customers.size }, (_, k) => s.customers.text(k));
    const currencies = u.number(0, 0xffff);
    for (let k = 0; k < currencies; k++) {
      s.digitsOf.push(u.number(0, 20));
      const bytes = [u.number(0, 0xffff), u.number(0, 0xffff), u.number(0, 0xffff)];
      s.ccyBytes.push(bytes);
      s.ccyCodes.push(String.fromCharCode(...bytes));
    }
    s.sums = [s.digitsOf.map(() => 0), s.digitsOf.map(() => 0)];
    const custCcy = u.int32();
    if (custCcy.length !== s.customerIds.length || !within(custCcy, 0, currencies - 1)) throw new BadState('customer currencies');
    s.custCcy = Array.from(custCcy);
    s.ids = IdTable.load(u);
    s.kind = loadUint8(u);
    s.date = loadInt32(u);
    s.due = loadInt32(u);
    s.customer = loadInt32(u);
    s.amount = loadFloat64(u);
    const docs = s.kind.length;
    const nc = s.customerIds.length;
    if (s.ids.size !== docs || [s.date, s.due, s.customer, s.amount].some((c) => c.length !== docs)) throw new BadState('documents');
    if (!withinBytes(s.kind.data, 5) || !within(s.customer.data, 0, nc - 1)) throw new BadState('document');
    for (const side of s.sums) for (let c = 0; c < side.length; c++) side[c] = u.number();
    const lineSums = u.float64();
    s.appDate = loadInt32(u);
    s.appCredit = loadInt32(u);
    s.appDebit = loadInt32(u);
    s.appAmount = loadFloat64(u);
    s.prevApp = loadInt32(u);
    const apps = s.appDate.length;
    if ([s.appCredit, s.appDebit, s.appAmount, s.prevApp].some((c) => c.length !== apps)) throw new BadState('applications');
    if (!within(s.appCredit.data, 0, docs - 1) || !within(s.appDebit.data, 0, docs - 1)) throw new BadState('application');
    // Each application's previous one comes before it, so following them always ends.
    let before = 0;
    let first = 0;
    const prevs = s.prevApp.data;
    for (let a = 0; a < apps; a++) {
      before = Math.min(before, a - 1 - prevs[a]!);
      first = Math.min(first, prevs[a]! + 1);
    }
    if (before < 0 || first < 0) throw new BadState('application chain');
    s.appKeys = KeySet.load(u);
    s.disputeDoc = loadInt32(u);
    s.disputeDate = loadInt32(u);
    s.disputeOpen = loadUint8(u);
    const disputes = s.disputeDoc.length;
    if (s.disputeDate.length !== disputes || s.disputeOpen.length !== disputes) throw new BadState('disputes');
    if (!within(s.disputeDoc.data, 0, docs - 1)) throw new BadState('dispute');
    s.disputeKeys = KeySet.load(u);
    s.dunningKeys = KeySet.load(u);
    s.bankRefs = KeySet.load(u);
    s.lineKeys = KeySet.load(u);
    s.withLines = loadInt32(u);
    if (lineSums.length !== s.withLines.length) throw new BadState('line sums');
    if (!within(s.withLines.data, 0, docs - 1)) throw new BadState('lines');
    s.rateKeys = KeySet.load(u);
    s.repeatedRows = u.number(0, 1) === 1;
    s.docOffset = loadFloat64(u);
    s.docLine = loadInt32(u);
    s.appLine = loadInt32(u);
    s.disputeOffset = loadFloat64(u);
    s.disputeLine = loadInt32(u);
    s.disputeKey = loadFloat64(u);
    s.dunningCustomer = loadInt32(u);
    s.dunningOffset = loadFloat64(u);
    s.dunningLine = loadInt32(u);
    s.dunningDate = loadInt32(u);
    s.dunningDoc = loadInt32(u);
    s.dunningLevel = loadInt32(u);
    s.dunningInterest = loadUint8(u);
    const notices = s.dunningCustomer.length;
    if (s.docOffset.length !== docs || s.docLine.length !== docs || s.appLine.length !== apps
      || s.disputeOffset.length !== disputes || s.disputeLine.length !== disputes || s.disputeKey.length !== disputes
      || s.dunningOffset.length !== notices || s.dunningLine.length !== notices || s.dunningDate.length !== notices
      || s.dunningDoc.length !== notices || s.dunningLevel.length !== notices || s.dunningInterest.length !== notices) throw new BadState('places');
    if (!within(s.dunningCustomer.data, 0, nc - 1) || !within(s.dunningDoc.data, 0, docs - 1)) throw new BadState('notice');
    // What each document has applied, its chain of applications, its last dispute event and the sum of its lines.
    // Exactly as many as there are documents, not the quarter more a growing state keeps: most runs add none.
    const per = s.per;
    per.applied = new Float64Array(docs);
    per.lastOfCredit = new Int32Array(docs).fill(-1);
    per.appsOfCredit = new Int32Array(docs);
    per.lastDispute = new Float64Array(docs).fill(-1);
    per.lineSum = new Float64Array(docs).fill(NaN);
    for (let a = 0; a < apps; a++) {
      const cr = s.appCredit.data[a]!;
      per.applied[cr]! += s.appAmount.data[a]!;
      per.applied[s.appDebit.data[a]!]! += s.appAmount.data[a]!;
      per.lastOfCredit[cr] = a;
      per.appsOfCredit[cr]!++;
    }
    for (let k = 0; k < disputes; k++) per.lastDispute[s.disputeDoc.data[k]!] = s.disputeKey.data[k]!;
    for (let k = 0; k < lineSums.length; k++) per.lineSum[s.withLines.data[k]!] = lineSums[k]!;
    s.coll = FastCollections.load(u, docs, nc, apps);
    u.end();
    // The plans grouped, the voids' reversals made again and checked: a state that does not hold together is refused.
    try {
      s.settle();
    } catch (e) {
      if (e instanceof GiveUp) throw new BadState('collections');
      throw e;
    }
    return s;
  }

  /** The last application of a credit document, -1 for none; earlier ones follow `prevApp`. */
  lastOfCreditOf(doc: number): number {
    return this.per.lastOfCredit[doc] ?? -1;
  }

  /** The columns as read so far (views: feeding more may leave them behind). */
  ledger(): FastLedger {
    return {
      docs: this.kind.length, kind: this.kind.view(), date: this.date.view(), due: this.due.view(),
      customer: this.customer.view(), amount: this.amount.view(), ids: this.ids, customerIds: this.customerIds,
      apps: this.appDate.length, appDate: this.appDate.view(), appCredit: this.appCredit.view(),
      appDebit: this.appDebit.view(), appAmount: this.appAmount.view(), disputes: this.disputeDoc.length,
      disputeDoc: this.disputeDoc.view(), disputeDate: this.disputeDate.view(), disputeOpen: this.disputeOpen.view(),
      repeatedRows: this.repeatedRows, collections: this.coll,
    };
  }
}
