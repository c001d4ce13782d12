import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import Big from 'big.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InternalError } from '../../src/core/issues.js';
import {
  AmountRangeError, addComputed, addMinor, allocate, exactLimitText, sumMinor, bigToMinorExact, formatMinor, isCurrency, minorDigits, parseAmount, roundToMinor, toBig,
  type Minor,
} from '../../src/core/money.js';

const ROOT = path.resolve(__dirname, '..', '..');
const CURRENCIES = ['EUR', 'USD', 'JPY', 'KWD', 'BHD', 'GBP', 'KRW'] as const;

const ok = (text: string, ccy: string): number => {
  const r = parseAmount(text, ccy);
  if (!r.ok) throw new Error(`${text} ${ccy}: ${r.problem}`);
  return r.minor;
};
const problem = (text: string, ccy: string): string => {
  const r = parseAmount(text, ccy);
  if (r.ok) throw new Error(`${JSON.stringify(text)} was accepted as ${r.minor}`);
  return r.problem;
};

describe('parseAmount / formatMinor', () => {
  it('knows the minor digits of 0-, 2- and 3-digit currencies', () => {
    expect([minorDigits('JPY'), minorDigits('EUR'), minorDigits('KWD'), minorDigits('BHD'), minorDigits('CLF')]).toEqual([0, 2, 3, 3, 4]);
  });

  it('reads plain decimals exactly', () => {
    expect(ok('1500.00', 'EUR')).toBe(150000);
    expect(ok('1500', 'EUR')).toBe(150000);
    expect(ok('0.1', 'EUR')).toBe(10);
    expect(ok('1200', 'JPY')).toBe(1200);
    expect(ok('1.5', 'KWD')).toBe(1500);
    expect(ok('0.001', 'KWD')).toBe(1);
    expect(ok('0.07', 'EUR')).toBe(7); // 0.07 * 100 is 7.000000000000001 as a float
    expect(ok('1.15', 'EUR')).toBe(115); // and 1.15 * 100 is 114.99999999999999
  });

  it('writes exactly the minor digits', () => {
    expect(formatMinor(150000 as Minor, 'EUR')).toBe('1500.00');
    expect(formatMinor(1200 as Minor, 'JPY')).toBe('1200');
    expect(formatMinor(1 as Minor, 'KWD')).toBe('0.001');
    expect(formatMinor(-5 as Minor, 'EUR')).toBe('-0.05');
    expect(formatMinor(0 as Minor, 'KWD')).toBe('0.000');
  });

  it('round-trips every amount in 0-, 2- and 3-digit currencies', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e13 }), fc.constantFrom(...CURRENCIES), (m, ccy) => {
      const text = formatMinor(m as Minor, ccy);
      expect(ok(text, ccy)).toBe(m);
      // the written form is canonical: exactly the currency's digits after the point
      expect(text.split('.')[1]?.length ?? 0).toBe(minorDigits(ccy));
    }), { numRuns: 2000 });
  });

  it('refuses float-ish and localised text, saying why', () => {
    expect(problem('1e3', 'EUR')).toMatch(/exponent/);
    expect(problem('-1', 'EUR')).toMatch(/negative/);
    expect(problem('1,50', 'EUR')).toMatch(/comma/);
    expect(problem('1.234', 'EUR')).toMatch(/3 decimals, but EUR has 2/);
    expect(problem('12.5', 'JPY')).toMatch(/JPY has no minor unit/);
    expect(problem('1.0001', 'KWD')).toMatch(/4 decimals, but KWD has 3/);
    expect(problem('1,000.00', 'EUR')).toMatch(/thousands/);
    expect(problem('+1.00', 'EUR')).toMatch(/sign/);
    expect(problem(' 1.00', 'EUR')).toMatch(/spaces/);
    expect(problem('.50', 'EUR')).toMatch(/no digit before/);
    expect(problem('1.', 'EUR')).toMatch(/no digits after/);
    for (const bad of ['', 'NaN', 'Infinity', '0x10', '1.2.3', '１２', '1_000', '12 EUR', '1E3', '1e-2']) problem(bad, 'EUR');
    expect(problem('100000000000.01', 'EUR')).toMatch(/too large/);
  });

  it('never accepts a string that is not digits with at most one point', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const r = parseAmount(s, 'EUR');
      if (r.ok) expect(s).toMatch(/^\d+(\.\d{1,2})?$/);
    }), { numRuns: 5000 });
  });

  it('refuses codes outside ISO 4217', () => {
    expect(isCurrency('EUR')).toBe(true);
    expect(isCurrency('EUE')).toBe(false);
    expect(isCurrency('eur')).toBe(false);
    expect(isCurrency('XXX')).toBe(false);
  });
});

describe('roundToMinor (half-up, away from zero on .5)', () => {
  const r = (v: string, ccy: string): number => roundToMinor(new Big(v), ccy);
  it('rounds halves away from zero for both signs', () => {
    expect(r('0.005', 'EUR')).toBe(1);
    expect(r('0.0049999', 'EUR')).toBe(0);
    expect(r('-0.005', 'EUR')).toBe(-1);
    expect(r('-0.0049', 'EUR')).toBe(0);
    expect(r('2.5', 'JPY')).toBe(3);
    expect(r('-2.5', 'JPY')).toBe(-3);
    expect(r('0.0005', 'KWD')).toBe(1);
    expect(r('1.2345', 'KWD')).toBe(1235);
    expect(Object.is(r('-0.001', 'EUR'), 0)).toBe(true); // no negative zero
  });

  it('is within half a minor unit of the exact value', () => {
    fc.assert(fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 1, max: 10000 }), fc.constantFrom(...CURRENCIES), (num, den, ccy) => {
      const exact = new Big(num).div(den);
      const m = roundToMinor(exact, ccy);
      const diff = toBig(m as Minor, ccy).minus(exact).abs();
      const half = new Big(1).div(new Big(10).pow(minorDigits(ccy))).div(2);
      expect(diff.lte(half)).toBe(true);
    }));
  });

  it('bigToMinorExact refuses values with more digits than the currency has', () => {
    expect(bigToMinorExact(new Big('12.34'), 'EUR')).toBe(1234);
    expect(bigToMinorExact(new Big('12.345'), 'EUR')).toBeNull();
    expect(bigToMinorExact(new Big('12.5'), 'JPY')).toBeNull();
  });
});

