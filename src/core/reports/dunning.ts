// The dunning plan (SPEC §4): which customers get a letter at a date, at what level, with which fee and interest.
import { dayNumberOf, type LocalDate } from '../date.js';
import { earlyDiscount, type EarlyDiscount } from '../discount.js';
import { parseTerms, type Terms } from '../terms.js';
import type { Ledger } from '../ledger.js';
import { addComputed, formatMinor, parseDecimal, roundToMinor, toBig, type Currency, type Minor } from '../money.js';
import { dunningRow, documentRow, type NewDocument, type NewRow } from '../rows.js';
import { nextId } from '../ops/numbering.js';
import type { AmountPolicy, DunningConfig, DunningLevel, DunningRecord, Invoice } from '../types.js';
import { appliedAt, isDisputedAt } from './balances.js';
import { promiseCover, promisesAt } from '../collections/promises.js';
import { DUNNING_NOTE_BY } from '../collections/model.js';
import { noteRow } from '../collections/ops.js';
import { planInForce, splitByPlan } from '../collections/plans.js';

/** The `reference` of a debit note posted for dunning fees; such notes are not dunned unless `dun_fees: true`. */
export const DUNNING_FEE_REFERENCE = 'dunning-fee';

export type SkipReason = 'hold' | 'dunning-disabled' | 'disputed' | 'promised' | 'no-new-level' | 'below-min-amount' | 'min-interval';

export interface DunningItem {
  readonly id: string;
  readonly due: LocalDate;
  readonly daysOverdue: number;
  /** 0 when the item is below the first level's `after_days`. */
  readonly level: number;
  readonly open: Minor;
  readonly interest: Minor;
  /** The early-payment discount the item still offers at the letter's date; null when it has none or its window has passed. */
  readonly discount: EarlyDiscount | null;
  /** For an invoice under a payment plan: the instalment this item is, of how many (SPEC §8). */
  readonly instalment?: number;
  readonly of?: number;
}

/** An earlier letter to the customer, from dunning.csv: its date and the highest level it listed. */
export interface PreviousNotice {
  readonly date: LocalDate;
  readonly level: number;
}

export interface DunningLetter {
  readonly customer: string;
  readonly level: number;
  /** The template of the letter's level (ledger.yaml `dunning.levels[].template`). */
  readonly template: string;
  readonly currency: Currency;
  readonly email: string;
  /** Simple interest of the letter's level, percent a year, or null when it charges none. */
  readonly interestRate: string | null;
  readonly items: readonly DunningItem[];
  readonly overdue: Minor;
  readonly fee: Minor;
  readonly interest: Minor;
  /** overdue + fee + interest, as SPEC §4 defines `total`. */
  readonly total: Minor;
  /** The customer's payments and credits in the letter's currency not yet applied at the letter's date. */
  readonly unapplied: Minor;
  /** What the letter asks for: total − unapplied, never negative. */
  readonly amountDue: Minor;
  /** The letters this customer was sent before this one (dated earlier), oldest first; empty for a first notice. */
  readonly previousNotices: readonly PreviousNotice[];
  /** The .txt letter, relative to the ledger directory; also the `letter` column of its dunning.csv rows. */
  readonly file: string;
}

export interface DunningSkip {
  readonly customer: string;
  readonly reason: SkipReason;
}

export interface DunningPlan {
  readonly asOf: LocalDate;
  readonly letters: readonly DunningLetter[];
  readonly skipped: readonly DunningSkip[];
}

export type LetterFormat = 'txt' | 'md' | 'html' | 'pdf';

/** `outbox/<date>/<customer>-L<level>.<ext>` (SPEC §1); customer ids are restricted to file-name-safe characters. */
export function letterPath(asOf: LocalDate, customer: string, level: number, ext: LetterFormat): string {
  return `outbox/${asOf}/${customer}-L${level}.${ext}`;
}

/** A policy amount in a currency: its own entry, else the one amount rounded half-up to the minor digits, else 0. */
export function policyAmount(policy: AmountPolicy | null, currency: Currency): Minor {
  if (!policy) return 0 as Minor;
  const text = policy.byCurrency[currency] ?? policy.all;
  const value = text === null ? null : parseDecimal(text);
  return value === null ? (0 as Minor) : roundToMinor(value, currency);
}

/** The highest level whose `after_days` the item has reached; 0 below the first. */
export function levelFor(levels: readonly DunningLevel[], daysOverdue: number): DunningLevel | null {
  let found: DunningLevel | null = null;
  for (const l of levels) if (l.afterDays <= daysOverdue && (!found || l.level > found.level)) found = l;
  return found;
}

