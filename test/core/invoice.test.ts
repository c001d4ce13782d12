// Issuing invoices: line pricing, due dates from every terms form, ids, credit checks; and the list/show read side.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Big from 'big.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, endOfMonth, fromDayNumber, localDateOf, type LocalDate } from '../../src/core/date.js';
import { RefusedError, UsageError } from '../../src/core/issues.js';
import { type JournalName } from '../../src/core/journals.js';
import { type Ledger, type LedgerInput } from '../../src/core/ledger.js';
import { planCustomer, customerStanding } from '../../src/core/ops/customer.js';
import {
  listInvoices, parseLineSpec, planInvoice, priceLine, resolveDue, showInvoice, type InvoiceRequest, type LineSpec,
} from '../../src/core/ops/invoice.js';
import { nextId } from '../../src/core/ops/numbering.js';
import { customerAppend } from '../../src/io/customers-file.js';
import { readYaml } from '../../src/io/yaml.js';
import { SHARED } from '../helpers/cli.js';
import { inputFrom, issuesAfterRows, ledgerFrom, type Journals } from '../helpers/ledger.js';

const CUSTOMERS = `ACME:
  name: Acme Corporation
  currency: EUR
  terms: net14
LIM:
  name: Limited Ltd
  currency: EUR
  credit_limit: "1000.00"
HOLD:
  name: Held GmbH
  currency: EUR
  hold: true
YEN:
  name: Yen KK
  currency: JPY
DIN:
  name: Dinar Co
  currency: KWD
`;

const inputOf = (journals: Journals): LedgerInput => inputFrom(journals, CUSTOMERS);

const ledgerOf = (journals: Journals = {}): Ledger => ledgerFrom(journals, CUSTOMERS);

/** Every issue of the ledger with the rows appended, written as the CLI writes them (CSV-quoted). */
const issuesAfter = (journals: Journals, rows: readonly { journal: JournalName; fields: readonly string[] }[]): string[] =>
  issuesAfterRows(journals, CUSTOMERS, rows);

const d = (s: string): LocalDate => s as LocalDate;

function request(over: Partial<InvoiceRequest>): InvoiceRequest {
  return {
    kind: 'invoice', customer: 'ACME', date: d('2026-11-02'), due: null, terms: null, id: null, reference: '', memo: '',
    lines: null, amount: '100.00', force: false, ...over,
  };
}

function plan(ledger: Ledger, over: Partial<InvoiceRequest>) {
  const req = request(over);
  return planInvoice(ledger, req, () => nextId(ledger, req.kind, req.date));
}

describe('parseLineSpec', () => {
  it('reads description, quantity, unit price and an optional tax rate', () => {
    expect(parseLineSpec('Consulting;10;120.00;20')).toEqual({ description: 'Consulting', quantity: '10', unitPrice: '120.00', taxRate: '20' });
    expect(parseLineSpec('Travel, rail;1;85.5')).toEqual({ description: 'Travel, rail', quantity: '1', unitPrice: '85.5', taxRate: '0' });
    expect(parseLineSpec('Discount;-1;50.00')).toMatchObject({ quantity: '-1' });
  });

  it.each([
    ['Consulting;10', /2 fields/],
    ['a;1;2;3;4', /5 fields/],
    [';1;2', /empty description/],
    ['x;ten;2', /quantity "ten" is not a decimal number/],
    ['x;1;2,50', /unit price "2,50" is not a decimal number/],
    ['x;1;€2', /unit price "€2"/],
    ['x;1;2;20%', /tax rate "20%" is not a percentage/],
    ['x;1;2;101', /tax rate "101"/],
    ['x;1;2;-5', /tax rate "-5"/],
    ['x;1;1e3', /unit price "1e3"/],
    ['a\nb;1;2', /control character/],
  ])('refuses %j as a usage error', (text, message) => {
    expect(() => parseLineSpec(text)).toThrow(UsageError);
    expect(() => parseLineSpec(text)).toThrow(message);
  });
});

