// A reader for the plain YAML that master data is written in, for speed: the yaml library builds a node tree with
// positions, comments and source tokens for every scalar, which takes seconds for a 50,000-customer customers.yaml.
// This one goes over the text once and builds the plain value and its line index directly. It takes only what it
// is sure of — block maps and lists, one-line flow lists and maps, one-line plain and quoted scalars, plain literal
// block scalars, comments — and gives up (null) on anything else, so that the library reads it and reports any
// mistake in its own words.
import type { YamlInput, YamlPath } from '../core/config.js';
import type { LedgerIssue } from '../core/issues.js';

/** Thrown to give up; caught once at the top. */
const GIVE_UP = Symbol('give up');

/** Deepest block or flow nesting taken; the library's own limit (MAX_YAML_DEPTH) is further. */
const MAX_DEPTH = 32;
/** The library refuses an implicit key whose `:` is more than 1024 characters after its start. */
const MAX_KEY = 1000;

/**
 * Characters that make the library do something this reader does not: tabs (indentation, separation), control and
 * C1 characters, a BOM, a lone carriage return or lone surrogate, and the line and paragraph separators.
 */
// eslint-disable-next-line no-control-regex
const UNSURE_CHAR = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|\r(?!\n)|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const SPACE = 0x20;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const COMMA = 0x2c;
const SQUOTE = 0x27;
const DQUOTE = 0x22;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const BACKSLASH = 0x5c;

/** The escapes of a double-quoted scalar other than \x, \u and \U, as the yaml library reads them. */
const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', N: '\u0085', _: '\u00a0',
  L: '\u2028', P: '\u2029', ' ': ' ', '"': '"', '/': '/', '\\': '\\',
};

/**
 * Where each block map and list starts, enough to find the line of any of its keys or items later: the lines of a
 * collection are only read again when lineOf first looks into it (the top map; a customer with a mistake), so
 * that reading 50,000 customers does not also index 400,000 keys nobody asks for.
 */
class LineIndex {
  /** Per collection, numbered in the order they start (the top map is 0): its first line, indentation, kind. */
  private startAt = new Int32Array(256);
  private startLine = new Int32Array(256);
  private indent = new Int32Array(256);
  private seq = new Uint8Array(256);
  private collections = 0;
  /** Per line: 1 + the block collection that the key on it holds, else 0. */
  private holds = new Int32Array(1024);
  /** Built on the first look into a collection, so that finding each of n keys costs O(1), not O(n). */
  private readonly keys = new Map<number, Map<string, number>>();
  private readonly items = new Map<number, number[]>();
  private reader: Reader | undefined;
  rootLine = 1;
  /** The keys of the top map and their lines, kept as they are read: every customer's line is asked for. */
  readonly topKeys: string[] = [];
  readonly topLines: number[] = [];

  constructor(private readonly text: string) {}

  /** A collection whose first line starts at `at` and is line number `line`, held by the key on `holderLine`. */
  open(isSeq: boolean, at: number, line: number, indent: number, holderLine: number): void {
    const c = this.collections++;
    if (c === this.seq.length) {
      this.startAt = grow(this.startAt, c + 1);
      this.startLine = grow(this.startLine, c + 1);
      this.indent = grow(this.indent, c + 1);
      this.seq = grow(this.seq, c + 1);
    }
    this.startAt[c] = at;
    this.startLine[c] = line;
    this.indent[c] = indent;
    this.seq[c] = isSeq ? 1 : 0;
    if (holderLine > 0) {
      if (holderLine >= this.holds.length) this.holds = grow(this.holds, holderLine + 1);
      this.holds[holderLine] = c + 1;
    }
  }

  /** As readYaml's lineOf walks the document: the line of the last key or list item found on the way. */
  lineOf(path: YamlPath): number | undefined {
    let c = 0;
    let line = this.rootLine;
    for (const seg of path) {
      if (c < 0) return line;
      let at: number | undefined;
      if (this.seq[c] === 1) {
        if (typeof seg !== 'number') return line;
        at = this.itemsOf(c)[seg];
        if (at === undefined) {
          // The library's walk goes on from the missing item, so it stops at the next step.
          c = -1;
          continue;
        }
      } else {
        at = this.keysOf(c).get(String(seg));
        if (at === undefined) return line;
      }
      line = at;
      // A scalar or a flow collection is on its key's or item's line, and so is anything inside it.
      c = (this.holds[at] ?? 0) - 1;
    }
    return line;
  }

