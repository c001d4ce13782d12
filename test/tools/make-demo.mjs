#!/usr/bin/env node
// Writes the demo ledger (ledgers/demo): a year of a small German instrument maker's receivables in EUR, USD and
// JPY. It is generated rather than hand-written so that every invoice line, tax and application adds up exactly,
// and deterministic (seeded PRNG, calendar arithmetic only, no clock) so that the goldens built on it stay put.
//
//   node test/tools/make-demo.mjs [OUT_DIR]      (default: ledgers/demo)
//
// At the end it ages the ledger at 2026-11-30 itself and fails unless every bucket holds money in every currency,
// which is what the README's first command is meant to show.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = path.resolve(process.argv[2] ?? path.join(ROOT, 'ledgers', 'demo'));
const AS_OF = '2026-11-30';
const SEED = 20260101;

// ---------------------------------------------------------------------------------------------------------------
// Deterministic helpers: PRNG, calendar days, exact integer money.

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(SEED);
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = (list) => list[Math.floor(rand() * list.length)];
const chance = (p) => rand() < p;

const DAY = 86_400_000;
const dayOf = (d) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / DAY;
const dateOf = (n) => new Date(n * DAY).toISOString().slice(0, 10);
const addDays = (d, n) => dateOf(dayOf(d) + n);
const endOfMonth = (d) => dateOf(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)), 0) / DAY);
/** Banks and bookkeepers work Monday to Friday: a date on a weekend moves to the next Monday. */
const weekday = (d) => {
  const wd = new Date(dayOf(d) * DAY).getUTCDay();
  return wd === 6 ? addDays(d, 2) : wd === 0 ? addDays(d, 1) : d;
};

const DIGITS = { EUR: 2, USD: 2, JPY: 0 };
const fmt = (minor, ccy) => {
  const d = DIGITS[ccy];
  if (d === 0) return String(minor);
  const s = String(minor).padStart(d + 1, '0');
  return `${s.slice(0, -d)}.${s.slice(-d)}`;
};
/** n / d rounded half-up, for non-negative integers. */
const divRound = (n, d) => Number((2n * BigInt(n) + BigInt(d)) / (2n * BigInt(d)));

// ---------------------------------------------------------------------------------------------------------------
// Master data.

const COMPANY = {
  name: 'Kessler Messtechnik GmbH',
  email: 'ar@kessler-messtechnik.example',
  address: 'Kessler Messtechnik GmbH\nGroße Elbstraße 145\n22767 Hamburg\nGermany',
  country: 'DE',
  vat_id: 'DE812345673',
  registration: 'HRB 123456, Amtsgericht Hamburg',
  bank_accounts: [
    { iban: 'DE34200505501234567890', bic: 'HASPDEHHXXX', bank: 'Hamburger Sparkasse', currency: 'EUR' },
    { iban: 'DE12200400000123456700', bic: 'COBADEHHXXX', bank: 'Commerzbank', currency: 'USD' },
  ],
};

