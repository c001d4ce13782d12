// `arledger invoice render ID`: the printable invoice, debit note or credit note, as text, Markdown, HTML or PDF;
// or as an EN 16931 e-invoice, or both in one file (Factur-X).
import { Option, type Command } from 'commander';
import { RefusedError } from '../../core/issues.js';
import type { Ctx } from '../context.js';
import { openLedger } from '../ledger.js';
import { dateOption, withLedger } from '../options.js';
import { DOCUMENT_FORMATS, type DocumentFormat } from '../render/html.js';

/** EN 16931 e-invoices: UBL 2.1, UN/CEFACT CII D16B, or the one the customer's `einvoice` names. */
const EINVOICE_FORMATS = ['ubl', 'cii', 'einvoice'] as const;
type EinvoiceFormat = typeof EINVOICE_FORMATS[number];
const isEinvoiceFormat = (f: string): f is EinvoiceFormat => (EINVOICE_FORMATS as readonly string[]).includes(f);
/** Factur-X / ZUGFeRD: the PDF with its CII embedded, one file a person and an ERP both read. */
const FACTURX = 'facturx';

interface RenderOpts {
  ledger?: string;
  asOf?: string;
  format: DocumentFormat | EinvoiceFormat | typeof FACTURX;
  output?: string;
}

/** Adds `render` under the `invoice` command, which another module registers first. */
export function register(program: Command, ctx: Ctx): void {
  const invoice = program.commands.find((c) => c.name() === 'invoice');
  if (!invoice) throw new Error('the invoice command must be registered before invoice render (src/cli/commands/index.ts)');
  withLedger(invoice.command('render'))
    .description('print an invoice, debit note or credit note: seller, buyer, lines, tax summary, totals, how to pay; or as an EN 16931 e-invoice, alone or inside the PDF (Factur-X)')
    .argument('<id>', 'the invoice, debit note or credit note id')
    .option('--as-of <date>', 'count payments and credits up to this date, YYYY-MM-DD (default: today)')
    .addOption(new Option('--format <format>', 'output format').choices([...DOCUMENT_FORMATS, ...EINVOICE_FORMATS, FACTURX] as string[]).default('txt'))
    .option('-o, --output <file>', 'write the document to this file (a PDF goes to stdout only when it is not a terminal)')
    .addHelpText('after', '\nExamples:\n  arledger invoice render INV-2026-00012\n  arledger invoice render INV-2026-00012 --format pdf --output INV-2026-00012.pdf\n  arledger invoice render CN-2026-0003 --format html > CN-2026-0003.html\n  arledger invoice render INV-2026-00012 --format ubl > INV-2026-00012.xml   # EN 16931 e-invoice; also cii, or einvoice (the customer\'s)\n  arledger invoice render INV-2026-00012 --format facturx --output INV-2026-00012.pdf   # the PDF with its CII embedded (Factur-X, ZUGFeRD)\n\nTemplates: templates/invoice.{txt,md,html}.mustache overrides the built-in layout (the PDF follows the .md one).\n')
    .action((id: string, opts: RenderOpts) => run(ctx, id, opts));
}

async function run(ctx: Ctx, id: string, opts: RenderOpts): Promise<void> {
  const asOf = dateOption('--as-of', opts.asOf, ctx);
  const { dir, ledger } = openLedger(ctx, opts);
  // The document and XML writers are loaded to render, not whenever `invoice list` or `invoice add` registers this.
  const [{ creditNoteDocument, creditNoteView, invoiceDocument, invoiceView }, { ciiDocument }, { einvoiceModel, einvoiceSyntaxFor }, { ublDocument },
    { writeDocument }, { renderCustomerDocument }, { facturx }, { renderXml }] = await Promise.all([
    import('../../core/documents/invoice.js'), import('../../core/einvoice/cii.js'), import('../../core/einvoice/model.js'), import('../../core/einvoice/ubl.js'),
    import('../document-output.js'), import('../render/customer-document.js'), import('../render/facturx.js'), import('../render/xml.js')]);
  if (isEinvoiceFormat(opts.format)) {
    const syntax = opts.format === 'einvoice' ? einvoiceSyntaxFor(ledger, id) : opts.format;
    const model = einvoiceModel(ledger, id);
    writeDocument(ctx, renderXml(syntax === 'cii' ? ciiDocument(model) : ublDocument(model)), opts.output, 'an e-invoice');
    return;
  }
  // Refused as `--format cii` refuses (a payment, a document that cannot be an e-invoice) before any PDF is made.
  const pdfa3 = opts.format === FACTURX ? facturx(renderXml(ciiDocument(einvoiceModel(ledger, id)))) : undefined;
  const found = invoiceDocument(ledger, id, asOf);
  // A Factur-X PDF is the invoice as issued, as its XML is: dated as the document unless --as-of says otherwise,
  // so that it does not read "paid in full" beside an XML amount due, and is the same file whenever it is made.
  const inv = found && pdfa3 && opts.asOf === undefined ? invoiceDocument(ledger, id, found.invoice.date) : found;
  const cn = inv ? null : creditNoteDocument(ledger, id);
  if (!inv && !cn) {
    const other = ledger.byId.get(id);
    throw new RefusedError(other
      ? `${id} is a ${other.kind}, not an invoice, debit note or credit note — render one of those (see \`arledger invoice list\`)`
      : `invoice ${JSON.stringify(id)} does not exist — see \`arledger invoice list\``);
  }
  const view = inv ? invoiceView(ledger, inv) : creditNoteView(ledger, cn!);
  const date = inv ? inv.invoice.date : cn!.credit.date;
  const out = await renderCustomerDocument({ ctx, dir, ledger, template: 'invoice', view, format: opts.format === FACTURX ? 'pdf' : opts.format, date, pdfa3 });
  writeDocument(ctx, out, opts.output, 'a PDF');
}
