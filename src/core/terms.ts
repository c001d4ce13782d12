// Payment terms: `net<N>`, `eom<N>`, `receipt`, optionally behind an early-payment discount `<d>/<k> `.
import { addDays, endOfMonth, type LocalDate } from './date.js';

export interface Terms {
  readonly text: string;
  readonly rule: { readonly kind: 'net' | 'eom'; readonly days: number } | { readonly kind: 'receipt' };
  /** Early-payment discount: `percent` off when paid within `days` of the invoice date. */
  readonly discount: { readonly percent: string; readonly days: number } | null;
}

const TERMS_RE = /^(?:(\d+(?:\.\d+)?)\/(\d+) )?(?:(net|eom)(\d+)|(receipt))$/;

export const TERMS_HINT = 'write net30, eom15, receipt or "2/10 net30"';

export function parseTerms(text: string): Terms | null {
  const m = TERMS_RE.exec(text);
  if (!m) return null;
  const discount = m[1] !== undefined ? { percent: m[1], days: Number(m[2]) } : null;
  if (discount && (Number(discount.percent) <= 0 || Number(discount.percent) >= 100)) return null;
  const rule = m[5] ? ({ kind: 'receipt' } as const) : { kind: m[3] as 'net' | 'eom', days: Number(m[4]) };
  if (rule.kind !== 'receipt' && rule.days > 3650) return null;
  return { text, rule, discount };
}

export function dueDate(date: LocalDate, terms: Terms): LocalDate {
  switch (terms.rule.kind) {
    case 'receipt':
      return date;
    case 'net':
      return addDays(date, terms.rule.days);
    case 'eom':
      return addDays(endOfMonth(date), terms.rule.days);
  }
}
