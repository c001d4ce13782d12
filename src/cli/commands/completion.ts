// `arledger completion bash|zsh|fish`: a shell completion script generated from the program's own commands.
import type { Command, Option } from 'commander';
import { UsageError } from '../../core/issues.js';
import { COMPLETION_KINDS, completionWords, type CompletionKind } from '../../io/complete.js';
import type { Ctx } from '../context.js';

/**
 * What a value is completed from: ids of the ledger (asked of `arledger __complete KIND`), fixed words, files,
 * directories, or nothing (a date, an amount, free text: offering file names there would only mislead).
 */
export type Completion =
  | { readonly ids: CompletionKind }
  | { readonly words: readonly string[] }
  | 'file'
  | 'dir'
  | 'none';

interface OptionSpec {
  readonly flags: readonly string[];
  readonly description: string;
  readonly takesValue: boolean;
  readonly value: Completion;
}

interface CommandSpec {
  /** Words from the program to this command, e.g. ['customer', 'add']. */
  readonly path: readonly string[];
  readonly description: string;
  readonly options: readonly OptionSpec[];
  readonly subcommands: readonly string[];
  /** What each positional argument is completed from, in order. */
  readonly args: readonly Completion[];
}

/** Option values by long flag; `--profile` of `import` names an import profile, of any other command a bank profile. */
function optionValue(long: string | undefined, path: readonly string[], choices: readonly string[]): Completion {
  if (choices.length > 0) return { words: choices };
  switch (long) {
    case '--customer': return { ids: 'customers' };
    case '--invoice': return { ids: 'invoices' };
    case '--credit': return { ids: 'credits' };
    case '--profile': return { ids: path[0] === 'import' ? 'import-profiles' : 'profiles' };
    case '--fail-over': return { ids: 'buckets' };
    case '--basis': return { words: ['due', 'invoice'] };
    case '--ledger': return 'dir';
    case '--output': return 'file';
    default: return 'none';
  }
}

/** Positional arguments by command: ids where an id is meant, files only where a file is. */
const ARGS: Readonly<Record<string, readonly Completion[]>> = {
  statement: [{ ids: 'customers' }],
  'customer show': [{ ids: 'customers' }],
  'customer set': [{ ids: 'customers' }],
  note: [{ ids: 'customers' }],
  promise: [{ ids: 'customers' }],
  'invoice show': [{ ids: 'invoices' }],
  'invoice render': [{ ids: 'documents' }],
  writeoff: [{ ids: 'documents' }],
  dispute: [{ ids: 'invoices' }],
  void: [{ ids: 'documents' }],
  plan: [{ ids: 'invoices' }],
  reconcile: ['file'],
  import: [{ words: ['invoices', 'payments'] }, 'file'],
  init: ['dir'],
  completion: [{ words: ['bash', 'zsh', 'fish'] }],
};

/** Every command reachable from the program, depth first, with its options (walking `program.commands`). */
export function commandSpecs(program: Command): CommandSpec[] {
  const out: CommandSpec[] = [];
  const walk = (cmd: Command, path: string[]): void => {
    const options = (cmd.options as readonly Option[]).map((o) => ({
      flags: [o.short, o.long].filter((f): f is string => typeof f === 'string'),
      description: o.description,
      takesValue: o.required || o.optional,
      value: optionValue(o.long, path, o.argChoices ?? []),
    }));
    const subs = cmd.commands.filter((c) => !c.name().startsWith('__'));
    const args = ARGS[path.join(' ')] ?? cmd.registeredArguments.map((): Completion => 'none');
    out.push({ path, description: cmd.description(), options, subcommands: subs.map((c) => c.name()), args });
    for (const c of subs) walk(c, [...path, c.name()]);
  };
  walk(program, []);
  return out;
}

const shellWord = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

function bashValue(c: Completion): string {
  if (c === 'file') return 'COMPREPLY=( $(compgen -f -- "$cur") )';
  if (c === 'dir') return 'COMPREPLY=( $(compgen -d -- "$cur") )';
  if (c === 'none') return 'COMPREPLY=()';
  if ('ids' in c) return `_arledger_ids ${c.ids}`;
  return `COMPREPLY=( $(compgen -W ${shellWord(c.words.join(' '))} -- "$cur") )`;
}

