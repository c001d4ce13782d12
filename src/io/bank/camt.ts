// ISO 20022 camt.053 statements and camt.054 notifications (versions .001.02 to .001.08), read with fast-xml-parser.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { isLocalDate, type LocalDate } from '../../core/date.js';
import { DataError, issue, q, type LedgerIssue } from '../../core/issues.js';
import { formatMinor, isCurrency, type Currency, type Minor } from '../../core/money.js';
import type { Balance, BankStatement, Direction } from '../../core/reconcile/line.js';
import { normalizeIban, parseBankAmount } from '../../core/reconcile/values.js';
import { assignIds, lineAt, lineOfMatch, type DraftLine, type Unbalanced } from './ids.js';

type Node = Record<string, unknown>;

const ARRAYS = new Set(['Stmt', 'Ntfctn', 'Rpt', 'Ntry', 'NtryDtls', 'TxDtls', 'Bal', 'Ustrd', 'Strd']);

// Values stay text: a reference such as 000000000002000000000000012 must keep its zeros.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  removeNSPrefix: true,
  trimValues: true,
  isArray: (name) => ARRAYS.has(name),
});

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

function get(v: unknown, ...path: string[]): unknown {
  let cur = v;
  for (const k of path) cur = isNode(cur) ? cur[k] : Array.isArray(cur) && isNode(cur[0]) ? (cur[0] as Node)[k] : undefined;
  return cur;
}

function text(v: unknown, ...path: string[]): string {
  const x = get(v, ...path);
  if (typeof x === 'string') return x;
  if (isNode(x) && typeof x['#text'] === 'string') return x['#text'];
  if (Array.isArray(x)) return x.map((e) => (typeof e === 'string' ? e : '')).filter((s) => s !== '').join(' ');
  return '';
}

function list(v: unknown, ...path: string[]): Node[] {
  const x = get(v, ...path);
  return Array.isArray(x) ? x.filter(isNode) : isNode(x) ? [x] : [];
}

/** Entities and DTDs are refused before parsing, so no document can expand or fetch anything. */
export function refuseDoctype(file: string, xml: string): void {
  const m = /<!(DOCTYPE|ENTITY)/i.exec(xml);
  if (m) {
    throw new DataError([issue(file, lineAt(xml, m.index), `the XML declares a ${m[1]!.toUpperCase()}; bank statements never do, and it is refused for safety`,
      'export the statement again from the bank as plain camt.053/camt.054 XML')]);
  }
}

/** camt statements nest about 15 elements deep; far deeper is no statement, and would exhaust the parser's stack. */
export const MAX_XML_DEPTH = 100;

/** Refuses XML nested deeper than MAX_XML_DEPTH, in one pass over the tags, before any parser recurses into it. */
export function refuseDeepNesting(file: string, xml: string): void {
  let depth = 0;
  for (const m of xml.matchAll(/<(\/?)[A-Za-z_][^<>]*?(\/?)>|<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g)) {
    if (m[1] === undefined) continue;
    if (m[1] === '/') depth--;
    else if (m[2] !== '/' && ++depth > MAX_XML_DEPTH) {
      throw new DataError([issue(file, lineAt(xml, m.index), `the XML nests elements more than ${MAX_XML_DEPTH} deep; a camt statement nests about 15`,
        'export the statement again from the bank as plain camt.053/camt.054 XML')]);
    }
  }
}

// camt.052 (account report), camt.053 (statement) and camt.054 (notification), any version.
const CAMT_NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:camt\.05[234]\.\d{3}\.\d{2}$/;