  private keysOf(c: number): Map<string, number> {
    let keys = this.keys.get(c);
    if (!keys && c === 0) {
      keys = new Map();
      for (let k = 0; k < this.topKeys.length; k++) keys.set(this.topKeys[k]!, this.topLines[k]!);
      this.keys.set(c, keys);
    }
    if (!keys) {
      keys = new Map();
      const r = this.reread(c);
      const indent = this.indent[c]!;
      for (; r.indent >= indent; r.advance()) {
        // A line at the map's indentation that is a list item belongs to a list under the key before it.
        if (r.indent === indent && !r.isItem()) keys.set(r.key(r.start + indent), r.lineNo);
      }
      this.keys.set(c, keys);
    }
    return keys;
  }

  private itemsOf(c: number): number[] {
    let items = this.items.get(c);
    if (!items) {
      items = [];
      const r = this.reread(c);
      const indent = this.indent[c]!;
      for (; r.indent >= indent; r.advance()) {
        if (r.indent > indent) continue;
        // A list at its key's indentation ends at the key after it.
        if (!r.isItem()) break;
        items.push(r.lineNo);
      }
      this.items.set(c, items);
    }
    return items;
  }

  /** A reader at the first line of collection c, which was read once already without a mistake. */
  private reread(c: number): Reader {
    this.reader ??= new Reader(this.text);
    this.reader.moveTo(this.startAt[c]!, this.startLine[c]!);
    return this.reader;
  }
}

function grow<T extends Int32Array | Uint8Array>(a: T, atLeast: number): T {
  const b = new (a.constructor as new (n: number) => T)(Math.max(atLeast, a.length * 2));
  b.set(a);
  return b;
}

/**
 * The result readYaml would give for `text`, or null when the text uses anything this reader does not take. A
 * result is only ever given for a file the library reads without an issue, so `issues` is always empty.
 */
export function readYamlFast(file: string, text: string): { input: YamlInput; issues: LedgerIssue[] } | null {
  if (UNSURE_CHAR.test(text)) return null;
  const reader = new Reader(text);
  let value: Record<string, unknown>;
  try {
    value = reader.document();
  } catch (e) {
    if (e === GIVE_UP) return null;
    throw e;
  }
  const index = reader.index;
  const lineOf = (path: YamlPath): number | undefined => index.lineOf(path);
  return { input: { file, value, lineOf }, issues: [] };
}

class Reader {
  readonly index: LineIndex;
  /** Keys and short values seen before, by a hash of their text: 50,000 customers share a few dozen of each. */
  private readonly seen: (string | undefined)[] = new Array<string | undefined>(4096);
  /** The current content line: its number, where it starts and ends (before \r\n), its indentation. */
  lineNo = 0;
  start = 0;
  private end = 0;
  indent = -1;
  /** Where the next line starts. */
  private next = 0;
  /** Where the last quoted scalar or flow collection ended. */
  private after = 0;
  /** The first backslash at or after where the last search started: the file is read forwards, so it is found once. */
  private backslash = -1;
  private readonly stack: unknown[] = [];

  constructor(private readonly text: string) {
    this.index = new LineIndex(text);
  }

  /** Goes to the line that starts at `at` and is line number `line`. */
  moveTo(at: number, line: number): void {
    this.backslash = -1;
    this.next = at;
    this.lineNo = line - 1;
    this.advance();
  }

  document(): Record<string, unknown> {
    this.advance();
    // An empty file, a list or a scalar at the top, or a map that does not start at the margin.
    if (this.indent !== 0 || this.isItem()) throw GIVE_UP;
    this.index.rootLine = this.lineNo;
    const value = this.blockMap(0, 1, 0);
    if (this.indent >= 0) throw GIVE_UP;
    return value;
  }

