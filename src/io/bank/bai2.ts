// BAI2 cash-management balance reports (US lockbox and treasury files): 01 file, 02 group, 03 account with its
// summary amounts, 16 transaction detail, 88 continuation, 49/98/99 trailers. Hand-written: npm has no BAI2 parser,
// and the format is a few comma-separated record types whose one subtlety, the funds-type fields that decide
// where a 16 record's text begins, is easier to get right than to work around.
import { civilToDays, fromDayNumber, type LocalDate } from '../../core/date.js';
import { issue, q, type LedgerIssue } from '../../core/issues.js';
import { formatMinor, isCurrency, minorDigits, type Currency, type Minor } from '../../core/money.js';
import type { Balance, BankStatement, Direction } from '../../core/reconcile/line.js';
import { pivotYear } from '../../core/reconcile/values.js';
import { assignIds, type DraftLine, type Unbalanced } from './ids.js';

const CODES = '01|02|03|16|49|88|98|99';

/** Whether the start of a file is BAI2: a 01 file header followed by a 02 group header. */
export function looksLikeBai2(head: string): boolean {
  return /^01,[^,\n]*,[^,\n]*,\d{6},/.test(head.trimStart()) && /(?:^|\/\s*)02,/m.test(head);
}

interface Rec {
  readonly code: string;
  readonly line: number;
  raw: string;
}

/**
 * Logical records. A record normally fills a physical line, but exports put several on one line (`…/ 16,…`),
 * break a 16 record's text over two lines, or write `88:` for `88,`; each is read as the bank meant it.
 */
function records(text: string): Rec[] {
  const out: Rec[] = [];
  const split = new RegExp(`/\\s+(?=(?:${CODES}),)`);
  text.split('\n').forEach((physical, i) => {
    if (physical.trim() === '') return;
    physical.split(split).forEach((seg, k) => {
      const s = k === 0 ? seg.replace(/^\s+/, '') : seg;
      const m = new RegExp(`^(${CODES})[,:;]`).exec(s);
      if (m) out.push({ code: m[1]!, line: i + 1, raw: s.slice(3) });
      else if (out.length > 0 && k === 0 && !/^\d{2},/.test(s)) out[out.length - 1]!.raw = `${stripEnd(out[out.length - 1]!.raw)} ${s.trim()}`;
      else out.push({ code: s.slice(0, 2), line: i + 1, raw: s.slice(3) });
    });
  });
  return out;
}

/** A record's text without its closing slash and padding. */
function stripEnd(s: string): string {
  return s.replace(/\s+$/, '').replace(/\/$/, '').replace(/\s+$/, '');
}

function yymmdd(s: string): LocalDate | null {
  if (!/^\d{6}$/.test(s)) return null;
  const y = pivotYear(Number(s.slice(0, 2)));
  const m = Number(s.slice(2, 4));
  const d = Number(s.slice(4, 6));
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const back = fromDayNumber(civilToDays(y, m, d));
  return Number(back.slice(8, 10)) === d ? back : null;
}

/** The number of fields a funds type adds after the amount (and item count, in summaries); null when unknown. */
function fundsFields(funds: string, rest: readonly string[]): number | null {
  switch (funds.trim().toUpperCase()) {
    case '': case '0': case '1': case '2': case 'Z': return 0;
    case 'S': return 3;
    case 'V': return 2;
    case 'D': {
      const n = Number(rest[0] ?? '');
      return Number.isInteger(n) && n >= 0 && n < 100 ? 1 + 2 * n : null;
    }
    default: return null;
  }
}

/** A BAI2 amount: digits with an optional sign and the currency's decimals implied (`000000000002500` = 25.00). */
function amountOf(s: string): number | null {
  const t = s.trim();
  if (t === '') return 0;
  if (!/^[+-]?\d{1,18}$/.test(t)) return null;
  const n = Number(t.replace(/^\+/, ''));
  return Number.isSafeInteger(n) ? n : null;
}

/** Type codes 100–399 are credits and 400–699 debits; status codes (001–099) and totals are no movements. */
function directionOf(code: number): Direction | null {
  if (code >= 100 && code <= 399) return 'credit';
  if (code >= 400 && code <= 699) return 'debit';
  return null;
}

interface Account {
  id: string;
  currency: Currency;
  line: number;
  opening: number | null;
  closing: number | null;
  summaryTotal: number;
  drafts: DraftLine[];
  last16: DraftLine | null;
  keys: Map<string, string>;
  extra: string[];
  summary: string[];
  summaryLine: number;
}

