// The ledger as an hledger journal: `YYYY-MM-DD description`, postings indented with two spaces before amounts.
import { escapeControl } from '../escape.js';
import { formatMinor, minorDigits } from '../money.js';
import type { Ledger } from '../ledger.js';
import type { LocalDate } from '../date.js';
import { ACCOUNTS, exportModel, type Posting } from './transactions.js';

/**
 * hledger ends a description at `;` and an account name at two spaces; data text must not do either. Line breaks
 * become spaces; C1 controls and bidi overrides, which a terminal or an editor would act on, become escapes.
 */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return escapeControl(text.replace(/[\u0000-\u001f\u007f]+/g, ' ')).replace(/;/g, ',').replace(/ {2,}/g, ' ').trim();
}

/** The payee as the description shows it: a `|` would end it early, and an empty one would not be a payee. */
function payeeOf(name: string): string {
  return clean(name).replace(/\|/g, '/') || '(no name)';
}

/** hledger account names may hold almost anything but two spaces; ids cannot contain spaces at all. */
export function hledgerReceivable(customer: string): string {
  return `${ACCOUNTS.receivable}:${customer}`;
}

function posting(p: Posting, width: number): string {
  return `    ${p.account.padEnd(width)}  ${formatMinor(p.amount, p.currency).padStart(16)} ${p.currency}`;
}

/** `onProgress` is told of each transaction written, for a progress line on a large ledger. */
export function toHledger(ledger: Ledger, asOf: LocalDate, onProgress?: (done: number, total: number) => void): string {
  const m = exportModel(ledger, asOf, hledgerReceivable);
  const out: string[] = [];
  out.push(`; ${clean(ledger.config.company.name) || 'arledger'}: accounts receivable exported by arledger as of ${asOf}`);
  out.push('; open items stay on Assets:Receivable:<customer>; applications are listed as comments, they move nothing');
  // Declared, so that an amount such as 1.000 KWD is never read with `.` as a thousands separator.
  out.push('decimal-mark .', '');
  for (const c of m.currencies) {
    const digits = minorDigits(c);
    out.push(`commodity 1000.${'0'.repeat(digits)} ${c}`);
  }
  if (m.currencies.length > 0) out.push('');
  const accounts = [...m.customers.map(hledgerReceivable), ACCOUNTS.bank, ACCOUNTS.sales, ACCOUNTS.returns, ACCOUNTS.badDebt];
  for (const a of accounts) out.push(`account ${a}`);
  out.push('');
  // Declared, so that `hledger check payees` (and -s with it) accepts every transaction's payee.
  const payees = [...new Set(m.transactions.map((t) => payeeOf(t.payee)))].sort();
  for (const p of payees) out.push(`payee ${p}`);
  if (payees.length > 0) out.push('');
  const width = Math.max(...accounts.map((a) => a.length));
  let notes = 0;
  let done = 0;
  for (const t of m.transactions) {
    onProgress?.(++done, m.transactions.length);
    // Applications and dispute events dated before this transaction come first, so the file stays in date order.
    while (notes < m.applications.length && m.applications[notes]!.date < t.date) out.push(applicationNote(m.applications[notes++]!));
    const d = t.doc;
    const tags = [`id:${d.id}`, ...('due' in d ? [`due:${d.due}`] : []), `customer:${d.customer}`];
    out.push(`${t.date} * ${payeeOf(t.payee)} | ${clean(t.narration)}  ; ${tags.join(', ')}`);
    for (const p of t.postings) out.push(posting(p, width));
    out.push('');
  }
  while (notes < m.applications.length) out.push(applicationNote(m.applications[notes++]!));
  for (const e of m.disputes) out.push(`; ${e.date} dispute ${e.status} on ${e.invoice}${e.reason ? `: ${clean(e.reason)}` : ''}`);
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

function applicationNote(a: { date: string; credit: string; debit: string; amount: number; currency: string }): string {
  return `; ${a.date} applied ${a.credit} to ${a.debit}: ${formatMinor(a.amount, a.currency)} ${a.currency}`;
}
