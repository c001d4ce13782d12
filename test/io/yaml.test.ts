import { describe, expect, it } from 'vitest';
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
});
