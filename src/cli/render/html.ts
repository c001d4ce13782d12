// Printable documents as the format asked for, and their HTML: one self-contained page (inline CSS, A4 print
// rules, no external resources), every piece of data escaped.
import { renderMarkdown, renderText } from '../../core/documents/text.js';
import { UNSAFE_TEXT_RE, escapeUnsafe } from '../../core/escape.js';
import type { Block, Column, DocumentView, Party } from '../../core/documents/view.js';
import { qrSvg } from '../../core/documents/qr.js';

export type DocumentFormat = 'txt' | 'md' | 'html' | 'pdf';
export const DOCUMENT_FORMATS: readonly DocumentFormat[] = ['txt', 'md', 'html', 'pdf'];

/** A document in a text format (PDF is made by renderPdf). */
export function renderDocument(view: DocumentView, format: Exclude<DocumentFormat, 'pdf'>): string {
  switch (format) {
    case 'md': return renderMarkdown(view);
    case 'html': return renderHtml(view);
    default: return renderText(view);
  }
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
    // Line breaks and tabs are layout in HTML; every other control and every bidi override is shown as an escape,
    // so that no name can reorder an amount or an IBAN on the page.
    .replace(UNSAFE_TEXT_RE, (c) => (c === '\n' || c === '\r' || c === '\t' ? c : escapeUnsafe(c)));
}

const CSS = `
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
* { box-sizing: border-box; }
html { color: #111; background: #fff; }
body { font: 10pt/1.45 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; margin: 0 auto; max-width: 190mm; padding: 12mm 8mm; }
h1 { font-size: 18pt; margin: 0 0 6mm; letter-spacing: .02em; }
h2 { font-size: 11pt; margin: 7mm 0 2mm; border-bottom: 1px solid #999; padding-bottom: 1mm; }
.parties { display: flex; justify-content: space-between; gap: 10mm; margin-bottom: 6mm; }
.party { flex: 1; }
.party .role { font-size: 8pt; text-transform: uppercase; color: #555; letter-spacing: .05em; }
.party .name { font-weight: bold; }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: .5mm 6mm; margin: 0 0 4mm; }
dl.fields dt { color: #555; }
dl.fields dd { margin: 0; }
table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 1.2mm 2mm; vertical-align: top; white-space: nowrap; }
td.wrap { white-space: normal; width: 100%; }
th { text-align: left; border-bottom: 1.5px solid #333; font-size: 9pt; }
td { border-bottom: 1px solid #ddd; }
.num { text-align: right; white-space: nowrap; }
table.totals { width: auto; margin-left: auto; min-width: 90mm; }
table.totals td { border-bottom: none; }
table.totals tr.strong td { font-weight: bold; border-top: 1.5px solid #333; font-size: 11pt; }
p.note { margin: 3mm 0; }
figure.qr { display: flex; align-items: center; gap: 6mm; margin: 4mm 0; break-inside: avoid; page-break-inside: avoid; }
figure.qr figcaption { color: #555; font-size: 9pt; }
@media print {
  body { padding: 0; max-width: none; }
  tr, .parties, table.totals { page-break-inside: avoid; break-inside: avoid; }
  thead { display: table-header-group; }
  h2 { break-after: avoid; page-break-after: avoid; }
}
`;

/** A complete page around a body; the CSP forbids the page to load anything, so it prints the same offline. */
export function htmlShell(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

const cls = (c: Column): string => (c.align === 'right' ? ' class="num"' : c.wrap ? ' class="wrap"' : '');

function party(p: Party): string {
  const lines = p.lines.map((l) => `<div>${escapeHtml(l)}</div>`).join('');
  return `<div class="party"><div class="role">${escapeHtml(p.role)}</div><div class="name">${escapeHtml(p.name)}</div>${lines}</div>`;
}

function block(b: Block): string {
  switch (b.type) {
    case 'parties':
      return `<section class="parties">${b.parties.map(party).join('\n')}</section>`;
    case 'fields':
      return (b.title === undefined ? '' : `<h2>${escapeHtml(b.title)}</h2>\n`) + `<dl class="fields">${b.fields.map(([l, v]) => `<dt>${escapeHtml(l)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
    case 'table': {
      if (b.rows.length === 0) return b.empty === '' ? '' : `<h2>${escapeHtml(b.title)}</h2>\n<p class="note">${escapeHtml(b.empty)}</p>`;
      const head = b.columns.map((c) => `<th${cls(c)}>${escapeHtml(c.label)}</th>`).join('');
      const rows = b.rows.map((r) => `<tr>${b.columns.map((c, i) => `<td${cls(c)}>${escapeHtml(r[i] ?? '')}</td>`).join('')}</tr>`).join('\n');
      return `<h2>${escapeHtml(b.title)}</h2>\n<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`;
    }
    case 'totals': {
      const rows = b.rows.map((r) => `<tr${r.strong ? ' class="strong"' : ''}><td>${escapeHtml(r.label)}</td><td class="num">${escapeHtml(r.value)}</td></tr>`).join('\n');
      return `<table class="totals" aria-label="${escapeHtml(b.title)}">\n${rows}\n</table>`;
    }
    case 'note':
      return `<p class="note">${escapeHtml(b.text)}</p>`;
    case 'qr':
      return `<figure class="qr">${qrSvg(b.payload)}<figcaption>${b.caption.map((l) => `<div>${escapeHtml(l)}</div>`).join('')}</figcaption></figure>`;
  }
}

export function renderHtml(view: DocumentView): string {
  const body = [`<h1>${escapeHtml(view.title)}</h1>`, ...view.blocks.map(block).filter((s) => s !== '')].join('\n');
  return htmlShell(view.title, body);
}
