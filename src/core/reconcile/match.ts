// Matching a bank statement against the ledger (SPEC §5): per booked incoming line, reconciled, matched,
// proposed or unidentified, each with the rule that decided it and a reason a bookkeeper can check.
import { daysBetween, type LocalDate } from '../date.js';
import type { Ledger } from '../ledger.js';
import { formatMinor, type Currency, type Minor } from '../money.js';
import { dueOf, isDebit, type Customer, type DebitDocument, type Document, type Payment } from '../types.js';
import { statementPeriod, type BankLine, type BankStatement } from './line.js';

export type LineStatus = 'reconciled' | 'matched' | 'proposed' | 'unidentified' | 'ignored';
export type MatchRule = 'bank-ref' | 'amount-date' | 'invoice-id-in-text' | 'exact-amount' | 'sum-of-items' | 'customer-only' | 'none';

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
}

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
  readonly reconciledRefs = new Map<string, string>();
  readonly paymentByBankRef = new Map<string, string>();
  readonly reconciledPayments = new Set<string>();
  /** Payments with no bank_ref and no reconciliation, by currency and amount (what a line must equal). */
  readonly openPayments = new Map<string, Payment[]>();
  readonly byIban = new Map<string, Customer>();
  readonly byName = new Map<string, Customer>();
  /** Lower-cased document id -> document, for ids found in remittance text. */
  readonly byLowerId = new Map<string, Document>();
  readonly open = new Map<string, number>();
  readonly debitsOf = new Map<string, DebitDocument[]>();

  constructor(readonly ledger: Ledger) {
    for (const r of ledger.reconciliations) {
      this.reconciledRefs.set(r.bankRef, r.payment);
      this.reconciledPayments.add(r.payment);
    }
    const applied = new Map<string, number>();
    for (const a of ledger.applications) applied.set(a.debit, (applied.get(a.debit) ?? 0) + a.amount);
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
        const list = this.debitsOf.get(d.customer) ?? [];
        list.push(d);
        this.debitsOf.set(d.customer, list);
      }
    }
    for (const list of this.debitsOf.values()) list.sort(byDueThenId);
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
    const r = matchLine(ix, line, takenPayments, seenIds);
    if (r.payment && (r.status === 'matched' || r.status === 'reconciled')) present.add(r.payment);
    results.push(r);
  }
  const missingFromBank: MissingPayment[] = [];
  if (opts.from && opts.to) {
    for (const d of ledger.documents) {
      if (d.kind !== 'payment' || d.date < opts.from || d.date > opts.to || present.has(d.id)) continue;
      if (opts.currencies.size > 0 && !opts.currencies.has(d.currency)) continue;
      if (d.bankRef !== '' && seenIds.has(d.bankRef)) continue;
      missingFromBank.push({ payment: d.id, date: d.date, amount: d.amount, currency: d.currency });
    }
    missingFromBank.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.payment < b.payment ? -1 : 1));
  }
  return { from: opts.from, to: opts.to, lines: results, missingFromBank };
}

/** Matches the lines of one file's statements over the period they cover, in the currencies they are kept in. */
export function reconcileStatements(ledger: Ledger, statements: readonly BankStatement[]): ReconcileReport {
  const lines = statements.flatMap((s) => s.lines);
  const currencies = new Set<string>(lines.map((l) => l.currency));
  for (const s of statements) for (const b of [s.opening, s.closing]) if (b) currencies.add(b.currency);
  return matchStatement(ledger, lines, { ...statementPeriod(statements), currencies });
}

function result(line: BankLine, status: LineStatus, rule: MatchRule, reason: string, extra: Partial<LineResult> = {}): LineResult {
  return {
    line, status, rule, reason, customer: null, payment: null, applications: [],
    unapplied: status === 'proposed' || status === 'unidentified' ? line.amount : ZERO, ...extra,
  };
}

function matchLine(ix: Index, line: BankLine, takenPayments: Set<string>, seenIds: Set<string>): LineResult {
  if (line.reversal) {
    return result(line, 'ignored', 'none', line.direction === 'debit'
      ? 'reversal of an earlier incoming payment: if it was recorded, correct the ledger by hand (a refund or a reversing document)'
      : 'reversal of an earlier outgoing payment by the bank: not a customer payment');
  }
  if (line.direction !== 'credit') return result(line, 'ignored', 'none', 'outgoing (debit) line: not a customer payment');
  if (!line.booked) return result(line, 'ignored', 'none', 'pending, not booked yet');
  if (seenIds.has(line.bankId)) return result(line, 'ignored', 'none', `bank id ${line.bankId} appears earlier in the statement`);
  seenIds.add(line.bankId);

  const rec = ix.reconciledRefs.get(line.bankId);
  if (rec !== undefined) {
    return result(line, 'reconciled', 'bank-ref', `bank id ${line.bankId} is already in reconciliations.csv (payment ${rec})`,
      { payment: rec, customer: ix.ledger.byId.get(rec)?.customer ?? null });
  }
  const byRef = ix.paymentByBankRef.get(line.bankId);
  if (byRef !== undefined) {
    const p = ix.ledger.byId.get(byRef)!;
    return result(line, 'reconciled', 'bank-ref', `payment ${byRef} has bank_ref ${line.bankId}`, { payment: byRef, customer: p.customer });
  }

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
  return null;
}

function remittance(line: BankLine): string {
  return line.reference === '' || line.text.includes(line.reference) ? line.text : `${line.text} ${line.reference}`;
}

function openItems(ix: Index, customer: string, currency: Currency, date: LocalDate): DebitDocument[] {
  return (ix.debitsOf.get(customer) ?? []).filter((d) => d.currency === currency && d.date <= date && (ix.open.get(d.id) ?? 0) > 0);
}

function propose(ix: Index, line: BankLine, who: Identified): LineResult {
  const items = openItems(ix, who.customer.id, line.currency, line.date);
  const fmt = (m: number): string => formatMinor(m, line.currency);
  const done = (rule: MatchRule, reason: string, apps: ProposedApplication[]): LineResult => {
    let left = line.amount as number;
    for (const a of apps) {
      ix.open.set(a.invoice, ix.open.get(a.invoice)! - a.amount);
      left -= a.amount;
    }
    return result(line, 'proposed', rule, reason, { customer: who.customer.id, applications: apps, unapplied: left as Minor });
  };

  const byLower = new Map(items.map((d) => [d.id.toLowerCase(), d]));
  const named: DebitDocument[] = [];
  for (const w of idWords(remittance(line))) {
    const d = byLower.get(w.toLowerCase());
    if (d && !named.includes(d)) named.push(d);
  }
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
    return done('invoice-id-in-text', `${ids} found in remittance text${left > 0 ? `; ${fmt(left)} left unapplied` : ''}`, apps);
  }

  const exact = items.find((d) => ix.open.get(d.id) === line.amount);
  if (exact) {
    return done('exact-amount', `${who.how}; ${exact.id} (due ${dueOf(exact)}) is the oldest open item of ${fmt(line.amount)}`,
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
