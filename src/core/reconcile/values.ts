// Amounts and dates as banks write them (`1.234,56 €`, `1'234.50`, `(12.00)`, `23-Jan-15`), read exactly.
import { civilToDays, daysInMonth, fromDayNumber, type LocalDate } from '../date.js';
import { minorDigits, type Currency } from '../money.js';

export interface NumberStyle {
  /** The decimal mark, `.` or `,`. */
  readonly decimal: string;
  /** The thousands separator; empty for the usual ones of the decimal mark (`,` `'` and spaces, or `.` and spaces). */
  readonly thousands: string;
}

export type BankAmountParse = { ok: true; minor: number } | { ok: false; problem: string };

// Currency signs and codes around an amount carry no number; they are dropped before reading it, once checked
// against the statement's currency (a sign shared by several currencies, like $ or kr, is taken as it comes).
const LEADING_CURRENCY = /^(?:[A-Z]{3}|[€$£¥₣₤₹₽]|Fr\.?|kr)\s*/;
const TRAILING_CURRENCY = /\s*(?:[A-Z]{3}|[€$£¥₣₤₹₽]|Fr\.?|kr)$/;
const SIGN_CURRENCY: Readonly<Record<string, string>> = { '€': 'EUR', '£': 'GBP', '₹': 'INR', '₽': 'RUB' };

/**
 * A signed amount in minor units. A leading or trailing `-`, or parentheses, make it negative; more decimals
 * than the currency has are accepted only when they are zeros (`8.850` EUR), since rounding a bank's
 * figure would invent money.
 */
export function parseBankAmount(text: string, style: NumberStyle, currency: Currency | string): BankAmountParse {
  let s = text.replace(/[\u00a0\u202f]/g, ' ').trim();
  if (s === '') return { ok: false, problem: 'is empty' };
  let negative = false;
  let signs = 0;
  const marks: string[] = [];
  const dropCurrency = (re: RegExp): void => {
    const m = re.exec(s);
    if (m) { marks.push(m[0].trim()); s = s.replace(re, '').trim(); }
  };
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    signs++;
    s = s.slice(1, -1).trim();
  }
  for (let i = 0; i < 2; i++) {
    if (s.startsWith('-') || s.startsWith('−')) { negative = true; signs++; s = s.slice(1).trim(); }
    else if (s.startsWith('+')) { signs++; s = s.slice(1).trim(); }
    dropCurrency(LEADING_CURRENCY);
  }
  dropCurrency(TRAILING_CURRENCY);
  if (s.endsWith('-') || s.endsWith('−')) { negative = true; signs++; s = s.slice(0, -1).trim(); }
  dropCurrency(TRAILING_CURRENCY);
  // `--50,00` or `-50,00-` is no amount a bank writes: which sign was meant cannot be told.
  if (signs > 1) return { ok: false, problem: 'has more than one sign; write one, e.g. -50.00' };
  for (const mark of marks) {
    const code = /^[A-Z]{3}$/.test(mark) ? mark : SIGN_CURRENCY[mark];
    if (code !== undefined && code !== currency) return { ok: false, problem: `is in ${mark}, but the statement is read as ${currency}` };
  }
  const dec = style.decimal === ',' ? ',' : '.';
  const seps = style.thousands !== '' ? [style.thousands, ' '] : dec === ',' ? ['.', ' ', "'", '’'] : [',', ' ', "'", '’'];
  const decAt = s.lastIndexOf(dec);
  let intPart = decAt >= 0 ? s.slice(0, decAt) : s;
  const fracPart = decAt >= 0 ? s.slice(decAt + 1) : '';
  for (const sep of seps) {
    if (sep === dec || !intPart.includes(sep)) continue;
    // A thousands separator groups by three; `12,34` with a decimal point is a wrong decimal mark, not 1234.
    if (sep !== ' ' && !new RegExp(`^\\d{1,3}(?:${escapeRe(sep)}\\d{3})+$`).test(intPart)) {
      return { ok: false, problem: `is not an amount written with ${JSON.stringify(dec)} as the decimal mark` };
    }
    intPart = intPart.split(sep).join('');
  }
  if (!/^\d+$/.test(intPart === '' && decAt >= 0 ? '0' : intPart) || !/^\d*$/.test(fracPart)) {
    return { ok: false, problem: `is not an amount written with ${JSON.stringify(dec)} as the decimal mark` };
  }
  const digits = minorDigits(currency);
  const extra = fracPart.slice(digits);
  if (/[^0]/.test(extra)) return { ok: false, problem: `has more decimals than ${currency} has (${digits})` };
  const whole = intPart === '' ? '0' : intPart;
  if (whole.replace(/^0+/, '').length > 13) return { ok: false, problem: 'is too large' };
  const minor = Number(whole) * 10 ** digits + (digits > 0 ? Number(fracPart.slice(0, digits).padEnd(digits, '0')) : 0);
  return { ok: true, minor: negative && minor !== 0 ? -minor : minor };
}

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
  mär: 3, mai: 5, okt: 10, dez: 12, fév: 2, fev: 2, avr: 4, jui: 7, aoû: 8, aou: 8, déc: 12,
};

const TOKEN = /YYYY|YY|MMM|MM|M|DD|D/g;

export type DateReader = ((text: string) => LocalDate | null) & {
  /** Whether text has the format's shape, so that a null from the reader means "no such day" (`30.02.2026`). */
  readonly fits: (text: string) => boolean;
};

/** A date format such as `DD.MM.YYYY`, `M/D/YY`, `DD-MMM-YY` as a reader; a time after the date is ignored. */
export function dateReader(format: string): DateReader {
  const parts: string[] = [];
  let re = '^';
  let last = 0;
  for (const m of format.matchAll(TOKEN)) {
    re += escapeRe(format.slice(last, m.index));
    parts.push(m[0]);
    re += m[0] === 'MMM' ? '([A-Za-zÀ-ÿ]{3,4})\\.?' : m[0].length === 1 ? '(\\d{1,2})' : `(\\d{${m[0].length}})`;
    last = m.index + m[0].length;
  }
  re += `${escapeRe(format.slice(last))}(?:[ T].*)?$`;
  const rx = new RegExp(re);
  const read = (text: string): LocalDate | null => {
    const m = rx.exec(text.trim());
    if (!m) return null;
    let y = NaN;
    let mo = NaN;
    let d = NaN;
    parts.forEach((p, i) => {
      const v = m[i + 1]!;
      if (p === 'YYYY') y = Number(v);
      else if (p === 'YY') y = pivotYear(Number(v));
      else if (p === 'MMM') mo = MONTHS[v.toLowerCase().slice(0, 3)] ?? MONTHS[v.toLowerCase()] ?? NaN;
      else if (p.startsWith('M')) mo = Number(v);
      else d = Number(v);
    });
    if (!(y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo))) return null;
    return fromDayNumber(civilToDays(y, mo, d));
  };
  return Object.assign(read, { fits: (text: string) => rx.test(text.trim()) });
}

/** Two-digit years are this century's up to 69, the last century's from 70 (as POSIX strptime reads them). */
export function pivotYear(yy: number): number {
  return yy < 70 ? 2000 + yy : 1900 + yy;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An IBAN or account number compared without spaces, in upper case. */
export function normalizeIban(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase();
}
