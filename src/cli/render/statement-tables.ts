// A statement of account as tables for a workbook: its summary, its entries with the running balance, the aging
// of what is open at the period's end and the open items.
import { openingDate, type Statement } from '../../core/reports/statement.js';
import { bucketHeader, date, int, money, row, type SheetTable } from './sheet.js';

export function statementTables(s: Statement): SheetTable[] {
  const ccy = s.currency;
  const m = (v: number) => money(v, ccy);
  return [{
    name: 'Summary',
    columns: ['customer', 'name', 'currency', 'from', 'to', 'opening_balance', 'debits', 'credits', 'closing_balance'],
    rows: [row(s.customer.id, s.customer.name, ccy, date(s.from), date(s.to), m(s.opening), m(s.debits), m(s.credits), m(s.closing))],
  }, {
    name: 'Entries',
    columns: ['date', 'entry', 'id', 'applied_to', 'debit', 'credit', 'applied', 'balance'],
    rows: [
      row(date(openingDate(s.from)), 'opening balance', '', '', null, null, null, m(s.opening)),
      ...s.entries.map((e) => (e.type === 'document'
        ? row(date(e.date), e.doc.kind, e.doc.id, '', e.debit === 0 ? null : m(e.debit), e.credit === 0 ? null : m(e.credit), null, m(e.balance))
        : row(date(e.date), 'application', e.credit, e.debit, null, null, m(e.amount), m(e.balance)))),
    ],
  }, {
    name: 'Aging',
    columns: ['currency', ...s.aging.buckets.map(bucketHeader), 'open', 'unapplied', 'balance'],
    rows: [row(ccy, ...s.aging.amounts.map(m), m(s.aging.open), m(s.aging.unapplied), m(s.aging.balance))],
  }, {
    name: 'Open items',
    columns: ['id', 'kind', 'date', 'due', 'days_overdue', 'bucket', 'amount', 'open', 'disputed'],
    rows: s.aging.items.map((i) => row(i.id, i.kind, date(i.date), date(i.due), int(i.daysOverdue), bucketHeader(i.bucket), m(i.amount), m(i.open), i.disputed ? 'yes' : 'no')),
  }];
}
