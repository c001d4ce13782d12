// Payment plans (SPEC §8): an invoice's open amount split into instalments with their own due dates, how what is
// applied settles them, making a plan, and the plans `check` reports as no longer matching their invoice.
import { addDays, daysBetween, type LocalDate } from '../date.js';
import { issue, q, RefusedError, type LedgerIssue } from '../issues.js';
import type { Ledger } from '../ledger.js';
import { formatMinor, type Minor } from '../money.js';
import { isDisputedAt } from '../reports/balances.js';
import { dueOf, isInvoiceLike, type DebitDocument, type Invoice, type PaymentPlan, type PlanRow } from '../types.js';
import type { NewRow } from '../rows.js';

/** "an invoice", "a payment". */
function kindName(kind: string): string {
  const words = kind.replace('-', ' ');
  return `${/^[aeiou]/.test(words) ? 'an' : 'a'} ${words}`;
}

/** The plan in force at `asOf`: the last one dated on or before it (on one date, the later in the file). */
export function planInForce(plans: readonly PaymentPlan[] | undefined, asOf: LocalDate): PaymentPlan | null {
  let found: PaymentPlan | null = null;
  for (const p of plans ?? []) {
    if (p.date > asOf) break;
    found = p;
  }
  return found;
}

/** An instalment with what is left of it. */
export interface InstalmentPart {
  readonly instalment: number;
  readonly of: number;
  readonly due: LocalDate;
  readonly amount: Minor;
  readonly paid: Minor;
  readonly open: Minor;
}

/**
 * Splits an invoice's open amount over its plan's instalments. What the plan no longer expects (its sum less the
 * open amount) is what has been applied since the plan was made: it settles instalment 1 first, then 2, and so on.
 * Should the open amount exceed the plan's sum (a plan that never matched, which `check` reports), the excess is
 * owed with the last instalment, so the parts always add up to the open amount.
 */
export function splitByPlan(plan: PaymentPlan, open: number): InstalmentPart[] {
  const n = plan.instalments.length;
  const sum = plan.instalments.reduce((s, r) => s + r.amount, 0);
  let settled = Math.max(0, sum - open);
  const excess = Math.max(0, open - sum);
  return plan.instalments.map((r, i) => {
    const paid = Math.min(settled, r.amount);
    settled -= paid;
    const extra = i === n - 1 ? excess : 0;
    return { instalment: r.instalment, of: n, due: r.due, amount: r.amount, paid: paid as Minor, open: (r.amount - paid + extra) as Minor };
  });
}

/** Part of a debit document's open amount that falls due on one date: the whole of it, or one instalment's part. */
export interface OpenPart {
  readonly due: LocalDate;
  readonly open: Minor;
  /** The instalment and the number of instalments of the plan in force; null for a document without a plan. */
  readonly instalment: number | null;
  readonly of: number | null;
}

/**
 * The parts of a debit document's open amount at `asOf` that are still owed, each with the date it falls due: one
 * part without a plan, else each instalment with something open. Aging, dunning and any report that asks when an
 * amount is due go through here.
 */
export function openParts(ledger: Ledger, doc: DebitDocument, open: number, asOf: LocalDate): readonly OpenPart[] {
  const plan = doc.kind === 'refund' || ledger.plans.size === 0 ? null : planInForce(ledger.plans.get(doc.id), asOf);
  if (!plan) return [{ due: dueOf(doc), open: open as Minor, instalment: null, of: null }];
  return splitByPlan(plan, open)
    .filter((p) => p.open > 0)
    .map((p) => ({ due: p.due, open: p.open, instalment: p.instalment, of: p.of }));
}

/** Σ applications to a document dated on or before `date` (all of them with null). */
function appliedTo(ledger: Ledger, seq: number, date: LocalDate | null): number {
  let sum = 0;
  for (const a of ledger.applications) if (a.debitSeq === seq && (date === null || a.date <= date)) sum += a.amount;
  return sum;
}

export interface PlanRequest {
  readonly invoice: string;
  readonly date: LocalDate;
  /** `--instalments N --every DAYS [--first DATE]`. */
  readonly every?: { readonly count: number; readonly days: number; readonly first: LocalDate | null };
  /** `--due DATE=AMOUNT…`, amounts as given (read in the invoice's currency by the caller). */
  readonly dues?: readonly { readonly due: LocalDate; readonly amount: Minor }[];
}

