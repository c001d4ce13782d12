// SWIFT MT940 customer statements (:20: :25: :28C: :60F/M: :61: :86: :62F/M:) and MT942 interim transaction reports
// (:20: :25: :28C: :34F: :13D: :61: :86: :90D: :90C:), with or without the {1:}{2:}{4:} envelope.
import { civilToDays, fromDayNumber, type LocalDate } from '../../core/date.js';
import { issue, q, type LedgerIssue } from '../../core/issues.js';
import { formatMinor, type Currency, type Minor } from '../../core/money.js';
import type { Balance, BankStatement } from '../../core/reconcile/line.js';
import { normalizeIban, parseBankAmount, pivotYear } from '../../core/reconcile/values.js';
import { assignIds, type DraftLine, type Unbalanced } from './ids.js';

interface Field {
  readonly tag: string;
  readonly line: number;
  value: string;
}

/** Whether text looks like MT940: a :20: field and a balance or movement field. */
export function looksLikeMt940(text: string): boolean {
  return /^(?:\{4:)?:20:/m.test(text) && /^:(?:60[FM]|61|62[FM]):/m.test(text);
}

/** Whether text is an MT942 interim report: the message type in the envelope, or its floor limit or date-time field. */
export function looksLikeMt942(text: string): boolean {
  return /^(?:\{4:)?:20:/m.test(text) && (/\{2:[IO]942/.test(text) || /^:(?:34F|13D):/m.test(text)) && !/^:60F:/m.test(text);
}

function fields(text: string): Field[] {
  const out: Field[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    let l = raw.replace(/\s+$/, '');
    l = l.replace(/^(?:\{\d:[^}]*\})*\{4:/, '');
    if (l === '' || l === '-' || l === '-}' || l.startsWith('{')) {
      if (l === '-' || l === '-}') out.push({ tag: 'END', line: i + 1, value: '' });
      return;
    }
    const m = /^:(\d{2}[A-Z]?):(.*)$/.exec(l);
    if (m) out.push({ tag: m[1]!, line: i + 1, value: m[2]! });
    else if (out.length > 0 && out[out.length - 1]!.tag !== 'END') out[out.length - 1]!.value += `\n${l}`;
  });
  return out;
}

function yymmdd(s: string): LocalDate | null {
  const y = pivotYear(Number(s.slice(0, 2)));
  const m = Number(s.slice(2, 4));
  const d = Number(s.slice(4, 6));
  if (!/^\d{6}$/.test(s) || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const n = civilToDays(y, m, d);
  const back = fromDayNumber(n);
  return Number(back.slice(8, 10)) === d ? back : null;
}

const AMOUNT_STYLE = { decimal: ',', thousands: '' };

function balance(file: string, f: Field, issues: LedgerIssue[]): Balance | null {
  // MT940 writes amounts with a decimal comma; `1234.56` would otherwise be read as 1234. Lines after the
  // first belong to the envelope (`-}{5:}`).
  const m = /^([CD])(\d{6})([A-Z]{3})(\d[\d,]*)$/.exec((f.value.split('\n')[0] ?? '').trim());
  const ccy = m?.[3] ?? '';
  const d = m ? yymmdd(m[2]!) : null;
  // Old statements carry withdrawn codes (DEM); any three letters are kept as the statement wrote them.
  const a = m && /^[A-Z]{3}$/.test(ccy) ? parseBankAmount(m[4]!, AMOUNT_STYLE, ccy) : null;
  if (!m || !d || !a || !a.ok) {
    issues.push(issue(file, f.line, `:${f.tag}: balance ${q(f.value)} is not D/C, YYMMDD, currency and amount`, 'e.g. :60F:C261101EUR1234,56'));
    return null;
  }
  return { date: d, amount: m[1] === 'D' ? -a.minor : a.minor, currency: ccy as Currency };
}

// value date, [entry date], [R]C/D, [funds code], amount, [type code], customer reference, [//bank reference]
const LINE_61 = /^(\d{6})(\d{4})?(R?[CD]|E[CD])([A-Z])?(\d[\d,]*)(?:([NFS][A-Z0-9]{3}))?(.*)$/;

interface Details {
  readonly payerName: string;
  readonly payerIban: string;
  readonly text: string;
  readonly reference: string;
}

/** An account the Dutch free-text style puts first: an IBAN, a 9/10-digit account or a Postbank P-number. */
const LEADING_ACCOUNT = /^([A-Z]{2}\d{2}[A-Z0-9]{11,30}|\d{9,10}|P\d{5,9})\s+(\S.*)$/;

/**
 * :86: as German ?NN subfields (or Triodos' >NN), SWIFT /KEY/ pairs, the Dutch "ACCOUNT NAME" first line,
 * or free text. Banks indent the field with a space at will, so the dialect is told after leading blanks.
 */
export function parseDetails(raw: string): Details {
  const trimmed = raw.replace(/^\s+/, '');
  const joined = trimmed.replace(/\n/g, '');
  const sep = /^\d{3}([?>])\d{2}/.exec(joined)?.[1] ?? /^([?>])\d{2}/.exec(joined)?.[1];
  if (sep !== undefined) {
    const sub = new Map<string, string>();
    const re = sep === '?' ? /\?(\d{2})([^?]*)/g : />(\d{2})([^>]*)/g;
    for (const m of joined.matchAll(re)) sub.set(m[1]!, (sub.get(m[1]!) ?? '') + m[2]!);
    const purpose = ['20', '21', '22', '23', '24', '25', '26', '27', '28', '29', '60', '61', '62', '63'].map((k) => sub.get(k) ?? '').join('');
    const eref = /EREF\+(.*?)(?=(?:KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|IBAN|BIC)\+|$)/.exec(purpose)?.[1]?.trim() ?? '';
    const svwz = /SVWZ\+(.*?)(?=(?:ABWA|ABWE)\+|$)/.exec(purpose)?.[1]?.trim();
    return {
      payerName: `${sub.get('32') ?? ''}${sub.get('33') ?? ''}`.trim(),
      payerIban: normalizeIban(sub.get('31') ?? ''),
      text: (svwz ?? purpose).trim(),
      reference: eref === 'NOTPROVIDED' ? '' : eref,
    };
  }
  if (/^\/[A-Z]{2,4}\//.test(joined)) {
    const kv = new Map<string, string>();
    const parts = joined.split(/\/(?=(?:TRTP|IBAN|BIC|NAME|REMI|EREF|CNTP|MARF|CSID|ORDP|BENM|ID|ADDR|ULTC|ULTD|PURP|RTRN|SVWZ|CDTRREF|CDTRREFTP|CD|PREF|ISDT|FX|CHGS|EXCH)\/)/);
    for (const p of parts) {
      const m = /^\/?([A-Z]+)\/(.*)$/.exec(p);
      if (m) kv.set(m[1]!, m[2]!.replace(/\/$/, ''));
    }
    const cntp = (kv.get('CNTP') ?? '').split('/');
    let remi = kv.get('REMI') ?? '';
    remi = remi.replace(/^USTD\/\/?/, '').replace(/^STRD\/CUR\/(.*)$/, '$1');
    const eref = kv.get('EREF') ?? '';
    return {
      payerName: (kv.get('NAME') ?? cntp[2] ?? '').trim(),
      payerIban: normalizeIban(kv.get('IBAN') ?? cntp[0] ?? ''),
      text: remi.trim(),
      reference: eref === 'NOTPROVIDED' ? '' : eref.trim(),
    };
  }
  const lines = trimmed.split('\n').map((s) => s.trim()).filter((s) => s !== '');
  const text = lines.join(' ');
  // Knab and others: "REK: NL65INGB0123456789/NAAM: PICQER" on a line of its own.
  const rek = /(?:^|\s)REK:\s*([A-Z0-9]+)\s*\/\s*NAAM:\s*(.+)$/m.exec(trimmed);
  if (rek) return { payerName: rek[2]!.trim(), payerIban: normalizeIban(rek[1]!), text, reference: '' };
  // Dutch free text: "NL91ABNA0417164300 J DOE" (or an old account number) and the name up to a wide gap.
  const acct = LEADING_ACCOUNT.exec(lines[0] ?? '');
  if (acct) return { payerName: acct[2]!.split(/\s{2,}|\t/)[0]!.trim(), payerIban: normalizeIban(acct[1]!), text, reference: '' };
  return { payerName: '', payerIban: '', text, reference: '' };
}

function entryDate(value: LocalDate, mmdd: string): LocalDate {
  const vy = Number(value.slice(0, 4));
  const vm = Number(value.slice(5, 7));
  const m = Number(mmdd.slice(0, 2));
  const d = Number(mmdd.slice(2, 4));
  // The entry date has no year: it is the one nearest the value date (a December value date may book in January).
  const y = vm === 12 && m === 1 ? vy + 1 : vm === 1 && m === 12 ? vy - 1 : vy;
  const guess = fromDayNumber(civilToDays(y, m, d));
  return Number(guess.slice(5, 7)) === m ? guess : value;
}

/** :34F: floor limit: currency, an optional D/C mark and an amount; its currency is the report's. */
function floorLimit(file: string, f: Field, issues: LedgerIssue[]): Currency | null {
  const m = /^([A-Z]{3})([DC])?(\d[\d,]*)$/.exec((f.value.split('\n')[0] ?? '').trim());
  if (!m || !parseBankAmount(m[3]!, AMOUNT_STYLE, m[1]!).ok) {
    issues.push(issue(file, f.line, `:34F: floor limit ${q(f.value)} is not a currency, an optional D/C and an amount`, 'e.g. :34F:EUR0, or :34F:EURD0,'));
    return null;
  }
  return m[1] as Currency;
}

/** :13D: date and time of the report, YYMMDDHHMM and a UTC offset; the date is what a statement period needs. */
function reportDate(file: string, f: Field, issues: LedgerIssue[]): LocalDate | null {
  const m = /^(\d{6})(\d{4})([+-]\d{4})?$/.exec(f.value.trim());
  const d = m ? yymmdd(m[1]!) : null;
  if (!m || !d || Number(m[2]!.slice(0, 2)) > 23 || Number(m[2]!.slice(2)) > 59) {
    issues.push(issue(file, f.line, `:13D: ${q(f.value)} is not a date and time (YYMMDDHHMM and an offset)`, 'e.g. :13D:2611301530+0100'));
    return null;
  }
  return d;
}

interface Sum {
  readonly count: number;
  readonly amount: number;
  readonly currency: string;
  readonly line: number;
}

/** :90D: / :90C: number and sum of the report's debit / credit entries. */
function entrySum(file: string, f: Field, issues: LedgerIssue[]): Sum | null {
  const m = /^(\d{1,5})([A-Z]{3})(\d[\d,]*)$/.exec(f.value.trim());
  const a = m ? parseBankAmount(m[3]!, AMOUNT_STYLE, m[2]!) : null;
  if (!m || !a || !a.ok) {
    issues.push(issue(file, f.line, `:${f.tag}: ${q(f.value)} is not a number of entries, a currency and a sum`, `e.g. :${f.tag}:3EUR1200,00`));
    return null;
  }
  return { count: Number(m[1]), amount: a.minor, currency: m[2]!, line: f.line };
}

interface Open {
  id: string;
  number: string;
  account: string;
  start: number;
  opening: Balance | null;
  closing: Balance | null;
  closingLine: number;
  drafts: DraftLine[];
  balances: Set<string>;
  floor: Currency | null;
  reported: LocalDate | null;
  sums: Partial<Record<'D' | 'C', Sum>>;
}

export function readMt940(file: string, text: string): { statements: BankStatement[]; issues: LedgerIssue[]; unbalanced: Unbalanced[] } {
  const issues: LedgerIssue[] = [];
  const unbalanced: Unbalanced[] = [];
  const statements: (Omit<BankStatement, 'lines'> & { drafts: DraftLine[] })[] = [];
  let cur: Open | null = null;
  let last61: DraftLine | null = null;
  const finish = (): void => {
    if (!cur) return;
    const id = cur.number ? `${cur.id}/${cur.number}` : cur.id;
    // An MT942 report states no balances: its floor limit or date-time marks it, and its :90D:/:90C: sums are checked instead.
    const interim = cur.floor !== null || cur.reported !== null;
    const refuse = (at: number, message: string): void => {
      const problem = issue(file, at, message, 'the statement is incomplete or altered; nothing was imported — get the full statement from the bank, or reconcile the statements that add up with --skip-unbalanced');
      issues.push(problem);
      unbalanced.push({ index: statements.length, id, issue: problem });
    };
    // :60F: and :62F: are mandatory: without them the statement cannot be proved complete, nor its period known.
    const missing = interim ? [] : ['60', '62'].filter((t) => !cur!.balances.has(t));
    if (missing.length > 0) {
      issues.push(issue(file, cur.start, `statement ${q(id)} has no ${missing.map((t) => (t === '60' ? 'opening balance (:60F:)' : 'closing balance (:62F:)')).join(' and no ')}`,
        'export the complete MT940 statement from the bank'));
    }
    if (cur.opening && cur.closing) {
      const ccy = cur.closing.currency;
      const moved = cur.drafts.reduce((sum, d) => sum + (d.direction === 'credit' ? d.amount : -d.amount), 0);
      if (cur.opening.amount + moved !== cur.closing.amount) {
        refuse(cur.closingLine,
          `statement ${q(id)}: opening balance ${formatMinor(cur.opening.amount, ccy)} + movements ${formatMinor(moved, ccy)} = ${formatMinor(cur.opening.amount + moved, ccy)}, but the closing balance is ${formatMinor(cur.closing.amount, ccy)} ${ccy}`);
      }
    }
    for (const mark of ['D', 'C'] as const) {
      const sum = cur.sums[mark];
      if (!sum) continue;
      const dir = mark === 'C' ? 'credit' : 'debit';
      const own = cur.drafts.filter((d) => d.direction === dir);
      const total = own.reduce((n, d) => n + d.amount, 0);
      if (own.length !== sum.count || total !== sum.amount) {
        refuse(sum.line, `report ${q(id)}: :90${mark}: states ${sum.count} ${dir} entr${sum.count === 1 ? 'y' : 'ies'} of ${formatMinor(sum.amount, sum.currency)} ${sum.currency}, but the report has ${own.length} of ${formatMinor(total, sum.currency)}`);
      }
    }
    const from = cur.opening?.date ?? cur.reported;
    const to = cur.closing?.date ?? cur.reported;
    statements.push({ id, account: cur.account, from, to, ...(interim && cur.reported ? { created: cur.reported } : {}),
      opening: cur.opening, closing: cur.closing, drafts: cur.drafts, sourceLine: cur.start,
      ...(interim ? { currency: cur.floor } : {}) });
    cur = null;
    last61 = null;
  };
  for (const f of fields(text)) {
    if (f.tag === '20') {
      finish();
      cur = { id: f.value.trim(), number: '', account: '', start: f.line, opening: null, closing: null, closingLine: f.line, drafts: [], balances: new Set(), floor: null, reported: null, sums: {} };
      continue;
    }
    if (!cur) continue;
    switch (f.tag) {
      case '25': cur.account = f.value.trim(); break;
      case '28C': case '28': cur.number = f.value.trim(); break;
      case '60F': case '60M': cur.opening = balance(file, f, issues); cur.balances.add('60'); break;
      case '62F': case '62M': cur.closing = balance(file, f, issues); cur.closingLine = f.line; cur.balances.add('62'); break;
      case '34F': cur.floor ??= floorLimit(file, f, issues); break;
      case '13D': case '13': cur.reported = reportDate(file, f, issues); break;
      case '90D': case '90C': {
        const sum = entrySum(file, f, issues);
        if (sum) cur.sums[f.tag === '90D' ? 'D' : 'C'] = sum;
        break;
      }
      case '61': {
        last61 = read61(file, f, cur.account, cur.opening?.currency ?? cur.closing?.currency ?? cur.floor, issues);
        if (last61) cur.drafts.push(last61);
        break;
      }
      case '86': {
        if (last61 && cur.drafts[cur.drafts.length - 1] === last61) {
          const d = parseDetails(f.value);
          const updated: DraftLine = { ...last61, ...d, text: d.text || last61.text, reference: d.reference || last61.reference };
          cur.drafts[cur.drafts.length - 1] = updated;
          last61 = null;
        }
        break;
      }
      case 'END': finish(); break;
      default: break;
    }
  }
  finish();
  // Currencies are known only once the opening balance (or the floor limit) is read; lines read before it are
  // fixed up here. Bank references are unique per file, not per statement: a transfer between two accounts of
  // one bank carries the same reference on both, so ids are assigned over the whole file.
  const all = assignIds(statements.flatMap((s) => {
    const ccy = s.opening?.currency ?? s.closing?.currency ?? (s as { currency?: Currency | null }).currency ?? null;
    return s.drafts.map((d) => (ccy && d.currency !== ccy ? { ...d, currency: ccy } : d));
  }), 'mt940');
  let next = 0;
  const out: BankStatement[] = statements.map(({ drafts, ...s }) => {
    const { currency: _ccy, ...rest } = s as typeof s & { currency?: Currency | null };
    return { ...rest, lines: all.slice(next, (next += drafts.length)) };
  });
  return { statements: out, issues, unbalanced };
}

function read61(file: string, f: Field, account: string, ccy: Currency | null, issues: LedgerIssue[]): DraftLine | null {
  const [first = '', ...rest] = f.value.split('\n');
  const m = LINE_61.exec(first.trim());
  const value = m ? yymmdd(m[1]!) : null;
  const currency = ccy ?? ('EUR' as Currency);
  const amt = m ? parseBankAmount(m[5]!, AMOUNT_STYLE, currency) : null;
  if (m && !m[5]!.includes(',') && /^\.\d/.test(m[7]!)) {
    issues.push(issue(file, f.line, `:61: the amount in ${q(first)} is written with a decimal point, which MT940 does not use`, 'MT940 writes amounts with a decimal comma, e.g. :61:2611031103C1200,00NTRFNONREF//TX123'));
    return null;
  }
  if (!m || !value || !amt || !amt.ok) {
    issues.push(issue(file, f.line, `:61: ${q(first)} is not a statement line (YYMMDD[MMDD], C/D, amount, type, reference)${amt && !amt.ok ? `: the amount ${amt.problem}` : ''}`, 'e.g. :61:2611031103C1200,00NTRFNONREF//TX123'));
    return null;
  }
  const mark = m[3]!;
  const credit = mark === 'C' || mark === 'RD' || mark === 'EC';
  const [custRef = '', bankRef = ''] = m[7]!.split('//');
  const cref = custRef.trim();
  return {
    candidateId: bankRef.trim() !== '' && bankRef.trim() !== 'NONREF' ? bankRef.trim() : '',
    account,
    date: m[2] ? entryDate(value, m[2]) : value,
    amount: amt.minor as Minor,
    currency,
    direction: credit ? 'credit' : 'debit',
    payerName: '',
    payerIban: '',
    text: rest.join(' ').trim(),
    reference: cref === 'NONREF' ? '' : cref,
    booked: true,
    reversal: mark.startsWith('R'),
    sourceLine: f.line,
  };
}
