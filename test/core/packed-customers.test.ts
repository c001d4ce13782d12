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
