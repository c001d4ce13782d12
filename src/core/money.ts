// Exact money: an integer count of minor units tagged with an ISO 4217 currency; never a float.
import Big from 'big.js';
import { InternalError, RefusedError } from './issues.js';

declare const minorBrand: unique symbol;
/** An integer count of a currency's minor units. Only this module makes one from a number. */
export type Minor = number & { readonly [minorBrand]: true };

declare const currencyBrand: unique symbol;
export type Currency = string & { readonly [currencyBrand]: true };

export interface Money {
  readonly currency: Currency;
  readonly minor: Minor;
}

/** ISO 4217 currencies whose minor unit is not 2 digits. Everything else listed in KNOWN has 2. */
const MINOR_DIGITS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0,
  UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/** Active ISO 4217 codes (2025 list). A three-letter code outside it is refused, so a typo such as `EUE` is caught. */
const KNOWN = new Set(
  ('AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF ' +
    'CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF ' +
    'GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD ' +
    'LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP ' +
    'PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP ' +
    'TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG')
    .split(' '),
);

export function isCurrency(code: string): code is Currency {
  return KNOWN.has(code);
}

export function minorDigits(currency: Currency | string): number {
  return MINOR_DIGITS[currency] ?? 2;
}

/** Largest absolute minor count we accept, so that sums over millions of documents stay exact integers. */
const MAX_AMOUNT_MINOR = 1e13;

export const ZERO = 0 as Minor;

/** Result of parsing text as an amount: the minor units, or why the text is not one. */
export type AmountParse = { ok: true; minor: Minor } | { ok: false; problem: string };

/**
 * Parses a ledger amount: plain decimal, `.` as the point, no sign, no exponent, no thousands separator,
 * at most the currency's minor digits. Works on the characters only, never through a float.
 */
export function parseAmount(text: string, currency: Currency | string): AmountParse {
  const digits = minorDigits(currency);
  const n = text.length;
  if (n === 0) return { ok: false, problem: 'is empty' };
  let intPart = 0;
  let i = 0;
  let intDigits = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    intPart = intPart * 10 + (c - 48);
    intDigits++;
  }
  let frac = 0;
  let fracDigits = 0;
  if (i < n && text.charCodeAt(i) === 46 /* . */) {
    i++;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      frac = frac * 10 + (c - 48);
      fracDigits++;
    }
    if (fracDigits === 0) return { ok: false, problem: 'has no digits after the decimal point' };
  }
  if (i !== n || intDigits === 0) {
    return { ok: false, problem: describeBadAmount(text) };
  }
  if (fracDigits > digits) {
    return {
      ok: false,
      problem: digits === 0
        ? `has decimals, but ${currency} has no minor unit`
        : `has ${fracDigits} decimals, but ${currency} has ${digits}`,
    };
  }
  // Written only when needed: formatting it for every amount was a tenth of reading a million rows.
  const tooLarge = (): string => `is too large: one amount is at most ${groupThousands(formatMinor(MAX_AMOUNT_MINOR, currency))} ${currency}`;
  if (intDigits > 16) return { ok: false, problem: tooLarge() };
  const minor = intPart * 10 ** digits + frac * 10 ** (digits - fracDigits);
  if (minor > MAX_AMOUNT_MINOR) return { ok: false, problem: tooLarge() };
  return { ok: true, minor: minor as Minor };
}