describe('priceLine', () => {
  const line = (quantity: string, unitPrice: string, taxRate = '0'): LineSpec => ({ description: 'x', quantity, unitPrice, taxRate });

  it('rounds net and tax half-up to the minor unit, each on its own', () => {
    expect(priceLine(line('1', '85.555'), 'EUR')).toMatchObject({ net: 8556, tax: 0 });
    expect(priceLine(line('3', '0.335', '19'), 'EUR')).toMatchObject({ net: 101, tax: 19 }); // 1.005 -> 1.01; 0.1919 -> 0.19
    expect(priceLine(line('1', '10.05', '7'), 'EUR')).toMatchObject({ net: 1005, tax: 70 }); // 0.7035 -> 0.70
    expect(priceLine(line('1', '0.125', '0'), 'EUR')).toMatchObject({ net: 13 });
    expect(priceLine(line('2', '333.5', '10'), 'JPY')).toMatchObject({ net: 667, tax: 67 }); // 66.7 -> 67
    expect(priceLine(line('1', '1.2345', '5'), 'KWD')).toMatchObject({ net: 1235, tax: 62 }); // 0.06175 -> 0.062
  });

  it('rounds a discount line away from zero on .5, as bookkeepers do for both signs', () => {
    expect(priceLine(line('-1', '0.005'), 'EUR')).toMatchObject({ net: -1 });
    expect(priceLine(line('-2', '10.00', '20'), 'EUR')).toMatchObject({ net: -2000, tax: -400 });
  });

  it('refuses a line too large to hold exactly', () => {
    expect(() => priceLine(line('999999999999', '999999999999'), 'EUR')).toThrow(/too large/);
  });
});

describe('resolveDue', () => {
  const due = (date: string, terms: string): string => resolveDue({ date: d(date), due: null, terms: [terms] }).due;

  it('net<N>, eom<N>, receipt and a discount prefix', () => {
    expect(due('2026-11-02', 'net30')).toBe('2026-12-02');
    expect(due('2026-12-15', 'net30')).toBe('2027-01-14');
    expect(due('2026-11-02', 'receipt')).toBe('2026-11-02');
    expect(due('2026-11-02', 'net0')).toBe('2026-11-02');
    expect(due('2026-11-02', '2/10 net30')).toBe('2026-12-02');
    expect(due('2026-01-15', 'eom30')).toBe('2026-03-02');
    expect(due('2026-01-31', 'eom0')).toBe('2026-01-31');
    expect(due('2026-12-01', 'eom15')).toBe('2027-01-15');
  });

  it('eom across February in leap and common years, including the century rules', () => {
    expect(due('2024-02-01', 'eom0')).toBe('2024-02-29');
    expect(due('2023-02-10', 'eom0')).toBe('2023-02-28');
    expect(due('2000-02-10', 'eom1')).toBe('2000-03-01');
    expect(due('2100-02-10', 'eom1')).toBe('2100-03-01');
    expect(due('2100-02-28', 'eom0')).toBe('2100-02-28');
    expect(due('2024-01-31', 'eom29')).toBe('2024-02-29');
    expect(due('2024-02-29', 'net365')).toBe('2025-02-28');
  });

  it('takes the first terms given: --terms, then the customer\'s, then the ledger\'s', () => {
    const r = resolveDue({ date: d('2026-11-02'), due: null, terms: [null, 'eom15', 'net30'] });
    expect(r).toEqual({ due: '2026-12-15', terms: 'eom15' });
    expect(resolveDue({ date: d('2026-11-02'), due: null, terms: [null, null, 'receipt'] })).toEqual({ due: '2026-11-02', terms: 'receipt' });
  });

  it('an explicit due date wins, and must not be before the date', () => {
    expect(resolveDue({ date: d('2026-11-02'), due: d('2026-11-20'), terms: ['net30'] })).toEqual({ due: '2026-11-20', terms: 'net30' });
    expect(() => resolveDue({ date: d('2026-11-02'), due: d('2026-11-01'), terms: ['net30'] })).toThrow(RefusedError);
  });

  const dates = fc.integer({ min: civil(1900, 1, 1), max: civil(2200, 12, 31) }).map(fromDayNumber);

  it('property: net<N> is N days after the date', () => {
    fc.assert(fc.property(dates, fc.integer({ min: 0, max: 3650 }), (date, n) => daysBetween(d(due(date, `net${n}`)), date) === n));
  });

  it('property: eom<N> is N days after the last day of the invoice month', () => {
    fc.assert(fc.property(dates, fc.integer({ min: 0, max: 400 }), (date, n) => {
      const got = d(due(date, `eom${n}`));
      const last = addDays(got, -n);
      // The last day of the month: same month as the date, and the next day is the 1st.
      return last.slice(0, 7) === date.slice(0, 7) && addDays(last, 1).endsWith('-01') && got >= date && last === endOfMonth(date);
    }));
  });

  it('property: a discount prefix never changes the due date', () => {
    fc.assert(fc.property(dates, fc.integer({ min: 0, max: 120 }), fc.constantFrom('net', 'eom'), (date, n, rule) =>
      due(date, `2/10 ${rule}${n}`) === due(date, `${rule}${n}`)));
  });

  it('real data: the IBM receivables sample (net 30) gives every DueDate from its InvoiceDate', () => {
    const file = path.join(SHARED, 'data', 'ar', 'WA_Fn-UseC_-Accounts-Receivable.csv');
    const rows = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
    const iso = (mdy: string): string => {
      const [m, dd, y] = mdy.split('/').map(Number) as [number, number, number];
      return localDateOf(y, m, dd);
    };
    expect(rows.length).toBe(2466);
    const wrong = rows.filter((r) => due(iso(r[4]!), 'net30') !== iso(r[5]!));
    expect(wrong).toEqual([]);
  });
});