  /** Moves to the next line that has content, past blank and comment lines; indent is -1 at the end. */
  advance(): void {
    const text = this.text;
    const len = text.length;
    for (;;) {
      const start = this.next;
      if (start >= len) {
        this.indent = -1;
        this.start = this.end = len;
        return;
      }
      this.lineNo++;
      const nl = text.indexOf('\n', start);
      let end = nl < 0 ? len : nl;
      this.next = nl < 0 ? len : nl + 1;
      if (end > start && text.charCodeAt(end - 1) === 0x0d) end--;
      let i = start;
      while (i < end && text.charCodeAt(i) === SPACE) i++;
      if (i === end || text.charCodeAt(i) === HASH) continue;
      // Document markers and directives.
      if (i === start) {
        const c = text.charCodeAt(i);
        if (c === 0x25 || ((c === DASH || c === 0x2e) && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c)) throw GIVE_UP;
      }
      this.start = start;
      this.end = end;
      this.indent = i - start;
      return;
    }
  }

  private code(i: number): number {
    return i < this.end ? this.text.charCodeAt(i) : -1;
  }

  /** Whether the current line is a list item: `-` followed by a space or the end of the line. */
  isItem(): boolean {
    const col = this.start + this.indent;
    if (this.text.charCodeAt(col) !== DASH) return false;
    const c = this.code(col + 1);
    return c === -1 || c === SPACE;
  }

  private skipSpaces(i: number): number {
    while (i < this.end && this.text.charCodeAt(i) === SPACE) i++;
    return i;
  }

  /** After a value: only spaces and a comment may follow on its line. */
  private endOfLine(i: number): void {
    const j = this.skipSpaces(i);
    if (j === this.end) return;
    if (this.text.charCodeAt(j) === HASH && j > i) return;
    throw GIVE_UP;
  }

  /**
   * The key of a block map that starts at col, as the library reads it; `after` is set past its colon. The same
   * text gives the same string: keys below the top repeat in every customer, and a known key is stored faster.
   */
  key(col: number, depth = 2): string {
    const text = this.text;
    const first = text.charCodeAt(col);
    let key: string;
    let i: number;
    if (first === DQUOTE || first === SQUOTE) {
      key = this.quoted(col);
      i = this.skipSpaces(this.after);
      if (this.code(i) !== COLON) throw GIVE_UP;
      i++;
      const n = this.code(i);
      if (n !== -1 && n !== SPACE) throw GIVE_UP;
    } else {
      this.plainStart(col, false);
      i = col;
      for (;;) {
        if (i >= this.end) throw GIVE_UP;
        const ch = text.charCodeAt(i);
        if (ch === COLON) {
          const n = this.code(i + 1);
          if (n === -1 || n === SPACE) break;
        } else if (ch === HASH && text.charCodeAt(i - 1) === SPACE) {
          throw GIVE_UP;
        }
        i++;
      }
      // Keys of the top map (customer ids) are each written once.
      key = text.charCodeAt(i - 1) === SPACE ? text.slice(col, trimEnd(text, i)) : depth === 1 ? text.slice(col, i) : this.intern(col, i);
      i++;
    }
    if (i - col > MAX_KEY) throw GIVE_UP;
    this.after = i;
    return key;
  }

  private blockMap(indent: number, depth: number, holderLine: number): Record<string, unknown> {
    if (depth > MAX_DEPTH) throw GIVE_UP;
    const text = this.text;
    const value: Record<string, unknown> = {};
    this.index.open(false, this.start, this.lineNo, indent, holderLine);
    for (;;) {
      if (this.isItem()) throw GIVE_UP;
      const col = this.start + indent;
      const key = this.key(col, depth);
      if (key === '<<' || Object.hasOwn(value, key)) throw GIVE_UP;
      const line = this.lineNo;
      if (depth === 1) {
        this.index.topKeys.push(key);
        this.index.topLines.push(line);
      }
      let i = this.after;
      i = this.skipSpaces(i);
      let v: unknown;
      if (i === this.end || text.charCodeAt(i) === HASH) {
        // Nothing on the key's line: a map or list below it, else an empty value.
        this.advance();
        if (this.indent > indent) v = this.isItem() ? this.blockSeq(this.indent, depth + 1, line) : this.blockMap(this.indent, depth + 1, line);
        else if (this.indent === indent && this.isItem()) v = this.blockSeq(indent, depth + 1, line);
        else v = '';
      } else if (text.charCodeAt(i) === 0x7c) {
        v = this.literal(i, indent);
      } else {
        v = this.inline(i, depth);
        this.advance();
      }
      setKey(value, key, v);
      if (this.indent < indent) return value;
      // Deeper: the continuation of a scalar over several lines, or a mistake.
      if (this.indent > indent) throw GIVE_UP;
    }
  }