export function readCamt(file: string, xml: string): { statements: BankStatement[]; issues: LedgerIssue[]; unbalanced: Unbalanced[] } {
  refuseDoctype(file, xml);
  refuseDeepNesting(file, xml);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new DataError([issue(file, valid.err.line, `is not well-formed XML: ${valid.err.msg}`, 'check that the file is complete and was not edited by hand')]);
  }
  // Other ISO 20022 messages (a pain.001 payment order) and foreign XML can share element names with a statement;
  // the parser drops namespaces, so the root element's is read from its start tag.
  const start = /<([A-Za-z_][\w.-]*)(?::([\w.-]+))?((?:\s[^>]*)?)>/.exec(xml.replace(/<!--[\s\S]*?-->/g, (c) => ' '.repeat(c.length)));
  const prefix = start?.[2] !== undefined ? start[1]! : '';
  const rootName = start?.[2] ?? start?.[1] ?? '';
  const ns = new RegExp(`\\sxmlns${prefix !== '' ? `:${prefix}` : ''}\\s*=\\s*["']([^"']*)["']`).exec(start?.[3] ?? '')?.[1];
  if (rootName !== 'Document' || ns === undefined || !CAMT_NAMESPACE.test(ns)) {
    const seen = rootName !== 'Document' ? `root element ${q(rootName)}` : ns !== undefined ? `namespace ${q(ns)}` : 'a Document without a namespace';
    throw new DataError([issue(file, start ? lineAt(xml, start.index) : 1, `is XML with ${seen}, not an ISO 20022 camt.052/053/054 statement (namespace urn:iso:std:iso:20022:tech:xsd:camt.053.001.NN)`,
      'give a camt.053 statement, a camt.054 notification, an MT940 file or a CSV export with --profile')]);
  }
  const doc = parser.parse(xml) as Node;
  const root = get(doc, 'Document');
  const stmts = [...list(root, 'BkToCstmrStmt', 'Stmt'), ...list(root, 'BkToCstmrDbtCdtNtfctn', 'Ntfctn'), ...list(root, 'BkToCstmrAcctRpt', 'Rpt')];
  if (!isNode(root) || stmts.length === 0) {
    throw new DataError([issue(file, 1, 'is XML but not an ISO 20022 camt.053/camt.054 statement (no Document/BkToCstmrStmt/Stmt or Ntfctn)',
      'give a camt.053 statement, a camt.054 notification, an MT940 file or a CSV export with --profile')]);
  }
  const issues: LedgerIssue[] = [];
  const entries = { lines: linesOfMatches(xml, /<(?:\w+:)?Ntry[\s>]/g), next: 0 };
  const statementCount = list(root, 'BkToCstmrStmt', 'Stmt').length;
  const unbalanced: Unbalanced[] = [];
  const read = stmts.map((s, i) => readStatement(file, xml, s, i, issues, entries, i < statementCount, (problem) => unbalanced.push({ index: i, id: text(s, 'Id'), issue: problem })));
  // Ids are unique per file: the same servicer reference on two statements of one file names no single line.
  const all = assignIds(read.flatMap((r) => r.drafts), 'camt');
  let next = 0;
  const statements = read.map(({ drafts, ...s }) => ({ ...s, lines: all.slice(next, (next += drafts.length)) }));
  return { statements, issues, unbalanced };
}

/** The 1-based line of every match of `re`, in one pass over the text. */
function linesOfMatches(text: string, re: RegExp): number[] {
  const out: number[] = [];
  let line = 1;
  let pos = 0;
  for (const m of text.matchAll(re)) {
    for (let i = text.indexOf('\n', pos); i !== -1 && i < m.index; i = text.indexOf('\n', pos)) {
      line++;
      pos = i + 1;
    }
    out.push(line);
  }
  return out;
}

/** The text of a date element that is there but is no calendar date (`2026-02-30`), else null. */
function badDate(v: unknown): string | null {
  const t = text(v, 'Dt') || text(v, 'DtTm');
  return t !== '' && !isLocalDate(t.slice(0, 10)) ? t : null;
}

function date(v: unknown): LocalDate | null {
  const t = text(v, 'Dt') || text(v, 'DtTm');
  const d = t.slice(0, 10);
  return isLocalDate(d) ? d : null;
}

function amountOf(file: string, line: number | undefined, amt: unknown, issues: LedgerIssue[]): { minor: Minor; currency: Currency } | null {
  const value = text(amt);
  const ccy = isNode(amt) && typeof amt['@_Ccy'] === 'string' ? amt['@_Ccy'] : '';
  if (!isCurrency(ccy)) {
    issues.push(issue(file, line, `amount ${q(value)} has currency ${q(ccy)}, not an ISO 4217 code`, 'each Amt carries a Ccy such as EUR'));
    return null;
  }
  const r = /^\d+(\.\d+)?$/.test(value) ? parseBankAmount(value, { decimal: '.', thousands: '' }, ccy) : { ok: false as const, problem: 'is not a decimal number' };
  if (!r.ok) {
    issues.push(issue(file, line, `amount ${q(value)} ${r.problem}`, 'camt amounts are plain decimals such as 1200.00'));
    return null;
  }
  return { minor: r.minor as Minor, currency: ccy };
}

