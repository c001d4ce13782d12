// Start-up: bin/arledger.js runs the bundle, whose chunks are split so that a command loads only the code it uses
// (a small ledger's report should answer in about the time Node itself needs to start).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyLedger, ROOT, spawnCli } from '../helpers/cli.js';

const BUNDLE = path.join(ROOT, 'dist', 'bundle');

/** The text of a chunk and of every chunk it imports statically: what loading it costs before it runs. */
function staticClosure(file: string): string {
  const seen = new Set<string>();
  const texts: string[] = [];
  const visit = (f: string): void => {
    if (seen.has(f)) return;
    seen.add(f);
    const text = fs.readFileSync(f, 'utf8');
    texts.push(text);
    for (const m of text.matchAll(/(?:from|import)\s*"(\.\.?\/[^"]+\.js)"/g)) visit(path.resolve(path.dirname(f), m[1]!));
  };
  visit(file);
  return texts.join('\n');
}

/** The chunk that `main.js` imports on demand for a command. */
function commandChunk(name: string): string {
  const main = fs.readFileSync(path.join(BUNDLE, 'main.js'), 'utf8');
  const m = main.match(new RegExp(`import\\("\\./(chunks/${name}-[A-Z0-9]+\\.js)"\\)`));
  expect(m, `no chunk for ${name} in dist/bundle/main.js; run \`npm run build\``).not.toBeNull();
  return path.join(BUNDLE, m![1]!);
}

// Strings that only the named library's code contains.
const YAML = 'YAMLParseError';
const NODEMAILER = 'MailComposer';
const XML = 'XMLParser';
const CLI_TABLE = 'cli-table3';

describe('start-up', () => {
  it('prints the version built into the bundle, which is package.json\'s', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const r = spawnCli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${pkg.version}\n`);
    }
    expect(fs.readFileSync(path.join(ROOT, 'bin', 'arledger.js'), 'utf8')).toContain('dist/bundle/main.js');
  });

  it('loads no ledger code, YAML, table or mail library before a command is chosen', () => {
    const main = staticClosure(path.join(BUNDLE, 'main.js'));
    for (const lib of [YAML, NODEMAILER, XML, CLI_TABLE]) expect(main, lib).not.toContain(lib);
  });

  it('loads mail and bank-statement code only for the commands that use them', () => {
    for (const name of ['aging', 'check', 'invoice', 'dunning', 'statement', 'customer']) {
      const code = staticClosure(commandChunk(name));
      expect(code, `${name} loads nodemailer`).not.toContain(NODEMAILER);
      expect(code, `${name} loads the XML parser`).not.toContain(XML);
    }
  });

  it('loads no PDF, font, YAML or CSV-parser library for a report on well-formed books', () => {
    const demo = copyLedger(path.join(ROOT, 'ledgers', 'demo'));
    const reports = [['aging', '--as-of', '2026-11-30'], ['check'], ['invoice', 'list'], ['dunning', '--dry-run'], ['statement', 'MUELLER'], ['kpi']];
    for (const args of reports) {
      // Node names every ES module it translates and every file it requires.
      const r = spawnCli([...args, '-L', demo], { env: { NODE_DEBUG: 'esm,module' } });
      expect(r.code, `${args[0]}: ${r.stderr.slice(-500)}`).toBe(0);
      // The program built for the command alone, not the whole one.
      expect(r.stderr).toMatch(new RegExp(`Translating StandardModule \\S*/dist/bundle/command/${args[0]}/main\\.js`));
      expect(r.stderr).not.toMatch(/Translating StandardModule \S*\/dist\/bundle\/main\.js/);
      for (const lib of ['pdfkit', 'fontkit', 'node_modules/yaml/', 'csv-parse', 'nodemailer', 'cli-table3']) {
        expect(r.stderr.includes(lib), `${args.join(' ')} loads ${lib}`).toBe(false);
      }
      // The bundle's chunks are named by hash: what they hold tells which library came with them.
      const code = [...r.stderr.matchAll(/Translating StandardModule (file:\S+)/g)].map((m) => fs.readFileSync(new URL(m[1]!), 'utf8')).join('\n');
      for (const lib of ['XMLBuilder', XML, 'PDFKit', NODEMAILER]) expect(code.includes(lib), `${args.join(' ')} loads ${lib}`).toBe(false);
    }
  });

  it('loads the YAML and CSV libraries when the books need them, and reads them the same', () => {
    const demo = copyLedger(path.join(ROOT, 'ledgers', 'demo'));
    const before = spawnCli(['aging', '-L', demo, '--format', 'json']);
    expect(before.code).toBe(0);
    // An anchor and a quoted field never closed: what the fast readers leave to the libraries.
    fs.appendFileSync(path.join(demo, 'customers.yaml'), 'ZED: &zed\n  name: "Zed, Inc."\n  currency: EUR\n  terms: net30\n');
    const after = spawnCli(['aging', '-L', demo, '--format', 'json', '--customer', 'ZED'], { env: { NODE_DEBUG: 'module' } });
    expect(after.code, after.stderr.slice(-500)).toBe(0);
    expect(after.stderr).toContain('node_modules/yaml/');
    fs.appendFileSync(path.join(demo, 'notes.csv'), '2026-11-29,ZED,,note,"never closed\n');
    const broken = spawnCli(['check', '-L', demo]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/^notes\.csv:\d+: a quoted field is never closed/m);
    expect(broken.stderr).not.toMatch(/\n\s+at /);
  });

  it('answers a named command from its own program as the whole program does, and everything else from the whole', () => {
    const demo = copyLedger(path.join(ROOT, 'ledgers', 'demo'));
    const whole = (args: string[]): { code: number | null; stdout: string; stderr: string } => {
      const r = spawnSync(process.execPath, [path.join(BUNDLE, 'main.js'), ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ARLEDGER_TODAY: '2026-11-30' } });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    for (const args of [['aging', '--format', 'json'], ['-L', demo, 'invoice', 'list'], ['dunning', '--dry-run', '--format', 'json'], ['aging', '--as-of', 'soon'], ['invoice', 'lst'], ['kpi', '--help']]) {
      const line = args.includes('-L') ? args : [...args, '-L', demo];
      const own = spawnCli(line);
      const all = whole(line);
      expect({ code: own.code, stdout: own.stdout, stderr: own.stderr }, line.join(' ')).toEqual(all);
    }
    for (const args of [['--help'], ['agin'], ['completion', 'bash']]) {
      const r = spawnCli(args, { env: { NODE_DEBUG: 'esm' } });
      expect(r.stderr, args.join(' ')).toMatch(/Translating StandardModule \S*\/dist\/bundle\/main\.js/);
    }
  });

  it('still answers unknown commands and bad options with exit 2 from the bundle', () => {
    const r = spawnCli(['agin']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('(Did you mean aging?)');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
