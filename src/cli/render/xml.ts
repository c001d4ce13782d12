// Serialises an XML document built in core (e-invoices) with fast-xml-parser's builder, which escapes every text
// and attribute value; the output is the same bytes for the same document.
import { XMLBuilder } from 'fast-xml-parser';
import type { XmlElement } from '../../core/einvoice/xml.js';

type Ordered = Record<string, unknown>;

function toOrdered(e: XmlElement): Ordered {
  const node: Ordered = {
    [e.name]: typeof e.content === 'string' ? (e.content === '' ? [] : [{ '#text': e.content }]) : e.content.map(toOrdered),
  };
  const attrs = Object.entries(e.attrs);
  if (attrs.length > 0) node[':@'] = Object.fromEntries(attrs.map(([k, v]) => [`@_${k}`, v]));
  return node;
}

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
  processEntities: true,
});

export function renderXml(root: XmlElement): string {
  const body = builder.build([toOrdered(root)]) as string;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body.replace(/^\n+/, '').trimEnd()}\n`;
}