/** Simple interest `open × rate% × days ÷ 365`, rounded half-up to the minor unit; never negative. */
export function simpleInterest(open: Minor, rate: string, days: number, currency: Currency): Minor {
  if (days <= 0 || open <= 0) return 0 as Minor;
  // In minor units the interest is open × R × days ÷ (36500 × 10^s) for a rate R ÷ 10^s: exact in integers, and
  // a tenth of the time of big.js on a run of a hundred thousand items. big.js divides to 20 places first, which
  // cannot move a result by a minor unit while s ≤ 10 (the quotient is then at least 10^-15 away from a half);
  // a longer rate or a result past 2^53 takes the big.js way, with its range error.
  const m = /^(\d+)(?:\.(\d{1,10}))?$/.exec(rate);
  if (m && Number.isSafeInteger(days)) {
    const frac = m[2] ?? '';
    const num = BigInt(open) * BigInt(m[1]! + frac) * BigInt(days);
    const den = 36500n * 10n ** BigInt(frac.length);
    let q = num / den;
    if (2n * (num % den) >= den) q++;
    if (q <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(q) as Minor;
  }
  const r = parseDecimal(rate);
  if (r === null) return 0 as Minor;
  return roundToMinor(toBig(open, currency).times(r).times(days).div(36500), currency);
}

export function isDunningFeeNote(doc: Invoice): boolean {
  return doc.kind === 'debit-note' && doc.reference === DUNNING_FEE_REFERENCE;
}

export interface History {
  /** Level of the latest notice per invoice. */
  readonly lastLevel: Map<string, number>;
  /** Date of the latest notice that charged interest, per invoice. */
  readonly lastInterest: Map<string, LocalDate>;
  /** Date of the latest notice per customer. */
  readonly lastNotice: Map<string, LocalDate>;
  /** Per customer, the letters dated before `asOf`: date → highest level logged that day. */
  readonly notices: Map<string, Map<LocalDate, number>>;
}

/** What dunning.csv says had happened by `asOf`; rows dated later are not yet history at that date. */
function historyAt(log: readonly DunningRecord[], asOf: LocalDate): History {
  const dated = log.filter((r) => r.date <= asOf);
  // By date, then line, compared as numbers: comparing date strings was most of a large run's time.
  const days = new Int32Array(dated.length);
  const lines = new Int32Array(dated.length);
  const order = new Int32Array(dated.length);
  for (let i = 0; i < dated.length; i++) {
    days[i] = dayNumberOf(dated[i]!.date);
    lines[i] = dated[i]!.src.line;
    order[i] = i;
  }
  order.sort((x, y) => days[x]! - days[y]! || lines[x]! - lines[y]!);
  const h: History = { lastLevel: new Map(), lastInterest: new Map(), lastNotice: new Map(), notices: new Map() };
  for (const i of order) {
    const r = dated[i]!;
    h.lastLevel.set(r.invoice, r.level);
    if (r.interest > 0) h.lastInterest.set(r.invoice, r.date);
    h.lastNotice.set(r.customer, r.date);
    // A letter's rows share its date; one dated asOf is this day's own run, not an earlier notice.
    if (r.date < asOf) {
      let byDate = h.notices.get(r.customer);
      if (!byDate) h.notices.set(r.customer, (byDate = new Map()));
      byDate.set(r.date, Math.max(byDate.get(r.date) ?? 0, r.level));
    }
  }
  return h;
}

/** What a letter reads of an item's document: its id, and for an early-payment discount its terms, date and amount. */
export type DunnedDocument = Pick<Invoice, 'id' | 'date' | 'currency' | 'amount' | 'terms'>;

export interface Candidate {
  readonly doc: DunnedDocument;
  /** The invoice's due date, or its instalment's. */
  readonly due: LocalDate;
  readonly open: Minor;
  readonly daysOverdue: number;
  readonly level: number;
  /** The last level logged for it (0: none). */
  readonly lastLevel: number;
  /** Where its interest runs from: its due date, or the last notice that charged interest on it if later. */
  readonly interestFrom: LocalDate;
  readonly instalment: { readonly k: number; readonly of: number } | null;
}

export const byDueThenId = (a: Candidate, b: Candidate): number =>
  a.due < b.due ? -1 : a.due > b.due ? 1 : a.doc.id < b.doc.id ? -1 : a.doc.id > b.doc.id ? 1 : 0;

/** Per invoice, the notices logged for it by asOf, for the invoices under a payment plan. */
function noticesOf(log: readonly DunningRecord[], asOf: LocalDate, plans: Ledger['plans']): Map<string, DunningRecord[]> {
  const out = new Map<string, DunningRecord[]>();
  for (const r of log) {
    if (r.date > asOf || !plans.has(r.invoice)) continue;
    const list = out.get(r.invoice) ?? [];
    list.push(r);
    out.set(r.invoice, list);
  }
  return out;
}

/**
 * The dunning history of one instalment. dunning.csv logs the invoice (its format is fixed), one row per notice, so
 * an instalment's own history is read from the invoice's notices dated on or after the plan date (before it, the
 * invoice was dunned whole, and the plan gave the customer new dates) and after the instalment fell due: each such
 * notice listed it at the level its days overdue reached that day (never above the level the row logs).
 */
export function instalmentHistory(levels: readonly DunningLevel[], notices: readonly DunningRecord[] | undefined, planDate: LocalDate, due: LocalDate): { lastLevel: number; lastInterest: LocalDate | null } {
  let lastLevel = 0;
  let lastInterest: LocalDate | null = null;
  const dueDay = dayNumberOf(due);
  for (const r of notices ?? []) {
    if (r.date < planDate || r.date <= due) continue;
    const level = Math.min(levelFor(levels, dayNumberOf(r.date) - dueDay)?.level ?? 0, r.level);
    lastLevel = Math.max(lastLevel, level);
    if (r.interest > 0 && (lastInterest === null || r.date > lastInterest)) lastInterest = r.date;
  }
  return { lastLevel, lastInterest };
}

/** Plans the dunning run at `asOf` from the ledger and its dunning log; pure, so a dry run and a real run agree. */
export function planDunning(ledger: Ledger, asOf: LocalDate): DunningPlan {
  const cfg: DunningConfig = ledger.config.dunning;
  const asOfDay = dayNumberOf(asOf);
  const applied = appliedAt(ledger, asOf);
  const history = historyAt(ledger.dunning, asOf);
  const credit = unappliedCredit(ledger, applied, asOf);
  // Items under a pending promise to pay are paused (SPEC §8): neither listed nor logged.
  const promised = promiseCover(promisesAt(ledger, asOf));
  const planned = ledger.plans.size === 0 ? null : noticesOf(ledger.dunning, asOf, ledger.plans);

  const overdue = new Map<string, { candidates: Candidate[]; disputed: number; promised: number }>();
  for (const doc of ledger.documents) {
    if (doc.kind !== 'invoice' && doc.kind !== 'debit-note') continue;
    if (doc.date > asOf) continue;
    if (!cfg.dunFees && isDunningFeeNote(doc)) continue;
    const open = (doc.amount - applied[doc.seq]!) as Minor;
    if (open <= 0) continue;
    // An invoice under a payment plan is dunned by instalment: each part open by its own due date (SPEC §8).
    const plan = planned === null ? null : planInForce(ledger.plans.get(doc.id), asOf);
    let found: Candidate[];
    if (plan === null) {
      const daysOverdue = asOfDay - dayNumberOf(doc.due);
      if (daysOverdue <= 0) continue;
      const since = history.lastInterest.get(doc.id);
      found = [{
        doc, due: doc.due, open, daysOverdue, level: levelFor(cfg.levels, daysOverdue)?.level ?? 0,
        lastLevel: history.lastLevel.get(doc.id) ?? 0, interestFrom: since !== undefined && since > doc.due ? since : doc.due, instalment: null,
      }];
    } else {
      found = [];
      for (const part of splitByPlan(plan, open)) {
        const daysOverdue = asOfDay - dayNumberOf(part.due);
        if (part.open <= 0 || daysOverdue <= 0) continue;
        const h = instalmentHistory(cfg.levels, planned!.get(doc.id), plan.date, part.due);
        found.push({
          doc, due: part.due, open: part.open, daysOverdue, level: levelFor(cfg.levels, daysOverdue)?.level ?? 0,
          lastLevel: h.lastLevel, interestFrom: h.lastInterest !== null && h.lastInterest > part.due ? h.lastInterest : part.due,
          instalment: { k: part.instalment, of: part.of },
        });
      }
      if (found.length === 0) continue;
    }
    let entry = overdue.get(doc.customer);
    if (!entry) overdue.set(doc.customer, (entry = { candidates: [], disputed: 0, promised: 0 }));
    if (isDisputedAt(ledger.disputes.get(doc.id), asOf)) {
      entry.disputed++;
      continue;
    }
    const pending = found.filter((c) => promised(doc, c.daysOverdue)?.status === 'pending');
    if (pending.length > 0) {
      entry.promised++;
      if (pending.length === found.length) continue;
      found = found.filter((c) => !pending.includes(c));
    }
    entry.candidates.push(...found);
  }

  const letters: DunningLetter[] = [];
  const skipped: DunningSkip[] = [];
  for (const id of [...overdue.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const { candidates, promised: paused } = overdue.get(id)!;
    const customer = ledger.customers.get(id)!;
    const skip = (reason: SkipReason): void => void skipped.push({ customer: id, reason });
    if (customer.hold) { skip('hold'); continue; }
    if (!customer.dunning) { skip('dunning-disabled'); continue; }
    // All disputed, or the rest under a pending promise.
    if (candidates.length === 0) { skip(paused > 0 ? 'promised' : 'disputed'); continue; }
    if (!candidates.some((c) => c.level > c.lastLevel)) { skip('no-new-level'); continue; }
    const total = candidates.reduce((s, c) => s + c.open, 0) as Minor;
    // Money the customer has already sent counts against what it is asked for, so the threshold applies to the rest.
    const unapplied = credit.get(`${id}\0${customer.currency}`) ?? (0 as Minor);
    const rest = total - unapplied;
    if (rest <= 0 || rest < policyAmount(cfg.minAmount, customer.currency)) { skip('below-min-amount'); continue; }
    const last = history.lastNotice.get(id);
    if (last !== undefined && asOfDay - dayNumberOf(last) < cfg.minIntervalDays) { skip('min-interval'); continue; }
    letters.push(letterFor(cfg, history, asOf, customer.id, customer.currency, customer.email, candidates.sort(byDueThenId), total, unapplied));
  }
  return { asOf, letters, skipped };
}

/** Σ unapplied (SPEC §2) of every payment, credit note and write-off at asOf, per customer and currency. */
function unappliedCredit(ledger: Ledger, applied: Float64Array, asOf: LocalDate): Map<string, Minor> {
  const out = new Map<string, Minor>();
  for (const doc of ledger.documents) {
    if (doc.kind !== 'payment' && doc.kind !== 'credit-note' && doc.kind !== 'write-off') continue;
    if (doc.date > asOf) continue;
    const left = doc.amount - applied[doc.seq]!;
    if (left <= 0) continue;
    const key = `${doc.customer}\0${doc.currency}`;
    out.set(key, ((out.get(key) ?? 0) + left) as Minor);
  }
  return out;
}

/** The discount an item still offers at asOf: its window is open and paying the rest less the discount settles it. */
function openDiscount(doc: DunnedDocument, open: Minor, asOf: LocalDate): EarlyDiscount | null {
  // Most items of a run are long past any discount window: those are known from the terms and dates alone.
  const terms = termsOf(doc.terms);
  if (terms === null || terms.discount === null || dayNumberOf(asOf) > dayNumberOf(doc.date) + terms.discount.days) return null;
  const d = earlyDiscount(doc);
  return d !== null && asOf <= d.until && open > d.amount ? d : null;
}

/** A level's fee per currency, worked out once per run rather than once per letter (big.js is not cheap). */
const policyAmounts = new WeakMap<AmountPolicy, Map<string, Minor>>();

function cachedPolicyAmount(policy: AmountPolicy, currency: Currency): Minor {
  let byCurrency = policyAmounts.get(policy);
  if (byCurrency === undefined) policyAmounts.set(policy, (byCurrency = new Map()));
  let amount = byCurrency.get(currency);
  if (amount === undefined) byCurrency.set(currency, (amount = policyAmount(policy, currency)));
  return amount;
}

const parsedTerms = new Map<string, Terms | null>();

function termsOf(text: string): Terms | null {
  let t = parsedTerms.get(text);
  if (t === undefined) {
    // Terms are a few distinct texts in any ledger; the bound only keeps a strange one from growing without end.
    if (parsedTerms.size > 4096) parsedTerms.clear();
    parsedTerms.set(text, (t = parseTerms(text)));
  }
  return t;
}

export function letterFor(cfg: DunningConfig, history: History, asOf: LocalDate, customer: string, currency: Currency,
  email: string, candidates: readonly Candidate[], overdue: Minor, unapplied: Minor): DunningLetter {
  const levelNo = Math.max(...candidates.map((c) => c.level));
  const level = cfg.levels.find((l) => l.level === levelNo)!;
  const asOfDay = dayNumberOf(asOf);
  const items = candidates.map((c): DunningItem => {
    let interest = 0 as Minor;
    if (level.interest !== null) {
      interest = simpleInterest(c.open, level.interest, asOfDay - dayNumberOf(c.interestFrom), currency);
    }
    return {
      id: c.doc.id, due: c.due, daysOverdue: c.daysOverdue, level: c.level, open: c.open, interest,
      // An instalment's amount was agreed in the plan: the invoice's early-payment discount no longer applies to it.
      discount: c.instalment === null ? openDiscount(c.doc, c.open, asOf) : null,
      ...(c.instalment === null ? {} : { instalment: c.instalment.k, of: c.instalment.of }),
    };
  });
  const fee = level.fee === null ? (0 as Minor) : cachedPolicyAmount(level.fee, currency);
  const interest = addComputed(currency, items.map((i) => i.interest));
  const total = addComputed(currency, [overdue, fee, interest]);
  const previousNotices = [...(history.notices.get(customer) ?? new Map<LocalDate, number>())]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, lvl]): PreviousNotice => ({ date, level: lvl }));
  return {
    customer, level: levelNo, template: level.template, currency, email, interestRate: level.interest, items,
    overdue, fee, interest, total, unapplied, amountDue: Math.max(0, total - unapplied) as Minor, previousNotices,
    file: letterPath(asOf, customer, levelNo, 'txt'),
  };
}

