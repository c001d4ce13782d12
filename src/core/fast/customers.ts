// The customers as the reading cache keeps them: a few typed arrays and one text of all their strings, from which
// a customer is made only when asked for. Decoding 50,000 customer objects on every run costs a quarter of a
// second and much of the garbage; a report that names a few customers, or `check`, which names none, pays only
// for those it uses.
import type { Customer } from '../types.js';

/** What the cache file holds for the customers (each part one array). */
export interface CustomerParts {
  /** UTF-8 of all distinct strings, one after another. */
  readonly text: Uint8Array;
  /** String j is [bounds[j], bounds[j + 1]) of the decoded text (UTF-16 units). */
  readonly bounds: Int32Array;
  /** The values, customer after customer: one word each, its tag in the low 3 bits and its payload above (see Tag). */
  readonly values: Int32Array;
  /** Customer i's value starts at values[starts[i]]; starts[n] is the end. */
  readonly starts: Int32Array;
  /** Customer i's key in the map (a string index). */
  readonly keys: Int32Array;
  readonly numbers: Float64Array;
  /** The objects' key lists: at each list's start its length, then its keys (string indices). */
  readonly shapes: Int32Array;
}

/**
 * A value's tag. Payload: of a string its index, of a number its index in `numbers`, of an array its length (its
 * elements follow), of an object the start of its key list in `shapes` (its values follow in that order).
 */
const enum Tag { Undefined, Null, False, True, Str, Num, Arr, Obj }
const TAG_BITS = 3;
const MAX_PAYLOAD = (1 << (31 - TAG_BITS)) - 1;
/** How deep values nest: a customer is an object holding arrays and objects of strings. */
const MAX_DEPTH = 8;

/**
 * The customers in parts, or null when one holds something they cannot keep (only plain objects, arrays, strings,
 * numbers, booleans, null and undefined): the cache then goes without them, and customers.yaml is read.
 */
export function packCustomers(customers: ReadonlyMap<string, Customer>): { parts: Omit<CustomerParts, 'text'>; text: string } | null {
  const p = new Packer(customers.size);
  const starts: number[] = [];
  const keys: number[] = [];
  for (const [id, c] of customers) {
    starts.push(p.count);
    keys.push(p.str(id));
    if (!p.put(c, 0)) return null;
  }
  starts.push(p.count);
  if (p.at > 0x7fffffff || p.pieces.length > MAX_PAYLOAD) return null;
  return {
    text: p.pieces.join(''),
    parts: {
      bounds: new Int32Array(p.bounds), values: p.values.slice(0, p.count), starts: new Int32Array(starts), keys: new Int32Array(keys),
      numbers: new Float64Array(p.numbers), shapes: new Int32Array(p.shapes),
    },
  };
}

/** A key list already given a shape, found again by comparing keys rather than interning each one. */
interface KnownShape {
  readonly keys: readonly string[];
  readonly shape: number;
  /**
   * The string last seen at each key and its index: many customers share a value (a currency, empty fields, the
   * file they came from), which then costs a comparison instead of hashing.
   */
  readonly last: (string | undefined)[];
  readonly lastIndex: number[];
}

/**
 * Saving the cache of a large ledger packs a million values: state in fields and methods (not closures over
 * locals), one shape lookup per object, and strings found in a table of their own (a Map of 250,000 strings cost
 * more than all the rest) keep that a small part of the save.
 */
class Packer {
  readonly pieces: string[] = [];
  readonly bounds: number[] = [0];
  /** The text's length so far (UTF-16 units). */
  at = 0;
  readonly shapes: number[] = [];
  /** The values so far: the first `count` words. */
  values = new Int32Array(1 << 16);
  count = 0;
  readonly numbers: number[] = [];
  /** Open addressing over the strings: each slot 0 (empty) or a string's index + 1. */
  private table: Int32Array;
  private mask: number;
  /** Each string's hash, by index. */
  private readonly hashes: number[] = [];
  private readonly shapeOf = new Map<string, number>();
  /** Key lists seen, by their first key: customers share a few, so most objects match one without a lookup per key. */
  private readonly known = new Map<string, KnownShape[]>();
  private empty: KnownShape | null = null;

