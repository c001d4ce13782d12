// `arledger invoice render ID`: the printable invoice, debit note or credit note, as text, Markdown, HTML or PDF.
import { Option, type Command } from 'commander';
import { creditNoteDocument, creditNoteView, invoiceDocument, invoiceView } from '../../core/documents/invoice.js';
import { RefusedError } from '../../core/issues.js';
import type { Ctx } from '../context.js';
import { writeDocument } from '../document-output.js';
import { openLedger } from '../ledger.js';
import { dateOption, withLedger } from '../options.js';
import { DOCUMENT_FORMATS, type DocumentFormat } from '../render/html.js';
import { renderCustomerDocument } from '../render/customer-document.js';

interface RenderOpts {
  ledger?: string;
  asOf?: string;
  format: DocumentFormat;
  output?: string;
}

/** Adds `render` under the `invoice` command, which another module registers first. */
export function register(program: Command, ctx: Ctx): void {
  const invoice = program.commands.find((c) => c.name() === 'invoice');
  if (!invoice) throw new Error('the invoice command must be registered before invoice render (src/cli/commands/index.ts)');
  withLedger(invoice.command('render'))
    .description('print an invoice, debit note or credit note: seller, buyer, lines, tax summary, totals, how to pay')
    .argument('<id>', 'the invoice, debit note or credit note id')
    .option('--as-of <date>', 'count payments and credits up to this date, YYYY-MM-DD (default: today)')
    .addOption(new Option('--format <format>', 'output format').choices(DOCUMENT_FORMATS as string[]).default('txt'))
    .option('-o, --output <file>', 'write the document to this file (a PDF goes to stdout only when it is not a terminal)')
    .addHelpText('after', '\nExamples:\n  arledger invoice render INV-2026-00012\n  arledger invoice render INV-2026-00012 --format pdf --output INV-2026-00012.pdf\n  arledger invoice render CN-2026-0003 --format html > CN-2026-0003.html\n\nTemplates: templates/invoice.{txt,md,html}.mustache overrides the built-in layout (the PDF follows the .md one).\n')
    .action((id: string, opts: RenderOpts) => run(ctx, id, opts));
}

async function run(ctx: Ctx, id: string, opts: RenderOpts): Promise<void> {
  const asOf = dateOption('--as-of', opts.asOf, ctx);
  const { dir, ledger } = openLedger(ctx, opts);
  const inv = invoiceDocument(ledger, id, asOf);
  const cn = inv ? null : creditNoteDocument(ledger, id);
  if (!inv && !cn) {
    const other = ledger.byId.get(id);
    throw new RefusedError(other
      ? `${id} is a ${other.kind}, not an invoice, debit note or credit note — render one of those (see \`arledger invoice list\`)`
      : `invoice ${JSON.stringify(id)} does not exist — see \`arledger invoice list\``);
  }
  const view = inv ? invoiceView(ledger, inv) : creditNoteView(ledger, cn!);
  const date = inv ? inv.invoice.date : cn!.credit.date;
  const out = await renderCustomerDocument({ ctx, dir, ledger, template: 'invoice', view, format: opts.format, date });
  writeDocument(ctx, out, opts.output, 'a PDF');
}