export function bashCompletion(specs: readonly CommandSpec[]): string {
  const cases = specs.map((s) => {
    const words = [...s.subcommands, ...s.options.flatMap((o) => o.flags), '--help'];
    const valued = s.options.filter((o) => o.takesValue);
    const valueCases = valued.map((o) => `        ${o.flags.join('|')}) ${bashValue(o.value)}; return ;;`);
    const argCases = s.args.map((a, i) => `        ${i}) ${bashValue(a)} ;;`);
    return [
      `    ${shellWord(s.path.join(' '))})`,
      '      case "$prev" in',
      ...valueCases,
      '      esac',
      `      if [[ "$cur" == -* || -n ${shellWord(s.subcommands.join(' '))} ]]; then COMPREPLY=( $(compgen -W ${shellWord(words.join(' '))} -- "$cur") ); return; fi`,
      `      valued=${shellWord(` ${valued.flatMap((o) => o.flags).join(' ')} `)}`,
      '      _arledger_position',
      '      case "$n" in',
      ...argCases,
      '        *) COMPREPLY=() ;;',
      '      esac ;;',
    ].join('\n');
  });
  const subs = specs.filter((s) => s.subcommands.length > 0)
    .map((s) => `    ${shellWord(s.path.join(' '))}) subs=${shellWord(s.subcommands.join(' '))} ;;`);
  return `# bash completion for arledger; generated by \`arledger completion bash\`
# install: arledger completion bash > /etc/bash_completion.d/arledger   (or: source <(arledger completion bash))
# Ids come from the ledger the command would use: -L/--ledger on the line, else $ARLEDGER_DIR, else the nearest.
_arledger_ids() {
  local ledger="" i w
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    case "$w" in
      -L|--ledger) ledger="\${COMP_WORDS[i+1]}" ;;
      --ledger=*) ledger="\${w#--ledger=}" ;;
    esac
  done
  ledger="\${ledger/#\\~/$HOME}"
  local -a args=(__complete "$1")
  [[ -n "$ledger" ]] && args+=(--ledger "$ledger")
  args+=(-- "$cur")
  local IFS=$'\\n'
  COMPREPLY=( $(arledger "\${args[@]}" 2>/dev/null) )
  [[ "$1" == buckets ]] && compopt -o nospace 2>/dev/null
  return 0
}
# n: how many positional arguments of the command come before the word being completed: the words that are
# neither options nor their values, less the command path's own.
_arledger_position() {
  local j w skip=0 depth
  read -ra depth <<< "$path"
  n=$((-\${#depth[@]}))
  for ((j = 1; j < COMP_CWORD; j++)); do
    w="\${COMP_WORDS[j]}"
    if ((skip)); then skip=0; continue; fi
    case "$w" in
      --*=*) ;;
      -L|--ledger|--wait) skip=1 ;;
      -*) [[ "$valued" == *" $w "* ]] && skip=1 ;;
      *) n=$((n + 1)) ;;
    esac
  done
}
_arledger() {
  local cur prev path="" subs w i n valued
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  # The command path is the leading words that name (sub)commands; -L DIR and --wait N may come before them.
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    case "$w" in
      -L|--ledger|--wait) i=$((i + 1)); continue ;;
      -*) continue ;;
    esac
    subs=""
    case "$path" in
${subs.join('\n')}
    esac
    case " $subs " in
      *" $w "*) path="\${path:+$path }$w" ;;
      *) break ;;
    esac
  done
  case "$path" in
${cases.join('\n')}
  esac
}
complete -F _arledger arledger
`;
}

