// Generates a large, valid ledger for the benchmark that looks like a mid-sized distributor's books: N invoices over
// two years for one customer per 20 invoices (50,000 at 1M) in EUR, USD and JPY, and every journal in use — invoice
// lines for a share of the invoices, debit notes, payments (partial, short, over-paid and refunded, one transfer for
// several invoices, some on account), credit notes, write-offs, disputes opened and resolved, a dunning history,
// bank reconciliations, month-end exchange rates, and a few per thousand invoices of promises to pay (kept, pending,
// broken), payment plans (partly paid, re-planned) and voids (an invoice, a bounced or refunded payment, a credit
// note) — under a lock date. customers.yaml carries addresses, payer
// IBANs and aliases, and a few customers on hold or never dunned, so that reading master data costs what it costs
// in real books. Rows are streamed to disk in 1 MiB chunks, so no journal is ever held whole in memory; a seeded
// PRNG and calendar arithmetic (no clock) make the same N and seed give the same bytes.
//
//   node test/bench/generate.mjs DIR N [SEED [INVOICES_PER_CUSTOMER]]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const AS_OF = '2026-11-30';
const START = '2025-01-01';
const CURRENCIES = ['EUR', 'EUR', 'USD', 'JPY']; // half of the customers bill in the base currency
const DIGITS = { EUR: 2, USD: 2, JPY: 0 };
const TERMS = [['net30', 30], ['net30', 30], ['net14', 14], ['net60', 60], ['2/10 net30', 30]];

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

const DAY = 86_400_000;
const dayOf = (d) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / DAY;
// Formatting a date is the hot loop at 1M invoices: cache the strings of the few thousand days in play.
const dateCache = new Map();
const dateOf = (n) => {
  let s = dateCache.get(n);
  if (s === undefined) {
    s = new Date(n * DAY).toISOString().slice(0, 10);
    dateCache.set(n, s);
  }
  return s;
};

function fmt(minor, ccy) {
  const d = DIGITS[ccy];
  if (d === 0) return String(minor);
  const s = String(minor).padStart(d + 1, '0');
  return `${s.slice(0, -d)}.${s.slice(-d)}`;
}

/** Appends text to a file through a 1 MiB buffer: one write call per chunk, nothing held beyond it. */
class Sink {
  constructor(file, header) {
    this.fd = fs.openSync(file, 'w');
    this.buf = `${header}\n`;
    this.rows = 0;
    this.bytes = 0;
  }
  row(line) {
    this.buf += `${line}\n`;
    this.rows++;
    if (this.buf.length >= 1 << 20) this.flush();
  }
  flush() {
    const b = Buffer.from(this.buf, 'utf8');
    fs.writeSync(this.fd, b);
    this.bytes += b.length;
    this.buf = '';
  }
  close() {
    this.flush();
    fs.closeSync(this.fd);
  }
}

const pad = (n, w) => String(n).padStart(w, '0');

/** Invoices per customer: 1M invoices make 50,000 customers, as in the issue's distributor. */
export const INVOICES_PER_CUSTOMER = 20;
/** The customer the benchmark's writing commands use: EUR, net30, never on hold, no credit limit. */
export const BENCH_CUSTOMER = 'C000001';
export const LOCK_DATE = '2026-09-30';

const COMPANY_WORDS = ['Nordwerk', 'Alpen', 'Harbor', 'Sakura', 'Rheinland', 'Cascade', 'Baltic', 'Atlas', 'Vega', 'Lumen',
  'Orion', 'Kessel', 'Delta', 'Fjord', 'Meridian', 'Pioneer', 'Summit', 'Tanaka', 'Rossi', 'Dupont'];
