// Renderers for the customer master and invoices: tables, CSV, JSON and a plain-text detail view.
import { formatMinor } from '../../core/money.js';
import type { CustomerStanding } from '../../core/ops/customer.js';
import type { InvoiceDetail, InvoiceSummary } from '../../core/ops/invoice.js';
import type { Customer } from '../../core/types.js';
import { date, money, row, tableCsv, type CsvSettings, type SheetTable } from './sheet.js';
import { escapeControl, toJson, toTable, type TableCell } from './text.js';

const CUSTOMER_HEAD = ['id', 'name', 'email', 'currency', 'terms', 'credit_limit', 'hold', 'dunning'];

function customerCells(c: Customer): string[] {
  return [c.id, c.name, c.email, c.currency, c.terms ?? '', c.creditLimit === null ? '' : formatMinor(c.creditLimit, c.currency),
    String(c.hold), String(c.dunning)];
}

export function customerListTable(customers: readonly Customer[], color: boolean): string {
  if (customers.length === 0) return 'no customers\n';
  return toTable({ head: CUSTOMER_HEAD, numeric: [5], rows: customers.map(customerCells), color, drop: ['dunning', 'hold', 'terms', 'credit_limit', 'email'] });
}

export function customerListTables(customers: readonly Customer[]): SheetTable[] {
  return [{
    name: 'Customers',
    columns: CUSTOMER_HEAD,
    rows: customers.map((c) => row(c.id, c.name, c.email, c.currency, c.terms ?? '',
      c.creditLimit === null ? null : money(c.creditLimit, c.currency), String(c.hold), String(c.dunning))),
  }];
}

export function customerListCsv(customers: readonly Customer[], settings?: CsvSettings): string {
  return tableCsv(customerListTables(customers)[0]!, settings);
}

export function customerObject(c: Customer): Record<string, unknown> {
  return {
    id: c.id, name: c.name, email: c.email, currency: c.currency, terms: c.terms,
    credit_limit: c.creditLimit === null ? null : formatMinor(c.creditLimit, c.currency), address: c.address,
    bank_accounts: c.bankAccounts, aliases: c.aliases, hold: c.hold, dunning: c.dunning,
  };
}

export function customerListJson(customers: readonly Customer[]): string {
  return toJson({ customers: customers.map(customerObject) });
}

export function customerJson(c: Customer, s: CustomerStanding): string {
  const f = (m: number): string => formatMinor(m, c.currency);
  return toJson({ ...customerObject(c), as_of: s.asOf, open: f(s.open), unapplied: f(s.unapplied), balance: f(s.balance) });
}

/** `key: value` lines with the keys aligned; values escaped for the terminal. */
function fields(pairs: readonly (readonly [string, string])[]): string {
  const w = Math.max(...pairs.map(([k]) => k.length)) + 1;
  // A multi-line value (an address) continues under its first line rather than showing escaped line breaks.
  const value = (v: string): string => v.split('\n').map(escapeControl).join(`\n${' '.repeat(w + 1)}`);
  return pairs.map(([k, v]) => `${`${k}:`.padEnd(w)} ${value(v)}`.trimEnd() + '\n').join('');
}

export function customerText(c: Customer, s: CustomerStanding): string {
  const f = (m: number): string => `${formatMinor(m, c.currency)} ${c.currency}`;
  return fields([
    ['customer', c.id], ['name', c.name], ['email', c.email], ['currency', c.currency], ['terms', c.terms ?? '(ledger default)'],
    ['credit limit', c.creditLimit === null ? 'none' : f(c.creditLimit)], ['address', c.address],
    ['bank accounts', c.bankAccounts.join(', ')], ['aliases', c.aliases.join(', ')],
    ['hold', c.hold ? 'yes' : 'no'], ['dunning', c.dunning ? 'yes' : 'no'],
    ['as of', s.asOf], ['open', f(s.open)], ['unapplied', f(s.unapplied)], ['balance', f(s.balance)],
  ]);
}

// ---- invoices -------------------------------------------------------------------------------------------------

const INVOICE_HEAD = ['id', 'kind', 'date', 'due', 'customer', 'currency', 'amount', 'open', 'status'];

function invoiceCells(i: InvoiceSummary): string[] {
  return [i.id, i.kind, i.date, i.due, i.customer, i.currency, formatMinor(i.amount, i.currency), formatMinor(i.open, i.currency), i.status];
}

export function invoiceListTable(items: readonly InvoiceSummary[], color: boolean): string {
  if (items.length === 0) return 'no invoices\n';
  const style = (s: string): TableCell => (s === 'disputed' || s === 'overdue' ? { text: s, style: 'yellow' } : s === 'paid' || s === 'credited' || s === 'written-off' || s === 'voided' ? { text: s, style: 'dim' } : s);
  return toTable({
    head: INVOICE_HEAD, numeric: [6, 7], drop: ['kind', 'date', 'amount', 'currency', 'due'],
    rows: items.map((i) => { const c: TableCell[] = invoiceCells(i); c[8] = style(i.status); return c; }),
    color,
  });
}

