// The arledger program: registers one module per command and maps every error to an exit code, in one place.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { DataError, RefusedError, UsageError, formatIssue } from '../core/issues.js';
import { escapeControl } from '../core/escape.js';
import { systemCtx, type Ctx } from './context.js';
import { EXIT, ExitError } from './errors.js';
import { COMMANDS } from './commands/index.js';
import { setTableLayout } from './render/layout.js';

// The test suite runs most commands in-process, through main() with a context like the one a real start builds.
export { systemCtx };


declare const __ARLEDGER_VERSION__: string | undefined;

/**
 * The bundle has the version built in; only the plain tsc output, which tests import, reads package.json. (Kept
 * here rather than imported from io, so that `--version` loads no chunk of the ledger code.)
 */
function version(): string {
  if (typeof __ARLEDGER_VERSION__ === 'string') return __ARLEDGER_VERSION__;
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/**
 * The program with the commands `argv` needs: the one it names, or every command for help, completion and
 * unknown names (so that commander can list or suggest them).
 */
export async function buildProgram(ctx: Ctx, argv: readonly string[] = [], errCtx: Ctx = ctx): Promise<Command> {
  const program = new Command('arledger')
    .description('accounts receivable over a plain-text ledger: invoices, payments, aging, dunning, reconciliation')
    .version(version())
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => errCtx.stderr.write(s),
      outputError: (s, write) => write(`arledger: ${s.replace(/^error: /, '').replace(/[^\n]+/g, escapeControl)}`),
    })
    .addHelpText('after', '\nExamples:\n  arledger init books && cd books\n  arledger customer add ACME --name "Acme Corporation" --currency EUR\n  arledger invoice add --customer ACME --line "Consulting;10;120.00;20"\n  arledger apply --customer ACME --amount 1440.00\n  arledger aging --detail\n\nExit codes: 0 ok, 1 findings, 2 usage error, 3 data error (nothing written), 4 ledger locked, 5 I/O failure (nothing written).\n');
  withGlobalOptions(program);
  const first = commandName(argv);
  const named = COMMANDS.filter((c) => c.name === first);
  // `--version` alone needs no command at all; only help, completion and unknown names need every one.
  const versionOnly = first === undefined && argv.some((a) => a === '-V' || a === '--version');
  const wanted = versionOnly ? [] : named.length > 0 && first !== 'completion' ? named : COMMANDS;
  for (const mod of await Promise.all(wanted.map((c) => c.load()))) mod.register(program, ctx);
  return program;
}

/** Options that take a value and may come before the command name (`arledger -L books aging`). */
const GLOBAL_WITH_VALUE = new Set(['-L', '--ledger', '--wait']);

/** The first word of argv that is not an option or the value of a global option. */
function commandName(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (GLOBAL_WITH_VALUE.has(a)) i++;
    else if (!a.startsWith('-')) return a;
  }
  return undefined;
}

/**
 * `-L/--ledger` and `--wait` before the command name belong to the program; every command reads its own options,
 * so the program hands them down, and a command that names them itself must agree.
 */
function withGlobalOptions(program: Command): void {
  program
    .enablePositionalOptions()
    .option('-L, --ledger <dir>', 'the ledger directory, for any command (default: $ARLEDGER_DIR, else the nearest one above)')
    .option('--wait <seconds>', 'for a command that writes: how long to wait for another command holding the ledger lock')
    .option('--no-cache', 'read every journal whole: neither use nor save the reading cache in .arledger/')
    .option('--plain', 'numbers in tables without thousands separators (also: NO_THOUSANDS=1); anywhere on the line')
    .option('--quiet', 'no progress, notes or warnings on stderr, only errors; anywhere on the line')
    .hook('preAction', (root, action) => {
      if (root.getOptionValue('cache') === false && action !== root) action.setOptionValueWithSource('cache', false, 'cli');
      for (const key of ['ledger', 'wait']) {
        const global = root.getOptionValue(key) as string | undefined;
        if (global === undefined || action === root) continue;
        const local = action.getOptionValue(key) as string | undefined;
        if (action.getOptionValueSource(key) === 'cli' && local !== global) {
          throw new UsageError(`--${key} is given twice, ${JSON.stringify(global)} before the command and ${JSON.stringify(local)} after it — give it once`);
        }
        action.setOptionValueWithSource(key, global, 'cli');
      }
    });
}