function civil(y: number, m: number, dd: number): number {
  return daysBetween(localDateOf(y, m, dd), d('1970-01-01'));
}

describe('planInvoice', () => {
  it('prices the lines, writes the invoice row and one line row each, with the customer\'s terms', () => {
    const ledger = ledgerOf();
    const p = plan(ledger, { amount: null, lines: [parseLineSpec('Consulting;10;120.00;20'), parseLineSpec('Travel, rail;1;85.555')] });
    expect(p.rows).toEqual([
      { journal: 'invoices.csv', fields: ['INV-2026-00001', 'invoice', '2026-11-02', '2026-11-16', 'ACME', 'EUR', '1525.56', 'net14', '', ''] },
      { journal: 'invoice-lines.csv', fields: ['INV-2026-00001', '1', 'Consulting', '10', '120.00', '20', '1200.00', '240.00'] },
      { journal: 'invoice-lines.csv', fields: ['INV-2026-00001', '2', 'Travel, rail', '1', '85.555', '0', '85.56', '0.00'] },
    ]);
    expect(issuesAfter({}, p.rows)).toEqual([]);
  });

  it('an amount instead of lines; --terms over the customer\'s; the ledger\'s terms when the customer has none', () => {
    const ledger = ledgerOf();
    expect(plan(ledger, { terms: 'eom15' }).invoice).toMatchObject({ amount: 10000, due: '2026-12-15', terms: 'eom15' });
    expect(plan(ledger, { customer: 'YEN', amount: '1500' }).invoice).toMatchObject({ amount: 1500, due: '2026-12-02', terms: 'net30' });
  });

  it('numbers ids by the numbering patterns, debit notes separately, and takes --id as given', () => {
    const ledger = ledgerOf({ 'invoices.csv': 'INV-2026-00007,invoice,2026-01-05,2026-02-04,ACME,EUR,10.00,net30,,\nINV-2025-00042,invoice,2025-01-05,2025-02-04,ACME,EUR,10.00,net30,,\n' });
    expect(plan(ledger, {}).invoice.id).toBe('INV-2026-00008');
    expect(plan(ledger, { date: d('2025-12-31') }).invoice.id).toBe('INV-2025-00043');
    expect(plan(ledger, { kind: 'debit-note' }).invoice).toMatchObject({ id: 'DN-2026-0001', kind: 'debit-note' });
    expect(plan(ledger, { id: 'X-1' }).invoice.id).toBe('X-1');
    expect(() => plan(ledger, { id: 'INV-2026-00007' })).toThrow(/already used \(invoice at invoices.csv:2\)/);
    expect(() => plan(ledger, { id: 'bad id' })).toThrow(UsageError);
  });

  it('refuses an unknown customer, bad amounts and lines that do not add up to more than zero', () => {
    const ledger = ledgerOf();
    expect(() => plan(ledger, { customer: 'NOPE' })).toThrow(RefusedError);
    expect(() => plan(ledger, { amount: '12,50' })).toThrow(/comma/);
    expect(() => plan(ledger, { amount: '0.00' })).toThrow(/greater than 0/);
    expect(() => plan(ledger, { customer: 'YEN', amount: '10.5' })).toThrow(/JPY has no minor unit/);
    expect(() => plan(ledger, { amount: null, lines: [parseLineSpec('a;1;10'), parseLineSpec('b;-1;10')] })).toThrow(/add up to 0.00/);
    expect(() => plan(ledger, { terms: 'net 30' })).toThrow(UsageError);
  });

  it('refuses a customer on hold or past its credit limit, unless forced, which turns the refusal into a warning', () => {
    const ledger = ledgerOf({ 'invoices.csv': 'L-1,invoice,2026-10-01,2026-10-31,LIM,EUR,900.00,net30,,\n', 'payments.csv': 'P-1,2026-10-20,LIM,EUR,300.00,,,,\n' });
    expect(plan(ledger, { customer: 'LIM', amount: '400.00' }).warnings).toEqual([]); // 600 + 400 = 1000: at the limit
    expect(() => plan(ledger, { customer: 'LIM', amount: '400.01' })).toThrow(/balance 600.00 plus this 400.01 is 1000.01 EUR, over its credit limit 1000.00/);
    expect(plan(ledger, { customer: 'LIM', amount: '400.01', force: true }).warnings).toHaveLength(1);
    expect(() => plan(ledger, { customer: 'HOLD' })).toThrow(/credit hold/);
    expect(plan(ledger, { customer: 'HOLD', force: true }).warnings[0]).toMatch(/credit hold/);
  });

  const lineArb = fc.record({
    description: fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/[;\u0000-\u001f\u007f]/.test(s) && s.trim() === s && s !== ''),
    quantity: fc.tuple(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 0, max: 999 })).map(([a, b]) => (b === 0 ? String(a) : `${a}.${b}`)),
    unitPrice: fc.tuple(fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 0, max: 99999 })).map(([a, b]) => `${a}.${String(b).padStart(5, '0')}`),
    taxRate: fc.constantFrom('0', '5', '7', '19', '20', '21', '8.1', '7.7', '25.5'),
  });

  it('property: Σ(net + tax) of the lines is the amount, and the rows keep every rule of the ledger', () => {
    const ledger = ledgerOf();
    fc.assert(fc.property(fc.array(lineArb, { minLength: 1, maxLength: 6 }), fc.constantFrom('ACME', 'YEN', 'DIN'), (lines, customer) => {
      const priced = lines.map((l) => priceLine(l, ledger.customers.get(customer)!.currency));
      const total = priced.reduce((s, l) => s + l.net + l.tax, 0);
      fc.pre(total > 0);
      const p = plan(ledger, { customer, amount: null, lines });
      expect(p.invoice.amount).toBe(total);
      expect(issuesAfter({}, p.rows)).toEqual([]);
    }), { numRuns: 200 });
  });

  it('property: each line is exact decimal arithmetic rounded half-up once (checked against integer arithmetic)', () => {
    fc.assert(fc.property(lineArb, (l) => {
      const p = priceLine(l, 'EUR');
      // qty × price in units of 10^-(qd+5) as a BigInt, then round half-up to cents.
      const [qi, qf = ''] = l.quantity.split('.');
      const scaled = BigInt(`${qi}${qf}`) * BigInt(l.unitPrice.replace('.', ''));
      const scale = 10n ** BigInt(qf.length + 5 - 2);
      const net = (scaled + scale / 2n) / scale;
      return BigInt(p.net) === net && new Big(p.net).times(l.taxRate).div(100).round(0, Big.roundHalfUp).eq(p.tax);
    }), { numRuns: 500 });
  });
});

