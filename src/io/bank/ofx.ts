// OFX bank and credit-card statements: 1.x (SGML, leaf elements without end tags) and 2.x (XML), and Quicken's QFX,
// which is OFX with an INTU.BID. Read by a small tokenizer of our own: the npm OFX parsers tried fail on real
// files (CDATA in Suncorp's 2.0 export, the one-line 1.02 export of a Canadian bank), keep no line numbers, and
// rescan the rest of the input for every tag.
import { isLocalDate, type LocalDate } from '../../core/date.js';
import { DataError, issue, q, type LedgerIssue } from '../../core/issues.js';
import { isCurrency, type Currency, type Minor } from '../../core/money.js';
import type { Balance, BankStatement } from '../../core/reconcile/line.js';
import { parseBankAmount } from '../../core/reconcile/values.js';
import { decodeWindows1252 } from './cp1252.js';
import { assignIds, type DraftLine, type Unbalanced } from './ids.js';

/** An OFX element: an aggregate (children) or a leaf (value), with the line of its start tag. */
export interface OfxNode {
  readonly name: string;
  readonly line: number;
  readonly children: OfxNode[];
  value: string | null;
}

/** Whether the start of a file is OFX: the 1.x header, the 2.x processing instruction, or the OFX element itself. */
export function looksLikeOfx(head: string): boolean {
  if (/^\s*OFXHEADER\s*:/i.test(head) || /<\?OFX\s/i.test(head)) return true;
  // Header-less files (csv2ofx writes `DATA:OFXSGML` alone) still open with <OFX> before any other element.
  const at = head.search(/<OFX>/i);
  return at >= 0 && !/<[A-Za-z]/.test(head.slice(0, at));
}

/**
 * The text of an OFX file. 1.x names its character set in the header (CHARSET:1252, ENCODING:UTF-8), 2.x in the
 * XML declaration; bytes that are not valid UTF-8 where UTF-8 is named are an error, anything else is Windows-1252.
 */
export function decodeOfx(file: string, bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  const utf8Named = /^\s*ENCODING\s*:\s*UTF-?8\s*$/im.test(head) || /<\?xml[^>]*encoding=["']utf-?8["']/i.test(head);
  const legacyNamed = /^\s*CHARSET\s*:\s*(?:1252|8859-1|ISO-8859-1|LATIN-?1)\s*$/im.test(head) && !utf8Named;
  let text: string;
  if (legacyNamed) {
    text = decodeWindows1252(bytes);
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      if (utf8Named) {
        const good = new TextDecoder('utf-8').decode(bytes);
        const bad = good.indexOf('\ufffd');
        throw new DataError([issue(file, good.slice(0, bad).split(/\r\n|\r|\n/).length, 'is not valid UTF-8, the encoding its header names', 'export the statement again from the bank')]);
      }
      text = decodeWindows1252(bytes);
    }
  }
  return (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');
}

/** OFX statements nest about 8 aggregates deep; far deeper is no statement. */
const MAX_DEPTH = 64;

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function unescape(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
      return n > 0 && n < 0x110000 ? String.fromCodePoint(n) : all;
    }
    return ENTITIES[e.toLowerCase()] ?? all;
  });
}

/**
 * Parses the body (from `<OFX>`) into a tree. A start tag followed by text is a leaf, whether or not its end tag
 * follows (SGML leaves its leaves open); a start tag followed by a tag is an aggregate, closed by its end tag.
 */
