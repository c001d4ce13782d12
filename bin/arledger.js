#!/usr/bin/env node
// V8's compile cache (Node >= 22.1) saves parsing the program again at every start; it lives under the OS temp
// directory, never in a ledger. Node 20 has none, and starts without it.
import { existsSync } from 'node:fs';
import module from 'node:module';
import v8 from 'node:v8';

// A command on a small ledger is over in a tenth of a second, before code optimised in the background could pay
// for its compiling, which costs a quarter of such a run's CPU; raising the budget a function must spend before
// it is optimised (default 66 KB of bytecode run) leaves short runs unoptimised and delays long ones by
// milliseconds.
v8.setFlagsFromString('--interrupt-budget=270000');
module.enableCompileCache?.();

/** The command the line names: its first word that is not an option or the value of -L/--ledger/--wait. */
function commandName(argv) {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '-L' || argv[i] === '--ledger' || argv[i] === '--wait') i++;
    else if (!argv[i].startsWith('-')) return argv[i];
  }
  return undefined;
}

// A named command runs from the program built for it alone (scripts/bundle.mjs), which has a third of the files
// to load; anything else (help, completion, an unknown name) from the whole program.
const name = commandName(process.argv.slice(2));
const own = name !== undefined && /^[a-z]+$/.test(name) ? new URL(`../dist/bundle/command/${name}/main.js`, import.meta.url) : null;
await import(own !== null && existsSync(own) ? own.href : '../dist/bundle/main.js');
