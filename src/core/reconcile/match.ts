// Matching a bank statement against the ledger (SPEC §5): per booked incoming line, reconciled, matched,
// proposed or unidentified, each with the rule that decided it and a reason a bookkeeper can check; lines that
// contradict the ledger or the statement (conflict, out-of-period, possible-duplicate) are shown and never written.
import { creditorReference, findCreditorReference, normalizeReference } from '../creditor-reference.js';
import { addDays, daysBetween, type LocalDate } from '../date.js';
import { discountText, earlyDiscount } from '../discount.js';
import type { Ledger } from '../ledger.js';
import { formatMinor, type Currency, type Minor } from '../money.js';
import { dueOf, isDebit, type Customer, type DebitDocument, type Document, type Payment } from '../types.js';
import { statementPeriod, type BankLine, type BankStatement } from './line.js';

export type LineStatus = 'reconciled' | 'matched' | 'proposed' | 'unidentified' | 'conflict' | 'out-of-period' | 'possible-duplicate' | 'ignored';
export type MatchRule = 'bank-ref' | 'amount-date' | 'creditor-reference' | 'invoice-id-in-text' | 'exact-amount' | 'sum-of-items' | 'customer-only' | 'none';

/** Statuses that are never written by --apply and leave the line for the bookkeeper. */
export const REFUSED_STATUSES: readonly LineStatus[] = ['conflict', 'out-of-period', 'possible-duplicate'];

export interface ProposedApplication {
  readonly invoice: string;
  readonly amount: Minor;
}

export interface LineResult {
  readonly line: BankLine;
  readonly status: LineStatus;
  readonly rule: MatchRule;
  readonly reason: string;
  readonly customer: string | null;
  /** The payment the line is matched or reconciled to. */
  readonly payment: string | null;
  readonly applications: readonly ProposedApplication[];
  readonly unapplied: Minor;
  /** The structured creditor reference the payer quoted (camt CdtrRefInf, ISO 11649 RF…, Swiss QR), or null. */
  readonly creditorReference: string | null;
}

export interface MissingPayment {
  readonly payment: string;
  readonly date: LocalDate;
  readonly amount: Minor;
  readonly currency: Currency;
}

export interface ReconcileReport {
  readonly from: LocalDate | null;
  readonly to: LocalDate | null;
  readonly lines: readonly LineResult[];
  readonly missingFromBank: readonly MissingPayment[];
}

export interface MatchOptions {
  readonly from: LocalDate | null;
  readonly to: LocalDate | null;
  /** Currencies the statement is kept in; payments in others are never missing from it. */
  readonly currencies: ReadonlySet<string>;
  /** Today: a line dated after today + futureDays has not happened and is out-of-period. */
  readonly today?: LocalDate;
  readonly futureDays?: number;
  /** The statement each line was read from: its declared period and creation date bound the line's date. */
  readonly statementOf?: ReadonlyMap<BankLine, BankStatement>;
  /** Told after each line is matched (done of total), for a progress bar on a long statement. */
  readonly onLine?: (done: number, total: number) => void;
}

/** Days a line may lie outside its statement's declared period (banks book late entries into the next statement). */
export const PERIOD_SLACK_DAYS = 31;

/** Days either side of a line's date within which an existing payment of the same amount matches it. */
export const MATCH_WINDOW_DAYS = 3;
/** Largest set of open items one line is proposed for when only their sum identifies them. */
export const MAX_SUM_ITEMS = 6;
/** Bound on the subset search, so that a customer with hundreds of open items cannot stall a run. */
const SUM_SEARCH_BUDGET = 100_000;

const ZERO = 0 as Minor;

/** Whole words of a text that could be document ids, in text order, with a trailing `.`, `-` or `_` dropped. */
export function idWords(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/[A-Za-z0-9][A-Za-z0-9._-]*/g)) {
    const w = m[0].replace(/[._-]+$/, '');
    if (w !== '') out.push(w);
  }
  return out;
}

/** Names compared as a bank prints them: case, spacing and Unicode composition do not matter. */
export function normalizeName(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/\s+/g, '');
}

interface Identified {
  readonly customer: Customer;
  readonly how: string;
}

