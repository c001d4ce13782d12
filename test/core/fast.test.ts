// The fast reader against the plain one on random ledgers: every journal, disputes, three currencies with 0, 2
// and 3 minor digits, CRLF files, quoted fields, a BOM, empty lines, and random damage. Whatever the fast reader
// accepts, the plain reader accepts without an issue, and the reports computed from its columns are the plain
// reports byte for byte; fed in two parts (what a cache does), it ends where one feed ends.
import Big from 'big.js';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type LocalDate } from '../../src/core/date.js';
import { ageColumns } from '../../src/core/fast/aging.js';
import { FastScanner, GiveUp, scanLedger, SCAN_ORDER, type FastLedger } from '../../src/core/fast/scan.js';
import { JOURNALS, type JournalName, type RawJournal } from '../../src/core/journals.js';
import { buildLedger } from '../../src/core/ledger.js';
import { formatMinor, minorDigits } from '../../src/core/money.js';
import { ageOpenItems } from '../../src/core/reports/aging.js';
import { agingCsv, agingJson, agingTable } from '../../src/cli/render/aging.js';
import { planFindingsColumns } from '../../src/core/fast/collections.js';
import { planFindings } from '../../src/core/collections/plans.js';
import { readCsv } from '../../src/io/csv.js';
import { recordAt } from '../../src/io/csv-fast.js';
import { dunningScope, overdueCustomers, partialLedger } from '../../src/core/fast/partial.js';
import { IdTable } from '../../src/core/fast/bytes.js';
import { planDunning } from '../../src/core/reports/dunning.js';
import { planDunningColumns } from '../../src/core/fast/dunning.js';
import { dunningJson, dunningTable } from '../../src/cli/render/dunning.js';
import { DEFAULT_DUNNING, type Customer, type LedgerConfig } from '../../src/core/types.js';
import { statementOf } from '../../src/core/reports/statement.js';
import { planInvoice } from '../../src/core/ops/invoice.js';
import { nextId } from '../../src/core/ops/numbering.js';
import { planPayment } from '../../src/core/ops/apply.js';
import type { Ledger } from '../../src/core/ledger.js';
import type { Minor } from '../../src/core/money.js';
import { CUSTOMER_CURRENCIES, testConfig, testCustomers } from './builders.js';
import { namesCurrency } from '../../src/io/rates.js';

const START = '2026-01-01' as LocalDate;
const CUSTOMERS = Object.keys(CUSTOMER_CURRENCIES);
const ccyOf = (c: string): string => CUSTOMER_CURRENCIES[c]!;
const TEXTS = ['', 'PO-1', 'a, b', 'say "hi"', 'Müller & Söhne', 'サクラ', '=1+1', ' spaced ', 'x'];

type Rows = Map<JournalName, string[][]>;

/** A valid ledger by construction, from random choices. */
const ledgerArb = fc.record({
  debits: fc.array(fc.record({
    kind: fc.constantFrom('invoice', 'debit-note', 'refund'), customer: fc.constantFrom(...CUSTOMERS),
    day: fc.integer({ min: 0, max: 300 }), term: fc.integer({ min: 0, max: 60 }), amount: fc.integer({ min: 1, max: 5_000_000 }),
    text: fc.constantFrom(...TEXTS), lines: fc.array(fc.record({
      qty: fc.constantFrom('1', '3', '2.5', '0.125', '-1', '12'), price: fc.integer({ min: 0, max: 99_999 }),
      rate: fc.constantFrom('', '0', '7', '19', '20', '8.1'),
    }), { maxLength: 3 }),
  }), { maxLength: 20 }),
  credits: fc.array(fc.record({
    kind: fc.constantFrom('payment', 'credit-note', 'write-off'), customer: fc.constantFrom(...CUSTOMERS),
    day: fc.integer({ min: 0, max: 300 }), amount: fc.integer({ min: 1, max: 5_000_000 }), ref: fc.nat(), text: fc.constantFrom(...TEXTS),
  }), { maxLength: 15 }),
  apps: fc.array(fc.record({ c: fc.nat(), d: fc.nat(), delay: fc.integer({ min: 0, max: 40 }), share: fc.double({ min: 0, max: 1, noNaN: true }), twice: fc.boolean() }), { maxLength: 30 }),
  disputes: fc.array(fc.record({ d: fc.nat(), day: fc.integer({ min: 0, max: 400 }), open: fc.boolean(), reason: fc.constantFrom(...TEXTS) }), { maxLength: 8 }),
  dunning: fc.array(fc.record({ d: fc.nat(), day: fc.integer({ min: 0, max: 400 }), level: fc.integer({ min: 1, max: 3 }), fee: fc.boolean() }), { maxLength: 10 }),
  recon: fc.array(fc.record({ c: fc.nat(), ref: fc.integer({ min: 0, max: 30 }) }), { maxLength: 8 }),
  rates: fc.array(fc.record({ day: fc.integer({ min: 0, max: 5 }), ccy: fc.constantFrom('USD', 'JPY', 'KWD'), rate: fc.constantFrom('1.0842', '0.0061', '3', '150.25') }), { maxLength: 4 }),
  notes: fc.array(fc.record({
    d: fc.nat(), invoice: fc.boolean(), day: fc.integer({ min: 0, max: 400 }), kind: fc.constantFrom('call', 'email', 'letter', 'meeting', 'note'),
    text: fc.constantFrom(...TEXTS), follow: fc.integer({ min: -1, max: 30 }),
  }), { maxLength: 6 }),
  // Promises (pending, kept, broken; on an invoice or on the balance), payment plans (several per invoice, re-planned
  // on one day, matching what was open or not) and voids of every kind (SPEC §8, README "Void").
  promises: fc.array(fc.record({
    d: fc.nat(), invoice: fc.boolean(), day: fc.integer({ min: 0, max: 400 }), term: fc.integer({ min: 0, max: 30 }),
    share: fc.double({ min: 0.01, max: 1, noNaN: true }), text: fc.constantFrom(...TEXTS),
  }), { maxLength: 4 }),
  plans: fc.array(fc.record({
    d: fc.nat(), delay: fc.integer({ min: 0, max: 90 }), n: fc.integer({ min: 1, max: 4 }), every: fc.integer({ min: 1, max: 40 }),
    first: fc.integer({ min: 0, max: 30 }), exact: fc.boolean(), again: fc.integer({ min: -1, max: 20 }),
  }), { maxLength: 3 }),
  voids: fc.array(fc.record({
    credit: fc.boolean(), pick: fc.nat(), delay: fc.integer({ min: 0, max: 30 }), refund: fc.boolean(), text: fc.constantFrom(...TEXTS),
  }), { maxLength: 3 }),
}, { requiredKeys: ['debits', 'credits', 'apps', 'disputes', 'dunning', 'recon', 'rates', 'notes'] });


type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

