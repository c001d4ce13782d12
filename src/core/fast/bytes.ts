// Byte-level building blocks of the fast reader: growable typed columns, an id table that interns ids by their
// bytes (no string per row), and parsers for the ledger's dates and amounts straight from UTF-8 bytes.
import { civilToDays } from '../date.js';

/**
 * The next capacity of a full column: doubled while small, a quarter more once large, so that a few rows read on
 * top of a million loaded from the cache (a warm write) do not make every column twice its size.
 */
const grown = (n: number): number => (n < 1 << 20 ? Math.max(16, n * 2) : n + (n >> 2));

/**
 * A growable column of numbers in a typed array, so a million rows are one allocation, not a million. One class
 * per element type: a single generic class would see three kinds of array at its `push`, and V8 would stop
 * optimising the one line every row goes through.
 */
export class Int32Column {
  length = 0;
  constructor(public data: Int32Array = new Int32Array(1024)) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(grown(this.data.length));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  /** Room for `n` rows in all, made once: growing a large column copies it and makes the collector run. */
  reserve(n: number): void {
    if (n <= this.data.length) return;
    const next = new Int32Array(n);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

export class Float64Column {
  length = 0;
  constructor(public data: Float64Array = new Float64Array(1024)) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(grown(this.data.length));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  /** Room for `n` rows in all, made once: growing a large column copies it and makes the collector run. */
  reserve(n: number): void {
    if (n <= this.data.length) return;
    const next = new Float64Array(n);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

export class Uint8Column {
  length = 0;
  constructor(public data: Uint8Array = new Uint8Array(1024)) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Uint8Array(grown(this.data.length));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  /** Room for `n` rows in all, made once: growing a large column copies it and makes the collector run. */
  reserve(n: number): void {
    if (n <= this.data.length) return;
    const next = new Uint8Array(n);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
  view(): Uint8Array {
    return this.data.subarray(0, this.length);
  }
}

export const int32 = (n = 1024): Int32Column => new Int32Column(new Int32Array(Math.max(16, n)));
export const float64 = (n = 1024): Float64Column => new Float64Column(new Float64Array(Math.max(16, n)));
export const uint8 = (n = 1024): Uint8Column => new Uint8Column(new Uint8Array(Math.max(16, n)));

/** A second hash of the last `hashBytes2` call. */
export let hash2 = 0;

/** Two FNV-1a hashes (different offsets) over a byte range in one pass: the first returned, the second in hash2. */
export function hashBytes2(b: Uint8Array, s: number, e: number, h1: number, h2: number): number {
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    h1 = Math.imul(h1 ^ c, 16777619);
    h2 = Math.imul(h2 ^ c, 16777619);
  }
  hash2 = h2 >>> 0;
  return h1 >>> 0;
}

/** FNV-1a over a byte range. */
export function hashBytes(b: Uint8Array, s: number, e: number, h = 0x811c9dc5): number {
  for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, 16777619);
  return h >>> 0;
}

/** Ids of one numbering series: a prefix and a fixed count of digits, e.g. INV-2026- and 5 for INV-2026-00042. */
interface Series {
  readonly prefix: Uint8Array;
  readonly width: number;
  /** Id index + 1 by the number after the prefix; 0 for none. */
  dense: Int32Array;
  count: number;
}

const MAX_SERIES = 64;
const MAX_WIDTH = 9;

/**
 * Interns ids by their bytes, so that reading a reference costs a lookup, not a string. Ids numbered in a series
 * (what arledger itself writes: a prefix and a zero-padded counter) are found by their number in an array, which
 * stays in the cache as rows go by; any other id through open addressing over an arena of id bytes. Which of the
 * two holds an id is decided by the id alone, so both ways agree.
 */
export class IdTable {
  private slots: Int32Array;
  private mask: number;
  private arena: Uint8Array = new Uint8Array(1 << 16);
  private used = 0;
  private starts = int32();
  private lens = uint8();
  private hashes = int32();
  private series: Series[] = [];
  /** The series table filled up once: ids of series seen after that live in the hash. */
  private seriesFull = false;
  private last = 0;
  size = 0;

  constructor(expected = 1024) {
    const cap = 1 << Math.max(10, Math.ceil(Math.log2(expected * 2)));
    this.slots = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
  }

  /** Room for `more` ids of about `bytes` bytes together, made once instead of growing. */
  reserve(more: number, bytes: number): void {
    this.starts.reserve(this.size + more);
    this.lens.reserve(this.size + more);
    this.hashes.reserve(this.size + more);
    if (this.used + bytes > this.arena.length) {
      const next = new Uint8Array(this.used + bytes);
      next.set(this.arena.subarray(0, this.used));
      this.arena = next;
    }
  }

  /** The index of the id in bytes [s, e), or -1. */
  find(b: Uint8Array, s: number, e: number): number {
    return this.lookup(b, s, e, false);
  }

  /** Adds the id and returns its new index, or returns ~index when it is already there. */
  add(b: Uint8Array, s: number, e: number): number {
    return this.lookup(b, s, e, true);
  }

  findString(id: string): number {
    const b = asciiBytes(id);
    return b === null ? -1 : this.find(b, 0, b.length);
  }

  addString(id: string): number {
    const b = asciiBytes(id);
    if (b === null) throw new RangeError('ids are ASCII');
    return this.add(b, 0, b.length);
  }

  private lookup(b: Uint8Array, s: number, e: number, insert: boolean): number {
    let j = e;
    let num = 0;
    let mul = 1;
    while (j > s && e - j < MAX_WIDTH) {
      const c = b[j - 1]!;
      if (c < 48 || c > 57) break;
      num += (c - 48) * mul;
      mul *= 10;
      j--;
    }
    if (j < e) {
      const sr = this.seriesOf(b, s, j, e - j, insert);
      if (sr !== null) {
        const dense = sr.dense;
        if (num < dense.length) {
          const k = dense[num]! - 1;
          if (k >= 0) return insert ? ~k : k;
          if (!insert) return -1;
          const n = this.append(b, s, e, 0);
          dense[num] = n + 1;
          sr.count++;
          return n;
        }
        // Kept dense while the array stays within twice what it holds (plus a start): a far-off number goes to
        // the hash, so no id can make the table large.
        if (num < 2 * (sr.count + 65536)) {
          if (!insert) return -1;
          const next = new Int32Array(Math.max(num + 1, Math.min(2 * (sr.count + 65536), dense.length * 2)));
          next.set(dense);
          sr.dense = next;
          const n = this.append(b, s, e, 0);
          next[num] = n + 1;
          sr.count++;
          return n;
        }
      }
    }
    return this.probe(b, s, e, hashBytes(b, s, e), insert);
  }

  /** The series of a prefix and width; created on insert while there is room. */
  private seriesOf(b: Uint8Array, s: number, j: number, width: number, insert: boolean): Series | null {
    const plen = j - s;
    const list = this.series;
    for (let t = 0, i = this.last; t < list.length; t++, i = i + 1 === list.length ? 0 : i + 1) {
      const sr = list[i]!;
      if (sr.width !== width || sr.prefix.length !== plen) continue;
      let q = 0;
      while (q < plen && sr.prefix[q] === b[s + q]) q++;
      if (q === plen) {
        this.last = i;
        return sr;
      }
    }
    if (!insert || this.seriesFull) return null;
    if (list.length === MAX_SERIES) {
      this.seriesFull = true;
      return null;
    }
    // A copy: Buffer's own slice() is a view, and a reader may reuse its buffer for the next piece of a journal.
    const sr: Series = { prefix: Uint8Array.prototype.slice.call(b, s, j), width, dense: new Int32Array(1024), count: 0 };
    list.push(sr);
    return sr;
  }

  private append(b: Uint8Array, s: number, e: number, h: number): number {
    const len = e - s;
    const k = this.size++;
    if (this.used + len > this.arena.length) {
      const next = new Uint8Array(Math.max(this.arena.length * 2, this.used + len, 1 << 16));
      next.set(this.arena.subarray(0, this.used));
      this.arena = next;
    }
    // A byte loop, not set(subarray): a view object per id was most of the garbage of reading a million rows.
    const arena = this.arena;
    for (let i = s, o = this.used; i < e; i++, o++) arena[o] = b[i]!;
    this.starts.push(this.used);
    this.lens.push(len);
    this.hashes.push(h | 0);
    this.used += len;
    return k;
  }

  private probe(b: Uint8Array, s: number, e: number, h: number, insert: boolean): number {
    const len = e - s;
    const arena = this.arena;
    let p = h & this.mask;
    for (;;) {
      const k = this.slots[p]!;
      if (k === -1) break;
      if (this.hashes.data[k] === (h | 0) && this.lens.data[k] === len) {
        const o = this.starts.data[k]!;
        let j = 0;
        while (j < len && arena[o + j] === b[s + j]) j++;
        if (j === len) return insert ? ~k : k;
      }
      p = (p + 1) & this.mask;
    }
    if (!insert) return -1;
    const k = this.append(b, s, e, h);
    this.slots[p] = k;
    this.hashed++;
    if (this.hashed * 2 > this.slots.length) this.grow();
    return k;
  }

  private hashed = 0;

  private grow(): void {
    const cap = this.slots.length * 2;
    const slots = new Int32Array(cap).fill(-1);
    const mask = cap - 1;
    const old = this.slots;
    const hashes = this.hashes.data;
    for (let p = 0; p < old.length; p++) {
      const k = old[p]!;
      if (k === -1) continue;
      let q = hashes[k]! & mask;
      while (slots[q] !== -1) q = (q + 1) & mask;
      slots[q] = k;
    }
    this.slots = slots;
    this.mask = mask;
  }

  save(p: Pack): void {
    p.number(this.size);
    p.number(this.used);
    p.number(this.hashed);
    p.number(this.seriesFull ? 1 : 0);
    p.array(this.arena.subarray(0, this.used));
    // Ids are appended one after another, so their starts are the running sum of their lengths: not saved.
    const starts = this.starts.data;
    const lens = this.lens.data;
    let at = 0;
    let contiguous = 1;
    for (let k = 0; k < this.size; k++) {
      contiguous &= starts[k] === at ? 1 : 0;
      at += lens[k]!;
    }
    p.number(contiguous);
    if (!contiguous) saveColumn(p, this.starts);
    saveColumn(p, this.lens);
    p.array(this.slots);
    // Only the ids in the hash have their hash looked at (an id of a series is found by its number, and has 0):
    // those hashes are saved in slot order, unless some other id has one.
    const hashes = this.hashes.data;
    const inHash: number[] = [];
    let others = 0;
    for (let q = 0; q < this.slots.length; q++) if (this.slots[q]! >= 0) inHash.push(hashes[this.slots[q]!]!);
    for (let k = 0; k < this.size; k++) others += hashes[k] !== 0 ? 1 : 0;
    for (const h of inHash) others -= h !== 0 ? 1 : 0;
    p.number(others === 0 ? 1 : 0);
    if (others === 0) p.array(Int32Array.from(inHash));
    else saveColumn(p, this.hashes);
    p.number(this.series.length);
    for (const sr of this.series) {
      p.array(sr.prefix);
      p.number(sr.width);
      p.number(sr.count);
      p.array(sr.dense);
    }
  }

  /** Reads a saved table back, checking that every index in it points inside it, so no lookup can run away. */
  static load(u: Unpack): IdTable {
    const t = new IdTable();
    t.size = u.number();
    t.used = u.number();
    t.hashed = u.number(0, t.size);
    t.seriesFull = u.number(0, 1) === 1;
    const arena = u.uint8();
    if (arena.length !== t.used) throw new BadState('arena');
    t.arena = arena;
    const contiguous = u.number(0, 1) === 1;
    if (!contiguous) t.starts = loadInt32(u);
    t.lens = loadUint8(u);
    const lens = t.lens.data;
    if (contiguous) {
      if (t.lens.length !== t.size) throw new BadState('id columns');
      const starts = new Int32Array(t.size);
      let at = 0;
      for (let k = 0; k < t.size; k++) {
        starts[k] = at;
        at += lens[k]!;
      }
      if (at !== t.used) throw new BadState('id bytes');
      t.starts = new Int32Column(starts);
      t.starts.length = t.size;
    } else {
      // Every id's bytes inside the arena: the start no less than 0, the end (start + length) no more than its size.
      const starts = t.starts.data;
      let min = 0;
      let max = 0;
      for (let k = 0; k < t.size; k++) {
        min = Math.min(min, starts[k]!);
        max = Math.max(max, starts[k]! + lens[k]!);
      }
      if (min < 0 || max > t.used) throw new BadState('id bytes');
    }
    const slots = u.int32();
    if (slots.length < 1024 || (slots.length & (slots.length - 1)) !== 0 || t.hashed * 2 > slots.length) throw new BadState('slots');
    // A free slot left (at most half are filled) ends every probe; each filled one names an id.
    if (slotsFilled(slots, t.size) !== t.hashed) throw new BadState('slots filled');
    t.slots = slots;
    t.mask = slots.length - 1;
    if (u.number(0, 1) === 1) {
      const inHash = u.int32();
      if (inHash.length !== t.hashed) throw new BadState('hashes');
      const hashes = new Int32Array(t.size);
      for (let q = 0, j = 0; q < slots.length; q++) if (slots[q]! >= 0) hashes[slots[q]!] = inHash[j++]!;
      t.hashes = new Int32Column(hashes);
      t.hashes.length = t.size;
    } else t.hashes = loadInt32(u);
    if (t.starts.length !== t.size || t.lens.length !== t.size || t.hashes.length !== t.size) throw new BadState('id columns');
    const n = u.number(0, MAX_SERIES);
    for (let i = 0; i < n; i++) {
      const prefix = new Uint8Array(u.uint8());
      const width = u.number(1, MAX_WIDTH);
      const count = u.number(0, t.size);
      const dense = u.int32();
      if (!within(dense, 0, t.size)) throw new BadState('series');
      t.series.push({ prefix, width, dense, count });
    }
    return t;
  }

  /**
   * The highest number N among ids `prefix` + N (digits only), as `nextId` looks for it, without reading every id:
   * a series with exactly this prefix has its ids in number order, so its last one is its highest; ids outside
   * the series are few and are read. Null when a series could hold such ids in another way (its prefix is longer
   * than `prefix`), where every id has to be read.
   */
  highestCounter(prefix: string): number | null {
    const want = asciiBytes(prefix);
    if (want === null) return null;
    let max = 0;
    for (const sr of this.series) {
      const p = sr.prefix;
      let same = p.length >= want.length;
      for (let i = 0; same && i < want.length; i++) same = p[i] === want[i];
      if (!same) continue;
      if (p.length !== want.length) {
        // `INV-2026-` is no counter after `INV-`; `INV-1` (an id of more than nine digits) may be one.
        let digits = true;
        for (let i = want.length; digits && i < p.length; i++) digits = p[i]! >= 48 && p[i]! <= 57;
        if (digits) return null;
        continue;
      }
      for (let n = sr.dense.length - 1; n >= 0; n--) {
        if (sr.dense[n] !== 0) {
          max = Math.max(max, n);
          break;
        }
      }
    }
    // Ids in the hash part: at most as many as there are slots filled.
    const re = /^\d+$/;
    for (const k of this.slots) {
      if (k === -1) continue;
      const id = this.text(k);
      if (!id.startsWith(prefix)) continue;
      const rest = id.slice(prefix.length);
      if (re.test(rest)) {
        max = Math.max(max, Number(rest));
      }
    }
    return max;
  }

  /** The id at an index, as a string (ids are ASCII). */
  text(k: number): string {
    const o = this.starts.data[k]!;
    let s = '';
    const end = o + this.lens.data[k]!;
    for (let i = o; i < end; i++) s += String.fromCharCode(this.arena[i]!);
    return s;
  }
}

function asciiBytes(s: string): Uint8Array | null {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) return null;
    b[i] = c;
  }
  return b;
}

const ID_BYTE = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  ID_BYTE[c] = alnum ? 2 : c === 46 || c === 95 || c === 45 ? 1 : 0;
}