  /** Sized for a few strings per customer (50,000 of them hold about 250,000), so that it is seldom rebuilt. */
  constructor(customers: number) {
    let size = 1024;
    while (size < customers * 16 && size < 1 << 22) size *= 2;
    this.table = new Int32Array(size);
    this.mask = size - 1;
  }

  /** String s's index, s added when new: indices in order of first use, as the text holds them. */
  str(s: string): number {
    const n = s.length;
    let h = n;
    for (let i = 0; i < n; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    // Thirty bits, so that every hash is a small integer to the engine: a wider one would be a number allocated
    // on the heap for each string kept in `hashes`.
    h = (h ^ (h >>> 12)) & 0x3fffffff;
    const table = this.table;
    const mask = this.mask;
    let i = h & mask;
    for (let e = table[i]!; e !== 0; e = table[i]!) {
      if (this.hashes[e - 1] === h && this.pieces[e - 1] === s) return e - 1;
      i = (i + 1) & mask;
    }
    const k = this.pieces.length;
    table[i] = k + 1;
    this.pieces.push(s);
    this.hashes.push(h);
    this.at += n;
    this.bounds.push(this.at);
    if (2 * (k + 1) > mask) this.grow();
    return k;
  }

  /** Doubles the table, keeping it at most half full so that a probe ends soon. */
  private grow(): void {
    const mask = this.mask * 2 + 1;
    const table = new Int32Array(mask + 1);
    const hashes = this.hashes;
    for (let j = 0; j < hashes.length; j++) {
      let i = hashes[j]! & mask;
      while (table[i] !== 0) i = (i + 1) & mask;
      table[i] = j + 1;
    }
    this.table = table;
    this.mask = mask;
  }

  private word(w: number): void {
    if (this.count === this.values.length) {
      const more = new Int32Array(this.values.length * 2);
      more.set(this.values);
      this.values = more;
    }
    this.values[this.count++] = w;
  }

  put(v: unknown, depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    let tag: Tag;
    let payload = 0;
    if (v === undefined) tag = Tag.Undefined;
    else if (v === null) tag = Tag.Null;
    else if (v === false) tag = Tag.False;
    else if (v === true) tag = Tag.True;
    else if (typeof v === 'string') {
      tag = Tag.Str;
      payload = this.str(v);
    } else if (typeof v === 'number') {
      tag = Tag.Num;
      payload = this.numbers.push(v) - 1;
    } else if (Array.isArray(v)) return this.putArray(v, depth);
    else return this.putObject(v, depth);
    if (payload > MAX_PAYLOAD) return false;
    this.word((payload << TAG_BITS) | tag);
    return true;
  }

  private putArray(v: unknown[], depth: number): boolean {
    const n = v.length;
    if (n > MAX_PAYLOAD) return false;
    this.word((n << TAG_BITS) | Tag.Arr);
    for (let i = 0; i < n; i++) if (!(i in v) || !this.put(v[i], depth + 1)) return false;
    return true;
  }

  private putObject(v: unknown, depth: number): boolean {
    if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== Object.prototype) return false;
    const keys = Object.keys(v);
    // Own properties only, every one an enumerable value (no symbol, hidden key or getter to lose on the way). The
    // names and symbols apart are what Reflect.ownKeys gives, at a quarter of its cost.
    if (keys.length !== Object.getOwnPropertyNames(v).length || Object.getOwnPropertySymbols(v).length !== 0) return false;
    const known = this.shape(keys);
    if (known === null || known.shape > MAX_PAYLOAD) return false;
    this.word((known.shape << TAG_BITS) | Tag.Obj);
    const { last, lastIndex } = known;
    const inner = depth + 1;
    for (let i = 0; i < keys.length; i++) {
      const d = Object.getOwnPropertyDescriptor(v, keys[i]!)!;
      if (!('value' in d)) return false;
      const x: unknown = d.value;
      if (typeof x === 'string' && inner <= MAX_DEPTH) {
        let j: number;
        if (last[i] === x) j = lastIndex[i]!;
        else {
          j = this.str(x);
          if (j > MAX_PAYLOAD) return false;
          last[i] = x;
          lastIndex[i] = j;
        }
        this.word((j << TAG_BITS) | Tag.Str);
      } else if (!this.put(x, inner)) return false;
    }
    return true;
  }