/**
 * The dunning.csv rows of a plan: every listed item, the letter's fee on its first row. The instalments of an invoice
 * under a payment plan share one row, as the file logs invoices: the highest of their levels, the sum of their open
 * amounts and of their interest.
 */
export function dunningLogRows(plan: DunningPlan): NewRow[] {
  return plan.letters.flatMap((l) => {
    const byId = new Map<string, { level: number; open: number; interest: number }>();
    for (const item of l.items) {
      const row = byId.get(item.id);
      if (!row) byId.set(item.id, { level: item.level, open: item.open, interest: item.interest });
      else {
        row.level = Math.max(row.level, item.level);
        row.open += item.open;
        row.interest += item.interest;
      }
    }
    return [...byId].map(([id, row], i) => dunningRow({
      date: plan.asOf, customer: l.customer, level: row.level, invoice: id, open: row.open as Minor,
      fee: (i === 0 ? l.fee : 0) as Minor, interest: row.interest as Minor, letter: l.file,
    }, l.currency));
  });
}

/** How many rows `dunningLogRows` makes of a plan (one per invoice of each letter), without making them. */
export function dunningLogRowCount(plan: DunningPlan): number {
  let n = 0;
  for (const l of plan.letters) {
    const items = l.items;
    // Only instalments share an id, and they are the rare case: a letter without any counts its items.
    if (items.every((i) => i.instalment === undefined)) n += items.length;
    else n += new Set(items.map((i) => i.id)).size;
  }
  return n;
}

