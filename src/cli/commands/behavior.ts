// `arledger behavior`: how customers pay: invoices settled, average days to settle and late, share paid late (SPEC §3.2).
import type { Command } from 'commander';
import { RefusedError } from '../../core/issues.js';
import { paymentBehavior } from '../../core/reports/behavior.js';
import type { Ctx } from '../context.js';
import { openLedger } from '../ledger.js';
import { csvSettings, dateOption, withCsv, withOutput, withReport, type CsvOpts } from '../options.js';
import { behaviorCsv, behaviorJson, behaviorTable, behaviorTables } from '../render/behavior.js';
import { writeReport, writeWorkbook } from '../report-output.js';

interface BehaviorOpts extends CsvOpts {
  ledger?: string;
  asOf?: string;
  format: 'table' | 'csv' | 'json' | 'xlsx';
  output?: string;
  customer?: string;
  detail?: boolean;
}

const HELP = `
Counts invoices and debit notes fully settled on or before --as-of (refunds are not counted: they are owed to
the customer). For each: settled = date of the application (of a payment, credit note or write-off) that
brought its open amount to zero, days_to_settle = settled - date, days_late = max(0, settled - due).
Averages are exact, rounded half-up to one decimal; late_share (settled late / settled) to two.
Customers with no settled invoice are left out.

Examples:
  arledger behavior --as-of 2026-11-30
  arledger behavior --customer ACME --detail --format json
  arledger behavior --detail --format csv > behaviour.csv
`;

export function register(program: Command, ctx: Ctx): void {
  withCsv(withOutput(withReport(program.command('behavior'), ['table', 'csv', 'json', 'xlsx'])))
    .description('payment behaviour per customer: invoices settled, average days to settle and late, share paid late')
    .option('--customer <id>', 'only this customer')
    .option('--detail', 'list every settled invoice with its settlement date, days to settle and days late')
    .addHelpText('after', HELP)
    .action((opts: BehaviorOpts) => run(ctx, opts));
}

async function run(ctx: Ctx, opts: BehaviorOpts): Promise<void> {
  const asOf = dateOption('--as-of', opts.asOf, ctx);
  const { ledger } = openLedger(ctx, opts);
  if (opts.customer !== undefined && !ledger.customers.has(opts.customer)) {
    throw new RefusedError(`customer ${JSON.stringify(opts.customer)} does not exist — see \`arledger customer list\``);
  }
  const detail = Boolean(opts.detail);
  const report = paymentBehavior(ledger, { asOf, customer: opts.customer ?? null, detail });
  switch (opts.format) {
    case 'json': writeReport(ctx, opts.output, behaviorJson(report)); break;
    case 'csv': writeReport(ctx, opts.output, behaviorCsv(report, detail, csvSettings(ledger.config, opts))); break;
    case 'xlsx': await writeWorkbook(ctx, opts.output, behaviorTables(report, detail)); break;
    default: writeReport(ctx, opts.output, behaviorTable(report, ctx.color && opts.output === undefined));
  }
}
