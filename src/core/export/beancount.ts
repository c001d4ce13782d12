// The ledger as a beancount file: open directives, one transaction per document, applications and disputes as notes.
import type { LocalDate } from '../date.js';
import type { Ledger } from '../ledger.js';
import { escapeControl } from '../escape.js';
import { formatMinor } from '../money.js';
import { ACCOUNTS, exportModel } from './transactions.js';

/**
 * A beancount string literal: quotes and backslashes escaped, control characters (line breaks) as spaces, C1
 * controls and bidi overrides as visible escapes (whose backslash is then escaped, so beancount reads `\u202E`).
 */
export function beancountString(text: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${escapeControl(text.replace(/[\u0000-\u001f\u007f]+/g, ' ')).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * A customer's receivable account, a function of its id alone, so that adding or removing another customer never
 * renames it (a renamed account breaks every beancount file that includes or balances against the export).
 * Beancount components start with a capital or a digit and hold letters, digits and `-` only; ids (SPEC §1.1) may
 * also hold `.` and `_` and start lower case. The mapping is one-to-one: `-` is the escape (`--` for `-`, `-D` for
 * `.`, `-U` for `_`), and an id that starts lower case is capitalised and marked with a final `-L`, so ids that
 * differ in any character, or only in case, never share an account. Plain upper-case ids stay as they are.
 */
export function beancountAccount(id: string): string {
  const body = id.replace(/[-._]/g, (ch) => (ch === '-' ? '--' : ch === '.' ? '-D' : '-U'));
  const lower = /^[a-z]/.test(id);
  return `${ACCOUNTS.receivable}:${lower ? body.charAt(0).toUpperCase() + body.slice(1) + '-L' : body}`;
}

export function beancountAccounts(customers: readonly string[]): Map<string, string> {
  return new Map(customers.map((id) => [id, beancountAccount(id)]));
}

/** `onProgress` is told of each transaction written, for a progress line on a large ledger. */
export function toBeancount(ledger: Ledger, asOf: LocalDate, onProgress?: (done: number, total: number) => void): string {
  const names = beancountAccounts([...ledger.customers.keys()]);
  const receivable = (c: string): string => names.get(c)!;
  const m = exportModel(ledger, asOf, receivable);
  const out: string[] = [];
  out.push(`; accounts receivable exported by arledger as of ${asOf}`);
  out.push('; open items stay on Assets:Receivable:<customer>; applications are notes, they move nothing');
  if (ledger.config.company.name) out.push(`option "title" ${beancountString(ledger.config.company.name)}`);
  out.push(`option "operating_currency" "${ledger.config.currency}"`, '');
  if (m.firstDate !== null) {
    for (const c of m.customers) {
      const cust = ledger.customers.get(c)!;
      out.push(`${m.firstDate} open ${receivable(c)} ${cust.currency}`);
      out.push(`  customer: ${beancountString(c)}`, `  name: ${beancountString(cust.name)}`);
    }
    for (const a of [ACCOUNTS.bank, ACCOUNTS.sales, ACCOUNTS.returns, ACCOUNTS.badDebt]) out.push(`${m.firstDate} open ${a}`);
    out.push('');
  }
  let done = 0;
  for (const t of m.transactions) {
    onProgress?.(++done, m.transactions.length);
    const d = t.doc;
    out.push(`${t.date} * ${beancountString(t.payee)} ${beancountString(t.narration)}`);
    out.push(`  id: ${beancountString(d.id)}`);
    if ('due' in d) out.push(`  due: ${d.due}`);
    for (const p of t.postings) out.push(`  ${p.account}  ${formatMinor(p.amount, p.currency)} ${p.currency}`);
    out.push('');
  }
  for (const a of m.applications) {
    out.push(`${a.date} note ${receivable(a.customer)} ${beancountString(`applied ${a.credit} to ${a.debit}: ${formatMinor(a.amount, a.currency)} ${a.currency}`)}`);
  }
  for (const e of m.disputes) {
    const customer = ledger.byId.get(e.invoice)!.customer;
    out.push(`${e.date} note ${receivable(customer)} ${beancountString(`dispute ${e.status} on ${e.invoice}${e.reason ? `: ${e.reason}` : ''}`)}`);
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