const COMPANY_TRADES = ['Tools', 'Logistics', 'Instruments', 'Supply', 'Engineering', 'Trading', 'Foods', 'Textiles'];
const LEGAL = { EUR: ['GmbH', 'S.A.', 'B.V.', 'S.r.l.'], USD: ['Inc.', 'LLC', 'Corp.'], JPY: ['K.K.', 'Co., Ltd.'] };
const CITIES = { EUR: [['DE', '10115 Berlin\\nGermany'], ['FR', '75002 Paris\\nFrance'], ['IT', '20121 Milano\\nItaly'], ['NL', '1012 AB Amsterdam\\nNetherlands']],
  USD: [['US', 'Portland, OR 97209\\nUSA'], ['US', 'Austin, TX 78701\\nUSA']], JPY: [['JP', 'Chiyoda-ku, Tokyo 100-0005\\nJapan'], ['JP', 'Kita-ku, Osaka 530-0001\\nJapan']] };
const PRODUCTS = [['"Digital caliper DC-150, 150 mm"', 8900], ['Calibration certificate (DAkkS)', 2400], ['"Operator training, per day"', 89000],
  ['Probe head CP-3', 395000], ['Freight and packing', 4500], ['"Torque wrench TW-60, 5-60 Nm"', 21900], ['Surface roughness tester SR-210', 248000]];
const TAX_RATES = { EUR: [19, 19, 7, 0], USD: [0], JPY: [10] };

