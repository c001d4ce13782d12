// The fast reader of master data must read exactly what the yaml library reads — the same value, the same line for
// every path, no issues — or decline (null), so that the library reads the file and reports its mistakes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { YamlInput, YamlPath } from '../../src/core/config.js';
import { readYaml, readYamlLibrary } from '../../src/io/yaml.js';
import { readYamlFast } from '../../src/io/yaml-fast.js';

const ROOT = path.resolve(__dirname, '../..');

/** Every path to a node of the value, and paths that lead nowhere from each: a missing key, an item past the end. */
function probes(value: unknown): YamlPath[] {
  const out: YamlPath[] = [[], ['missing'], [0]];
  const walk = (v: unknown, p: (string | number)[]): void => {
    if (Array.isArray(v)) {
      out.push([...p, v.length], [...p, -1], [...p, 'x'], [...p, 0.5], [...p, v.length, 'deeper']);
      v.forEach((item, i) => {
        out.push([...p, i]);
        walk(item, [...p, i]);
      });
    } else if (typeof v === 'object' && v !== null) {
      out.push([...p, 'missing'], [...p, 'missing', 'deeper'], [...p, 0]);
      for (const k of Object.keys(v)) {
        out.push([...p, k]);
        // A number names the key it is written as.
        if (String(Number(k)) === k) out.push([...p, Number(k)]);
        walk((v as Record<string, unknown>)[k], [...p, k]);
      }
    } else {
      out.push([...p, 'deeper'], [...p, 0]);
    }
  };
  walk(value, []);
  return out;
}

/** The fast reader's answer for text, checked against the library's: 'same', or 'declined'. */
function compare(text: string): 'same' | 'declined' {
  const fast = readYamlFast('f.yaml', text);
  if (fast === null) return 'declined';
  const lib = readYamlLibrary('f.yaml', text);
  try {
    expect(fast.issues).toEqual(lib.issues);
    expect(fast.issues).toEqual([]);
    sameInput(fast.input, lib.input);
  } catch (e) {
    // The text itself is what the reader of a failure needs to see.
    (e as Error).message = `${JSON.stringify(text)}: ${(e as Error).message}`;
    throw e;
  }
  return 'same';
}

/**
 * A value as nested lists that compare equal exactly when the values are the same: kinds, prototypes, own keys in
 * order (the order customers are listed in) and how each is defined. (toStrictEqual compares objects' constructor
 * properties, which a key named constructor replaces.)
 */
function canon(v: unknown): unknown {
  if (Array.isArray(v)) return ['list', Object.getPrototypeOf(v) === Array.prototype, v.length, ...v.map(canon)];
  if (typeof v === 'object' && v !== null) {
    return ['map', Object.getPrototypeOf(v) === Object.prototype, ...Reflect.ownKeys(v).map((k) => {
      const d = Object.getOwnPropertyDescriptor(v, k)!;
      return [String(k), d.writable, d.enumerable, d.configurable, 'get' in d, canon(d.value)];
    })];
  }
  return [typeof v, v];
}

function sameInput(fast: YamlInput, lib: YamlInput): void {
  expect(canon(fast.value)).toEqual(canon(lib.value));
  for (const p of probes(lib.value)) expect([p, fast.lineOf(p)]).toEqual([p, lib.lineOf(p)]);
}

// --- Generated master-data files --------------------------------------------------------------------------------