function build(spec: ValueOf<typeof ledgerArb>): Rows {
  const rows: Rows = new Map(Object.keys(JOURNALS).map((j) => [j as JournalName, []]));
  const add = (j: JournalName, r: string[]): void => void rows.get(j)!.push(r);
  const debits: { id: string; customer: string; day: number; left: number; invoiceLike: boolean }[] = [];
  spec.debits.forEach((d, i) => {
    const ccy = ccyOf(d.customer);
    const digits = minorDigits(ccy);
    let amount = d.amount;
    const id = `${d.kind === 'refund' ? 'RF' : d.kind === 'invoice' ? 'INV' : 'DN'}-${String(i).padStart(4, '0')}`;
    const date = addDays(START, d.day);
    if (d.kind !== 'refund' && d.lines.length > 0) {
      // Lines decide the amount: Σ(net + tax), each rounded half-up as SPEC says.
      let sum = 0;
      d.lines.forEach((l, k) => {
        const price = formatMinor(l.price, 'EUR');
        const net = Number(new Big(l.qty).times(price).round(digits, Big.roundHalfUp).times(10 ** digits).toFixed(0));
        const tax = Number(new Big(net).times(l.rate === '' ? 0 : l.rate).div(100).round(0, Big.roundHalfUp).toFixed(0));
        sum += net + tax;
        add('invoice-lines.csv', [id, String(k + 1), d.text, l.qty, price, l.rate, formatMinor(net, ccy), formatMinor(tax, ccy)]);
      });
      if (sum <= 0) {
        rows.get('invoice-lines.csv')!.splice(rows.get('invoice-lines.csv')!.length - d.lines.length);
      } else amount = sum;
    }
    if (d.kind === 'refund') add('refunds.csv', [id, date, d.customer, ccy, formatMinor(amount, ccy), 'transfer', d.text, d.text]);
    else add('invoices.csv', [id, d.kind, date, addDays(date, d.term), d.customer, ccy, formatMinor(amount, ccy), 'net30', d.text, d.text]);
    debits.push({ id, customer: d.customer, day: d.day, left: amount, invoiceLike: d.kind !== 'refund' });
  });
  const credits: { id: string; customer: string; day: number; left: number; payment: boolean }[] = [];
  spec.credits.forEach((c, i) => {
    const ccy = ccyOf(c.customer);
    const id = `${c.kind === 'payment' ? 'PAY' : c.kind === 'credit-note' ? 'CN' : 'WO'}-${i}`;
    const date = addDays(START, c.day);
    if (c.kind === 'payment') add('payments.csv', [id, date, c.customer, ccy, formatMinor(c.amount, ccy), 'transfer', c.text, `B${i}`, c.text]);
    else {
      const mine = debits.filter((d) => d.customer === c.customer);
      const ref = mine.length > 0 && c.ref % 3 !== 0 ? mine[c.ref % mine.length]!.id : '';
      add('credits.csv', [id, c.kind, date, c.customer, ccy, formatMinor(c.amount, ccy), ref, c.text]);
    }
    credits.push({ id, customer: c.customer, day: c.day, left: c.amount, payment: c.kind === 'payment' });
  });
  for (const a of spec.apps) {
    if (credits.length === 0 || debits.length === 0) break;
    const c = credits[a.c % credits.length]!;
    const same = debits.filter((d) => d.customer === c.customer);
    if (same.length === 0) continue;
    const d = same[a.d % same.length]!;
    const amount = Math.floor(Math.min(c.left, d.left) * a.share);
    if (amount <= 0) continue;
    const ccy = ccyOf(c.customer);
    const row = [addDays(START, Math.max(c.day, d.day) + a.delay), c.id, d.id, formatMinor(amount, ccy)];
    c.left -= amount;
    d.left -= amount;
    add('applications.csv', row);
    // A second identical application is a real repeat (two transfers of the same amount on one day).
    if (a.twice && c.left >= amount && d.left >= amount) {
      c.left -= amount;
      d.left -= amount;
      add('applications.csv', row);
    }
  }
  addVoids(rows, spec.voids ?? [], debits, credits);
  const invoices = debits.filter((d) => d.invoiceLike);
  // What the tool itself would never write is left out: an event repeating the invoice's last one, a second
  // identical notice, a bank line reconciled twice.
  const lastEvent = new Map<string, string>();
  for (const x of spec.disputes) {
    if (invoices.length === 0) break;
    const row = [addDays(START, x.day), invoices[x.d % invoices.length]!.id, x.open ? 'open' : 'resolved', x.reason];
    if (lastEvent.get(row[1]!) === row.join(',')) continue;
    lastEvent.set(row[1]!, row.join(','));
    add('disputes.csv', row);
  }
  const notices = new Set<string>();
  for (const x of spec.dunning) {
    if (debits.length === 0) break;
    const d = debits[x.d % debits.length]!;
    const ccy = ccyOf(d.customer);
    const row = [addDays(START, x.day), d.customer, String(x.level), d.id, formatMinor(d.left, ccy), x.fee ? formatMinor(1000, ccy) : '', '', `outbox/${x.day}/${d.customer}.txt`];
    if (notices.has(row.join(','))) continue;
    notices.add(row.join(','));
    add('dunning.csv', row);
  }
  const payments = credits.filter((c) => c.payment);
  const bankRefs = new Set<number>();
  for (const x of spec.recon) {
    if (payments.length === 0) break;
    if (bankRefs.has(x.ref)) continue;
    bankRefs.add(x.ref);
    const p = payments[x.c % payments.length]!;
    add('reconciliations.csv', [addDays(START, 30), 'STMT-1', `BK${x.ref}`, p.id, formatMinor(Math.max(1, p.left), ccyOf(p.customer))]);
  }
  const rated = new Set<string>();
  for (const x of spec.rates) {
    if (rated.has(`${x.day} ${x.ccy}`)) continue;
    rated.add(`${x.day} ${x.ccy}`);
    add('rates.csv', [addDays(START, x.day), x.ccy, x.rate]);
  }
  for (const x of spec.notes) {
    if (debits.length === 0) break;
    const d = debits[x.d % debits.length]!;
    const date = addDays(START, x.day);
    add('notes.csv', [date, d.customer, x.invoice ? d.id : '', x.kind, x.text, x.follow < 0 ? '' : addDays(date, x.follow), x.text]);
  }
  addPromises(rows, spec.promises ?? []);
  addPlans(rows, spec.plans ?? []);
  return rows;
}

const minorOf = (text: string, ccy: string): number => Math.round(Number(text) * 10 ** minorDigits(ccy));

/**
 * Voids as `arledger void` writes them: the document, its reversal (a credit note for an invoice, a debit note for
 * a credit note, a refund or nothing for a payment) applied to it in full on the void's date, and the count of its
 * applications before. Documents linked to a voided one are not voided themselves (the plain reader counts an
 * application between two voided documents for one of them only).
 */
function addVoids(rows: Rows, voids: readonly { credit: boolean; pick: number; delay: number; refund: boolean; text: string }[],
  debits: readonly { id: string; customer: string; day: number; invoiceLike: boolean }[], credits: readonly { id: string; customer: string; day: number; payment: boolean }[]): void {
  const voided = new Set<string>();
  const apps = rows.get('applications.csv')!;
  const linked = (id: string): string[] => apps.filter((r) => r[1] === id || r[2] === id).map((r) => (r[1] === id ? r[2]! : r[1]!));
  voids.forEach((x, i) => {
    const pool = (x.credit ? credits : debits.filter((d) => d.invoiceLike)).filter((d) => !voided.has(d.id) && !linked(d.id).some((o) => voided.has(o)));
    if (pool.length === 0) return;
    const doc = pool[x.pick % pool.length]!;
    const ccy = ccyOf(doc.customer);
    const mine = apps.filter((r) => r[1] === doc.id || r[2] === doc.id);
    const last = mine.reduce<string>((m, r) => (r[0]! > m ? r[0]! : m), addDays(START, doc.day));
    const date = addDays(last as LocalDate, x.delay);
    const row = rows.get(x.credit ? (credits.find((c) => c.id === doc.id)!.payment ? 'payments.csv' : 'credits.csv') : 'invoices.csv')!.find((r) => r[0] === doc.id)!;
    const amountText = x.credit ? row[row[1] === 'credit-note' || row[1] === 'write-off' ? 5 : 4]! : row[6]!;
    let rev = '';
    if (!x.credit) {
      rev = `VCN-${i}`;
      rows.get('credits.csv')!.push([rev, 'credit-note', date, doc.customer, ccy, amountText, doc.id, `void: ${x.text}`]);
      apps.push([date, rev, doc.id, amountText]);
    } else if (row[1] === 'credit-note' || row[1] === 'write-off') {
      rev = `VDN-${i}`;
      rows.get('invoices.csv')!.push([rev, 'debit-note', date, date, doc.customer, ccy, amountText, 'net30', '', x.text]);
      apps.push([date, doc.id, rev, amountText]);
    } else if (x.refund) {
      rev = `VRF-${i}`;
      rows.get('refunds.csv')!.push([rev, date, doc.customer, ccy, amountText, 'transfer', '', x.text]);
      apps.push([date, doc.id, rev, amountText]);
    }
    voided.add(doc.id);
    rows.get('voids.csv')!.push([date, doc.id, rev, String(mine.length), x.text, 'Anna']);
  });
}

