// Payment plans as JSON and as tables: a new plan, and `plan show` at a date.
import type { PlanStatus } from '../../core/collections/plans.js';
import { formatMinor, type Minor } from '../../core/money.js';
import type { PaymentPlan } from '../../core/types.js';
import { toJson, toTable, type TableCell } from './text.js';

const total = (plan: PaymentPlan): Minor => plan.instalments.reduce((s, r) => s + r.amount, 0) as Minor;

export function planJson(plan: PaymentPlan, customer: string, currency: string): string {
  return toJson({
    invoice: plan.invoice, customer, currency, date: plan.date, amount: formatMinor(total(plan), currency),
    instalments: plan.instalments.map((r) => ({ instalment: r.instalment, due: r.due, amount: formatMinor(r.amount, currency) })),
  });
}

export function planTable(plan: PaymentPlan, customer: string, currency: string): string {
  const n = plan.instalments.length;
  const title = `Plan for ${plan.invoice} (${customer}) dated ${plan.date}: ${formatMinor(total(plan), currency)} ${currency} in ${n} instalment${n === 1 ? '' : 's'}\n`;
  return title + toTable({
    head: ['Instalment', 'Due', 'Amount'],
    numeric: [2],
    rows: plan.instalments.map((r) => [`${r.instalment}/${n}`, r.due, formatMinor(r.amount, currency)]),
    color: false,
  });
}

export function planShowJson(s: PlanStatus): string {
  const ccy = s.invoice.currency;
  const m = (v: Minor): string => formatMinor(v, ccy);
  return toJson({
    invoice: s.invoice.id, customer: s.invoice.customer, currency: ccy, as_of: s.asOf, date: s.plan.date,
    amount: m(total(s.plan)), open: m(s.open), superseded: s.superseded,
    instalments: s.instalments.map((i) => ({
      instalment: i.instalment, of: i.of, due: i.due, amount: m(i.amount), paid: m(i.paid), open: m(i.open),
      days_overdue: i.daysOverdue, status: i.status,
    })),
  });
}

export function planShowTable(s: PlanStatus, color: boolean): string {
  const ccy = s.invoice.currency;
  const m = (v: Minor): string => formatMinor(v, ccy);
  const superseded = s.superseded > 0 ? `, superseding ${s.superseded} earlier plan${s.superseded === 1 ? '' : 's'}` : '';
  const title = `Plan for ${s.invoice.id} (${s.invoice.customer}) dated ${s.plan.date}${superseded}, as of ${s.asOf}: ${m(s.open)} ${ccy} open\n`;
  const rows: TableCell[][] = s.instalments.map((i) => [
    `${i.instalment}/${i.of}`, i.due, m(i.amount), m(i.paid), m(i.open),
    i.status === 'overdue' ? String(i.daysOverdue) : '',
    i.status === 'overdue' ? { text: i.status, style: 'red' } : i.status === 'paid' ? { text: i.status, style: 'dim' } : i.status,
  ]);
  return title + toTable({ head: ['Instalment', 'Due', 'Amount', 'Paid', 'Open', 'Days overdue', 'Status'], numeric: [2, 3, 4, 5], rows, color });
}