/** Characters and words that YAML reads specially somewhere, or that a reader could get wrong. */
const CHARS = [
  'a', 'b', 'Z', '0', '1', '9', ' ', ' ', ':', '#', '"', "'", '\\', '-', '?', ',', '[', ']', '{', '}', '&', '*', '!',
  '|', '>', '%', '@', '`', '.', '~', '<', '/', '=', 'é', 'ß', '€', '日本', '😀', '\u202e', '\u200f', '\u2066', '\u00a0',
  '\u3000', '\t', '\u0085', '\u2028', '\ufeff', '\u0007', '\r',
];
const WORDS = [
  '010', '007', '1e3', '0x1F', '0o17', '.5', '-1', '+1', '1_000', 'true', 'false', 'yes', 'no', 'on', '~', 'null', 'Null',
  '2026-10-31', '2026-10-31T12:00:00Z', '12:30', '', ' leading', 'trailing ', '<<', '__proto__', 'toString',
  'constructor', '-', '---', '...', 'a: b', 'a #b', 'a#b', 'x:y', 'net30', 'EUR', 'ap@acme.example',
  'https://acme.example/x?y=1#z', 'Müller & Söhne GmbH', 'DE89 3704 0044 0532 0130 00', '"', "'", '- x', '? x',
];
/** Characters the fast reader never takes (tabs, control characters, separators, a BOM, a lone CR). */
const REFUSED = new Set(['\t', '\u0085', '\u2028', '\ufeff', '\u0007', '\r']);
const wideText = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.constantFrom(...CHARS), { maxLength: 8 }).map((cs) => cs.join('')) },
  { weight: 3, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_. -]{0,12}$/) },
);
/** Text without what the reader always declines, so that most files reach it. */
const tameText = fc.oneof(
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...CHARS.filter((c) => !REFUSED.has(c))), { maxLength: 6 }).map((cs) => cs.join('')) },
  { weight: 2, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_. -]{0,12}$/) },
);

type Style = 'plain' | 'single' | 'double' | 'double-escapes' | 'raw-double';
const styleArb = fc.constantFrom<Style>('plain', 'plain', 'plain', 'single', 'double', 'double-escapes', 'raw-double');
type Scalar = { text: string; style: Style };

const YAML_ESCAPES: Record<string, string[]> = {
  '\n': ['\\n'], '\t': ['\\t', '\\\t'], '"': ['\\"'], '\\': ['\\\\'], '/': ['\\/', '/'], ' ': ['\\ ', ' '], '\u0085': ['\\N'],
  '\u00a0': ['\\_', '\\xa0', '\\u00A0'], '\u2028': ['\\L'], '\u2029': ['\\P'], '\u0007': ['\\a'], '\u001b': ['\\e'],
  '\0': ['\\0'], 'é': ['\\xe9', '\\u00e9', '\\U000000E9', 'é'], '😀': ['\\U0001F600', '\\ud83d\\ude00', '😀'],
};

function renderScalar(s: Scalar, pick: () => number): string {
  switch (s.style) {
    case 'plain':
      return s.text;
    case 'single':
      return `'${s.text.replace(/'/g, "''")}'`;
    case 'double':
      return JSON.stringify(s.text);
    case 'double-escapes':
      return `"${[...s.text].map((c) => {
        const options = YAML_ESCAPES[c];
        if (options) return options[pick() % options.length];
        return c;
      }).join('')}"`;
    case 'raw-double':
      return `"${s.text}"`;
  }
}

type Flow = { kind: 'scalar'; s: Scalar } | { kind: 'seq'; items: Flow[] } | { kind: 'map'; entries: [Scalar, Flow | null][] };
type Value =
  | { kind: 'scalar'; s: Scalar; comment: string | null }
  | { kind: 'empty'; comment: string | null }
  | { kind: 'flow'; f: Flow; comment: string | null }
  | { kind: 'map'; indent: number; entries: Entry[] }
  | { kind: 'seq'; indent: number; items: (Scalar | Flow)[] }
  | { kind: 'literal'; header: string; indent: number; lines: string[]; blankInside: boolean; blankAfter: string | null };
type Entry = { key: Scalar; value: Value; before: string[] };
type Doc = { entries: Entry[]; eol: string; trailingSpaces: boolean; finalEol: boolean; seed: number };

const commentArb = fc.option(fc.constantFrom('# note', '#', '# a: b', '#  "quoted" #'), { freq: 4 });
/** What may stand between two entries: blank lines, lines of spaces, comments at any indentation. */
const beforeArb = fc.array(fc.constantFrom('', '  ', '# comment', '  # indented comment', '    #deeper', '#: x'), { maxLength: 2 });