  private blockSeq(indent: number, depth: number, holderLine: number): unknown[] {
    if (depth > MAX_DEPTH) throw GIVE_UP;
    const value: unknown[] = [];
    this.index.open(true, this.start, this.lineNo, indent, holderLine);
    for (;;) {
      const i = this.skipSpaces(this.start + indent + 1);
      // An empty item, or one whose content starts on the next line.
      if (i === this.end || this.text.charCodeAt(i) === HASH) throw GIVE_UP;
      value.push(this.inline(i, depth));
      this.advance();
      if (this.indent < indent) return value;
      if (this.indent > indent) throw GIVE_UP;
      if (!this.isItem()) return value;
    }
  }

  /**
   * A literal block scalar, `|` or `|-`, as the value of a key of the map at `indent`: what `customer add` writes
   * for an address of several lines. Taken only in its plain form — every line at one indentation deeper than the
   * key, no blank line inside, no indentation indicator, no comment after the `|` — and the reader is moved to
   * the next content line after it.
   */
  private literal(i: number, indent: number): string {
    const text = this.text;
    const len = text.length;
    let j = i + 1;
    const strip = this.code(j) === DASH;
    if (strip) j++;
    if (this.skipSpaces(j) !== this.end) throw GIVE_UP;
    let pos = this.next;
    let lineNo = this.lineNo;
    let column = -1;
    let blank = false;
    let value = '';
    let lines = 0;
    while (pos < len) {
      const nl = text.indexOf('\n', pos);
      let end = nl < 0 ? len : nl;
      const next = nl < 0 ? len : nl + 1;
      if (end > pos && text.charCodeAt(end - 1) === 0x0d) end--;
      let k = pos;
      while (k < end && text.charCodeAt(k) === SPACE) k++;
      const at = k - pos;
      if (k === end) {
        // A blank line before the first line, or more indented than the lines, is read in a way of its own.
        if (column < 0 || at > column) throw GIVE_UP;
        blank = true;
      } else {
        if (column < 0) column = at;
        if (at < column) {
          // The block has ended; the next line belongs to this map or one around it.
          if (at > indent) throw GIVE_UP;
          break;
        }
        if (at > column || blank || column <= indent) throw GIVE_UP;
        value += lines++ === 0 ? text.slice(k, end) : '\n' + text.slice(k, end);
      }
      pos = next;
      lineNo++;
    }
    if (column < 0) throw GIVE_UP;
    this.next = pos;
    this.lineNo = lineNo;
    this.advance();
    return strip ? value : value + '\n';
  }

  /** A value that starts at i on the current line and ends on it: a scalar or a flow collection. */
  private inline(i: number, depth: number): unknown {
    const text = this.text;
    const c = text.charCodeAt(i);
    if (c === LBRACKET || c === LBRACE) {
      const value = this.flow(i, depth + 1);
      this.endOfLine(this.after);
      return value;
    }
    if (c === DQUOTE || c === SQUOTE) {
      const value = this.quoted(i);
      this.endOfLine(this.after);
      return value;
    }
    this.plainStart(i, false);
    let last = i + 1;
    for (let j = i + 1; j < this.end; j++) {
      const ch = text.charCodeAt(j);
      if (ch === SPACE) continue;
      if (ch === HASH && text.charCodeAt(j - 1) === SPACE) break;
      // `a: b: c`, a map inside a value, which the library refuses.
      if (ch === COLON) {
        const n = this.code(j + 1);
        if (n === -1 || n === SPACE) throw GIVE_UP;
      }
      last = j + 1;
    }
    return last === this.end && last - i <= 16 ? this.intern(i, last) : text.slice(i, last);
  }