/** The ledger's indexes for matching, built once per run. */
class Index {
  readonly reconciledRefs = new Map<string, { payment: string; amount: number }>();
  readonly paymentByBankRef = new Map<string, string>();
  readonly reconciledPayments = new Set<string>();
  /** Payments with no bank_ref and no reconciliation, by currency and amount (what a line must equal). */
  readonly openPayments = new Map<string, Payment[]>();
  readonly byIban = new Map<string, Customer>();
  readonly byName = new Map<string, Customer>();
  /** Lower-cased document id -> document, for ids found in remittance text. */
  readonly byLowerId = new Map<string, Document>();
  readonly open = new Map<string, number>();
  /** Open amounts before this run's proposals: what the ledger itself says is settled. */
  readonly ledgerOpen = new Map<string, number>();
  /** Debit document -> the credit documents applied to it, for saying what settled it. */
  readonly settledBy = new Map<string, string[]>();
  readonly debitsOf = new Map<string, DebitDocument[]>();
  /** Normalised payment reference or `reference` column -> the debit documents that carry it, oldest due first. */
  readonly byCreditorRef = new Map<string, DebitDocument[]>();

  constructor(readonly ledger: Ledger) {
    for (const r of ledger.reconciliations) {
      if (!this.reconciledRefs.has(r.bankRef)) this.reconciledRefs.set(r.bankRef, { payment: r.payment, amount: r.amount });
      this.reconciledPayments.add(r.payment);
    }
    const applied = new Map<string, number>();
    for (const a of ledger.applications) {
      applied.set(a.debit, (applied.get(a.debit) ?? 0) + a.amount);
      const by = this.settledBy.get(a.debit) ?? [];
      if (!by.includes(a.credit)) by.push(a.credit);
      this.settledBy.set(a.debit, by);
    }
    for (const d of ledger.documents) {
      if (!this.byLowerId.has(d.id.toLowerCase())) this.byLowerId.set(d.id.toLowerCase(), d);
      if (d.kind === 'payment') {
        if (d.bankRef !== '') {
          if (!this.paymentByBankRef.has(d.bankRef)) this.paymentByBankRef.set(d.bankRef, d.id);
        } else if (!this.reconciledPayments.has(d.id)) {
          const key = `${d.currency} ${d.amount}`;
          const list = this.openPayments.get(key) ?? [];
          list.push(d);
          this.openPayments.set(key, list);
        }
      }
      if (isDebit(d)) {
        this.open.set(d.id, d.amount - (applied.get(d.id) ?? 0));
        this.ledgerOpen.set(d.id, d.amount - (applied.get(d.id) ?? 0));
        const list = this.debitsOf.get(d.customer) ?? [];
        list.push(d);
        this.debitsOf.set(d.customer, list);
        if (d.kind === 'refund') continue;
        const quoted = ledger.config.paymentReference === 'rf' ? creditorReference(d.id) ?? d.id : d.id;
        for (const ref of new Set([normalizeReference(quoted), normalizeReference(d.reference)])) {
          if (ref === '') continue;
          const byRef = this.byCreditorRef.get(ref) ?? [];
          byRef.push(d);
          this.byCreditorRef.set(ref, byRef);
        }
      }
    }
    for (const list of this.debitsOf.values()) list.sort(byDueThenId);
    for (const list of this.byCreditorRef.values()) list.sort(byDueThenId);
    const ids = [...ledger.customers.keys()].sort();
    for (const id of ids) {
      const c = ledger.customers.get(id)!;
      for (const iban of c.bankAccounts) if (!this.byIban.has(iban)) this.byIban.set(iban, c);
      for (const n of [c.name, ...c.aliases]) {
        const k = normalizeName(n);
        if (k !== '' && !this.byName.has(k)) this.byName.set(k, c);
      }
    }
  }
}

function byDueThenId(a: DebitDocument, b: DebitDocument): number {
  const da = dueOf(a);
  const db = dueOf(b);
  return da < db ? -1 : da > db ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Matches every line of a statement; pure: the ledger is not changed, proposals only consume open amounts in the plan. */
export function matchStatement(ledger: Ledger, lines: readonly BankLine[], opts: MatchOptions): ReconcileReport {
  const ix = new Index(ledger);
  const takenPayments = new Set<string>();
  const seenIds = new Set<string>();
  const results: LineResult[] = [];
  const present = new Set<string>();
  for (const line of lines) {
    const r = matchLine(ix, line, takenPayments, seenIds, opts);
    if (r.payment && (r.status === 'matched' || r.status === 'reconciled')) present.add(r.payment);
    results.push(r);
    opts.onLine?.(results.length, lines.length);
  }
  const missingFromBank: MissingPayment[] = [];
  if (opts.from && opts.to) {
    for (const d of ledger.documents) {
      if (d.kind !== 'payment' || d.date < opts.from || d.date > opts.to || present.has(d.id)) continue;
      if (opts.currencies.size > 0 && !opts.currencies.has(d.currency)) continue;
      // A payment with a bank_ref or a reconciliation was seen on a statement already; this one need not show it.
      if (d.bankRef !== '' || ix.reconciledPayments.has(d.id)) continue;
      missingFromBank.push({ payment: d.id, date: d.date, amount: d.amount, currency: d.currency });
    }
    missingFromBank.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.payment < b.payment ? -1 : 1));
  }
  return { from: opts.from, to: opts.to, lines: results, missingFromBank };
}

