// Dunning letters: the view a template sees, and its rendering to text, Markdown and HTML with mustache.
//
// Templates are data a bookkeeper edits, so they stay logic-less; everything they show is computed here. Each
// format gets its own escaping: none for text, backslash escapes for Markdown, mustache's HTML escaping for HTML.
import Mustache from 'mustache';
import { creditorReference } from '../creditor-reference.js';
import { discountText } from '../discount.js';
import { epcPayload } from '../documents/epc.js';
import { formatMinor, groupThousands, type Minor } from '../money.js';
import type { DunningLetter } from '../reports/dunning.js';
import type { Customer, LedgerConfig } from '../types.js';
import { DEFAULT_LETTER_TEMPLATES, type LetterTemplates } from './dunning-defaults.js';

export { DEFAULT_LETTER_TEMPLATES, type LetterTemplates } from './dunning-defaults.js';

export interface LetterView {
  readonly date: string;
  readonly level: number;
  readonly currency: string;
  readonly company: {
    readonly name: string; readonly email: string; readonly address_lines: readonly string[];
    /** '' when ledger.yaml has none. */
    readonly vat_id: string; readonly registration: string;
  };
  /** The account to pay into (the letter's currency, else any); `has_bank` false when ledger.yaml lists none. */
  readonly bank: { readonly name: string; readonly iban: string; readonly bic: string };
  readonly has_bank: boolean;
  /** How to quote the payment: `the invoice numbers above as the payment reference`, or each RF reference. */
  readonly references_text: string;
  /** EPC QR code payload for the amount due in euros into a euro account; '' otherwise. */
  readonly epc_payload: string;
  /**
   * That code as inline SVG, for HTML templates (`{{{qr_svg}}}`); `has_qr` false without one. Filled in by the
   * caller that draws codes (dunning), so that reading a ledger never loads the QR encoder.
   */
  readonly qr_svg: string;
  readonly has_qr: boolean;
  readonly customer: {
    readonly id: string; readonly name: string; readonly email: string; readonly address_lines: readonly string[];
    /** The name, then the address; the name once when the address already starts with it. */
    readonly recipient_lines: readonly string[];
  };
  readonly items: readonly {
    readonly id: string; readonly due: string; readonly days_overdue: number; readonly level: number;
    readonly open: string; readonly interest: string;
    /** What the customer quotes for it: the id, or its RF creditor reference. */
    readonly reference: string;
    /** e.g. `2 % discount (24.00) if paid by 2026-12-05`; empty unless the discount's window is still open. */
    readonly discount: string;
  }[];
  readonly overdue: string;
  readonly fee: string;
  readonly interest: string;
  /** The customer's unapplied payments and credits, deducted from what the letter asks for. */
  readonly unapplied: string;
  readonly has_unapplied: boolean;
  /** overdue + fee + interest, before the unapplied credit is deducted (SPEC §4 `total`). */
  readonly subtotal: string;
  /** What the letter asks the customer to pay: subtotal − unapplied, never negative; `total` is the same. */
  readonly amount_due: string;
  readonly total: string;
  /** No letter was sent to this customer before this one. */
  readonly first_notice: boolean;
  /** The earlier letters, oldest first; `name` is the level's template name in words, e.g. `second notice`. */
  readonly previous_notices: readonly { readonly date: string; readonly level: number; readonly name: string }[];
  /** e.g. `our reminder of 2026-10-12 and second notice of 2026-11-02`; empty for a first notice. */
  readonly previous_notices_text: string;
  /** The items' early-payment discounts still open at the letter's date, e.g. `INV-1: 2 % discount (24.00) if paid by …`. */
  readonly discounts: readonly string[];
  readonly has_discounts: boolean;
  readonly has_fee: boolean;
  readonly has_interest: boolean;
  readonly interest_rate: string;
  /** Pre-aligned plain-text table of the items, for .txt templates. */
  readonly items_table: string;
  /** Pre-aligned plain-text overdue total, fee, interest and total, for .txt templates. */
  readonly summary_table: string;
}

/** A letter in every format; the e-mail sender reuses the same three. */
export interface RenderedLetter {
  readonly text: string;
  readonly markdown: string;
  readonly html: string;
}

const lines = (text: string): string[] => text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');

