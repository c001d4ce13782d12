// PDF documents (invoices, credit notes, statements, letters) set with pdfkit: A4 portrait, the fonts embedded as
// subsets, page numbers on a document of more than one page. No browser is involved, so a cron server makes the
// same PDF as a desktop.
//
// Text is set run by run: each character in the main font (DejaVu Sans) where it has a glyph, else in the
// fallback (Noto Sans CJK). A character neither has stops the document with the character named, since a PDF
// that prints boxes for a customer's name is worse than none.
import * as fontkit from 'fontkit';
import type { Block, Column, DocumentView, Party, TotalRow } from '../../core/documents/view.js';
import { UNSAFE_TEXT_RE, escapeUnsafe } from '../../core/escape.js';
import { FONT_INSTALL_HINT, type FontFace, type PdfFonts } from '../../io/fonts.js';
import { IoError } from '../../io/txn.js';
import { qrModules, type QrModules } from '../../core/documents/qr.js';

/** What a PDF page is made of; documents and letters are both brought to this. */
export type PdfItem =
  | { readonly kind: 'title'; readonly text: string }
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'parties'; readonly parties: readonly Party[] }
  | { readonly kind: 'fields'; readonly title?: string | undefined; readonly fields: readonly (readonly [string, string])[] }
  | {
    readonly kind: 'table'; readonly title?: string | undefined; readonly columns: readonly Column[];
    readonly rows: readonly (readonly string[])[]; readonly header: boolean; readonly boldRows?: readonly number[];
  }
  | { readonly kind: 'totals'; readonly rows: readonly TotalRow[] }
  /** Lines of a paragraph; each line a list of runs, bold or not; a line wraps where it is too long. */
  | { readonly kind: 'para'; readonly lines: readonly (readonly { readonly text: string; readonly bold: boolean }[])[] }
  | { readonly kind: 'qr'; readonly modules: QrModules; readonly caption: readonly string[] };

export interface PdfMeta {
  readonly title: string;
  readonly author: string;
  /** The document's own date, so that the same document makes the same file. */
  readonly date: string;
  /** Makes the file PDF/A-3b with these files embedded (Factur-X): a PDF that carries machine-readable data. */
  readonly pdfa3?: PdfA3 | undefined;
}

export interface PdfAttachment {
  readonly name: string;
  readonly data: Uint8Array;
  readonly mime: string;
  readonly description: string;
  /** How the file relates to the document (PDF 2.0 AFRelationship): Alternative, Data, Source, Supplement. */
  readonly relationship: 'Alternative' | 'Data' | 'Source' | 'Supplement';
}

export interface PdfA3 {
  readonly attachments: readonly PdfAttachment[];
  /** rdf:Description elements added to the XMP metadata, with the PDF/A extension schema of any namespace they use. */
  readonly xmp: string;
}

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { left: 51, right: 51, top: 48, bottom: 62 };
const CONTENT_W = PAGE.width - MARGIN.left - MARGIN.right;
const GREY = '#555555';
const RULE = '#999999';
const SIZE = { body: 9, small: 7.5, title: 16, heading: 10.5, table: 8.5 };

type Style = 'regular' | 'bold';

interface Run {
  readonly text: string;
  readonly font: string;
}

/** The document as blocks for the page. */
export function documentItems(view: DocumentView): PdfItem[] {
  const out: PdfItem[] = [{ kind: 'title', text: view.title }];
  for (const b of view.blocks) out.push(...blockItems(b));
  return out;
}

function blockItems(b: Block): PdfItem[] {
  switch (b.type) {
    case 'parties':
      return [{ kind: 'parties', parties: b.parties }];
    case 'fields':
      return [{ kind: 'fields', title: b.title, fields: b.fields }];
    case 'table':
      if (b.rows.length === 0) return b.empty === '' ? [] : [{ kind: 'heading', text: b.title }, para(b.empty)];
      return [{ kind: 'table', title: b.title, columns: b.columns, rows: b.rows, header: true }];
    case 'totals':
      return [{ kind: 'totals', rows: b.rows }];
    case 'note':
      return [para(b.text)];
    case 'qr':
      return [{ kind: 'qr', modules: qrModules(b.payload), caption: b.caption }];
  }
}