/** The bytes match ID_RE of journals.ts: 1-64 of [A-Za-z0-9._-], the first a letter or digit. */
export function isIdBytes(b: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  if (n < 1 || n > 64 || ID_BYTE[b[s]!] !== 2) return false;
  for (let i = s + 1; i < e; i++) if (ID_BYTE[b[i]!] === 0) return false;
  return true;
}

const MONTH_DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Days before each month in a common and a leap year. */
const MONTH_START = [0, 1].map((leap) => {
  const out = new Int32Array(13);
  for (let m = 2; m <= 12; m++) out[m] = out[m - 1]! + MONTH_DAYS[m - 1]! + (m - 1 === 2 ? leap : 0);
  return out;
});
/** Day number of the 1st of January of years 0..9999, made once: a date is then three additions. */
let yearStart: Int32Array | null = null;

function digit(c: number): number {
  return c >= 48 && c <= 57 ? c - 48 : -1000000;
}

/** Day number of a YYYY-MM-DD date in bytes [s, e) as `dayNumberOf` reads it, or NaN. */
export function dayOfBytes(b: Uint8Array, s: number, e: number): number {
  if (e - s !== 10 || b[s + 4] !== 45 || b[s + 7] !== 45) return NaN;
  const y = digit(b[s]!) * 1000 + digit(b[s + 1]!) * 100 + digit(b[s + 2]!) * 10 + digit(b[s + 3]!);
  const m = digit(b[s + 5]!) * 10 + digit(b[s + 6]!);
  const d = digit(b[s + 8]!) * 10 + digit(b[s + 9]!);
  if (y < 1 || m < 1 || m > 12 || d < 1) return NaN;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 1 : 0;
  if (d > MONTH_DAYS[m]! + (m === 2 ? leap : 0)) return NaN;
  if (yearStart === null) {
    yearStart = new Int32Array(10000);
    for (let k = 1; k < 10000; k++) yearStart[k] = civilToDays(k, 1, 1);
  }
  return yearStart[y]! + MONTH_START[leap]![m]! + d - 1;
}