// profile: how the customer pays. perMonth: chance of a first and of a second invoice in a month, scaled by VOLUME
// so that the year holds about 200 documents: enough to explore, few enough to read.
const VOLUME = 0.7;
const CUSTOMERS = [
  { id: 'CASCADE', name: 'Cascade Outdoor Supply Inc.', currency: 'USD', terms: 'net30', country: 'US', profile: 'prompt', perMonth: [0.8, 0.2],
    email: 'payables@cascade-outdoor.example', address: 'Cascade Outdoor Supply Inc.\n2200 NW Front Ave\nPortland, OR 97209\nUSA',
    aliases: ['CASCADE OUTDOOR SUPPLY', 'CASCADE OUTDOOR SUPPLY INC'] },
  { id: 'DUPONT', name: 'Atelier Dupont SARL', currency: 'EUR', terms: 'net30', country: 'FR', vat_id: 'FR40303265045', einvoice: 'cii', profile: 'prompt', perMonth: [0.7, 0.1],
    email: 'comptabilite@atelier-dupont.example', address: 'Atelier Dupont SARL\n12 rue de la République\n69002 Lyon\nFrance',
    bank_accounts: ['FR7630006000011234567890189'] },
  { id: 'GREENFIELD', name: 'Greenfield Analytics LLC', currency: 'USD', terms: 'net45', country: 'US', buyer_reference: 'PO-ACCOUNTS-7', profile: 'late', perMonth: [0.7, 0.2],
    email: 'ap@greenfield-analytics.example', address: 'Greenfield Analytics LLC\n901 Congress Ave, Suite 400\nAustin, TX 78701\nUSA',
    credit_limit: '25000.00' },
  { id: 'HAAS', name: 'Haas Feinmechanik KG', currency: 'EUR', terms: 'net30', country: 'DE', vat_id: 'DE143526781', profile: 'prompt', perMonth: [0.7, 0.2],
    email: 'rechnungen@haas-feinmechanik.example', address: 'Haas Feinmechanik KG\nIndustriestraße 8\n78532 Tuttlingen\nGermany',
    aliases: ['HAAS FEINMECHANIK', 'HAAS FEINMECHANIK KG TUTTLINGEN'] },
  { id: 'HARBOR', name: 'Harbor Point Marine Co.', currency: 'USD', terms: 'net30', country: 'US', profile: 'slow', perMonth: [0.6, 0.1],
    email: 'accounts@harborpoint-marine.example', address: 'Harbor Point Marine Co.\n45 Fan Pier Blvd\nBoston, MA 02210\nUSA' },
  { id: 'KLEINBACH', name: 'Stadtwerke Kleinbach', currency: 'EUR', terms: 'net30', country: 'DE', vat_id: 'DE273918404', buyer_reference: '04011000-12345-67', einvoice: 'cii', profile: 'slow', perMonth: [0.6, 0.1],
    email: 'kreditoren@stadtwerke-kleinbach.example', address: 'Stadtwerke Kleinbach\nAm Wasserwerk 3\n34560 Kleinbach\nGermany',
    dunning: false, note: 'public utility: pays through its own approval cycle, never dunned' },
  { id: 'KOWALSKI', name: 'Kowalski Budownictwo Sp. z o.o.', currency: 'EUR', terms: 'net14', country: 'PL', vat_id: 'PL5260250995', profile: 'prompt', perMonth: [0.5, 0.1],
    email: 'ksiegowosc@kowalski-bud.example', address: 'Kowalski Budownictwo Sp. z o.o.\nul. Wielicka 72\n30-552 Kraków\nPoland' },
  { id: 'LEHTINEN', name: 'Lehtinen Mittaus Oy', currency: 'EUR', terms: 'net21', country: 'FI', vat_id: 'FI20774740', profile: 'prompt', perMonth: [0.5, 0.1],
    email: 'laskut@lehtinen-mittaus.example', address: 'Lehtinen Mittaus Oy\nHämeenkatu 20\n33200 Tampere\nFinland' },
  { id: 'MUELLER', name: 'Müller & Söhne GmbH', currency: 'EUR', terms: '2/10 net30', country: 'DE', vat_id: 'DE305719467', buyer_reference: 'AP-4711', profile: 'discount', perMonth: [0.9, 0.4],
    email: 'buchhaltung@mueller-soehne.example', address: 'Müller & Söhne GmbH\nKönigstraße 41\n70173 Stuttgart\nGermany',
    credit_limit: '60000.00', bank_accounts: ['DE89370400440532013000'], aliases: ['MUELLER UND SOEHNE GMBH', 'MULLER & SOHNE GMBH'] },
  { id: 'NORDLICHT', name: 'Nordlicht Windenergie AG', currency: 'EUR', terms: 'net30', country: 'DE', vat_id: 'DE461820358', profile: 'stopped', perMonth: [0.9, 0.3],
    email: 'finanzen@nordlicht-wind.example', address: 'Nordlicht Windenergie AG\nHafenstraße 17\n25813 Husum\nGermany',
    hold: true, lastMonth: 7 },
  { id: 'OLIVEIRA', name: 'Oliveira & Filhos, Lda.', currency: 'EUR', terms: 'net45', country: 'PT', vat_id: 'PT501964843', profile: 'late', perMonth: [0.6, 0.1],
    email: 'contabilidade@oliveira-filhos.example', address: 'Oliveira & Filhos, Lda.\nRua de Santa Catarina 312\n4000-443 Porto\nPortugal' },
  { id: 'ROSSI', name: 'Rossi Meccanica S.p.A.', currency: 'EUR', terms: 'net60', country: 'IT', vat_id: 'IT00743110157', profile: 'late', perMonth: [0.8, 0.2],
    email: 'amministrazione@rossi-meccanica.example', address: 'Rossi Meccanica S.p.A.\nVia Emilia Ponente 250\n40133 Bologna\nItaly',
    credit_limit: '40000.00', bank_accounts: ['IT60X0542811101000000123456'], aliases: ['ROSSI MECCANICA SPA'] },
  { id: 'SAKURA', name: 'Sakura Denshi K.K.', currency: 'JPY', terms: 'net60', country: 'JP', profile: 'slow', perMonth: [0.6, 0.1],
    email: 'keiri@sakura-denshi.example', address: 'Sakura Denshi K.K.\n2-14-3 Shibaura, Minato-ku\nTokyo 108-0023\nJapan' },
  { id: 'TANAKA', name: 'Tanaka Seiki Co., Ltd.', currency: 'JPY', terms: 'net30', country: 'JP', profile: 'late', perMonth: [0.7, 0.2],
    email: 'ar-payables@tanaka-seiki.example', address: 'Tanaka Seiki Co., Ltd.\n1-5-7 Minamisemba, Chuo-ku\nOsaka 542-0081\nJapan',
    aliases: ['TANAKA SEIKI CO LTD', 'ﾀﾅｶｾｲｷ(ｶ'] },
  { id: 'VANDAM', name: 'Van Dam Logistiek B.V.', currency: 'EUR', terms: 'eom15', country: 'NL', vat_id: 'NL004495445B01', einvoice: 'ubl', profile: 'batch', perMonth: [0.9, 0.5],
    email: 'crediteuren@vandam-logistiek.example', address: 'Van Dam Logistiek B.V.\nWaalhaven Oostzijde 85\n3087 BM Rotterdam\nNetherlands' },
];
const byId = new Map(CUSTOMERS.map((c) => [c.id, c]));

// Unit prices in euro cents; other currencies are converted at a fixed list-price factor and rounded to list prices.
const CATALOG = [
  { desc: 'Digital caliper DC-150, 150 mm', price: 8900, qty: () => String(int(2, 12)) },
  { desc: 'Outside micrometer OM-25, 0-25 mm', price: 14250, qty: () => String(int(1, 8)) },
  { desc: 'Dial indicator DI-10 with magnetic stand', price: 11890, qty: () => String(int(1, 10)) },
  { desc: 'Surface roughness tester SR-210', price: 248000, qty: () => String(int(1, 2)) },
  { desc: 'Probe head CP-3 for coordinate measuring machines', price: 395000, qty: () => '1' },
  { desc: 'Gauge block set GB-47, grade 1', price: 126500, qty: () => String(int(1, 3)) },
  { desc: 'Calibration of hand-held instruments, per instrument', price: 3850, qty: () => String(int(5, 60)) },
  { desc: 'On-site calibration, per hour', price: 9500, qty: () => String(int(4, 32) / 2) },
  { desc: 'Technician travel, flat rate', price: 18000, qty: () => '1' },
  { desc: 'Operator training, per day', price: 89000, qty: () => String(int(1, 3)) },
  { desc: 'Calibration certificate (DAkkS)', price: 2400, qty: () => String(int(1, 20)) },
  { desc: 'Operating manual, printed', price: 1850, qty: () => String(int(1, 6)), reducedVat: true },
  { desc: 'Freight and packing', price: 4500, qty: () => '1' },
];
const LIST_FACTOR = { EUR: [1, 1], USD: [108, 100], JPY: [160, 100] }; // multiplier / divisor from euro cents

