// `arledger export`: the ledger as an hledger journal, a beancount file or JSON, on stdout.
import { Option, type Command } from 'commander';
import { toBeancount } from '../../core/export/beancount.js';
import { toHledger } from '../../core/export/hledger.js';
import { toJsonExport } from '../../core/export/json.js';
import type { Ctx } from '../context.js';
import { openLedger } from '../ledger.js';
import { dateOption, withLedger } from '../options.js';
import { toJson } from '../render/text.js';

interface ExportOpts {
  ledger?: string;
  asOf?: string;
  format: 'hledger' | 'beancount' | 'json';
}

const HELP = `
Each document is one balanced transaction against Assets:Receivable:<customer>: invoices and debit notes
against Income:Sales, payments and refunds against Assets:Bank, credit notes against Income:Sales:Returns,
write-offs against Expenses:BadDebt. Payments post to the customer's receivable account, so applications move
nothing and are written as comments (hledger) or notes (beancount); the receivable balance equals the aging
balance. JSON holds every document, application and dispute event, amounts as strings.

Examples:
  arledger export --format hledger > ar.journal && hledger -f ar.journal balance Assets:Receivable
  arledger export --format beancount > ar.beancount && bean-check ar.beancount
  arledger export --format json --as-of 2026-10-31
`;

export function register(program: Command, ctx: Ctx): void {
  withLedger(program.command('export'))
    .description('the ledger as a plain-text-accounting journal (hledger, beancount) or JSON')
    .addOption(new Option('--format <format>', 'output format').choices(['hledger', 'beancount', 'json']).makeOptionMandatory())
    .option('--as-of <date>', 'leave out everything dated after this day, YYYY-MM-DD (default: today)')
    .addHelpText('after', HELP)
    .action((opts: ExportOpts) => run(ctx, opts));
}

function run(ctx: Ctx, opts: ExportOpts): void {
  const asOf = dateOption('--as-of', opts.asOf, ctx);
  const { ledger } = openLedger(ctx, opts);
  switch (opts.format) {
    case 'hledger': ctx.stdout.write(toHledger(ledger, asOf)); break;
    case 'beancount': ctx.stdout.write(toBeancount(ledger, asOf)); break;
    default: ctx.stdout.write(toJson(toJsonExport(ledger, asOf)));
  }
}