  /** The text from i to end, the same string as last time it was seen if it was seen. */
  private intern(i: number, end: number): string {
    const text = this.text;
    // Length and three characters tell apart the few dozen keys and values that repeat; a collision costs a copy.
    const n = end - i;
    const slot = (n * 7 + text.charCodeAt(i) * 31 + text.charCodeAt(end - 1) * 131 + text.charCodeAt(i + (n >> 1)) * 17) & 4095;
    const known = this.seen[slot];
    if (known !== undefined && known.length === n) {
      let k = 0;
      while (k < n && known.charCodeAt(k) === text.charCodeAt(i + k)) k++;
      if (k === n) return known;
    }
    const s = text.slice(i, end);
    this.seen[slot] = s;
    return s;
  }

  /** Gives up on a plain scalar starting with an indicator the library reads as something else, or refuses. */
  private plainStart(i: number, inFlow: boolean): void {
    const c = this.text.charCodeAt(i);
    switch (c) {
      case DASH: {
        const n = this.code(i + 1);
        if (n === -1 || n === SPACE || (inFlow && (n === COMMA || n === LBRACKET || n === RBRACKET || n === LBRACE || n === RBRACE))) throw GIVE_UP;
        return;
      }
      case 0x3f: // ?
      case COLON:
      case COMMA:
      case LBRACKET:
      case RBRACKET:
      case LBRACE:
      case RBRACE:
      case HASH:
      case 0x26: // &
      case 0x2a: // *
      case 0x21: // !
      case 0x7c: // |
      case 0x3e: // >
      case SQUOTE:
      case DQUOTE:
      case 0x25: // %
      case 0x40: // @
      case 0x60: // `
      case SPACE:
      case -1:
        throw GIVE_UP;
      default:
    }
  }

  /** A single- or double-quoted scalar that closes on its line; `after` is set past its closing quote. */
  private quoted(i: number): string {
    const text = this.text;
    const end = this.end;
    if (text.charCodeAt(i) === SQUOTE) {
      let out = '';
      let from = i + 1;
      for (;;) {
        const j = text.indexOf("'", from);
        if (j < 0 || j >= end) throw GIVE_UP;
        if (j + 1 < end && text.charCodeAt(j + 1) === SQUOTE) {
          out += text.slice(from, j + 1);
          from = j + 2;
          continue;
        }
        this.after = j + 1;
        return out + text.slice(from, j);
      }
    }
    // Find the closing quote, noting whether any escape is one JSON does not have.
    let close = text.indexOf('"', i + 1);
    if (close < 0 || close >= end) throw GIVE_UP;
    let from = i + 1;
    let escaped = false;
    let json = true;
    for (;;) {
      if (this.backslash < from) {
        const b = text.indexOf('\\', from);
        this.backslash = b < 0 ? Infinity : b;
      }
      const b = this.backslash;
      if (b > close) break;
      escaped = true;
      const e = text.charCodeAt(b + 1);
      // " \\ / b f n r t u
      if (!(e === DQUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74 || e === 0x75)) json = false;
      // An escaped quote does not close the scalar; one not closed on its line continues on the next.
      if (b + 1 === close) {
        close = text.indexOf('"', close + 1);
        if (close < 0 || close >= end) throw GIVE_UP;
      }
      from = b + 2;
    }
    this.after = close + 1;
    if (!escaped) return text.slice(i + 1, close);
    // One native call builds the flat string that many concatenations would leave in pieces.
    if (json) {
      try {
        return JSON.parse(text.slice(i, close + 1)) as string;
      } catch {
        // A \u without four hex digits: unescape declines it.
      }
    }
    return this.unescape(i + 1, close);
  }

