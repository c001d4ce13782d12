// Customers by column index and sorted by id, as the fast reports use them: the same as a lookup and a sort,
// whatever order the map and the indices are in.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customersByIndex, sortByIds } from '../../src/core/fast/order.js';
import type { Customer } from '../../src/core/types.js';

const ids = fc.uniqueArray(fc.string({ unit: fc.constantFrom('A', 'B', 'c', '1', '-'), minLength: 1, maxLength: 4 }), { maxLength: 30 });

describe('customers by column index', () => {
  it('finds each customer of the columns, in the map order or not', () => {
    fc.assert(fc.property(ids, fc.boolean(), (list, shuffled) => {
      const map = new Map<string, Customer>((shuffled ? [...list].reverse() : list).map((id) => [id, { id, name: `N ${id}` } as Customer]));
      const got = customersByIndex(map, list);
      expect(got.length).toBe(list.length);
      list.forEach((id, k) => expect(got[k]).toBe(map.get(id)));
    }));
  });

  it('sorts indices by id as a sort does, already in order or not', () => {
    fc.assert(fc.property(ids, fc.array(fc.nat(), { maxLength: 30 }), (list, picks) => {
      const order = [...new Set(picks.filter((p) => p < list.length))];
      const want = [...order].sort((x, y) => (list[x]! < list[y]! ? -1 : list[x]! > list[y]! ? 1 : 0));
      expect(sortByIds([...order], list)).toEqual(want);
      expect(sortByIds([...want], list)).toEqual(want);
    }));
  });
});