describe('allocate', () => {
  it('splits a total by weights, largest remainder first', () => {
    expect(allocate(100 as Minor, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(-100 as Minor, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(allocate(5 as Minor, [70, 30])).toEqual([4, 1]);
    expect(allocate(-5 as Minor, [70, 30])).toEqual([-4, -1]);
    expect(allocate(7 as Minor, [0, 1])).toEqual([0, 7]);
    expect(allocate(7 as Minor, [])).toEqual([]);
    expect(() => allocate(7 as Minor, [0, 0])).toThrow(RangeError);
    expect(() => allocate(7 as Minor, [2, -1])).toThrow(RangeError);
  });

  it('shares always sum to the total and each is within one unit of its exact share', () => {
    fc.assert(fc.property(
      fc.integer({ min: -1e10, max: 1e10 }),
      fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 }).filter((w) => w.some((x) => x > 0)),
      (total, weights) => {
        const shares = allocate(total as Minor, weights);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        const wsum = weights.reduce((a, b) => a + b, 0);
        shares.forEach((s, i) => {
          expect(Number.isSafeInteger(s)).toBe(true);
          const exact = new Big(total).times(weights[i]!).div(wsum);
          expect(new Big(s).minus(exact).abs().lt(1)).toBe(true);
        });
      },
    ), { numRuns: 300 });
  });
});

describe('Minor is a type, not a number', () => {
  it('addMinor refuses results outside the exact integer range as a bug, never a rounded figure', () => {
    expect(() => addMinor(Number.MAX_SAFE_INTEGER as Minor, 1 as Minor)).toThrow(InternalError);
    expect(() => addMinor(-Number.MAX_SAFE_INTEGER as Minor, -1 as Minor)).toThrow(InternalError);
    expect(addMinor((Number.MAX_SAFE_INTEGER - 1) as Minor, 1 as Minor)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('addMinor and sumMinor are exact or refuse: never a wrong sum (property)', () => {
    const big = fc.oneof(
      fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
      fc.integer({ min: Number.MAX_SAFE_INTEGER - 1000, max: Number.MAX_SAFE_INTEGER }),
      fc.integer({ min: -1e13, max: 1e13 }),
    );
    fc.assert(fc.property(big, big, (a, b) => {
      const exact = BigInt(a) + BigInt(b);
      const safe = exact <= BigInt(Number.MAX_SAFE_INTEGER) && exact >= -BigInt(Number.MAX_SAFE_INTEGER);
      if (safe) expect(BigInt(addMinor(a as Minor, b as Minor))).toBe(exact);
      else expect(() => addMinor(a as Minor, b as Minor)).toThrow(InternalError);
    }), { numRuns: 2000 });
    fc.assert(fc.property(fc.array(big, { maxLength: 20 }), (values) => {
      let exact = 0n;
      let safe = true;
      for (const v of values) {
        exact += BigInt(v);
        if (exact > BigInt(Number.MAX_SAFE_INTEGER) || exact < -BigInt(Number.MAX_SAFE_INTEGER)) safe = false;
      }
      if (safe) expect(BigInt(sumMinor(values as Minor[]))).toBe(exact);
      else expect(() => sumMinor(values as Minor[])).toThrow(InternalError);
    }), { numRuns: 1000 });
  });

  it('a rate or quantity that rounds past the exact range is refused with the limit, not rounded', () => {
    expect(() => roundToMinor(new Big('90071992547409.92'), 'EUR')).toThrow(AmountRangeError);
    expect(() => roundToMinor(new Big('90071992547409.92'), 'EUR')).toThrow(/past 90,071,992,547,409\.91/);
    expect(roundToMinor(new Big('90071992547409.91'), 'EUR')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => bigToMinorExact(new Big('9007199254740992'), 'JPY')).toThrow(AmountRangeError);
    expect(exactLimitText('JPY')).toBe('9,007,199,254,740,991');
    expect(exactLimitText('KWD')).toBe('9,007,199,254,740.991');
  });

  it('addComputed refuses a computed total past the exact range (exit 3), naming the limit', () => {
    expect(addComputed('EUR', [1 as Minor, 2 as Minor])).toBe(3);
    expect(() => addComputed('EUR', [Number.MAX_SAFE_INTEGER as Minor, 1 as Minor])).toThrow(/EUR total .* past 90,071,992,547,409\.91/);
  });

  it('type-checks money.typetest.ts, whose @ts-expect-error lines prove a plain number is refused', () => {
    const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
    const args = ['--ignoreConfig', '--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext',
      '--skipLibCheck', '--types', 'node', path.join(ROOT, 'test', 'core', 'money.typetest.ts')];
    // tsc exits non-zero (and this throws with its output) if any expected error is missing or another appears.
    expect(() => execFileSync(tsc, args, { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' })).not.toThrow();
  });
});