function describeBadAmount(text: string): string {
  if (/^-/.test(text)) return 'is negative; amounts are written without a sign';
  if (/^\+/.test(text)) return 'has a sign; amounts are written without one';
  if (/^\d+,\d+$/.test(text)) return 'uses a comma as the decimal point';
  if (/[eE]/.test(text) && /^[\d.]+[eE][+-]?\d+$/.test(text)) return 'uses an exponent';
  if (/^\d{1,3}([,' ]\d{3})+(\.\d+)?$/.test(text)) return 'has thousands separators';
  if (/^\s|\s$/.test(text)) return 'has spaces around it';
  if (/^\.\d+$/.test(text)) return 'has no digit before the decimal point';
  return 'is not a decimal number';
}

/** Writes minor units with exactly the currency's minor digits, e.g. 150000 EUR -> "1500.00". */
export function formatMinor(minor: Minor | number, currency: Currency | string): string {
  const digits = minorDigits(currency);
  const neg = minor < 0;
  const abs = Math.abs(minor);
  let s: string;
  if (digits === 0) {
    s = String(abs);
  } else {
    const unit = 10 ** digits;
    const whole = Math.floor(abs / unit);
    const frac = abs - whole * unit;
    s = `${whole}.${String(frac).padStart(digits, '0')}`;
  }
  return neg ? `-${s}` : s;
}

/** The exact example that would be valid for a currency, for hints: `1500.00`, `1500`, `1500.000`. */
export function exampleAmount(currency: Currency | string): string {
  return formatMinor(1500 * 10 ** minorDigits(currency), currency);
}

/**
 * The largest minor count a `number` holds exactly (2^53 - 1). The ledger validator proves that, per currency,
 * the debit amounts and the credit amounts each add up to no more than this, so every sum a report makes of
 * them (open amounts, balances, totals) is exact; the checks below catch any path that escapes that proof.
 */
export const MAX_EXACT_MINOR = Number.MAX_SAFE_INTEGER;

/** MAX_EXACT_MINOR in a currency with thousands grouped, for messages: 90,071,992,547,409.91 EUR. */
export function exactLimitText(currency: Currency | string): string {
  return groupThousands(formatMinor(MAX_EXACT_MINOR, currency));
}

/** "90071992547409.91" -> "90,071,992,547,409.91": long amounts in messages are read, not copied. */
export function groupThousands(amount: string): string {
  const [whole, frac] = amount.split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

/** A computed amount (interest, a line's net, a letter's total) that no `number` holds exactly: refused, exit 3. */
export class AmountRangeError extends RefusedError {}

/** Sums of ledger amounts are proven in range when the ledger is loaded, so leaving it is a bug, never a figure. */
function checked(value: number): Minor {
  if (!Number.isSafeInteger(value)) throw new InternalError(`amount out of exact range: ${value} minor units`);
  return value as Minor;
}

/** A minor count computed from a rate or quantity: outside the exact range it is refused with what it was. */
function inRange(value: Big, currency: Currency | string): Minor {
  const n = Number(value.toFixed(0));
  if (!Number.isSafeInteger(n)) {
    const shown = value.div(new Big(10).pow(minorDigits(currency))).toFixed(minorDigits(currency));
    throw new AmountRangeError(`the amount ${groupThousands(shown)} ${currency} is past ${exactLimitText(currency)}, the largest amount arledger computes exactly — check the rate, quantity or price it comes from`);
  }
  return n as Minor;
}

export function addMinor(a: Minor, b: Minor): Minor {
  return checked(a + b);
}

/**
 * Adds amounts computed beyond the ledger's own (fees, interest, a letter's total), which the loader's proof
 * does not cover: past the exact range it is refused, exit 3, with the limit named.
 */
export function addComputed(currency: Currency | string, values: Iterable<Minor>): Minor {
  let s = 0;
  for (const v of values) {
    s += v;
    if (!Number.isSafeInteger(s)) {
      throw new AmountRangeError(`a computed ${currency} total (fees, interest and open amounts) is past ${exactLimitText(currency)}, the largest amount arledger computes exactly — check the fee and interest settings in ledger.yaml`);
    }
  }
  return s as Minor;
}

export function subMinor(a: Minor, b: Minor): Minor {
  return checked(a - b);
}

export function negMinor(a: Minor): Minor {
  return (a === 0 ? 0 : -a) as Minor;
}

export function minMinor(a: Minor, b: Minor): Minor {
  return a < b ? a : b;
}

export function sumMinor(values: Iterable<Minor>): Minor {
  // Checked at every step: with mixed signs a total can leave the exact range and come back inexact.
  let s = ZERO;
  for (const v of values) s = addMinor(s, v);
  return s;
}

export function money(currency: Currency, minor: Minor): Money {
  return { currency, minor };
}

export class CurrencyMismatchError extends Error {
  constructor(a: Currency, b: Currency) {
    super(`cannot combine ${a} with ${b}`);
  }
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new CurrencyMismatchError(a.currency, b.currency);
  return { currency: a.currency, minor: addMinor(a.minor, b.minor) };
}

export function subMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new CurrencyMismatchError(a.currency, b.currency);
  return { currency: a.currency, minor: subMinor(a.minor, b.minor) };
}

/** A minor count as an exact decimal in major units, for multiplication by rates. */
export function toBig(minor: Minor, currency: Currency | string): Big {
  return new Big(minor).div(new Big(10).pow(minorDigits(currency)));
}

/** Rounds an exact decimal in major units half-up (away from zero on .5) to the currency's minor units. */
export function roundToMinor(value: Big, currency: Currency | string): Minor {
  const digits = minorDigits(currency);
  // big.js roundHalfUp rounds .5 away from zero, which is the bookkeeping convention for both signs.
  const rounded = value.round(digits, Big.roundHalfUp);
  return inRange(rounded.times(new Big(10).pow(digits)), currency);
}

/** Parses a decimal (rate, quantity, percentage) exactly; null when it is not a plain decimal number. */
export function parseDecimal(text: string, allowNegative = false): Big | null {
  const re = allowNegative ? /^-?\d+(\.\d+)?$/ : /^\d+(\.\d+)?$/;
  if (!re.test(text)) return null;
  return new Big(text);
}

/** Amount given in major units as Big -> Minor, refusing values with more digits than the currency has. */
export function bigToMinorExact(value: Big, currency: Currency | string): Minor | null {
  const m = value.times(new Big(10).pow(minorDigits(currency)));
  if (!m.eq(m.round(0, Big.roundDown))) return null;
  return inRange(m, currency);
}

/**
 * Splits `total` into shares proportional to `weights`, largest remainder first, so the shares always sum to
 * the total exactly (dinero's distribute).
 */
export function allocate(total: Minor, weights: readonly number[]): Minor[] {
  const wsum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (weights.some((w) => !(w >= 0) || !Number.isFinite(w))) throw new RangeError('allocate needs weights of 0 or more');
  if (wsum <= 0) throw new RangeError('allocate needs a positive weight');
  const totalB = new Big(total);
  const shares = weights.map((w) => totalB.times(w).div(wsum));
  const floors = shares.map((s) => s.round(0, Big.roundDown));
  let left = total - floors.reduce((a, f) => a + Number(f.toFixed(0)), 0);
  const order = shares
    // By the remainder's size: for a negative total the remainders are negative and the largest in size is owed first.
    .map((s, i) => ({ i, rem: s.minus(floors[i]!).abs() }))
    .sort((a, b) => (b.rem.cmp(a.rem) || a.i - b.i));
  const out = floors.map((f) => Number(f.toFixed(0)));
  const step = left >= 0 ? 1 : -1;
  for (let k = 0; left !== 0; k = (k + 1) % out.length) {
    out[order[k]!.i]! += step;
    left -= step;
  }
  return out.map(checked);
}
