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
  const strings = new Map<string, number>();
  const pieces: string[] = [];
  const bounds: number[] = [0];
  let at = 0;
  const str = (s: string): number => {
    let j = strings.get(s);
    if (j === undefined) {
      j = pieces.length;
      strings.set(s, j);
      pieces.push(s);
      at += s.length;
      bounds.push(at);
    }
    return j;
  };
  const shapeOf = new Map<string, number>();
  const shapes: number[] = [];
  const values: number[] = [];
  const numbers: number[] = [];
  const word = (tag: Tag, payload: number): boolean => {
    if (payload > MAX_PAYLOAD) return false;
    values.push((payload << TAG_BITS) | tag);
    return true;
  };
  const put = (v: unknown, depth: number): boolean => {
    if (depth > MAX_DEPTH) return false;
    if (v === undefined) return word(Tag.Undefined, 0);
    if (v === null) return word(Tag.Null, 0);
    if (v === false) return word(Tag.False, 0);
    if (v === true) return word(Tag.True, 0);
    if (typeof v === 'string') return word(Tag.Str, str(v));
    if (typeof v === 'number') return word(Tag.Num, numbers.push(v) - 1);
    if (Array.isArray(v)) {
      if (!word(Tag.Arr, v.length)) return false;
      for (let i = 0; i < v.length; i++) if (!(i in v) || !put(v[i], depth + 1)) return false;
      return true;
    }
    if (typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return false;
    const keys = Object.keys(v);
    // Own properties only, every one an enumerable value (no symbol, hidden key or getter to lose on the way).
    if (keys.length !== Reflect.ownKeys(v).length) return false;
    // An own "__proto__" would be set as the prototype when made again.
    if (keys.includes('__proto__')) return false;
    const list = keys.map(str);
    const name = list.join(',');
    let shape = shapeOf.get(name);
    if (shape === undefined) {
      shape = shapes.length;
      shapeOf.set(name, shape);
      shapes.push(list.length, ...list);
    }
    if (!word(Tag.Obj, shape)) return false;
    for (const k of keys) {
      const d = Object.getOwnPropertyDescriptor(v, k)!;
      if (!('value' in d) || !put(d.value, depth + 1)) return false;
    }
    return true;
  };
  const starts: number[] = [];
  const keys: number[] = [];
  for (const [id, c] of customers) {
    starts.push(values.length);
    keys.push(str(id));
    if (!put(c, 0)) return null;
  }
  starts.push(values.length);
  if (at > 0x7fffffff || pieces.length > MAX_PAYLOAD) return null;
  return {
    text: pieces.join(''),
    parts: {
      bounds: Int32Array.from(bounds), values: Int32Array.from(values), starts: Int32Array.from(starts), keys: Int32Array.from(keys),
      numbers: Float64Array.from(numbers), shapes: Int32Array.from(shapes),
    },
  };
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
