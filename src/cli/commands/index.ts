// Every command module; main() registers them in this order, which is the order `--help` lists them in.
import type { Command } from 'commander';
import type { Ctx } from '../context.js';
import * as init from './init.js';
import * as customer from './customer.js';
import * as invoice from './invoice.js';
import * as invoiceRender from './invoice-render.js';
import * as aging from './aging.js';
import * as dunning from './dunning.js';
import * as reconcile from './reconcile.js';
import * as apply from './apply.js';
import * as credit from './credit.js';
import * as dispute from './dispute.js';
import * as refund from './refund.js';
import * as statement from './statement.js';
import * as writeoff from './writeoff.js';
import * as check from './check.js';
import * as behavior from './behavior.js';
import * as kpi from './kpi.js';
import * as close from './close.js';
import * as exportCmd from './export.js';
import * as importCmd from './import.js';
import * as completion from './completion.js';

export const COMMANDS: readonly ((program: Command, ctx: Ctx) => void)[] = [
  init.register,
  customer.register,
  invoice.register,
  invoiceRender.register,
  apply.register,
  credit.register,
  writeoff.register,
  refund.register,
  dispute.register,
  aging.register,
  statement.register,
  dunning.register,
  reconcile.register,
  check.register,
  behavior.register,
  kpi.register,
  close.register,
  exportCmd.register,
  importCmd.register,
  completion.register,
];
