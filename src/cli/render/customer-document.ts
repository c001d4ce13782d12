// A customer document (invoice, credit note, statement) in the format asked for: the ledger's own template for
// that format where it has one (templates/<name>.<fmt>.mustache), else the built-in layout. The PDF follows the
// Markdown template when there is one, as a letter's PDF follows its Markdown.
import type { DocumentView } from '../../core/documents/view.js';
import { DataError, issue } from '../../core/issues.js';
import type { Ledger } from '../../core/ledger.js';
import {
  DocumentTemplateError, documentTemplateView, renderDocumentTemplate, type DocumentTemplateFormat, type DocumentTemplateName,
} from '../../core/templates/documents.js';
import { documentTemplatePath, readDocumentTemplate } from '../../io/doc-templates.js';
import { qrSvg } from '../../core/documents/qr.js';
import type { Ctx } from '../context.js';
import { renderDocument, type DocumentFormat } from './html.js';
import type { PdfA3 } from './pdf.js';

export interface CustomerDocumentRequest {
  readonly ctx: Ctx;
  readonly dir: string;
  readonly ledger: Ledger;
  readonly template: DocumentTemplateName;
  readonly view: DocumentView;
  readonly format: DocumentFormat;
  /** The document's date, written into the PDF's metadata. */
  readonly date: string;
  /** A PDF only: made PDF/A-3 with these files embedded (Factur-X). */
  readonly pdfa3?: PdfA3 | undefined;
}

function withTemplate(r: CustomerDocumentRequest, format: DocumentTemplateFormat): string | null {
  const template = readDocumentTemplate(r.dir, r.template, format);
  if (template === null) return null;
  try {
    return renderDocumentTemplate(template, documentTemplateView(r.view, qrSvg), format);
  } catch (e) {
    if (!(e instanceof DocumentTemplateError)) throw e;
    const rel = documentTemplatePath(r.template, format);
    throw new DataError([issue(rel, undefined, `cannot render the ${r.template}: ${e.message}`, 'fix the mustache syntax: every {{#section}} needs its {{/section}}')]);
  }
}

export async function renderCustomerDocument(r: CustomerDocumentRequest): Promise<string | Buffer> {
  if (r.format !== 'pdf') return withTemplate(r, r.format) ?? renderDocument(r.view, r.format);
  const [{ documentItems, markdownItems, loadPdfRenderer }, { findPdfFonts }] = await Promise.all([import('./pdf.js'), import('../../io/fonts.js')]);
  const md = withTemplate(r, 'md');
  const items = md === null ? documentItems(r.view) : markdownItems(md);
  const renderPdf = await loadPdfRenderer();
  return renderPdf(items, findPdfFonts(r.ctx.env), { title: r.view.title, author: r.ledger.config.company.name, date: r.date, pdfa3: r.pdfa3 });
}