function para(text: string): PdfItem {
  return { kind: 'para', lines: text.split('\n').map((l) => [{ text: l, bold: false }]) };
}

/** Every string an item prints, for the glyph check before anything is drawn. */
function itemTexts(i: PdfItem): string[] {
  switch (i.kind) {
    case 'title':
    case 'heading':
      return [i.text];
    case 'parties':
      return i.parties.flatMap((p) => [p.role.toUpperCase(), p.name, ...p.lines]);
    case 'fields':
      return [i.title ?? '', ...i.fields.flat()];
    case 'table':
      return [i.title ?? '', ...i.columns.map((c) => c.label), ...i.rows.flat()];
    case 'totals':
      return i.rows.flatMap((r) => [r.label, r.value]);
    case 'para':
      return i.lines.flatMap((l) => l.map((r) => r.text));
    case 'qr':
      return [...i.caption];
  }
}

class Setter {
  readonly doc: PDFKit.PDFDocument;
  private readonly main: Record<Style, fontkit.Font>;
  private readonly fallback: Record<Style, fontkit.Font> | null;
  y = MARGIN.top;

  constructor(doc: PDFKit.PDFDocument, fonts: PdfFonts) {
    this.doc = doc;
    const face = (f: FontFace): fontkit.Font => fontkit.create(f.data, f.postscriptName) as fontkit.Font;
    doc.registerFont('main-regular', fonts.main.regular.data);
    doc.registerFont('main-bold', fonts.main.bold.data);
    this.main = { regular: face(fonts.main.regular), bold: face(fonts.main.bold) };
    if (fonts.fallback) {
      doc.registerFont('fallback-regular', fonts.fallback.regular.data, fonts.fallback.regular.postscriptName as string);
      doc.registerFont('fallback-bold', fonts.fallback.bold.data, fonts.fallback.bold.postscriptName as string);
      this.fallback = { regular: face(fonts.fallback.regular), bold: face(fonts.fallback.bold) };
    } else {
      this.fallback = null;
    }
  }

  /** The first character no installed font can print, or null. */
  missing(text: string): string | null {
    for (const ch of safe(text)) {
      const c = ch.codePointAt(0)!;
      if (this.main.regular.hasGlyphForCodePoint(c)) continue;
      if (this.fallback && this.fallback.regular.hasGlyphForCodePoint(c)) continue;
      return ch;
    }
    return null;
  }

  runs(text: string, style: Style): Run[] {
    const out: Run[] = [];
    let cur = '';
    let font = '';
    for (const ch of safe(text)) {
      const c = ch.codePointAt(0)!;
      const f = this.main[style].hasGlyphForCodePoint(c) || !this.fallback || /\s/.test(ch) ? `main-${style}` : `fallback-${style}`;
      if (f !== font && cur !== '') {
        out.push({ text: cur, font });
        cur = '';
      }
      font = f;
      cur += ch;
    }
    if (cur !== '') out.push({ text: cur, font });
    return out;
  }

  width(text: string, style: Style, size: number): number {
    let w = 0;
    for (const r of this.runs(text, style)) w += this.doc.font(r.font).fontSize(size).widthOfString(r.text);
    return w;
  }

  /** One line of text at (x, y), never wrapped; `align` right puts its end at x. */
  draw(text: string, x: number, y: number, style: Style, size: number, color = '#111111', align: 'left' | 'right' = 'left'): void {
    let at = align === 'right' ? x - this.width(text, style, size) : x;
    this.doc.fillColor(color);
    // Every run on the main font's baseline: fonts differ in ascent, and a CJK name would otherwise sit higher.
    const baseline = y + (this.main[style].ascent / this.main[style].unitsPerEm) * size;
    for (const r of this.runs(text, style)) {
      this.doc.font(r.font).fontSize(size).text(r.text, at, baseline, { lineBreak: false, baseline: 'alphabetic' });
      at += this.doc.widthOfString(r.text);
    }
  }