const HINT = 'BAI2 records are comma-separated and end with "/"; export the file again from the bank';

export function readBai2(file: string, text: string): { statements: BankStatement[]; issues: LedgerIssue[]; unbalanced: Unbalanced[] } {
  const issues: LedgerIssue[] = [];
  const unbalanced: Unbalanced[] = [];
  const statements: (Omit<BankStatement, 'lines'> & { drafts: DraftLine[] })[] = [];
  let groupCurrency = '';
  let asOf: LocalDate | null = null;
  let acct: Account | null = null;
  let sawTrailer = false;

  const closeDetail = (a: Account): void => {
    const d = a.last16;
    if (!d) return;
    // 88 lines of "KEY: value" (DBNM debtor, CRNM creditor, REMI remittance, EREF end-to-end reference) name the
    // parties; other continuations carry on the 16 record's text.
    const k = a.keys;
    const payer = d.direction === 'credit' ? k.get('DBNM') ?? k.get('ORIGINATOR') ?? '' : k.get('CRNM') ?? k.get('BENEFICIARY') ?? '';
    const remi = k.get('REMI') ?? '';
    const eref = k.get('EREF') ?? '';
    const textParts = [d.text, ...a.extra, remi].filter((s) => s !== '');
    a.drafts[a.drafts.length - 1] = { ...d, payerName: payer, text: textParts.join(' ').replace(/\s+/g, ' ').trim(), reference: eref };
    a.last16 = null;
    a.keys = new Map();
    a.extra = [];
  };

  const readSummary = (a: Account): void => {
    const f = a.summary;
    let i = 0;
    while (i < f.length) {
      const type = f[i]!.trim();
      if (type === '') { i++; continue; }
      const amount = amountOf(f[i + 1] ?? '');
      if (!/^\d{3}$/.test(type) || amount === null) {
        issues.push(issue(file, a.summaryLine, `account ${q(a.id)}: summary ${q(f.slice(i, i + 2).join(','))} is not a type code and an amount`, HINT));
        return;
      }
      a.summaryTotal += amount;
      if (type === '010') a.opening = amount;
      if (type === '015') a.closing = amount;
      // Status codes (below 100) have no item count or funds type in practice; summaries have both.
      const n = fundsFields(f[i + 3] ?? '', f.slice(i + 4));
      if (n === null) {
        issues.push(issue(file, a.summaryLine, `account ${q(a.id)}: funds type ${q(f[i + 3] ?? '')} of type code ${type} is not 0, 1, 2, S, V, D or Z`, HINT));
        return;
      }
      i += 4 + n;
    }
  };

  const closeAccount = (trailer: Rec | null): void => {
    const a = acct;
    if (!a) return;
    closeDetail(a);
    const index = statements.length;
    const f = (m: number): string => formatMinor(m, a.currency);
    const refuse = (line: number, message: string): void => {
      const problem = issue(file, line, message, 'the report is incomplete or altered; nothing was imported — get the full file from the bank, or reconcile the accounts that add up with --skip-unbalanced');
      issues.push(problem);
      unbalanced.push({ index, id: a.id, issue: problem });
    };
    const credits = a.drafts.reduce((n, d) => n + (d.direction === 'credit' ? d.amount : 0), 0);
    const debits = a.drafts.reduce((n, d) => n + (d.direction === 'debit' ? d.amount : 0), 0);
    if (a.opening !== null && a.closing !== null && a.opening + credits - debits !== a.closing) {
      refuse(a.line, `account ${q(a.id)}: opening ledger ${f(a.opening)} + credits ${f(credits)} - debits ${f(debits)} = ${f(a.opening + credits - debits)}, but the closing ledger is ${f(a.closing)} ${a.currency}`);
    } else if (trailer) {
      const control = amountOf(trailer.raw.split(',')[0] ?? '');
      const sum = a.summaryTotal + credits + debits;
      if (control !== null && control !== sum) {
        refuse(trailer.line, `account ${q(a.id)}: the 49 trailer's control total is ${f(control)}, but the account's amounts add up to ${f(sum)} ${a.currency}`);
      }
    }
    const bal = (m: number | null): Balance | null => (m !== null && asOf ? { date: asOf, amount: m, currency: a.currency } : null);
    statements.push({ id: a.id, account: a.id, from: asOf, to: asOf, opening: bal(a.opening), closing: bal(a.closing), drafts: a.drafts, sourceLine: a.line });
    acct = null;
  };

  let inSummary = false;
  for (const r of records(text)) {
    const fields = stripEnd(r.raw).split(',');
    if (inSummary && r.code !== '88') {
      readSummary(acct!);
      inSummary = false;
    }
    switch (r.code) {
      case '01': break;
      case '02': {
        asOf = yymmdd((fields[3] ?? '').trim());
        if (!asOf) issues.push(issue(file, r.line, `group header: as-of date ${q(fields[3] ?? '')} is not a date (YYMMDD)`, HINT));
        groupCurrency = (fields[5] ?? '').trim().toUpperCase();
        break;
      }
      case '03': {
        closeAccount(null);
        const code = ((fields[1] ?? '').trim().toUpperCase() || groupCurrency || 'USD');
        if (!isCurrency(code)) issues.push(issue(file, r.line, `account ${q(fields[0] ?? '')}: currency ${q(code)} is not an ISO 4217 code`, HINT));
        acct = { id: (fields[0] ?? '').trim(), currency: (isCurrency(code) ? code : 'USD') as Currency, line: r.line, opening: null, closing: null, summaryTotal: 0,
          drafts: [], last16: null, keys: new Map(), extra: [], summary: fields.slice(2), summaryLine: r.line };
        inSummary = true;
        break;
      }
      case '88': {
        const a = acct;
        if (inSummary && a) {
          a.summary.push(...fields);
          break;
        }
        if (!a || !a.last16) break;
        const body = stripEnd(r.raw).trim();
        const kv = /^([A-Z]{4}):\s?(.*)$/.exec(body);
        if (kv) a.keys.set(kv[1]!, kv[2]!.trim());
        else if (body !== '') a.extra.push(body);
        break;
      }
      case '16': {
        const a = acct;
        if (!a) {
          issues.push(issue(file, r.line, 'a 16 transaction detail stands before any 03 account record', HINT));
          break;
        }
        closeDetail(a);
        const parts = r.raw.split(',');
        const type = Number((parts[0] ?? '').trim());
        const amount = amountOf(parts[1] ?? '');
        const n = fundsFields(parts[2] ?? '', parts.slice(3));
        if (!/^\d{3}$/.test((parts[0] ?? '').trim()) || amount === null || n === null || amount < 0) {
          const what = amount === null || (amount ?? 0) < 0 ? `amount ${q(parts[1] ?? '')} is not a whole number of ${minorDigits(a.currency) > 0 ? 'cents' : 'units'}`
            : n === null ? `funds type ${q(parts[2] ?? '')} is not 0, 1, 2, S, V, D or Z` : `type code ${q(parts[0] ?? '')} is not three digits`;
          issues.push(issue(file, r.line, `transaction detail: ${what}`, HINT));
          break;
        }
        const direction = directionOf(type);
        if (direction === null || amount === 0 || !asOf) {
          a.summaryTotal += amount;
          if (direction === null && type !== 890) {
            issues.push(issue(file, r.line, `transaction detail: type code ${parts[0]!.trim()} is neither a credit (100–399) nor a debit (400–699), so which way the money moved is unknown`, HINT));
          }
          break;
        }
        const rest = parts.slice(3 + n);
        const bankRef = stripEnd(rest[0] ?? '').trim();
        const custRef = stripEnd(rest[1] ?? '').trim();
        const detail: DraftLine = {
          candidateId: bankRef, account: a.id, date: asOf, amount: amount as Minor, currency: a.currency, direction,
          payerName: '', payerIban: '', text: [custRef, stripEnd(rest.slice(2).join(','))].filter((s) => s !== '').join(' ').replace(/\s+/g, ' ').trim(),
          reference: '', booked: true, reversal: false, sourceLine: r.line,
        };
        a.drafts.push(detail);
        a.last16 = detail;
        break;
      }
      case '49': {
        closeAccount(r);
        break;
      }
      case '98': closeAccount(null); break;
      case '99': closeAccount(null); sawTrailer = true; break;
      default:
        issues.push(issue(file, r.line, `${q(r.code)} is not a BAI2 record type (01, 02, 03, 16, 88, 49, 98, 99)`, HINT));
    }
  }
  if (inSummary) readSummary(acct!);
  closeAccount(null);
  if (!sawTrailer) issues.push(issue(file, undefined, 'has no 99 file trailer: the file was cut short', 'export the file again from the bank'));
  const all = assignIds(statements.flatMap((s) => s.drafts), 'bai2');
  let next = 0;
  const out = statements.map(({ drafts, ...s }) => ({ ...s, lines: all.slice(next, (next += drafts.length)) }));
  return { statements: out, issues, unbalanced };
}