describe('listInvoices and showInvoice', () => {
  const journals: Journals = {
    'invoices.csv': [
      'A-1,invoice,2026-09-01,2026-10-01,ACME,EUR,100.00,net30,PO-1,',
      'A-2,invoice,2026-10-01,2026-10-31,ACME,EUR,200.00,net30,,',
      'A-3,debit-note,2026-11-15,2026-11-29,ACME,EUR,10.00,net14,,fee',
      'L-1,invoice,2026-12-05,2027-01-04,LIM,EUR,50.00,net30,,',
      '',
    ].join('\n'),
    'payments.csv': 'P-1,2026-10-20,ACME,EUR,150.00,,,,\n',
    'applications.csv': '2026-10-20,P-1,A-1,100.00\n2026-11-20,P-1,A-2,50.00\n',
    'disputes.csv': '2026-11-01,A-2,open,wrong quantity\n2026-12-10,A-2,resolved,credited\n',
    'invoice-lines.csv': 'A-1,1,Widget,4,25.00,0,100.00,0.00\n',
  };

  it('lists what is dated by the date, with open amount and status paid/disputed/overdue/open', () => {
    const ledger = ledgerOf(journals);
    const all = listInvoices(ledger, { asOf: d('2026-11-30'), openOnly: false, customer: null });
    expect(all.map((i) => [i.id, i.open, i.status])).toEqual([['A-1', 0, 'paid'], ['A-2', 15000, 'disputed'], ['A-3', 1000, 'overdue']]);
    expect(listInvoices(ledger, { asOf: d('2026-11-19'), openOnly: true, customer: 'ACME' }).map((i) => [i.id, i.open, i.status])).toEqual([['A-2', 20000, 'disputed'], ['A-3', 1000, 'open']]);
    expect(listInvoices(ledger, { asOf: d('2026-12-31'), openOnly: true, customer: null }).map((i) => [i.id, i.status])).toEqual([['A-2', 'overdue'], ['A-3', 'overdue'], ['L-1', 'open']]);
    expect(listInvoices(ledger, { asOf: d('2026-12-31'), openOnly: false, customer: 'LIM' }).map((i) => i.id)).toEqual(['L-1']);
  });

  it('shows one invoice with its lines, applications up to the date and its dispute history', () => {
    const ledger = ledgerOf(journals);
    const a2 = showInvoice(ledger, 'A-2', d('2026-11-30'))!;
    expect(a2).toMatchObject({ id: 'A-2', open: 15000, status: 'disputed', name: 'Acme Corporation' });
    expect(a2.applications).toEqual([{ date: '2026-11-20', credit: 'P-1', kind: 'payment', amount: 5000 }]);
    expect(a2.disputes.map((e) => e.status)).toEqual(['open', 'resolved']);
    expect(showInvoice(ledger, 'A-2', d('2026-11-19'))!.applications).toEqual([]);
    expect(showInvoice(ledger, 'A-1', d('2026-11-30'))!.lines.map((l) => l.description)).toEqual(['Widget']);
    expect(showInvoice(ledger, 'P-1', d('2026-11-30'))).toBeNull();
    expect(showInvoice(ledger, 'NOPE', d('2026-11-30'))).toBeNull();
  });
});

