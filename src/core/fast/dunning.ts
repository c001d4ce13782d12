// The dunning plan (SPEC §4) from the fast reader's columns: the plan `planDunning` makes from the plain ledger,
// decided without an object per document or notice. Only the items of the letters are made into documents, and
// each letter is written by the same `letterFor` as the plain plan's, so the two agree byte for byte
// (test/core/fast.test.ts compares them on random ledgers).
import { dayNumberOf, fromDayNumber, type LocalDate } from '../date.js';
import type { Currency, Minor } from '../money.js';
import {
  byDueThenId, DUNNING_FEE_REFERENCE, type DunnedDocument, instalmentHistory, letterFor, levelFor, policyAmount, type Candidate, type DunningLetter,
  type DunningPlan, type DunningSkip, type History, type SkipReason,
} from '../reports/dunning.js';
import type { Customer, DebitDocument, DunningRecord, LedgerConfig } from '../types.js';
import { planInForce } from '../collections/plans.js';
import { promiseCover } from '../collections/promises.js';
import { instalmentCandidates, promisedAt, promisesAtColumns, type InstalmentCandidate } from './collections.js';
import type { RowAt } from './partial.js';
import { customersByIndex, sortByIds } from './order.js';
import { DEBIT_NOTE, REFUND, type FastScanner } from './scan.js';