function unitPrice(item, ccy) {
  const [m, d] = LIST_FACTOR[ccy];
  if (ccy === 'JPY') return divRound(item.price * m, d * 10) * 10; // list prices in whole tens of yen
  return divRound(item.price * m, d);
}

/** Germany charges VAT (19 %, 7 % on printed matter); EU customers abroad are reverse-charged, exports are exempt. */
function taxRate(cust, item) {
  if (cust.country !== 'DE') return 0;
  return item.reducedVat ? 7 : 19;
}
function vatMemo(cust) {
  if (cust.country === 'DE') return '';
  if (cust.currency === 'EUR') return 'Intra-EU supply, reverse charge (VAT to be accounted for by the recipient)';
  return 'Export delivery, exempt from German VAT';
}

/** net = round(quantity × unit_price), with quantities of at most two decimals: exact in integers. */
function lineNet(qty, price) {
  const [w, f = ''] = qty.split('.');
  const hundredths = Number(w) * 100 + Number(f.padEnd(2, '0'));
  return divRound(hundredths * price, 100);
}

// ---------------------------------------------------------------------------------------------------------------
// The year's events. Documents are plain objects; ids are handed out at the end, in date order per kind, the way
// a numbering scheme would have issued them.

const invoices = []; // invoices and debit notes
const payments = [];
const credits = []; // credit notes and write-offs
const refunds = [];
const applications = [];
const disputes = [];

function poNumber(cust) {
  switch (cust.country) {
    case 'DE': return `PO 45000${int(10000, 99999)}`;
    case 'US': return `PO-${int(20000, 29999)}`;
    case 'JP': return `PO ${int(100000, 999999)}`;
    default: return `${cust.id.slice(0, 3)}-26-${String(int(100, 999))}`;
  }
}

function dueFor(cust, date) {
  const m = /(net|eom)(\d+)$/.exec(cust.terms);
  return m[1] === 'net' ? addDays(date, Number(m[2])) : addDays(endOfMonth(date), Number(m[2]));
}

function makeInvoice(cust, date, { lines: wantLines = true } = {}) {
  const ccy = cust.currency;
  const inv = { kind: 'invoice', date, due: dueFor(cust, date), customer: cust.id, currency: ccy, terms: cust.terms,
    reference: poNumber(cust), memo: vatMemo(cust), lines: [], applied: [] };
  if (wantLines) {
    const n = int(1, 4);
    const used = new Set();
    while (used.size < n) {
      const item = pick(CATALOG.slice(0, -1));
      if (used.has(item.desc)) continue;
      used.add(item.desc);
      const qty = item.qty();
      const price = unitPrice(item, ccy);
      const rate = taxRate(cust, item);
      const net = lineNet(qty, price);
      const tax = divRound(net * rate, 100);
      inv.lines.push({ description: item.desc, quantity: qty, unit_price: price, tax_rate: rate, net, tax });
    }
    // Instruments ship: most deliveries carry freight, which is a line like any other.
    if (chance(0.5)) {
      const item = CATALOG.at(-1);
      const price = unitPrice(item, ccy);
      const net = lineNet('1', price);
      const rate = taxRate(cust, item);
      inv.lines.push({ description: item.desc, quantity: '1', unit_price: price, tax_rate: rate, net, tax: divRound(net * rate, 100) });
    }
    inv.amount = inv.lines.reduce((s, l) => s + l.net + l.tax, 0);
  } else {
    // Service-contract instalments are billed as one sum, without lines.
    const base = ccy === 'JPY' ? int(12, 40) * 10000 : int(8, 30) * 5000;
    inv.amount = cust.country === 'DE' ? base + divRound(base * 19, 100) : base;
    inv.memo = ['Quarterly calibration service contract', vatMemo(cust)].filter(Boolean).join('; ');
  }
  invoices.push(inv);
  return inv;
}

function makeDebitNote(cust, date, amount, memo) {
  const dn = { kind: 'debit-note', date, due: addDays(date, 14), customer: cust.id, currency: cust.currency, amount,
    terms: 'net14', reference: '', memo, lines: [], applied: [] };
  invoices.push(dn);
  return dn;
}

const openOf = (doc) => doc.amount - doc.applied.reduce((s, a) => s + a.amount, 0);

function apply(date, credit, debit, amount) {
  if (amount <= 0) throw new Error(`bad application ${amount}`);
  if (amount > openOf(debit) || amount > openOf(credit)) throw new Error(`over-application on ${debit.date} ${debit.customer}`);
  if (date < credit.date || date < debit.date) throw new Error('application before its documents');
  const a = { date, credit, debit, amount };
  debit.applied.push(a);
  credit.applied.push(a);
  applications.push(a);
}

const PAY_METHOD = { EUR: 'transfer', USD: 'wire', JPY: 'wire' };

function makePayment(cust, date, amount, settles, { method, memo = '' } = {}) {
  const p = { kind: 'payment', date, customer: cust.id, currency: cust.currency, amount, method: method ?? PAY_METHOD[cust.currency],
    settles, memo, applied: [] };
  payments.push(p);
  return p;
}

function makeCredit(kind, cust, date, amount, invoice, reason) {
  const c = { kind, date, customer: cust.id, currency: cust.currency, amount, invoice, reason, applied: [] };
  credits.push(c);
  return c;
}

/** Payment `delay` days after the due date, moved to a weekday; null when that falls after the demo's today. */
function payDate(inv, delay) {
  const d = weekday(addDays(inv.due, delay));
  return d <= AS_OF ? (d >= inv.date ? d : weekday(addDays(inv.date, 1))) : null;
}

const DELAY = {
  prompt: () => int(-8, 4),
  late: () => int(5, 50),
  slow: () => int(45, 100),
  batch: () => int(0, 20),
  discount: () => int(-3, 6),
  stopped: () => int(0, 12),
};

