// `arledger statement C`: a customer's statement of account for a period, as text, Markdown or HTML.
import { Option, type Command } from 'commander';
import { statementView } from '../../core/documents/statement.js';
import { RefusedError, UsageError } from '../../core/issues.js';
import { startOfMonth, statementOf } from '../../core/reports/statement.js';
import type { Ctx } from '../context.js';
import { openForCustomers } from '../ledger.js';
import { dateOption, withLedger } from '../options.js';
import { writeDocument } from '../document-output.js';
import { renderCustomerDocument } from '../render/customer-document.js';
import { DOCUMENT_FORMATS, type DocumentFormat } from '../render/html.js';
import { statementTables } from '../render/statement-tables.js';
import { writeWorkbook } from '../report-output.js';
import { statementBaseBlocks } from '../../core/reports/base-currency.js';
import { readRates } from '../../io/rates.js';

interface StatementOpts {
  ledger?: string;
  from?: string;
  to?: string;
  format: DocumentFormat | 'xlsx';
  output?: string;
  inBase?: boolean;
}

export function register(program: Command, ctx: Ctx): void {
  withLedger(program.command('statement'))
    .description('statement of account for a customer: opening balance, documents, running and closing balance, aging')
    .argument('<customer>', 'the customer id')
    .option('--from <date>', 'first day of the period, YYYY-MM-DD (default: the first day of --to\'s month)')
    .option('--to <date>', 'last day of the period, YYYY-MM-DD (default: today)')
    .addOption(new Option('--format <format>', 'output format').choices([...DOCUMENT_FORMATS, 'xlsx']).default('txt'))
    .option('--in-base', 'for a customer billed in another currency: the closing balance and open items also in the base currency (rates.csv rate of --to)')
    .option('-o, --output <file>', 'write the statement to this file (a PDF or workbook goes to stdout only when it is not a terminal)')
    .addHelpText('after', '\nExamples:\n  arledger statement ACME\n  arledger statement ACME --from 2026-10-01 --to 2026-11-30 --format md\n  arledger statement ACME --format pdf --output acme-statement.pdf\n\nTemplates: templates/statement.{txt,md,html}.mustache overrides the built-in layout (the PDF follows the .md one).\n')
    .action((customer: string, opts: StatementOpts) => run(ctx, customer, opts));
}

async function run(ctx: Ctx, customerId: string, opts: StatementOpts): Promise<void> {
  const to = dateOption('--to', opts.to, ctx);
  const from = opts.from === undefined ? startOfMonth(to) : dateOption('--from', opts.from, ctx);
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to} — the period runs from --from to --to, both inclusive`);
  // A statement is about one customer: on a large ledger only its documents are made into objects.
  const { dir, ledger } = openForCustomers(ctx, opts, () => ({ customers: [customerId] }));
  if (!ledger.customers.has(customerId)) {
    throw new RefusedError(`customer ${JSON.stringify(customerId)} does not exist — see \`arledger customer list\``);
  }
  const statement = statementOf(ledger, { customer: customerId, from, to });
  if (opts.format === 'xlsx') return writeWorkbook(ctx, opts.output, statementTables(statement));
  let view = statementView(ledger, statement);
  if (opts.inBase) {
    // The equivalents go right after the summary, beside the figures they convert; payment details stay in the document currency.
    const extra = statementBaseBlocks(statement, readRates(dir, ledger.config, ledger.customers), ledger.config.currency);
    const at = view.blocks.findIndex((b) => b.type === 'totals') + 1;
    view = { ...view, blocks: [...view.blocks.slice(0, at), ...extra, ...view.blocks.slice(at)] };
  }
  const out = await renderCustomerDocument({ ctx, dir, ledger, template: 'statement', view, format: opts.format, date: to });
  writeDocument(ctx, out, opts.output, 'a PDF');
}