function balance(file: string, line: number | undefined, bals: Node[], codes: readonly string[], issues: LedgerIssue[]): Balance | null {
  for (const code of codes) {
    const b = bals.find((x) => text(x, 'Tp', 'CdOrPrtry', 'Cd') === code);
    if (!b) continue;
    const a = amountOf(file, line, get(b, 'Amt'), issues);
    const d = date(get(b, 'Dt'));
    if (!a || !d) return null;
    return { date: d, amount: text(b, 'CdtDbtInd') === 'DBIT' ? -a.minor : a.minor, currency: a.currency };
  }
  return null;
}

function direction(v: string): Direction {
  return v === 'DBIT' ? 'debit' : 'credit';
}

function readStatement(file: string, xml: string, s: Node, index: number, issues: LedgerIssue[],
  entries: { readonly lines: readonly number[]; next: number }, isStatement: boolean, onUnbalanced: (i: LedgerIssue) => void): Omit<BankStatement, 'lines'> & { drafts: DraftLine[] } {
  const stmtAt = lineOfMatch(xml, /<(?:\w+:)?(?:Stmt|Ntfctn|Rpt)[\s>]/g, index);
  const account = text(s, 'Acct', 'Id', 'IBAN') || text(s, 'Acct', 'Id', 'Othr', 'Id');
  const bals = list(s, 'Bal');
  const opening = balance(file, stmtAt, bals, ['OPBD', 'PRCD'], issues);
  const closing = balance(file, stmtAt, bals, ['CLBD'], issues);
  // A camt.053 statement states both balances (the schema requires them); without them it cannot be proved complete.
  const has = (codes: readonly string[]): boolean => bals.some((b) => codes.includes(text(b, 'Tp', 'CdOrPrtry', 'Cd')));
  if (isStatement && (!has(['OPBD', 'PRCD']) || !has(['CLBD']))) {
    issues.push(issue(file, stmtAt, `statement ${q(text(s, 'Id'))} has no ${has(['OPBD', 'PRCD']) ? 'closing (CLBD)' : has(['CLBD']) ? 'opening (OPBD)' : 'opening (OPBD) or closing (CLBD)'} balance, so it cannot be checked complete`,
      'export the full camt.053 statement from the bank, balances included'));
  }
  const drafts: DraftLine[] = [];
  let booked = 0;
  for (const n of list(s, 'Ntry')) {
    const at = entries.lines[entries.next++] ?? stmtAt;
    const amt = amountOf(file, at, get(n, 'Amt'), issues);
    if (!amt) continue;
    const dir = direction(text(n, 'CdtDbtInd'));
    const status = text(n, 'Sts') || text(n, 'Sts', 'Cd');
    const isBooked = status === '' || status === 'BOOK';
    if (isBooked) booked += dir === 'credit' ? amt.minor : -amt.minor;
    // A pending entry may have no date yet; it is never matched, so the statement's creation date stands in.
    const created = text(s, 'CreDtTm').slice(0, 10);
    const invalid = badDate(get(n, 'BookgDt')) ?? badDate(get(n, 'ValDt'));
    if (invalid !== null) {
      issues.push(issue(file, at, `an entry of ${text(n, 'Amt')} ${amt.currency} is dated ${q(invalid)}, which is not a calendar date`, 'dates are YYYY-MM-DD and real days'));
      continue;
    }
    const when = date(get(n, 'BookgDt')) ?? date(get(n, 'ValDt')) ?? (!isBooked && isLocalDate(created) ? created : null);
    if (!when) {
      issues.push(issue(file, at, `an entry of ${text(n, 'Amt')} ${amt.currency} has no booking or value date`, 'each Ntry has BookgDt or ValDt'));
      continue;
    }
    const base = {
      date: when, currency: amt.currency, booked: isBooked, reversal: text(n, 'RvslInd') === 'true', account,
      ...(at !== undefined ? { sourceLine: at } : {}),
    };
    const txs = list(n, 'NtryDtls').flatMap((d) => list(d, 'TxDtls'));
    const txAmounts = txs.map((t) => get(t, 'Amt') ?? get(t, 'AmtDtls', 'TxAmt', 'Amt'));
    const parts = txs.length > 1 && txAmounts.every((a) => a !== undefined)
      ? txAmounts.map((a) => amountOf(file, at, a, issues))
      : null;
    const split = parts !== null && parts.every((p) => p && p.currency === amt.currency)
      && parts.reduce((x, p) => x + p!.minor, 0) === amt.minor;
    const entryRef = text(n, 'AcctSvcrRef') || text(n, 'NtryRef');
    const entryInfo = text(n, 'AddtlNtryInf');
    if (split) {
      txs.forEach((t, i) => {
        const td = text(t, 'CdtDbtInd');
        drafts.push({
          ...base, ...party(t, td === '' ? dir : direction(td), entryInfo), amount: parts![i]!.minor,
          direction: td === '' ? dir : direction(td),
          candidateId: text(t, 'Refs', 'AcctSvcrRef') || (entryRef !== '' ? `${entryRef}/${i + 1}` : ''),
        });
      });
    } else {
      const t = txs[0];
      drafts.push({
        ...base, ...party(t, dir, entryInfo), amount: amt.minor, direction: dir,
        candidateId: (t && txs.length === 1 ? text(t, 'Refs', 'AcctSvcrRef') : '') || entryRef,
      });
    }
  }
  if (opening && closing && opening.amount + booked !== closing.amount) {
    const ccy = closing.currency;
    const f = (m: number): string => formatMinor(m, ccy);
    const problem = issue(file, stmtAt,
      `statement ${q(text(s, 'Id'))}: opening balance ${f(opening.amount)} + booked entries ${f(booked)} = ${f(opening.amount + booked)}, but the closing balance is ${f(closing.amount)} ${ccy}`,
      'the statement is incomplete or altered; nothing was imported — get the full statement from the bank, or reconcile the statements that add up with --skip-unbalanced');
    issues.push(problem);
    onUnbalanced(problem);
  }
  const from = date(get(s, 'FrToDt', 'FrDtTm')) ?? (text(s, 'FrToDt', 'FrDtTm').slice(0, 10) as LocalDate);
  const to = text(s, 'FrToDt', 'ToDtTm').slice(0, 10);
  return {
    id: text(s, 'Id'),
    account,
    from: isLocalDate(from) ? from : null,
    to: isLocalDate(to) ? to : null,
    created: isLocalDate(text(s, 'CreDtTm').slice(0, 10)) ? (text(s, 'CreDtTm').slice(0, 10) as LocalDate) : null,
    opening, closing,
    drafts,
    ...(stmtAt !== undefined ? { sourceLine: stmtAt } : {}),
  };
}

