// Calendar dates as `YYYY-MM-DD` strings and day numbers; no clock, no time zone, no `Date`.

declare const dateBrand: unique symbol;
/** A calendar day written `YYYY-MM-DD`. ISO strings order correctly with `<`. */
export type LocalDate = string & { readonly [dateBrand]: true };

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

/** Parses `YYYY-MM-DD` to its day number, or returns NaN when it is not a real calendar date. */
export function dayNumberOf(text: string): number {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return NaN;
  const y = digits(text, 0, 4);
  const m = digits(text, 5, 7);
  const d = digits(text, 8, 10);
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN;
  return civilToDays(y, m, d);
}

function digits(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return v;
}

export function isLocalDate(text: string): text is LocalDate {
  return !Number.isNaN(dayNumberOf(text));
}

export function parseLocalDate(text: string): LocalDate | null {
  return isLocalDate(text) ? text : null;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function civilToDays(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function daysToCivil(z: number): { y: number; m: number; d: number } {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: m <= 2 ? y + 1 : y, m, d };
}

/** Dates already made, by day number from 1970 to 2239: a report turns a million day numbers into a few thousand dates. */
const DAY_TEXT: (LocalDate | undefined)[] = [];
const CACHED_DAYS = 98_615;

export function fromDayNumber(n: number): LocalDate {
  const cacheable = n >= 0 && n < CACHED_DAYS && Number.isInteger(n);
  if (cacheable) {
    const known = DAY_TEXT[n];
    if (known !== undefined) return known;
  }
  const { y, m, d } = daysToCivil(n);
  const text = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` as LocalDate;
  if (cacheable) DAY_TEXT[n] = text;
  return text;
}

export function toDayNumber(date: LocalDate): number {
  return dayNumberOf(date);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(dayNumberOf(date) + days);
}

/** a − b in days. */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return dayNumberOf(a) - dayNumberOf(b);
}

export function endOfMonth(date: LocalDate): LocalDate {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  return `${date.slice(0, 8)}${String(daysInMonth(y, m)).padStart(2, '0')}` as LocalDate;
}

export function yearOf(date: LocalDate): string {
  return date.slice(0, 4);
}

export function maxDate(a: LocalDate, b: LocalDate): LocalDate {
  return a > b ? a : b;
}

/** The calendar date of a wall-clock reading given as its parts; used by the CLI for "today". */
export function localDateOf(y: number, m: number, d: number): LocalDate {
  return fromDayNumber(civilToDays(y, m, d));
}