  /** Text broken into lines of at most `w` points, at spaces (and between CJK characters); a longer word is cut. */
  wrap(text: string, style: Style, size: number, w: number): string[] {
    const out: string[] = [];
    for (const para of text.split('\n')) {
      const words = para.match(/[\u2e80-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff00-\uffef]+\s*|\s+/g) ?? [''];
      let line = '';
      for (const word of words) {
        const next = line + word;
        if (line !== '' && this.width(next.trimEnd(), style, size) > w) {
          out.push(line.trimEnd());
          line = word.trimStart();
        } else {
          line = next;
        }
        while (this.width(line.trimEnd(), style, size) > w && [...line].length > 1) {
          const chars = [...line];
          let n = chars.length - 1;
          while (n > 1 && this.width(chars.slice(0, n).join(''), style, size) > w) n--;
          out.push(chars.slice(0, n).join(''));
          line = chars.slice(n).join('');
        }
      }
      out.push(line.trimEnd());
    }
    return out;
  }

  newPage(): void {
    this.doc.addPage();
    this.y = MARGIN.top;
  }

  /** Starts a new page unless `h` points still fit on this one. */
  room(h: number): void {
    if (this.y + h > PAGE.height - MARGIN.bottom) this.newPage();
  }

  rule(x1: number, x2: number, y: number, width = 0.5, color = RULE): void {
    this.doc.moveTo(x1, y).lineTo(x2, y).lineWidth(width).strokeColor(color).stroke();
  }
}

const lineH = (size: number): number => size * 1.35;

/** Control characters and bidi overrides shown as escapes, as in HTML: no name can reorder an amount or an IBAN. */
function safe(text: string): string {
  return text.replace(UNSAFE_TEXT_RE, escapeUnsafe);
}

function heading(s: Setter, text: string): void {
  s.room(lineH(SIZE.heading) + 3 * lineH(SIZE.table));
  s.y += 8;
  s.draw(text, MARGIN.left, s.y, 'bold', SIZE.heading);
  s.y += lineH(SIZE.heading);
  s.rule(MARGIN.left, MARGIN.left + CONTENT_W, s.y);
  s.y += 4;
}

function parties(s: Setter, list: readonly Party[]): void {
  const colW = CONTENT_W / Math.max(1, list.length);
  const heights = list.map((p, i) => {
    const x = MARGIN.left + i * colW;
    let y = s.y;
    s.draw(p.role.toUpperCase(), x, y, 'regular', SIZE.small, GREY);
    y += lineH(SIZE.small) + 1;
    for (const l of s.wrap(p.name, 'bold', SIZE.body + 0.5, colW - 14)) {
      s.draw(l, x, y, 'bold', SIZE.body + 0.5);
      y += lineH(SIZE.body + 0.5);
    }
    for (const line of p.lines) {
      for (const l of s.wrap(line, 'regular', SIZE.body, colW - 14)) {
        s.draw(l, x, y, 'regular', SIZE.body);
        y += lineH(SIZE.body);
      }
    }
    return y;
  });
  s.y = Math.max(...heights) + 10;
}

function fields(s: Setter, title: string | undefined, list: readonly (readonly [string, string])[]): void {
  if (title !== undefined) heading(s, title);
  const lw = Math.max(0, ...list.map(([l]) => s.width(l, 'regular', SIZE.body))) + 14;
  for (const [label, value] of list) {
    const lines = s.wrap(value, 'regular', SIZE.body, CONTENT_W - lw);
    s.room(lines.length * lineH(SIZE.body));
    s.draw(label, MARGIN.left, s.y, 'regular', SIZE.body, GREY);
    for (const l of lines) {
      s.draw(l, MARGIN.left + lw, s.y, 'regular', SIZE.body);
      s.y += lineH(SIZE.body);
    }
  }
  s.y += 4;
}