/** The rows of a new plan for an invoice, or a refusal that says why and what would be valid. */
export function makePlan(ledger: Ledger, req: PlanRequest): PaymentPlan {
  const doc = ledger.byId.get(req.invoice);
  if (!doc) throw new RefusedError(`invoice ${q(req.invoice)} does not exist — see \`arledger invoice list --open\``);
  if (!isInvoiceLike(doc)) throw new RefusedError(`${doc.id} is ${kindName(doc.kind)}; only invoices and debit notes get a payment plan`);
  if (req.date < doc.date) throw new RefusedError(`the plan date ${req.date} is before ${doc.id}'s date ${doc.date} — use --date ${doc.date} or later`);
  const ccy = doc.currency;
  const m = (x: number): string => `${formatMinor(x as Minor, ccy)} ${ccy}`;
  const open = doc.amount - appliedTo(ledger, doc.seq, req.date);
  if (open <= 0) throw new RefusedError(`${doc.id} is settled on ${req.date}: nothing is open to split into instalments`);
  const events = ledger.disputes.get(doc.id);
  if (isDisputedAt(events, req.date)) {
    throw new RefusedError(`${doc.id} is disputed on ${req.date}; a plan is agreed on an amount the customer owes — resolve the dispute first (arledger dispute ${doc.id} --resolve)`);
  }
  const later = ledger.plans.get(doc.id)?.find((p) => p.date > req.date);
  if (later) {
    throw new RefusedError(`${doc.id} has a plan dated ${later.date} (${later.instalments[0]!.src.file}:${later.instalments[0]!.src.line}), after ${req.date} — a new plan is dated ${later.date} or later`);
  }
  let dues: { due: LocalDate; amount: Minor }[];
  if (req.every) {
    const { count, days, first } = req.every;
    const share = Math.floor(open / count);
    if (share <= 0) throw new RefusedError(`${m(open)} open on ${doc.id} cannot be split into ${count} instalments of at least ${m(1)} — use at most ${open} instalments`);
    const start = first ?? addDays(req.date, days);
    dues = Array.from({ length: count }, (_, i) => ({
      due: addDays(start, i * days),
      amount: (i === count - 1 ? open - share * (count - 1) : share) as Minor,
    }));
  } else {
    dues = [...(req.dues ?? [])].sort((x, y) => (x.due < y.due ? -1 : x.due > y.due ? 1 : 0));
    for (let i = 1; i < dues.length; i++) {
      if (dues[i]!.due === dues[i - 1]!.due) throw new RefusedError(`two instalments are due on ${dues[i]!.due} — give each instalment its own due date`);
    }
    const sum = dues.reduce((s, d) => s + d.amount, 0);
    if (sum !== open) {
      const diff = Math.abs(open - sum);
      throw new RefusedError(`the instalments add up to ${m(sum)}, but ${doc.id} has ${m(open)} open on ${req.date}: ${m(diff)} ${sum < open ? 'short' : 'too much'} — make the --due amounts add up to ${formatMinor(open as Minor, ccy)}`);
    }
  }
  if (dues.length === 0) throw new RefusedError('a plan needs at least one instalment');
  if (dues[0]!.due < req.date) throw new RefusedError(`instalment 1 would be due ${dues[0]!.due}, before the plan date ${req.date} — instalments fall due on or after it`);
  const src = { file: 'plans.csv', line: 0 };
  return {
    invoice: doc.id, date: req.date,
    instalments: dues.map((d, i): PlanRow => ({ date: req.date, invoice: doc.id, instalment: i + 1, due: d.due, amount: d.amount, src })),
  };
}

export function planRows(plan: PaymentPlan, currency: string): NewRow[] {
  return plan.instalments.map((r) => ({
    journal: 'plans.csv' as const, fields: [r.date, r.invoice, String(r.instalment), r.due, formatMinor(r.amount, currency)],
  }));
}

/** A plan as `plan show` tells it at a date. */
export interface PlanStatus {
  readonly invoice: Invoice;
  readonly asOf: LocalDate;
  readonly plan: PaymentPlan;
  /** Plans of the invoice dated before this one, which it supersedes. */
  readonly superseded: number;
  readonly open: Minor;
  readonly instalments: readonly (InstalmentPart & { readonly daysOverdue: number; readonly status: 'paid' | 'open' | 'overdue' })[];
}

