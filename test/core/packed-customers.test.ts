// The customers as the reading cache keeps them: whatever the parts give back is the map they were made from
// (the same keys in the same order, the same values, objects made once), and parts damaged anywhere are refused
// when opened or still give customers without failing later.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BadCustomers, packCustomers, PackedCustomers, type CustomerParts } from '../../src/core/fast/customers.js';
import type { Customer } from '../../src/core/types.js';

function open(map: ReadonlyMap<string, Customer>): PackedCustomers {
  const packed = packCustomers(map);
  if (!packed) throw new Error('not packed');
  const text = new TextEncoder().encode(packed.text);
  return new PackedCustomers({ ...packed.parts, text }, new TextDecoder().decode(text));
}

const acme = {
  id: 'ACME', name: 'Acme Corporation ÄÖÜ 東京', email: 'ap@acme.example', currency: 'EUR', terms: 'net30', creditLimit: 500_000,
  address: 'Hauptstraße 1\n10115 Berlin', bankAccounts: ['DE89370400440532013000'], aliases: ['ACME CORP', 'ACME'], hold: false,
  dunning: true, vatId: '', country: 'DE', buyerReference: '', einvoice: null, collector: undefined, src: { file: 'customers.yaml', line: 2 },
} as unknown as Customer;
const globex = {
  id: 'GLOBEX', name: 'Globex', email: '', currency: 'JPY', terms: null, creditLimit: null, address: '', bankAccounts: [], aliases: [],
  hold: true, dunning: false, src: { file: 'customers.yaml', line: 20 },
} as unknown as Customer;

const valueArb: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: 'grapheme' }), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined),
    fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.string(), tie('value'), { maxKeys: 5, noNullPrototype: true }),
  ),
})).value;

describe('the customers in the cache', () => {
  it('give back the map they were made from: keys, order, values, and each customer the same object each time', () => {
    const map = new Map([['ACME', acme], ['GLOBEX', globex]]);
    const got = open(map);
    expect(got.size).toBe(2);
    expect([...got.keys()]).toEqual(['ACME', 'GLOBEX']);
    expect(got.get('GLOBEX')).toStrictEqual(globex);
    expect(Object.keys(got.get('ACME')!)).toEqual(Object.keys(acme));
    expect('collector' in got.get('ACME')!).toBe(true);
    expect('collector' in got.get('GLOBEX')!).toBe(false);
    expect([...got]).toStrictEqual([...map]);
    expect([...got.values()]).toStrictEqual([...map.values()]);
    expect(got.get('ACME')).toBe(got.get('ACME'));
    expect([...got.values()][0]).toBe(got.get('ACME'));
    expect(got.get('NOPE')).toBeUndefined();
    expect(got.has('ACME') && !got.has('acme')).toBe(true);
    const seen: string[] = [];
    got.forEach((c, k, m) => seen.push(`${k}:${c.name}:${m === got}`));
    expect(seen).toEqual([`ACME:${acme.name}:true`, 'GLOBEX:Globex:true']);
  });

  it('keep any plain values exactly, in the order their keys were made', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.string(), fc.dictionary(fc.string(), valueArb, { maxKeys: 6, noNullPrototype: true })), { maxLength: 8 }), (rows) => {
      const map = new Map(rows.map(([k, v]) => [k, v as unknown as Customer]));
      // The one plain value refused: an own "__proto__" key, which making the object again would not give back.
      const ownProto = (v: unknown): boolean => typeof v === 'object' && v !== null
        && (Object.hasOwn(v, '__proto__') || Object.values(v).some(ownProto));
      if ([...map.values()].some(ownProto)) return void expect(packCustomers(map)).toBeNull();
      const got = open(map);
      expect([...got.keys()]).toEqual([...map.keys()]);
      for (const [k, v] of map) {
        expect(got.get(k)).toStrictEqual(v);
        expect(JSON.stringify(got.get(k))).toBe(JSON.stringify(v));
        expect(Object.keys(got.get(k)!)).toEqual(Object.keys(v));
      }
    }), { numRuns: 300 });
  });

  it('are not kept when a customer holds what the parts cannot say: a date, a class, a getter, a symbol key', () => {
    const odd: unknown[] = [
      { ...acme, since: new Date(0) }, { ...acme, limit: 10n }, Object.assign(Object.create({ inherited: 1 }) as object, acme),
      Object.defineProperty({ ...acme }, 'name', { get: () => 'x', enumerable: true }), { ...acme, [Symbol('k')]: 1 },
      Object.defineProperty({ ...acme }, 'hidden', { value: 1, enumerable: false }), { ...acme, tags: [1, , 3] },
    ];
    for (const c of odd) expect(packCustomers(new Map([['ACME', c as Customer]]))).toBeNull();
  });

  it('damaged anywhere, are refused when opened or still give customers without failing', () => {
    const map = new Map([['ACME', acme], ['GLOBEX', globex], ['INITECH', { ...acme, id: 'INITECH', aliases: [] }]]);
    const packed = packCustomers(map)!;
    const text = new TextEncoder().encode(packed.text);
    const names = ['bounds', 'values', 'starts', 'keys', 'shapes'] as const;
    let refused = 0;
    fc.assert(fc.property(fc.constantFrom(...names), fc.nat(), fc.integer({ min: -3, max: 1 << 20 }), (part, at, v) => {
      const damaged: Record<string, Int32Array> = {};
      for (const n of names) damaged[n] = Int32Array.from(packed.parts[n]);
      const a = damaged[part]!;
      if (a.length === 0) return;
      a[at % a.length] = v;
      let got: PackedCustomers;
      try {
        got = new PackedCustomers({ ...packed.parts, ...damaged, text } as CustomerParts, new TextDecoder().decode(text));
      } catch (e) {
        expect(e).toBeInstanceOf(BadCustomers);
        refused++;
        return;
      }
      expect(() => JSON.stringify([...got.values()])).not.toThrow();
    }), { numRuns: 500 });
    expect(refused).toBeGreaterThan(100);
  });
});