/** Widths for the columns: each one-line column as wide as its widest cell, the free-text ones share the rest. */
function columnWidths(s: Setter, columns: readonly Column[], rows: readonly (readonly string[])[], header: boolean, size: number): number[] {
  const pad = 8;
  const natural = columns.map((c, i) => Math.max(header ? s.width(c.label, 'bold', size) : 0, ...rows.map((r) => s.width(r[i] ?? '', 'regular', size))) + pad);
  const fixed = columns.reduce((t, c, i) => t + (c.wrap ? 0 : natural[i]!), 0);
  const wrapping = columns.filter((c) => c.wrap).length;
  if (wrapping === 0) {
    // Without a free-text column the spare width goes to the last left-aligned one, so numbers end at the margin.
    const spare = Math.max(0, CONTENT_W - fixed);
    const last = columns.map((c) => c.align).lastIndexOf('left');
    return natural.map((w, i) => (i === (last < 0 ? 0 : last) ? w + spare : w));
  }
  const rest = Math.max(60 * wrapping, CONTENT_W - fixed);
  return columns.map((c, i) => (c.wrap ? Math.min(rest / wrapping, Math.max(natural[i]!, rest / wrapping)) : natural[i]!));
}

function table(s: Setter, item: Extract<PdfItem, { kind: 'table' }>): void {
  if (item.title !== undefined) heading(s, item.title);
  let size = SIZE.table;
  let widths = columnWidths(s, item.columns, item.rows, item.header, size);
  // A table wider than the page is set smaller rather than cut: every figure must stay on the page.
  while (widths.reduce((a, b) => a + b, 0) > CONTENT_W && size > 6) {
    size -= 0.5;
    widths = columnWidths(s, item.columns, item.rows, item.header, size);
  }
  const xs = widths.map((_, i) => MARGIN.left + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const cellX = (i: number): number => (item.columns[i]!.align === 'right' ? xs[i]! + widths[i]! - 4 : xs[i]! + (i === 0 ? 0 : 4));
  const right = MARGIN.left + widths.reduce((a, b) => a + b, 0);
  const head = (): void => {
    if (!item.header) return;
    item.columns.forEach((c, i) => s.draw(c.label, cellX(i), s.y, 'bold', size, '#111111', c.align));
    s.y += lineH(size) + 1;
    s.rule(MARGIN.left, right, s.y - 1.5, 0.8, '#333333');
    s.y += 2;
  };
  head();
  item.rows.forEach((row, r) => {
    const style: Style = item.boldRows?.includes(r) ? 'bold' : 'regular';
    const cells = item.columns.map((c, i) => (c.wrap ? s.wrap(row[i] ?? '', style, size, widths[i]! - 8) : [row[i] ?? '']));
    const h = Math.max(...cells.map((c) => c.length)) * lineH(size) + 3;
    if (s.y + h > PAGE.height - MARGIN.bottom) {
      s.newPage();
      head();
    }
    cells.forEach((lines, i) => lines.forEach((l, k) => s.draw(l, cellX(i), s.y + k * lineH(size), style, size, '#111111', item.columns[i]!.align)));
    s.y += h;
    s.rule(MARGIN.left, right, s.y - 2, 0.3, '#dddddd');
  });
  s.y += 4;
}

function totals(s: Setter, rows: readonly TotalRow[]): void {
  const size = (r: TotalRow): number => (r.strong ? SIZE.body + 1.5 : SIZE.body);
  const need = Math.max(...rows.map((r) => s.width(r.label, r.strong ? 'bold' : 'regular', size(r)) + s.width(r.value, r.strong ? 'bold' : 'regular', size(r)) + 24));
  const w = Math.min(CONTENT_W, Math.max(250, need));
  const x = MARGIN.left + CONTENT_W - w;
  s.room(rows.length * lineH(SIZE.body + 1) + 8);
  s.y += 4;
  for (const r of rows) {
    const size = r.strong ? SIZE.body + 1.5 : SIZE.body;
    if (r.strong) {
      s.rule(x, x + w, s.y - 1, 1, '#333333');
      s.y += 2;
    }
    const style: Style = r.strong ? 'bold' : 'regular';
    s.draw(r.label, x, s.y, style, size);
    s.draw(r.value, x + w, s.y, style, size, '#111111', 'right');
    s.y += lineH(size) + 1;
  }
  s.y += 6;
}

function paragraph(s: Setter, lines: Extract<PdfItem, { kind: 'para' }>['lines']): void {
  s.y += 3;
  for (const line of lines) {
    // Runs of one line are set one after the other; a line too long wraps as plain text in the style of its first run.
    const text = line.map((r) => r.text).join('');
    const allBold = line.length > 0 && line.every((r) => r.bold);
    const simple = line.length <= 1 || allBold;
    const style: Style = allBold ? 'bold' : 'regular';
    if (simple || s.width(text, 'regular', SIZE.body + 0.5) > CONTENT_W) {
      for (const l of s.wrap(text, style, SIZE.body + 0.5, CONTENT_W)) {
        s.room(lineH(SIZE.body + 0.5));
        s.draw(l, MARGIN.left, s.y, style, SIZE.body + 0.5);
        s.y += lineH(SIZE.body + 0.5);
      }
      continue;
    }
    s.room(lineH(SIZE.body + 0.5));
    let x = MARGIN.left;
    for (const r of line) {
      const st: Style = r.bold ? 'bold' : 'regular';
      s.draw(r.text, x, s.y, st, SIZE.body + 0.5);
      x += s.width(r.text, st, SIZE.body + 0.5);
    }
    s.y += lineH(SIZE.body + 0.5);
  }
  s.y += 3;
}

/** The QR code at the right margin beside the block above it (the payment details), from its top `top`. */
function qrBeside(s: Setter, item: Extract<PdfItem, { kind: 'qr' }>, top: number): void {
  const side = 113;
  const cell = side / item.modules.size;
  const x0 = MARGIN.left + CONTENT_W - side;
  s.doc.fillColor('#000000');
  for (let r = 0; r < item.modules.size; r++) {
    for (let c = 0; c < item.modules.size; c++) {
      if (item.modules.dark[r * item.modules.size + c]) s.doc.rect(x0 + c * cell, top + r * cell, cell + 0.05, cell + 0.05);
    }
  }
  s.doc.fill('#000000');
  s.draw('Scan to pay', x0 + side / 2 - s.width('Scan to pay', 'regular', SIZE.small) / 2, top + side + 3, 'regular', SIZE.small, GREY);
  s.y = Math.max(s.y, top + side + 3 + lineH(SIZE.small) + 4);
}

function qr(s: Setter, item: Extract<PdfItem, { kind: 'qr' }>): void {
  // EPC069-12 asks for at least 46 × 46 mm including the quiet zone; 40 mm of modules plus a 4-module margin.
  const side = 113;
  const cell = side / item.modules.size;
  s.room(side + 20);
  s.y += 6;
  const x0 = MARGIN.left;
  s.doc.fillColor('#000000');
  for (let r = 0; r < item.modules.size; r++) {
    for (let c = 0; c < item.modules.size; c++) {
      if (item.modules.dark[r * item.modules.size + c]) s.doc.rect(x0 + c * cell, s.y + r * cell, cell + 0.05, cell + 0.05);
    }
  }
  s.doc.fill('#000000');
  let y = s.y + 8;
  for (const l of item.caption) {
    s.draw(l, x0 + side + 16, y, 'regular', SIZE.body, GREY);
    y += lineH(SIZE.body);
  }
  s.y += side + 10;
}

export type PdfRenderer = (items: readonly PdfItem[], fonts: PdfFonts, meta: PdfMeta) => Buffer;

/**
 * The PDF maker, loaded on first use (pdfkit is most of the code a PDF run loads). It works synchronously, so that
 * `dunning` makes its letters' PDFs inside the same locked run that logs them.
 */
export async function loadPdfRenderer(): Promise<PdfRenderer> {
  const { default: PDFDocument } = await import('pdfkit');
  return (items, fonts, meta) => renderPdf(PDFDocument, items, fonts, meta);
}

/** The PDF of the items; `fonts` from findPdfFonts. */
function renderPdf(PDFDocument: typeof import('pdfkit'), items: readonly PdfItem[], fonts: PdfFonts, meta: PdfMeta): Buffer {
  const date = new Date(`${meta.date}T00:00:00Z`);
  const info = { Title: meta.title, Author: meta.author, Creator: 'arledger', Producer: 'arledger', CreationDate: date };
  const doc = new PDFDocument({
    size: 'A4', margins: MARGIN, bufferPages: true, autoFirstPage: true,
    // No built-in font: pdfkit would read Helvetica's metrics from disk, and no text is set in it anyway.
    font: null as unknown as string,
    // PDF/A wants every Info entry mirrored in the XMP metadata, and pdfkit writes no xmp:ModifyDate: no ModDate.
    info: meta.pdfa3 ? info : { ...info, ModDate: date },
    lang: 'en',
    // PDF/A-3 is PDF 1.7; pdfkit writes XMP metadata only above PDF 1.3.
    ...(meta.pdfa3 ? { subset: 'PDF/A-3b' as const, pdfVersion: '1.7' as const } : {}),
  });
  if (meta.pdfa3) embed(doc, meta.pdfa3, date);
  const s = new Setter(doc, fonts);
  for (const item of items) {
    for (const text of itemTexts(item)) {
      const ch = s.missing(text);
      if (ch !== null) {
        const cp = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
        throw new IoError(`cannot make the PDF: no installed font has the character "${ch}" (${cp}) of ${JSON.stringify(text)}${fonts.fallback ? '' : ' (no CJK font such as Noto Sans CJK was found)'} — ${FONT_INSTALL_HINT}`);
      }
    }
  }
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const next = items[i + 1];
    // Payment details with their QR code: the code goes beside the details, where it is found and saves a page.
    if (item.kind === 'fields' && item.title !== undefined && next?.kind === 'qr') {
      s.room(lineH(SIZE.heading) + 150);
      heading(s, item.title);
      const top = s.y;
      fields(s, undefined, item.fields);
      qrBeside(s, next, top);
      i++;
      continue;
    }
    switch (item.kind) {
      case 'title':
        s.draw(item.text, MARGIN.left, s.y, 'bold', SIZE.title);
        s.y += lineH(SIZE.title) + 10;
        break;
      case 'heading':
        heading(s, item.text);
        break;
      case 'parties':
        parties(s, item.parties);
        break;
      case 'fields':
        fields(s, item.title, item.fields);
        break;
      case 'table':
        table(s, item);
        break;
      case 'totals':
        totals(s, item.rows);
        break;
      case 'para':
        paragraph(s, item.lines);
        break;
      case 'qr':
        qr(s, item);
        break;
    }
  }
  const range = doc.bufferedPageRange();
  if (range.count > 1) {
    for (let i = 0; i < range.count; i++) {
      doc.switchToPage(range.start + i);
      s.draw(`${meta.title} — page ${i + 1} of ${range.count}`, PAGE.width - MARGIN.right, PAGE.height - MARGIN.bottom + 24, 'regular', SIZE.small, GREY, 'right');
    }
  }
  doc.end();
  // Not flowing: everything pdfkit wrote on end() is in the stream's buffer now, read without waiting.
  const chunks: Buffer[] = [];
  for (let c = doc.read() as Buffer | null; c !== null; c = doc.read() as Buffer | null) chunks.push(c);
  return Buffer.concat(chunks);
}

