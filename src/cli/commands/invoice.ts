// `arledger invoice add|list|show`: issue invoices and debit notes, and read them back (SPEC §3).
// Other modules attach further subcommands (e.g. `render`) to the `invoice` command, so it is created here once.
import { Option, type Command } from 'commander';
import { RefusedError, UsageError } from '../../core/issues.js';
import { listInvoices, parseLineSpec, planInvoice, showInvoice, LINE_HINT } from '../../core/ops/invoice.js';
import { nextId } from '../../core/ops/numbering.js';
import type { Ctx } from '../context.js';
import { openLedger, writeLedger } from '../ledger.js';
import { collect, csvSettings, dateOption, textOption, withCsv, withLedger, withOutput, withReport, withWrite, type CsvOpts } from '../options.js';
import { invoiceJson, invoiceListCsv, invoiceListJson, invoiceListTable, invoiceListTables, invoiceText } from '../render/documents.js';
import { writeReport, writeWorkbook } from '../report-output.js';

interface AddOpts {
  ledger?: string;
  wait?: string;
  customer: string;
  date?: string;
  due?: string;
  terms?: string;
  id?: string;
  reference?: string;
  memo?: string;
  debitNote?: boolean;
  force?: boolean;
  line?: string[];
  amount?: string;
}

interface ListOpts extends CsvOpts {
  ledger?: string;
  asOf?: string;
  format: 'table' | 'csv' | 'json' | 'xlsx';
  output?: string;
  open?: boolean;
  customer?: string;
}

interface ShowOpts {
  ledger?: string;
  asOf?: string;
  format: 'text' | 'json';
}

export function register(program: Command, ctx: Ctx): void {
  const invoice = program.command('invoice')
    .description('issue invoices and debit notes, list and show them')
    .addHelpText('after', '\nExamples:\n  arledger invoice add --customer ACME --line "Consulting;10;120.00;20"\n  arledger invoice list --open\n  arledger invoice show INV-2026-00001\n');

  withWrite(invoice.command('add'))
    .description('issue an invoice (or with --debit-note a debit note); prints its id')
    .requiredOption('--customer <id>', 'the customer it is issued to')
    .option('--line <line>', '"DESCRIPTION;QUANTITY;UNIT_PRICE[;TAX%]" (repeatable); the amount is the sum of the lines', collect)
    .option('--amount <amount>', 'the amount, instead of lines')
    .option('--due <date>', 'the due date, YYYY-MM-DD (default: from the terms)')
    .option('--terms <terms>', 'payment terms, e.g. net30, eom15, receipt, "2/10 net30" (default: the customer\'s, else the ledger\'s)')
    .option('--id <id>', 'the document id (default: the next id of the ledger\'s numbering)')
    .option('--reference <text>', 'the customer\'s reference, e.g. a purchase order number')
    .option('--memo <text>', 'a note kept with the document')
    .option('--debit-note', 'issue a debit note (numbered as debit notes) instead of an invoice')
    .option('--force', 'issue it despite a credit hold or an exceeded credit limit (a warning is printed)')
    .addHelpText('after', '\nExamples:\n  arledger invoice add --customer ACME --line "Consulting;10;120.00;20" --line "Travel;1;85.50"\n  arledger invoice add --customer ACME --amount 1500.00 --date 2026-11-02 --terms eom15 --reference PO-4711\n  ID=$(arledger invoice add --customer ACME --amount 25.00 --debit-note --memo "late fee")\n')
    .action((opts: AddOpts) => add(ctx, opts));

  withCsv(withOutput(withReport(invoice.command('list'), ['table', 'csv', 'json', 'xlsx'])))
    .description('list invoices and debit notes with their open amount and status at a date')
    .option('--open', 'only those with an open amount')
    .option('--customer <id>', 'only this customer\'s')
    .addHelpText('after', '\nExamples:\n  arledger invoice list --open\n  arledger invoice list --customer ACME --as-of 2026-10-31 --format csv\n')
    .action((opts: ListOpts) => list(ctx, opts));

  withLedger(invoice.command('show').argument('<id>', 'the invoice or debit note id'))
    .description('an invoice with its lines, the applications to it, its disputes and its open amount at a date')
    .option('--as-of <date>', 'the report date, YYYY-MM-DD (default: today)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText('after', '\nExamples:\n  arledger invoice show INV-2026-00001\n  arledger invoice show INV-2026-00001 --as-of 2026-12-31 --format json\n')
    .action((id: string, opts: ShowOpts) => show(ctx, id, opts));
}

function add(ctx: Ctx, opts: AddOpts): void {
  const date = dateOption('--date', opts.date, ctx);
  const due = opts.due === undefined ? null : dateOption('--due', opts.due, ctx);
  const lines = opts.line ?? [];
  if (lines.length > 0 && opts.amount !== undefined) throw new UsageError(`give either --line or --amount, not both — ${LINE_HINT}, or --amount 1500.00`);
  if (lines.length === 0 && opts.amount === undefined) throw new UsageError(`give the invoice's lines or its amount — ${LINE_HINT}, or --amount 1500.00`);
  const specs = lines.length > 0 ? lines.map(parseLineSpec) : null;
  const reference = textOption('--reference', opts.reference);
  const memo = textOption('--memo', opts.memo);
  const kind = opts.debitNote ? 'debit-note' as const : 'invoice' as const;
  const plan = writeLedger(ctx, opts, (loaded) => {
    const p = planInvoice(loaded.ledger, {
      kind, customer: opts.customer, date, due, terms: opts.terms ?? null, id: opts.id ?? null, reference, memo,
      lines: specs, amount: opts.amount ?? null, force: Boolean(opts.force),
    }, () => nextId(loaded.ledger, kind, date));
    return { rows: p.rows, result: p };
  }, undefined, [opts.customer]);
  for (const w of plan.warnings) ctx.stderr.write(`arledger: warning: ${w} (issued with --force)\n`);
  ctx.stdout.write(`${plan.invoice.id}\n`);
}

async function list(ctx: Ctx, opts: ListOpts): Promise<void> {
  const asOf = dateOption('--as-of', opts.asOf, ctx);
  const { ledger } = openLedger(ctx, opts);
  if (opts.customer !== undefined && !ledger.customers.has(opts.customer)) {
    throw new RefusedError(`customer ${JSON.stringify(opts.customer)} does not exist — see \`arledger customer list\``);
  }
  const items = listInvoices(ledger, { asOf, openOnly: Boolean(opts.open), customer: opts.customer ?? null });
  switch (opts.format) {
    case 'json': writeReport(ctx, opts.output, invoiceListJson(asOf, items)); break;
    case 'csv': writeReport(ctx, opts.output, invoiceListCsv(items, csvSettings(ledger.config, opts))); break;
    case 'xlsx': await writeWorkbook(ctx, opts.output, invoiceListTables(items)); break;
    default: writeReport(ctx, opts.output, invoiceListTable(items, ctx.color && opts.output === undefined));
  }
}

function show(ctx: Ctx, id: string, opts: ShowOpts): void {
  const asOf = dateOption('--as-of', opts.asOf, ctx);
  const { ledger } = openLedger(ctx, opts);
  const detail = showInvoice(ledger, id, asOf);
  if (!detail) {
    const doc = ledger.byId.get(id);
    throw new RefusedError(doc
      ? `${id} is a ${doc.kind}, not an invoice or debit note`
      : `invoice ${JSON.stringify(id)} does not exist — see \`arledger invoice list\``);
  }
  ctx.stdout.write(opts.format === 'json' ? invoiceJson(detail) : invoiceText(detail));
}
