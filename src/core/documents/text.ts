// Lays a document view out as plain text (fixed-width columns) or as Markdown (GitHub tables).
import { escapeControl } from '../escape.js';
import type { Block, Column, DocumentView, Party } from './view.js';

/** Data never brings control characters into the output: they are shown as escapes, like the terminal tables do. */
export function clean(s: string): string {
  return escapeControl(s);
}

/** Columns a string takes in a monospaced terminal: East Asian wide characters take two, combining marks none. */
export function width(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0x300 && c <= 0x36f) || (c >= 0x200b && c <= 0x200f) || (c >= 0xfe00 && c <= 0xfe0f)) continue;
    const wide = (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0x303e) || (c >= 0x3041 && c <= 0x33ff)
      || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xa000 && c <= 0xa4cf)
      || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f)
      || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff)
      || (c >= 0x20000 && c <= 0x3fffd);
    n += wide ? 2 : 1;
  }
  return n;
}

/** Prose broken at spaces into lines of at most `w` columns (a longer word keeps its own line). */
export function wrapText(text: string, w: number): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && width(line) + 1 + width(word) > w) {
      out.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  out.push(line);
  return out.join('\n');
}

function pad(s: string, w: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return align === 'right' ? fill + s : s + fill;
}

function underline(title: string, ch: string): string {
  return `${title}\n${ch.repeat(width(title))}\n`;
}

function textTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const cells = rows.map((r) => r.map(clean));
  const widths = columns.map((c, i) => Math.max(width(c.label), ...cells.map((r) => width(r[i] ?? ''))));
  const line = (r: readonly string[]): string => columns.map((c, i) => pad(r[i] ?? '', widths[i]!, c.align)).join('  ').trimEnd();
  return [line(columns.map((c) => c.label)), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n') + '\n';
}

function textParties(parties: readonly Party[]): string {
  const cols = parties.map((p) => [`${p.role}:`, p.name, ...p.lines].map(clean));
  const w = Math.max(...cols.slice(0, -1).map((c) => Math.max(...c.map(width))), 0) + 4;
  const n = Math.max(...cols.map((c) => c.length));
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(cols.map((c, k) => (k < cols.length - 1 ? pad(c[i] ?? '', w, 'left') : c[i] ?? '')).join('').trimEnd());
  return out.join('\n') + '\n';
}

function textBlock(b: Block): string {
  switch (b.type) {
    case 'parties':
      return textParties(b.parties);
    case 'fields': {
      const w = Math.max(...b.fields.map(([l]) => width(l))) + 2;
      const head = b.title === undefined ? '' : underline(b.title, '-');
      return head + b.fields.map(([l, v]) => `${pad(`${l}:`, w, 'left')}${clean(v)}`).join('\n') + '\n';
    }
    case 'table':
      return underline(b.title, '-') + (b.rows.length === 0 ? `${b.empty}\n` : textTable(b.columns, b.rows));
    case 'totals': {
      const lw = Math.max(...b.rows.map((r) => width(r.label)));
      const vw = Math.max(...b.rows.map((r) => width(r.value)));
      return underline(b.title, '-') + b.rows.map((r) => {
        const text = `${pad(r.label, lw, 'left')}  ${pad(r.value, vw, 'right')}`;
        return r.strong ? `${text}  <==` : text;
      }).join('\n') + '\n';
    }
    case 'note':
      return `${wrapText(clean(b.text), 80)}\n`;
    case 'qr':
      // A terminal cannot show it; the payment fields above carry the same details.
      return '';
  }
}

export function renderText(view: DocumentView): string {
  const title = clean(view.title.toUpperCase());
  return [underline(title, '='), ...view.blocks.filter((b) => !(b.type === 'table' && b.rows.length === 0 && b.empty === '') && b.type !== 'qr').map(textBlock)].join('\n');
}

/** Escapes what Markdown would read as markup, so that data is shown as written. */
export function mdEscape(s: string): string {
  return clean(s)
    .replace(/[\\`*_[\]<>|~#]/g, (c) => `\\${c}`)
    .replace(/^([-+=]|\d+\.)(?=\s|$)/, (c) => `\\${c}`);
}

/** A GitHub table, padded so that the source reads as a table too; cells come escaped. */
function mdTable(columns: readonly Column[], cells: readonly (readonly string[])[]): string {
  const head = columns.map((c) => mdEscape(c.label));
  const widths = columns.map((_, i) => Math.max(3, width(head[i]!), ...cells.map((r) => width(r[i] ?? ''))));
  const line = (r: readonly string[]): string => `| ${columns.map((c, i) => pad(r[i] ?? '', widths[i]!, c.align)).join(' | ')} |`;
  const rule = `|${columns.map((c, i) => (c.align === 'right' ? `${'-'.repeat(widths[i]! + 1)}:` : '-'.repeat(widths[i]! + 2))).join('|')}|`;
  return [line(head), rule, ...cells.map(line)].join('\n') + '\n';
}

function mdBlock(b: Block): string {
  switch (b.type) {
    case 'parties':
      return b.parties.map((p) => [`**${mdEscape(p.role)}:**`, `**${mdEscape(p.name)}**`, ...p.lines.map(mdEscape)].join('  \n') + '\n').join('\n');
    case 'fields':
      return (b.title === undefined ? '' : `## ${mdEscape(b.title)}\n\n`) + b.fields.map(([l, v]) => `- **${mdEscape(l)}:** ${mdEscape(v)}`).join('\n') + '\n';
    case 'table':
      return `## ${mdEscape(b.title)}\n\n${b.rows.length === 0 ? `${mdEscape(b.empty)}\n` : mdTable(b.columns, b.rows.map((r) => r.map(mdEscape)))}`;
    case 'totals':
      return `## ${mdEscape(b.title)}\n\n${mdTable([{ label: 'Item', align: 'left' }, { label: 'Amount', align: 'right' }],
        b.rows.map((r) => [r.label, r.value].map((c) => (r.strong ? `**${mdEscape(c)}**` : mdEscape(c)))))}`;
    case 'note':
      return `${mdEscape(b.text)}\n`;
    case 'qr':
      return '';
  }
}

export function renderMarkdown(view: DocumentView): string {
  return [`# ${mdEscape(view.title)}\n`, ...view.blocks.filter((b) => !(b.type === 'table' && b.rows.length === 0 && b.empty === '') && b.type !== 'qr').map(mdBlock)].join('\n');
}