function embed(doc: PDFKit.PDFDocument, pdfa3: PdfA3, date: Date): void {
  for (const a of pdfa3.attachments) {
    // `relationship` (the file specification's AFRelationship) is in pdfkit but not in its type declarations.
    const options = { name: a.name, type: a.mime, description: a.description, relationship: a.relationship, creationDate: date, modifiedDate: date };
    doc.file(Buffer.from(a.data), options);
  }
  doc.appendXML(pdfa3.xmp);
  // pdfkit copies Title and Author into the XMP packet as they are, so a company named "A & B" would make the
  // metadata ill-formed XML and the file no PDF/A; they are escaped for the packet only, after the Info
  // dictionary has been written with the plain text.
  const internal = doc as unknown as { info: Record<string, unknown>; _addInfo: () => void };
  const addInfo = internal._addInfo.bind(doc);
  internal._addInfo = () => {
    const plain = internal.info;
    internal.info = Object.fromEntries(Object.entries(plain).map(([k, v]) => [k, typeof v === 'string' ? xmlText(v) : v]));
    try {
      addInfo();
    } finally {
      internal.info = plain;
    }
  };
}

function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `\*` → `*`: the Markdown letter templates escape data with backslashes. */
function unescapeMd(s: string): string {
  return s.replace(/\\([\\`*_[\]<>|#~&!().+=-])/g, '$1');
}

/** `**bold** plain` as runs. */
function inline(s: string): { text: string; bold: boolean }[] {
  const out: { text: string; bold: boolean }[] = [];
  const parts = s.split(/(?<!\\)\*\*/);
  parts.forEach((p, i) => {
    if (p !== '') out.push({ text: unescapeMd(p), bold: i % 2 === 1 });
  });
  return out;
}

function mdCells(line: string): string[] {
  const body = line.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  return body.split(/(?<!\\)\|/).map((c) => c.trim());
}

/**
 * A letter as rendered from its Markdown template, for the page: headings, paragraphs (a line ending in two
 * spaces breaks), `**bold**`, GitHub tables and list items. That is all the built-in templates use, and a
 * ledger's own template gets the same wording in its PDF as in its .md.
 */
export function markdownItems(md: string): PdfItem[] {
  const out: PdfItem[] = [];
  const lines = md.replace(/\r\n/g, '\n').split('\n');
  let paraLines: { text: string; bold: boolean }[][] = [];
  let current = '';
  const flush = (): void => {
    if (current !== '') paraLines.push(inline(current));
    current = '';
    if (paraLines.length > 0) out.push({ kind: 'para', lines: paraLines });
    paraLines = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') {
      flush();
      continue;
    }
    const h = /^(#{1,6})\s+(.*)$/.exec(line);
    if (h) {
      flush();
      out.push(h[1]!.length === 1 ? { kind: 'title', text: unescapeMd(h[2]!) } : { kind: 'heading', text: unescapeMd(h[2]!) });
      continue;
    }
    if (line.trimStart().startsWith('|') && /^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/.test(lines[i + 1] ?? '')) {
      flush();
      const head = mdCells(line);
      const aligns = mdCells(lines[i + 1]!).map((a) => (a.endsWith(':') && !a.startsWith(':') ? 'right' : 'left') as 'left' | 'right');
      const rows: string[][] = [];
      const boldRows: number[] = [];
      i += 2;
      while (i < lines.length && lines[i]!.trimStart().startsWith('|')) {
        const cells = mdCells(lines[i]!);
        if (cells.every((c) => c === '' || /^\*\*.*\*\*$/.test(c)) && cells.some((c) => c !== '')) boldRows.push(rows.length);
        rows.push(cells.map((c) => inline(c).map((r) => r.text).join('')));
        i++;
      }
      i--;
      const header = head.some((c) => c !== '');
      const columns = head.map((c, k) => ({ label: unescapeMd(c.replace(/\*\*/g, '')), align: aligns[k] ?? 'left' }));
      out.push({ kind: 'table', columns, rows, header, boldRows });
      continue;
    }
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    if (item) {
      flush();
      out.push({ kind: 'para', lines: [[{ text: '•  ', bold: false }, ...inline(item[1]!)]] });
      continue;
    }
    if (/ {2}$/.test(line) || /\\$/.test(line)) {
      paraLines.push(inline(current + line.replace(/( {2,}|\\)$/, '')));
      current = '';
    } else {
      current = current === '' ? line.trim() : `${current} ${line.trim()}`;
    }
  }
  flush();
  return out;
}