/** Payment plans on invoices and debit notes: instalments that split what was open on the plan date, or not quite. */
function addPlans(rows: Rows, plans: readonly { d: number; delay: number; n: number; every: number; first: number; exact: boolean; again: number }[]): void {
  const invoices = rows.get('invoices.csv')!;
  const apps = rows.get('applications.csv')!;
  plans.forEach((x) => {
    if (invoices.length === 0) return;
    const inv = invoices[x.d % invoices.length]!;
    const ccy = inv[5]!;
    const amount = minorOf(inv[6]!, ccy);
    const one = (date: string, n: number): void => {
      const applied = apps.filter((r) => r[2] === inv[0] && r[0]! <= date).reduce((sum, r) => sum + minorOf(r[3]!, ccy), 0);
      const open = x.exact ? amount - applied : amount;
      if (open < n) return;
      const share = Math.floor(open / n);
      for (let k = 1; k <= n; k++) {
        const due = addDays(date as LocalDate, x.first + (k - 1) * x.every);
        rows.get('plans.csv')!.push([date, inv[0]!, String(k), due, formatMinor(k === n ? open - share * (n - 1) : share, ccy)]);
      }
    };
    const date = addDays(inv[2]! as LocalDate, x.delay);
    one(date, x.n);
    // A second plan: the same day (it supersedes the first) or later.
    if (x.again >= 0) one(addDays(date as LocalDate, x.again), Math.max(1, x.n - 1));
  });
}

/** Promises on the debit documents of a built ledger (or their customers' balances). */
function addPromises(rows: Rows, promises: readonly { d: number; invoice: boolean; day: number; term: number; share: number; text?: string }[]): void {
  const debits = [...rows.get('invoices.csv')!.map((r) => ({ id: r[0]!, customer: r[4]!, amount: r[6]! })),
    ...rows.get('refunds.csv')!.map((r) => ({ id: r[0]!, customer: r[2]!, amount: r[4]! }))];
  for (const x of promises) {
    if (debits.length === 0) return;
    const d = debits[x.d % debits.length]!;
    const ccy = ccyOf(d.customer);
    const minor = Math.max(1, Math.floor(Number(d.amount) * 10 ** minorDigits(ccy) * x.share));
    const date = addDays(START, x.day);
    rows.get('promises.csv')!.push([date, d.customer, x.invoice ? d.id : '', formatMinor(minor, ccy), addDays(date, x.term), 'Anna', x.text ?? '']);
  }
}

const styleArb = fc.record({ crlf: fc.boolean(), quoteAll: fc.boolean(), bom: fc.boolean(), blank: fc.boolean() });

function encode(rows: Rows, style: ValueOf<typeof styleArb>): Map<JournalName, string> {
  const out = new Map<JournalName, string>();
  for (const [j, list] of rows) {
    if (list.length === 0 && j !== 'invoices.csv') continue;
    let text = stringify([[...JOURNALS[j]], ...list], { record_delimiter: style.crlf ? 'windows' : 'unix', quoted: style.quoteAll });
    if (style.blank) text += style.crlf ? '\r\n' : '\n';
    if (style.bom) text = `\ufeff${text}`;
    out.set(j, text);
  }
  return out;
}

/** Random damage, one to three changes: a field given a value that fits its column or breaks it, or a row doubled. */
const damageArb = fc.option(fc.array(fc.record({
  journal: fc.nat(), row: fc.nat(), field: fc.nat(), pick: fc.nat(), bad: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  day: fc.integer({ min: -20, max: 420 }), doubleRow: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
}), { minLength: 1, maxLength: 3 }), { nil: null });

const BAD = ['', 'x', ' 1', '"', '\r', 'a\nb', 'é', '<<<<<<< HEAD'];
/** Values that fit a column's type, so that the damage breaks a rule between rows more often than the syntax. */
function valuesFor(column: string, rows: Rows, day: number): string[] {
  const all = (j: JournalName, k: number): string[] => rows.get(j)!.map((r) => r[k]!);
  const ids = [...all('invoices.csv', 0), ...all('payments.csv', 0), ...all('credits.csv', 0), ...all('refunds.csv', 0), 'NOPE'];
  switch (column) {
    case 'id': case 'credit': case 'debit': case 'invoice': case 'payment': return ids;
    case 'customer': return [...CUSTOMERS, 'NOPE'];
    case 'date': case 'due': return [addDays(START, day), '2026-02-30'];
    case 'currency': return ['EUR', 'JPY', 'KWD', 'USD', 'XXX'];
    case 'kind': return ['invoice', 'debit-note', 'payment', 'credit-note', 'write-off', 'refund', 'call', 'letter'];
    case 'follow_up': return [addDays(START, day), '', '2026-02-30'];
    case 'status': return ['open', 'resolved', 'closed'];
    case 'level': case 'line': return ['1', '2', '4', '1000', '1000000'];
    case 'quantity': case 'unit_price': case 'tax_rate': return ['0', '1', '2.5', '-1', '19', '1e3'];
    case 'rate': return ['0', '1.5', '-1'];
    case 'bank_ref': return ['', ...all('reconciliations.csv', 2)];
    case 'amount': case 'open': case 'fee': case 'interest': case 'net': case 'tax':
      return ['0', '0.00', '0.001', '1', '1.00', '12.5', '99999999999', '99999999999999999', '-1', '1,00', '0.5', ...all('invoices.csv', 6)];
    default: return ['plain text', 'a, b', 'say "hi"'];
  }
}

function damage(rows: Rows, changes: NonNullable<ValueOf<typeof damageArb>>): void {
  for (const d of changes) {
    const filled = [...rows.keys()].filter((j) => rows.get(j)!.length > 0);
    if (filled.length === 0) return;
    const journal = filled[d.journal % filled.length]!;
    const list = rows.get(journal)!;
    const r = list[d.row % list.length]!;
    if (d.doubleRow) {
      list.push([...r]);
      continue;
    }
    const k = d.field % r.length;
    const values = d.bad ? BAD : valuesFor(JOURNALS[journal][k]!, rows, d.day);
    r[k] = values[d.pick % values.length]!;
  }
}

function plain(texts: Map<JournalName, string>): ReturnType<typeof buildLedger> & { syntax: number } {
  const journals = new Map<JournalName, RawJournal>();
  let syntax = 0;
  for (const [j, t] of texts) {
    const text = t.charCodeAt(0) === 0xfeff ? t.slice(1) : t;
    if (text === '') continue;
    const csv = readCsv(j, text);
    syntax += csv.issues.length;
    journals.set(j, { file: j, header: csv.header, rows: csv.rows, issues: csv.issues });
  }
  const built = buildLedger({ config: testConfig(), customers: testCustomers(), journals });
  return { ...built, syntax };
}

const bytesOf = (texts: Map<JournalName, string>): Map<JournalName, Uint8Array> =>
  new Map([...texts].map(([j, t]) => [j, new TextEncoder().encode(t)]));

