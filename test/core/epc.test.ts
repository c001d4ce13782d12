// The EPC QR code payload (EPC069-12 version 002): the fields in their order, the reference in the structured
// field when it is an RF creditor reference, and no payload where a banking app could not take it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditorReference, isCreditorReference } from '../../src/core/creditor-reference.js';
import { epcPayload } from '../../src/core/documents/epc.js';
import type { Minor } from '../../src/core/money.js';

const base = { name: 'Kessler Messtechnik GmbH', iban: 'DE34 2005 0550 1234 5678 90', bic: 'HASPDEHHXXX', amount: 1373558 as Minor, reference: 'RF90INV202600040' };

describe('epcPayload', () => {
  it('writes BCD/002/1/SCT, BIC, name, IBAN without spaces, the EUR amount and an RF reference in the structured field', () => {
    expect(epcPayload(base)).toBe('BCD\n002\n1\nSCT\nHASPDEHHXXX\nKessler Messtechnik GmbH\nDE34200505501234567890\nEUR13735.58\n\nRF90INV202600040');
  });

  it('puts any other reference in the unstructured field', () => {
    expect(epcPayload({ ...base, reference: 'INV-2026-00040' })!.split('\n')).toEqual(
      ['BCD', '002', '1', 'SCT', 'HASPDEHHXXX', 'Kessler Messtechnik GmbH', 'DE34200505501234567890', 'EUR13735.58', '', '', 'INV-2026-00040']);
  });

  it('makes none for an amount out of range, a name over 70 characters or a line break', () => {
    expect(epcPayload({ ...base, amount: 0 as Minor })).toBeNull();
    expect(epcPayload({ ...base, amount: 100_000_000_000 as Minor })).toBeNull();
    expect(epcPayload({ ...base, name: 'x'.repeat(71) })).toBeNull();
    expect(epcPayload({ ...base, reference: 'a\nb' })).toBeNull();
    expect(epcPayload({ ...base, reference: 'x'.repeat(141) })).toBeNull();
  });

  it('keeps every payload within 331 bytes, its amount exact, its reference structured when it is an RF reference', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 99_999_999_999 }), fc.stringMatching(/^[A-Z0-9-]{1,30}$/), fc.string({ maxLength: 70 }),
      (cents, id, name) => {
        const ref = creditorReference(id) ?? id;
        const p = epcPayload({ ...base, amount: cents as Minor, reference: ref, name });
        if (p === null) return name.trim() === '' || /[\r\n]/.test(name);
        const lines = p.split('\n');
        expect(new TextEncoder().encode(p).length).toBeLessThanOrEqual(331);
        expect(lines[7]).toBe(`EUR${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`);
        expect(lines[isCreditorReference(ref) ? 9 : 10]).toBe(ref);
        return true;
      },
    ));
  });
});
