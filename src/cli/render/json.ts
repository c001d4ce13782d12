// JSON of a known shape written straight to text, byte for byte what `toJson` (JSON.stringify with two spaces,
// then escapeJson) makes of the same object: a report of a large ledger runs to tens of megabytes, and building
// an object per row, stringifying it whole and scanning the result again for characters to escape cost more than
// computing the report. The text comes in chunks, so that no copy of the whole report is ever held.
import { escapeJson } from '../../core/escape.js';
import { formatMinor, minorDigits } from '../../core/money.js';

/**
 * What JSON.stringify escapes (controls, quote, backslash, lone surrogates) and what escapeJson escapes after it;
 * surrogates are listed whole, so that a pair takes the slow way too, which writes it as JSON.stringify does.
 */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]/;

/** A string as a JSON string: one test, and JSON.stringify only for the rare text that has something to escape. */
export function jsonString(s: string): string {
  return NEEDS_ESCAPE.test(s) ? escapeJson(JSON.stringify(s)) : `"${s}"`;
}

/** Any JSON value as toJson writes it, nested at `indent` (the lines after the first start with it). */
export function jsonNested(value: unknown, indent: string): string {
  return escapeJson(JSON.stringify(value, null, 2)).replace(/\n/g, `\n${indent}`);
}

/** A number as JSON.stringify writes it (null for what JSON has no number for). */
export function jsonNumber(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}

/** An amount as formatMinor writes it, for a currency of `digits` minor digits (from `amountDigits`). */
export function amountText(minor: number, digits: number, currency: string): string {
  if (digits !== 2 || !Number.isSafeInteger(minor)) return formatMinor(minor, currency);
  const neg = minor < 0;
  const abs = neg ? -minor : minor;
  const frac = abs % 100;
  const whole = (abs - frac) / 100;
  return `${neg ? '-' : ''}${whole}${frac < 10 ? '.0' : '.'}${frac}`;
}

export function amountDigits(currency: string): number {
  return minorDigits(currency);
}

/** Chunks of about this many characters: large enough that writing each costs little, small enough to hold. */
export const CHUNK = 1 << 16;

/** The text of chunks, whole: for a caller that wants one string (a test, a file written at once). */
export function joinChunks(chunks: Iterable<string>): string {
  let out = '';
  for (const c of chunks) out += c;
  return out;
}
