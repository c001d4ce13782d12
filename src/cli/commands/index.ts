// Every command module, loaded on demand: a run imports only the module of the command it runs (and all of them
// for --help), which keeps start-up short for cron jobs and scripts that call arledger many times.
import type { Command } from 'commander';
import type { Ctx } from '../context.js';

export type Register = (program: Command, ctx: Ctx) => void;

/** Command name -> its module(s), in the order `--help` lists them. */
export const COMMANDS: readonly { readonly name: string; readonly load: () => Promise<{ register: Register }> }[] = [
  { name: 'init', load: () => import('./init.js') },
  { name: 'customer', load: () => import('./customer.js') },
  { name: 'invoice', load: () => import('./invoice.js') },
  { name: 'invoice', load: () => import('./invoice-render.js') },
  { name: 'apply', load: () => import('./apply.js') },
  { name: 'credit', load: () => import('./credit.js') },
  { name: 'writeoff', load: () => import('./writeoff.js') },
  { name: 'refund', load: () => import('./refund.js') },
  { name: 'dispute', load: () => import('./dispute.js') },
  { name: 'note', load: () => import('./note.js') },
  { name: 'promise', load: () => import('./promise.js') },
  { name: 'plan', load: () => import('./plan.js') },
  { name: 'void', load: () => import('./void.js') },
  { name: 'aging', load: () => import('./aging.js') },
  { name: 'statement', load: () => import('./statement.js') },
  { name: 'dunning', load: () => import('./dunning.js') },
  { name: 'worklist', load: () => import('./worklist.js') },
  { name: 'reconcile', load: () => import('./reconcile.js') },
  { name: 'check', load: () => import('./check.js') },
  { name: 'behavior', load: () => import('./behavior.js') },
  { name: 'kpi', load: () => import('./kpi.js') },
  { name: 'close', load: () => import('./close.js') },
  { name: 'export', load: () => import('./export.js') },
  { name: 'import', load: () => import('./import.js') },
  { name: 'completion', load: () => import('./completion.js') },
];
