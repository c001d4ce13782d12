// ISO 11649 creditor references made from invoice ids, and the Swiss QR reference: known values, then the
// properties that make them safe to match on — a generated reference always validates, a one-character change never.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditorReference, findCreditorReference, isCreditorReference, isQrReference } from '../../src/core/creditor-reference.js';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const idArb = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,30}$/).filter((s) => ID.test(s) && s.replace(/[^A-Za-z0-9]/g, '').length <= 21);

describe('ISO 11649 creditor reference', () => {
  it('agrees with the standard\'s example and known references', () => {
    expect(isCreditorReference('RF72KBI')).toBe(true);
    expect(isCreditorReference('RF18 5390 0754 7034')).toBe(true);
    expect(isCreditorReference('RF18539007547034')).toBe(true);
    expect(isCreditorReference('rf18 5390 0754 7034')).toBe(true);
    expect(isCreditorReference('RF18000000000539007547034')).toBe(true);
    expect(isCreditorReference('RF19 5390 0754 7034')).toBe(false);
    expect(creditorReference('539007547034')).toBe('RF18539007547034');
  });

  it('is made of RF, two check digits and the id\'s letters and digits in upper case', () => {
    expect(creditorReference('INV-2026-00012')).toMatch(/^RF\d{2}INV202600012$/);
    expect(creditorReference('inv-1')).toBe(creditorReference('INV1'));
    expect(creditorReference('---')).toBeNull();
    expect(creditorReference('A'.repeat(22))).toBeNull();
  });

  it('always validates when generated', () => {
    fc.assert(fc.property(idArb, (id) => {
      const ref = creditorReference(id);
      return ref === null ? id.replace(/[^A-Za-z0-9]/g, '') === '' : isCreditorReference(ref) && ref.length <= 25;
    }));
  });

  // MOD 97-10 catches every change of a digit for another digit or a letter for another letter. A letter typed
  // for a digit (or back) changes the length of the number the check runs over, and ISO 11649 does not promise
  // to catch it (RF72KB6 -> RF72KBI validates), so the property is stated for what the standard guarantees.
  it('never validates after one character is changed for another of its kind', () => {
    fc.assert(fc.property(idArb, fc.nat(), fc.nat(), (id, at, by) => {
      const ref = creditorReference(id);
      fc.pre(ref !== null);
      const i = 2 + (at % (ref!.length - 2));
      const old = ref!.charAt(i);
      const choices = /\d/.test(old) ? ALNUM.slice(0, 10) : ALNUM.slice(10);
      const others = choices.filter((c) => c !== old);
      const changed = ref!.slice(0, i) + others[by % others.length]! + ref!.slice(i + 1);
      return !isCreditorReference(changed);
    }), { numRuns: 2000 });
  });

  it('is found in remittance text, also printed in groups of four, only when its check digits hold', () => {
    expect(findCreditorReference('Zahlung RF18 5390 0754 7034 danke')).toBe('RF18539007547034');
    expect(findCreditorReference('ref RF18539007547034.')).toBe('RF18539007547034');
    expect(findCreditorReference('RF19 5390 0754 7034')).toBe('');
    expect(findCreditorReference('no reference here')).toBe('');
  });
});

describe('Swiss QR reference', () => {
  it('checks the recursive mod-10 digit of 27 digits', () => {
    expect(isQrReference('210000000003139471430009017')).toBe(true);
    expect(isQrReference('21 00000 00003 13947 14300 09017')).toBe(true);
    expect(isQrReference('210000000003139471430009018')).toBe(false);
    expect(isQrReference('21000000000313947143000901')).toBe(false);
    expect(findCreditorReference('QRR 210000000003139471430009017')).toBe('210000000003139471430009017');
  });
});