function fast(bytes: Map<JournalName, Uint8Array>): FastLedger | null {
  // openFastState reads a ledger whose rates.csv names the base currency the plain way; the scanner does not know it.
  if (namesCurrency(bytes.get('rates.csv') ?? null, 'EUR')) return null;
  try {
    return scanLedger({ customers: testCustomers(), journals: bytes });
  } catch (e) {
    if (e instanceof GiveUp) return null;
    throw e;
  }
}

const asOfArb = fc.integer({ min: -5, max: 450 }).map((n) => addDays(START, n));

describe('the fast reader', () => {
  it('accepts only what the plain reader accepts, and ages it to the same bytes', () => {
    let accepted = 0;
    let damaged = 0;
    let refused = 0;
    let withCollections = 0;
    fc.assert(fc.property(ledgerArb, styleArb, damageArb, asOfArb, fc.boolean(), fc.boolean(), fc.constantFrom<string | null>(null, 'ACME', 'NIPPON'),
      (spec, style, dmg, asOf, detail, invoiceBasis, customer) => {
        const rows = build(spec);
        if (dmg) damage(rows, dmg);
        const texts = encode(rows, style);
        const p = plain(texts);
        const f = fast(bytesOf(texts));
        if (!dmg) expect(f, 'a clean ledger is taken').not.toBeNull();
        if (p.issues.length > 0 || p.syntax > 0) refused++;
        if (f === null) return;
        accepted++;
        if (dmg) damaged++;
        expect(p.issues.map((i) => `${i.file}:${i.line}: ${i.message}`)).toEqual([]);
        expect(p.syntax).toBe(0);
        expect(f.docs).toBe(p.ledger.documents.length);
        expect(f.apps).toBe(p.ledger.applications.length);
        const opts = { asOf, basis: invoiceBasis ? 'invoice' as const : 'due' as const, buckets: [30, 60, 90], customer, detail };
        expect(agingJson(ageColumns(f, testCustomers(), opts))).toBe(agingJson(ageOpenItems(p.ledger, opts)));
        const [cols, objs] = [ageColumns(f, testCustomers(), opts), ageOpenItems(p.ledger, opts)];
        expect(agingCsv(cols, detail)).toBe(agingCsv(objs, detail));
        expect(agingTable(cols, false)).toBe(agingTable(objs, false));
        // check: the plans that no longer match their invoice, found on the columns as on the plain ledger.
        expect(planFindingsColumns(f.collections!, f, testCustomers())).toEqual(planFindings(p.ledger));
        if (f.collections!.planRows.length > 0 || f.collections!.voids.length > 0 || f.collections!.promises.length > 0) withCollections++;
      }), { numRuns: 400 });
    // The runs are random: a floor well under what a run gives (some 100-150 of 400), so the test stays about coverage.
    expect(withCollections).toBeGreaterThan(50);
    expect(accepted).toBeGreaterThan(100);
    expect(damaged).toBeGreaterThan(15);
    expect(refused).toBeGreaterThan(60);
  });

  it('sees every row that repeats another field for field', () => {
    fc.assert(fc.property(ledgerArb, (spec) => {
      const rows = build(spec);
      const f = fast(bytesOf(encode(rows, { crlf: false, quoteAll: false, bom: false, blank: false })));
      expect(f).not.toBeNull();
      const repeats = (['applications.csv', 'disputes.csv'] as const).some((j) => {
        const keys = rows.get(j)!.map((r) => r.join('\u0000'));
        return new Set(keys).size !== keys.length;
      });
      if (repeats) expect(f!.repeatedRows).toBe(true);
    }), { numRuns: 200 });
  });

  it('fed a prefix of each journal and then the rest, ends where one feed ends', () => {
    let both = 0;
    fc.assert(fc.property(ledgerArb, styleArb, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: SCAN_ORDER.length, maxLength: SCAN_ORDER.length }), (spec, style, cuts) => {
      const texts = encode(build(spec), { ...style, blank: false });
      const whole = bytesOf(texts);
      const once = fast(whole);
      expect(once).not.toBeNull();
      // Cut each journal at a line end: what a cache holds is the state after whole lines.
      const prefix = new Map<JournalName, Uint8Array>();
      SCAN_ORDER.forEach((j, k) => {
        const b = whole.get(j);
        if (!b) return;
        let at = Math.floor(b.length * cuts[k]!);
        while (at > 0 && b[at - 1] !== 10) at--;
        prefix.set(j, b.subarray(0, at));
      });
      const s = new FastScanner(testCustomers());
      // Journals cut one by one are not always a ledger (a notice for an invoice cut away): those are skipped.
      try {
        s.feed(prefix);
      } catch (e) {
        if (!(e instanceof GiveUp)) throw e;
        fc.pre(false);
      }
      // The same state saved and loaded again (what the reading cache does) is fed the rest too.
      // Copies, as the file holds: the saved arrays are the state's own, which feeding goes on changing.
      const state = s.save();
      const saved = FastScanner.load(testCustomers(), { arrays: state.arrays.map((x) => x.slice()), numbers: [...state.numbers] });
      s.feed(whole);
      saved.feed(whole);
      for (const twice of [s.ledger(), saved.ledger()]) {
        expect(twice.docs).toBe(once!.docs);
        expect(twice.apps).toBe(once!.apps);
        for (const asOf of [addDays(START, 40), addDays(START, 400)]) {
          const opts = { asOf, basis: 'due' as const, buckets: [30, 60, 90], customer: null, detail: true };
          expect(agingJson(ageColumns(twice, testCustomers(), opts))).toBe(agingJson(ageColumns(once!, testCustomers(), opts)));
        }
      }
      both++;
    }), { numRuns: 150 });
    expect(both).toBe(150);
  });

  it('fed each journal in pieces of whole lines through one reused buffer (as a large ledger is read), ends where one feed ends', () => {
    fc.assert(fc.property(ledgerArb, styleArb, fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 6 }), (spec, style, sizes) => {
      const whole = bytesOf(encode(build(spec), { ...style, blank: false }));
      const once = fast(whole)!;
      expect(once).not.toBeNull();
      const s = new FastScanner(testCustomers());
      const shared = Buffer.alloc(1 << 16);
      let k = 0;
      for (const j of SCAN_ORDER) {
        // Credits with refunds, and invoice lines, are fed whole (src/io/load.ts says why).
        if (j === 'credits.csv' || j === 'invoice-lines.csv') {
          s.feed(new Map([...whole].filter(([n]) => n === j || (j === 'credits.csv' && n === 'refunds.csv'))), undefined, false);
          continue;
        }
        const b = whole.get(j);
        if (!b || j === 'refunds.csv') continue;
        for (let at = 0; at < b.length;) {
          let end = Math.min(b.length, at + sizes[k++ % sizes.length]!);
          if (end < b.length) end = b.lastIndexOf(10, end - 1) + 1;
          if (end <= at) end = b.indexOf(10, at) + 1 || b.length;
          shared.set(b.subarray(at, end));
          s.feed(new Map([[j, shared.subarray(0, end - at)]]), new Map([[j, at]]), false);
          shared.fill(0x41);
          at = end;
        }
      }
      // Voids, read last, may take back what was over-applied before them: settled once all is read.
      s.settle();
      const twice = s.ledger();
      expect(twice.docs).toBe(once.docs);
      for (const asOf of [addDays(START, 40), addDays(START, 400)]) {
        const opts = { asOf, basis: 'due' as const, buckets: [30, 60, 90], customer: null, detail: true };
        expect(agingJson(ageColumns(twice, testCustomers(), opts))).toBe(agingJson(ageColumns(once, testCustomers(), opts)));
        const rowAt = (j: string, off: number) => recordAt(whole.get(j as JournalName)!, off);
        expect(dunningJson(planDunningColumns(s, testConfig(), testCustomers(), asOf, rowAt))).toBe(dunningJson(planDunningColumns(
          (() => { const o = new FastScanner(testCustomers()); o.feed(whole); return o; })(), testConfig(), testCustomers(), asOf, rowAt)));
      }
      expect(s.ids.findString('INV-0000')).toBe(once.ids.findString('INV-0000'));
    }), { numRuns: 150 });
  });

  it('reads a ledger of thousands of rows in pieces, its columns sized from the journal sizes it is told, as one feed does', () => {
    const n = 2000;
    const spec: ValueOf<typeof ledgerArb> = {
      debits: Array.from({ length: n }, (_, i) => ({
        kind: i % 7 === 0 ? 'debit-note' : 'invoice', customer: CUSTOMERS[i % CUSTOMERS.length]!, day: i % 300, term: 30,
        // Long texts first and short ones later: the rows in the first 64 KiB are longer than the rest.
        amount: 1000 + i, text: i < 400 ? 'Müller & Söhne, "quoted", and a long memo to make the first rows long' : TEXTS[i % TEXTS.length]!,
        lines: i % 5 === 0 ? [{ qty: '3', price: 100 + i, rate: '19' }] : [],
      })),
      credits: Array.from({ length: n }, (_, i) => ({
        kind: i % 11 === 0 ? 'credit-note' : 'payment', customer: CUSTOMERS[i % CUSTOMERS.length]!, day: (i % 300) + 5, amount: 500 + i, ref: i, text: '',
      })),
      apps: Array.from({ length: n }, (_, i) => ({ c: i, d: i, delay: 3, share: 0.5, twice: i % 97 === 0 })),
      disputes: [], dunning: Array.from({ length: 1200 }, (_, i) => ({ d: i * 2, day: 350, level: 1 + (i % 3), fee: i % 2 === 0 })),
      recon: Array.from({ length: 1200 }, (_, i) => ({ c: i, ref: i })), rates: [], notes: [],
    };
    const rows = build(spec);
    for (const style of [{ crlf: false, quoteAll: false, bom: false, blank: false }, { crlf: true, quoteAll: true, bom: true, blank: false }]) {
      const whole = bytesOf(encode(rows, style));
      const once = fast(whole)!;
      expect(once).not.toBeNull();
      expect(once.docs).toBeGreaterThan(3000);
      // Told the sizes (as a cold read is), and told sizes far too small (the columns then grow as they fill).
      for (const scale of [1, 0.1]) {
        const s = new FastScanner(testCustomers());
        s.expect(new Map([...whole].map(([j, b]) => [j, Math.floor(b.length * scale)])));
        for (const j of SCAN_ORDER) {
          const b = whole.get(j);
          if (!b || j === 'refunds.csv') continue;
          if (j === 'credits.csv' || j === 'invoice-lines.csv') {
            s.feed(new Map([...whole].filter(([m]) => m === j || (j === 'credits.csv' && m === 'refunds.csv'))));
            continue;
          }
          for (let at = 0; at < b.length;) {
            let end = Math.min(b.length, at + 50_000);
            if (end < b.length) end = b.lastIndexOf(10, end - 1) + 1;
            s.feed(new Map([[j, b.subarray(at, end)]]), new Map([[j, at]]));
            at = end;
          }
        }
        const twice = s.ledger();
        expect([twice.docs, twice.apps, twice.repeatedRows]).toEqual([once.docs, once.apps, once.repeatedRows]);
        expect(twice.amount.every((v, k) => v === once.amount[k])).toBe(true);
        expect(twice.appDebit.every((v, k) => v === once.appDebit[k])).toBe(true);
        for (const asOf of [addDays(START, 40), addDays(START, 400)]) {
          const opts = { asOf, basis: 'due' as const, buckets: [30, 60, 90], customer: null, detail: true };
          expect(agingJson(ageColumns(twice, testCustomers(), opts))).toBe(agingJson(ageColumns(once, testCustomers(), opts)));
        }
        expect(s.ids.findString('INV-1999')).toBe(once.ids.findString('INV-1999'));
      }
    }
  });

  it('gives up on a row appended later that breaks a rule, as on the whole file', () => {
    const texts = encode(build({
      debits: [{ kind: 'invoice', customer: 'ACME', day: 1, term: 30, amount: 10000, text: '', lines: [] }],
      credits: [{ kind: 'payment', customer: 'ACME', day: 2, amount: 10000, ref: 0, text: '' }],
      apps: [{ c: 0, d: 0, delay: 0, share: 1, twice: false }], disputes: [], dunning: [], recon: [], rates: [], notes: [],
    }), { crlf: false, quoteAll: false, bom: false, blank: false });
    const whole = bytesOf(texts);
    const s = new FastScanner(testCustomers());
    s.feed(whole);
    const more = new Map(whole);
    more.set('applications.csv', new TextEncoder().encode(`${texts.get('applications.csv')}2026-01-05,PAY-0,INV-0000,0.01\n`));
    expect(() => s.feed(more)).toThrow(GiveUp);
    expect(plain(new Map([...texts, ['applications.csv', new TextDecoder().decode(more.get('applications.csv'))]])).issues.map((i) => i.message))
      .toEqual([expect.stringMatching(/exceed its amount/), expect.stringMatching(/exceed its amount/)]);
  });
});

