// Reads a YAML file with no type coercion (every scalar stays text: `007` stays `007`, `no` stays `no`).
import { createRequire } from 'node:module';
import type { Alias, Document, Node, Pair, YAMLError } from 'yaml';
import type * as YAML from 'yaml';
import { issue, type LedgerIssue } from '../core/issues.js';
import type { YamlInput, YamlPath } from '../core/config.js';
import { readYamlFast } from './yaml-fast.js';

/**
 * Deepest nesting read. ledger.yaml needs 5 levels (import.profiles.NAME.columns.FIELD); the parser recurses per
 * level and runs out of stack somewhere past a few thousand, so a file nested deeper is refused before parsing.
 */
export const MAX_YAML_DEPTH = 64;

/**
 * The yaml library (160 kB) is loaded only for a file that readYamlFast does not take: a run on well-formed books
 * never needs it, and loading it was a tenth of a small ledger's report.
 */
let yamlLib: typeof YAML | undefined;
const yaml = (): typeof YAML => (yamlLib ??= createRequire(import.meta.url)('yaml') as typeof YAML);
const isAlias = ((n) => yaml().isAlias(n)) as typeof YAML.isAlias;
const isMap = ((n) => yaml().isMap(n)) as typeof YAML.isMap;
const isPair = ((n) => yaml().isPair(n)) as typeof YAML.isPair;
const isScalar = ((n) => yaml().isScalar(n)) as typeof YAML.isScalar;
const isSeq = ((n) => yaml().isSeq(n)) as typeof YAML.isSeq;

export function readYaml(file: string, text: string): { input: YamlInput; issues: LedgerIssue[] } {
  return readYamlFast(file, text) ?? readYamlLibrary(file, text);
}

/** readYaml through the yaml library, for any YAML; readYamlFast takes only what it is sure to read the same. */
export function readYamlLibrary(file: string, text: string): { input: YamlInput; issues: LedgerIssue[] } {
  const { LineCounter, parseDocument, visit } = yaml();
  const lineCounter = new LineCounter();
  const issues: LedgerIssue[] = [];
  const deep = tooDeep(text);
  if (deep) {
    issues.push(issue(file, deep, `YAML: nested more than ${MAX_YAML_DEPTH} levels deep`, `no setting is nested deeper than a few levels; close the [ and { brackets that are left open`));
    return { input: { file, value: undefined, lineOf: () => undefined }, issues };
  }
  // merge: `<<: *base` copies the keys of the map it names (YAML 1.1 merge keys), as most YAML readers do.
  // logLevel: the parser would otherwise print its own warnings (a list used as a key) on stderr.
  // uniqueKeys: the parser compares each key with every key before it, quadratic in a map's size (50,000
  // customers took 49 s); survey finds the same keys with one set per map.
  const doc = parseDocument(text, {
    schema: 'failsafe', merge: true, lineCounter, uniqueKeys: false, prettyErrors: false, strict: true, logLevel: 'silent',
  });
  const surveyed = survey(doc);
  const { duplicates, oddKeys, circular } = surveyed;
  let targets = surveyed.targets;
  const seen = new Set<string>();
  for (const e of [...withDuplicates(doc.errors, duplicates), ...doc.warnings]) {
    const line = e.pos ? lineCounter.linePos(e.pos[0]).line : 1;
    if (e.code === 'DUPLICATE_KEY' && e.pos) {
      // Which key is what the reader needs; the parser's message does not say.
      const key = /^[^:\n]*/.exec(text.slice(e.pos[0], e.pos[0] + 1024))![0].trim();
      issues.push(issue(file, line, `YAML: key ${JSON.stringify(key)} appears twice in the same map`, 'keep one of them; a later copy would silently win'));
      continue;
    }
    const message = /Maximum call stack/.test(e.message)
      ? `YAML: nested more than ${MAX_YAML_DEPTH} levels deep`
      : `YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`;
    // One unclosed bracket can make the parser say the same thing hundreds of times.
    if (seen.has(`${line}:${message}`)) continue;
    seen.add(`${line}:${message}`);
    issues.push(issue(file, line, message, 'fix the YAML syntax'));
  }
  const wellFormed = doc.errors.length === 0 && duplicates.length === 0;
  if (wellFormed && (circular || oddKeys)) {
    let removed = false;
    // An alias inside the node it names (`a: &a { self: *a }`) would make the value endless; it is left out.
    if (circular) visit(doc, {
      Alias: (_k, node, path) => {
        if (!path.includes(targets.get(node) as Node)) return undefined;
        removed = true;
        issues.push(issue(file, startLine(node) ?? 1, `YAML refused: alias *${node.source} is inside the map or list it names`, 'write the values out instead'));
        return visit.REMOVE;
      },
    });
    if (oddKeys) {
      refuseOddKeys(doc, targets, (node, message, hint) => {
        removed = true;
        issues.push(issue(file, startLine(node) ?? 1, message, hint));
      });
    }
    // A removed key may have carried an anchor that a later alias named.
    if (removed) targets = survey(doc).targets;
  }
  let value: unknown = undefined;
  // The value is taken even from a document with errors (a duplicate key, say), so that one YAML mistake does
  // not also make every customer look missing.
  try {
    // maxAliasCount refuses alias bombs ("billion laughs") instead of expanding them; merge keys count as aliases.
    value = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    if (wellFormed) {
      let aliasLine: number | undefined;
      visit(doc, { Alias: (_k, node) => { aliasLine ??= startLine(node); } });
      issues.push(issue(file, aliasLine ?? 1, `YAML refused: ${(e as Error).message}`, 'write the values out instead of through many aliases'));
    }
  }
  const lineOf = (path: YamlPath): number | undefined => {
    let node: unknown = deref(doc.contents);
    let line: number | undefined = startLine(node);
    for (const seg of path) {
      if (isMap(node)) {
        const pair = findPair(node, String(seg), 0, targets, keyIndex);
        if (!pair) return line;
        line = startLine(pair.key) ?? line;
        node = deref(pair.value);
        // A value written through an alias is reported where the alias is, the place the reader looks at.
        if (isScalar(pair.value)) line = startLine(pair.value) ?? line;
      } else if (isSeq(node) && typeof seg === 'number') {
        line = startLine(node.items[seg]) ?? line;
        node = deref(node.items[seg]);
      } else {
        return line;
      }
    }
    return line;
  };
  // Built once per map on first use, so that finding each of n customers costs O(1), not O(n).
  const keyIndex = new WeakMap<object, Map<string, Pair<Node, unknown>>>();
  function deref(node: unknown): unknown {
    return isAlias(node) ? targets.get(node) : node;
  }
  function startLine(node: unknown): number | undefined {
    const range = (node as Node | null | undefined)?.range;
    return range ? lineCounter.linePos(range[0]).line : undefined;
  }
  return { input: { file, value, lineOf }, issues };
}

