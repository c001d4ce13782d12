// Bank CSV exports read through a profile of ledger.yaml (`bank.profiles`): encoding, delimiter, number and date style, columns.
import { parse, CsvError } from 'csv-parse/sync';
import { DataError, issue, q, type LedgerIssue } from '../../core/issues.js';
import { isCurrency, type Currency, type Minor } from '../../core/money.js';
import type { BankStatement, Direction } from '../../core/reconcile/line.js';
import { dateReader, normalizeIban, parseBankAmount } from '../../core/reconcile/values.js';
import type { BankProfile } from '../../core/types.js';
import { assignIds, type DraftLine } from './ids.js';

/** Column keys a profile may map; `date` and one of `amount` or `credit`/`debit` are required. */
export const PROFILE_COLUMNS = ['date', 'amount', 'credit', 'debit', 'direction', 'currency', 'payer', 'iban', 'reference', 'text', 'id'] as const;

const CREDIT_WORDS = /^(c|cr|crdt|credit|haben|h|deposit|in|incoming|gutschrift)$/i;
const DEBIT_WORDS = /^(d|dr|dbit|debit|soll|s|withdrawal|out|outgoing|lastschrift)$/i;

export function decodeBytes(file: string, bytes: Uint8Array, encoding: string): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding);
  } catch {
    throw new DataError([issue(file, undefined, `encoding ${q(encoding)} of the bank profile is not a known text encoding`, 'write e.g. utf-8, windows-1252 or iso-8859-15')]);
  }
  const text = decoder.decode(bytes);
  const bad = text.indexOf('\ufffd');
  if (bad >= 0 && /^utf-?8$/i.test(decoder.encoding)) {
    const line = text.slice(0, bad).split(/\r\n|\r|\n/).length;
    throw new DataError([issue(file, line, `is not valid ${encoding}`, 'set encoding in the bank profile to the one the bank uses, e.g. windows-1252')]);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function readBankCsv(file: string, bytes: Uint8Array, profile: BankProfile, fallbackCurrency: Currency): BankStatement {
  // Classic Mac exports end lines with CR alone; everything is read as LF so that line numbers hold.
  const text = decodeBytes(file, bytes, profile.encoding).replace(/\r\n?/g, '\n');
  const skipped = text.split('\n').slice(0, profile.skipRows).join('\n').length + (profile.skipRows > 0 ? 1 : 0);
  const body = text.slice(Math.min(skipped, text.length));
  const at = (l: number): number => l + profile.skipRows;
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(body, {
      delimiter: profile.delimiter, relax_column_count: true, skip_empty_lines: true, info: true, bom: true, relax_quotes: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const line = (e as CsvError & { lines?: number }).lines;
    throw new DataError([issue(file, line !== undefined ? at(line) : undefined, `is not CSV with delimiter ${q(profile.delimiter)}: ${e.message.replace(/ at line \d+.*$/, '')}`,
      `check delimiter in bank profile ${profile.name}`)]);
  }
  const header = records.shift();
  if (!header) throw new DataError([issue(file, undefined, 'has no header row', 'the first row names the columns')]);
  const names = header.record.map((h) => h.trim());
  const cols = profile.columns;
  const index = (key: string): number | null => {
    const name = cols[key];
    if (name === undefined || name === '') return null;
    let i = names.indexOf(name);
    if (i < 0) i = names.findIndex((n) => n.toLowerCase() === name.toLowerCase());
    if (i < 0) {
      throw new DataError([issue(file, at(header.info.lines), `column ${q(name)} (columns.${key} of bank profile ${profile.name}) is not in the header`,
        `the header has ${names.map((n) => q(n)).join(', ')}`)]);
    }
    return i;
  };
  const unknown = Object.keys(cols).filter((k) => !(PROFILE_COLUMNS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw new DataError([issue(file, undefined, `bank profile ${profile.name} maps unknown column key ${q(unknown[0]!)}`, `use ${PROFILE_COLUMNS.join(', ')}`)]);
  }
  const ix = Object.fromEntries(PROFILE_COLUMNS.map((k) => [k, index(k)])) as Record<(typeof PROFILE_COLUMNS)[number], number | null>;
  if (ix.date === null) throw new DataError([issue(file, undefined, `bank profile ${profile.name} has no columns.date`, 'map date to the booking date column')]);
  if (ix.amount === null && ix.credit === null && ix.debit === null) {
    throw new DataError([issue(file, undefined, `bank profile ${profile.name} maps neither columns.amount nor columns.credit/debit`, 'map amount to a signed amount column, or credit and debit to two columns')]);
  }
  if (profile.currency === null && ix.currency === null && !isCurrency(fallbackCurrency)) {
    throw new DataError([issue(file, undefined, `bank profile ${profile.name} gives no currency`, 'add currency: EUR or a currency column')]);
  }
  const readDate = dateReader(profile.dateFormat);
  const style = { decimal: profile.decimal, thousands: profile.thousands };
  const issues: LedgerIssue[] = [];
  const drafts: DraftLine[] = [];
  for (const { record, info } of records) {
    const line = at(info.lines);
    const cell = (i: number | null): string => (i === null ? '' : (record[i] ?? '').trim());
    if (record.every((f) => f.trim() === '')) continue;
    const ccyText = cell(ix.currency).toUpperCase() || profile.currency || fallbackCurrency;
    if (!isCurrency(ccyText)) {
      issues.push(issue(file, line, `currency ${q(ccyText)} is not an ISO 4217 code`, 'map columns.currency to the currency column, or set currency in the profile'));
      continue;
    }
    const currency: Currency = ccyText;
    const date = readDate(cell(ix.date));
    if (!date) {
      issues.push(readDate.fits(cell(ix.date))
        ? issue(file, line, `date ${q(cell(ix.date))} is not a calendar date`, `the bank profile ${profile.name} reads it as ${profile.dateFormat}; no month has that day`)
        : issue(file, line, `date ${q(cell(ix.date))} does not match date_format ${q(profile.dateFormat)} of bank profile ${profile.name}`, 'fix date_format, e.g. DD.MM.YYYY, M/D/YY, YYYY-MM-DD or DD-MMM-YY'));
      continue;
    }
    const signed = amountOf(cell(ix.amount), cell(ix.credit), cell(ix.debit), cell(ix.direction), style, currency);
    if (!signed.ok) {
      issues.push(issue(file, line, signed.problem, `bank profile ${profile.name} reads amounts with decimal ${q(profile.decimal)}${profile.thousands ? ` and thousands ${q(profile.thousands)}` : ''}`));
      continue;
    }
    if (signed.minor === 0) continue;
    const direction: Direction = signed.minor > 0 ? 'credit' : 'debit';
    const text = [cell(ix.reference), cell(ix.text)].filter((s) => s !== '').join(' ');
    drafts.push({
      candidateId: cell(ix.id), account: profile.name, date, amount: Math.abs(signed.minor) as Minor, currency, direction,
      payerName: cell(ix.payer), payerIban: normalizeIban(cell(ix.iban)), text, reference: '', booked: true, reversal: false,
      sourceLine: line,
    });
  }
  if (issues.length > 0) throw new DataError(issues);
  const lines = assignIds(drafts, 'csv');
  return { id: '', account: profile.name, from: null, to: null, opening: null, closing: null, lines, sourceLine: 1 };
}

function amountOf(amount: string, credit: string, debit: string, dir: string, style: { decimal: string; thousands: string }, ccy: Currency): { ok: true; minor: number } | { ok: false; problem: string } {
  if (amount !== '') {
    const r = parseBankAmount(amount, style, ccy);
    if (!r.ok) return { ok: false, problem: `amount ${q(amount)} ${r.problem}` };
    if (dir === '') return r;
    if (CREDIT_WORDS.test(dir)) return { ok: true, minor: Math.abs(r.minor) };
    if (DEBIT_WORDS.test(dir)) return { ok: true, minor: -Math.abs(r.minor) };
    return { ok: false, problem: `direction ${q(dir)} is neither credit nor debit` };
  }
  if (credit !== '' && debit !== '') {
    const c = parseBankAmount(credit, style, ccy);
    const d = parseBankAmount(debit, style, ccy);
    if (c.ok && d.ok && c.minor !== 0 && d.minor !== 0) return { ok: false, problem: `has both a credit ${q(credit)} and a debit ${q(debit)}; a movement is one or the other` };
    if (c.ok && c.minor === 0 && d.ok) return { ok: true, minor: -Math.abs(d.minor) };
  }
  if (credit !== '') {
    const r = parseBankAmount(credit, style, ccy);
    return r.ok ? { ok: true, minor: Math.abs(r.minor) } : { ok: false, problem: `credit ${q(credit)} ${r.problem}` };
  }
  if (debit !== '') {
    const r = parseBankAmount(debit, style, ccy);
    return r.ok ? { ok: true, minor: -Math.abs(r.minor) } : { ok: false, problem: `debit ${q(debit)} ${r.problem}` };
  }
  // A row with no amount at all is a broken export, not a zero: dropping it would hide a movement.
  return { ok: false, problem: 'has no amount: the amount cell is empty' };
}