describe('invoice status', () => {
  const journals: Journals = {
    'invoices.csv': [
      'S-PAID,invoice,2026-09-01,2026-10-01,ACME,EUR,100.00,2/10 net30,,',
      'S-WO,invoice,2026-09-01,2026-10-01,ACME,EUR,100.00,net30,,',
      'S-CN,invoice,2026-09-01,2026-10-01,ACME,EUR,100.00,net30,,',
      'S-BOTH,invoice,2026-09-01,2026-10-01,ACME,EUR,100.00,net30,,',
      'S-DISP,invoice,2026-09-01,2026-10-01,ACME,EUR,100.00,net30,,',
      '',
    ].join('\n'),
    'payments.csv': 'P-1,2026-09-05,ACME,EUR,98.00,,,,\nP-2,2026-10-10,ACME,EUR,300.00,,,,\n',
    'credits.csv': [
      'D-1,credit-note,2026-09-05,ACME,EUR,2.00,S-PAID,early-payment discount 2% (2/10 net30)',
      'W-1,write-off,2026-10-20,ACME,EUR,0.50,S-WO,bank charges',
      'C-1,credit-note,2026-10-20,ACME,EUR,100.00,S-CN,damaged goods',
      'C-2,credit-note,2026-10-20,ACME,EUR,10.00,S-BOTH,price',
      'W-2,write-off,2026-10-25,ACME,EUR,5.00,S-BOTH,small rest',
      '',
    ].join('\n'),
    'applications.csv': [
      '2026-09-05,P-1,S-PAID,98.00', '2026-09-05,D-1,S-PAID,2.00',
      '2026-10-10,P-2,S-WO,99.50', '2026-10-20,W-1,S-WO,0.50',
      '2026-10-20,C-1,S-CN,100.00',
      '2026-10-10,P-2,S-BOTH,85.00', '2026-10-20,C-2,S-BOTH,10.00', '2026-10-25,W-2,S-BOTH,5.00',
      '2026-10-10,P-2,S-DISP,100.00', '',
    ].join('\n'),
    'disputes.csv': '2026-11-01,S-DISP,open,wants a refund\n',
  };
  const status = (ledger: Ledger, asOf: string): Record<string, string> =>
    Object.fromEntries(listInvoices(ledger, { asOf: d(asOf), openOnly: false, customer: null }).map((i) => [i.id, i.status]));

  it('names what settled an invoice: a write-off outranks a credit note; a discount taken is still paid', () => {
    const ledger = ledgerOf(journals);
    expect(status(ledger, '2026-11-30')).toEqual({ 'S-PAID': 'paid', 'S-WO': 'written-off', 'S-CN': 'credited', 'S-BOTH': 'written-off', 'S-DISP': 'disputed' });
    expect(status(ledger, '2026-10-22')).toEqual({ 'S-PAID': 'paid', 'S-WO': 'written-off', 'S-CN': 'credited', 'S-BOTH': 'overdue', 'S-DISP': 'paid' });
    expect(status(ledger, '2026-10-01')).toEqual({ 'S-PAID': 'paid', 'S-WO': 'open', 'S-CN': 'open', 'S-BOTH': 'open', 'S-DISP': 'open' });
    for (const id of ['S-PAID', 'S-WO', 'S-CN', 'S-BOTH', 'S-DISP']) expect(showInvoice(ledger, id, d('2026-11-30'))!.status).toBe(status(ledger, '2026-11-30')[id]);
  });

  it('is open or overdue exactly when something is open and there is no open dispute, at any date', () => {
    const ledger = ledgerOf(journals);
    fc.assert(fc.property(fc.integer({ min: 0, max: 200 }), (n) => {
      const asOf = addDays(d('2026-09-01'), n);
      return listInvoices(ledger, { asOf, openOnly: false, customer: null }).every((i) =>
        i.status === 'disputed' || (i.open > 0) === (i.status === 'open' || i.status === 'overdue')) &&
        listInvoices(ledger, { asOf, openOnly: false, customer: null }).every((i) => i.status === showInvoice(ledger, i.id, asOf)!.status);
    }), { numRuns: 100 });
  });
});

