// The id table as the reading cache saves it and reads it back: every id, of a numbered series or not, is found
// at the same index, an absent one is not found, and ids added after loading get the indices they would have got.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BadState, IdTable, loadInt32, loadUint8, Pack, spareRoom, Unpack } from '../../src/core/fast/bytes.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

const idArb = fc.oneof(
  fc.tuple(fc.constantFrom('INV-', 'INV-2026-', 'PAY-', 'CN-', 'X'), fc.integer({ min: 0, max: 400_000 }), fc.integer({ min: 1, max: 9 }))
    .map(([p, n, w]) => `${p}${String(n).padStart(w, '0')}`),
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/),
);

function roundTrip(t: IdTable): IdTable {
  const p = new Pack();
  t.save(p);
  const u = new Unpack({ arrays: p.arrays.map((a) => a.slice()), numbers: [...p.numbers] });
  const back = IdTable.load(u);
  u.end();
  return back;
}

describe('the id table saved and read back', () => {
  it('finds every id where it was, no absent one, and adds new ones as the table it was saved from', () => {
    fc.assert(fc.property(fc.uniqueArray(idArb, { maxLength: 300 }), fc.uniqueArray(idArb, { maxLength: 60 }), (ids, more) => {
      const t = new IdTable();
      for (const id of ids) t.addString(id);
      const back = roundTrip(t);
      expect(back.size).toBe(t.size);
      for (const id of [...ids, ...more]) {
        const b = enc(id);
        expect(back.find(b, 0, b.length)).toBe(t.find(b, 0, b.length));
      }
      for (let k = 0; k < t.size; k++) expect(back.text(k)).toBe(t.text(k));
      for (const id of more) expect(back.addString(id)).toBe(t.addString(id));
      for (const id of [...ids, ...more]) expect(back.findString(id)).toBe(t.findString(id));
    }), { numRuns: 200 });
  });

  it('refuses a saved table whose id lengths do not add up to its bytes', () => {
    const t = new IdTable();
    for (const id of ['INV-0001', 'odd one', 'X-9']) t.addString(id.replace(' ', '_'));
    const p = new Pack();
    t.save(p);
    const lens = p.arrays.find((a) => a instanceof Uint8Array && a.length === 3 && a[0] === 8)!;
    const arrays = p.arrays.map((a) => (a === lens ? Uint8Array.from([8, 7, 4]) : a));
    expect(() => IdTable.load(new Unpack({ arrays, numbers: p.numbers }))).toThrow(BadState);
  });
});

describe('a column loaded with spare room', () => {
  it('takes rows into the room without a copy, and gives back only its rows', () => {
    const room = new Int32Array(10);
    room.set([4, 5, 6]);
    const own = room.subarray(0, 3);
    spareRoom.set(own, room);
    const c = loadInt32(new Unpack({ arrays: [own], numbers: [] }));
    expect(c.length).toBe(3);
    c.push(7);
    expect(c.data).toBe(room);
    expect([...c.view()]).toEqual([4, 5, 6, 7]);
    for (let i = 0; i < 7; i++) c.push(i);
    // Past the room, it grows into an array of its own: the file's buffer behind it is never written past it.
    expect(c.data).not.toBe(room);
    expect(c.length).toBe(11);
    expect([...room.subarray(0, 10)]).toEqual([4, 5, 6, 7, 0, 1, 2, 3, 4, 5]);
  });

  it('is not taken when it is of another type or shorter than the rows', () => {
    const own = new Int32Array([1, 2, 3]);
    spareRoom.set(own, new Int32Array(2));
    expect(loadInt32(new Unpack({ arrays: [own], numbers: [] })).data).toBe(own);
    const bytes = new Uint8Array([1, 2]);
    spareRoom.set(bytes, new Int32Array(8) as unknown as Uint8Array);
    expect(loadUint8(new Unpack({ arrays: [bytes], numbers: [] })).data).toBe(bytes);
  });
});