// Invoices month by month: one or two per customer when the dice say so, on a weekday of the month.
for (let month = 1; month <= 11; month++) {
  for (const cust of CUSTOMERS) {
    if (cust.lastMonth && month > cust.lastMonth) continue;
    let count = (chance(cust.perMonth[0] * VOLUME) ? 1 : 0) + (chance(cust.perMonth[1] * VOLUME) ? 1 : 0);
    // Every active customer ordered something in November, so the current column is the busiest, as it should be.
    if (month === 11) count = Math.max(1, count);
    for (let i = 0; i < count; i++) {
      const lastDay = month === 11 ? 27 : Number(endOfMonth(`2026-${String(month).padStart(2, '0')}-01`).slice(8));
      let date = weekday(`2026-${String(month).padStart(2, '0')}-${String(int(2, lastDay - 2)).padStart(2, '0')}`);
      if (date > '2026-11-27') date = '2026-11-27';
      makeInvoice(cust, date, { lines: !chance(0.1) });
    }
  }
}
invoices.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

const invoicesOf = (id) => invoices.filter((i) => i.customer === id && i.kind === 'invoice');
/** An invoice of the customer dated in [from, to] for a scripted story: the first the dice made, else a new one. */
function storyInvoice(custId, from, to, minAmount = 0) {
  const found = invoicesOf(custId).find((i) => !i.scripted && i.date >= from && i.date <= to && i.amount >= minAmount);
  if (found) return found;
  const inv = makeInvoice(byId.get(custId), weekday(addDays(from, Math.floor((dayOf(to) - dayOf(from)) / 3))));
  invoices.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return inv;
}
const must = (v, what) => {
  if (v === null || v === undefined) throw new Error(`make-demo: the seed gave no ${what}; change the story or the seed`);
  return v;
};

// Scripted stories the reader of the README can find, before the routine payments so they keep their invoices.

// ROSSI disputes a delivery in spring; it is resolved with a credit note for the damaged part, then paid.
{
  const inv = storyInvoice('ROSSI', '2026-03-01', '2026-07-31', 100000);
  const opened = weekday(addDays(inv.date, 12));
  const resolved = weekday(addDays(opened, 18));
  disputes.push({ date: opened, invoice: inv, status: 'open', reason: 'Two instruments arrived with cracked housings' });
  disputes.push({ date: resolved, invoice: inv, status: 'resolved', reason: 'Agreed: credit note for the damaged units' });
  const cnAmount = divRound(inv.amount, 10);
  const cn = makeCredit('credit-note', byId.get('ROSSI'), resolved, cnAmount, inv, 'Damaged in transit: 2 units credited (dispute resolved)');
  apply(resolved, cn, inv, cnAmount);
  const pd = must(payDate(inv, 25), 'paid ROSSI dispute');
  const p = makePayment(byId.get('ROSSI'), pd, openOf(inv), [inv]);
  apply(pd, p, inv, openOf(inv));
  inv.scripted = true;
}

// GREENFIELD questions a March invoice, gets proof of delivery, and pays in full.
{
  const inv = storyInvoice('GREENFIELD', '2026-03-01', '2026-07-31');
  disputes.push({ date: weekday(addDays(inv.date, 20)), invoice: inv, status: 'open', reason: 'Goods not received at the Austin dock' });
  disputes.push({ date: weekday(addDays(inv.date, 27)), invoice: inv, status: 'resolved', reason: 'Proof of delivery sent; customer confirmed receipt' });
  const pd = must(payDate(inv, 20), 'paid GREENFIELD dispute');
  apply(pd, makePayment(byId.get('GREENFIELD'), pd, inv.amount, [inv]), inv, inv.amount);
  inv.scripted = true;
}

// OLIVEIRA and SAKURA dispute invoices that stay open (and so are never dunned).
{
  const inv = storyInvoice('OLIVEIRA', '2026-08-17', '2026-09-15'); // net45: due in October, 31-60 days overdue
  disputes.push({ date: weekday(addDays(inv.date, 9)), invoice: inv, status: 'open', reason: 'Calibration certificates missing for 6 calipers' });
  inv.scripted = true;
  const jp = storyInvoice('SAKURA', '2026-03-01', '2026-06-30');
  disputes.push({ date: weekday(addDays(jp.date, 15)), invoice: jp, status: 'open', reason: 'Quantity delivered does not match the purchase order' });
  jp.scripted = true;
}

// HARBOR pays 40 % of a spring invoice on account and nothing more: a partial payment in the 91+ column.
{
  const inv = storyInvoice('HARBOR', '2026-03-01', '2026-06-30');
  const part = Math.floor(inv.amount * 0.4 / 100) * 100;
  const pd = must(payDate(inv, 20), 'HARBOR partial payment');
  apply(pd, makePayment(byId.get('HARBOR'), pd, part, [inv], { memo: 'Partial payment on account' }), inv, part);
  inv.scripted = true;
}

// CASCADE rounds a September payment up: the excess stays on account, unapplied.
{
  const inv = storyInvoice('CASCADE', '2026-08-15', '2026-10-15');
  const pd = must(payDate(inv, -2), 'CASCADE overpayment');
  const paid = Math.ceil(inv.amount / 10000) * 10000;
  const p = makePayment(byId.get('CASCADE'), pd, paid === inv.amount ? paid + 5000 : paid, [inv], { memo: 'Rounded up; balance on account' });
  apply(pd, p, inv, inv.amount);
  inv.scripted = true;
}