  /** The text of a double-quoted scalar from i to end (its closing quote), its escapes read as the library does. */
  private unescape(i: number, end: number): string {
    const text = this.text;
    let out = '';
    let from = i;
    for (let j = i; j < end; j++) {
      if (text.charCodeAt(j) !== BACKSLASH) continue;
      out += text.slice(from, j);
      const e = text[j + 1]!;
      const simple = ESCAPES[e];
      if (simple !== undefined) {
        out += simple;
        j++;
      } else if (e === 'x' || e === 'u' || e === 'U') {
        const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = text.slice(j + 2, j + 2 + n);
        if (j + 2 + n > end || !/^[0-9a-fA-F]+$/.test(hex)) throw GIVE_UP;
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff) throw GIVE_UP;
        out += String.fromCodePoint(cp);
        j += 1 + n;
      } else {
        throw GIVE_UP;
      }
      from = j + 1;
    }
    return out + text.slice(from, end);
  }

  /** A flow list or map that closes on its line, of scalars and flow collections; sets `after`. */
  private flow(i: number, depth: number): unknown {
    if (depth > MAX_DEPTH) throw GIVE_UP;
    const text = this.text;
    if (text.charCodeAt(i) === LBRACKET) {
      // Items are gathered on a shared stack and copied out, so that each list is allocated at its size.
      const stack = this.stack;
      const base = stack.length;
      let j = this.skipSpaces(i + 1);
      if (this.code(j) !== RBRACKET) {
        for (;;) {
          stack.push(this.flowItem(j, depth));
          j = this.skipSpaces(this.after);
          const c = this.code(j);
          if (c === COMMA) {
            j = this.skipSpaces(j + 1);
            if (this.code(j) === RBRACKET) break;
          } else if (c === RBRACKET) {
            break;
          } else {
            throw GIVE_UP;
          }
        }
      }
      this.after = j + 1;
      const value = stack.slice(base);
      stack.length = base;
      return value;
    }
    const value: Record<string, unknown> = {};
    let j = this.skipSpaces(i + 1);
    if (this.code(j) === RBRACE) {
      this.after = j + 1;
      return value;
    }
    for (;;) {
      const keyStart = j;
      let key: string;
      const c = this.code(j);
      if (c === DQUOTE || c === SQUOTE) {
        key = this.quoted(j);
        j = this.skipSpaces(this.after);
        if (this.code(j) !== COLON) throw GIVE_UP;
      } else {
        this.plainStart(j, true);
        let k = j;
        for (;;) {
          const ch = this.code(k);
          if (ch === COLON) break;
          if (ch === -1 || ch === COMMA || ch === LBRACKET || ch === RBRACKET || ch === LBRACE || ch === RBRACE || ch === HASH) throw GIVE_UP;
          k++;
        }
        key = text.slice(j, trimEnd(text, k));
        j = k;
      }
      // j is at the colon, which must be followed by a space.
      if (this.code(j + 1) !== SPACE) throw GIVE_UP;
      if (j - keyStart > MAX_KEY || key === '<<' || Object.hasOwn(value, key)) throw GIVE_UP;
      j = this.skipSpaces(j + 1);
      const v = this.code(j);
      if (v === COMMA || v === RBRACE) {
        setKey(value, key, '');
      } else {
        setKey(value, key, this.flowItem(j, depth));
        j = this.skipSpaces(this.after);
      }
      const n = this.code(j);
      if (n === COMMA) {
        j = this.skipSpaces(j + 1);
        if (this.code(j) === RBRACE) break;
      } else if (n === RBRACE) {
        break;
      } else {
        throw GIVE_UP;
      }
    }
    this.after = j + 1;
    return value;
  }

  /** An item of a flow list or a value of a flow map; sets `after`, and the caller checks what follows. */
  private flowItem(i: number, depth: number): unknown {
    const c = this.code(i);
    if (c === LBRACKET || c === LBRACE) return this.flow(i, depth + 1);
    if (c === DQUOTE || c === SQUOTE) {
      const value = this.quoted(i);
      // `"a": b` inside a list is a map of one pair.
      if (this.code(this.skipSpaces(this.after)) === COLON) throw GIVE_UP;
      return value;
    }
    this.plainStart(i, true);
    const text = this.text;
    let k = i;
    let last = i;
    for (;;) {
      const ch = this.code(k);
      if (ch === COMMA || ch === RBRACKET || ch === RBRACE) break;
      if (ch === -1 || ch === COLON || ch === HASH || ch === LBRACKET || ch === LBRACE) throw GIVE_UP;
      if (ch !== SPACE) last = k + 1;
      k++;
    }
    this.after = k;
    return text.slice(i, last);
  }
}

function trimEnd(text: string, i: number): number {
  while (text.charCodeAt(i - 1) === SPACE) i--;
  return i;
}

/** As the library's toJS sets a key: `__proto__` becomes an own key, not the object's prototype. */
function setKey(map: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
  else map[key] = value;
}