/**
 * Minor units of a plain unsigned decimal in bytes [s, e) with at most `digits` decimals and at most
 * `maxMinor`, as `parseAmount` accepts it; -1 for anything `parseAmount` would refuse.
 */
export function minorOfBytes(b: Uint8Array, s: number, e: number, digits: number, maxMinor: number): number {
  let i = s;
  let int = 0;
  let intDigits = 0;
  for (; i < e; i++) {
    const c = b[i]!;
    if (c < 48 || c > 57) break;
    int = int * 10 + (c - 48);
    intDigits++;
  }
  if (intDigits === 0 || intDigits > 16) return -1;
  let frac = 0;
  let fracDigits = 0;
  if (i < e && b[i] === 46) {
    i++;
    for (; i < e; i++) {
      const c = b[i]!;
      if (c < 48 || c > 57) break;
      frac = frac * 10 + (c - 48);
      fracDigits++;
    }
    if (fracDigits === 0) return -1;
  }
  if (i !== e || fracDigits > digits) return -1;
  const minor = int * 10 ** digits + frac * 10 ** (digits - fracDigits);
  return minor > maxMinor ? -1 : minor;
}

/** A signed decimal `-?\d+(\.\d+)?` as integer and scale, or null; at most 15 significant digits stay exact. */
export function decimalOfBytes(b: Uint8Array, s: number, e: number, allowNegative: boolean): { int: number; scale: number } | null {
  let i = s;
  let neg = false;
  if (allowNegative && b[i] === 45) {
    neg = true;
    i++;
  }
  let v = 0;
  let n = 0;
  let scale = 0;
  let intDigits = 0;
  for (; i < e; i++) {
    const c = b[i]!;
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
    intDigits++;
  }
  n = intDigits;
  if (intDigits === 0) return null;
  if (i < e && b[i] === 46) {
    i++;
    for (; i < e; i++) {
      const c = b[i]!;
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
      scale++;
    }
    if (scale === 0) return null;
    n += scale;
  }
  if (i !== e || n > 15) return null;
  return { int: neg ? -v : v, scale };
}

