// Invoice and statement templates of a ledger (templates/invoice.<fmt>.mustache, templates/statement.<fmt>.mustache):
// the view they see and their rendering, by the rules of the letter templates — logic-less mustache, each format
// with its own escaping, everything they show computed here.
import Mustache from 'mustache';
import type { Block, DocumentView } from '../documents/view.js';
import { escapeMarkdown } from './letters.js';

export const DOCUMENT_TEMPLATES = ['invoice', 'statement'] as const;
export type DocumentTemplateName = (typeof DOCUMENT_TEMPLATES)[number];
export const DOCUMENT_TEMPLATE_FORMATS = ['txt', 'md', 'html'] as const;
export type DocumentTemplateFormat = (typeof DOCUMENT_TEMPLATE_FORMATS)[number];

interface Row {
  readonly label: string;
  readonly value: string;
}

export interface DocumentTemplateView {
  readonly title: string;
  readonly parties: readonly { readonly role: string; readonly name: string; readonly lines: readonly string[] }[];
  /** The document's details (number, dates, terms, currency) in order … */
  readonly fields: readonly Row[];
  /** … and by key: `Invoice no.` is `f.invoice_no`, `Due date` is `f.due_date`, `Payment reference` is `f.payment_reference`. */
  readonly f: Readonly<Record<string, string>>;
  readonly tables: readonly {
    readonly title: string;
    readonly columns: readonly { readonly label: string; readonly right: boolean }[];
    readonly rows: readonly { readonly cells: readonly { readonly value: string; readonly right: boolean }[] }[];
    readonly empty: string;
    readonly has_rows: boolean;
  }[];
  readonly totals: readonly (Row & { readonly strong: boolean })[];
  /** Payment instructions (amount due, due date, reference, bank account); empty when nothing is to be paid. */
  readonly payment: readonly Row[];
  readonly has_payment: boolean;
  readonly notes: readonly string[];
  /** The EPC QR code of the amount due as inline SVG (`{{{qr_svg}}}` in HTML), and its text; empty without one. */
  readonly qr_svg: string;
  readonly epc_payload: string;
  readonly has_qr: boolean;
}

export function fieldKey(label: string): string {
  return label.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

/** `qrSvg` draws the EPC code; the caller passes it, so that reading a ledger never loads the QR encoder. */
export function documentTemplateView(view: DocumentView, qrSvg: (payload: string) => string): DocumentTemplateView {
  const fields: Row[] = [];
  const payment: Row[] = [];
  const tables: DocumentTemplateView['tables'][number][] = [];
  const totals: (Row & { strong: boolean })[] = [];
  const notes: string[] = [];
  const parties: DocumentTemplateView['parties'][number][] = [];
  let epc = '';
  const each = (b: Block): void => {
    switch (b.type) {
      case 'parties':
        parties.push(...b.parties.map((p) => ({ role: p.role, name: p.name, lines: p.lines })));
        break;
      case 'fields':
        (b.title === undefined ? fields : payment).push(...b.fields.map(([label, value]) => ({ label, value })));
        break;
      case 'table':
        tables.push({
          title: b.title, empty: b.empty, has_rows: b.rows.length > 0,
          columns: b.columns.map((c) => ({ label: c.label, right: c.align === 'right' })),
          rows: b.rows.map((r) => ({ cells: b.columns.map((c, i) => ({ value: r[i] ?? '', right: c.align === 'right' })) })),
        });
        break;
      case 'totals':
        totals.push(...b.rows);
        break;
      case 'note':
        notes.push(b.text);
        break;
      case 'qr':
        epc = b.payload;
        break;
    }
  };
  view.blocks.forEach(each);
  const f: Record<string, string> = {};
  for (const r of [...payment, ...fields]) f[fieldKey(r.label)] = r.value;
  return {
    title: view.title, parties, fields, f, tables, totals, payment, has_payment: payment.length > 0, notes,
    qr_svg: epc === '' ? '' : qrSvg(epc), epc_payload: epc, has_qr: epc !== '',
  };
}

/** A template mustache cannot parse or render. */
export class DocumentTemplateError extends Error {}

const ESCAPE: Readonly<Record<DocumentTemplateFormat, ((v: unknown) => string) | undefined>> = {
  txt: (v) => String(v),
  md: escapeMarkdown,
  html: undefined,
};

export function renderDocumentTemplate(template: string, view: DocumentTemplateView, format: DocumentTemplateFormat): string {
  try {
    const escape = ESCAPE[format];
    return Mustache.render(template, view, {}, escape ? { escape } : {});
  } catch (e) {
    throw new DocumentTemplateError((e as Error).message);
  }
}

/** Why a template cannot be used, or null; `check` and every load report it, as for letter templates. */
export function templateSyntaxProblem(template: string): string | null {
  try {
    Mustache.parse(template);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}