  /**
   * The shape of an object with these keys, or null for keys that cannot be kept. A list matching one seen before
   * has had every key interned already, so skipping `str` for it leaves the strings' order as it was.
   */
  private shape(keys: string[]): KnownShape | null {
    const n = keys.length;
    if (n === 0) return this.empty ??= this.newShape(keys);
    const first = keys[0]!;
    let seen = this.known.get(first);
    if (seen !== undefined) {
      next: for (const s of seen) {
        if (s.keys.length !== n) continue;
        for (let i = 1; i < n; i++) if (s.keys[i] !== keys[i]) continue next;
        return s;
      }
    } else this.known.set(first, seen = []);
    // An own "__proto__" would be set as the prototype when made again.
    if (keys.includes('__proto__')) return null;
    const known = this.newShape(keys);
    // Past a few lists per first key, comparing would cost more than interning: such objects go the long way.
    if (seen.length < 32) seen.push(known);
    return known;
  }

  private newShape(keys: string[]): KnownShape {
    const list: number[] = [];
    for (let i = 0; i < keys.length; i++) list.push(this.str(keys[i]!));
    const name = list.join(',');
    let shape = this.shapeOf.get(name);
    if (shape === undefined) {
      shape = this.shapes.length;
      this.shapeOf.set(name, shape);
      this.shapes.push(list.length);
      for (let i = 0; i < list.length; i++) this.shapes.push(list[i]!);
    }
    return { keys, shape, last: keys.map(() => undefined), lastIndex: keys.map(() => 0) };
  }
}

/** Parts that do not hold together: the cache's customers are then not used. */
export class BadCustomers extends Error {}

/**
 * The customers of a cache, as a map. Every index in the parts is checked when they are opened, so that making a
 * customer later can neither fail nor read out of range. A customer is made once and kept: the same object each
 * time, as with a map.
 */
export class PackedCustomers implements ReadonlyMap<string, Customer> {
  private readonly made: (Customer | undefined)[];
  private readonly index = new Map<string, number>();
  private readonly ids: string[];
  /** Where the next value to make starts in values. */
  private q = 0;

  /** `text`: parts.text decoded. */
  constructor(private readonly parts: CustomerParts, private readonly text: string) {
    const { bounds, values, starts, keys, numbers, shapes } = parts;
    const m = bounds.length - 1;
    const n = keys.length;
    if (m < 0 || bounds[0] !== 0 || bounds[m] !== text.length || starts.length !== n + 1 || starts[0] !== 0 || starts[n] !== values.length) throw new BadCustomers('customer parts');
    for (let j = 0; j < m; j++) if (bounds[j]! > bounds[j + 1]!) throw new BadCustomers('string bounds');
    const shapeStart = new Uint8Array(shapes.length);
    for (let s = 0; s < shapes.length; s += shapes[s]! + 1) {
      const len = shapes[s]!;
      if (len < 0 || s + len >= shapes.length) throw new BadCustomers('shape');
      for (let k = s + 1; k <= s + len; k++) if (!(shapes[k]! >= 0 && shapes[k]! < m)) throw new BadCustomers('shape key');
      shapeStart[s] = 1;
    }
    // One pass over every value, with every index checked and each customer's values counted as making it
    // walks them: `open[d]` values are still to come at depth d.
    const open = new Int32Array(MAX_DEPTH + 2);
    let p = 0;
    for (let i = 0; i < n; i++) {
      if (p !== starts[i] || (values[p]! & 7) !== Tag.Obj || !(keys[i]! >= 0 && keys[i]! < m)) throw new BadCustomers('customer');
      let depth = 0;
      open[0] = 1;
      while (depth >= 0) {
        if (open[depth] === 0) {
          depth--;
          continue;
        }
        open[depth]!--;
        if (p >= values.length) throw new BadCustomers('values');
        const w = values[p++]!;
        const tag = w & 7;
        const payload = w >>> TAG_BITS;
        const inner = tag === Tag.Arr ? payload : tag === Tag.Obj && shapeStart[payload] === 1 ? shapes[payload]! : -1;
        if (tag === Tag.Str ? payload >= m : tag === Tag.Num ? payload >= numbers.length : tag === Tag.Obj && inner < 0) throw new BadCustomers('value');
        if (inner > 0) {
          if (depth === MAX_DEPTH || inner > values.length - p) throw new BadCustomers('depth');
          open[++depth] = inner;
        }
      }
    }
    if (p !== values.length) throw new BadCustomers('trailing values');
    this.made = [];
    for (let i = 0; i < n; i++) this.made.push(undefined);
    this.ids = [];
    for (let i = 0; i < n; i++) {
      const id = this.str(keys[i]!);
      this.ids.push(id);
      this.index.set(id, i);
    }
    if (this.index.size !== n) throw new BadCustomers('repeated key');
  }