/**
 * round(p / 10^shift), half away from zero, exactly, for |p| ≤ 2^53; shift ≤ 0 multiplies. NaN when the result
 * would not be exact.
 */
export function roundShift(p: number, shift: number): number {
  if (!Number.isSafeInteger(p)) return NaN;
  if (shift <= 0) {
    const r = p * 10 ** -shift;
    return Number.isSafeInteger(r) ? r : NaN;
  }
  if (shift > 22) return 0;
  const a = Math.abs(p);
  const unit = 10 ** shift;
  let q = Math.floor(a / unit);
  let rem = a - q * unit;
  while (rem < 0) { q--; rem += unit; }
  while (rem >= unit) { q++; rem -= unit; }
  if (rem * 2 >= unit) q++;
  return p < 0 ? -q : q;
}

/** Typed arrays and numbers of a saved state: what the cache file holds (src/io/cache.ts). */
export interface Packed {
  readonly arrays: (Int32Array | Float64Array | Uint8Array)[];
  readonly numbers: number[];
}

/** Writes a state's parts in order; `Unpack` reads them back in the same order and checks each one's type. */
export class Pack implements Packed {
  readonly arrays: (Int32Array | Float64Array | Uint8Array)[] = [];
  readonly numbers: number[] = [];
  array(a: Int32Array | Float64Array | Uint8Array): void {
    this.arrays.push(a);
  }
  number(n: number): void {
    this.numbers.push(n);
  }
}