export function generateLedger(dir, invoiceCount, seed = 42, invoicesPerCustomer = INVOICES_PER_CUSTOMER) {
  const rand = mulberry32(seed);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  fs.mkdirSync(dir, { recursive: true });

  const customerCount = Math.max(1, Math.round(invoiceCount / invoicesPerCustomer));
  const customers = [];
  const cust = new Sink(path.join(dir, 'customers.yaml'), '# Generated by test/bench/generate.mjs');
  let onHold = 0;
  let neverDunned = 0;
  for (let i = 1; i <= customerCount; i++) {
    const id = `C${pad(i, 6)}`;
    const bench = i === 1;
    const currency = bench ? 'EUR' : CURRENCIES[i % CURRENCIES.length];
    const [terms, days] = bench ? ['net30', 30] : TERMS[int(0, TERMS.length - 1)];
    const name = `${COMPANY_WORDS[i % COMPANY_WORDS.length]} ${COMPANY_TRADES[Math.floor(i / COMPANY_WORDS.length) % COMPANY_TRADES.length]} ${i} ${pick(LEGAL[currency])}`;
    const hold = !bench && rand() < 0.005;
    const dunning = bench || rand() >= 0.01;
    if (hold) onHold++;
    if (!dunning) neverDunned++;
    customers.push({ id, currency, terms, days, hold, dunning });
    const [country, city] = pick(CITIES[currency]);
    let y = `${id}:\n  name: "${name}"\n  email: ap-${id.toLowerCase()}@example.com\n  currency: ${currency}\n  terms: "${terms}"\n`
      + `  address: "${name}\\n${int(1, 250)} Harbour Road\\n${city}"\n  country: ${country}\n`;
    if (rand() < 0.3) y += `  bank_accounts: [${country === 'US' || country === 'JP' ? 'GB' : country}${pad(10 + (i % 89), 2)}BANK${pad(i, 14)}]\n`;
    if (rand() < 0.4) y += `  aliases: ["${name.toUpperCase()}"${rand() < 0.3 ? `, "${COMPANY_WORDS[i % COMPANY_WORDS.length].toUpperCase()} ${i}"` : ''}]\n`;
    if (!bench && rand() < 0.2) y += `  credit_limit: "${fmt(int(50, 500) * 100000, currency)}"\n`;
    if (hold) y += '  hold: true\n';
    if (!dunning) y += '  dunning: false\n';
    cust.row(y.slice(0, -1));
  }
  cust.close();

  fs.writeFileSync(path.join(dir, 'ledger.yaml'), `version: 1
company: { name: Benchmark Distribution GmbH, email: ar@bench.example, address: "Benchmark Distribution GmbH\\nHafenstraße 1\\n20457 Hamburg" }
currency: EUR
numbering: { invoice: "INV-{seq:7}", payment: "PAY-{seq:7}", credit-note: "CN-{seq:7}", debit-note: "DN-{seq:7}", write-off: "WO-{seq:7}", refund: "RF-{seq:7}" }
terms: net30
aging: { basis: due, buckets: [30, 60, 90] }
lock_date: ${LOCK_DATE}
dunning:
  min_interval_days: 14
  min_amount: { EUR: "10.00", USD: "10.00", JPY: "1500" }
  levels:
    - { level: 1, after_days: 7, template: reminder }
    - { level: 2, after_days: 30, template: second-notice, fee: { EUR: "10.00", USD: "10.00", JPY: "1500" }, interest: "8" }
    - { level: 3, after_days: 60, template: final-demand, fee: { EUR: "40.00", USD: "40.00", JPY: "6000" }, interest: "8" }
`);
  fs.writeFileSync(path.join(dir, '.gitattributes'), '*.csv merge=union\n');

  const inv = new Sink(path.join(dir, 'invoices.csv'), 'id,kind,date,due,customer,currency,amount,terms,reference,memo');
  const lines = new Sink(path.join(dir, 'invoice-lines.csv'), 'invoice,line,description,quantity,unit_price,tax_rate,net,tax');
  const pay = new Sink(path.join(dir, 'payments.csv'), 'id,date,customer,currency,amount,method,reference,bank_ref,memo');
  const cred = new Sink(path.join(dir, 'credits.csv'), 'id,kind,date,customer,currency,amount,invoice,reason');
  const ref = new Sink(path.join(dir, 'refunds.csv'), 'id,date,customer,currency,amount,method,reference,memo');
  const app = new Sink(path.join(dir, 'applications.csv'), 'date,credit,debit,amount');
  const dis = new Sink(path.join(dir, 'disputes.csv'), 'date,invoice,status,reason');
  const dun = new Sink(path.join(dir, 'dunning.csv'), 'date,customer,level,invoice,open,fee,interest,letter');
  const rec = new Sink(path.join(dir, 'reconciliations.csv'), 'date,statement,bank_ref,payment,amount');
  const rates = new Sink(path.join(dir, 'rates.csv'), 'date,currency,rate');

  const first = dayOf(START);
  const last = dayOf(AS_OF);
  const span = last - first;
  let payN = 0;
  let credN = 0;
  let refN = 0;
  let dnN = 0;

  // Month-end rates of the two foreign currencies, a small random walk.
  let usd = 9300;
  let jpy = 6300;
  for (let y = 2025, m = 1; y < 2026 || (y === 2026 && m <= 11); m === 12 ? (y++, m = 1) : m++) {
    const end = dateOf(Date.UTC(y, m, 0) / DAY);
    usd += int(-80, 80);
    jpy += int(-60, 60);
    rates.row(`${end},JPY,0.00${jpy}`);
    rates.row(`${end},USD,0.${usd}`);
  }

  /** A payment row, reconciled either by its own bank_ref or (one in seven) by a reconciliations.csv row. */
  const payment = (date, c, minor, reference, memo = '') => {
    const p = `PAY-${pad(++payN, 7)}`;
    if (payN % 7 === 0) {
      pay.row(`${p},${date},${c.id},${c.currency},${fmt(minor, c.currency)},transfer,${reference},,${memo}`);
      rec.row(`${date},STMT-${date.slice(0, 7)},BK${payN},${p},${fmt(minor, c.currency)}`);
    } else {
      pay.row(`${p},${date},${c.id},${c.currency},${fmt(minor, c.currency)},transfer,${reference},B${payN},${memo}`);
    }
    return p;
  };
  /** Dunning notices an invoice got between its due date and the day it was paid (or the as-of date). */
  const dunHistory = (c, id, dueN, untilN, open) => {
    if (c.hold || !c.dunning || rand() < 0.4) return;
    for (const [level, after, fee] of [[1, 7, 0], [2, 30, c.currency === 'JPY' ? 1500 : 1000], [3, 60, c.currency === 'JPY' ? 6000 : 4000]]) {
      const d = dueN + after + int(0, 3);
      if (d >= untilN || d > last) return;
      const interest = level === 1 ? '' : fmt(Math.round((open * 8 * (d - dueN)) / 36500), c.currency);
      const date = dateOf(d);
      dun.row(`${date},${c.id},${level},${id},${fmt(open, c.currency)},${level === 1 ? '' : fmt(fee, c.currency)},${interest},outbox/${date}/${c.id}-L${level}.txt`);
    }
  };
  // A customer's invoices still fully open, waiting to be settled together by one transfer.
  const pendingSplit = new Map();
  // What the promises, plans and voids made after the main loop draw on (recorded without drawing a number, so
  // that every row before them is what the same seed always gave).
  const openItems = [];
  const creditNotes = [];
  const fullPayments = [];

  for (let i = 0; i < invoiceCount; i++) {
    const c = customers[Math.floor(customerCount * rand() ** 1.3)];
    const dateN = first + Math.floor((i * span) / invoiceCount);
    const date = dateOf(dateN);
    const dueN = dateN + c.days;
    const id = `INV-${pad(i + 1, 7)}`;
    let amount;
    if (rand() < 0.15) {
      // Itemised: the amount is the sum of its lines, each rounded half-up as `check` recomputes it.
      amount = 0;
      const n = int(1, 3);
      for (let l = 1; l <= n; l++) {
        const [desc, price] = PRODUCTS[int(0, PRODUCTS.length - 1)];
        const unit = c.currency === 'JPY' ? Math.round(price / 100) * 150 : price;
        const qty = int(1, 20);
        const rate = pick(TAX_RATES[c.currency]);
        const net = unit * qty;
        const tax = Math.floor((net * rate + 50) / 100);
        amount += net + tax;
        lines.row(`${id},${l},${desc},${qty},${fmt(unit, c.currency)},${rate},${fmt(net, c.currency)},${fmt(tax, c.currency)}`);
      }
    } else {
      amount = c.currency === 'JPY' ? int(50, 20000) * 100 : int(5000, 2000000);
    }
    inv.row(`${id},invoice,${date},${dateOf(dueN)},${c.id},${c.currency},${fmt(amount, c.currency)},${c.terms},PO-${int(10000, 99999)},${i % 50 === 0 ? '"Delivery in two parts, see note"' : ''}`);

    let open = amount;
    const r = rand();
    // 2 %: a credit note for 10 % (returned goods), applied at once; 0.3 %: a goodwill credit left on account.
    if (r < 0.02) {
      const cn = `CN-${pad(++credN, 7)}`;
      const part = Math.max(1, Math.floor(amount / 10));
      cred.row(`${cn},credit-note,${date},${c.id},${c.currency},${fmt(part, c.currency)},${id},Returned goods`);
      app.row(`${date},${cn},${id},${fmt(part, c.currency)}`);
      open -= part;
      creditNotes.push({ cn, id, c, dateN, part });
    } else if (r < 0.023) {
      cred.row(`CN-${pad(++credN, 7)},credit-note,${date},${c.id},${c.currency},${fmt(c.currency === 'JPY' ? 5000 : 5000, c.currency)},,"Goodwill, delayed delivery"`);
    }
    // 0.7 %: a debit note a few weeks later (freight re-charged), paid in two cases out of three.
    if (r > 0.5 && r < 0.507) {
      const dnDay = dateN + int(20, 60);
      if (dnDay <= last) {
        const dn = `DN-${pad(++dnN, 7)}`;
        const dnAmount = c.currency === 'JPY' ? 3000 : int(1500, 9000);
        inv.row(`${dn},debit-note,${dateOf(dnDay)},${dateOf(dnDay + 14)},${c.id},${c.currency},${fmt(dnAmount, c.currency)},net14,${id},Freight re-charged`);
        const paidDay = dnDay + int(5, 30);
        if (rand() < 0.67 && paidDay <= last) {
          const p = payment(dateOf(paidDay), c, dnAmount, dn);
          app.row(`${dateOf(paidDay)},${p},${dn},${fmt(dnAmount, c.currency)}`);
        }
      }
    }
    // 1.5 %: disputed; two thirds of those are resolved a few weeks later.
    if (r > 0.985) {
      const opened = dateOf(dateN + int(5, 40));
      if (opened <= AS_OF) {
        dis.row(`${opened},${id},open,"Quantity disputed, see e-mail of ${opened}"`);
        const resolved = dateOf(dayOf(opened) + int(7, 60));
        if (rand() < 0.67 && resolved <= AS_OF) dis.row(`${resolved},${id},resolved,Credit agreed`);
      }
    }

    // Most pay within six weeks of the due date; one in twenty only after the final demand.
    const payDayN = dueN + (rand() < 0.05 ? int(61, 150) : int(-15, 45));
    dunHistory(c, id, dueN, Math.min(payDayN, last + 1), open);
    if (payDayN > last) {
      // Still open at the as-of date; an old one is sometimes written off in full.
      if (dueN + 120 <= last && rand() < 0.05) {
        const w = `WO-${pad(++credN, 7)}`;
        const when = dateOf(dueN + 120);
        cred.row(`${w},write-off,${when},${c.id},${c.currency},${fmt(open, c.currency)},${id},Uncollectible`);
        app.row(`${when},${w},${id},${fmt(open, c.currency)}`);
      } else openItems.push({ id, c, dateN, dueN, amount, open, apps: open === amount ? 0 : 1 });
      continue;
    }
    const payDate = dateOf(Math.max(payDayN, dateN));
    const kind = rand();
    if (kind < 0.08) {
      // Partial payment: half now, the rest still open.
      const part = Math.max(1, Math.floor(open / 2));
      const p = payment(payDate, c, part, id);
      app.row(`${payDate},${p},${id},${fmt(part, c.currency)}`);
    } else if (kind < 0.11) {
      // Short payment: the last 1 % is written off as bank charges.
      const wo = Math.max(1, Math.floor(open / 100));
      const p = payment(payDate, c, open - wo, id);
      app.row(`${payDate},${p},${id},${fmt(open - wo, c.currency)}`);
      const w = `WO-${pad(++credN, 7)}`;
      cred.row(`${w},write-off,${payDate},${c.id},${c.currency},${fmt(wo, c.currency)},${id},Bank charges`);
      app.row(`${payDate},${w},${id},${fmt(wo, c.currency)}`);
    } else if (kind < 0.115) {
      // Over-payment: the excess stays unapplied, and every other time is refunded two weeks later.
      const excess = c.currency === 'JPY' ? 1000 : 2500;
      const p = payment(payDate, c, open + excess, id);
      app.row(`${payDate},${p},${id},${fmt(open, c.currency)}`);
      const rfDay = dayOf(payDate) + 14;
      if (rand() < 0.5 && rfDay <= last) {
        const rf = `RF-${pad(++refN, 7)}`;
        ref.row(`${rf},${dateOf(rfDay)},${c.id},${c.currency},${fmt(excess, c.currency)},transfer,,Overpayment returned`);
        app.row(`${dateOf(rfDay)},${p},${rf},${fmt(excess, c.currency)}`);
      }
    } else if (kind < 0.125) {
      // Paid without a usable reference: the money sits on account, the invoice stays open.
      payment(payDate, c, open, '', 'No remittance advice');
    } else if (kind < 0.22 && open === amount) {
      // One transfer for two to four invoices: wait for the customer's next ones and settle them together.
      let group = pendingSplit.get(c.id);
      if (!group) pendingSplit.set(c.id, (group = { want: int(2, 4), items: [] }));
      group.items.push({ id, open });
      if (group.items.length < group.want) continue;
      pendingSplit.delete(c.id);
      const total = group.items.reduce((s, it) => s + it.open, 0);
      const p = payment(payDate, c, total, group.items.map((it) => it.id).join(' '));
      for (const it of group.items) app.row(`${payDate},${p},${it.id},${fmt(it.open, c.currency)}`);
    } else {
      const p = payment(payDate, c, open, id);
      app.row(`${payDate},${p},${id},${fmt(open, c.currency)}`);
      if (payN % 331 === 0) fullPayments.push({ p, id, c, dateN: dayOf(payDate), open });
    }
  }

  // Collections (SPEC §8) and voids, from a PRNG of their own and appended after every other row.
  const rand2 = mulberry32(seed ^ 0x5eed);
  const int2 = (lo, hi) => lo + Math.floor(rand2() * (hi - lo + 1));
  const pick2 = (xs) => xs[Math.floor(rand2() * xs.length)];
  const prom = new Sink(path.join(dir, 'promises.csv'), 'date,customer,invoice,amount,due,by,note');
  const plans = new Sink(path.join(dir, 'plans.csv'), 'date,invoice,instalment,due,amount');
  const voids = new Sink(path.join(dir, 'voids.csv'), 'date,document,reversal,applications,reason,by');
  const perThousand = (n) => Math.max(1, Math.round((invoiceCount * n) / 1000));
  const used = new Set();
  const overdue = openItems.filter((o) => o.dueN < last);
  const fresh = (list) => {
    for (let tries = 0; tries < 20 && list.length > 0; tries++) {
      const x = list[int2(0, list.length - 1)];
      if (!used.has(x.id)) {
        used.add(x.id);
        return x;
      }
    }
    return null;
  };
  // An invoice issued in error, voided by a credit note for its amount (its returned-goods credit reversed with it).
  for (let k = 0; k < perThousand(0.5); k++) {
    const o = fresh(overdue);
    if (!o) break;
    const v = dateOf(Math.max(o.dateN, last - int2(0, 50)));
    const cn = `CN-${pad(++credN, 7)}`;
    cred.row(`${cn},credit-note,${v},${o.c.id},${o.c.currency},${fmt(o.amount, o.c.currency)},${o.id},Issued in error`);
    app.row(`${v},${cn},${o.id},${fmt(o.amount, o.c.currency)}`);
    voids.row(`${v},${o.id},${cn},${o.apps},Issued in error,Ben Ortiz`);
  }
  // A payment that bounced (voided alone) or was sent back (voided by a refund): its invoice is open again.
  for (let k = 0; k < perThousand(0.3); k++) {
    const f = fresh(fullPayments);
    if (!f) break;
    const v = dateOf(Math.max(f.dateN, last - int2(0, 40)));
    if (rand2() < 0.5) {
      const rf = `RF-${pad(++refN, 7)}`;
      ref.row(`${rf},${v},${f.c.id},${f.c.currency},${fmt(f.open, f.c.currency)},transfer,,Paid to the wrong account`);
      app.row(`${v},${f.p},${rf},${fmt(f.open, f.c.currency)}`);
      voids.row(`${v},${f.p},${rf},1,Paid to the wrong account,Ben Ortiz`);
    } else {
      voids.row(`${v},${f.p},,1,"Direct debit returned, no funds",Ben Ortiz`);
    }
  }
  // A credit note given twice, voided by a debit note.
  for (let k = 0; k < perThousand(0.2); k++) {
    const x = fresh(creditNotes);
    if (!x) break;
    const vN = Math.max(x.dateN, last - int2(0, 40));
    const dn = `DN-${pad(++dnN, 7)}`;
    inv.row(`${dn},debit-note,${dateOf(vN)},${dateOf(vN + 14)},${x.c.id},${x.c.currency},${fmt(x.part, x.c.currency)},net14,${x.cn},Credit note voided`);
    app.row(`${dateOf(vN)},${x.cn},${dn},${fmt(x.part, x.c.currency)}`);
    voids.row(`${dateOf(vN)},${x.cn},${dn},1,Credited twice,Ben Ortiz`);
  }
  // Promises to pay an overdue invoice (or the whole overdue balance): a third kept by a payment in time, the rest
  // pending or broken as their due date falls.
  for (let k = 0; k < perThousand(3); k++) {
    const o = fresh(overdue);
    if (!o) break;
    const pN = Math.max(o.dateN, last - int2(0, 45));
    const dueN = pN + int2(3, 21);
    const amount = rand2() < 0.6 ? o.open : Math.max(1, Math.floor(o.open / 2));
    const note = pick2(['', 'on the phone', '"Called, will pay on Friday"', 'payment run of the 15th']);
    prom.row(`${dateOf(pN)},${o.c.id},${rand2() < 0.8 ? o.id : ''},${fmt(amount, o.c.currency)},${dateOf(dueN)},Ben Ortiz,${note}`);
    const paidN = pN + int2(0, dueN - pN);
    if (rand2() < 0.35 && paidN <= last) {
      const p = payment(dateOf(paidN), o.c, amount, o.id);
      app.row(`${dateOf(paidN)},${p},${o.id},${fmt(amount, o.c.currency)}`);
    }
  }
  // Payment plans on overdue invoices: instalments a fortnight or a month apart, some partly paid, some re-planned.
  for (let k = 0; k < perThousand(2); k++) {
    const o = fresh(overdue);
    if (!o) break;
    const plan = (dN, open, n) => {
      const every = rand2() < 0.5 ? 14 : 30;
      const firstN = dN + int2(7, 30);
      const share = Math.floor(open / n);
      if (share <= 0) return null;
      for (let i = 1; i <= n; i++) plans.row(`${dateOf(dN)},${o.id},${i},${dateOf(firstN + (i - 1) * every)},${fmt(i === n ? open - share * (n - 1) : share, o.c.currency)}`);
      return { firstN, share };
    };
    const dN = Math.max(o.dateN, last - int2(10, 80));
    const first = plan(dN, o.open, int2(2, 4));
    if (!first || first.firstN > last || rand2() < 0.5) continue;
    const p = payment(dateOf(first.firstN), o.c, first.share, o.id);
    app.row(`${dateOf(first.firstN)},${p},${o.id},${fmt(first.share, o.c.currency)}`);
    const againN = first.firstN + int2(1, 10);
    if (rand2() < 0.5 && againN <= last) plan(againN, o.open - first.share, int2(2, 3));
  }

  const sinks = { invoices: inv, 'invoice-lines': lines, payments: pay, credits: cred, refunds: ref, applications: app,
    disputes: dis, dunning: dun, reconciliations: rec, rates, promises: prom, plans, voids };
  let bytes = cust.bytes;
  const rows = {};
  for (const [name, s] of Object.entries(sinks)) {
    s.close();
    bytes += s.bytes;
    rows[name] = s.rows;
  }
  return { dir, invoices: invoiceCount, customers: customerCount, onHold, neverDunned, rows, bytes };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, n, seed, per] = process.argv.slice(2);
  if (!dir || !n || !/^\d+$/.test(n) || (per !== undefined && !/^[1-9]\d*$/.test(per))) {
    console.error('usage: node test/bench/generate.mjs DIR N [SEED [INVOICES_PER_CUSTOMER]]');
    process.exit(2);
  }
  const stats = generateLedger(path.resolve(dir), Number(n), seed ? Number(seed) : 42, per ? Number(per) : INVOICES_PER_CUSTOMER);
  console.error(`generated ${stats.dir}: ${JSON.stringify(stats.rows)}, ${(stats.bytes / 1048576).toFixed(1)} MiB`);
}
