// src/core is pure (STYLE.md): no file system, process, clock, console, colour, YAML or CSV. Imports go cli → io → core.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = path.resolve(__dirname, '..', '..', 'src', 'core');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
}

const FORBIDDEN: [RegExp, string][] = [
  [/from\s+['"](node:[^'"]+|fs|path|os|child_process|process)['"]/, 'imports a Node module'],
  [/from\s+['"](chalk|cli-table3|yaml|csv-parse[^'"]*|csv-stringify[^'"]*|nodemailer|commander)['"]/, 'imports an I/O or terminal library'],
  [/from\s+['"]\.\.?\/(\.\.\/)*(io|cli)\//, 'imports from io/ or cli/ (imports go cli → io → core)'],
  [/\bprocess\.|\bconsole\.|\bDate\.now\(|new Date\(|\brequire\(/, 'uses the process, the console or the clock'],
];

describe('src/core is pure', () => {
  const all = files(CORE);
  it('finds the core modules', () => {
    expect(all.map((f) => path.relative(CORE, f))).toEqual(expect.arrayContaining(['money.ts', 'date.ts', 'ledger.ts', 'reports/aging.ts']));
  });
  it('no core module imports or touches anything impure', () => {
    const found: string[] = [];
    for (const f of all) {
      // Comments may mention what the code must not do.
      const code = fs.readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
      for (const [re, what] of FORBIDDEN) if (re.test(code)) found.push(`${path.relative(CORE, f)} ${what}: ${re.exec(code)![0]}`);
    }
    expect(found).toEqual([]);
  });
});
