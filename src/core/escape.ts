// Text from the data made safe to show: control and bidirectional-formatting characters as visible escapes.

/**
 * C0 and C1 controls (ESC, CSI U+009B, line breaks), the bidi embeddings, overrides, isolates and marks
 * (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) and the Unicode line and paragraph separators.
 * A bidi override in a customer name can make a terminal, an editor or a reviewer read an amount or an id
 * backwards (Trojan Source, CVE-2021-42574), so none of them is ever shown raw.
 */
// eslint-disable-next-line no-control-regex
export const UNSAFE_TEXT_RE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same characters, for a test: a global expression's test would carry its position from one call to the next. */
const UNSAFE_TEXT_TEST = new RegExp(UNSAFE_TEXT_RE.source);

/** `\n`, `\t`, `\x1b`, `\x9b`, `\u202E`: what the character was stays readable, and nothing acts on it. */
export function escapeUnsafe(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  const code = c.charCodeAt(0);
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  return `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * JSON text with every such character inside its strings written as a JSON `\uXXXX` escape (JSON.stringify
 * leaves C1 controls and bidi characters raw): a program reads back exactly the data, a terminal shows none.
 */
export function escapeJson(json: string): string {
  // C0 controls are escaped by JSON.stringify already; a raw line break in its output is its own layout.
  return json.replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Data printed to a terminal or written to a line-oriented export never carries a raw control character. */
export function escapeControl(s: string): string {
  // A test first: almost all text has nothing to escape, and a test makes no new string.
  return UNSAFE_TEXT_TEST.test(s) ? s.replace(UNSAFE_TEXT_RE, escapeUnsafe) : s;
}