/** Runs the CLI and returns the exit code; nothing below this function exits the process. */
export async function main(argv: readonly string[], ctx: Ctx): Promise<number> {
  try {
    // Shell completion asks at every Tab: answered before anything else is loaded, and never with an error.
    if (argv[0] === '__complete') {
      (await import('./commands/completion.js')).completeWords(ctx, argv.slice(1));
      return EXIT.ok;
    }
    void ctx.today; // an unusable ARLEDGER_TODAY is refused before any command runs
    const { args, quiet, plain } = terminalOptions(argv);
    setTableLayout({ width: terminalWidth(ctx), thousands: !plain && !ctx.env['NO_THOUSANDS'] });
    // Quiet keeps errors: commander's and report()'s go to the real stderr; the commands' notes go nowhere.
    const runCtx: Ctx = quiet ? { ...ctx, today: ctx.today, stderr: { write: () => undefined, isTTY: false } } : ctx;
    const program = await buildProgram(runCtx, args, ctx);
    await program.parseAsync(args as string[], { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    return await report(e, ctx, commandName(argv));
  }
}

/**
 * `--plain` and `--quiet` change how anything is shown, not what a command does, so they are taken from anywhere
 * before a `--`, for every command, and removed before commander reads the line.
 */
function terminalOptions(argv: readonly string[]): { args: string[]; quiet: boolean; plain: boolean } {
  const end = argv.indexOf('--');
  const head = end < 0 ? [...argv] : argv.slice(0, end);
  const tail = end < 0 ? [] : argv.slice(end);
  const quiet = head.includes('--quiet');
  const plain = head.includes('--plain');
  // A bare `arledger --quiet` still shows the help, as a bare `arledger` does.
  const kept = head.filter((a) => a !== '--quiet' && a !== '--plain');
  return { args: [...kept, ...tail], quiet, plain };
}

/** COLUMNS when set to a width, else the terminal's; null (tables drawn whole) for a pipe or a file. */
function terminalWidth(ctx: Ctx): number | null {
  const env = ctx.env['COLUMNS'];
  if (env !== undefined && /^[1-9]\d{0,4}$/.test(env)) return Math.max(20, Number(env));
  return ctx.stdout.isTTY && ctx.columns !== undefined && ctx.columns > 0 ? ctx.columns : null;
}

async function report(e: unknown, ctx: Ctx, command: string | undefined): Promise<number> {
  const say = (msg: string): void => ctx.stderr.write(`arledger: ${escapeControl(msg)}\n`);
  if (e instanceof CommanderError) {
    // Help asked for is exit 0; help shown because a subcommand or argument is missing is a usage error.
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT.ok;
    return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (e instanceof ExitError) {
    if (e.message) say(e.message);
    return e.code;
  }
  if (e instanceof DataError) {
    for (const i of e.issues) say(formatIssue(i));
    const n = `${e.issues.length} problem${e.issues.length === 1 ? '' : 's'}`;
    if (e.input !== null) {
      // Not `arledger check`: that reads the ledger, which is fine, and would only say so; the file given is not.
      const inLedger = e.issues.filter((i) => i.file !== e.input).length;
      const where = inLedger === 0 ? `${n} in ${e.input}` : `${n}: ${e.issues.length - inLedger} in ${e.input}, ${inLedger} in the ledger, which \`arledger check\` lists`;
      say(`nothing was written (${where}); fix ${e.input} and run the command again`);
      return EXIT.data;
    }
    // `check` itself stopped on these (a file it may not read): pointing back at it would send the user in a circle.
    const lists = command === 'check' ? '' : '; `arledger check` lists them';
    say(e.reading ? `the ledger has ${n}; fix them first${lists ? ` (${lists.slice(2)})` : ''}` : `nothing was written (${n}${lists})`);
    return EXIT.data;
  }
  if (e instanceof UsageError) {
    say(e.message);
    return EXIT.usage;
  }
  // Loaded here rather than at start: `--version`, `--help` and `init` read no ledger and need none of it.
  const [{ NotALedgerError }, { IoError, LockedError }] = await Promise.all([import('../io/load.js'), import('../io/txn.js')]);
  if (e instanceof RefusedError || e instanceof NotALedgerError) {
    say(e.message);
    return EXIT.data;
  }
  if (e instanceof LockedError) {
    say(e.message);
    return EXIT.locked;
  }
  if (e instanceof IoError) {
    say(e.message);
    return EXIT.io;
  }
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    say(`${(e as Error).message}; nothing was written`);
    return EXIT.io;
  }
  say(`internal error (a bug in arledger): ${(e as Error)?.stack ?? String(e)}`);
  return 70;
}

const isEntry = process.argv[1] !== undefined && /arledger(\.js)?$|main\.js$/.test(process.argv[1]);
if (isEntry) {
  // `arledger aging | head` closes the pipe early: that is the reader's choice, not a failure to report.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  const ctx = systemCtx();
  main(process.argv.slice(2), ctx).then((code) => {
    process.exitCode = code;
  });
}