/** Matches the lines of one file's statements over the period they cover, in the currencies they are kept in. */
export function reconcileStatements(
  ledger: Ledger, statements: readonly BankStatement[], today?: LocalDate, futureDays = 0, onLine?: (done: number, total: number) => void,
): ReconcileReport {
  const lines = statements.flatMap((s) => s.lines);
  const currencies = new Set<string>(lines.map((l) => l.currency));
  for (const s of statements) for (const b of [s.opening, s.closing]) if (b) currencies.add(b.currency);
  const statementOf = new Map<BankLine, BankStatement>();
  for (const s of statements) for (const l of s.lines) statementOf.set(l, s);
  const latest = today === undefined ? null : addDays(today, futureDays);
  return matchStatement(ledger, lines, {
    ...statementPeriod(statements, latest), currencies, statementOf, ...(today !== undefined ? { today, futureDays } : {}),
    ...(onLine ? { onLine } : {}),
  });
}

/** The structured creditor reference a line quotes: the one the bank gave as such, else an RF or QR reference in its text. */
export function creditorReferenceOf(line: BankLine): string {
  if (line.creditorReference !== undefined && line.creditorReference !== '') return normalizeReference(line.creditorReference);
  return findCreditorReference(`${line.reference} ${line.text}`);
}

function result(line: BankLine, status: LineStatus, rule: MatchRule, reason: string, extra: Partial<LineResult> = {}): LineResult {
  const ref = creditorReferenceOf(line);
  return {
    line, status, rule, reason, customer: null, payment: null, applications: [],
    unapplied: status === 'proposed' || status === 'unidentified' ? line.amount : ZERO, creditorReference: ref === '' ? null : ref, ...extra,
  };
}

/** Why a line cannot belong to this statement, or null: it is in the future, after the statement, or far outside its period. */
function outOfPeriod(line: BankLine, opts: MatchOptions): string | null {
  if (opts.today !== undefined) {
    const days = opts.futureDays ?? 0;
    const latest = addDays(opts.today, days);
    if (line.date > latest) return `dated ${line.date}, after today ${opts.today}${days > 0 ? ` + future_days ${days}` : ''}: a typo in the statement, or a line not yet booked`;
  }
  const s = opts.statementOf?.get(line);
  if (!s) return null;
  if (s.created && line.date > s.created) return `dated ${line.date}, after the statement was created (${s.created})`;
  // Some banks write the closing balance's date before the opening one's; the period is the span between them.
  const lo = s.from && s.to && s.to < s.from ? s.to : s.from;
  const hi = s.from && s.to && s.to < s.from ? s.from : s.to;
  if (lo && line.date < addDays(lo, -PERIOD_SLACK_DAYS)) {
    return `dated ${line.date}, more than ${PERIOD_SLACK_DAYS} days before the statement's period ${lo} to ${hi ?? '?'}`;
  }
  if (hi && line.date > addDays(hi, PERIOD_SLACK_DAYS)) {
    return `dated ${line.date}, more than ${PERIOD_SLACK_DAYS} days after the statement's period ${lo ?? '?'} to ${hi}`;
  }
  return null;
}