/**
 * The packer as it was before it was made faster, kept as the reference: the cache format is the same, so the
 * parts (and every string's index) must come out the same, word for word.
 */
function referencePack(customers: ReadonlyMap<string, Customer>): { parts: Omit<CustomerParts, 'text'>; text: string } | null {
  const MAX_PAYLOAD = (1 << 28) - 1;
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
  const word = (tag: number, payload: number): boolean => {
    if (payload > MAX_PAYLOAD) return false;
    values.push((payload << 3) | tag);
    return true;
  };
  const put = (v: unknown, depth: number): boolean => {
    if (depth > 8) return false;
    if (v === undefined) return word(0, 0);
    if (v === null) return word(1, 0);
    if (v === false) return word(2, 0);
    if (v === true) return word(3, 0);
    if (typeof v === 'string') return word(4, str(v));
    if (typeof v === 'number') return word(5, numbers.push(v) - 1);
    if (Array.isArray(v)) {
      if (!word(6, v.length)) return false;
      for (let i = 0; i < v.length; i++) if (!(i in v) || !put(v[i], depth + 1)) return false;
      return true;
    }
    if (typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return false;
    const keys = Object.keys(v);
    if (keys.length !== Reflect.ownKeys(v).length) return false;
    if (keys.includes('__proto__')) return false;
    const list = keys.map(str);
    const name = list.join(',');
    let shape = shapeOf.get(name);
    if (shape === undefined) {
      shape = shapes.length;
      shapeOf.set(name, shape);
      shapes.push(list.length, ...list);
    }
    if (!word(7, shape)) return false;
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

/**
 * Odd keys: ones that look like indices (listed first), that name Object.prototype's members, empty, non-ASCII, and
 * few, so that objects share their first keys and differ after them.
 */
const oddKey = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom('a', 'b', 'c', '', '0', '10', 'constructor', 'Straße', '東京', 'a,b', '1,2') },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'toString') },
);
const text = fc.oneof(
  fc.constantFrom('', 'EUR', 'USD', 'net30', 'customers.yaml', 'Müller GmbH', '株式会社 東京', '😀', 'a\nb', '\ud800'),
  fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ maxLength: 6 }),
);
const anyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text, text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined),
    fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(oddKey, tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
})).value;
/** A value six to ten levels down: the packer keeps eight levels below a customer and refuses deeper ones. */
const deep = fc.tuple(fc.array(fc.tuple(fc.boolean(), oddKey), { minLength: 6, maxLength: 10 }), fc.oneof(text, fc.integer(), fc.constant(null)))
  .map(([levels, leaf]) => levels.reduce<unknown>((v, [inArray, k]) => (inArray ? [v] : { [k]: v }), leaf));
