// `arledger worklist`: whom to contact at a date, by priority (SPEC §8).
import type { Command } from 'commander';
import { buildWorklist } from '../../core/collections/worklist.js';
import { RefusedError } from '../../core/issues.js';
import type { Ctx } from '../context.js';
import { openLedger } from '../ledger.js';
import { dateOption, withReport } from '../options.js';
import { worklistCsv, worklistJson, worklistTable } from '../render/collections.js';

interface WorklistOpts {
  ledger?: string;
  asOf?: string;
  assignee?: string;
  format: 'table' | 'csv' | 'json';
}

export function register(program: Command, ctx: Ctx): void {
  withReport(program.command('worklist'), ['table', 'csv', 'json'])
    .description('the customers to contact today, by priority: overdue items, follow-ups due, promises, dunning level')
    .option('--assignee <name>', 'only customers whose collector (customers.yaml) is NAME')
    .addHelpText('after', `
One row per customer with overdue items that are not disputed, or with a follow-up due (note --follow-up) on
or before --as-of. Priority = Σ over those overdue items of open × days overdue, in the customer's currency;
highest first, then by customer id.

Examples:
  arledger worklist
  arledger worklist --assignee "Anna Keller" --as-of 2026-11-30 --format json
`)
    .action((opts: WorklistOpts) => run(ctx, opts));
}

function run(ctx: Ctx, opts: WorklistOpts): void {
  const asOf = dateOption('--as-of', opts.asOf, ctx);
  const { ledger } = openLedger(ctx, opts);
  const assignee = opts.assignee ?? null;
  if (assignee !== null && ![...ledger.customers.values()].some((c) => c.collector === assignee)) {
    const known = [...new Set([...ledger.customers.values()].flatMap((c) => (c.collector ? [c.collector] : [])))].sort();
    throw new RefusedError(`no customer has collector ${JSON.stringify(assignee)} — ${known.length > 0 ? `collectors in customers.yaml: ${known.join(', ')}` : 'set collector: NAME on customers in customers.yaml'}`);
  }
  const w = buildWorklist(ledger, { asOf, assignee });
  switch (opts.format) {
    case 'json': ctx.stdout.write(worklistJson(w)); break;
    case 'csv': ctx.stdout.write(worklistCsv(w)); break;
    default: ctx.stdout.write(worklistTable(w, ctx.color));
  }
}
