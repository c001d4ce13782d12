// Changing one customer in customers.yaml by splicing the source text: every byte outside the changed values
// (comments, blank lines, quoting, key order, line ends, a missing final newline) stays as it was, so `git diff`
// shows only the changed lines. The result is proven to read back as the old file with exactly these changes.
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { decodeCustomers } from '../core/config.js';
import { issue, type LedgerIssue } from '../core/issues.js';
import type { Currency } from '../core/money.js';
import type { FieldChange } from '../core/ops/customer.js';
import { CUSTOMERS_FILE } from './load.js';
import { readYaml } from './yaml.js';


interface Splice {
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

type Range = [number, number, number];

function rangeOf(node: Node | null | undefined): Range | null {
  const r = (node as { range?: Range } | null | undefined)?.range;
  return r ?? null;
}

function lineStart(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

/** The position just after the line that holds `pos - 1` (after its newline), or the end of the text. */
function afterLine(text: string, pos: number): number {
  if (pos > 0 && text[pos - 1] === '\n') return pos;
  const nl = text.indexOf('\n', pos);
  return nl === -1 ? text.length : nl + 1;
}

// Plain only where every YAML reader reads the same text back in both block and flow context.
const SAFE_PLAIN = /^[A-Za-z0-9_./@+][A-Za-z0-9 _./@+()'-]*$/;

function quoted(v: string): string {
  // A JSON string is a YAML double-quoted scalar; line breaks become \n, so the value stays on one line.
  return JSON.stringify(v);
}

function plainOrQuoted(v: string): string {
  return SAFE_PLAIN.test(v) && !v.endsWith(' ') && !/^(?:true|false|null|~|yes|no|on|off)$/i.test(v) ? v : quoted(v);
}

/** A scalar's new text in the style of the one it replaces (null: a new key, plain where safe, else quoted). */
function scalarText(v: string, old: Scalar | null, indent: string, eol: string, numeric: boolean): string {
  const type = old?.type ?? null;
  if ((type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') && v.includes('\n') && !/(^|\n)[ \t]/.test(v) && !/\n\n+$/.test(v)) {
    const body = v.endsWith('\n') ? v.slice(0, -1) : v;
    const header = v.endsWith('\n') ? '|' : '|-';
    return header + eol + body.split('\n').map((l) => (l === '' ? '' : indent + l)).join(eol) + eol;
  }
  if (type === 'QUOTE_SINGLE' && !/[\n\r\t]/.test(v)) return `'${v.replace(/'/g, "''")}'`;
  if (type === 'QUOTE_DOUBLE') return quoted(v);
  // Amounts are quoted as SPEC §1.4 writes them, so that no reader takes "50000.00" for a number.
  if (type === null && numeric) return quoted(v);
  return plainOrQuoted(v);
}

function flagText(v: boolean): string {
  return v ? 'true' : 'false';
}

function flowList(items: readonly string[]): string {
  return `[${items.map((i) => plainOrQuoted(i).replace(/^([^"].*[,[\]{}].*)$/, (m) => quoted(m))).join(', ')}]`;
}

/** A flow list with its kept items written as they were and new ones quoted like its first item. */
function flowListLike(text: string, seq: YAMLSeq, items: readonly string[]): string {
  const nodes = seq.items.filter((n) => isScalar(n)) as Scalar[];
  const source = new Map(nodes.map((n) => [String(n.value), text.slice(rangeOf(n)![0], rangeOf(n)![1])]));
  const style = nodes[0]?.type;
  const fresh = (v: string): string => (style === 'QUOTE_DOUBLE' ? quoted(v) : style === 'QUOTE_SINGLE' ? `'${v.replace(/'/g, "''")}'` : plainOrQuoted(v));
  return `[${items.map((i) => source.get(i) ?? fresh(i)).join(', ')}]`;
}

function keyPair(map: YAMLMap, key: string): Pair<Node, Node | null> | undefined {
  return (map.items as Pair<Node, Node | null>[]).find((p) => isScalar(p.key) && String(p.key.value) === key);
}

const NUMERIC_KEYS = new Set(['credit_limit']);

/**
 * customers.yaml with the changes made to customer `id`, or a problem when the file has no such customer in a
 * shape that can be edited in place, or when the edited text would not read back as intended.
 */
export function editCustomerText(oldText: string, id: string, changes: readonly FieldChange[], base: Currency):
  { text: string } | { issues: LedgerIssue[] } {
  const fail = (message: string, hint: string): { issues: LedgerIssue[] } => ({ issues: [issue(CUSTOMERS_FILE, undefined, message, hint)] });
  const eol = oldText.includes('\r\n') ? '\r\n' : '\n';
  const doc = parseDocument(oldText, { schema: 'failsafe', uniqueKeys: false, keepSourceTokens: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return fail('customers.yaml cannot be edited in place: it is not a map of customers', 'run `arledger check` and fix the file first');
  const top = keyPair(doc.contents, id);
  const map = top?.value;
  if (!top || !isMap(map)) return fail(`customer ${id} in customers.yaml is not a map that can be edited in place`, 'write the customer as `ID:` followed by indented `key: value` lines, or as `ID: { key: value, … }`');
  const splices: Splice[] = [];
  const mapRange = rangeOf(map)!;
  const firstKey = rangeOf(map.items[0]?.key as Node | undefined);
  const keyIndent = firstKey ? oldText.slice(lineStart(oldText, firstKey[0]), firstKey[0]) : '  ';
  if (!map.flow && /\S/.test(keyIndent)) return fail(`customer ${id} in customers.yaml starts on its id's line`, 'put each of its keys on a line of its own');
  const lastEnd = (): number => {
    const last = map.items.at(-1) as Pair<Node, Node | null> | undefined;
    const r = rangeOf(last?.value ?? null) ?? rangeOf(last?.key as Node);
    return r ? r[1] : mapRange[1];
  };
  const newPairs: string[] = [];
  const proven: FieldChange[] = [];

  for (const { key, value } of changes) {
    const pair = keyPair(map, key);
    const valueNode = pair?.value ?? null;
    const vr = rangeOf(valueNode);
    const kr = rangeOf(pair?.key as Node | undefined);
    if (value === null || Array.isArray(value)) proven.push({ key, value });
    if (value === null) {
      if (!pair || !kr) continue;
      const end = vr ? vr[1] : kr[1];
      if (map.flow) {
        const i = map.items.indexOf(pair as never);
        const prev = i > 0 ? map.items[i - 1] as Pair<Node, Node | null> : null;
        const next = map.items[i + 1] as Pair<Node, Node | null> | undefined;
        if (prev) splices.push({ from: (rangeOf(prev.value) ?? rangeOf(prev.key)!)[1], to: end, text: '' });
        else if (next) splices.push({ from: kr[0], to: rangeOf(next.key)![0], text: '' });
        else splices.push({ from: kr[0], to: end, text: '' });
      } else {
        const from = lineStart(oldText, kr[0]);
        const to = afterLine(oldText, end);
        // The last line of a file without a final newline goes with the line end before it.
        const atEof = to === oldText.length && !oldText.endsWith('\n') && from > 0;
        splices.push({ from: atEof ? from - (oldText.slice(0, from).endsWith('\r\n') ? 2 : 1) : from, to, text: '' });
      }
      continue;
    }
    if (Array.isArray(value)) {
      const items = value as readonly string[];
      if (pair && isSeq(valueNode) && !valueNode.flow && items.length > 0) {
        editBlockList(oldText, valueNode, items, eol, splices);
        continue;
      }
      const text = pair && isSeq(valueNode) && valueNode.flow && items.length > 0 ? flowListLike(oldText, valueNode, items) : flowList(items);
      if (pair && vr) splices.push({ from: vr[0], to: vr[1], text });
      else if (pair && kr) splices.push({ from: kr[1], to: kr[1], text: `: ${text}`.replace(/^::/, ':') });
      else newPairs.push(`${key}: ${text}`);
      continue;
    }
    let v = value;
    // A block scalar's final line break says nothing about an address; kept, the header line stays as it was.
    if (typeof v === 'string' && isScalar(valueNode) && (valueNode.type === 'BLOCK_LITERAL' || valueNode.type === 'BLOCK_FOLDED')
      && String(valueNode.value).endsWith('\n') && v.includes('\n') && !v.endsWith('\n')) v = `${v}\n`;
    proven.push({ key, value: v });
    const text = typeof v === 'boolean' ? flagText(v)
      : scalarText(v as string, isScalar(valueNode) ? valueNode : null, keyIndent + '  ', eol, NUMERIC_KEYS.has(key));
    if (pair && vr && isScalar(valueNode) && vr[1] > vr[0]) {
      splices.push({ from: vr[0], to: vr[1], text: text.endsWith(eol) && !oldText.slice(vr[0], vr[1]).endsWith('\n') ? text.slice(0, -eol.length) : text });
    } else if (pair && kr) {
      // `key:` with nothing after it: the value goes after the colon.
      const colon = oldText.indexOf(':', kr[1]);
      splices.push({ from: colon + 1, to: vr ? Math.max(vr[1], colon + 1) : colon + 1, text: ` ${text}` });
    } else {
      newPairs.push(`${key}: ${text}`);
    }
  }

  if (newPairs.length > 0) {
    const at = lastEnd();
    if (map.flow) {
      const sep = map.items.length > 0 ? ', ' : ' ';
      const close = oldText.lastIndexOf('}', mapRange[1]);
      const pos = map.items.length > 0 ? at : close;
      splices.push({ from: pos, to: pos, text: sep + newPairs.map((p) => p.replace(new RegExp(`${eol}$`), '')).join(', ') + (map.items.length > 0 ? '' : ' ') });
    } else {
      const pos = afterLine(oldText, at);
      const lines = newPairs.map((p) => keyIndent + (p.endsWith(eol) ? p.slice(0, -eol.length) : p));
      const atEof = pos === oldText.length && !oldText.endsWith('\n');
      // A file without a final newline keeps lacking one: only the new lines are added.
      splices.push({ from: pos, to: pos, text: atEof ? eol + lines.join(eol) : lines.join(eol) + eol });
    }
  }

  splices.sort((a, b) => b.from - a.from || b.to - a.to);
  let text = oldText;
  for (const s of splices) text = text.slice(0, s.from) + s.text + text.slice(s.to);
  const proof = provenEdit(oldText, text, id, proven, base);
  return proof === null ? { text } : { issues: proof };
}

/** A block list kept line by line: items no longer listed lose their line, new items get a line after the last. */
function editBlockList(text: string, seq: YAMLSeq, items: readonly string[], eol: string, splices: Splice[]): void {
  const old = seq.items.map((n) => (isScalar(n) ? String(n.value) : ''));
  const first = rangeOf(seq.items[0] as Node)!;
  const dash = text.lastIndexOf('-', first[0]);
  const indent = text.slice(lineStart(text, dash), dash);
  seq.items.forEach((n, i) => {
    if (items.includes(old[i]!)) return;
    const r = rangeOf(n as Node)!;
    splices.push({ from: lineStart(text, r[0]), to: afterLine(text, r[1]), text: '' });
  });
  const added = items.filter((i) => !old.includes(i));
  if (added.length === 0) return;
  const lastR = rangeOf(seq.items.at(-1) as Node)!;
  const pos = afterLine(text, lastR[1]);
  const lines = added.map((a) => `${indent}- ${plainOrQuoted(a)}`);
  const atEof = pos === text.length && !text.endsWith('\n');
  splices.push({ from: pos, to: pos, text: atEof ? eol + lines.join(eol) : lines.join(eol) + eol });
}

/** null when `after` reads as `before` with exactly the changes to `id`, else why not. */
function provenEdit(before: string, after: string, id: string, changes: readonly FieldChange[], base: Currency): LedgerIssue[] | null {
  const a = readYaml(CUSTOMERS_FILE, after);
  const problems: LedgerIssue[] = [...a.issues];
  decodeCustomers(a.input, base, problems);
  if (problems.length > 0) return problems;
  const b = readYaml(CUSTOMERS_FILE, before);
  const want = structuredClone(b.input.value) as Record<string, Record<string, unknown>>;
  const entry = want[id]!;
  for (const { key, value } of changes) {
    if (value === null) delete entry[key];
    else entry[key] = Array.isArray(value) ? [...value] : String(value);
  }
  const got = a.input.value as Record<string, Record<string, unknown>>;
  const same = JSON.stringify(Object.keys(got)) === JSON.stringify(Object.keys(want))
    && Object.keys(want).every((k) => sameValue(got[k], want[k]));
  if (same) return null;
  return [issue(CUSTOMERS_FILE, undefined, `cannot change customer ${id} in place: the edited file would not read back as intended`,
    'change the customer by hand in customers.yaml, or write it as `ID:` followed by indented `key: value` lines')];
}

function sameValue(x: unknown, y: unknown): boolean {
  if (x !== null && y !== null && typeof x === 'object' && typeof y === 'object' && !Array.isArray(x) && !Array.isArray(y)) {
    const xo = x as Record<string, unknown>;
    const yo = y as Record<string, unknown>;
    const keys = new Set([...Object.keys(xo), ...Object.keys(yo)]);
    return [...keys].every((k) => JSON.stringify(xo[k]) === JSON.stringify(yo[k]));
  }
  return JSON.stringify(x) === JSON.stringify(y);
}