/** Payer (for a credit) or payee (for a debit), remittance text and structured reference of a transaction. */
function party(t: Node | undefined, dir: Direction, entryInfo: string): Pick<DraftLine, 'payerName' | 'payerIban' | 'text' | 'reference' | 'creditorReference'> {
  const who = dir === 'credit' ? 'Dbtr' : 'Cdtr';
  const p = get(t, 'RltdPties');
  const name = text(p, who, 'Nm') || text(p, who, 'Pty', 'Nm') || text(p, `Ultmt${who}`, 'Nm') || text(p, `Ultmt${who}`, 'Pty', 'Nm');
  const iban = text(p, `${who}Acct`, 'Id', 'IBAN') || text(p, `${who}Acct`, 'Id', 'Othr', 'Id');
  const ustrd = text(t, 'RmtInf', 'Ustrd');
  const strdRefs = list(t, 'RmtInf', 'Strd').map((x) => text(x, 'CdtrRefInf', 'Ref')).filter((r) => r !== '');
  const e2e = text(t, 'Refs', 'EndToEndId');
  const reference = strdRefs[0] ?? (e2e !== '' && e2e !== 'NOTPROVIDED' ? e2e : '');
  const info = ustrd || text(t, 'AddtlTxInf') || entryInfo;
  return { payerName: name, payerIban: normalizeIban(iban), text: info.replace(/\s+/g, ' ').trim(), reference, creditorReference: strdRefs[0] ?? '' };
}