/** A `<<` key as the parser resolves it for merging (a symbol); a quoted "<<" stays an ordinary key. */
const isMergeKey = (p: Pair): boolean => isScalar(p.key) && typeof p.key.value === 'symbol' && p.key.value.description === '<<';

/**
 * The pair of `key` in a map: its own, else the one a merge key (`<<: *base`, `<<: [*a, *b]`) brings in, from the
 * first source that has it, as the merge itself takes it. A merged value is reported at the line it is written on.
 */
function findPair(
  map: { items: unknown[] }, key: string, depth: number, targets: AliasTargets, index: WeakMap<object, Map<string, Pair<Node, unknown>>>,
): Pair<Node, unknown> | undefined {
  let own = index.get(map);
  if (!own) {
    own = new Map();
    for (const p of map.items) {
      if (!isPair(p) || isMergeKey(p) || !isScalar(p.key)) continue;
      const k = String(p.key.value);
      // The first of two equal keys, as a search from the top finds it.
      if (!own.has(k)) own.set(k, p as Pair<Node, unknown>);
    }
    index.set(map, own);
  }
  const found = own.get(key);
  if (found || depth > 8) return found;
  for (const p of map.items) {
    if (!isPair(p) || !isMergeKey(p)) continue;
    const value = isAlias(p.value) ? targets.get(p.value) : p.value;
    const sources = isSeq(value) ? value.items.map((s) => (isAlias(s) ? targets.get(s) : s)) : [value];
    for (const s of sources) {
      const found = isMap(s) ? findPair(s, key, depth + 1, targets, index) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

type AliasTargets = Map<Alias, Node | undefined>;
type Duplicate = { code: 'DUPLICATE_KEY'; pos: [number, number]; message: string };

/**
 * One walk over the document, in the parser's order, for what the parser would otherwise find in time quadratic
 * in a map's size or the document's:
 * - duplicates: a key written twice in one map, at the second copy, as the parser reports it (it compares each key
 *   with every key before it; here one set per map). Keys are equal as the parser compares them: the same scalar
 *   value (merge keys never are; each `<<` is a value of its own);
 * - targets: the node each alias names, the last node before it with that anchor (the parser's `resolve` walks
 *   the whole document for each alias);
 * - oddKeys: whether any key is a merge key or not a plain scalar, the only keys refuseOddKeys looks at;
 * - circular: whether an alias is inside the node it names.
 * The walk keeps its own stack: a document nested past what the parser could take must not overflow it here.
 */
function survey(doc: Document): { duplicates: Duplicate[]; targets: AliasTargets; oddKeys: boolean; circular: boolean } {
  const duplicates: Duplicate[] = [];
  const targets: AliasTargets = new Map();
  const last = new Map<string, Node>();
  let oddKeys = false;
  let circular = false;
  // The collections the walk is inside; an entry of `stack` that is one of them again marks leaving it.
  const open = new Set<unknown>();
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (open.has(node)) {
      open.delete(node);
      continue;
    }
    if (isAlias(node)) {
      const target = last.get(node.source);
      targets.set(node, target);
      if (open.has(target)) circular = true;
      continue;
    }
    if (isPair(node)) {
      stack.push(node.value, node.key);
      continue;
    }
    if (!isScalar(node) && !isMap(node) && !isSeq(node)) continue;
    if (node.anchor) last.set(node.anchor, node);
    if (isMap(node)) {
      const keys = new Set<unknown>();
      for (const p of node.items) {
        if (!isScalar(p.key)) {
          oddKeys = true;
          continue;
        }
        if (isMergeKey(p)) oddKeys = true;
        const value = p.key.value;
        if (keys.has(value) && p.key.range) duplicates.push({ code: 'DUPLICATE_KEY', pos: [p.key.range[0], p.key.range[1]], message: 'Map keys must be unique' });
        keys.add(value);
      }
    }
    if (isMap(node) || isSeq(node)) {
      open.add(node);
      stack.push(node);
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    }
  }
  return { duplicates: duplicates.sort((a, b) => a.pos[0] - b.pos[0]), targets, oddKeys, circular };
}

/** The parser's errors with the duplicate keys among them in the order of the text, as the parser would list them. */
function withDuplicates(errors: readonly YAMLError[], duplicates: readonly { code: string; pos: [number, number]; message: string }[]): { code: string; pos?: [number, number]; message: string }[] {
  if (duplicates.length === 0) return [...errors];
  const out: { code: string; pos?: [number, number]; message: string }[] = [];
  let d = 0;
  for (const e of errors) {
    while (d < duplicates.length && e.pos && duplicates[d]!.pos[0] < e.pos[0]) out.push(duplicates[d++]!);
    out.push(e);
  }
  while (d < duplicates.length) out.push(duplicates[d++]!);
  return out;
}

/**
 * Keys that would be read wrongly: a list or map used as a key (JavaScript would turn it into the text "[ a, b ]")
 * and a merge key whose source is not a map. Each is reported at its line and left out of the value.
 */
function refuseOddKeys(doc: Document, targets: AliasTargets, report: (node: unknown, message: string, hint: string) => void): void {
  const { visit } = yaml();
  visit(doc, {
    Pair: (_k, pair) => {
      const key = isAlias(pair.key) ? targets.get(pair.key) : pair.key;
      if (isMap(key) || isSeq(key)) {
        report(pair.key, `YAML: a ${isMap(key) ? 'map' : 'list'} is used as a key`, 'keys are plain names, e.g. ACME: or name:');
        return visit.REMOVE;
      }
      if (isMergeKey(pair as Pair)) {
        // Its alias was left out above, as circular, and has been reported.
        if (pair.value === null) return visit.REMOVE;
        const value = isAlias(pair.value) ? targets.get(pair.value) : pair.value;
        const sources = isSeq(value) ? value.items.map((s) => (isAlias(s) ? targets.get(s) : s)) : [value];
        if (!sources.every((s) => isMap(s))) {
          report(pair.key, 'YAML: a merge key (<<) takes a map, the alias of one or a list of them', 'write e.g. <<: *defaults, where &defaults marks a map');
          return visit.REMOVE;
        }
      }
      return undefined;
    },
  });
}

/** The line where nesting first goes deeper than MAX_YAML_DEPTH, or null; reads tokens only, never recursing. */
function tooDeep(text: string): number | null {
  // A first pass over the characters, blind to quotes, clears an ordinary file at a fraction of the cost of the
  // lexer (a 10,000-customer file is lexed in about a second). A file that hides nesting from it behind quoted
  // brackets still reaches the parser, which reports running out of stack as an error of its own.
  let depth = 0;
  let deepest = 0;
  let marks = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth = Math.max(0, depth - 1);
    else if (c === 0x2d || c === 0x3f) deepest = Math.max(deepest, depth + ++marks);
    else if (c === 0x0a) marks = 0;
  }
  if (deepest <= MAX_YAML_DEPTH) return null;
  let line = 1;
  let flow = 0;
  let onLine = 0;
  for (const token of new (yaml().Lexer)().lex(text)) {
    if (token === '[' || token === '{') flow++;
    else if (token === ']' || token === '}') flow = Math.max(0, flow - 1);
    // `- - - x` nests a list in a list on one line, as does `? ? x`.
    else if (token === '-' || token === '?') onLine++;
    if (flow + onLine > MAX_YAML_DEPTH) return line;
    for (let i = token.indexOf('\n'); i >= 0; i = token.indexOf('\n', i + 1)) {
      line++;
      onLine = 0;
    }
  }
  return null;
}