/** A saved state that does not hold together: the cache is then not used. */
export class BadState extends Error {}

export class Unpack {
  private a = 0;
  private n = 0;
  constructor(private readonly p: Packed) {}
  private next(): Int32Array | Float64Array | Uint8Array {
    const a = this.p.arrays[this.a++];
    if (a === undefined) throw new BadState('missing array');
    return a;
  }
  int32(): Int32Array {
    const a = this.next();
    if (!(a instanceof Int32Array)) throw new BadState('not int32');
    return a;
  }
  float64(): Float64Array {
    const a = this.next();
    if (!(a instanceof Float64Array)) throw new BadState('not float64');
    return a;
  }
  uint8(): Uint8Array {
    const a = this.next();
    if (!(a instanceof Uint8Array)) throw new BadState('not uint8');
    return a;
  }
  /** A whole number in [min, max]. */
  number(min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const v = this.p.numbers[this.n++];
    if (v === undefined || !Number.isSafeInteger(v) || v < min || v > max) throw new BadState('bad number');
    return v;
  }
  end(): void {
    if (this.a !== this.p.arrays.length || this.n !== this.p.numbers.length) throw new BadState('trailing parts');
  }
}

/**
 * Whether every element of `a` lies in [lo, hi]: one pass keeping the least and the greatest, with no branch per
 * element, which checks two million indices of a saved state in a few milliseconds.
 */