function alignTable(rows: readonly (readonly string[])[], right: readonly boolean[]): string[] {
  const widths = right.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (right[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('   ').trimEnd());
}

/** A notice level in words for a letter: its template's name (`second-notice` → `second notice`). */
function noticeName(config: LedgerConfig, level: number): string {
  const template = config.dunning.levels.find((l) => l.level === level)?.template;
  return template === undefined ? `level ${level} notice` : template.replace(/[-_]+/g, ' ');
}

/** `our reminder of A`, `our reminder of A and second notice of B`, `our reminder of A, … and final demand of C`. */
function noticesText(notices: readonly { readonly date: string; readonly name: string }[]): string {
  const parts = notices.map((n) => `${n.name} of ${n.date}`);
  if (parts.length === 0) return '';
  const last = parts.pop()!;
  return `our ${parts.length > 0 ? `${parts.join(', ')} and ${last}` : last}`;
}

export function letterView(config: LedgerConfig, customer: Customer, letter: DunningLetter, date: string): LetterView {
  const m = (v: Minor): string => groupThousands(formatMinor(v, letter.currency));
  const items = letter.items.map((i) => ({
    id: i.id, due: i.due, days_overdue: i.daysOverdue, level: i.level, open: m(i.open), interest: m(i.interest),
    reference: config.paymentReference === 'rf' ? creditorReference(i.id) ?? i.id : i.id,
    discount: i.discount ? discountText(i.discount, letter.currency) : '',
  }));
  const previous = letter.previousNotices.map((n) => ({ date: n.date, level: n.level, name: noticeName(config, n.level) }));
  const discounts = items.filter((i) => i.discount !== '').map((i) => `${i.id}: ${i.discount}`);
  const itemRows = [
    ['Invoice', 'Due', 'Days overdue', `Open (${letter.currency})`, `Interest (${letter.currency})`],
    ...letter.items.map((li, k) => {
      const i = items[k]!;
      return [li.instalment !== undefined ? `${i.id} (instalment ${li.instalment}/${li.of})` : i.id, i.due, String(i.days_overdue), i.open, i.interest];
    }),
  ];
  const itemLines = alignTable(itemRows, [false, false, true, true, true]);
  const summary: string[][] = [['Overdue total', `${m(letter.overdue)} ${letter.currency}`]];
  if (letter.fee > 0) summary.push(['Fee', `${m(letter.fee)} ${letter.currency}`]);
  if (letter.interest > 0) summary.push([`Interest (${letter.interestRate ?? '0'} % a year)`, `${m(letter.interest)} ${letter.currency}`]);
  if (letter.unapplied > 0) summary.push(['Less unapplied credit', `-${m(letter.unapplied)} ${letter.currency}`]);
  summary.push(['Total now due', `${m(letter.amountDue)} ${letter.currency}`]);
  const address = lines(customer.address);
  const companyAddress = lines(config.company.address);
  const rule = '-'.repeat(Math.max(...itemLines.map((l) => l.length)));
  const accounts = config.bankAccounts ?? [];
  const account = accounts.find((a) => a.currency === letter.currency) ?? accounts.find((a) => a.currency === null) ?? null;
  const rf = config.paymentReference === 'rf';
  const referencesText = rf
    ? `the payment reference of each invoice: ${[...new Set(items.map((i) => `${i.reference} (${i.id})`))].join(', ')}`
    : 'the invoice numbers above as the payment reference';
  // Instalments of one invoice share its reference, quoted once.
  const qrText = [...new Set(items.map((i) => i.reference))].join(' ');
  const epc = account && letter.currency === 'EUR' && (account.currency === 'EUR' || account.currency === null)
    ? epcPayload({
      name: config.company.name, iban: account.iban, bic: account.bic, amount: letter.amountDue,
      reference: qrText.length <= 140 ? qrText : `Customer ${customer.id} notice ${date}`,
    })
    : null;
  return {
    date,
    level: letter.level,
    currency: letter.currency,
    // Addresses are often written with the name as their first line; the letterhead prints the name already.
    company: {
      name: config.company.name, email: config.company.email,
      address_lines: companyAddress[0] === config.company.name ? companyAddress.slice(1) : companyAddress,
      vat_id: config.company.vatId ?? '', registration: config.company.registration ?? '',
    },
    bank: account ? { name: account.bank, iban: account.iban.replace(/(.{4})(?=.)/g, '$1 '), bic: account.bic } : { name: '', iban: '', bic: '' },
    has_bank: account !== null,
    references_text: referencesText,
    epc_payload: epc ?? '',
    qr_svg: '',
    has_qr: false,
    customer: {
      id: customer.id, name: customer.name, email: customer.email, address_lines: address,
      recipient_lines: address[0] === customer.name ? address : [customer.name, ...address],
    },
    items,
    overdue: m(letter.overdue),
    fee: m(letter.fee),
    interest: m(letter.interest),
    unapplied: m(letter.unapplied),
    has_unapplied: letter.unapplied > 0,
    subtotal: m(letter.total),
    amount_due: m(letter.amountDue),
    total: m(letter.amountDue),
    first_notice: previous.length === 0,
    previous_notices: previous,
    previous_notices_text: noticesText(previous),
    discounts,
    has_discounts: discounts.length > 0,
    has_fee: letter.fee > 0,
    has_interest: letter.interest > 0,
    interest_rate: letter.interestRate ?? '',
    items_table: [itemLines[0]!, rule, ...itemLines.slice(1)].join('\n'),
    summary_table: alignTable(summary, [false, true]).join('\n'),
  };
}

/** Backslash-escapes what Markdown would read as markup (CommonMark allows it before any ASCII punctuation). */
export function escapeMarkdown(value: unknown): string {
  return String(value).replace(/[\\`*_[\]<>|#~&]/g, '\\$&');
}

const RENDER_OPTIONS = {
  txt: { escape: (v: unknown) => String(v) },
  md: { escape: escapeMarkdown },
  html: {},
} as const;

/** A template that mustache cannot parse, with the format it was for. */
export class TemplateError extends Error {
  constructor(readonly format: keyof LetterTemplates, message: string) {
    super(message);
  }
}

export function renderLetter(view: LetterView, templates: LetterTemplates): RenderedLetter {
  const render = (format: keyof LetterTemplates): string => {
    try {
      return Mustache.render(templates[format], view, {}, RENDER_OPTIONS[format]);
    } catch (e) {
      throw new TemplateError(format, (e as Error).message);
    }
  };
  return { text: render('txt'), markdown: render('md'), html: render('html') };
}

/** The built-in templates of a name, or null when there are none by that name. */
export function builtinTemplates(name: string): LetterTemplates | null {
  return Object.hasOwn(DEFAULT_LETTER_TEMPLATES, name) ? DEFAULT_LETTER_TEMPLATES[name]! : null;
}
