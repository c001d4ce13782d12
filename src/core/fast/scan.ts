// The fast reader (issue: a million invoices at terminal speed). One pass over each journal's bytes fills typed
// columns, interns ids by their bytes and checks every rule of SPEC §1.2 that a row can break, in the same
// pass. It takes only what it is sure of: the first row or state it cannot prove valid (a record over several
// lines, a stray quote or CR, any rule broken, an unlikely hash collision) makes it give up, and the caller
// reads the ledger the plain way (src/core/ledger.ts), which is the authority on every message. So a ledger
// this reader accepts is one the plain reader accepts with no issue, and what it computes from the columns is
// what the plain reports compute from the objects (test/core/fast.test.ts proves it on random ledgers).
import { JOURNALS, type JournalName } from '../journals.js';
import { isCurrency, minorDigits, MAX_EXACT_MINOR, type Currency } from '../money.js';
import type { Customer } from '../types.js';
import {
  Column, dayOfBytes, decimalOfBytes, float64, hashBytes, IdTable, int32, isIdBytes, minorOfBytes, roundShift,
  uint8,
} from './bytes.js';

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
 * are taken: one line each, quotes only around whole fields.
 */
class Records {
  readonly fs = new Int32Array(16);
  readonly fe = new Int32Array(16);
  readonly esc = new Uint8Array(16);
  pos: number;
  line = 0;
  constructor(readonly b: Uint8Array, readonly name: string) {
    this.pos = b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  }

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
      if (b[i] === LF) {
        i++;
        continue;
      }
      if (b[i] === CR && b[i + 1] === LF) {
        i += 2;
        continue;
      }
      break;
    }
    let n = 0;
    for (;;) {
      if (n === 16) giveUp(`${this.name}: too many fields`);
      this.esc[n] = 0;
      if (b[i] === DQ) {
        const s = i + 1;
        let j = s;
        for (;;) {
          if (j >= len) giveUp(`${this.name}: unclosed quote`);
          const c = b[j]!;
          if (c === DQ) {
            if (b[j + 1] === DQ) {
              this.esc[n] = 1;
              j += 2;
              continue;
            }
            break;
          }
          if (c === LF || c === CR) giveUp(`${this.name}: a quoted line break`);
          j++;
        }
        this.fs[n] = s;
        this.fe[n] = j;
        n++;
        i = j + 1;
      } else {
        const s = i;
        let j = i;
        for (;;) {
          if (j >= len) break;
          const c = b[j]!;
          if (c === COMMA || c === LF) break;
          if (c === DQ) giveUp(`${this.name}: a quote inside a field`);
          if (c === CR) {
            if (b[j + 1] === LF) break;
            giveUp(`${this.name}: a bare CR`);
          }
          j++;
        }
        this.fs[n] = s;
        this.fe[n] = j;
        n++;
        i = j;
      }
      if (i >= len) break;
      const c = b[i]!;
      if (c === COMMA) {
        i++;
        if (i >= len) {
          // "a,b," at the very end: a last empty field.
          this.fs[n] = i;
          this.fe[n] = i;
          this.esc[n] = 0;
          n++;
          break;
        }
        continue;
      }
      if (c === LF) {
        i++;
        break;
      }
      if (c === CR && b[i + 1] === LF) {
        i += 2;
        break;
      }
      giveUp(`${this.name}: text after a closing quote`);
    }
    // A comma right before the line end leaves an empty last field.
    this.pos = i;
    return n;
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

