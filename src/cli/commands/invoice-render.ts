// `arledger invoice render ID`: the printable invoice or debit note, as text, Markdown or HTML.
import { Option, type Command } from 'commander';
import { invoiceDocument, invoiceView } from '../../core/documents/invoice.js';
import { ciiDocument } from '../../core/einvoice/cii.js';
import { einvoiceModel, einvoiceSyntaxFor } from '../../core/einvoice/model.js';
import { ublDocument } from '../../core/einvoice/ubl.js';
import { RefusedError } from '../../core/issues.js';
import type { Ctx } from '../context.js';
import { openLedger } from '../ledger.js';
import { dateOption, withLedger } from '../options.js';
import { DOCUMENT_FORMATS, renderDocument, type DocumentFormat } from '../render/html.js';
import { renderXml } from '../render/xml.js';

/** EN 16931 e-invoices: UBL 2.1, UN/CEFACT CII D16B, or the one the customer's `einvoice` names. */
const EINVOICE_FORMATS = ['ubl', 'cii', 'einvoice'] as const;
type EinvoiceFormat = typeof EINVOICE_FORMATS[number];
const isEinvoiceFormat = (f: string): f is EinvoiceFormat => (EINVOICE_FORMATS as readonly string[]).includes(f);

interface RenderOpts {
  ledger?: string;
  asOf?: string;
  format: DocumentFormat | EinvoiceFormat;
}

/** Adds `render` under the `invoice` command, which another module registers first. */
export function register(program: Command, ctx: Ctx): void {
  const invoice = program.commands.find((c) => c.name() === 'invoice');
  if (!invoice) throw new Error('the invoice command must be registered before invoice render (src/cli/commands/index.ts)');
  withLedger(invoice.command('render'))
    .description('print an invoice or debit note: parties, terms, lines, totals, paid and open; or an invoice, debit or credit note as an EN 16931 e-invoice')
    .argument('<id>', 'the invoice or debit note id (for ubl, cii, einvoice: also a credit note)')
    .option('--as-of <date>', 'count payments and credits up to this date, YYYY-MM-DD (default: today)')
    .addOption(new Option('--format <format>', 'output format').choices([...DOCUMENT_FORMATS, ...EINVOICE_FORMATS] as string[]).default('txt'))
    .addHelpText('after', '\nExamples:\n  arledger invoice render INV-2026-00012\n  arledger invoice render INV-2026-00012 --format html > INV-2026-00012.html\n  arledger invoice render DN-2026-0003 --format md\n  arledger invoice render INV-2026-00012 --format ubl > INV-2026-00012.xml   # EN 16931 e-invoice; also cii, or einvoice (the customer\'s)\n  arledger invoice render CN-2026-0003 --format cii\n')
    .action((id: string, opts: RenderOpts) => run(ctx, id, opts));
}

function run(ctx: Ctx, id: string, opts: RenderOpts): void {
  const asOf = dateOption('--as-of', opts.asOf, ctx);
  const { ledger } = openLedger(ctx, opts);
  if (isEinvoiceFormat(opts.format)) {
    const syntax = opts.format === 'einvoice' ? einvoiceSyntaxFor(ledger, id) : opts.format;
    const model = einvoiceModel(ledger, id);
    ctx.stdout.write(renderXml(syntax === 'cii' ? ciiDocument(model) : ublDocument(model)));
    return;
  }
  const doc = invoiceDocument(ledger, id, asOf);
  if (!doc) {
    const other = ledger.byId.get(id);
    throw new RefusedError(other
      ? `${id} is a ${other.kind}, not an invoice or debit note — render an invoice id (see \`arledger invoice list\`)`
      : `invoice ${JSON.stringify(id)} does not exist — see \`arledger invoice list\``);
  }
  ctx.stdout.write(renderDocument(invoiceView(ledger, doc), opts.format));
}
