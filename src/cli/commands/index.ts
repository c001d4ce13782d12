// Every command module; main() registers them in this order, which is the order `--help` lists them in.
import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import * as aging from './aging.js';
import * as check from './check.js';

export const COMMANDS: readonly ((program: Command, ctx: Ctx) => void)[] = [
  aging.register,
  check.register,
];