function matchLine(ix: Index, line: BankLine, takenPayments: Set<string>, seenIds: Set<string>, opts: MatchOptions): LineResult {
  if (line.reversal) {
    return result(line, 'ignored', 'none', line.direction === 'debit'
      ? 'reversal of an earlier incoming payment: if it was recorded, correct the ledger by hand (a refund or a reversing document)'
      : 'reversal of an earlier outgoing payment by the bank: not a customer payment');
  }
  if (line.direction !== 'credit') return result(line, 'ignored', 'none', 'outgoing (debit) line: not a customer payment');
  if (!line.booked) return result(line, 'ignored', 'none', 'pending, not booked yet');
  if (seenIds.has(line.bankId)) return result(line, 'ignored', 'none', `bank id ${line.bankId} appears earlier in the statement`);
  seenIds.add(line.bankId);

  const fmt = (m: number, ccy: string): string => `${formatMinor(m, ccy)} ${ccy}`;
  const rec = ix.reconciledRefs.get(line.bankId);
  if (rec !== undefined) {
    const p = ix.ledger.byId.get(rec.payment);
    const ccy = p?.currency ?? line.currency;
    const extra = { payment: rec.payment, customer: p?.customer ?? null };
    if (rec.amount !== line.amount || ccy !== line.currency) {
      return result(line, 'conflict', 'bank-ref',
        `bank id ${line.bankId} is already in reconciliations.csv for payment ${rec.payment} of ${fmt(rec.amount, ccy)}, but this line is ${fmt(line.amount, line.currency)}: the bank reused the id, or the statement is not the one reconciled`, extra);
    }
    return result(line, 'reconciled', 'bank-ref', `bank id ${line.bankId} is already in reconciliations.csv (payment ${rec.payment})`, extra);
  }
  const byRef = ix.paymentByBankRef.get(line.bankId);
  if (byRef !== undefined) {
    const p = ix.ledger.byId.get(byRef)!;
    const extra = { payment: byRef, customer: p.customer };
    if (p.amount !== line.amount || p.currency !== line.currency) {
      return result(line, 'conflict', 'bank-ref',
        `payment ${byRef} of ${fmt(p.amount, p.currency)} has bank_ref ${line.bankId}, but this line is ${fmt(line.amount, line.currency)}: the bank reused the id, or the payment was recorded with another amount`, extra);
    }
    return result(line, 'reconciled', 'bank-ref', `payment ${byRef} has bank_ref ${line.bankId}`, extra);
  }
  const late = outOfPeriod(line, opts);
  if (late !== null) return result(line, 'out-of-period', 'none', late);

  const matched = nearestPayment(ix, line, takenPayments);
  if (matched) {
    takenPayments.add(matched.id);
    const days = Math.abs(daysBetween(matched.date, line.date));
    return result(line, 'matched', 'amount-date',
      `payment ${matched.id} of ${formatMinor(line.amount, line.currency)} ${line.currency} dated ${matched.date}, ${days} day${days === 1 ? '' : 's'} from the line`,
      { payment: matched.id, customer: matched.customer });
  }

  const who = identify(ix, line);
  if (!who) return result(line, 'unidentified', 'none', 'payer not found: no known IBAN, name, alias or document id of a customer');
  const c = who.customer;
  if (c.currency !== line.currency) {
    return result(line, 'unidentified', 'none', `${who.how}, but the line is in ${line.currency} and ${c.id} pays in ${c.currency}`, { customer: c.id });
  }
  return propose(ix, line, who);
}

function nearestPayment(ix: Index, line: BankLine, taken: ReadonlySet<string>): Payment | null {
  let best: Payment | null = null;
  let bestDays = Infinity;
  for (const p of ix.openPayments.get(`${line.currency} ${line.amount}`) ?? []) {
    if (taken.has(p.id)) continue;
    const days = Math.abs(daysBetween(p.date, line.date));
    if (days > MATCH_WINDOW_DAYS) continue;
    if (days < bestDays || (days === bestDays && best !== null && p.id < best.id)) {
      best = p;
      bestDays = days;
    }
  }
  return best;
}

function identify(ix: Index, line: BankLine): Identified | null {
  if (line.payerIban !== '') {
    const c = ix.byIban.get(line.payerIban);
    if (c) return { customer: c, how: `payer IBAN ${line.payerIban} is one of ${c.id}'s bank_accounts` };
  }
  const name = normalizeName(line.payerName);
  if (name !== '') {
    const c = ix.byName.get(name);
    if (c) return { customer: c, how: `payer name ${JSON.stringify(line.payerName)} is ${c.id}'s name or alias` };
  }
  for (const w of idWords(remittance(line))) {
    const d = ix.byLowerId.get(w.toLowerCase());
    const c = d ? ix.ledger.customers.get(d.customer) : undefined;
    if (d && c) return { customer: c, how: `${d.id} of ${c.id} found in the remittance text` };
  }
  const ref = creditorReferenceOf(line);
  if (ref !== '') {
    const docs = ix.byCreditorRef.get(ref) ?? [];
    const d = docs.find((x) => (ix.open.get(x.id) ?? 0) > 0) ?? docs[0];
    const c = d ? ix.ledger.customers.get(d.customer) : undefined;
    if (d && c) return { customer: c, how: `creditor reference ${ref} is that of ${d.id} of ${c.id}` };
  }
  return null;
}