describe('the fast reader, one change at a time', () => {
  // A ledger with a row in every journal; every field of its first and last rows given every value of its
  // column's kind in turn. Whatever the fast reader takes must be a ledger the plain reader finds no issue in.
  const spec: ValueOf<typeof ledgerArb> = {
    debits: [
      { kind: 'invoice', customer: 'ACME', day: 10, term: 30, amount: 100_000, text: 'a, b', lines: [{ qty: '3', price: 1999, rate: '19' }, { qty: '2.5', price: 400, rate: '7' }] },
      { kind: 'debit-note', customer: 'NIPPON', day: 20, term: 14, amount: 5000, text: '', lines: [{ qty: '1', price: 1200, rate: '' }] },
      { kind: 'invoice', customer: 'GULF', day: 30, term: 30, amount: 123_456, text: 'サクラ', lines: [] },
      { kind: 'invoice', customer: 'ACME', day: 40, term: 60, amount: 50_000, text: '', lines: [] },
      { kind: 'refund', customer: 'ACME', day: 50, term: 0, amount: 1_000, text: '', lines: [] },
      { kind: 'refund', customer: 'GULF', day: 55, term: 0, amount: 1_000, text: '', lines: [] },
    ],
    credits: [
      { kind: 'payment', customer: 'ACME', day: 45, amount: 60_000, ref: 0, text: '' },
      { kind: 'payment', customer: 'GULF', day: 46, amount: 2_000, ref: 0, text: '' },
      { kind: 'credit-note', customer: 'ACME', day: 47, amount: 1_000, ref: 1, text: 'returned' },
      { kind: 'write-off', customer: 'GULF', day: 48, amount: 500, ref: 2, text: '' },
    ],
    apps: [{ c: 0, d: 0, delay: 1, share: 0.5, twice: false }, { c: 1, d: 0, delay: 2, share: 0.5, twice: false }, { c: 2, d: 1, delay: 0, share: 1, twice: false }],
    disputes: [{ d: 0, day: 60, open: true, reason: 'a, b' }, { d: 0, day: 70, open: false, reason: 'ok' }, { d: 2, day: 80, open: true, reason: '' }],
    dunning: [{ d: 0, day: 90, level: 1, fee: false }, { d: 2, day: 95, level: 2, fee: true }],
    recon: [{ c: 0, ref: 1 }, { c: 1, ref: 2 }],
    rates: [{ day: 1, ccy: 'USD', rate: '1.0842' }, { day: 1, ccy: 'JPY', rate: '0.0061' }],
    notes: [{ d: 0, invoice: true, day: 60, kind: 'call', text: 'a, b', follow: 3 }, { d: 4, invoice: false, day: 70, kind: 'note', text: '', follow: -1 }],
    promises: [{ d: 0, invoice: true, day: 50, term: 10, share: 0.3, text: 'a, b' }, { d: 2, invoice: false, day: 60, term: 5, share: 0.5, text: '' }],
    plans: [{ d: 3, delay: 5, n: 2, every: 30, first: 10, exact: true, again: -1 }],
    voids: [{ credit: true, pick: 3, delay: 2, refund: false, text: 'typo' }, { credit: false, pick: 2, delay: 1, refund: false, text: '' }],
  };
  it('starts from a ledger with two rows in every journal that both readers take', () => {
    const rows = build(spec);
    // Every journal the fast reader takes, promises, payment plans and voids included.
    expect(SCAN_ORDER.map((j) => `${j} ${rows.get(j)!.length}`).filter((n) => /\s[01]$/.test(n))).toEqual([]);
    expect(fast(bytesOf(encode(rows, { crlf: false, quoteAll: false, bom: false, blank: false })))).not.toBeNull();
  });

  // Three journals more (promises, plans, voids) make this a few thousand ledgers: slow on a loaded machine.
  it('takes no changed ledger the plain reader has an issue with, and every one it has none with', { timeout: 240_000 }, () => {
    let refused = 0;
    let cases = 0;
    for (const journal of SCAN_ORDER) {
      const columns = JOURNALS[journal];
      for (let k = 0; k < columns.length; k++) {
        const base = build(spec);
        const n = base.get(journal)!.length;
        if (n === 0) continue;
        for (const row of [0, n - 1]) {
          for (const day of columns[k] === 'date' || columns[k] === 'due' ? [-3, 0, 5, 45, 200, 420] : [0]) {
            for (const value of [...new Set([...valuesFor(columns[k]!, base, day), ...BAD])]) {
              const rows = build(spec);
              rows.get(journal)![row]![k] = value;
              const texts = encode(rows, { crlf: false, quoteAll: false, bom: false, blank: false });
              const p = plain(texts);
              const clean = p.issues.length === 0 && p.syntax === 0;
              const f = fast(bytesOf(texts));
              cases++;
              if (!clean) refused++;
              if (f !== null) expect(clean, `${journal} row ${row} ${columns[k]} = ${JSON.stringify(value)}: ${p.issues.map((i) => i.message).join('; ')}`).toBe(true);
              // Values the fast reader leaves to the plain one although they are valid: a quote or line break in
              // a text field (a record over two lines).
              else if (clean && !/["\r\n]/.test(value)) expect.fail(`${journal} ${columns[k]} = ${JSON.stringify(value)} is valid but was not taken`);
            }
          }
        }
      }
    }
    expect(refused).toBeGreaterThan(cases / 3);
  });

  it('gives up where the sums of a currency pass 2^53, as the plain reader reports', () => {
    const rows: Rows = new Map(Object.keys(JOURNALS).map((j) => [j as JournalName, []]));
    for (let i = 0; i < 902; i++) rows.get('invoices.csv')!.push([`INV-${i}`, 'invoice', '2026-01-01', '2026-01-31', 'ACME', 'EUR', '99999999999.99', '', '', '']);
    const texts = encode(rows, { crlf: false, quoteAll: false, bom: false, blank: false });
    expect(plain(texts).issues.map((i) => i.message)).toEqual([expect.stringMatching(/add up past/)]);
    expect(fast(bytesOf(texts))).toBeNull();
  });
});

describe('a partial ledger of one customer', () => {
  /** What a plan gives, or the error it throws, as plain data. */
  const outcome = (f: () => unknown): unknown => {
    try {
      return { ok: JSON.parse(JSON.stringify(f())) as unknown };
    } catch (e) {
      return { error: (e as Error).message, type: (e as Error).constructor.name };
    }
  };

  it('plans an invoice and a payment exactly as the whole ledger does', () => {
    // Busy books: many documents and applications per customer, so that what is applied decides the plan.
    const busy = fc.record({ base: ledgerArb, debits: fc.array(ledgerArb, { minLength: 3, maxLength: 3 }) }).map(({ base, debits }) => ({
      ...base,
      debits: [...base.debits, ...debits.flatMap((l) => l.debits)].slice(0, 40),
      credits: [...base.credits, ...debits.flatMap((l) => l.credits)].slice(0, 30),
      apps: [...base.apps, ...debits.flatMap((l) => l.apps)],
    }));
    fc.assert(fc.property(busy, fc.constantFrom(...CUSTOMERS, 'NOPE'), fc.double({ min: 0, max: 1.2, noNaN: true }), fc.integer({ min: 0, max: 420 }),
      fc.boolean(), fc.array(fc.nat(), { maxLength: 3 }), (spec, customer, share, day, withId, targetPicks) => {
        const texts = encode(build(spec), { crlf: false, quoteAll: false, bom: false, blank: false });
        const bytes = bytesOf(texts);
        const s = new FastScanner(testCustomers());
        s.feed(bytes);
        const whole = plain(texts).ledger;
        const owed = whole.documents.filter((d) => d.customer === customer && (d.kind === 'invoice' || d.kind === 'debit-note')).reduce((n, d) => n + d.amount, 0);
        const cents = Math.max(1, Math.floor(owed * share));
        const part = partialLedger(s, testConfig(), testCustomers(), [customer], (j, off) => recordAt(bytes.get(j as JournalName)!, off));
        const date = addDays(START, day);
        const ccy = CUSTOMER_CURRENCIES[customer] ?? 'EUR';
        const amount = formatMinor(cents, ccy);
        const ids = whole.documents.map((d) => d.id);
        const targets = targetPicks.map((k) => ({ id: ids.length > 0 ? ids[k % ids.length]! : 'NOPE', amount: null }));
        for (const ledger of [whole, part] as Ledger[]) void ledger;
        const inv = (l: Ledger) => outcome(() => planInvoice(l, {
          kind: 'invoice', customer, date, due: null, terms: null, id: withId && ids.length > 0 ? ids[0]! : null, reference: '', memo: '',
          lines: null, amount, force: cents % 2 === 0,
        }, () => nextId(l, 'invoice', date)));
        expect(inv(part)).toEqual(inv(whole));
        const pay = (l: Ledger) => outcome(() => planPayment(l, {
          customer, amount: cents as never, date, id: null, method: '', reference: '', bankRef: '', memo: '', targets,
        }));
        expect(pay(part)).toEqual(pay(whole));
      }), { numRuns: 200 });
  });

  it('gives a customer\'s statement as the whole ledger does, also when rows were read on top of an earlier state', () => {
    let fed = 0;
    fc.assert(fc.property(ledgerArb, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: SCAN_ORDER.length, maxLength: SCAN_ORDER.length }), fc.constantFrom(...CUSTOMERS),
      fc.integer({ min: 0, max: 300 }), (spec, cuts, customer, day) => {
        const texts = encode(build(spec), { crlf: false, quoteAll: false, bom: false, blank: false });
        const whole = bytesOf(texts);
        const s = new FastScanner(testCustomers());
        // A state of the journals' first lines, then the rest on top (as a cache and what was appended since).
        const prefix = new Map<JournalName, Uint8Array>();
        SCAN_ORDER.forEach((j, k) => {
          const b = whole.get(j);
          if (!b) return;
          let at = Math.floor(b.length * cuts[k]!);
          while (at > 0 && b[at - 1] !== 10) at--;
          prefix.set(j, b.subarray(0, at));
        });
        // Journals cut one by one are not always a ledger (lines cut away from their invoice): then the whole is
        // read at once.
        let scanner: FastScanner;
        try {
          s.feed(prefix);
          s.feed(whole);
          scanner = s;
          fed++;
        } catch (e) {
          if (!(e instanceof GiveUp)) throw e;
          scanner = new FastScanner(testCustomers());
          scanner.feed(whole);
        }
        const part = partialLedger(scanner, testConfig(), testCustomers(), [customer], (j, off) => recordAt(whole.get(j as JournalName)!, off));
        const full = plain(texts).ledger;
        const opts = { customer, from: addDays(START, day), to: addDays(START, day + 60) };
        // `seq` is a document's place in the ledger it came from, which a partial ledger numbers its own way.
        const plainData = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (k, x: unknown) => (k === 'seq' ? undefined : x)));
        expect(plainData(statementOf(part, opts))).toEqual(plainData(statementOf(full, opts)));
      }), { numRuns: 200 });
    expect(fed).toBeGreaterThan(20);
  });

  it('keeps the plain ledger order when an invoice is read on top of a state that holds a payment of its day', () => {
    const texts = encode(build({
      debits: [{ kind: 'invoice', customer: 'ACME', day: 5, term: 30, amount: 10000, text: '', lines: [] }],
      credits: [{ kind: 'payment', customer: 'ACME', day: 5, amount: 4000, ref: 0, text: '' }],
      apps: [], disputes: [], dunning: [], recon: [], rates: [], notes: [],
    }), { crlf: false, quoteAll: false, bom: false, blank: false });
    const whole = bytesOf(texts);
    const s = new FastScanner(testCustomers());
    const header = `${JOURNALS['invoices.csv'].join(',')}\n`;
    s.feed(new Map([...whole].map(([j, b]) => [j, j === 'invoices.csv' ? new TextEncoder().encode(header) : b])));
    s.feed(whole);
    const part = partialLedger(s, testConfig(), testCustomers(), ['ACME'], (j, off) => recordAt(whole.get(j as JournalName)!, off));
    expect(part.documents.map((d) => d.id)).toEqual(plain(texts).ledger.documents.map((d) => d.id));
    const opts = { customer: 'ACME', from: START, to: addDays(START, 30) };
    const balances = (l: Ledger) => statementOf(l, opts).entries.map((e) => e.balance);
    expect(balances(part)).toEqual(balances(plain(texts).ledger));
  });

  it('plans a dunning run of the customers with something overdue exactly as the whole ledger does', () => {
    fc.assert(fc.property(ledgerArb, fc.integer({ min: 0, max: 450 }), (spec, day) => {
      const texts = encode(build(spec), { crlf: false, quoteAll: false, bom: false, blank: false });
      const bytes = bytesOf(texts);
      const s = new FastScanner(testCustomers());
      s.feed(bytes);
      const whole = plain(texts).ledger;
      const asOf = addDays(START, day);
      const rowAt = (j: string, off: number) => recordAt(bytes.get(j as JournalName)!, off);
      const part = partialLedger(s, testConfig(), testCustomers(), overdueCustomers(s, asOf), rowAt);
      const want = JSON.parse(JSON.stringify(planDunning(whole, asOf))) as unknown;
      expect(JSON.parse(JSON.stringify(planDunning(part, asOf)))).toEqual(want);
      // And on only the documents a run looks at, with what is applied to them from the columns.
      const scope = dunningScope(s, asOf);
      const few = partialLedger(s, testConfig(), testCustomers(), scope.customers, rowAt, scope.only);
      expect(JSON.parse(JSON.stringify(planDunning(few, asOf)))).toEqual(want);
    }), { numRuns: 300 });
  });

  it('takes promises, plans and voids read on top of a saved state as read whole, and plans dunning, ages and states as the plain ledger', () => {
    let resumed = 0;
    let withAll = 0;
    fc.assert(fc.property(ledgerArb, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: SCAN_ORDER.length, maxLength: SCAN_ORDER.length }),
      fc.integer({ min: 0, max: 450 }), fc.constantFrom(...CUSTOMERS), (spec, cuts, day, customer) => {
        const rows = build(spec);
        const texts = encode(rows, { crlf: false, quoteAll: false, bom: false, blank: false });
        const whole = bytesOf(texts);
        const p = plain(texts);
        expect(p.issues.map((i) => `${i.file}:${i.line}: ${i.message}`)).toEqual([]);
        if (['promises.csv', 'plans.csv', 'voids.csv'].every((j) => rows.get(j as JournalName)!.length > 0)) withAll++;
        // A state of the journals' first lines, saved and loaded as the cache does, then the rest read on top.
        const prefix = new Map<JournalName, Uint8Array>();
        SCAN_ORDER.forEach((j, k) => {
          const b = whole.get(j);
          if (!b) return;
          let at = Math.floor(b.length * cuts[k]!);
          while (at > 0 && b[at - 1] !== 10) at--;
          prefix.set(j, b.subarray(0, at));
        });
        let s: FastScanner;
        try {
          const first = new FastScanner(testCustomers());
          first.feed(prefix);
          s = FastScanner.load(testCustomers(), first.save());
          s.feed(whole);
          resumed++;
        } catch (e) {
          if (!(e instanceof GiveUp)) throw e;
          s = new FastScanner(testCustomers());
          s.feed(whole);
        }
        const asOf = addDays(START, day);
        const rowAt = (j: string, off: number) => recordAt(whole.get(j as JournalName)!, off);
        const f = s.ledger();
        expect(f.apps).toBe(p.ledger.applications.length);
        const opts = { asOf, basis: 'due' as const, buckets: [30, 60, 90], customer: null, detail: true };
        expect(agingJson(ageColumns(f, testCustomers(), opts))).toBe(agingJson(ageOpenItems(p.ledger, opts)));
        expect(dunningJson(planDunningColumns(s, testConfig(), testCustomers(), asOf, rowAt))).toBe(dunningJson(planDunning(p.ledger, asOf)));
        expect(planFindingsColumns(f.collections!, f, testCustomers())).toEqual(planFindings(p.ledger));
        // A customer's own ledger carries its promises, plans and voids: its statement and dunning are the whole ledger's.
        const part = partialLedger(s, testConfig(), testCustomers(), [customer], rowAt);
        const range = { customer, from: addDays(START, day - 60), to: asOf };
        const noSeq = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (k, x: unknown) => (k === 'seq' ? undefined : x)));
        expect(noSeq(statementOf(part, range))).toEqual(noSeq(statementOf(p.ledger, range)));
        expect(noSeq(part.promises)).toEqual(noSeq(p.ledger.promises.filter((x) => x.customer === customer)));
        expect(noSeq(part.voids ?? [])).toEqual(noSeq((p.ledger.voids ?? []).filter((v) => p.ledger.byId.get(v.document)!.customer === customer)));
        // Without its notes the ledger plans the same run: notes change no number.
        const noNotes = new Map([...texts].filter(([j]) => j !== 'notes.csv'));
        expect(JSON.stringify(planDunning(plain(noNotes).ledger, asOf))).toBe(JSON.stringify(planDunning(p.ledger, asOf)));
      }), { numRuns: 200 });
    expect(resumed).toBeGreaterThan(20);
    expect(withAll).toBeGreaterThan(10);
  });
});