// LEHTINEN pays one invoice twice; the duplicate is refunded a few weeks later.
{
  const inv = storyInvoice('LEHTINEN', '2026-05-01', '2026-09-30');
  const pd = must(payDate(inv, -3), 'LEHTINEN duplicate payment');
  apply(pd, makePayment(byId.get('LEHTINEN'), pd, inv.amount, [inv]), inv, inv.amount);
  const dup = makePayment(byId.get('LEHTINEN'), weekday(addDays(pd, 2)), inv.amount, [inv], { memo: 'Paid twice (duplicate transfer)' });
  const rf = { kind: 'refund', date: weekday(addDays(dup.date, 16)), customer: 'LEHTINEN', currency: 'EUR', amount: inv.amount,
    method: 'transfer', reference: 'Refund of duplicate payment', memo: 'Overpayment returned to FI21 1234 5600 0007 85', applied: [] };
  refunds.push(rf);
  apply(rf.date, dup, rf, inv.amount);
  inv.scripted = true;
}

// DUPONT gets a goodwill credit note it has not used yet (unapplied credit), and a freight re-charge debit note.
{
  makeCredit('credit-note', byId.get('DUPONT'), '2026-10-20', 15000, null, 'Goodwill: delayed service visit in October');
  const dn = makeDebitNote(byId.get('DUPONT'), '2026-06-12', 8500, 'Express freight re-charged at customer request');
  const pd = must(payDate(dn, 2), 'paid DUPONT debit note');
  apply(pd, makePayment(byId.get('DUPONT'), pd, dn.amount, [dn]), dn, dn.amount);
  dn.scripted = true;
}

// GREENFIELD: expedited shipping re-charged in October, still open.
makeDebitNote(byId.get('GREENFIELD'), '2026-10-05', 27500, 'Expedited air shipment re-charged (customer request)').scripted = true;

// NORDLICHT stopped paying in May and was put on credit hold; the statutory 40 EUR late-payment fee is charged.
makeDebitNote(byId.get('NORDLICHT'), '2026-08-14', 4000, 'Late-payment flat fee, § 288 (5) BGB').scripted = true;

// Every currency has an unpaid invoice in every aging column at the demo's today: the latest invoice of a late or
// slow payer due in each column is left open (or, where the dice made none, one is issued so that it is).
{
  const columns = [['2026-11-30', '2026-12-31'], ['2026-10-31', '2026-11-29'], ['2026-10-01', '2026-10-30'], ['2026-09-01', '2026-09-30'],
    ['2026-03-01', '2026-08-31']];
  for (const ccy of ['EUR', 'USD', 'JPY']) {
    const payers = CUSTOMERS.filter((c) => c.currency === ccy && (c.profile === 'late' || c.profile === 'slow'));
    for (const [lo, hi] of columns) {
      const fits = (i) => i.due >= lo && i.due <= hi && payers.some((c) => c.id === i.customer);
      if (invoices.some((i) => fits(i) && (i.keepOpen || (i.scripted && openOf(i) > 0)))) continue;
      let inv = invoices.filter((i) => i.kind === 'invoice' && !i.scripted && fits(i)).at(-1);
      if (!inv) {
        const cust = payers.at(-1);
        const days = dayOf(dueFor(cust, '2026-01-15')) - dayOf('2026-01-15');
        inv = makeInvoice(cust, weekday(addDays(addDays(lo, Math.floor((dayOf(hi) - dayOf(lo)) / 2)), -days)));
        invoices.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
      }
      inv.keepOpen = true;
    }
  }
}

// Routine payments, invoice by invoice, as each customer's habit has it.
for (const inv of invoices) {
  if (inv.scripted || inv.keepOpen || inv.kind !== 'invoice') continue;
  const cust = byId.get(inv.customer);
  switch (cust.profile) {
    case 'discount': {
      // Müller pays within the 10 discount days when it can, deducting 2 %; the discount is booked as a credit note.
      const early = weekday(addDays(inv.date, int(5, 9)));
      if (chance(0.7) && early <= AS_OF && early <= addDays(inv.date, 10)) {
        const pd = early;
        const disc = divRound(inv.amount * 2, 100);
        const p = makePayment(cust, pd, inv.amount - disc, [inv]);
        apply(pd, p, inv, inv.amount - disc);
        const cn = makeCredit('credit-note', cust, pd, disc, inv, 'Early-payment discount 2 % (2/10 net30)');
        apply(pd, cn, inv, disc);
        break;
      }
      const pd = payDate(inv, DELAY.discount());
      if (pd) apply(pd, makePayment(cust, pd, inv.amount, [inv]), inv, inv.amount);
      break;
    }
    case 'stopped': {
      if (inv.date >= '2026-05-01') break;
      const pd = payDate(inv, DELAY.stopped());
      if (pd) apply(pd, makePayment(cust, pd, inv.amount, [inv]), inv, inv.amount);
      break;
    }
    case 'batch':
      break; // settled below, a month at a time
    default: {
      const pd = payDate(inv, DELAY[cust.profile]());
      if (!pd) break;
      // Foreign transfers to Japan arrive short by the remitting bank's fee once in a while; it is written off.
      if (cust.currency === 'JPY' && chance(0.25)) {
        const fee = pick([1500, 2500, 4000]);
        apply(pd, makePayment(cust, pd, inv.amount - fee, [inv], { memo: 'Remitting bank charges deducted' }), inv, inv.amount - fee);
        const wo = makeCredit('write-off', cust, pd, fee, inv, 'Bank charges deducted by the remitting bank');
        apply(pd, wo, inv, fee);
        break;
      }
      if (cust.id === 'KOWALSKI' && chance(0.3)) {
        const fee = 1500;
        apply(pd, makePayment(cust, pd, inv.amount - fee, [inv], { memo: 'Short by transfer charges' }), inv, inv.amount - fee);
        apply(pd, makeCredit('write-off', cust, pd, fee, inv, 'Transfer charges deducted by the payer'), inv, fee);
        break;
      }
      apply(pd, makePayment(cust, pd, inv.amount, [inv]), inv, inv.amount);
    }
  }
}

