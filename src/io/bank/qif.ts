// Quicken Interchange Format: `!Type:Bank` (or Cash, CCard, Oth A/L) followed by records of one-letter fields
// (D date, T/U amount, P payee, M memo, N number, C cleared) ended by `^`. Hand-written: npm has no maintained QIF
// reader, and the format is line-based. QIF names no currency and no encoding; the day/month order of its dates is
// told from the file itself.
import { civilToDays, fromDayNumber, type LocalDate } from '../../core/date.js';
import { DataError, issue, q, type LedgerIssue } from '../../core/issues.js';
import type { Currency, Minor } from '../../core/money.js';
import type { BankStatement } from '../../core/reconcile/line.js';
import { parseBankAmount, pivotYear } from '../../core/reconcile/values.js';
import { assignIds, type DraftLine, type Unbalanced } from './ids.js';

/** Whether the start of a file is QIF: a `!Type:`, `!Account` or `!Option:` header before any record. */
export function looksLikeQif(head: string): boolean {
  return /^\s*!(?:Type:|Account\s*$|Option:|Clear:)/im.test(head.split('\n').slice(0, 3).join('\n')) && /^\s*!Type:/im.test(head);
}

/** Account types whose records are movements on an account; categories, classes and investments are not. */
const MONEY_TYPES = /^(?:bank|cash|ccard|oth a|oth l|invoice)$/i;

interface Raw {
  readonly line: number;
  readonly fields: Map<string, { value: string; line: number }>;
}

type DateOrder = 'MDY' | 'DMY';

/** A QIF date: M/D/YY, M/D'YY (Quicken after 1999), D.M.YYYY, YYYY-MM-DD and the like, in the file's order. */
function parseDate(s: string, order: DateOrder): LocalDate | null {
  const t = s.trim().replace(/\s+/g, '');
  let y: number;
  let m: number;
  let d: number;
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t);
  const parts = /^(\d{1,2})[-/.](\d{1,2})(?:[-/.']|'\s?)(\d{2}|\d{4})$/.exec(t);
  if (iso) {
    [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else if (parts) {
    const a = Number(parts[1]);
    const b = Number(parts[2]);
    [m, d] = order === 'MDY' ? [a, b] : [b, a];
    y = parts[3]!.length === 2 ? (t.includes("'") ? 2000 + Number(parts[3]) : pivotYear(Number(parts[3]))) : Number(parts[3]);
  } else {
    return null;
  }
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const back = fromDayNumber(civilToDays(y, m, d));
  return Number(back.slice(8, 10)) === d ? back : null;
}

/** Day-first when some date's first number cannot be a month; else month-first, as Quicken writes in the US. */
function dateOrder(dates: readonly string[]): DateOrder {
  for (const s of dates) {
    const m = /^(\d{1,2})[-/.](\d{1,2})/.exec(s.trim());
    if (m && Number(m[1]) > 12) return 'DMY';
  }
  const dotted = dates.some((s) => /^\d{1,2}\.\d{1,2}\./.test(s.trim()));
  return dotted ? 'DMY' : 'MDY';
}

/**
 * A QIF amount: Quicken writes `-1,234.56`; European exports `-1.234,56` or `-12,50`. The decimal mark is the
 * last `.` or `,` followed by one or two digits; other marks must group by three.
 */
function qifAmount(s: string, ccy: Currency): { ok: true; minor: number } | { ok: false; problem: string } {
  const t = s.trim().replace(/\s/g, '');
  const dec = /[.,](\d{1,2})$/.exec(t) ? t[t.search(/[.,]\d{1,2}$/)]! : '.';
  const r = parseBankAmount(t, { decimal: dec, thousands: dec === '.' ? ',' : '.' }, ccy);
  return r.ok ? r : { ok: false, problem: r.problem };
}

export function readQif(file: string, text: string, currency: Currency): { statements: BankStatement[]; issues: LedgerIssue[]; unbalanced: Unbalanced[] } {
  const issues: LedgerIssue[] = [];
  const records: Raw[] = [];
  let type = '';
  let account = '';
  let inAccount = false;
  let cur: Raw | null = null;
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const l = raw.replace(/\s+$/, '');
    if (l.trim() === '') return;
    if (l.startsWith('!')) {
      const h = /^!Type:(.*)$/i.exec(l);
      if (h) { type = h[1]!.trim(); inAccount = false; }
      else if (/^!Account/i.test(l)) inAccount = true;
      cur = null;
      return;
    }
    if (l.startsWith('^')) {
      if (cur && !inAccount && MONEY_TYPES.test(type)) records.push(cur);
      cur = null;
      return;
    }
    if (inAccount) {
      if (l.startsWith('N')) account = l.slice(1).trim();
      return;
    }
    if (type === '') {
      issues.push(issue(file, i + 1, `${q(l.slice(0, 40))} stands before any !Type: header`, 'a QIF file starts with a header such as !Type:Bank'));
      return;
    }
    cur ??= { line: i + 1, fields: new Map() };
    const key = l[0]!;
    // Split lines (S, E, $) belong to categories of one movement: the movement's own amount is T.
    if (!cur.fields.has(key)) cur.fields.set(key, { value: l.slice(1).trim(), line: i + 1 });
  });
  if (cur !== null && MONEY_TYPES.test(type)) records.push(cur);
  if (type === '' && issues.length === 0) throw new DataError([issue(file, undefined, 'is QIF without a !Type: header', 'a QIF bank export starts with !Type:Bank')]);
  const order = dateOrder(records.map((r) => r.fields.get('D')?.value ?? ''));
  const drafts: DraftLine[] = [];
  for (const r of records) {
    const f = (k: string): string => r.fields.get(k)?.value ?? '';
    const dateText = f('D');
    const date = parseDate(dateText, order);
    if (!date) {
      issues.push(issue(file, r.fields.get('D')?.line ?? r.line, dateText === '' ? 'the record has no D (date) line' : `date ${q(dateText)} is not a date`,
        'QIF dates are written like D11/03/2026, D11/3\'26 or D2026-11-03'));
      continue;
    }
    const amountText = f('T') || f('U');
    const amt = qifAmount(amountText, currency);
    if (!amt.ok) {
      issues.push(issue(file, (r.fields.get('T') ?? r.fields.get('U'))?.line ?? r.line, amountText === '' ? 'the record has no T (amount) line' : `amount ${q(amountText)} ${amt.problem}`,
        'QIF amounts are written like T-1,234.56 (negative for money going out)'));
      continue;
    }
    if (amt.minor === 0) continue;
    const payee = f('P');
    const memo = f('M');
    const number = f('N');
    drafts.push({
      candidateId: '', account, date, amount: Math.abs(amt.minor) as Minor, currency, direction: amt.minor > 0 ? 'credit' : 'debit',
      payerName: payee, payerIban: '', text: [memo, number].filter((s) => s !== '').join(' ').replace(/\s+/g, ' ').trim() || payee,
      reference: '', booked: true, reversal: false, sourceLine: r.line,
    });
  }
  const lines2 = assignIds(drafts, 'qif');
  return { statements: [{ id: account, account, from: null, to: null, opening: null, closing: null, lines: lines2, sourceLine: 1 }], issues, unbalanced: [] };
}