describe('planCustomer and customerStanding', () => {
  const req = { id: 'NEW', name: 'New Co', email: null, currency: null, terms: null, creditLimit: null, address: null, aliases: [], bankAccounts: [], hold: false, dunning: true };

  it('builds the entry in SPEC order, with defaults left out and amounts in minor digits', () => {
    const ledger = ledgerOf();
    expect(planCustomer(ledger, req)).toEqual({ name: 'New Co', currency: 'EUR' });
    expect(planCustomer(ledger, { ...req, email: 'a@b.example', currency: 'JPY', terms: '2/10 net30', creditLimit: '5000', address: 'A\nB', aliases: ['NEW CO'], bankAccounts: ['gb33 bukb 2020 1555 5555 55'], hold: true, dunning: false }))
      .toEqual({ name: 'New Co', email: 'a@b.example', currency: 'JPY', terms: '2/10 net30', credit_limit: '5000', address: 'A\nB', bank_accounts: ['GB33BUKB20201555555555'], aliases: ['NEW CO'], hold: true, dunning: false });
    expect(planCustomer(ledger, { ...req, creditLimit: '50' })).toMatchObject({ credit_limit: '50.00' });
  });

  it.each([
    [{ id: '-x' }, /not a valid id/],
    [{ name: '' }, /--name is empty/],
    [{ name: 'a\u001b[31m' }, /control character/],
    [{ email: 'not-an-address' }, /not an e-mail address/],
    [{ email: 'a@b.example\n' }, /control character/],
    [{ currency: 'eur' }, /not an ISO 4217 code/],
    [{ terms: 'net-30' }, /not payment terms/],
    [{ creditLimit: '1,000.00' }, /--credit-limit/],
    [{ address: 'a\u0007b' }, /control character/],
    [{ bankAccounts: ['GB33-BUKB-2020'] }, /not an IBAN or account number/],
    [{ bankAccounts: ['1234'] }, /not an IBAN or account number/],
  ])('refuses %j as a usage error', (over, message) => {
    expect(() => planCustomer(ledgerOf(), { ...req, ...over })).toThrow(UsageError);
    expect(() => planCustomer(ledgerOf(), { ...req, ...over })).toThrow(message);
  });

  it('refuses an id that exists, as a data error naming where', () => {
    expect(() => planCustomer(ledgerOf(), { ...req, id: 'ACME' })).toThrow(RefusedError);
    expect(() => planCustomer(ledgerOf(), { ...req, id: 'ACME' })).toThrow(/customers.yaml:1/);
  });

  it('standing: open, unapplied and balance at a date', () => {
    const ledger = ledgerOf({
      'invoices.csv': 'A-1,invoice,2026-09-01,2026-10-01,ACME,EUR,100.00,net30,,\n',
      'payments.csv': 'P-1,2026-10-20,ACME,EUR,150.00,,,,\n',
      'applications.csv': '2026-10-21,P-1,A-1,60.00\n',
    });
    const acme = ledger.customers.get('ACME')!;
    expect(customerStanding(ledger, acme, d('2026-10-20'))).toMatchObject({ open: 10000, unapplied: 15000, balance: -5000 });
    expect(customerStanding(ledger, acme, d('2026-10-21'))).toMatchObject({ open: 4000, unapplied: 9000, balance: -5000 });
    expect(customerStanding(ledger, acme, d('2026-08-31'))).toMatchObject({ open: 0, unapplied: 0, balance: 0, documents: 0 });
  });
});