function remittance(line: BankLine): string {
  return line.reference === '' || line.text.includes(line.reference) ? line.text : `${line.text} ${line.reference}`;
}

function openItems(ix: Index, customer: string, currency: Currency, date: LocalDate): DebitDocument[] {
  return (ix.debitsOf.get(customer) ?? []).filter((d) => d.currency === currency && d.date <= date && (ix.open.get(d.id) ?? 0) > 0);
}

/** The amount that settles `d` with its early-payment discount when paid on the line's date, or null outside the window. */
function discountedOpen(ix: Index, d: DebitDocument, date: LocalDate): { amount: number; text: string } | null {
  if (d.kind === 'refund') return null;
  const disc = earlyDiscount(d);
  const open = ix.open.get(d.id) ?? 0;
  if (!disc || date < d.date || date > disc.until || open - disc.amount <= 0) return null;
  return { amount: open - disc.amount, text: discountText(disc, d.currency) };
}

/** A line that names a settled invoice may pay it twice: it is left for the bookkeeper, never booked. */
function possibleDuplicate(ix: Index, line: BankLine, who: Identified, settled: readonly DebitDocument[]): LineResult {
  const parts = settled.map((d) => {
    const by = ix.settledBy.get(d.id) ?? [];
    return (ix.ledgerOpen.get(d.id) ?? 0) <= 0
      ? `${d.id} (${formatMinor(d.amount, d.currency)}) is already settled${by.length > 0 ? ` by ${by.join(', ')}` : ''}`
      : `${d.id} is settled by an earlier line of this statement`;
  });
  return result(line, 'possible-duplicate', 'none',
    `${who.how}; ${parts.join('; ')}: this may pay it twice — check with the customer, then record it by hand (apply) or refund it`,
    { customer: who.customer.id, unapplied: ZERO });
}

