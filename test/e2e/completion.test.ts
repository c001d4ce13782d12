// `completion`: scripts generated from the program's own commands; the bash one is sourced and exercised.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli, tempDir, tempLedger } from '../helpers/cli.js';

const has = (cmd: string): boolean => spawnSync(cmd, ['--version'], { encoding: 'utf8' }).status === 0;

function scriptFile(shell: string): string {
  const r = runCli(['completion', shell]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const file = path.join(tempDir(), `arledger.${shell}`);
  fs.writeFileSync(file, r.stdout);
  return file;
}

/** `arledger` on PATH, as an installed one would be, running the built CLI. */
const PATH_DIR = (() => {
  const dir = tempDir('arledger-bin-');
  fs.writeFileSync(path.join(dir, 'arledger'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`, { mode: 0o755 });
  return dir;
})();

function shellEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { ...process.env as Record<string, string>, PATH: `${PATH_DIR}:${process.env['PATH']}`, ...extra };
  if (extra['ARLEDGER_DIR'] === undefined) delete env['ARLEDGER_DIR'];
  return env;
}

/** What bash offers after the words typed so far (the last word is the one being completed). */
function bashComplete(file: string, words: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): string[] {
  const script = `source ${JSON.stringify(file)}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}
_arledger; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', cwd: opts.cwd, env: shellEnv(opts.env) });
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter((l) => l !== '');
}

describe('arledger completion', () => {
  it('bash: sourcing registers the completion, which offers commands, subcommands, options and choices', () => {
    const file = scriptFile('bash');
    const r = spawnSync('bash', ['-c', `source ${JSON.stringify(file)} && complete -p arledger`], { encoding: 'utf8' });
    // No fallback to file names: files are offered only where a file is meant.
    expect(r.stdout).toBe('complete -F _arledger arledger\n');
    expect(r.status).toBe(0);
    const top = bashComplete(file, ['arledger', '']);
    for (const c of ['aging', 'behavior', 'kpi', 'close', 'export', 'import', 'completion', 'check']) expect(top).toContain(c);
    expect(bashComplete(file, ['arledger', 'be'])).toEqual(['behavior']);
    expect(bashComplete(file, ['arledger', 'kpi', '--p'])).toEqual(['--period']);
    expect(bashComplete(file, ['arledger', 'kpi', '--period', ''])).toEqual(['month', 'quarter']);
    expect(bashComplete(file, ['arledger', 'export', '--format', 'b'])).toEqual(['beancount']);
    expect(bashComplete(file, ['arledger', 'behavior', '-L', '.', '--d'])).toEqual(['--detail']);
  });

  it('bash: walks nested commands', () => {
    const file = scriptFile('bash');
    const sub = bashComplete(file, ['arledger', 'customer', '']);
    expect(sub).toEqual(expect.arrayContaining(['add', 'list', 'show']));
  });

  it('zsh: a #compdef script with a function per command', () => {
    const file = scriptFile('zsh');
    const text = fs.readFileSync(file, 'utf8');
    expect(text.startsWith('#compdef arledger\n')).toBe(true);
    expect(text).toContain("_arledger_kpi() {");
    expect(text).toContain("'--period[period length]:value:(month quarter)'");
    expect(text).toContain('        kpi) _arledger_kpi ;;');
    expect(process.env['CI'] && !has('zsh') ? 'zsh missing in CI' : null).toBeNull();
    if (has('zsh')) {
      const r = spawnSync('zsh', ['-n', file], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      // Sourced after compinit, it registers itself for arledger.
      const reg = spawnSync('zsh', ['-c', `autoload -U compinit; compinit -u -d ${JSON.stringify(path.join(tempDir(), 'zcompdump'))}; source ${JSON.stringify(file)}; print \${_comps[arledger]}`], { encoding: 'utf8' });
      expect(reg.stdout).toBe('_arledger\n');
    }
  });

  it('fish: one complete line per command and option', () => {
    const file = scriptFile('fish');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain("complete -c arledger -n '__fish_seen_subcommand_from kpi' -l period -x -a 'month quarter' -d 'period length'\n");
    expect(text).toMatch(/complete -c arledger -n 'not __fish_seen_subcommand_from [^']*' -a 'behavior' -d 'payment behaviour per customer/);
    // Two helper functions (the ledger's ids, the argument position), then only complete lines.
    for (const line of text.trim().split('\n')) expect(line).toMatch(/^(#|complete -c arledger |function __arledger_(ids|nargs)$|end$| {4})/);
    expect(process.env['CI'] && !has('fish') ? 'fish missing in CI' : null).toBeNull();
    if (has('fish')) {
      const r = spawnSync('fish', ['--no-execute', file], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const complete = (line: string): string[] => spawnSync('fish', ['--no-config', '-c', `source ${file}; complete -C${JSON.stringify(line)}`], { encoding: 'utf8' })
        .stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t')[0]!);
      expect(complete('arledger kpi --period ')).toEqual(['month', 'quarter']);
      expect(complete('arledger be')).toEqual(['behavior']);
      expect(complete('arledger customer ')).toEqual(expect.arrayContaining(['add', 'list', 'show']));
    }
  });

  it('refuses another shell with exit 2', () => {
    const r = runCli(['completion', 'tcsh']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('arledger: shell "tcsh" is not supported — write bash, zsh or fish\n');
    expect(runCli(['completion']).code).toBe(2);
  });
});

const DEMO = path.join(ROOT, 'ledgers', 'demo');
const CUSTOMERS = ['CASCADE', 'DUPONT', 'GREENFIELD', 'HAAS', 'HARBOR', 'KLEINBACH', 'KOWALSKI', 'LEHTINEN', 'MUELLER', 'NORDLICHT', 'OLIVEIRA', 'ROSSI', 'SAKURA', 'TANAKA', 'VANDAM'];
const INV_009X = Array.from({ length: 10 }, (_, i) => `INV-2026-0009${i}`);

/**
 * The same questions to every shell: [words typed, what the cursor word is, where and with which environment, the
 * candidates expected]. The ledger is found as the command would find it: -L on the line (before or after the
 * command), else $ARLEDGER_DIR, else the directory or one above it.
 */
const nested = path.join(DEMO, 'statements');
const CASES: { line: string; cwd?: string; env?: Record<string, string>; want: string[] | ((got: string[]) => void) }[] = [
  { line: `arledger statement -L ${DEMO} `, want: CUSTOMERS },
  { line: `arledger -L ${DEMO} statement M`, want: ['MUELLER'] },
  { line: `arledger customer show --ledger ${DEMO} K`, want: ['KLEINBACH', 'KOWALSKI'] },
  { line: 'arledger aging --customer T', env: { ARLEDGER_DIR: DEMO }, want: ['TANAKA'] },
  { line: 'arledger invoice show INV-2026-0009', cwd: nested, want: INV_009X },
  { line: 'arledger dispute INV-2026-0009', cwd: DEMO, want: INV_009X },
  { line: 'arledger apply --credit CN-2026-000', cwd: DEMO, want: Array.from({ length: 9 }, (_, i) => `CN-2026-000${i + 1}`) },
  { line: 'arledger writeoff RF', cwd: DEMO, want: ['RF-2026-0001'] },
  { line: 'arledger apply --customer ROSSI --invoice DN', cwd: DEMO, want: ['DN-2026-0001', 'DN-2026-0002', 'DN-2026-0003'] },
  { line: 'arledger reconcile --profile ', cwd: DEMO, want: ['hanseatic'] },
  { line: 'arledger aging --fail-over ', cwd: DEMO, want: ['1-30=', '31-60=', '61-90=', '91+=', 'current='] },
  { line: 'arledger aging --format ', cwd: DEMO, want: ['csv', 'html', 'json', 'table', 'xlsx'] },
  { line: 'arledger aging --basis ', cwd: DEMO, want: ['due', 'invoice'] },
  { line: 'arledger export --format ', cwd: DEMO, want: ['beancount', 'csv', 'hledger', 'json'] },
  // Values that are dates, amounts or text: nothing, and certainly not file names.
  { line: 'arledger aging --as-of ', cwd: DEMO, want: [] },
  { line: 'arledger apply --customer ROSSI --amount ', cwd: DEMO, want: [] },
  // Files only where a file is meant.
  { line: 'arledger reconcile ', cwd: DEMO, want: (got) => expect(got.map((g) => g.replace(/\/$/, ''))).toEqual(expect.arrayContaining(['customers.yaml', 'statements'])) },
  { line: 'arledger import payments ', cwd: DEMO, want: (got) => expect(got).toEqual(expect.arrayContaining(['invoices.csv'])) },
  { line: 'arledger import ', cwd: DEMO, want: ['invoices', 'payments'] },
  // No ledger anywhere: nothing, quietly.
  { line: 'arledger statement ', cwd: '/', want: [] },
];

function check(got: string[], want: string[] | ((got: string[]) => void)): void {
  if (typeof want === 'function') want(got);
  else expect([...got].sort()).toEqual([...want].sort());
}

describe('completion of ids, profiles, buckets and formats from the ledger', () => {
  it('bash', () => {
    const file = scriptFile('bash');
    for (const c of CASES) {
      const words = c.line.split(' ');
      check(bashComplete(file, words, c), c.want);
    }
  });

  it('zsh', () => {
    if (!has('zsh')) return void expect(process.env['CI'] ? 'zsh missing in CI' : null).toBeNull();
    const file = scriptFile('zsh');
    for (const c of CASES) {
      const r = spawnSync('zsh', [path.join(ROOT, 'test', 'helpers', 'zsh-complete.zsh'), file, c.line], { encoding: 'utf8', cwd: c.cwd ?? '/', env: shellEnv(c.env), timeout: 30_000 });
      expect(r.stderr).toBe('');
      // zsh adds a slash to directories it offers.
      check(r.stdout.split('\n').filter((l) => l !== ''), c.want);
    }
  }, 120_000);

  it('fish', () => {
    if (!has('fish')) return void expect(process.env['CI'] ? 'fish missing in CI' : null).toBeNull();
    const file = scriptFile('fish');
    for (const c of CASES) {
      const r = spawnSync('fish', ['--no-config', '-c', `source ${file}; complete -C${JSON.stringify(c.line)}`], { encoding: 'utf8', cwd: c.cwd ?? '/', env: shellEnv(c.env) });
      expect(r.stderr).toBe('');
      check(r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t')[0]!), c.want);
    }
  }, 60_000);
});

describe('arledger __complete', () => {
  it('prints one id per line from the ledger the command would use, filtered by the prefix after --', () => {
    expect(runCli(['__complete', 'customers', '-L', DEMO, '--', 'K']).stdout).toBe('KLEINBACH\nKOWALSKI\n');
    expect(runCli(['__complete', 'customers'], { cwd: nested }).stdout.split('\n')).toHaveLength(CUSTOMERS.length + 1);
    expect(runCli(['__complete', 'buckets'], { env: { ARLEDGER_DIR: DEMO } }).stdout).toBe('1-30=\n31-60=\n61-90=\n91+=\ncurrent=\n');
  });

  it('never fails loudly: no ledger, an unknown kind, broken files give nothing and exit 0', () => {
    const broken = tempLedger({ 'ledger.yaml': 'version: [1\n  aging: {', 'customers.yaml': ': : :\n"x\n', 'invoices.csv': '\u0000\u0001garbage\nINV 1,x\n"q,"\n' });
    for (const args of [['__complete', 'customers'], ['__complete', 'nothing', '-L', DEMO], ['__complete'], ['__complete', 'profiles', '-L', broken],
      ['__complete', 'buckets', '-L', broken], ['__complete', 'invoices', '-L', broken], ['__complete', 'customers', '-L', broken], ['__complete', 'customers', '-L']]) {
      const r = runCli(args, { cwd: '/' });
      expect(r).toMatchObject({ stderr: '', code: 0 });
    }
    expect(runCli(['__complete', 'buckets', '-L', broken]).stdout).toBe('1-30=\n31-60=\n61-90=\n91+=\ncurrent=\n');
  });

  it('is not offered as a command', () => {
    expect(runCli(['completion', 'bash']).stdout).not.toContain('__complete\'');
    expect(runCli(['--help']).stdout).not.toContain('__complete');
  });
});