describe('customer entries in customers.yaml', () => {
  const tricky = fc.constantFrom('true', 'false', 'null', '~', 'yes', 'no', '007', '1e3', '.5', '0x10', '- x', '? x', ': x',
    '#x', 'a #b', 'a: b', '&a', '*a', '!tag', '|', '>', '%x', '@x', '`x', '"x', "'x", "O'Brien, Ltd", 'Café: Zürich', '{a}', '[a]',
    '---', '...', '<<', ' lead', 'trail ', '', 'a\nb', 'a\r\nb', 'tab\there', 'bell\u0007', '\u00a0nbsp', 'emoji 🧾');
  const text = fc.oneof(tricky, fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }));
  const state = (t: string) => ({ exists: t !== '', size: t.length, eol: '\n' as const, endsWithNewline: t === '' || t.endsWith('\n') });
  const existing = fc.constantFrom('', '# customers\n', 'ACME:\n  name: Acme\n', 'ACME:\n    name: Acme\n    currency: EUR', 'A:\n  name: x\n...\n');

  it('property: every value the yaml library writes reads back as the same string under the failsafe schema', () => {
    // Names and aliases as planCustomer lets them through (non-empty, one line); the address may hold anything.
    const oneLine = text.filter((t) => t !== '' && !/[\u0000-\u001f\u007f]/.test(t));
    fc.assert(fc.property(existing, oneLine, text, fc.array(oneLine, { maxLength: 3 }), fc.boolean(), (old, name, address, aliases, hold) => {
      const entry = { name, currency: 'EUR', address, aliases, ...(hold ? { hold: true } : {}) };
      const r = customerAppend(old, state(old), 'NEW-1', entry, 'EUR' as never);
      if ('issues' in r) return old.includes('...'); // only a file closed by a document end marker cannot take more
      const back = readYaml('customers.yaml', old + r.text).input.value as Record<string, Record<string, unknown>>;
      expect(back['NEW-1']).toEqual({ name, currency: 'EUR', address, aliases, ...(hold ? { hold: 'true' } : {}) });
      return true;
    }), { numRuns: 400 });
  });
});