const zshQuote = (s: string): string => s.replace(/'/g, `'\\''`).replace(/[[\]:]/g, '\\$&');

function zshValue(c: Completion): string {
  if (c === 'file') return '_files';
  if (c === 'dir') return '_files -/';
  if (c === 'none') return ' ';
  if ('ids' in c) return `_arledger_ids ${c.ids}`;
  return `(${c.words.join(' ')})`;
}

export function zshCompletion(specs: readonly CommandSpec[]): string {
  const fn = (path: readonly string[]): string => `_arledger${path.map((p) => `_${p.replace(/[^A-Za-z0-9]/g, '_')}`).join('')}`;
  const bodies = specs.map((s) => {
    const opts = s.options.flatMap((o) => o.flags.map((f) => {
      const value = o.takesValue ? `:value:${zshValue(o.value)}` : '';
      return `    '${f}[${zshQuote(o.description)}]${value}'`;
    }));
    const lines = [`${fn(s.path)}() {`];
    if (s.subcommands.length > 0) {
      const sub = specs.filter((c) => c.path.length === s.path.length + 1 && c.path.slice(0, -1).join(' ') === s.path.join(' '));
      if (s.path.length === 0) lines.push('  _arledger_top_words=("${words[@]}")');
      lines.push('  local -a cmds', `  cmds=(${sub.map((c) => `'${zshQuote(c.path.at(-1)!)}:${c.description.replace(/'/g, `'\\''`).replace(/:/g, '\\:')}'`).join(' ')})`);
      lines.push("  _arguments -C -A '-*' \\", ...opts.map((o) => `${o} \\`), "    '1: :->cmd' '*:: :->args'");
      lines.push('  case $state in', "    cmd) _describe 'command' cmds ;;", '    args)', '      case $words[1] in');
      for (const c of sub) lines.push(`        ${c.path.at(-1)}) ${fn(c.path)} ;;`);
      lines.push('      esac ;;', '  esac');
    } else {
      const args = s.args.map((a, i) => `    '${i + 1}:arg:${zshValue(a)}'`);
      const all = [...opts, ...args];
      lines.push(`  _arguments${all.length > 0 ? ' \\' : ''}`, ...all.map((o, i) => `${o}${i < all.length - 1 ? ' \\' : ''}`));
    }
    lines.push('}');
    return lines.join('\n');
  });
  return `#compdef arledger
# zsh completion for arledger; generated by \`arledger completion zsh\`
# install: arledger completion zsh > "\${fpath[1]}/_arledger"
# Ids come from the ledger the command would use: -L/--ledger on the line, else $ARLEDGER_DIR, else the nearest.
typeset -ga _arledger_top_words
# _arguments calls an action with its compadd options first: the kind of id is the last word.
_arledger_ids() {
  local kind="\${@[-1]}" ledger="" i
  local -a seen opts
  opts=("\${@[1,-2]}")
  seen=("\${_arledger_top_words[@]}" "\${words[@]}")
  for ((i = 1; i < \${#seen}; i++)); do
    case "\${seen[i]}" in
      -L|--ledger) ledger="\${seen[i+1]}" ;;
      --ledger=*) ledger="\${seen[i]#--ledger=}" ;;
    esac
  done
  ledger="\${~ledger}"
  local -a found args
  args=(__complete "$kind")
  [[ -n "$ledger" ]] && args+=(--ledger "$ledger")
  found=(\${(f)"$(arledger "\${args[@]}" -- "$PREFIX" 2>/dev/null)"})
  if [[ "$kind" == buckets ]]; then compadd "\${opts[@]}" -S '' -a found; else compadd "\${opts[@]}" -a found; fi
}

${bodies.join('\n\n')}

if [[ $zsh_eval_context[-1] == loadautoload ]]; then
  _arledger "$@"
else
  compdef _arledger arledger
fi
`;
}

const fishQuote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function fishValue(c: Completion): string {
  if (c === 'file') return ' -r -F';
  if (c === 'dir') return ` -x -a ${fishQuote('(__fish_complete_directories)')}`;
  if (c === 'none') return ' -x';
  if ('ids' in c) return ` -x -a ${fishQuote(`(__arledger_ids ${c.ids})`)}`;
  return ` -x -a ${fishQuote(c.words.join(' '))}`;
}

