#!/usr/bin/env node
// V8's compile cache (Node >= 22.1) saves parsing the program again at every start; it lives under the OS temp
// directory, never in a ledger. Node 20 has none, and starts without it.
import module from 'node:module';
import v8 from 'node:v8';

// A command on a small ledger is over in a tenth of a second, before code optimised in the background could pay
// for its compiling, which costs a quarter of such a run's CPU; raising the budget a function must spend before
// it is optimised (default 66 KB of bytecode run) leaves short runs unoptimised and delays long ones by
// milliseconds.
v8.setFlagsFromString('--interrupt-budget=270000');
module.enableCompileCache?.();
await import('../dist/bundle/main.js');
