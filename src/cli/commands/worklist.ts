// `arledger worklist`: whom to contact at a date, by priority (SPEC §8).
import type { Command } from 'commander';
import { buildWorklist } from '../../core/collections/worklist.js';
import { RefusedError } from '../../core/issues.js';
import type { Ctx } from '../context.js';
import { openLedger } from '../ledger.js';
import { csvSettings, dateOption, withCsv, withOutput, withReport, type CsvOpts } from '../options.js';
import { worklistCsv, worklistJson, worklistTable, worklistTables } from '../render/collections.js';
import { writeReport, writeWorkbook } from '../report-output.js';

interface WorklistOpts extends CsvOpts {
  ledger?: string;
  asOf?: string;
  assignee?: string;
  output?: string;
  format: 'table' | 'csv' | 'json' | 'xlsx';
}

export function register(program: Command, ctx: Ctx): void {
  withCsv(withOutput(withReport(program.command('worklist'), ['table', 'csv', 'json', 'xlsx'])))
    .description('the customers to contact today, by priority: overdue items, follow-ups due, promises, dunning level')
    .option('--assignee <name>', 'only customers whose collector (customers.yaml) is NAME')
    .addHelpText('after', `
One row per customer with overdue items that are not disputed, or with a follow-up due (note --follow-up) on
or before --as-of. Priority = Σ over those overdue items of open × days overdue, in the customer's currency;
highest first, then by customer id. An invoice under a payment plan counts only its instalments past their due.

Examples:
  arledger worklist
  arledger worklist --assignee "Anna Keller" --as-of 2026-11-30 --format json
  arledger worklist --format xlsx --output worklist.xlsx
`)
    .action((opts: WorklistOpts) => run(ctx, opts));
}

async function run(ctx: Ctx, opts: WorklistOpts): Promise<void> {
  const asOf = dateOption('--as-of', opts.asOf, ctx);
  const { ledger } = openLedger(ctx, opts);
  const assignee = opts.assignee ?? null;
  if (assignee !== null && ![...ledger.customers.values()].some((c) => c.collector === assignee)) {
    const known = [...new Set([...ledger.customers.values()].flatMap((c) => (c.collector ? [c.collector] : [])))].sort();
    throw new RefusedError(`no customer has collector ${JSON.stringify(assignee)} — ${known.length > 0 ? `collectors in customers.yaml: ${known.join(', ')}` : 'set collector: NAME on customers in customers.yaml'}`);
  }
  const w = buildWorklist(ledger, { asOf, assignee });
  switch (opts.format) {
    case 'json': writeReport(ctx, opts.output, worklistJson(w)); break;
    case 'csv': writeReport(ctx, opts.output, worklistCsv(w, csvSettings(ledger.config, opts))); break;
    case 'xlsx': await writeWorkbook(ctx, opts.output, worklistTables(w)); break;
    default: writeReport(ctx, opts.output, worklistTable(w, ctx.color && opts.output === undefined));
  }
}
