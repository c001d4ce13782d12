// An XML document as plain data: the e-invoice writers build it, and the CLI serialises it with an XML library,
// which escapes every text and attribute.

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  /** Text content, or child elements; never both. */
  readonly content: string | readonly XmlElement[];
}

// XML 1.0 cannot carry C0 controls other than tab, line feed and carriage return, even as character references.
// eslint-disable-next-line no-control-regex
const NOT_XML_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** An element with text or children; children that are null (optional, absent) are left out. */
export function el(name: string, content: string | readonly (XmlElement | null)[], attrs: Readonly<Record<string, string>> = {}): XmlElement {
  return {
    name, attrs,
    content: typeof content === 'string' ? content.replace(NOT_XML_RE, '') : content.filter((c): c is XmlElement => c !== null),
  };
}

/** The element when `value` is not empty, else null (left out). */
export function opt(name: string, value: string, attrs: Readonly<Record<string, string>> = {}): XmlElement | null {
  return value === '' ? null : el(name, value, attrs);
}
