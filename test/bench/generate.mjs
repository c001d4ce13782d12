// Generates a large, valid ledger for the benchmark: N invoices over two years for ~1000 customers in EUR, USD and
// JPY, with payments (some partial, some split over two invoices, some over-payments refunded), credit notes,
// write-offs and disputes in proportion. Rows are streamed to disk in chunks, so memory stays flat at any N;
// a seeded PRNG and calendar arithmetic (no clock) make the same N give the same bytes.
//
//   node test/bench/generate.mjs DIR N [SEED]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const AS_OF = '2026-11-30';
const START = '2025-01-01';
const CURRENCIES = ['EUR', 'EUR', 'USD', 'JPY']; // half of the customers bill in the base currency
const DIGITS = { EUR: 2, USD: 2, JPY: 0 };
const TERMS = [['net30', 30], ['net30', 30], ['net14', 14], ['net60', 60]];

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

export function generateLedger(dir, invoiceCount, seed = 42) {
  const rand = mulberry32(seed);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  fs.mkdirSync(dir, { recursive: true });

  const customerCount = 1000;
  const customers = [];
  let yaml = '';
  for (let i = 1; i <= customerCount; i++) {
    const id = `C${pad(i, 4)}`;
    const currency = CURRENCIES[i % CURRENCIES.length];
    const [terms, days] = TERMS[int(0, TERMS.length - 1)];
    customers.push({ id, currency, terms, days });
    yaml += `${id}:\n  name: "Customer ${id} ${['GmbH', 'Ltd', 'Inc.', 'K.K.', 'S.A.'][i % 5]}"\n  email: ap-${id.toLowerCase()}@example.com\n`
      + `  currency: ${currency}\n  terms: ${terms}\n`;
  }
  fs.writeFileSync(path.join(dir, 'customers.yaml'), yaml);
  fs.writeFileSync(path.join(dir, 'ledger.yaml'), `version: 1
company: { name: Benchmark Co, email: ar@bench.example }
currency: EUR
numbering: { invoice: "INV-{seq:7}", payment: "PAY-{seq:7}", credit-note: "CN-{seq:7}", write-off: "WO-{seq:7}", refund: "RF-{seq:7}" }
terms: net30
aging: { basis: due, buckets: [30, 60, 90] }
`);
  fs.writeFileSync(path.join(dir, '.gitattributes'), '*.csv merge=union\n');
  for (const [file, header] of [['dunning.csv', 'date,customer,level,invoice,open,fee,interest,letter'],
    ['reconciliations.csv', 'date,statement,bank_ref,payment,amount']]) {
    fs.writeFileSync(path.join(dir, file), `${header}\n`);
  }

  const inv = new Sink(path.join(dir, 'invoices.csv'), 'id,kind,date,due,customer,currency,amount,terms,reference,memo');
  const pay = new Sink(path.join(dir, 'payments.csv'), 'id,date,customer,currency,amount,method,reference,bank_ref,memo');
  const cred = new Sink(path.join(dir, 'credits.csv'), 'id,kind,date,customer,currency,amount,invoice,reason');
  const ref = new Sink(path.join(dir, 'refunds.csv'), 'id,date,customer,currency,amount,method,reference,memo');
  const app = new Sink(path.join(dir, 'applications.csv'), 'date,credit,debit,amount');
  const dis = new Sink(path.join(dir, 'disputes.csv'), 'date,invoice,status,reason');

  const first = dayOf(START);
  const last = dayOf(AS_OF);
  const span = last - first;
  let payN = 0;
  let credN = 0;
  let refN = 0;
  // A customer's last invoice, still fully open, waiting to share one payment with the next (a split payment).
  const pendingSplit = new Map();

  for (let i = 0; i < invoiceCount; i++) {
    const c = customers[int(0, customerCount - 1)];
    const dateN = first + Math.floor((i * span) / invoiceCount);
    const date = dateOf(dateN);
    const dueN = dateN + c.days;
    const id = `INV-${pad(i + 1, 7)}`;
    const amount = c.currency === 'JPY' ? int(50, 20000) * 100 : int(5000, 2000000);
    inv.row(`${id},invoice,${date},${dateOf(dueN)},${c.id},${c.currency},${fmt(amount, c.currency)},${c.terms},PO-${int(10000, 99999)},`);

    let open = amount;
    const r = rand();
    // 2 %: a credit note for 10 % (returned goods), applied at once.
    if (r < 0.02) {
      const cn = `CN-${pad(++credN, 7)}`;
      const part = Math.max(1, Math.floor(amount / 10));
      cred.row(`${cn},credit-note,${date},${c.id},${c.currency},${fmt(part, c.currency)},${id},Returned goods`);
      app.row(`${date},${cn},${id},${fmt(part, c.currency)}`);
      open -= part;
    }
    // 1.5 %: disputed; two thirds of those are resolved a few weeks later.
    if (r > 0.985) {
      const opened = dateOf(dateN + int(5, 40));
      if (opened <= AS_OF) {
        dis.row(`${opened},${id},open,Quantity disputed`);
        const resolved = dateOf(dayOf(opened) + int(7, 60));
        if (rand() < 0.67 && resolved <= AS_OF) dis.row(`${resolved},${id},resolved,Credit agreed`);
      }
    }

    const payDayN = dueN + int(-15, 45);
    if (payDayN > last) continue; // still open at the as-of date
    const payDate = dateOf(Math.max(payDayN, dateN));
    const kind = rand();
    if (kind < 0.08) {
      // Partial payment: half now, the rest still open.
      const part = Math.max(1, Math.floor(open / 2));
      const p = `PAY-${pad(++payN, 7)}`;
      pay.row(`${p},${payDate},${c.id},${c.currency},${fmt(part, c.currency)},transfer,${id},B${payN},`);
      app.row(`${payDate},${p},${id},${fmt(part, c.currency)}`);
    } else if (kind < 0.11) {
      // Short payment: the last 1 % is written off as bank charges.
      const wo = Math.max(1, Math.floor(open / 100));
      const p = `PAY-${pad(++payN, 7)}`;
      pay.row(`${p},${payDate},${c.id},${c.currency},${fmt(open - wo, c.currency)},transfer,${id},B${payN},`);
      app.row(`${payDate},${p},${id},${fmt(open - wo, c.currency)}`);
      const w = `WO-${pad(++credN, 7)}`;
      cred.row(`${w},write-off,${payDate},${c.id},${c.currency},${fmt(wo, c.currency)},${id},Bank charges`);
      app.row(`${payDate},${w},${id},${fmt(wo, c.currency)}`);
    } else if (kind < 0.115) {
      // Over-payment: the excess stays unapplied, and every other time is refunded two weeks later.
      const excess = c.currency === 'JPY' ? 1000 : 2500;
      const p = `PAY-${pad(++payN, 7)}`;
      pay.row(`${p},${payDate},${c.id},${c.currency},${fmt(open + excess, c.currency)},transfer,${id},B${payN},`);
      app.row(`${payDate},${p},${id},${fmt(open, c.currency)}`);
      const rfDay = dayOf(payDate) + 14;
      if (rand() < 0.5 && rfDay <= last) {
        const rf = `RF-${pad(++refN, 7)}`;
        ref.row(`${rf},${dateOf(rfDay)},${c.id},${c.currency},${fmt(excess, c.currency)},transfer,,Overpayment returned`);
        app.row(`${dateOf(rfDay)},${p},${rf},${fmt(excess, c.currency)}`);
      }
    } else if (kind < 0.2 && open === amount) {
      // Split payment: wait for the customer's next invoice and settle both with one transfer.
      const prev = pendingSplit.get(c.id);
      if (!prev) {
        pendingSplit.set(c.id, { id, open, dateN });
        continue;
      }
      pendingSplit.delete(c.id);
      const when = dateOf(Math.max(payDayN, dateN));
      const p = `PAY-${pad(++payN, 7)}`;
      pay.row(`${p},${when},${c.id},${c.currency},${fmt(prev.open + open, c.currency)},transfer,${prev.id} ${id},B${payN},`);
      app.row(`${when},${p},${prev.id},${fmt(prev.open, c.currency)}`);
      app.row(`${when},${p},${id},${fmt(open, c.currency)}`);
    } else {
      const p = `PAY-${pad(++payN, 7)}`;
      pay.row(`${p},${payDate},${c.id},${c.currency},${fmt(open, c.currency)},transfer,${id},B${payN},`);
      app.row(`${payDate},${p},${id},${fmt(open, c.currency)}`);
    }
  }

  const sinks = { invoices: inv, payments: pay, credits: cred, refunds: ref, applications: app, disputes: dis };
  let bytes = 0;
  const rows = {};
  for (const [name, s] of Object.entries(sinks)) {
    s.close();
    bytes += s.bytes;
    rows[name] = s.rows;
  }
  return { dir, invoices: invoiceCount, customers: customerCount, rows, bytes };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, n, seed] = process.argv.slice(2);
  if (!dir || !n || !/^\d+$/.test(n)) {
    console.error('usage: node test/bench/generate.mjs DIR N [SEED]');
    process.exit(2);
  }
  const stats = generateLedger(path.resolve(dir), Number(n), seed ? Number(seed) : 42);
  console.error(`generated ${stats.dir}: ${JSON.stringify(stats.rows)}, ${(stats.bytes / 1048576).toFixed(1)} MiB`);
}