export function fishCompletion(specs: readonly CommandSpec[]): string {
  const lines = ['# fish completion for arledger; generated by `arledger completion fish`',
    '# install: arledger completion fish > ~/.config/fish/completions/arledger.fish',
    '# Ids come from the ledger the command would use: -L/--ledger on the line, else $ARLEDGER_DIR, else the nearest.',
    'function __arledger_ids',
    '    set -l tokens (commandline -opc)',
    '    set -l ledger',
    '    for i in (seq (count $tokens))',
    '        if contains -- $tokens[$i] -L --ledger; and test $i -lt (count $tokens)',
    '            set ledger $tokens[(math $i + 1)]',
    '        else if string match -q -- "--ledger=*" $tokens[$i]',
    '            set ledger (string replace -- "--ledger=" "" $tokens[$i])',
    '        end',
    '    end',
    '    set -l cur (commandline -ct)',
    '    if test -n "$ledger"',
    '        arledger __complete $argv[1] --ledger $ledger -- $cur 2>/dev/null',
    '    else',
    '        arledger __complete $argv[1] -- $cur 2>/dev/null',
    '    end',
    'end',
    '# How many positional arguments the command at PATH has before the word being completed.',
    'function __arledger_nargs',
    '    set -l tokens (commandline -opc)',
    '    set -l depth $argv[1]',
    '    set -l valued $argv[2..-1]',
    '    set -l n 0',
    '    set -l skip 0',
    '    set -l words 0',
    '    for t in $tokens[2..-1]',
    '        if test $skip -eq 1; set skip 0; continue; end',
    '        switch $t',
    '            case "--*=*"',
    '            case "-L" "--ledger" "--wait"',
    '                set skip 1',
    '            case "-*"',
    '                contains -- $t $valued; and set skip 1',
    '            case "*"',
    '                set words (math $words + 1)',
    '                test $words -gt $depth; and set n (math $n + 1)',
    '        end',
    '    end',
    '    echo $n',
    'end',
    'complete -c arledger -f'];
  for (const s of specs) {
    // A (sub)command's words are offered once its parent's path has been typed and none of its siblings yet.
    const cond = (path: readonly string[], siblings: readonly string[], extra: string[] = []): string => {
      const parts = path.map((p) => `__fish_seen_subcommand_from ${p}`);
      if (siblings.length > 0) parts.push(`not __fish_seen_subcommand_from ${siblings.join(' ')}`);
      parts.push(...extra);
      return parts.length > 0 ? ` -n ${fishQuote(parts.join('; and '))}` : '';
    };
    for (const c of specs.filter((x) => x.path.length === s.path.length + 1 && x.path.slice(0, -1).join(' ') === s.path.join(' '))) {
      lines.push(`complete -c arledger${cond(s.path, s.subcommands)} -a ${fishQuote(c.path.at(-1)!)} -d ${fishQuote(c.description)}`);
    }
    for (const o of s.options) {
      const flags = o.flags.map((f) => (f.startsWith('--') ? `-l ${f.slice(2)}` : `-s ${f.slice(1)}`)).join(' ');
      lines.push(`complete -c arledger${cond(s.path, s.subcommands)} ${flags}${o.takesValue ? fishValue(o.value) : ''} -d ${fishQuote(o.description)}`);
    }
    const valued = s.options.filter((o) => o.takesValue).flatMap((o) => o.flags).join(' ');
    s.args.forEach((a, i) => {
      if (a === 'none') return;
      const at = `test (__arledger_nargs ${s.path.length}${valued ? ` ${valued}` : ''}) -eq ${i}`;
      const value = a === 'file' ? ' -F' : a === 'dir' ? ` -a ${fishQuote('(__fish_complete_directories)')}` : 'ids' in a ? ` -a ${fishQuote(`(__arledger_ids ${a.ids})`)}` : ` -a ${fishQuote(a.words.join(' '))}`;
      lines.push(`complete -c arledger${cond(s.path, s.subcommands, [at])}${value}`);
    });
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `arledger __complete KIND [--ledger DIR] [-- PREFIX]`: the words a completion script offers, one per line. The
 * shell calls it at every Tab, so it reads only what it needs and, whatever happens, prints nothing rather than fail.
 */
export function completeWords(ctx: Ctx, args: readonly string[]): void {
  try {
    const kind = args[0] as CompletionKind;
    if (!(COMPLETION_KINDS as readonly string[]).includes(kind)) return;
    let ledger: string | undefined;
    let prefix = '';
    for (let i = 1; i < args.length; i++) {
      const a = args[i]!;
      if (a === '-L' || a === '--ledger') ledger = args[++i];
      else if (a.startsWith('--ledger=')) ledger = a.slice('--ledger='.length);
      else if (a === '--') prefix = args[i + 1] ?? '';
    }
    const words = completionWords(kind, ledger || undefined, ctx.env['ARLEDGER_DIR'] || undefined, ctx.cwd, prefix);
    if (words.length > 0) ctx.stdout.write(`${words.join('\n')}\n`);
  } catch {
    // Nothing to offer.
  }
}

export function register(program: Command, ctx: Ctx): void {
  program.command('completion')
    .description('print a shell completion script for bash, zsh or fish')
    .argument('<shell>', 'bash, zsh or fish')
    .addHelpText('after', '\nExamples:\n  source <(arledger completion bash)\n  arledger completion zsh > "${fpath[1]}/_arledger"\n  arledger completion fish > ~/.config/fish/completions/arledger.fish\n')
    .action((shell: string) => {
      // The program is walked when the command runs, so every command registered after this one is included.
      const specs = commandSpecs(program);
      switch (shell) {
        case 'bash': ctx.stdout.write(bashCompletion(specs)); break;
        case 'zsh': ctx.stdout.write(zshCompletion(specs)); break;
        case 'fish': ctx.stdout.write(fishCompletion(specs)); break;
        default: throw new UsageError(`shell ${JSON.stringify(shell)} is not supported — write bash, zsh or fish`);
      }
    });
}