export function planDunningColumns(s: FastScanner, config: LedgerConfig, customers: ReadonlyMap<string, Customer>, asOf: LocalDate, rowAt: RowAt): DunningPlan {
  const cfg = config.dunning;
  const asOfDay = dayNumberOf(asOf);
  const docs = s.kind.length;
  const nc = s.customerIds.length;
  const K = s.kind.data;
  const D = s.date.data;
  const DUE = s.due.data;
  const C = s.customer.data;
  const A = s.amount.data;

  const applied = new Float64Array(docs);
  {
    const { data: appDate } = s.appDate;
    const { data: appCredit } = s.appCredit;
    const { data: appDebit } = s.appDebit;
    const { data: appAmount } = s.appAmount;
    for (let a = 0; a < s.appDate.length; a++) {
      if (appDate[a]! > asOfDay) continue;
      applied[appCredit[a]!]! += appAmount[a]!;
      applied[appDebit[a]!]! += appAmount[a]!;
    }
  }
  // Disputed at asOf: the latest event dated ≤ asOf, the later row on a tie (rows are in file order).
  const disputeAt = new Int32Array(docs).fill(-1);
  for (let k = 0; k < s.disputeDoc.length; k++) {
    const day = s.disputeDate.data[k]!;
    if (day > asOfDay) continue;
    const d = s.disputeDoc.data[k]!;
    const prev = disputeAt[d]!;
    if (prev === -1 || s.disputeDate.data[prev]! <= day) disputeAt[d] = k;
  }

  // Dunning history at asOf (rows dated later are not yet history): per invoice the latest notice, by date and
  // then line, and the date of the latest one that charged interest; per customer the date of the latest notice.
  const lastNotice = new Int32Array(docs).fill(-1);
  const lastInterest = new Float64Array(docs).fill(-Infinity);
  const lastNoticeDay = new Float64Array(nc).fill(-Infinity);
  {
    const nDate = s.dunningDate.data;
    const nDoc = s.dunningDoc.data;
    const nCust = s.dunningCustomer.data;
    const nInterest = s.dunningInterest.data;
    for (let k = 0; k < s.dunningDate.length; k++) {
      const day = nDate[k]!;
      if (day > asOfDay) continue;
      const inv = nDoc[k]!;
      const prev = lastNotice[inv]!;
      if (prev === -1 || nDate[prev]! <= day) lastNotice[inv] = k;
      if (nInterest[k] === 1 && day > lastInterest[inv]!) lastInterest[inv] = day;
      const c = nCust[k]!;
      if (day > lastNoticeDay[c]!) lastNoticeDay[c] = day;
    }
  }

  // Unapplied payments, credit notes and write-offs at asOf, per customer (a document is in its customer's currency).
  const credit = new Float64Array(nc);
  for (let d = 0; d < docs; d++) {
    if (K[d]! <= REFUND || D[d]! > asOfDay) continue;
    const left = A[d]! - applied[d]!;
    if (left > 0) credit[C[d]!]! += left;
  }

  // Payment plans and promises (SPEC §8): a planned invoice is dunned by instalment, an item under a pending promise
  // is not. Both are few, so they are worked out with the plain core's functions on the documents concerned.
  const coll = s.coll;
  const plansOf = coll.plansOf.size > 0 ? coll.plansOf : null;
  const promised = coll.promises.length > 0 ? promiseCover(promisesAtColumns(coll, s.ledger(), asOf)) : null;
  const promisedSome = promised === null ? null : promisedAt(coll, docs, nc, asOf);
  const paused = promised === null ? null : new Int32Array(nc);
  const partsOf = new Map<number, InstalmentCandidate[]>();
  const noticesOfPlanned = new Map<number, DunningRecord[]>();
  if (plansOf !== null) {
    for (let k = 0; k < s.dunningDate.length; k++) {
      const inv = s.dunningDoc.data[k]!;
      if (s.dunningDate.data[k]! > asOfDay || !plansOf.has(inv)) continue;
      const list = noticesOfPlanned.get(inv) ?? [];
      list.push({ date: fromDayNumber(s.dunningDate.data[k]!), level: s.dunningLevel.data[k]!, interest: s.dunningInterest.data[k]! } as unknown as DunningRecord);
      noticesOfPlanned.set(inv, list);
    }
  }

  // Helpers, not closures in the loop below: a closure there would capture its loop variable and slow every row.
  const instalmentsOf = (d: number, open: number): InstalmentCandidate[] | null => {
    const plan = planInForce(plansOf!.get(d), asOf);
    if (plan === null) return null;
    const notices = noticesOfPlanned.get(d);
    return instalmentCandidates(plan, open, asOfDay, cfg.levels, levelFor, (due) => instalmentHistory(cfg.levels, notices, plan.date, due));
  };
  /** The candidates of a document left once those under a pending promise are taken out ('paused': none). */
  const unpaused = (d: number, c: number, parts: InstalmentCandidate[] | null): InstalmentCandidate[] | null | 'paused' => {
    const doc = { id: s.ids.text(d), customer: s.customerIds[c]! } as DebitDocument;
    const days = parts === null ? [asOfDay - DUE[d]!] : parts.map((p) => p.daysOverdue);
    const pending = days.map((n) => promised!(doc, n)?.status === 'pending');
    if (!pending.some(Boolean)) return parts;
    paused![c]!++;
    if (pending.every(Boolean)) return 'paused';
    return parts!.filter((_, i) => !pending[i]);
  };

  // Invoices and debit notes open and past due, each customer's in a list (newest first; letters sort them).
  const overdue = new Uint8Array(nc);
  const firstCandidate = new Int32Array(nc).fill(-1);
  const nextCandidate = new Int32Array(docs);
  const ids = s.customerIds;
  for (let d = 0; d < docs; d++) {
    if (K[d]! > DEBIT_NOTE || D[d]! > asOfDay) continue;
    const open = A[d]! - applied[d]!;
    if (open <= 0 || (asOfDay - DUE[d]! <= 0 && !plansOf?.has(d))) continue;
    if (!cfg.dunFees && K[d] === DEBIT_NOTE && rowAt('invoices.csv', s.docOffset.data[d]!)[8] === DUNNING_FEE_REFERENCE) continue;
    let parts = plansOf !== null && plansOf.has(d) ? instalmentsOf(d, open) : null;
    if (parts !== null) {
      if (parts.length === 0) continue;
    } else if (asOfDay - DUE[d]! <= 0) continue;
    const c = C[d]!;
    overdue[c] = 1;
    const ev = disputeAt[d]!;
    if (ev !== -1 && s.disputeOpen.data[ev] === 1) continue;
    if (promised !== null && (promisedSome!.doc[d] === 1 || promisedSome!.cust[c] === 1)) {
      const left = unpaused(d, c, parts);
      if (left === 'paused') continue;
      parts = left;
    }
    if (parts !== null) partsOf.set(d, parts);
    nextCandidate[d] = firstCandidate[c]!;
    firstCandidate[c] = d;
  }
  const levelOf = (d: number): number => levelFor(cfg.levels, asOfDay - DUE[d]!)?.level ?? 0;

  const order: number[] = [];
  for (let c = 0; c < nc; c++) if (overdue[c] === 1) order.push(c);
  sortByIds(order, ids);
  const byIndex = customersByIndex(customers, ids);
  const minAmount = new Map<string, Minor>();
  const skipped: DunningSkip[] = [];
  const writes: number[] = [];
  for (const c of order) {
    const id = ids[c]!;
    const customer = byIndex[c]!;
    const skip = (reason: SkipReason): void => void skipped.push({ customer: id, reason });
    if (customer.hold) { skip('hold'); continue; }
    if (!customer.dunning) { skip('dunning-disabled'); continue; }
    if (firstCandidate[c] === -1) { skip(paused !== null && paused[c]! > 0 ? 'promised' : 'disputed'); continue; }
    let total = 0;
    let newLevel = false;
    for (let d = firstCandidate[c]!; d !== -1; d = nextCandidate[d]!) {
      const parts = partsOf.size > 0 ? partsOf.get(d) : undefined;
      if (parts !== undefined) {
        for (const p of parts) {
          total += p.open;
          if (p.level > p.lastLevel) newLevel = true;
        }
        continue;
      }
      total += A[d]! - applied[d]!;
      const last = lastNotice[d]!;
      if (levelOf(d) > (last === -1 ? 0 : s.dunningLevel.data[last]!)) newLevel = true;
    }
    if (!newLevel) { skip('no-new-level'); continue; }
    // Money the customer has already sent counts against what it is asked for, so the threshold applies to the rest.
    const rest = total - credit[c]!;
    let min = minAmount.get(customer.currency);
    if (min === undefined) minAmount.set(customer.currency, (min = policyAmount(cfg.minAmount, customer.currency)));
    if (rest <= 0 || rest < min) { skip('below-min-amount'); continue; }
    if (lastNoticeDay[c]! !== -Infinity && asOfDay - lastNoticeDay[c]! < cfg.minIntervalDays) { skip('min-interval'); continue; }
    writes.push(c);
  }

  // The letters: their customers' earlier notices (dated before asOf: one dated asOf is this day's own run), in a
  // list per customer through the notice rows, and their items made into documents.
  const writing = new Uint8Array(nc);
  for (const c of writes) writing[c] = 1;
  const firstNotice = new Int32Array(nc).fill(-1);
  const nextNotice = new Int32Array(s.dunningDate.length);
  {
    const nDate = s.dunningDate.data;
    const nCust = s.dunningCustomer.data;
    for (let k = 0; k < s.dunningDate.length; k++) {
      const c = nCust[k]!;
      if (nDate[k]! >= asOfDay || writing[c] === 0) continue;
      nextNotice[k] = firstNotice[c]!;
      firstNotice[c] = k;
    }
  }
  // Their rows read in file order, where neighbours share the block read for the first.
  const items: number[] = [];
  for (const c of writes) for (let d = firstCandidate[c]!; d !== -1; d = nextCandidate[d]!) items.push(d);
  items.sort((x, y) => s.docOffset.data[x]! - s.docOffset.data[y]!);
  // Of each row only its id and terms are kept (terms are a few distinct texts): the rest a letter needs is in the columns.
  const termsAt = new Array<string>(items.length);
  const idAt = new Array<string>(items.length);
  const madeAt = new Int32Array(docs);
  const termsTexts = new Map<string, string>();
  for (let k = 0; k < items.length; k++) {
    const d = items[k]!;
    const row = rowAt('invoices.csv', s.docOffset.data[d]!);
    idAt[k] = row[0]!;
    const text = row[7]!;
    let shared = termsTexts.get(text);
    if (shared === undefined) termsTexts.set(text, (shared = text));
    termsAt[k] = shared;
    madeAt[d] = k;
  }
  const letters: DunningLetter[] = [];
  const nDate = s.dunningDate.data;
  const nLevel = s.dunningLevel.data;
  for (const c of writes) {
    const id = ids[c]!;
    const customer = byIndex[c]!;
    const candidates: Candidate[] = [];
    const interestSince = new Map<string, LocalDate>();
    let total = 0;
    for (let d = firstCandidate[c]!; d !== -1; d = nextCandidate[d]!) {
      const doc: DunnedDocument = {
        id: idAt[madeAt[d]!]!, date: fromDayNumber(D[d]!), currency: customer.currency as Currency, amount: A[d]! as Minor, terms: termsAt[madeAt[d]!]!,
      };
      const due = fromDayNumber(DUE[d]!);
      const parts = partsOf.size > 0 ? partsOf.get(d) : undefined;
      if (parts !== undefined) {
        for (const p of parts) {
          total += p.open;
          candidates.push({ doc, ...p });
        }
        continue;
      }
      const open = A[d]! - applied[d]!;
      total += open;
      const since = lastInterest[d]! !== -Infinity ? fromDayNumber(lastInterest[d]!) : null;
      if (since !== null) interestSince.set(doc.id, since);
      const last = lastNotice[d]!;
      candidates.push({
        doc, due, open: open as Minor, daysOverdue: asOfDay - DUE[d]!, level: levelOf(d),
        lastLevel: last === -1 ? 0 : s.dunningLevel.data[last]!, interestFrom: since !== null && since > due ? since : due, instalment: null,
      });
    }
    const byDay = new Map<LocalDate, number>();
    for (let k = firstNotice[c]!; k !== -1; k = nextNotice[k]!) {
      const day = fromDayNumber(nDate[k]!);
      const before = byDay.get(day);
      if (before === undefined || nLevel[k]! > before) byDay.set(day, nLevel[k]!);
    }
    const history: History = { lastLevel: new Map(), lastInterest: interestSince, lastNotice: new Map(), notices: new Map([[id, byDay]]) };
    letters.push(letterFor(cfg, history, asOf, id, customer.currency as Currency, customer.email, candidates.sort(byDueThenId), total as Minor,
      credit[c]! as Minor));
  }
  return { asOf, letters, skipped };
}
