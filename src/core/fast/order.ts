// Customers by their index in the columns, without a lookup by id per customer: with 50,000 of them, finding each
// in the map (a hash of its id, and a comparison that misses the CPU's caches) was a good part of a report's time.
import type { Customer } from '../types.js';

/**
 * The customers aligned with `ids` (the columns' customer ids): the scanner numbers customers in the order of the
 * map, so the map's values are already in that order; any that is not is found by id.
 */
export function customersByIndex(customers: ReadonlyMap<string, Customer>, ids: readonly string[]): Customer[] {
  const out = Array.from(customers.values());
  for (let c = 0; c < ids.length; c++) if (out[c]?.id !== ids[c]) out[c] = customers.get(ids[c]!)!;
  out.length = ids.length;
  return out;
}

/** Customer indices sorted by id, in place: a pass over them finds most ledgers' customers already in that order. */
export function sortByIds(order: number[], ids: readonly string[]): number[] {
  for (let k = 1; k < order.length; k++) {
    if (ids[order[k - 1]!]! > ids[order[k]!]!) return order.sort((x, y) => (ids[x]! < ids[y]! ? -1 : ids[x]! > ids[y]! ? 1 : 0));
  }
  return order;
}