export function planStatus(ledger: Ledger, invoice: string, asOf: LocalDate): PlanStatus {
  const doc = ledger.byId.get(invoice);
  if (!doc) throw new RefusedError(`invoice ${q(invoice)} does not exist — see \`arledger invoice list --open\``);
  if (!isInvoiceLike(doc)) throw new RefusedError(`${doc.id} is ${kindName(doc.kind)}; only invoices and debit notes have payment plans`);
  const plans = ledger.plans.get(doc.id) ?? [];
  const plan = planInForce(plans, asOf);
  if (!plan) {
    const next = plans[0];
    throw new RefusedError(`${doc.id} has no payment plan on ${asOf}${next ? ` (its first is dated ${next.date}: use --as-of ${next.date} or later)` : ` — make one with \`arledger plan ${doc.id} --instalments N --every DAYS\``}`);
  }
  const open = (doc.date > asOf ? 0 : doc.amount - appliedTo(ledger, doc.seq, asOf)) as Minor;
  return {
    invoice: doc, asOf, plan, superseded: plans.indexOf(plan), open,
    instalments: splitByPlan(plan, open).map((p) => {
      const daysOverdue = daysBetween(asOf, p.due);
      return { ...p, daysOverdue, status: p.open === 0 ? 'paid' as const : daysOverdue > 0 ? 'overdue' as const : 'open' as const };
    }),
  };
}

/**
 * Plans that no longer match their invoice (for `check`). A plan splits the open amount on its date, so its
 * amounts must add up to that; rows dated on or before it that were recorded later (a back-dated payment or
 * credit) change it. And after the plan date only payments are what the plan expects: a credit note or write-off
 * applied since lowers the open amount by something no instalment was agreed for, so the plan still expects
 * Σ instalments − payments applied since, while the invoice has less open. Either is reported on the plan's
 * first row with the command that re-plans what is open; a plan superseded by a later one is history and only
 * held to its sum, and an invoice with nothing open needs no plan.
 */
export function planFindings(ledger: Ledger): LedgerIssue[] {
  const out: LedgerIssue[] = [];
  for (const [id, plans] of ledger.plans) {
    const doc = ledger.byId.get(id);
    if (!doc || !isInvoiceLike(doc)) continue;
    const ccy = doc.currency;
    const m = (x: number): string => formatMinor(x as Minor, ccy);
    const openNow = doc.amount - appliedTo(ledger, doc.seq, null);
    plans.forEach((plan, i) => {
      const first = plan.instalments[0]!;
      const sum = plan.instalments.reduce((s, r) => s + r.amount, 0);
      const openThen = doc.amount - appliedTo(ledger, doc.seq, plan.date);
      const latest = i === plans.length - 1;
      const hint = latest ? replanHint(plan, openNow, doc.id) : `it is superseded by the plan dated ${plans[i + 1]!.date} (line ${plans[i + 1]!.instalments[0]!.src.line})`;
      if (sum !== openThen) {
        out.push(issue(first.src.file, first.src.line,
          `the plan of ${id} dated ${plan.date} adds up to ${m(sum)}, but ${id} had ${m(openThen)} open on ${plan.date} (${m(Math.abs(sum - openThen))} ${sum > openThen ? 'more' : 'less'})`, hint));
        return;
      }
      if (!latest || openNow <= 0) return;
      let credited = 0;
      const by: string[] = [];
      for (const a of ledger.applications) {
        if (a.debitSeq !== doc.seq || a.date <= plan.date) continue;
        const credit = ledger.documents[a.creditSeq]!;
        if (credit.kind === 'payment') continue;
        credited += a.amount;
        by.push(`${credit.id} ${m(a.amount)} on ${a.date}`);
      }
      if (credited === 0) return;
      out.push(issue(first.src.file, first.src.line,
        `the plan of ${id} dated ${plan.date} no longer matches its open amount: it still expects ${m(openNow + credited)}, but ${id} has ${m(openNow)} open after ${by.join(', ')} (credited after the plan)`, hint));
    });
  }
  return out;
}

function replanHint(plan: PaymentPlan, openNow: number, id: string): string {
  if (openNow <= 0) return `${id} is settled; the plan needs nothing more`;
  const left = splitByPlan(plan, openNow).filter((p) => p.open > 0).length;
  const rows = plan.instalments;
  const every = rows.length >= 2 ? daysBetween(rows[rows.length - 1]!.due, rows[rows.length - 2]!.due) : 30;
  return `re-plan what is open: arledger plan ${id} --instalments ${Math.max(1, left)} --every ${every} (or --due DATE=AMOUNT …)`;
}
