// Four-eyes approval of write-offs and credit notes (an extension, see README "Approvals"): above a threshold set
// in ledger.yaml, a second person approves, and both names are kept at the end of the row's reason as
// ` [by: RECORDER; approved by: APPROVER]` — credits.csv keeps exactly its SPEC §1.2 columns. A name holding
// `;`, `[`, `]`, `"` or `\` is written as a JSON string, so the suffix always reads back unambiguously.
import { issue, RefusedError, type LedgerIssue } from './issues.js';
import type { Ledger } from './ledger.js';
import { formatMinor, parseDecimal, roundToMinor, type Currency, type Minor } from './money.js';
import type { AmountPolicy, ApprovalsConfig, LedgerConfig } from './types.js';

export type ApprovedKind = 'write-off' | 'credit-note';

const NAME = String.raw`"(?:[^"\\]|\\.)*"|[^\[\];"\\]+`;
const SUFFIX_RE = new RegExp(String.raw` \[by: (${NAME}); approved by: (${NAME})\]$`);

function nameText(name: string): string {
  return /^[^[\];"\\]+$/.test(name) && name.trim() === name ? name : JSON.stringify(name);
}

function nameOf(text: string): string {
  return text.startsWith('"') ? JSON.parse(text) as string : text;
}

/** The threshold for a kind in a currency: its own entry, else the one amount; null when none applies. */
export function approvalThreshold(config: LedgerConfig, kind: ApprovedKind, currency: Currency): Minor | null {
  const a: ApprovalsConfig | undefined = config.approvals;
  const policy: AmountPolicy | null = a ? (kind === 'write-off' ? a.writeOff : a.creditNote) : null;
  const text = policy ? policy.byCurrency[currency] ?? policy.all : null;
  const value = text == null ? null : parseDecimal(text);
  return value === null ? null : roundToMinor(value, currency);
}

/** The names kept with a row, or null when its reason carries none. */
export function parseApproval(reason: string): { reason: string; by: string; approvedBy: string } | null {
  const m = SUFFIX_RE.exec(reason);
  if (!m) return null;
  try {
    return { reason: reason.slice(0, m.index), by: nameOf(m[1]!), approvedBy: nameOf(m[2]!) };
  } catch {
    return null;
  }
}

function samePerson(a: string, b: string): boolean {
  const norm = (s: string): string => s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
  return norm(a) === norm(b);
}

const KIND_NAME: Readonly<Record<ApprovedKind, string>> = { 'write-off': 'a write-off', 'credit-note': 'a credit note' };

export interface ApprovalRequest {
  readonly kind: ApprovedKind;
  readonly amount: Minor;
  readonly currency: Currency;
  /** Who records it; undefined when nobody could be found. */
  readonly by: string | undefined;
  readonly approvedBy: string | undefined;
  readonly userHint: string;
}

/**
 * The reason with the names appended when an approval is given, else as it was. Refused: above the threshold
 * without an approver, without a known recorder, or approved by the recorder.
 */
export function approvedReason(config: LedgerConfig, reason: string, req: ApprovalRequest): string {
  const threshold = approvalThreshold(config, req.kind, req.currency);
  const fmt = (m: Minor): string => `${formatMinor(m, req.currency)} ${req.currency}`;
  const above = threshold !== null && req.amount > threshold;
  const limit = threshold === null ? '' : ` (approvals.${req.kind} ${fmt(threshold)} in ledger.yaml)`;
  if (req.approvedBy === undefined) {
    if (!above) return reason;
    throw new RefusedError(`${KIND_NAME[req.kind]} of ${fmt(req.amount)} is above the approval threshold${limit} — add --approved-by NAME, someone other than ${req.by === undefined ? 'the person recording it' : JSON.stringify(req.by)}; nothing was written`);
  }
  if (req.by === undefined) {
    throw new RefusedError(`${KIND_NAME[req.kind]} approved by ${JSON.stringify(req.approvedBy)} needs to know who records it, to prove it is someone else — ${req.userHint}`);
  }
  if (samePerson(req.by, req.approvedBy)) {
    throw new RefusedError(`${JSON.stringify(req.approvedBy)} cannot approve ${KIND_NAME[req.kind]} of ${fmt(req.amount)} that ${JSON.stringify(req.by)} records${limit}: approver and recorder must be two people — ask someone else to approve it, or let them record it with --by`);
  }
  return `${reason} [by: ${nameText(req.by)}; approved by: ${nameText(req.approvedBy)}]`;
}

/**
 * `check`'s approval findings: every write-off or credit note dated on or after `approvals.since` (every one
 * without it) above its threshold whose reason carries no approval, or one approved by its own recorder. Credit
 * notes arledger writes itself for an early-payment discount are not a person's decision and are left out.
 */
export function approvalIssues(ledger: Ledger): LedgerIssue[] {
  const cfg = ledger.config.approvals;
  if (!cfg) return [];
  const out: LedgerIssue[] = [];
  for (const d of ledger.documents) {
    if (d.kind !== 'write-off' && d.kind !== 'credit-note') continue;
    if (cfg.since !== null && d.date < cfg.since) continue;
    if (d.kind === 'credit-note' && /^early-payment discount/.test(d.reason)) continue;
    const names = parseApproval(d.reason);
    const threshold = approvalThreshold(ledger.config, d.kind, d.currency);
    const fmt = (m: Minor): string => `${formatMinor(m, d.currency)} ${d.currency}`;
    if (names === null) {
      if (threshold !== null && d.amount > threshold) {
        out.push(issue(d.src.file, d.src.line, `${d.kind} ${d.id} of ${fmt(d.amount)} is above the approval threshold ${fmt(threshold)} (approvals.${d.kind}) and carries no approval`,
          'a second person approves it: reverse it and record it again with --approved-by NAME'));
      }
    } else if (samePerson(names.by, names.approvedBy)) {
      out.push(issue(d.src.file, d.src.line, `${d.kind} ${d.id} was approved by ${JSON.stringify(names.approvedBy)}, who also recorded it`,
        'approver and recorder must be two people: reverse it and record it again with another approver'));
    }
  }
  return out;
}