/** Master-data files: maps of maps, lists, flow collections, comments, with scalars of the given text. */
function docArb(textArb: fc.Arbitrary<string>): fc.Arbitrary<Doc> {
  const scalarArb: fc.Arbitrary<Scalar> = fc.record({ text: textArb, style: styleArb });
  const flowArb: fc.Arbitrary<Flow> = fc.letrec<{ flow: Flow }>((tie) => ({
    flow: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 4, arbitrary: scalarArb.map((s) => ({ kind: 'scalar' as const, s })) },
      { weight: 1, arbitrary: fc.array(tie('flow'), { maxLength: 3 }).map((items) => ({ kind: 'seq' as const, items })) },
      { weight: 1, arbitrary: fc.array(fc.tuple(scalarArb, fc.option(tie('flow'), { freq: 5 })), { maxLength: 3 }).map((entries) => ({ kind: 'map' as const, entries })) },
    ),
  })).flow;
  const valueArb: fc.Arbitrary<Value> = fc.letrec<{ value: Value; entries: Entry[] }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 5, arbitrary: fc.record({ kind: fc.constant('scalar' as const), s: scalarArb, comment: commentArb }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('empty' as const), comment: commentArb }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('flow' as const), f: flowArb, comment: commentArb }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('map' as const), indent: fc.constantFrom(1, 2, 2, 2, 4), entries: tie('entries') }) },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('seq' as const), indent: fc.constantFrom(0, 2, 2, 3),
          items: fc.array(fc.oneof(scalarArb, flowArb), { minLength: 1, maxLength: 3 }),
        }),
      },
    ),
    entries: fc.array(fc.record({ key: scalarArb, value: tie('value'), before: beforeArb }), { minLength: 1, maxLength: 4 }),
  })).value;
  // Literal block scalars, as `customer add` writes a multi-line address, and their odd forms.
  const literalArb: fc.Arbitrary<Value> = fc.record({
    kind: fc.constant('literal' as const), header: fc.constantFrom('|', '|-', '|-', '|+', '|2', '>', '| # c', '|  '),
    indent: fc.constantFrom(0, 1, 2, 2, 3), lines: fc.array(textArb, { minLength: 1, maxLength: 3 }),
    blankInside: fc.boolean(), blankAfter: fc.option(fc.constantFrom('', '  ', '      '), { freq: 3, nil: null }),
  });
  const anyValue = fc.oneof({ weight: 6, arbitrary: valueArb }, { weight: 1, arbitrary: literalArb });
  return fc.record({
    entries: fc.array(fc.record({ key: scalarArb, value: anyValue, before: beforeArb }), { minLength: 1, maxLength: 6 }),
    eol: fc.constantFrom('\n', '\n', '\r\n'),
    trailingSpaces: fc.boolean(),
    finalEol: fc.boolean(),
    seed: fc.nat(),
  });
}
const anyDoc = fc.oneof(docArb(wideText), docArb(tameText));

