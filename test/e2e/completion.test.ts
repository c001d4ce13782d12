// `completion`: scripts generated from the program's own commands; the bash one is sourced and exercised.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const has = (cmd: string): boolean => spawnSync(cmd, ['--version'], { encoding: 'utf8' }).status === 0;

function scriptFile(shell: string): string {
  const r = runCli(['completion', shell]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const file = path.join(tempDir(), `arledger.${shell}`);
  fs.writeFileSync(file, r.stdout);
  return file;
}

/** What bash offers after the words typed so far (the last word is the one being completed). */
function bashComplete(file: string, words: string[]): string[] {
  const script = `source ${JSON.stringify(file)}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}
_arledger; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter((l) => l !== '');
}

describe('arledger completion', () => {
  it('bash: sourcing registers the completion, which offers commands, subcommands, options and choices', () => {
    const file = scriptFile('bash');
    const r = spawnSync('bash', ['-c', `source ${JSON.stringify(file)} && complete -p arledger`], { encoding: 'utf8' });
    expect(r.stdout).toBe('complete -o default -F _arledger arledger\n');
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
    for (const line of text.trim().split('\n')) expect(line).toMatch(/^(#|complete -c arledger )/);
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
