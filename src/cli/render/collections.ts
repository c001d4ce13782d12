// Notes, promises and the worklist (SPEC §8) as tables, CSV and JSON.
import { formatMinor, minorDigits } from '../../core/money.js';
import type { Note } from '../../core/collections/model.js';
import type { PromiseState } from '../../core/collections/promises.js';
import { formatPriority, type Worklist } from '../../core/collections/worklist.js';
import { date, int, money, row, tableCsv, type CsvSettings, type SheetCell, type SheetTable } from './sheet.js';
import { fitText, num, toCsv, toJson, toTable, type TableCell } from './text.js';

const NOTE_HEAD = ['date', 'customer', 'invoice', 'kind', 'text', 'follow_up', 'by'];
const noteCells = (n: Note): string[] => [n.date, n.customer, n.invoice, n.kind, n.text, n.followUp, n.by];

export function notesJson(asOf: string, notes: readonly Note[]): string {
  return toJson({ as_of: asOf, notes: notes.map((n) => Object.fromEntries(NOTE_HEAD.map((h, i) => [h, noteCells(n)[i]]))) });
}

export function notesCsv(notes: readonly Note[]): string {
  return toCsv(NOTE_HEAD, notes.map(noteCells));
}

export function notesTable(notes: readonly Note[], color: boolean, title: string): string {
  if (notes.length === 0) return `${title}: none\n`;
  const rows: TableCell[][] = notes.map((n) => [n.date, n.customer, n.invoice, n.kind, n.text, n.followUp, n.by]);
  return `${title}\n${toTable({ head: ['Date', 'Customer', 'Invoice', 'Kind', 'Text', 'Follow-up', 'By'], numeric: [], rows, color })}`;
}

const PROMISE_HEAD = ['date', 'customer', 'invoice', 'currency', 'amount', 'due', 'status', 'paid', 'by', 'note'];

function promiseCells(s: PromiseState): string[] {
  const p = s.promise;
  return [p.date, p.customer, p.invoice, p.currency, formatMinor(p.amount, p.currency), p.due, s.status, formatMinor(s.paid, p.currency), p.by, p.note];
}

export function promisesJson(asOf: string, states: readonly PromiseState[]): string {
  return toJson({ as_of: asOf, promises: states.map((s) => Object.fromEntries(PROMISE_HEAD.map((h, i) => [h, promiseCells(s)[i]]))) });
}

export function promisesCsv(states: readonly PromiseState[]): string {
  return toCsv(PROMISE_HEAD, states.map((s) => {
    const c = promiseCells(s);
    return [c[0]!, c[1]!, c[2]!, c[3]!, num(c[4]!), c[5]!, c[6]!, num(c[7]!), c[8]!, c[9]!];
  }));
}

export function promisesTable(asOf: string, states: readonly PromiseState[], color: boolean): string {
  const title = `Promises to pay as of ${asOf}`;
  if (states.length === 0) return `${title}: none\n`;
  const style = { kept: 'green', pending: 'yellow', broken: 'red' } as const;
  const rows: TableCell[][] = states.map((s) => {
    const c = promiseCells(s);
    return [c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, { text: s.status, style: style[s.status] }, c[7]!, c[8]!, c[9]!];
  });
  return `${title}\n${toTable({ head: ['Date', 'Customer', 'Invoice', 'Ccy', 'Amount', 'Due', 'Status', 'Paid', 'By', 'Note'], numeric: [4, 7], rows, color })}`;
}

const WORKLIST_HEAD = ['customer', 'name', 'currency', 'collector', 'overdue', 'oldest_days_overdue', 'last_contact', 'last_contact_kind',
  'next_follow_up', 'promises_pending', 'promises_broken', 'dunning_level', 'priority'];

export function worklistJson(w: Worklist): string {
  return toJson({
    as_of: w.asOf,
    customers: w.rows.map((r) => ({
      customer: r.customer, name: r.name, currency: r.currency, collector: r.collector,
      overdue: formatMinor(r.overdue, r.currency), oldest_days_overdue: r.oldestDaysOverdue,
      last_contact: r.lastContact, last_contact_kind: r.lastContactKind, next_follow_up: r.nextFollowUp,
      promises_pending: r.promisesPending, promises_broken: r.promisesBroken, dunning_level: r.dunningLevel,
      priority: formatPriority(r.priority, r.currency),
    })),
  });
}

/** The worklist as a sheet: its CSV and its workbook (README "Spreadsheets"). */
export function worklistTables(w: Worklist): SheetTable[] {
  const text = (v: string | null): SheetCell => v;
  const n = (v: number | null): SheetCell => (v === null ? null : int(v));
  return [{
    name: 'Worklist',
    columns: WORKLIST_HEAD,
    rows: w.rows.map((r) => row(r.customer, r.name, r.currency, text(r.collector), money(r.overdue, r.currency), n(r.oldestDaysOverdue),
      date(r.lastContact), text(r.lastContactKind), date(r.nextFollowUp), int(r.promisesPending), int(r.promisesBroken),
      n(r.dunningLevel), { decimal: formatPriority(r.priority, r.currency), digits: minorDigits(r.currency) })),
  }];
}

export function worklistCsv(w: Worklist, settings?: CsvSettings): string {
  return tableCsv(worklistTables(w)[0]!, settings);
}

export function worklistTable(w: Worklist, color: boolean): string {
  const title = `Worklist as of ${w.asOf}`;
  if (w.rows.length === 0) return `${title}: nobody to contact\n`;
  const rows: TableCell[][] = w.rows.map((r) => [
    r.customer, r.name, r.collector ?? '', r.currency, formatMinor(r.overdue, r.currency),
    r.oldestDaysOverdue === null ? '' : `${r.oldestDaysOverdue}d`,
    r.lastContact === null ? '' : `${r.lastContact} ${r.lastContactKind}`,
    r.nextFollowUp === null ? '' : r.nextFollowUp <= w.asOf ? { text: r.nextFollowUp, style: 'bold' } : r.nextFollowUp,
    r.promisesPending === 0 && r.promisesBroken === 0 ? ''
      : r.promisesBroken > 0 ? { text: `${r.promisesPending}/${r.promisesBroken} broken`, style: 'red' } : `${r.promisesPending}/0`,
    r.dunningLevel === null ? '' : `L${r.dunningLevel}`,
    formatPriority(r.priority, r.currency),
  ]);
  const head = ['Customer', 'Name', 'Collector', 'Ccy', 'Overdue', 'Oldest', 'Last contact', 'Follow-up', 'Promises', 'Dunning', 'Priority'];
  // On a narrow terminal the clerk still needs whom to call, how much, the follow-up and the promises: names and
  // the history go first.
  const drop = ['Name', 'Collector', 'Last contact', 'Dunning', 'Oldest', 'Priority'];
  return `${fitText(`${title} (promises: pending/broken; priority: Σ open × days overdue)`)}\n${toTable({ head, numeric: [4, 5, 10], rows, color, drop })}`;
}