function renderDoc(doc: Doc): string {
  let n = doc.seed;
  const pick = (): number => (n = (n * 1103515245 + 12345) & 0x7fffffff);
  const lines: string[] = [];
  const flow = (f: Flow): string => {
    if (f.kind === 'scalar') return renderScalar(f.s, pick);
    if (f.kind === 'seq') return `[${f.items.map(flow).join(pick() % 2 ? ', ' : ',')}${f.items.length && pick() % 4 === 0 ? ', ' : ''}]`;
    return `{ ${f.entries.map(([k, v]) => `${renderScalar(k, pick)}:${v ? ` ${flow(v)}` : ' '}`).join(', ')} }`;
  };
  const tail = (comment: string | null): string => (comment ? ` ${comment}` : '') + (doc.trailingSpaces && pick() % 3 === 0 ? '  ' : '');
  const entries = (es: Entry[], indent: string): void => {
    for (const e of es) {
      for (const b of e.before) lines.push(b);
      const key = `${indent}${renderScalar(e.key, pick)}:`;
      const v = e.value;
      if (v.kind === 'scalar') lines.push(`${key} ${renderScalar(v.s, pick)}${tail(v.comment)}`);
      else if (v.kind === 'empty') lines.push(`${key}${tail(v.comment)}`);
      else if (v.kind === 'flow') lines.push(`${key} ${flow(v.f)}${tail(v.comment)}`);
      else if (v.kind === 'map') {
        lines.push(key);
        entries(v.entries, indent + ' '.repeat(v.indent));
      } else if (v.kind === 'literal') {
        lines.push(`${key} ${v.header}`);
        v.lines.forEach((l, i) => {
          if (i === 1 && v.blankInside) lines.push('');
          lines.push(`${indent}${' '.repeat(v.indent)}${l}`);
        });
        if (v.blankAfter !== null) lines.push(v.blankAfter);
      } else {
        lines.push(key);
        for (const item of v.items) lines.push(`${indent}${' '.repeat(v.indent)}- ${'style' in item ? renderScalar(item, pick) : flow(item)}`);
      }
    }
  };
  entries(doc.entries, '');
  return lines.join(doc.eol) + (doc.finalEol ? doc.eol : '');
}

/** A customer as test/bench/generate.mjs writes it, the form the fast reader is for. */
function benchCustomer(i: number): string {
  const id = `C${String(i).padStart(6, '0')}`;
  const currency = ['EUR', 'EUR', 'USD', 'JPY'][i % 4]!;
  const name = `Alpen Tools ${i} ${currency === 'JPY' ? 'Co., Ltd.' : 'GmbH'}`;
  let y = `${id}:\n  name: "${name}"\n  email: ap-${id.toLowerCase()}@example.com\n  currency: ${currency}\n  terms: "net30"\n`
    + `  address: "${name}\\n${i % 250} Harbour Road\\n10115 Berlin\\nGermany"\n  country: DE\n`;
  if (i % 3 === 0) y += `  bank_accounts: [DE${String(10 + (i % 89)).padStart(2, '0')}BANK${String(i).padStart(14, '0')}]\n`;
  if (i % 5 < 2) y += `  aliases: ["${name.toUpperCase()}"${i % 2 ? `, "ALPEN ${i}"` : ''}]\n`;
  if (i % 5 === 0) y += `  credit_limit: "${i * 100}.00"\n`;
  if (i % 200 === 0) y += '  hold: true\n';
  if (i % 100 === 0) y += '  dunning: false\n';
  return y;
}
const benchCustomers = (n: number): string => '# Generated by test/bench/generate.mjs\n' + Array.from({ length: n }, (_, i) => benchCustomer(i + 1)).join('');

