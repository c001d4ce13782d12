// Compile-time proof that Minor is not a plain number: each @ts-expect-error line must fail to type-check,
// or tsc reports the directive as unused. test/core/money.test.ts runs tsc on this file.
import { addMinor, formatMinor, parseAmount, type Minor } from '../../src/core/money.js';

const parsed = parseAmount('12.50', 'EUR');
const minor: Minor = parsed.ok ? parsed.minor : (0 as Minor);

// @ts-expect-error a float (or any number) is not a count of minor units until money.ts says so
const fromFloat: Minor = 12.5;

// @ts-expect-error arithmetic on Minor gives a plain number, which must not pass as Minor again
const sum: Minor = minor + minor;

// @ts-expect-error addMinor takes Minor, not number
addMinor(minor, 1);

// Allowed: Minor widens to number for display and comparison.
const asNumber: number = minor;
formatMinor(addMinor(minor, minor), 'EUR');

export { fromFloat, sum, asNumber };