/** Something the parts cannot say, anywhere in a customer: the packer must refuse the map, as before. */
const unkept = fc.constantFrom<() => unknown>(
  () => new Date(0), () => 10n, () => Object.create(null), () => Object.create({ inherited: 1 }), () => [1, , 3],
  () => Object.defineProperty({ a: 1 }, 'b', { get: () => 'x', enumerable: true }),
  () => Object.defineProperty({ a: 1 }, 'b', { set: () => undefined, enumerable: true }),
  () => Object.defineProperty({ a: 1 }, 'b', { value: 1, enumerable: false }), () => ({ a: 1, [Symbol('k')]: 1 }),
  () => Object.defineProperty({}, '__proto__', { value: 1, enumerable: true, writable: true, configurable: true }), () => () => 1,
);
const customer = fc.record({
  id: text, name: text, email: text, currency: fc.constantFrom('EUR', 'USD', 'JPY'), terms: fc.option(fc.constantFrom('net30', 'net60')),
  creditLimit: fc.option(fc.integer()), address: fc.oneof(text, fc.record({ street: text, city: text, lines: fc.array(text, { maxLength: 3 }) }, { noNullPrototype: true })),
  bankAccounts: fc.array(text, { maxLength: 2 }), aliases: fc.array(text, { maxLength: 3 }), hold: fc.boolean(), einvoice: fc.constantFrom(null, undefined),
  src: fc.record({ file: fc.constantFrom('customers.yaml'), line: fc.nat() }, { noNullPrototype: true }),
}, { requiredKeys: ['id', 'currency', 'src'], noNullPrototype: true });
const row = fc.oneof(
  { weight: 5, arbitrary: customer },
  { weight: 2, arbitrary: fc.tuple(customer, fc.dictionary(oddKey, anyValue, { maxKeys: 4, noNullPrototype: true })).map(([c, extra]) => ({ ...c, ...extra })) },
  { weight: 2, arbitrary: fc.dictionary(oddKey, anyValue, { maxKeys: 5, noNullPrototype: true }) },
);

describe('the customers packed', () => {
  it('give exactly the parts and text of the reference packer, or are refused where it refused them', () => {
    let kept = 0;
    const odd = fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.tuple(fc.nat(), oddKey, unkept) });
    const down = fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.tuple(fc.nat(), deep) });
    fc.assert(fc.property(fc.array(fc.tuple(text, row), { maxLength: 12 }), odd, down, (rows, bad, low) => {
      const map = new Map(rows.map(([k, v]) => [k, v as unknown as Customer]));
      if (low !== null && rows.length > 0) {
        const [id, c] = rows[low[0] % rows.length]!;
        map.set(id, { ...c, deep: low[1] } as unknown as Customer);
      }
      if (bad !== null && rows.length > 0) {
        const [at, k, make] = bad;
        const [id, c] = rows[at % rows.length]!;
        map.set(id, { ...c, extra: { [k]: [make()] } } as unknown as Customer);
      }
      const want = referencePack(map);
      const got = packCustomers(map);
      if (want === null) return void expect(got).toBeNull();
      expect(got).not.toBeNull();
      kept++;
      expect(got!.text).toBe(want.text);
      for (const k of Object.keys(want.parts) as (keyof typeof want.parts)[]) expect([k, [...got!.parts[k]]]).toStrictEqual([k, [...want.parts[k]]]);
      expect(Object.keys(got!.parts).sort()).toEqual(Object.keys(want.parts).sort());
    }), { numRuns: 1000 });
    expect(kept).toBeGreaterThan(400);
  });
});