export function parseOfxTree(file: string, text: string): OfxNode {
  const start = text.search(/<OFX>/i);
  if (start < 0) throw new DataError([issue(file, undefined, 'has an OFX header but no <OFX> element', 'export the statement again from the bank')]);
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < start; i = text.indexOf('\n', i + 1)) line++;
  const root: OfxNode = { name: '#root', line: 1, children: [], value: null };
  const stack: OfxNode[] = [root];
  let pos = start;
  let pending: OfxNode | null = null;
  const advance = (to: number): void => {
    for (let i = text.indexOf('\n', pos); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) line++;
    pos = to;
  };
  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    const chunk = text.slice(pos, lt < 0 ? text.length : lt);
    if (chunk.trim() !== '') {
      if (pending) {
        pending.value = unescape(chunk.trim());
        pending = null;
      } else {
        throw new DataError([issue(file, line + (chunk.match(/^\s*/)![0].split('\n').length - 1), `text ${q(chunk.trim().slice(0, 40))} stands outside any element`, 'check that the file is complete and was not edited by hand')]);
      }
    }
    if (lt < 0) { advance(text.length); break; }
    advance(lt);
    if (text.startsWith('<!--', pos)) {
      const end = text.indexOf('-->', pos);
      advance(end < 0 ? text.length : end + 3);
      continue;
    }
    if (text.startsWith('<![CDATA[', pos)) {
      const end = text.indexOf(']]>', pos);
      if (end < 0) throw new DataError([issue(file, line, 'a CDATA section is never closed', 'check that the file is complete')]);
      if (pending) {
        pending.value = text.slice(pos + 9, end).trim();
        pending = null;
      }
      advance(end + 3);
      continue;
    }
    if (text.startsWith('<?', pos) || text.startsWith('<!', pos)) {
      const end = text.indexOf('>', pos);
      advance(end < 0 ? text.length : end + 1);
      continue;
    }
    const gt = text.indexOf('>', pos);
    const tag = gt < 0 ? '' : text.slice(pos + 1, gt);
    const m = /^(\/?)([A-Za-z][\w.-]*)(?:\s[^<]*?)?(\/?)$/.exec(tag);
    if (!m || tag.includes('<')) throw new DataError([issue(file, line, `${q(text.slice(pos, pos + 40).split('\n')[0]!)} is not an OFX tag`, 'tags are written <NAME>, </NAME>; check that the file is complete')]);
    const name = m[2]!.toUpperCase();
    const tagLine = line;
    advance(gt + 1);
    if (m[1] === '/') {
      if (pending && pending.name === name) {
        pending.value = '';
        pending = null;
        continue;
      }
      pending = null;
      const at = stack.map((n) => n.name).lastIndexOf(name);
      // The end tag of a leaf that had its text is no aggregate's: 1.x files mix both styles.
      if (at > 0) stack.length = at;
      continue;
    }
    if (pending) {
      // The previous start tag was followed by a tag: it opens an aggregate.
      stack.push(pending);
      if (stack.length > MAX_DEPTH) throw new DataError([issue(file, pending.line, `the OFX nests elements more than ${MAX_DEPTH} deep; a statement nests about 8`, 'check that this is the statement file')]);
      pending = null;
    }
    const node: OfxNode = { name, line: tagLine, children: [], value: null };
    stack[stack.length - 1]!.children.push(node);
    if (m[3] === '/') node.value = '';
    else pending = node;
  }
  const ofx = root.children.find((n) => n.name === 'OFX');
  if (!ofx) throw new DataError([issue(file, undefined, 'has no <OFX> element', 'export the statement again from the bank')]);
  const open = stack[stack.length - 1]!;
  if (stack.length > 2) {
    throw new DataError([issue(file, open.line, `the file ends inside <${open.name}>, which is never closed`, 'the download was cut short: export the statement again from the bank')]);
  }
  return ofx;
}

function child(n: OfxNode | undefined, ...path: string[]): OfxNode | undefined {
  let cur = n;
  for (const p of path) cur = cur?.children.find((c) => c.name === p);
  return cur;
}

function val(n: OfxNode | undefined, ...path: string[]): string {
  return (child(n, ...path)?.value ?? '').trim();
}

function findAll(n: OfxNode, names: ReadonlySet<string>, out: OfxNode[] = []): OfxNode[] {
  for (const c of n.children) {
    if (names.has(c.name)) out.push(c);
    else if (c.value === null) findAll(c, names, out);
  }
  return out;
}

/** OFX date-time YYYYMMDD[HHMMSS[.XXX]][[gmt offset[:tz name]]]: its calendar date, as the bank wrote it. */
function ofxDate(s: string): LocalDate | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:\d{0,6}(?:[.:]\d{1,3})?)?\s*(?:\[[^\]]*\])?$/.exec(s.trim());
  if (!m) return null;
  const d = `${m[1]}-${m[2]}-${m[3]}`;
  return isLocalDate(d) ? d : null;
}

/**
 * An OFX amount: a sign, digits and one decimal mark, a point or (the spec allows it) a comma. A thousands
 * separator or a currency sign is no OFX amount and is refused rather than guessed at.
 */