// VANDAM settles each month's invoices (due together, eom15) with one transfer: a payment split over several invoices.
{
  const cust = byId.get('VANDAM');
  const byDue = new Map();
  for (const inv of invoicesOf('VANDAM')) byDue.set(inv.due, [...(byDue.get(inv.due) ?? []), inv]);
  for (const [due, list] of byDue) {
    const pd = weekday(addDays(due, DELAY.batch()));
    if (pd > AS_OF) continue;
    const total = list.reduce((s, i) => s + i.amount, 0);
    const p = makePayment(cust, pd, total, list, { memo: `Collective transfer for ${list.length} invoice${list.length > 1 ? 's' : ''}` });
    for (const inv of list) apply(pd, p, inv, inv.amount);
  }
}

// KLEINBACH's approval cycle sometimes releases two invoices in one transfer: merge such pairs into one payment.
{
  const mine = payments.filter((p) => p.customer === 'KLEINBACH').sort((a, b) => (a.date < b.date ? -1 : 1));
  for (let i = 0; i + 1 < mine.length; i++) {
    const [a, b] = [mine[i], mine[i + 1]];
    if (dayOf(b.date) - dayOf(a.date) > 20 || !chance(0.6)) continue;
    // b absorbs a: one payment on the later date for both invoices.
    for (const app of a.applied) {
      app.credit = b;
      app.date = b.date;
      b.applied.push(app);
    }
    b.amount += a.amount;
    b.settles = [...a.settles, ...b.settles];
    b.memo = 'Collective transfer';
    payments.splice(payments.indexOf(a), 1);
    mine.splice(i, 1); // b is taken too: the next pair starts after it
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Numbering and rows.

const byDate = (a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : (a.order ?? 0) - (b.order ?? 0));
function number(list, prefixOf, widthOf) {
  list.forEach((d, i) => { d.order = i; });
  list.sort(byDate);
  const counters = new Map();
  for (const d of list) {
    const prefix = prefixOf(d);
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    d.id = `${prefix}${String(n).padStart(widthOf(d), '0')}`;
  }
}
// Invoices and debit notes share one journal but not one counter.
number(invoices, (d) => (d.kind === 'invoice' ? 'INV-2026-' : 'DN-2026-'), (d) => (d.kind === 'invoice' ? 5 : 4));
number(payments, () => 'PAY-', () => 6);
number(credits, (d) => (d.kind === 'credit-note' ? 'CN-2026-' : 'WO-2026-'), () => 4);
number(refunds, () => 'RF-2026-', () => 4);

function bankRef(p, i) {
  // Payments booked from October's and earlier bank statements carry the bank's id; November's await reconciliation.
  if (p.date > '2026-10-31') return '';
  return `${p.date.replace(/-/g, '').slice(2)}${String(70001 + i * 37).slice(-5)}`;
}

function csvField(v) {
  const s = String(v);
  return /[",\n\r]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
function csv(header, rows) {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\n') + '\n';
}

const files = {};
files['invoices.csv'] = csv(['id', 'kind', 'date', 'due', 'customer', 'currency', 'amount', 'terms', 'reference', 'memo'],
  invoices.map((d) => [d.id, d.kind, d.date, d.due, d.customer, d.currency, fmt(d.amount, d.currency), d.terms, d.reference, d.memo]));
files['invoice-lines.csv'] = csv(['invoice', 'line', 'description', 'quantity', 'unit_price', 'tax_rate', 'net', 'tax'],
  invoices.flatMap((d) => d.lines.map((l, i) => [d.id, i + 1, l.description, l.quantity, fmt(l.unit_price, d.currency), l.tax_rate,
    fmt(l.net, d.currency), fmt(l.tax, d.currency)])));
files['payments.csv'] = csv(['id', 'date', 'customer', 'currency', 'amount', 'method', 'reference', 'bank_ref', 'memo'],
  payments.map((p, i) => [p.id, p.date, p.customer, p.currency, fmt(p.amount, p.currency), p.method,
    p.settles.map((s) => s.id).join(' '), bankRef(p, i), p.memo]));
files['credits.csv'] = csv(['id', 'kind', 'date', 'customer', 'currency', 'amount', 'invoice', 'reason'],
  credits.map((c) => [c.id, c.kind, c.date, c.customer, c.currency, fmt(c.amount, c.currency), c.invoice?.id ?? '', c.reason]));
files['refunds.csv'] = csv(['id', 'date', 'customer', 'currency', 'amount', 'method', 'reference', 'memo'],
  refunds.map((r) => [r.id, r.date, r.customer, r.currency, fmt(r.amount, r.currency), r.method, r.reference, r.memo]));
applications.forEach((a, i) => { a.order = i; });
files['applications.csv'] = csv(['date', 'credit', 'debit', 'amount'],
  [...applications].sort(byDate).map((a) => [a.date, a.credit.id, a.debit.id, fmt(a.amount, a.debit.currency)]));
disputes.forEach((d, i) => { d.order = i; });
files['disputes.csv'] = csv(['date', 'invoice', 'status', 'reason'],
  [...disputes].sort(byDate).map((d) => [d.date, d.invoice.id, d.status, d.reason]));
files['dunning.csv'] = csv(['date', 'customer', 'level', 'invoice', 'open', 'fee', 'interest', 'letter'], []);
files['reconciliations.csv'] = csv(['date', 'statement', 'bank_ref', 'payment', 'amount'], []);

// The collections desk's own records (no random draws: the rest of the demo stays as it is). Anna Keller works the
// EUR customers, Ben Ortiz the USD and JPY ones. At 2026-11-30: HARBOR has promised its whole overdue balance
// (pending, so dunning skips it: promised), GREENFIELD broke a promise, SAKURA kept one, and follow-ups fall due
// for GREENFIELD (missed) and KLEINBACH. OLIVEIRA still gets the demo's one euro letter.
{
  const collector = (c) => (c.currency === 'EUR' ? 'Anna Keller' : 'Ben Ortiz');
  const openAt = (d, date) => d.amount - d.applied.filter((a) => a.date <= date).reduce((s, a) => s + a.amount, 0);
  // Overdue and not disputed (the last dispute event by then is not open): what a customer is chased for.
  const disputedAt = (d, date) => disputes.filter((e) => e.invoice === d && e.date <= date).at(-1)?.status === 'open';
  const overdueAt = (cust, date) => invoices.filter((d) => d.customer === cust && d.kind === 'invoice' && d.due < date && d.date <= date && openAt(d, date) > 0 && !disputedAt(d, date))
    .sort((x, y) => (x.due < y.due ? -1 : x.due > y.due ? 1 : x.id < y.id ? -1 : 1));
  // The overdue balance a customer promises to pay: what it is chased for.
  const owed = (cust, date) => overdueAt(cust, date).reduce((s, d) => s + openAt(d, date), 0);
  const harbor = overdueAt('HARBOR', AS_OF).find((d) => d.due >= '2026-09-01');
  const greenfield = overdueAt('GREENFIELD', '2026-11-03')[0];
  const oliveira = overdueAt('OLIVEIRA', AS_OF)[0];
  // SAKURA's November payment: promised on the phone five days before it arrived.
  const kept = applications.filter((a) => a.debit.customer === 'SAKURA' && a.date >= '2026-11-01' && payments.includes(a.credit)).sort(byDate)[0];
  if (!harbor || !greenfield || !oliveira || !kept) throw new Error('make-demo: the collections story needs its invoices');
  const ccy = (d) => d.currency;
  const notes = [
    ['2026-10-14', 'KLEINBACH', '', 'meeting', 'Met Frau Brandt (Kreditoren): invoices go through the council approval cycle, next run end of November', '2026-11-27', 'Anna Keller'],
    [addDays(kept.date, -5), kept.debit.customer, kept.debit.id, 'call', `Accounts payable: ${kept.debit.id} is approved, paying this week`, '', collector(byId.get(kept.debit.customer))],
    ['2026-11-03', 'GREENFIELD', greenfield.id, 'call', `AP (Dana): ${greenfield.id} is in their payment run of 13 November`, '2026-11-16', 'Ben Ortiz'],
    ['2026-11-20', 'HARBOR', '', 'call', `Mr Reyes: everything overdue (${harbor.id} and older) will be paid by 4 December`, '2026-12-04', 'Ben Ortiz'],
    ['2026-11-25', 'OLIVEIRA', oliveira.id, 'email', `Asked for a copy of ${oliveira.id} with the PO number; sent it`, '', 'Anna Keller'],
    ['2026-11-26', 'OLIVEIRA', '', 'call', 'Sr. Oliveira: waiting for the copy to be approved; call again next week', '2026-12-03', 'Anna Keller'],
  ];
  const byDay = (x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0);
  files['notes.csv'] = csv(['date', 'customer', 'invoice', 'kind', 'text', 'follow_up', 'by'], notes.sort(byDay));
  files['promises.csv'] = csv(['date', 'customer', 'invoice', 'amount', 'due', 'by', 'note'], [
    [addDays(kept.date, -5), kept.debit.customer, kept.debit.id, fmt(kept.amount, ccy(kept.debit)), addDays(kept.date, 2), collector(byId.get(kept.debit.customer)), 'on the phone'],
    ['2026-11-03', 'GREENFIELD', greenfield.id, fmt(openAt(greenfield, '2026-11-03'), ccy(greenfield)), '2026-11-13', 'Ben Ortiz', 'payment run of 13 November'],
    ['2026-11-20', 'HARBOR', '', fmt(owed('HARBOR', '2026-11-20'), 'USD'), '2026-12-04', 'Ben Ortiz', 'whole overdue balance'],
  ].sort(byDay));
  for (const c of CUSTOMERS) c.collector = collector(c);
}

// Month-end reference rates (units of EUR per unit), a gentle random walk: illustrative, not market data.
{
  const rows = [];
  let usd = 0.9240;
  let jpy = 0.006150;
  for (let m = 1; m <= 11; m++) {
    const d = endOfMonth(`2026-${String(m).padStart(2, '0')}-01`);
    usd *= 1 + (rand() - 0.5) * 0.03;
    jpy *= 1 + (rand() - 0.5) * 0.04;
    rows.push([d, 'JPY', jpy.toFixed(6)], [d, 'USD', usd.toFixed(4)]);
  }
  files['rates.csv'] = csv(['date', 'currency', 'rate'], rows);
}

const y = (s) => JSON.stringify(s); // a JSON string is a valid YAML double-quoted scalar
files['ledger.yaml'] = `# Demo ledger of arledger: a year (2026) of receivables of a small instrument maker.
# Regenerate with: node test/tools/make-demo.mjs
version: 1
company:
  name: ${COMPANY.name}
  email: ${COMPANY.email}
  address: ${y(COMPANY.address)}
  country: ${COMPANY.country}
  vat_id: ${COMPANY.vat_id}
  registration: ${y(COMPANY.registration)}
bank_accounts:                    # where customers pay: printed on documents, used in e-invoices
${COMPANY.bank_accounts.map((b) => `  - { iban: ${b.iban}, bic: ${b.bic}, bank: ${y(b.bank)}, currency: ${b.currency} }`).join('\n')}
payment_reference: rf             # customers quote the ISO 11649 creditor reference made from the invoice id
einvoice:                         # e-invoices: the service-contract invoices carry no lines; their amount includes 19 % VAT
  default_tax: { category: S, rate: "19" }
currency: EUR                     # base currency; customers are billed in EUR, USD or JPY
numbering:
  invoice: "INV-{yyyy}-{seq:5}"
  payment: "PAY-{seq:6}"
  credit-note: "CN-{yyyy}-{seq:4}"
  debit-note: "DN-{yyyy}-{seq:4}"
  write-off: "WO-{yyyy}-{seq:4}"
  refund: "RF-{yyyy}-{seq:4}"
terms: net30
aging:
  basis: due
  buckets: [30, 60, 90]
# no lock_date: the demo is open for trying out the commands that write
dunning:
  min_interval_days: 14
  min_amount: { EUR: "10.00", USD: "10.00", JPY: "1500" }
  levels:
    - { level: 1, after_days: 7, template: reminder }
    - { level: 2, after_days: 30, template: second-notice, fee: { EUR: "10.00", USD: "10.00", JPY: "1500" }, interest: "8" }
    - { level: 3, after_days: 60, template: final-demand, fee: { EUR: "40.00", USD: "40.00", JPY: "6000" }, interest: "8" }
bank:
  profiles:
    hanseatic:
      delimiter: ";"
      decimal: ","
      date_format: "DD.MM.YYYY"
      encoding: utf-8
      currency: EUR
      columns: { date: Buchungstag, amount: Betrag, payer: Auftraggeber, iban: IBAN, reference: Verwendungszweck, id: Buchungs-ID }
`;

files['customers.yaml'] = CUSTOMERS.map((c) => {
  const out = [`${c.id}:`, `  name: ${y(c.name)}`, `  email: ${c.email}`, `  currency: ${c.currency}`, `  terms: ${y(c.terms)}`];
  if (c.credit_limit) out.push(`  credit_limit: ${y(c.credit_limit)}`);
  out.push(`  address: ${y(c.address)}`);
  out.push(`  country: ${c.country}`);
  if (c.vat_id) out.push(`  vat_id: ${c.vat_id}`);
  if (c.buyer_reference) out.push(`  buyer_reference: ${y(c.buyer_reference)}`);
  if (c.einvoice) out.push(`  einvoice: ${c.einvoice}`);
  if (c.bank_accounts) out.push(`  bank_accounts: [${c.bank_accounts.join(', ')}]`);
  if (c.aliases) out.push(`  aliases: [${c.aliases.map(y).join(', ')}]`);
  if (c.hold) out.push('  hold: true                      # on credit hold since August: no new invoices without --force');
  if (c.dunning === false) out.push(`  dunning: false                  # ${c.note}`);
  if (c.collector) out.push(`  collector: ${y(c.collector)}`);
  return out.join('\n');
}).join('\n') + '\n';

// As `arledger init` writes it: the lock and transaction files of a running command are never committed.
files['.gitignore'] = '.arledger.lock\n.arledger.lock.break\n.arledger-txn*\n*.arledger-tmp\n';
files['.gitattributes'] = '# Journals are append-only: a union merge keeps both branches\' new rows; `arledger check` finds duplicates.\n*.csv merge=union\n';

// A November statement from the bank, in the `hanseatic` profile's layout, for trying `arledger reconcile`:
// the EUR payments booked in November (no bank_ref yet), one transfer not booked at all, and one nobody knows.
{
  const de = (minor) => fmt(minor, 'EUR').replace('.', ',');
  const deDate = (d) => `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;
  const lines = [];
  const novPayments = payments.filter((p) => p.currency === 'EUR' && p.date >= '2026-11-01');
  for (const p of novPayments) {
    const c = byId.get(p.customer);
    lines.push({ date: p.date, amount: p.amount, payer: (c.aliases?.[0] ?? c.name).toUpperCase(), iban: c.bank_accounts?.[0] ?? '',
      text: p.settles.map((s) => s.id).join(' ') });
  }
  const unbooked = invoices.filter((i) => i.currency === 'EUR' && i.kind === 'invoice' && openOf(i) > 0 && i.customer === 'HAAS').at(0);
  if (unbooked) lines.push({ date: '2026-11-27', amount: openOf(unbooked), payer: 'HAAS FEINMECHANIK', iban: '', text: `Rechnung ${unbooked.id}` });
  lines.push({ date: '2026-11-26', amount: 24990, payer: 'J. SCHNEIDER', iban: 'DE02120300000000202051', text: 'Ersatzteil Bestellung 7781' });
  lines.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const rows = lines.map((l, i) => [deDate(l.date), de(l.amount), l.payer, l.iban, l.text, `HB2611${String(i + 1).padStart(4, '0')}`]);
  files['statements/2026-11-hanseatic.csv'] = [['Buchungstag', 'Betrag', 'Auftraggeber', 'IBAN', 'Verwendungszweck', 'Buchungs-ID'], ...rows]
    .map((r) => r.map((f) => (/[;"\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(';')).join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------------------
// Self-check: the README promises money in every aging column at 2026-11-30, in every currency.

{
  const BUCKETS = ['current', '1-30', '31-60', '61-90', '91+'];
  const bucketOf = (due) => {
    const days = dayOf(AS_OF) - dayOf(due);
    return days <= 0 ? 0 : days <= 30 ? 1 : days <= 60 ? 2 : days <= 90 ? 3 : 4;
  };
  const totals = {};
  for (const d of [...invoices, ...refunds]) {
    const open = d.amount - d.applied.filter((a) => a.date <= AS_OF).reduce((s, a) => s + a.amount, 0);
    if (open === 0 || d.date > AS_OF) continue;
    const t = (totals[d.currency] ??= [0, 0, 0, 0, 0]);
    t[bucketOf(d.due ?? d.date)] += open;
  }
  const missing = [];
  for (const ccy of ['EUR', 'USD', 'JPY']) {
    BUCKETS.forEach((b, i) => { if (!(totals[ccy]?.[i] > 0)) missing.push(`${ccy} ${b}`); });
  }
  const counts = { invoices: invoices.filter((d) => d.kind === 'invoice').length, 'debit notes': invoices.length - invoices.filter((d) => d.kind === 'invoice').length,
    payments: payments.length, 'credit notes': credits.filter((c) => c.kind === 'credit-note').length,
    'write-offs': credits.filter((c) => c.kind === 'write-off').length, refunds: refunds.length, applications: applications.length };
  const documents = invoices.length + payments.length + credits.length + refunds.length;
  if (missing.length > 0) {
    console.error(`make-demo: no money at ${AS_OF} in: ${missing.join(', ')}`);
    process.exit(1);
  }
  fs.mkdirSync(OUT, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(OUT, name)), { recursive: true });
    fs.writeFileSync(path.join(OUT, name), text);
  }
  console.error(`make-demo: wrote ${OUT}: ${documents} documents (${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')})`);
}