function propose(ix: Index, line: BankLine, who: Identified): LineResult {
  const items = openItems(ix, who.customer.id, line.currency, line.date);
  const fmt = (m: number): string => formatMinor(m, line.currency);
  const isOpen = (d: DebitDocument): boolean => (ix.open.get(d.id) ?? 0) > 0;
  const done = (rule: MatchRule, reason: string, apps: ProposedApplication[]): LineResult => {
    let left = line.amount as number;
    for (const a of apps) {
      ix.open.set(a.invoice, ix.open.get(a.invoice)! - a.amount);
      left -= a.amount;
    }
    return result(line, 'proposed', rule, reason, { customer: who.customer.id, applications: apps, unapplied: left as Minor });
  };

  const ref = creditorReferenceOf(line);
  const refDocs = ref === '' ? [] : (ix.byCreditorRef.get(ref) ?? []).filter((d) => d.customer === who.customer.id && d.currency === line.currency);
  const refOpen = refDocs.find((d) => isOpen(d) && d.date <= line.date);
  const own = (ix.debitsOf.get(who.customer.id) ?? []).filter((d) => d.currency === line.currency);
  const byLower = new Map(own.map((d) => [d.id.toLowerCase(), d]));
  const mentioned: DebitDocument[] = [];
  for (const w of idWords(remittance(line))) {
    const d = byLower.get(w.toLowerCase());
    if (d && !mentioned.includes(d)) mentioned.push(d);
  }
  const settled = mentioned.filter((d) => !isOpen(d));
  if (refOpen === undefined && refDocs.length > 0 && !settled.includes(refDocs[0]!)) settled.unshift(refDocs[0]!);
  if (settled.length > 0) return possibleDuplicate(ix, line, who, settled);

  if (refOpen) {
    const open = ix.open.get(refOpen.id)!;
    const amt = Math.min(line.amount, open);
    const disc = discountedOpen(ix, refOpen, line.date);
    const left = line.amount - amt;
    const note = disc && disc.amount === line.amount ? `; ${fmt(line.amount)} is the open ${fmt(open)} less ${disc.text}`
      : left > 0 ? `; ${fmt(left)} left unapplied` : amt < open ? `; ${fmt(open - amt)} of it stays open` : '';
    return done('creditor-reference', `creditor reference ${ref} is the payment reference of ${refOpen.id} (due ${dueOf(refOpen)})${note}`,
      [{ invoice: refOpen.id, amount: amt as Minor }]);
  }

  const named = mentioned.filter((d) => items.includes(d));
  if (named.length > 0) {
    const apps: ProposedApplication[] = [];
    let left = line.amount as number;
    for (const d of named) {
      if (left <= 0) break;
      const amt = Math.min(left, ix.open.get(d.id)!);
      apps.push({ invoice: d.id, amount: amt as Minor });
      left -= amt;
    }
    const ids = apps.map((a) => a.invoice).join(', ');
    const disc = named.length === 1 ? discountedOpen(ix, named[0]!, line.date) : null;
    const note = left > 0 ? `; ${fmt(left)} left unapplied` : disc?.amount === line.amount ? `; ${fmt(line.amount)} is the open ${fmt(ix.open.get(named[0]!.id)!)} less ${disc.text}` : '';
    return done('invoice-id-in-text', `${ids} found in remittance text${note}`, apps);
  }

  // A line that pays an item less the early-payment discount it may still take counts as paying it exactly.
  const exact = items.find((d) => ix.open.get(d.id) === line.amount || discountedOpen(ix, d, line.date)?.amount === line.amount);
  if (exact) {
    const open = ix.open.get(exact.id)!;
    const disc = open === line.amount ? null : discountedOpen(ix, exact, line.date);
    return done('exact-amount', `${who.how}; ${exact.id} (due ${dueOf(exact)}) is the oldest open item of ${fmt(open)}${disc ? ` less ${disc.text}` : ''}`,
      [{ invoice: exact.id, amount: line.amount }]);
  }

  const set = smallestSum(items.map((d) => ix.open.get(d.id)!), line.amount);
  if (set) {
    const chosen = set.map((i) => items[i]!);
    return done('sum-of-items', `${who.how}; ${chosen.map((d) => d.id).join(' + ')} sum to ${fmt(line.amount)}`,
      chosen.map((d) => ({ invoice: d.id, amount: ix.open.get(d.id)! as Minor })));
  }
  const why = items.length === 0 ? 'no open items' : `no open item or set of up to ${MAX_SUM_ITEMS} open items sums to ${fmt(line.amount)}`;
  return done('customer-only', `${who.how}; ${why}, so all of it stays unapplied`, []);
}

/**
 * Indexes of the smallest set (2 to MAX_SUM_ITEMS items) of `amounts` summing exactly to `target`; among sets
 * of one size the first in the order of the items (oldest due first). Null when there is none.
 */
export function smallestSum(amounts: readonly number[], target: number): number[] | null {
  const cand = amounts.map((a, i) => ({ a, i })).filter((x) => x.a > 0 && x.a < target);
  const n = cand.length;
  // Smallest and largest amount from each position on: a branch that cannot reach or must overshoot the target is cut.
  const sufMin = new Array<number>(n + 1).fill(Infinity);
  const sufMax = new Array<number>(n + 1).fill(0);
  for (let j = n - 1; j >= 0; j--) {
    sufMin[j] = Math.min(cand[j]!.a, sufMin[j + 1]!);
    sufMax[j] = Math.max(cand[j]!.a, sufMax[j + 1]!);
  }
  let budget = SUM_SEARCH_BUDGET;
  for (let k = 2; k <= Math.min(MAX_SUM_ITEMS, n); k++) {
    const pick: number[] = [];
    const dfs = (start: number, sum: number): boolean => {
      if (--budget < 0) return false;
      const need = k - pick.length;
      if (need === 0) return sum === target;
      if (sum + need * sufMax[start]! < target || sum + need * sufMin[start]! > target) return false;
      for (let j = start; j <= n - need; j++) {
        if (--budget < 0) return false;
        const s = sum + cand[j]!.a;
        if (s + (need - 1) * sufMin[j + 1]! > target) continue;
        if (s + (need - 1) * sufMax[j + 1]! < target) continue;
        pick.push(j);
        if (dfs(j + 1, s)) return true;
        pick.pop();
        if (budget < 0) return false;
      }
      return false;
    };
    if (dfs(0, 0)) return pick.map((j) => cand[j]!.i);
    if (budget < 0) return null;
  }
  return null;
}