describe('the fast YAML reader', () => {
  it('reads generated master-data files exactly as the library does, or declines', () => {
    let same = 0;
    let runs = 0;
    fc.assert(fc.property(anyDoc, (doc) => {
      runs++;
      if (compare(renderDoc(doc)) === 'same') same++;
    }), { numRuns: 400 });
    // The generator must reach the fast reader often, or the property would hold by declining everything.
    expect(same / runs).toBeGreaterThan(0.2);
  });

  it('reads files with a character changed, inserted or removed exactly as the library does, or declines', () => {
    const edit = fc.tuple(fc.nat(), fc.constantFrom('del', 'ins', 'set'), fc.constantFrom(...CHARS, '\n', '\r\n', '  ', 'x'));
    fc.assert(fc.property(anyDoc, fc.array(edit, { minLength: 1, maxLength: 3 }), (doc, edits) => {
      let text = renderDoc(doc);
      for (const [at, op, c] of edits) {
        const i = text.length === 0 ? 0 : at % text.length;
        text = op === 'del' ? text.slice(0, i) + text.slice(i + 1) : op === 'ins' ? text.slice(0, i) + c + text.slice(i) : text.slice(0, i) + c + text.slice(i + 1);
      }
      compare(text);
    }), { numRuns: 300 });
  });

  it('takes the form the benchmark generates, in LF and CRLF, and reads it as the library does', () => {
    const text = benchCustomers(100);
    expect(compare(text)).toBe('same');
    // readYaml takes the fast way for it, and the library's for a file with a mistake, which it reports.
    sameInput(readYaml('f.yaml', text).input, readYamlLibrary('f.yaml', text).input);
    expect(readYaml('f.yaml', 'A:\n  name: x\n  name: y\n').issues).toEqual([expect.objectContaining({ line: 3, message: 'YAML: key "name" appears twice in the same map' })]);
    expect(compare(text.replace(/\n/g, '\r\n'))).toBe('same');
  });

  it('reads every YAML file of the repository and the conformance ledgers as the library does', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      if (!fs.existsSync(dir)) return;
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (e.name !== 'node_modules' && !e.name.startsWith('.')) walk(p);
        } else if (/\.ya?ml$/.test(e.name)) {
          files.push(p);
        }
      }
    };
    for (const d of ['ledgers', 'fixtures', 'test']) walk(path.join(ROOT, d));
    walk(path.join(ROOT, '../shared'));
    expect(files.length).toBeGreaterThan(20);
    let taken = 0;
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      for (const t of [text, text.replace(/\r?\n/g, '\r\n')]) {
        try {
          if (compare(t) === 'same') taken++;
        } catch (e) {
          throw new Error(`${path.relative(ROOT, f)}: ${(e as Error).message}`);
        }
      }
    }
    // The demo ledger, the fixtures and the conformance ledgers are written in the plain form the reader takes.
    expect(taken).toBeGreaterThan(files.length / 2);
  });

  it('reads hand-picked corners as the library does, or declines: comments inside lists, dedents, keys and escapes', () => {
    const texts = [
      'a:\n- x\n# c\n- y\nb: 1\n', 'a:\n  - x\n# c\n  - y\nb: 1\n', 'a:\n  b: 1\n# c\n  c: 2\n', 'a:\n  b: 1\n      # deep comment\n  c: 2\n',
      'a:\n  b:\n  - x\n  c: 1\n', 'a:\n  b:\n    - x\n    - y\n  c: [1]\n', 'a: x\n\n\n\nb: y\n', 'a:    \n  b: 1\n', 'a: # c\n  b: 1\n',
      'a:\n  b: 1\n c: 2\n', 'a:\n   b: 1\n  c: 2\n', 'a:\n  - x\n  -  y\n', 'a:\n  - x\n   - y\n', 'a:\n  -  [x]  # c\n', 'a: "x" # c\nb: \'y\'  \n',
      'a: x # c: d\n', 'a: x:\n', 'a: x :y\n', 'a: x ::\n', 'a: -1\nb: -x\nc: --\n', 'a: ]x\n', 'a: x]\n', 'a: {b: [c, {d: e}], f: "g"}\n',
      'a: [ ]\nb: { }\nc: [,]\n', 'a: [x,]\n', 'a: {x: y,}\n', 'a: [x y, z]\n', "a: ['it''s', \"q\\\"\"]\n", 'a: "\\x41\\u00e9\\U0001F600\\/"\n',
      'a: "a\\\\"\n', 'a: "\\\\\\""\n', 'a: "\\"\n', "a: 'x\n", 'a: "x\n', 'a: b\n...\n', 'a: b\n---\n', 'a: b\n--- \nc: d\n', ' a: 1\n',
      'a:\n  b: 1\n  b2:\n    c: [x]\n    d:\n    - 1\n    - 2\n  e: 3\nf: 4\n', 'a:\r\n  - x\r\n  - y\r\nb: "z"\r\n', 'a: 1\r\n\r\n# c\r\nb:\r\n',
      'a: x\n  # c\nb: y\n', 'a:\n  x\n', 'a: |\n x\n', 'a: 2001-01-01\nb: 0x1f\nc: .inf\nd: ~\ne: null\nf: true\n', '"a": 1\n\'b\': 2\n"a b" : 3\n',
      'a:b: 1\n', 'a :b: 1\n', 'a\\b: 1\n', 'a"b: 1\n', "a'b: 1\n", 'a[b]: 1\n', 'a{b}: 1\n', 'a,b: 1\n', 'a!b: 1\n', 'a&b: 1\n', 'a*b: 1\n',
      'a: x\n#\nb: y', 'a: x\n#', 'a: "x"  ', 'a:', 'a: [x]', 'a: {x: y}', 'a: [\n', 'a: - \n', 'a: ?x\n', 'a: :x\n', 'a: x?\n', 'x: |-\n',
      'a: {"b": c}\n', "a: {'b': c}\n", 'a: {b: "c", "d": e}\n', 'a: [{b: c}]\n', 'a: [[x], [y, [z]]]\n', 'a: {b: {c: {d: e}}}\n',
      'C1:\n  name: A\nC2:\n  name: B\nC1x:\n  name: C\n', '01: a\n1: b\n', '1: a\n1.0: b\n', 'true: a\nTrue: b\n', '__proto__: {a: b}\n',
      'toString: x\nvalueOf: y\nconstructor: {}\nhasOwnProperty: z\n', 'a: "\\u00"\n', 'a: "\\ud800"\n', 'a: "\\x4"\n', 'a: "\\U00110000"\n',
    ];
    expect(texts.filter((t) => compare(t) === 'same').length).toBeGreaterThan(50);
  });

  it('declines what it does not take, leaving it to the library', () => {
    for (const text of [
      '', '# only a comment\n', 'a: &x 1\nb: *x\n', 'a: !tag x\n', 'a: |+\n  text\n', 'a: |2\n  text\n', 'a: >\n  text\n', 'a: |\n  one\n\n  two\n', 'a: one\n  two\n',
      'a: "one\n  two"\n', '? a\n: b\n', 'a:\n  <<: { b: c }\n', '%YAML 1.2\n---\na: 1\n', '---\na: 1\n', 'a:\n\tb: 1\n',
      '\ufeffa: 1\n', 'a: 1\nb:\n   c: 1\n  d: 2\n', '- a\n- b\n', 'a: b: c\n', 'a: 1\na: 2\n', 'a: [1, 2\n', 'a: x\rb: y\n',
      'a: "\\q"\n', 'a: "x"y\n', 'a:\n  - b: c\n', 'a:\n  -\n', 'a: {b}\n', 'a: [b: c]\n', `a: ${'['.repeat(40)}x${']'.repeat(40)}\n`,
    ]) {
      expect([text, readYamlFast('f.yaml', text)]).toEqual([text, null]);
    }
    // The library refuses a key whose colon is more than 1024 characters on; one of 900 is read.
    expect(readYamlFast('f.yaml', `${'k'.repeat(1100)}: x\n`)).toBeNull();
    expect(compare(`${'k'.repeat(900)}: x\nb: { ${'m'.repeat(900)}: y }\n`)).toBe('same');
  });

  it('reads the 50,000-customer form in time linear in its size', () => {
    const small = benchCustomers(5_000);
    const large = benchCustomers(50_000);
    readYamlFast('c.yaml', benchCustomers(500)); // warm up the code paths
    const timed = (text: string): { ms: number; input: YamlInput } => {
      const t0 = performance.now();
      const r = readYamlFast('c.yaml', text);
      const ms = performance.now() - t0;
      expect(r).not.toBeNull();
      expect(Object.keys(r!.input.value as object).length).toBe(text.split('\nC0').length - 1);
      return { ms, input: r!.input };
    };
    const t5k = Math.max(timed(small).ms, 20);
    const { ms: t50k, input } = timed(large);
    // Linear is ~10×; the floor on t5k keeps a fast small run from inflating the ratio on a busy machine.
    expect(t50k / t5k).toBeLessThan(30);
    const lines = large.split('\n');
    expect(input.lineOf(['C049996', 'aliases', 0])).toBe(lines.indexOf('  aliases: ["ALPEN TOOLS 49996 GMBH"]', lines.indexOf('C049996:')) + 1);
    expect(input.lineOf(['C000001'])).toBe(2);
  });
});