/**
 * One debit note per letter that charges a fee or interest, due at once and marked with the reference
 * `dunning-fee` so that later runs do not dun the fees themselves (unless `dun_fees: true`).
 */
export function dunningFeeNotes(ledger: Ledger, plan: DunningPlan): NewDocument[] {
  // Only the last id handed out: every note has the same date, so numbers only rise and the last stands for all
  // before it (numbering around all of them would read each of thousands for every letter).
  let taken = new Set<string>();
  const out: NewDocument[] = [];
  for (const l of plan.letters) {
    const amount = (l.fee + l.interest) as Minor;
    if (amount <= 0) continue;
    const id = nextId(ledger, 'debit-note', plan.asOf, taken);
    taken = new Set([id]);
    const parts = [l.fee > 0 ? `fee ${formatMinor(l.fee, l.currency)}` : '', l.interest > 0 ? `interest ${formatMinor(l.interest, l.currency)}` : '']
      .filter((p) => p !== '');
    out.push({
      id, kind: 'debit-note', date: plan.asOf, due: plan.asOf, customer: l.customer, currency: l.currency, amount,
      terms: 'receipt', reference: DUNNING_FEE_REFERENCE,
      memo: `dunning level ${l.level} ${parts.join(' and ')} ${l.currency}, letter ${l.file}`,
    });
  }
  return out;
}

/**
 * One note (kind letter) per letter, written with its dunning.csv rows, so that a customer's contacts include the
 * letters: "Level 2 letter: 262.58 EUR (outbox/2026-11-30/ACME-L2.txt)".
 */
export function dunningNoteRows(plan: DunningPlan): NewRow[] {
  return plan.letters.map((l) => ({
    ...noteRow({
      date: plan.asOf, customer: l.customer, invoice: '', kind: 'letter',
      text: `Level ${l.level} letter: ${formatMinor(l.total, l.currency)} ${l.currency} (${l.file})`, followUp: '', by: DUNNING_NOTE_BY,
    }),
    runDated: true as const,
  }));
}

export function dunningFeeRows(ledger: Ledger, plan: DunningPlan): NewRow[] {
  return dunningFeeNotes(ledger, plan).map(documentRow);
}