/** A set of 53-bit keys (two 32-bit hashes, or an exact small key) in open addressing. */
class KeySet {
  private keys: Float64Array;
  private size = 0;
  constructor(expected = 1024) {
    this.keys = new Float64Array(1 << Math.max(10, Math.ceil(Math.log2(expected * 2)))).fill(-1);
  }
  /** Adds the key; false when it was already there. */
  add(key: number): boolean {
    let mask = this.keys.length - 1;
    let p = (key ^ (key / 4294967296)) & mask;
    for (;;) {
      const k = this.keys[p]!;
      if (k === key) return false;
      if (k === -1) break;
      p = (p + 1) & mask;
    }
    this.keys[p] = key;
    if (++this.size * 2 > this.keys.length) {
      const old = this.keys;
      this.keys = new Float64Array(old.length * 2).fill(-1);
      mask = this.keys.length - 1;
      for (const k of old) {
        if (k === -1) continue;
        let q = (k ^ (k / 4294967296)) & mask;
        while (this.keys[q] !== -1) q = (q + 1) & mask;
        this.keys[q] = k;
      }
    }
    return true;
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

/** Reads a ledger into columns, or throws GiveUp when the plain reader has to decide. */
export function scanLedger(input: FastInput): FastLedger {
  const total = [...input.journals.values()].reduce((n, b) => n + b.length, 0);
  const customers = new IdTable(input.customers.size);
  const customerIds: string[] = [];
  const custCcy: number[] = [];
  const currencies: string[] = [];
  const ccyIndex = new Map<string, number>();
  for (const c of input.customers.values()) {
    if (!/^[\x21-\x7e]+$/.test(c.id) || customers.addString(c.id) !== customerIds.length) giveUp('customer ids');
    customerIds.push(c.id);
    let k = ccyIndex.get(c.currency);
    if (k === undefined) {
      ccyIndex.set(c.currency, (k = currencies.length));
      currencies.push(c.currency);
    }
    custCcy.push(k);
  }
  const digitsOf = currencies.map((c) => minorDigits(c));
  // A customer's currency is the only one its documents may be in, so the code is compared with that one.
  const ccyBytes = currencies.map((c) => [c.charCodeAt(0), c.charCodeAt(1), c.charCodeAt(2)]);

  const guess = Math.max(1024, total / 60);
  const ids = new IdTable(guess);
  const kind = uint8(guess);
  const date = int32(guess);
  const due = int32(guess);
  const customer = int32(guess);
  const amount = float64(guess);
  const sums: [number[], number[]] = [currencies.map(() => 0), currencies.map(() => 0)];
  const creditRefs: number[] = [];

  const docRows = (name: JournalName, read: (r: Records) => void): void => {
    const b = input.journals.get(name);
    if (!b) return;
    const r = new Records(b, name);
    header(r, name);
    const n = JOURNALS[name].length;
    for (let m = r.next(); m !== 0; m = r.next()) {
      if (m !== n) giveUp(`${name}:${r.line}: field count`);
      read(r);
    }
  };
  /** Fields shared by every document journal: id at 0, and where its date, customer, currency and amount are. */
  const doc = (r: Records, k: number, dCol: number, cCol: number): number => {
    r.id(0);
    if (ids.add(r.b, r.fs[0]!, r.fe[0]!) < 0) giveUp(`${r.name}:${r.line}: duplicate id`);
    const day = r.day(dCol);
    r.id(cCol);
    const cust = customers.find(r.b, r.fs[cCol]!, r.fe[cCol]!);
    if (cust < 0) giveUp(`${r.name}:${r.line}: unknown customer`);
    const cc = custCcy[cust]!;
    const want = ccyBytes[cc]!;
    const s = r.fs[cCol + 1]!;
    if (r.fe[cCol + 1]! - s !== 3 || r.b[s] !== want[0] || r.b[s + 1] !== want[1] || r.b[s + 2] !== want[2] || !isCurrency(currencies[cc]!)) {
      giveUp(`${r.name}:${r.line}: currency`);
    }
    const amt = r.amount(cCol + 2, digitsOf[cc]!);
    sums[k <= REFUND ? 0 : 1][cc]! += amt;
    kind.push(k);
    date.push(day);
    due.push(day);
    customer.push(cust);
    amount.push(amt);
    return day;
  };

  docRows('invoices.csv', (r) => {
    const k = r.is(1, 'invoice') ? INVOICE : r.is(1, 'debit-note') ? DEBIT_NOTE : giveUp('kind');
    const day = doc(r, k, 2, 4);
    const dueDay = r.day(3);
    if (dueDay < day) giveUp('due before date');
    due.data[due.length - 1] = dueDay;
  });
  docRows('payments.csv', (r) => void doc(r, PAYMENT, 1, 2));
  docRows('credits.csv', (r) => {
    const k = r.is(1, 'credit-note') ? 4 : r.is(1, 'write-off') ? 5 : giveUp('kind');
    doc(r, k, 2, 3);
    if (!r.empty(6)) {
      r.id(6);
      creditRefs.push(kind.length - 1, r.fs[6]!, r.fe[6]!);
    }
  });
  docRows('refunds.csv', (r) => void doc(r, REFUND, 1, 2));
  for (const s of sums) for (const v of s) if (v > MAX_EXACT_MINOR) giveUp('sums past 2^53');
  const creditBytes = input.journals.get('credits.csv')!;
  for (let i = 0; i < creditRefs.length; i += 3) {
    const target = ids.find(creditBytes, creditRefs[i + 1]!, creditRefs[i + 2]!);
    const from = creditRefs[i]!;
    if (target < 0 || kind.data[target]! > REFUND || customer.data[target] !== customer.data[from]) giveUp('credit invoice');
  }

  const docs = kind.length;
  const K = kind.data;
  const D = date.data;
  const C = customer.data;
  const A = amount.data;
  const ccyOf = (d: number): number => custCcy[C[d]!]!;
  let repeatedRows = false;

  // Applications.
  const appDate = int32();
  const appCredit = int32();
  const appDebit = int32();
  const appAmount = float64();
  const applied = new Float64Array(docs);
  const appKeys = new KeySet();
  docRows('applications.csv', (r) => {
    const day = r.day(0);
    r.id(1);
    r.id(2);
    const cr = ids.find(r.b, r.fs[1]!, r.fe[1]!);
    const db = ids.find(r.b, r.fs[2]!, r.fe[2]!);
    if (cr < 0 || db < 0 || K[cr]! <= REFUND || K[db]! > REFUND || C[cr] !== C[db]) giveUp('application link');
    if (day < D[cr]! || day < D[db]!) giveUp('application date');
    const amt = r.amount(3, digitsOf[ccyOf(cr)]!);
    if ((applied[cr]! += amt) > A[cr]! || (applied[db]! += amt) > A[db]!) giveUp('over-applied');
    // Identical columns for every identical row (and a few more), so no repeat goes unseen.
    if (!repeatedRows && !appKeys.add(key53(Math.imul(cr, 0x9e3779b1) ^ Math.imul(db, 0x85ebca6b) ^ day, (amt % 2097152) ^ Math.imul(day, 31)))) {
      repeatedRows = true;
    }
    appDate.push(day);
    appCredit.push(cr);
    appDebit.push(db);
    appAmount.push(amt);
  });

  // Disputes.
  const disputeDoc = int32();
  const disputeDate = int32();
  const disputeOpen = uint8();
  const lastDispute = new Map<number, number>();
  const disputeKeys = new KeySet();
  docRows('disputes.csv', (r) => {
    const day = r.day(0);
    r.id(1);
    const inv = ids.find(r.b, r.fs[1]!, r.fe[1]!);
    if (inv < 0 || K[inv]! > DEBIT_NOTE) giveUp('dispute invoice');
    const open = r.is(2, 'open') ? 1 : r.is(2, 'resolved') ? 0 : giveUp('dispute status');
    const h1 = r.hash(3, 0x811c9dc5);
    const h2 = r.hash(3, SEED2);
    const key = key53(h1 ^ Math.imul(inv, 0x9e3779b1) ^ day, h2 ^ open);
    const prev = lastDispute.get(inv);
    // The plain reader reports a row that repeats its invoice's previous event; an equal hash may be one.
    if (prev !== undefined && prev === key) giveUp('dispute repeats its previous event');
    lastDispute.set(inv, key);
    if (!disputeKeys.add(key)) repeatedRows = true;
    disputeDoc.push(inv);
    disputeDate.push(day);
    disputeOpen.push(open);
  });

  // Dunning notices: only their validity matters to the reports read this way.
  const dunningKeys = new KeySet();
  docRows('dunning.csv', (r) => {
    r.day(0);
    r.id(1);
    const cust = customers.find(r.b, r.fs[1]!, r.fe[1]!);
    if (cust < 0) giveUp('dunning customer');
    const ls = r.fs[2]!;
    const ln = r.fe[2]! - ls;
    if (ln < 1 || ln > 3) giveUp('dunning level');
    for (let j = ls; j < ls + ln; j++) if (r.b[j]! < 48 || r.b[j]! > 57) giveUp('dunning level');
    r.id(3);
    const inv = ids.find(r.b, r.fs[3]!, r.fe[3]!);
    if (inv < 0 || C[inv] !== cust) giveUp('dunning invoice');
    const digits = digitsOf[custCcy[cust]!]!;
    r.amount(4, digits, true);
    if (!r.empty(5)) r.amount(5, digits, true);
    if (!r.empty(6)) r.amount(6, digits, true);
    let h1 = 0x811c9dc5;
    let h2 = SEED2;
    for (let k = 0; k < 8; k++) {
      if (r.esc[k]) giveUp('dunning quotes');
      h1 = hashBytes(r.b, r.fs[k]!, r.fe[k]!, Math.imul(h1, 16777619) ^ 0x1f);
      h2 = hashBytes(r.b, r.fs[k]!, r.fe[k]!, Math.imul(h2 ^ 0x1f, 0x01000193));
    }
    if (!dunningKeys.add(key53(h1, h2))) giveUp('dunning row repeated');
  });

  // Bank reconciliations.
  const bankRefs = new KeySet();
  docRows('reconciliations.csv', (r) => {
    r.day(0);
    if (r.empty(2) || r.esc[2]) giveUp('bank_ref');
    r.id(3);
    const pay = ids.find(r.b, r.fs[3]!, r.fe[3]!);
    if (pay < 0 || K[pay] !== PAYMENT) giveUp('reconciled payment');
    r.amount(4, digitsOf[ccyOf(pay)]!);
    if (!bankRefs.add(key53(r.hash(2, 0x811c9dc5), r.hash(2, SEED2)))) giveUp('bank_ref repeated');
  });

  // Invoice lines: net = round(quantity × unit_price), tax = round(net × rate / 100), Σ(net + tax) = amount.
  const lineSum = new Map<number, number>();
  const lineKeys = new KeySet();
  docRows('invoice-lines.csv', (r) => {
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
    if (!lineKeys.add(inv * 1e6 + lineNo)) giveUp('line repeated');
    const sum = (lineSum.get(inv) ?? 0) + net + tax;
    if (!Number.isSafeInteger(sum)) giveUp('line sum');
    lineSum.set(inv, sum);
  });
  for (const [inv, sum] of lineSum) if (sum !== A[inv]) giveUp('lines do not add up');

  // Exchange rates: units of base currency per unit, one per currency and day.
  const rateKeys = new KeySet();
  docRows('rates.csv', (r) => {
    const day = r.day(0);
    const s = r.fs[1]!;
    if (r.fe[1]! - s !== 3) giveUp('rate currency');
    const code = String.fromCharCode(r.b[s]!, r.b[s + 1]!, r.b[s + 2]!);
    if (!isCurrency(code)) giveUp('rate currency');
    const rate = r.esc[2] ? null : decimalOfBytes(r.b, r.fs[2]!, r.fe[2]!, false);
    if (!rate || rate.int === 0) giveUp('rate');
    if (!rateKeys.add((day + 1e6) * 4e6 + r.b[s]! * 16384 + r.b[s + 1]! * 128 + r.b[s + 2]!)) giveUp('rate repeated');
  });

  return {
    docs, kind: kind.view(), date: date.view(), due: due.view(), customer: customer.view(), amount: amount.view(), ids,
    customerIds, apps: appDate.length, appDate: appDate.view(), appCredit: appCredit.view(), appDebit: appDebit.view(),
    appAmount: appAmount.view(), disputes: disputeDoc.length, disputeDoc: disputeDoc.view(),
    disputeDate: disputeDate.view(), disputeOpen: disputeOpen.view(), repeatedRows,
  };
}

export type { Currency, Column };