  private str(j: number): string {
    return this.text.slice(this.parts.bounds[j], this.parts.bounds[j + 1]);
  }

  /** The value at values[q], leaving q after it. */
  private value(): unknown {
    const w = this.parts.values[this.q++]!;
    const payload = w >>> TAG_BITS;
    switch (w & 7) {
      case Tag.Undefined: return undefined;
      case Tag.Null: return null;
      case Tag.False: return false;
      case Tag.True: return true;
      case Tag.Str: return this.str(payload);
      case Tag.Num: return this.parts.numbers[payload];
      case Tag.Arr: {
        const out: unknown[] = [];
        for (let i = 0; i < payload; i++) out.push(this.value());
        return out;
      }
      default: {
        const keys = this.shapeKeys[payload] ??= this.keysOf(payload);
        const out: Record<string, unknown> = {};
        for (let k = 0; k < keys.length; k++) out[keys[k]!] = this.value();
        return out;
      }
    }
  }

  /** Each object shape's keys, by where its list starts. */
  private readonly shapeKeys: (string[] | undefined)[] = [];

  /**
   * A shape's keys, each the engine's own copy of the name (what an object literal's key gives): a key sliced from
   * the text would be looked up by its characters at every store, which made making customers ten times slower.
   */
  private keysOf(shape: number): string[] {
    const shapes = this.parts.shapes;
    const keys: string[] = [];
    for (let k = shape + 1; k <= shape + shapes[shape]!; k++) keys.push(Object.keys({ [this.str(shapes[k]!)]: 0 })[0]!);
    return keys;
  }

  private at(i: number): Customer {
    let c = this.made[i];
    if (c === undefined) {
      this.q = this.parts.starts[i]!;
      c = this.made[i] = this.value() as Customer;
    }
    return c;
  }

  get size(): number {
    return this.ids.length;
  }
  get(id: string): Customer | undefined {
    const i = this.index.get(id);
    return i === undefined ? undefined : this.at(i);
  }
  has(id: string): boolean {
    return this.index.has(id);
  }

  /** Every customer made, as a map: what going through all of them gives, with a map's own iterators. */
  private whole: Map<string, Customer> | undefined;
  private all(): Map<string, Customer> {
    if (this.whole === undefined) {
      const m = new Map<string, Customer>();
      for (let i = 0; i < this.ids.length; i++) m.set(this.ids[i]!, this.at(i));
      this.whole = m;
    }
    return this.whole;
  }
  forEach(fn: (value: Customer, key: string, map: ReadonlyMap<string, Customer>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.all()) fn.call(thisArg, v, k, this);
  }
  keys(): MapIterator<string> {
    return this.index.keys();
  }
  values(): MapIterator<Customer> {
    return this.all().values();
  }
  entries(): MapIterator<[string, Customer]> {
    return this.all().entries();
  }
  [Symbol.iterator](): MapIterator<[string, Customer]> {
    return this.all()[Symbol.iterator]();
  }
}