describe('a dunning plan from the columns', () => {
  /** Dunning settings and customers a run can differ in: levels with fees and interest, thresholds, holds. */
  const settingsArb = fc.record({
    minInterval: fc.constantFrom(0, 7, 14, 60),
    minAmount: fc.constantFrom(null, '10.00', '500.00', '0'),
    dunFees: fc.boolean(),
    fees: fc.boolean(),
    interest: fc.constantFrom(null, '8', '12.5', '0.125'),
    afterDays: fc.constantFrom([7, 30, 60], [1, 2, 3], [0, 45, 90]),
    hold: fc.oneof(fc.constant<string[]>([]), fc.subarray(CUSTOMERS, { maxLength: 1 })),
    off: fc.oneof(fc.constant<string[]>([]), fc.subarray(CUSTOMERS, { maxLength: 1 })),
    terms: fc.array(fc.constantFrom('net30', '2/10 net30', '3/20 net45', 'receipt'), { minLength: 1, maxLength: 4 }),
    feeNotes: fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
    interestRows: fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
  });

  it('is the plain plan, byte for byte, on random ledgers (disputes, holds, dunning: false, fees, interest, min_interval)', () => {
    let letters = 0;
    let withHistory = 0;
    let byInstalment = 0;
    const reasons = new Set<string>();
    // Busy books: many documents per customer, so that letters list several items and notices recur.
    const busy = fc.array(ledgerArb, { minLength: 3, maxLength: 3 }).map((specs) => ({
      ...specs[0]!,
      debits: specs.flatMap((l) => l.debits).slice(0, 40),
      credits: specs.flatMap((l) => l.credits).slice(0, 20),
      apps: specs.flatMap((l) => l.apps),
      disputes: specs.flatMap((l) => l.disputes),
      dunning: specs.flatMap((l) => l.dunning),
    }));
    fc.assert(fc.property(busy, settingsArb, fc.integer({ min: 60, max: 450 }), fc.boolean(), (spec, set, day, crlf) => {
      const rows = build(spec);
      // Discount terms, fee notes of earlier runs and notices that charged interest, each on some rows.
      rows.get('invoices.csv')!.forEach((r, i) => {
        r[7] = set.terms[i % set.terms.length]!;
        if (r[1] === 'debit-note' && set.feeNotes[i % set.feeNotes.length]) r[8] = 'dunning-fee';
      });
      rows.get('dunning.csv')!.forEach((r, i) => {
        if (set.interestRows[i % set.interestRows.length]) r[6] = r[1] === 'NIPPON' ? '1' : '0.01';
      });
      const texts = encode(rows, { crlf, quoteAll: false, bom: false, blank: false });
      const bytes = bytesOf(texts);
      const level = (n: number, after: number, fee: boolean) => ({
        level: n, afterDays: after, template: DEFAULT_DUNNING.levels[n - 1]!.template,
        fee: fee && set.fees ? { all: n === 2 ? '10.00' : '25.50', byCurrency: { JPY: '1500' } } : null, interest: n === 1 ? null : set.interest,
      });
      const config: LedgerConfig = testConfig({
        dunning: {
          minIntervalDays: set.minInterval, minAmount: set.minAmount === null ? null : { all: set.minAmount, byCurrency: { JPY: '1000' } },
          levels: [level(1, set.afterDays[0]!, false), level(2, set.afterDays[1]!, true), level(3, set.afterDays[2]!, true)], dunFees: set.dunFees,
        },
      });
      const customers = new Map<string, Customer>([...testCustomers()].map(([id, c]) => [id, { ...c, hold: set.hold.includes(id), dunning: !set.off.includes(id) }]));
      const journals = new Map<JournalName, RawJournal>();
      for (const [j, t] of texts) {
        const csv = readCsv(j, t);
        journals.set(j, { file: j, header: csv.header, rows: csv.rows, issues: csv.issues });
      }
      const whole = buildLedger({ config, customers, journals });
      fc.pre(whole.issues.length === 0);
      const s = new FastScanner(customers);
      s.feed(bytes);
      const asOf = addDays(START, day);
      const want = planDunning(whole.ledger, asOf);
      const got = planDunningColumns(s, config, customers, asOf, (j, off) => recordAt(bytes.get(j as JournalName)!, off));
      expect(dunningJson(got)).toBe(dunningJson(want));
      expect(dunningTable(got, { color: false, dryRun: true })).toBe(dunningTable(want, { color: false, dryRun: true }));
      letters += want.letters.length;
      for (const k of want.skipped) reasons.add(k.reason);
      if (want.letters.some((l) => l.previousNotices.length > 0 && l.interest > 0)) withHistory++;
      if (want.letters.some((l) => l.items.some((i) => i.instalment !== undefined))) byInstalment++;
    }), { numRuns: 300 });
    expect(letters).toBeGreaterThan(100);
    expect(withHistory).toBeGreaterThan(5);
    expect([...reasons].sort()).toEqual(['below-min-amount', 'disputed', 'dunning-disabled', 'hold', 'min-interval', 'no-new-level', 'promised']);
    expect(byInstalment).toBeGreaterThan(10);
  });

  it('reads the history of notices appended on top of a saved state as it reads it whole', () => {
    const rows = build({
      debits: [{ kind: 'invoice', customer: 'ACME', day: 0, term: 10, amount: 100_000, text: '', lines: [] }],
      credits: [], apps: [], disputes: [], dunning: [{ d: 0, day: 20, level: 1, fee: false }], recon: [], rates: [], notes: [],
    });
    const texts = encode(rows, { crlf: false, quoteAll: false, bom: false, blank: false });
    const first = bytesOf(texts);
    const more = new Map(first);
    more.set('dunning.csv', new TextEncoder().encode(`${texts.get('dunning.csv')}2026-02-20,ACME,2,INV-0000,1000.00,10.00,3.21,outbox/x.txt\n`));
    const s = new FastScanner(testCustomers());
    s.feed(first);
    const saved = FastScanner.load(testCustomers(), s.save());
    saved.feed(more);
    const once = new FastScanner(testCustomers());
    once.feed(more);
    const asOf = addDays(START, 120);
    const plan = (x: FastScanner) => dunningJson(planDunningColumns(x, testConfig(), testCustomers(), asOf, (j, off) => recordAt(more.get(j as JournalName)!, off)));
    expect(plan(saved)).toBe(plan(once));
    const letter = planDunningColumns(saved, testConfig(), testCustomers(), asOf, (j, off) => recordAt(more.get(j as JournalName)!, off)).letters[0]!;
    expect(letter.level).toBe(3);
    expect(letter.previousNotices).toEqual([{ date: '2026-01-21', level: 1 }, { date: '2026-02-20', level: 2 }]);
    // Interest runs from the last notice that charged it, not from the due date.
    expect(letter.items[0]!.interest).toBe(Math.round(100_000 * 0.08 * 70 / 365) as Minor);
  });
});

describe('the id table', () => {
  it('finds the highest counter after a prefix as reading every id does', () => {
    const idArb = fc.oneof(
      fc.tuple(fc.constantFrom('INV-', 'INV-2026-', 'INV-1', 'PAY-', 'X', 'INV-A'), fc.integer({ min: 0, max: 300_000 }), fc.integer({ min: 1, max: 12 }))
        .map(([p, n, w]) => `${p}${String(n).padStart(w, '0')}`),
      fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,15}$/),
    );
    fc.assert(fc.property(fc.array(idArb, { maxLength: 300 }), fc.constantFrom('INV-', 'INV-2026-', 'PAY-', 'X', 'INV-A', 'IN'), (ids, prefix) => {
      const t = new IdTable();
      for (const id of ids) t.addString(id);
      const re = new RegExp(`^${prefix.replace(/[-]/g, '\\-')}(\\d+)$`);
      let max = 0;
      for (const id of ids) {
        const m = re.exec(id);
        if (m) max = Math.max(max, Number(m[1]));
      }
      const quick = t.highestCounter(prefix);
      if (quick !== null) expect(quick).toBe(max);
    }), { numRuns: 500 });
  });
});
