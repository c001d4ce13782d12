// `customer show`: the master data and standing (as before), then open items, headroom, behaviour, dunning,
// notes, promises and payment plans — as text for a terminal and as JSON.
import { formatMinor, type Minor } from '../../core/money.js';
import type { CustomerProfile } from '../../core/reports/customer.js';
import { customerObject, customerText } from './documents.js';
import { escapeControl, toJson, toTable } from './text.js';

export function customerProfileText(p: CustomerProfile, color: boolean): string {
  const c = p.customer;
  const f = (m: number): string => `${formatMinor(m, c.currency)} ${c.currency}`;
  const b = p.behavior;
  const out = [customerText(c, p.standing).trimEnd()];
  const more: [string, string][] = [
    ['headroom', p.headroom === null ? 'no credit limit' : `${f(p.headroom)} (credit limit - balance)`],
    ['behaviour', b === null ? 'no invoice settled yet'
      : `${b.settled} invoice${b.settled === 1 ? '' : 's'} settled, on average in ${b.avgDaysToSettle} days, ${b.avgDaysLate} days late; ${b.late} paid late (share ${b.lateShare})`],
    ['last dunning', p.dunning === null ? 'none' : `level ${p.dunning.level} on ${p.dunning.date}`],
  ];
  const w = 'bank accounts:'.length;
  for (const [k, v] of more) out.push(`${`${k}:`.padEnd(Math.max(w, k.length + 1))} ${escapeControl(v)}`);
  out.push('', `open items at ${p.standing.asOf}`);
  out.push(toTable({ head: [...p.buckets, 'open'], numeric: p.buckets.map((_, i) => i).concat([p.buckets.length]), rows: [[...p.amounts.map((m) => formatMinor(m, c.currency)), formatMinor(p.standing.open, c.currency)]], color }).trimEnd());
  if (p.items.length > 0) {
    out.push(toTable({
      head: ['id', 'kind', 'date', 'due', 'days overdue', 'bucket', 'amount', 'open', 'disputed'], numeric: [4, 6, 7],
      rows: p.items.map((i) => [i.id, i.kind, i.date, i.due, String(i.daysOverdue), i.bucket, formatMinor(i.amount, c.currency), formatMinor(i.open, c.currency), i.disputed ? 'yes' : '']),
      color,
    }).trimEnd());
  }
  out.push('', 'latest notes');
  if (p.notes.length === 0) out.push('none');
  for (const n of p.notes) {
    out.push(escapeControl(`${n.date}  ${n.kind}${n.invoice ? ` ${n.invoice}` : ''}: ${n.text}${n.followUp ? ` (follow up ${n.followUp})` : ''}${n.by ? ` — ${n.by}` : ''}`));
  }
  out.push('', 'latest promises');
  if (p.promises.length === 0) out.push('none');
  for (const x of p.promises) {
    out.push(escapeControl(`${x.date}  ${f(x.amount)} by ${x.due}${x.invoice ? ` on ${x.invoice}` : ''}: ${x.status}${x.note ? ` — ${x.note}` : ''}`));
  }
  out.push('', 'payment plans');
  if (p.plans.length === 0) out.push('none');
  for (const plan of p.plans) {
    const parts = plan.instalments.map((i) => `${i.instalment}/${i.of} ${formatMinor(i.open, c.currency)} due ${i.due}${i.status === 'overdue' ? ` overdue ${i.daysOverdue}d` : i.status === 'paid' ? ' paid' : ''}`);
    out.push(`${plan.invoice.id}  plan of ${plan.plan.date}, ${f(plan.open)} open: ${parts.join('; ')}`);
  }
  return `${out.join('\n')}\n`;
}

export function customerProfileJson(p: CustomerProfile): string {
  const c = p.customer;
  const f = (m: Minor | number): string => formatMinor(m, c.currency);
  const b = p.behavior;
  return toJson({
    ...customerObject(c), as_of: p.standing.asOf, open: f(p.standing.open), unapplied: f(p.standing.unapplied), balance: f(p.standing.balance),
    credit_headroom: p.headroom === null ? null : f(p.headroom),
    buckets: Object.fromEntries(p.buckets.map((l, i) => [l, f(p.amounts[i]!)])),
    items: p.items.map((i) => ({ id: i.id, kind: i.kind, date: i.date, due: i.due, days_overdue: i.daysOverdue, bucket: i.bucket, amount: f(i.amount), open: f(i.open), disputed: i.disputed })),
    behavior: b === null ? null : { settled: b.settled, avg_days_to_settle: b.avgDaysToSettle, avg_days_late: b.avgDaysLate, late_share: b.lateShare },
    last_dunning: p.dunning,
    notes: p.notes.map((n) => ({ date: n.date, invoice: n.invoice || null, kind: n.kind, text: n.text, follow_up: n.followUp || null, by: n.by })),
    promises: p.promises.map((x) => ({ date: x.date, invoice: x.invoice || null, amount: f(x.amount), due: x.due, by: x.by, note: x.note, status: x.status, paid: f(x.paid) })),
    plans: p.plans.map((s) => ({
      invoice: s.invoice.id, date: s.plan.date, open: f(s.open),
      instalments: s.instalments.map((i) => ({ instalment: i.instalment, due: i.due, amount: f(i.amount), paid: f(i.paid), open: f(i.open), days_overdue: i.daysOverdue, status: i.status })),
    })),
  });
}