export function within(a: Int32Array, lo: number, hi: number): boolean {
  let min = 0x7fffffff;
  let max = -0x80000000;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return a.length === 0 || (min >= lo && max <= hi);
}

/** `within` for bytes. */
export function withinBytes(a: Uint8Array, hi: number): boolean {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, a[i]!);
  return max <= hi;
}

/** How many elements of `a` are not -1, all of them being -1 or in [0, hi) (else -1): the slots of a hash table. */
export function slotsFilled(a: Int32Array, hi: number): number {
  let filled = 0;
  let min = -1;
  let max = -1;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    filled += v === -1 ? 0 : 1;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return min >= -1 && max < hi ? filled : -1;
}

export function saveColumn(p: Pack, c: Int32Column | Float64Column | Uint8Column): void {
  p.array(c.view());
}

/**
 * Room a saved array has after its rows where it was read from (the cache file keeps some, zeroed): a column loaded
 * from it takes a few rows more (a warm write's, what was appended since) without copying a million numbers.
 */
export const spareRoom = new WeakMap<object, Int32Array | Float64Array | Uint8Array>();

export function loadInt32(u: Unpack): Int32Column {
  const a = u.int32();
  // The saved array itself, not a copy: a column grows (and copies) only once its spare room is used up.
  const room = spareRoom.get(a);
  const c = new Int32Column(room instanceof Int32Array && room.length >= a.length ? room : a);
  c.length = a.length;
  return c;
}
export function loadFloat64(u: Unpack): Float64Column {
  const a = u.float64();
  const room = spareRoom.get(a);
  const c = new Float64Column(room instanceof Float64Array && room.length >= a.length ? room : a);
  c.length = a.length;
  return c;
}
export function loadUint8(u: Unpack): Uint8Column {
  const a = u.uint8();
  const room = spareRoom.get(a);
  const c = new Uint8Column(room instanceof Uint8Array && room.length >= a.length ? room : a);
  c.length = a.length;
  return c;
}
