// The reconciliation report as JSON (SPEC §5) and as a terminal table; the GL comparison likewise.
import { formatMinor } from '../../core/money.js';
import type { GlComparison } from '../../core/reconcile/gl.js';
import type { LineResult, ReconcileReport } from '../../core/reconcile/match.js';
import { date, money, row, tableCsv, type CsvSettings, type SheetTable } from './sheet.js';
import { fitText, toJson, toTable, type TableCell } from './text.js';

export function reconcileJson(statement: string, r: ReconcileReport): string {
  return toJson({
    statement,
    from: r.from,
    to: r.to,
    lines: r.lines.map((x) => ({
      bank_id: x.line.bankId,
      date: x.line.date,
      amount: formatMinor(x.line.amount, x.line.currency),
      currency: x.line.currency,
      payer: x.line.payerName,
      iban: x.line.payerIban === '' ? null : x.line.payerIban,
      text: x.line.text,
      reference: x.creditorReference,
      status: x.status,
      customer: x.customer,
      rule: x.rule,
      reason: x.reason,
      payment: x.payment,
      applications: x.applications.map((a) => ({ invoice: a.invoice, amount: formatMinor(a.amount, x.line.currency) })),
      unapplied: formatMinor(x.unapplied, x.line.currency),
    })),
    missing_from_bank: r.missingFromBank.map((m) => ({
      payment: m.payment, date: m.date, amount: formatMinor(m.amount, m.currency), currency: m.currency,
    })),
  });
}

const STATUS_STYLE = {
  reconciled: 'dim', matched: 'green', proposed: 'yellow', unidentified: 'red', conflict: 'red', 'out-of-period': 'red', 'possible-duplicate': 'red', ignored: 'dim',
} as const;

const STATUS_ORDER = ['reconciled', 'matched', 'proposed', 'unidentified', 'conflict', 'out-of-period', 'possible-duplicate', 'ignored'] as const;

function applied(x: LineResult): string {
  const parts = x.applications.map((a) => `${a.invoice} ${formatMinor(a.amount, x.line.currency)}`);
  if (x.status === 'proposed' && x.unapplied > 0) parts.push(`unapplied ${formatMinor(x.unapplied, x.line.currency)}`);
  return parts.join(', ');
}

export function reconcileTable(statement: string, r: ReconcileReport, color: boolean): string {
  const head = ['Bank id', 'Date', 'Amount', 'Ccy', 'Payer', 'Status', 'Customer', 'Rule', 'Payment / applications', 'Reason'];
  const rows: TableCell[][] = r.lines.map((x) => [
    x.line.bankId, x.line.date,
    `${x.line.direction === 'debit' ? '-' : ''}${formatMinor(x.line.amount, x.line.currency)}`, x.line.currency,
    x.line.payerName, { text: x.status, style: STATUS_STYLE[x.status] }, x.customer ?? '', x.rule,
    x.payment && x.status !== 'proposed' ? x.payment : [x.payment ?? '', applied(x)].filter((s) => s !== '').join(': '),
    x.reason,
  ]);
  let out = fitText(`Statement ${statement}: ${r.from ?? '?'} to ${r.to ?? '?'}\n`);
  out += toTable({ head, numeric: [2], rows, color, drop: ['Rule', 'Reason', 'Bank id', 'Payer', 'Payment / applications', 'Date'] });
  const counts = new Map<string, number>();
  for (const x of r.lines) counts.set(x.status, (counts.get(x.status) ?? 0) + 1);
  // The statuses that only some statements have are counted only when present, so the usual summary stays short.
  const shown = STATUS_ORDER.filter((s) => (counts.get(s) ?? 0) > 0 || ['reconciled', 'matched', 'proposed', 'unidentified', 'ignored'].includes(s));
  out += fitText(`${r.lines.length} line${r.lines.length === 1 ? '' : 's'}: ${shown.map((s) => `${counts.get(s) ?? 0} ${s}`).join(', ')}\n`);
  if (r.missingFromBank.length > 0) {
    out += '\nPayments in the period with no statement line (missing from bank):\n';
    out += toTable({
      head: ['Payment', 'Date', 'Amount', 'Ccy'], numeric: [2], color,
      rows: r.missingFromBank.map((m) => [m.payment, m.date, formatMinor(m.amount, m.currency), m.currency]),
    });
  }
  return out;
}

export function glJson(c: GlComparison): string {
  return toJson({
    as_of: c.asOf, currency: c.currency, ar_total: formatMinor(c.arTotal, c.currency),
    gl_balance: formatMinor(c.glBalance, c.currency), difference: formatMinor(c.difference, c.currency),
  });
}

export function glTable(c: GlComparison, color: boolean): string {
  const f = (m: number): string => formatMinor(m, c.currency);
  return toTable({
    head: ['As of', 'Currency', 'AR total', 'GL balance', 'Difference'], numeric: [2, 3, 4], color,
    rows: [[c.asOf, c.currency, f(c.arTotal), f(c.glBalance), c.difference === 0 ? f(0) : { text: f(c.difference), style: 'red' }]],
  });
}

/**
 * The statement's lines (amounts as the bank booked them, with their direction), the applications proposed for
 * them, and the payments missing from the bank. CSV writes the lines; a workbook all three.
 */
export function reconcileTables(r: ReconcileReport): SheetTable[] {
  return [{
    name: 'Lines',
    columns: ['bank_id', 'date', 'amount', 'currency', 'direction', 'payer', 'iban', 'text', 'reference', 'status', 'customer', 'rule',
      'reason', 'payment', 'applications', 'unapplied'],
    rows: r.lines.map((x) => row(x.line.bankId, date(x.line.date), money(x.line.amount, x.line.currency), x.line.currency, x.line.direction,
      x.line.payerName, x.line.payerIban, x.line.text, x.creditorReference ?? '', x.status, x.customer ?? '', x.rule, x.reason, x.payment ?? '',
      x.applications.map((a) => `${a.invoice} ${formatMinor(a.amount, x.line.currency)}`).join('; '), money(x.unapplied, x.line.currency))),
  }, {
    name: 'Applications',
    columns: ['bank_id', 'customer', 'invoice', 'currency', 'amount'],
    rows: r.lines.flatMap((x) => x.applications.map((a) => row(x.line.bankId, x.customer ?? '', a.invoice, x.line.currency, money(a.amount, x.line.currency)))),
  }, {
    name: 'Missing from bank',
    columns: ['payment', 'date', 'amount', 'currency'],
    rows: r.missingFromBank.map((m) => row(m.payment, date(m.date), money(m.amount, m.currency), m.currency)),
  }];
}

export function reconcileCsv(r: ReconcileReport, settings?: CsvSettings): string {
  return tableCsv(reconcileTables(r)[0]!, settings);
}

export function glTables(c: GlComparison): SheetTable[] {
  return [{
    name: 'GL',
    columns: ['as_of', 'currency', 'ar_total', 'gl_balance', 'difference'],
    rows: [row(date(c.asOf), c.currency, money(c.arTotal, c.currency), money(c.glBalance, c.currency), money(c.difference, c.currency))],
  }];
}