function ofxAmount(s: string, ccy: Currency): { ok: true; minor: number } | { ok: false; problem: string } {
  const t = s.trim();
  if (/^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$/.test(t)) {
    const r = parseBankAmount(t, { decimal: t.includes(',') ? ',' : '.', thousands: '' }, ccy);
    return r.ok ? r : { ok: false, problem: r.problem };
  }
  if (/^[+-]?\d{1,3}(?:[,.' ]\d{3})+(?:[.,]\d+)?$/.test(t)) return { ok: false, problem: 'has a thousands separator, which OFX amounts never carry' };
  return { ok: false, problem: 'is not an OFX amount (a sign, digits and a decimal point, e.g. -1234.56)' };
}

const STATEMENTS = new Set(['STMTRS', 'CCSTMTRS']);

export function readOfx(file: string, text: string): { statements: BankStatement[]; issues: LedgerIssue[]; unbalanced: Unbalanced[] } {
  const ofx = parseOfxTree(file, text);
  const found = findAll(ofx, STATEMENTS);
  if (found.length === 0) {
    const other = findAll(ofx, new Set(['INVSTMTRS', 'INTRARS', 'INTERRS', 'LOANSTMTRS', 'PRESDIRRS'])).map((n) => n.name)[0];
    const status = val(ofx, 'SIGNONMSGSRSV1', 'SONRS', 'STATUS', 'MESSAGE');
    throw new DataError([issue(file, undefined, other !== undefined
      ? `is OFX without a bank or credit-card statement (it holds ${other}, which reconcile does not read)`
      : `is OFX without a bank or credit-card statement (no STMTRS or CCSTMTRS)${status !== '' ? `; the bank says ${q(status)}` : ''}`,
    'download the account statement (bank or credit card) as OFX, QFX or camt.053')]);
  }
  const issues: LedgerIssue[] = [];
  const read = found.map((s) => readStatement(file, s, issues));
  const all = assignIds(read.flatMap((r) => r.drafts), 'ofx');
  let next = 0;
  const statements = read.map(({ drafts, ...s }) => ({ ...s, lines: all.slice(next, (next += drafts.length)) }));
  return { statements, issues, unbalanced: [] };
}

function readStatement(file: string, s: OfxNode, issues: LedgerIssue[]): Omit<BankStatement, 'lines'> & { drafts: DraftLine[] } {
  const curdef = val(s, 'CURDEF').toUpperCase();
  const account = val(s, 'BANKACCTFROM', 'ACCTID') || val(s, 'CCACCTFROM', 'ACCTID');
  const list = child(s, 'BANKTRANLIST');
  const drafts: DraftLine[] = [];
  const lines = [
    ...(list?.children.filter((c) => c.name === 'STMTTRN').map((t) => [t, true] as const) ?? []),
    // OFX 2.1.1 lists pending transactions apart; they are never matched, but are shown.
    ...(child(s, 'BANKTRANLISTP')?.children.filter((c) => c.name === 'STMTTRNP').map((t) => [t, false] as const) ?? []),
  ];
  for (const [t, booked] of lines) {
    const other = val(t, 'CURRENCY', 'CURSYM').toUpperCase();
    const code = other || curdef;
    const amtNode = child(t, 'TRNAMT');
    if (!isCurrency(code)) {
      issues.push(issue(file, t.line, code === '' ? 'the statement names no currency (CURDEF is empty) and the transaction none of its own' : `currency ${q(code)} is not an ISO 4217 code`,
        'CURDEF holds the statement\'s currency, e.g. <CURDEF>USD'));
      continue;
    }
    const when = val(t, 'DTPOSTED') || val(t, 'DTUSER') || val(t, 'DTTRAN');
    const date = ofxDate(when);
    if (!date) {
      issues.push(issue(file, child(t, 'DTPOSTED')?.line ?? t.line, `DTPOSTED ${q(when)} is not a date`, 'OFX dates are YYYYMMDD, optionally with a time, e.g. 20261103 or 20261103120000.000[-5:EST]'));
    }
    const raw = val(t, 'TRNAMT');
    const amt = ofxAmount(raw, code);
    if (!amt.ok) {
      issues.push(issue(file, amtNode?.line ?? t.line, `TRNAMT ${q(raw)} ${raw === '' ? 'is missing' : amt.problem}`, 'e.g. <TRNAMT>-1234.56 (negative for money going out)'));
    }
    if (!date || !amt.ok) continue;
    if (amt.minor === 0) continue;
    const name = val(t, 'NAME') || val(t, 'PAYEE', 'NAME');
    const memo = val(t, 'MEMO');
    const textOf = memo === '' ? name : name === '' || memo.includes(name) ? memo : `${name} ${memo}`;
    drafts.push({
      candidateId: val(t, 'FITID'), account, date, amount: Math.abs(amt.minor) as Minor, currency: code,
      direction: amt.minor > 0 ? 'credit' : 'debit', payerName: name, payerIban: '', text: textOf.replace(/\s+/g, ' ').trim(),
      reference: '', booked, reversal: false, sourceLine: t.line,
    });
  }
  const from = ofxDate(val(list, 'DTSTART'));
  const to = ofxDate(val(list, 'DTEND'));
  let closing: Balance | null = null;
  const bal = child(s, 'LEDGERBAL');
  if (bal && val(bal, 'BALAMT') !== '' && isCurrency(curdef)) {
    const a = ofxAmount(val(bal, 'BALAMT'), curdef);
    const d = ofxDate(val(bal, 'DTASOF'));
    if (!a.ok) issues.push(issue(file, child(bal, 'BALAMT')!.line, `BALAMT ${q(val(bal, 'BALAMT'))} ${a.problem}`, 'e.g. <BALAMT>1234.56'));
    else if (d) closing = { date: d, amount: a.minor, currency: curdef };
  }
  return { id: account, account, from, to, opening: null, closing, drafts, sourceLine: s.line };
}
