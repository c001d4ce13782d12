#!/usr/bin/env node
// V8's compile cache (Node >= 22.1) saves parsing the program again at every start; it lives under the OS temp
// directory, never in a ledger. Node 20 has none, and starts without it.
import module from 'node:module';

module.enableCompileCache?.();
await import('../dist/bundle/main.js');
