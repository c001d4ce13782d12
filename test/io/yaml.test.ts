import { describe, expect, it, vi } from 'vitest';
import { readYaml } from '../../src/io/yaml.js';

describe('readYaml', () => {
  it('keeps every scalar as text: 007, no, yes, 1e3, 2026-10-31, ~', () => {
    const { input, issues } = readYaml('c.yaml', '007:\n  name: no\n  hold: yes\n  limit: 1e3\n  date: 2026-10-31\n  x: ~\n  list: [1, 02]\n');
    expect(issues).toEqual([]);
    expect(input.value).toEqual({ '007': { name: 'no', hold: 'yes', limit: '1e3', date: '2026-10-31', x: '~', list: ['1', '02'] } });
  });

  it('finds the line of a key, a value, a flow value and a list item', () => {
    const { input } = readYaml('c.yaml', 'a: 1\nb:\n  c: x\n  d: [p, q]\ne: { f: 2, g: 3 }\nh:\n  - one\n  - two\n');
    expect(input.lineOf(['a'])).toBe(1);
    expect(input.lineOf(['b', 'c'])).toBe(3);
    expect(input.lineOf(['b', 'd', 1])).toBe(4);
    expect(input.lineOf(['e', 'g'])).toBe(5);
    expect(input.lineOf(['h', 1])).toBe(8);
    expect(input.lineOf(['missing', 'deeper'])).toBe(1);
  });

  it('names a duplicate key at the line of its second copy, and still reads the rest', () => {
    const { input, issues } = readYaml('c.yaml', 'A:\n  name: x\n  name: y\nB:\n  name: z\n');
    expect(issues).toEqual([{ file: 'c.yaml', line: 3, message: 'YAML: key "name" appears twice in the same map', hint: 'keep one of them; a later copy would silently win' }]);
    expect((input.value as Record<string, unknown>)['B']).toEqual({ name: 'z' });
  });

  it('refuses an alias bomb at the first alias instead of expanding it', () => {
    const lol = (n: number, a: string) => `[${Array(9).fill(a).join(', ')}]`.replace(/^/, `l${n}: &l${n} `);
    const text = ['x: 1', lol(0, 'lol'), ...[1, 2, 3, 4, 5, 6].map((n) => lol(n, `*l${n - 1}`))].join('\n') + '\n';
    const t0 = Date.now();
    const { input, issues } = readYaml('l.yaml', text);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(input.value).toBeUndefined();
    expect(issues).toEqual([expect.objectContaining({ line: 3, message: expect.stringMatching(/^YAML refused: .*alias/) })]);
  });

  it('reports a syntax error at its line', () => {
    const { issues } = readYaml('c.yaml', 'a: 1\nb: [x, y\nc: 2\n');
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]!.message).toMatch(/^YAML: /);
  });

  it('reads merge keys as YAML 1.1 does: own keys win, then the sources in order', () => {
    const text = 'ACME: &acme\n  name: Acme\n  currency: USD\n  hold: true\n  terms: net45\nGLOBEX:\n  <<: *acme\n  name: Globex\n  terms: net30\nINITECH:\n  <<: [*acme, { currency: GBP, email: a@b.example }]\n  name: Initech\n';
    const { input, issues } = readYaml('c.yaml', text);
    expect(issues).toEqual([]);
    const v = input.value as Record<string, Record<string, string>>;
    expect(v['GLOBEX']).toEqual({ name: 'Globex', currency: 'USD', hold: 'true', terms: 'net30' });
    expect(v['INITECH']).toEqual({ name: 'Initech', currency: 'USD', hold: 'true', terms: 'net45', email: 'a@b.example' });
    // A merged value is found on the line it is written on; an own value on its own line.
    expect(input.lineOf(['GLOBEX', 'currency'])).toBe(3);
    expect(input.lineOf(['GLOBEX', 'terms'])).toBe(9);
    expect(input.lineOf(['INITECH', 'email'])).toBe(11);
    expect(input.lineOf(['INITECH', 'hold'])).toBe(4);
  });

  it('refuses a merge key whose source is not a map, at its line, and keeps a quoted "<<" as an ordinary key', () => {
    const { input, issues } = readYaml('c.yaml', 'A:\n  name: a\nB:\n  <<: oops\n  name: b\nC: { "<<": x }\n');
    expect(issues).toEqual([{ file: 'c.yaml', line: 4, message: 'YAML: a merge key (<<) takes a map, the alias of one or a list of them', hint: 'write e.g. <<: *defaults, where &defaults marks a map' }]);
    expect(input.value).toEqual({ A: { name: 'a' }, B: { name: 'b' }, C: { '<<': 'x' } });
  });

  it('still refuses an alias bomb made of merge keys', () => {
    const lol = (n: number, a: string) => `l${n}: &l${n} { <<: [${Array(9).fill(a).join(', ')}] }`;
    const text = ['l0: &l0 { a: b }', ...[1, 2, 3, 4, 5, 6].map((n) => lol(n, `*l${n - 1}`))].join('\n') + '\n';
    const { input, issues } = readYaml('l.yaml', text);
    expect(input.value).toBeUndefined();
    expect(issues).toEqual([expect.objectContaining({ line: 2, message: expect.stringMatching(/^YAML refused: .*alias/) })]);
  });

  it('refuses an alias inside the node it names, which would make the value endless, and reads the rest', () => {
    const cases = [
      ['A: &a\n  n: 1\n  self: *a\nB: 2\n', 3, { A: { n: '1', self: null }, B: '2' }],
      ['A: &a\n  <<: *a\n  n: 1\n', 2, { A: { n: '1' } }],
      ['A: &a\n  <<: [*a, { k: v }]\n  n: 1\n', 2, { A: { k: 'v', n: '1' } }],
      ['A: &a [1, *a]\n', 1, { A: ['1'] }],
    ] as const;
    for (const [text, line, value] of cases) {
      const { input, issues } = readYaml('c.yaml', text);
      expect(input.value).toEqual(value);
      expect(issues).toEqual([{ file: 'c.yaml', line, message: 'YAML refused: alias *a is inside the map or list it names', hint: 'write the values out instead' }]);
    }
    expect(readYaml('c.yaml', 'A: &a { x: 1 }\nB: [*a, *a]\n').issues).toEqual([]);
  });

  it('refuses a list or map used as a key at its line, without a warning on stderr', () => {
    const warn = vi.spyOn(process, 'emitWarning');
    const { input, issues } = readYaml('c.yaml', 'A:\n  name: a\n? [x, y]\n: z\nB: { ? { k: v } : w }\n');
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    expect(issues.map((i) => [i.line, i.message])).toEqual([[3, 'YAML: a list is used as a key'], [5, 'YAML: a map is used as a key']]);
    expect(input.value).toEqual({ A: { name: 'a' }, B: {} });
  });

  it('refuses deep nesting at its line, quickly, instead of running out of stack', () => {
    for (const deep of ['[', '{a: ', '- ']) {
      const text = `a: 1\nb: ${deep.repeat(100_000)}x\n`;
      const t0 = Date.now();
      const { input, issues } = readYaml('d.yaml', text);
      expect(Date.now() - t0).toBeLessThan(1000);
      expect(input.value).toBeUndefined();
      expect(issues).toEqual([expect.objectContaining({ line: 2, message: 'YAML: nested more than 64 levels deep' })]);
    }
    // Nesting hidden from the first, character-level pass behind quoted brackets reaches the parser, which reads it
    // or reports running out of stack as an error; it never throws.
    expect(() => readYaml('d.yaml', `a: ${'[ "]", '.repeat(3000)}x${']'.repeat(3000)}\n`)).not.toThrow();
    // Nesting as deep as the limit, and many brackets that do not nest, are read.
    expect(readYaml('d.yaml', `a: ${'['.repeat(64)}x${']'.repeat(64)}\n`).issues).toEqual([]);
    expect(readYaml('d.yaml', `a: [${'"[{", '.repeat(1000)}x]\n`).issues).toEqual([]);
  });

  it('says an unclosed bracket once, not once per token after it', () => {
    const { issues } = readYaml('c.yaml', `a: [${'x, '.repeat(500)}\nb: 2\n`);
    expect(new Set(issues.map((i) => `${i.line} ${i.message}`)).size).toBe(issues.length);
    expect(issues.length).toBeLessThan(5);
  });
});