export function invoiceListTables(items: readonly InvoiceSummary[]): SheetTable[] {
  return [{
    name: 'Invoices',
    columns: INVOICE_HEAD,
    rows: items.map((i) => row(i.id, i.kind, date(i.date), date(i.due), i.customer, i.currency,
      money(i.amount, i.currency), money(i.open, i.currency), i.status)),
  }];
}

export function invoiceListCsv(items: readonly InvoiceSummary[], settings?: CsvSettings): string {
  return tableCsv(invoiceListTables(items)[0]!, settings);
}

function summaryObject(i: InvoiceSummary): Record<string, unknown> {
  return {
    id: i.id, kind: i.kind, date: i.date, due: i.due, customer: i.customer, currency: i.currency,
    amount: formatMinor(i.amount, i.currency), open: formatMinor(i.open, i.currency), status: i.status,
  };
}

export function invoiceListJson(asOf: string, items: readonly InvoiceSummary[]): string {
  return toJson({ as_of: asOf, invoices: items.map(summaryObject) });
}

export function invoiceJson(d: InvoiceDetail): string {
  const f = (m: number): string => formatMinor(m, d.currency);
  return toJson({
    as_of: d.asOf, ...summaryObject(d), name: d.name, terms: d.terms, reference: d.reference, memo: d.memo,
    lines: d.lines.map((l) => ({
      line: l.line, description: l.description, quantity: l.quantity, unit_price: l.unitPrice, tax_rate: l.taxRate,
      net: f(l.net), tax: f(l.tax),
    })),
    applications: d.applications.map((a) => ({ date: a.date, credit: a.credit, kind: a.kind, amount: f(a.amount) })),
    disputes: d.disputes.map((e) => ({ date: e.date, status: e.status, reason: e.reason })),
    void: d.void === null ? null : { date: d.void.date, reversal: d.void.reversal || null, reason: d.void.reason, by: d.void.by },
    plan: d.plan === null ? null : {
      date: d.plan.plan.date,
      instalments: d.plan.instalments.map((i) => ({ instalment: i.instalment, due: i.due, amount: f(i.amount), paid: f(i.paid), open: f(i.open), days_overdue: i.daysOverdue, status: i.status })),
    },
  });
}

export function invoiceText(d: InvoiceDetail): string {
  const f = (m: number): string => formatMinor(m, d.currency);
  let out = fields([
    [d.kind === 'debit-note' ? 'debit note' : 'invoice', d.id], ['customer', `${d.customer} (${d.name})`], ['date', d.date],
    ['due', d.due], ['terms', d.terms], ['reference', d.reference], ['memo', d.memo],
    ['amount', `${f(d.amount)} ${d.currency}`], ['open', `${f(d.open)} ${d.currency} as of ${d.asOf}`], ['status', d.status],
  ]);
  if (d.lines.length > 0) {
    out += '\nlines:\n' + toTable({
      head: ['#', 'description', 'quantity', 'unit price', 'tax %', 'net', 'tax'], numeric: [0, 2, 3, 4, 5, 6], color: false,
      rows: d.lines.map((l) => [String(l.line), l.description, l.quantity, l.unitPrice, l.taxRate, f(l.net), f(l.tax)]),
    });
  }
  out += '\napplications:\n';
  out += d.applications.length === 0 ? '  none\n' : d.applications.map((a) => `  ${a.date}  ${escapeControl(a.credit)} (${a.kind})  ${f(a.amount)}\n`).join('');
  out += '\ndisputes:\n';
  out += d.disputes.length === 0 ? '  none\n' : d.disputes.map((e) => `  ${e.date}  ${e.status}  ${escapeControl(e.reason)}\n`).join('');
  // Only an invoice that has them gets these sections: most never will.
  if (d.void !== null) {
    const v = d.void;
    out += `\nvoided:\n  ${v.date}${v.reversal ? `  by ${escapeControl(v.reversal)}` : ''}${v.reason ? `  ${escapeControl(v.reason)}` : ''}${v.by ? ` — ${escapeControl(v.by)}` : ''}\n`;
  }
  if (d.plan !== null) {
    out += `\npayment plan of ${d.plan.plan.date}:\n` + d.plan.instalments.map((i) =>
      `  ${i.instalment}/${i.of}  due ${i.due}  ${f(i.amount)}  open ${f(i.open)}  ${i.status === 'overdue' ? `overdue ${i.daysOverdue}d` : i.status}\n`).join('');
  }
  return out;
}
