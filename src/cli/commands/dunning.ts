// `arledger dunning`: plan the notices due (SPEC §4), write one letter per customer to outbox/, log them to dunning.csv.
import type { Command } from 'commander';
import { DataError, RefusedError } from '../../core/issues.js';
import type { Ledger } from '../../core/ledger.js';
import type { NewRow } from '../../core/rows.js';
import { dunningFeeNotes, dunningLogRowCount, dunningLogRows, dunningNoteRows, planDunning, type DunningPlan } from '../../core/reports/dunning.js';
import { documentRow } from '../../core/rows.js';
import type { LocalDate } from '../../core/date.js';
import { renderLetters, writeOutbox, type LetterFiles, type LetterPdf } from '../../io/outbox.js';
import { EXIT, ExitError } from '../errors.js';
import { progress } from '../progress.js';
import type { Ctx } from '../context.js';
import { ledgerDir, openLedger, writeLedger } from '../ledger.js';
import { partialLedger } from '../../core/fast/partial.js';
import { planDunningColumns } from '../../core/fast/dunning.js';
import { saveCache } from '../../io/cache.js';
import { openFastState } from '../../io/load.js';
import { csvSettings, dateOption, withCsv, withOutput, withReport, type CsvOpts } from '../options.js';
import { dunningCsv, dunningJsonChunks, dunningTable, dunningTables } from '../render/dunning.js';
import { checkReportOutput, writeReport, writeWorkbook } from '../report-output.js';
import type { CsvConfig } from '../../core/types.js';

interface DunningOpts extends CsvOpts {
  ledger?: string;
  cache?: boolean;
  asOf?: string;
  format: 'table' | 'json' | 'csv' | 'xlsx';
  output?: string;
  dryRun?: boolean;
  postFees?: boolean;
  wait?: string;
  email?: boolean;
  send?: boolean;
  pdf?: boolean;
}

interface Outcome {
  readonly plan: DunningPlan;
  readonly letters: readonly LetterFiles[];
  readonly feeNotes: readonly string[];
  readonly rows: number;
  /** With --format csv, its settings: found before a run writes anything, as a bad one refuses the run. */
  readonly csv: CsvConfig | null;
}

export function register(program: Command, ctx: Ctx): void {
  withCsv(withOutput(withReport(program.command('dunning'), ['table', 'json', 'csv', 'xlsx'])))
    .description('write a letter to each customer with items due for a notice, into outbox/<date>/, and log it in dunning.csv')
    .option('--dry-run', 'show the letters that would be written; write nothing')
    .option('--post-fees', 'post each letter\'s fee and interest as a debit note (reference dunning-fee)')
    .option('--wait <seconds>', 'how long to wait for another command holding the ledger lock', '10')
    .option('--allow-future', 'with --post-fees: accept fee debit notes dated after today + future_days of ledger.yaml')
    .option('--pdf', 'also write each letter as a PDF (outbox/<date>/<customer>-L<level>.pdf); implied by --email')
    .option('--email', 'also write each letter as an e-mail to the customer (outbox/<date>/<customer>-L<level>.eml)')
    .option('--send', 'e-mail the letters over SMTP (server in ARLEDGER_SMTP_URL), retrying any not sent before; implies --email')
    .addHelpText('after', '\nExamples:\n  arledger dunning --dry-run                 # who would get a letter today, and why the others would not\n  arledger dunning --as-of 2026-11-30        # write the letters and log them\n  arledger dunning --post-fees --format json # also charge fees and interest as debit notes\n  ARLEDGER_SMTP_URL=smtp://user:pass@mail.example.com:587 arledger dunning --send   # and e-mail them\n\nLetters: outbox/<date>/<customer>-L<level>.txt, .md and .html (and .pdf with --pdf or --email, attached to the e-mail); templates/<name>.{txt,md,html}.mustache overrides the built-in ones. Each letter is also noted in notes.csv (kind letter); items under a pending promise to pay (promises.csv) are left out, and a customer with nothing else overdue is skipped as promised.\n')
    .action((opts: DunningOpts) => run(ctx, opts));
}

async function run(ctx: Ctx, opts: DunningOpts): Promise<void> {
  const asOf = dateOption('--as-of', opts.asOf, ctx);
  checkReportOutput(ctx, opts.output, opts.format);
  // nodemailer is loaded only by a run that e-mails: it is most of the code a dunning run would load.
  const mailer = (opts.email || opts.send) && !opts.dryRun ? await import('../../io/mail.js') : null;
  // Checked before anything is written: a run must not log letters it then cannot send.
  const smtp = opts.send && mailer ? mailer.smtpUrlFrom(ctx.env) : null;
  // Fonts and the PDF maker are found before the run, so that a missing font refuses it with nothing written.
  const pdf = opts.pdf || opts.email || opts.send ? await letterPdf(ctx) : undefined;
  // The QR encoder is loaded by dunning only: every other command reads letters' templates without drawing codes.
  const { qrSvg } = await import('../../core/documents/qr.js');
  const outcome = opts.dryRun ? preview(ctx, opts, asOf, pdf, qrSvg) : commit(ctx, opts, asOf, mailer, pdf, qrSvg);
  switch (opts.format) {
    case 'json': writeReport(ctx, opts.output, dunningJsonChunks(outcome.plan)); break;
    case 'csv': writeReport(ctx, opts.output, dunningCsv(outcome.plan, outcome.csv!)); break;
    case 'xlsx': await writeWorkbook(ctx, opts.output, dunningTables(outcome.plan)); break;
    default: writeReport(ctx, opts.output, dunningTable(outcome.plan, { color: ctx.color && opts.output === undefined, dryRun: Boolean(opts.dryRun) }));
  }
  ctx.stderr.write(`arledger: ${summary(outcome, asOf, Boolean(opts.dryRun))}\n`);
  if (mailer === null) return;
  const { dir, ledger } = openLedger(ctx, opts);
  const mail = await mailer.mailOutbox(dir, ledger.config, ledger.customers, asOf, smtp);
  for (const line of mail.lines) ctx.stderr.write(`arledger: ${line}\n`);
  if (!mail.ok) throw new ExitError(EXIT.findings);
}

async function letterPdf(ctx: Ctx): Promise<LetterPdf> {
  const [{ loadPdfRenderer, markdownItems }, { findPdfFonts }] = await Promise.all([import('../render/pdf.js'), import('../../io/fonts.js')]);
  const render = await loadPdfRenderer();
  const fonts = findPdfFonts(ctx.env);
  const { qrModules } = await import('../../core/documents/qr.js');
  return (markdown, meta, epc) => render([
    ...markdownItems(markdown),
    ...(epc === '' ? [] : [{ kind: 'qr' as const, modules: qrModules(epc), caption: ['Scan with your banking app to pay the total now due'] }]),
  ], fonts, meta);
}

type QrSvg = (payload: string) => string;

function preview(ctx: Ctx, opts: DunningOpts, asOf: LocalDate, pdf: LetterPdf | undefined, qrSvg: QrSvg): Outcome {
  const loaded = previewPlan(ctx, opts, asOf);
  const { plan } = loaded;
  // Rendering proves the templates (and the fonts, with --pdf) work before a real run depends on them. Text cannot
  // make a template fail, so without --pdf the first letter of each template proves it; a PDF is tried for every
  // letter, as one name may need a font another does not.
  const seen = new Set<string>();
  const sample = pdf ? plan : { ...plan, letters: plan.letters.filter((l) => !seen.has(l.template) && Boolean(seen.add(l.template))) };
  const bar = progress(ctx, 'rendering letters', Date.now, 1);
  const letters = renderLetters(loaded.dir, loaded.ledger, sample, pdf, qrSvg, (done, total) => bar.tick(done, total));
  bar.end();
  const rows = dunningLogRowCount(plan);
  const feeNotes = opts.postFees ? dunningFeeNotes(loaded.ledger, plan).map((d) => d.id) : [];
  return { plan, letters, feeNotes, rows, csv: opts.format === 'csv' ? csvSettings(loaded.ledger.config, opts) : null };
}

/**
 * The plan of a dry run: from the fast reader's columns when it takes the ledger (only the letters' items are made
 * into objects, and the letters' ledger holds just the master data and the ids), else from the plain ledger.
 */
function previewPlan(ctx: Ctx, opts: DunningOpts, asOf: LocalDate): { dir: string; ledger: Ledger; plan: DunningPlan } {
  const st = openFastState(ledgerDir(ctx, opts), opts.cache !== false);
  if (!('scanner' in st)) {
    if (st.issues.length > 0) throw new DataError(st.issues, true);
    return { dir: st.dir, ledger: st.ledger, plan: planDunning(st.ledger, asOf) };
  }
  if (opts.cache !== false && st.worthSaving()) saveCache(st.dir, st.masterKey, st.scanner.save(), st.hashes(), st.customers);
  const rowAt = (journal: string, offset: number): string[] => st.rowAt(journal, offset);
  const plan = planDunningColumns(st.scanner, st.config, st.customers, asOf, rowAt);
  return { dir: st.dir, ledger: partialLedger(st.scanner, st.config, st.customers, [], rowAt, new Uint8Array(0)), plan };
}

function commit(
  ctx: Ctx, opts: DunningOpts, asOf: LocalDate, mailer: typeof import('../../io/mail.js') | null, pdf: LetterPdf | undefined, qrSvg: QrSvg,
): Outcome {
  let dir = '';
  return writeLedger(ctx, opts, (loaded) => {
    dir = loaded.dir;
    refuseBackdating(loaded.ledger, asOf);
    const csv = opts.format === 'csv' ? csvSettings(loaded.ledger.config, opts) : null;
    mailer?.companySender(loaded.ledger.config);
    const plan = planDunning(loaded.ledger, asOf);
    const bar = progress(ctx, 'rendering letters', Date.now, 1);
    const letters = renderLetters(loaded.dir, loaded.ledger, plan, pdf, qrSvg, (done, total) => bar.tick(done, total));
    bar.end();
    const notes = opts.postFees ? dunningFeeNotes(loaded.ledger, plan) : [];
    const log = dunningLogRows(plan);
    const rows: NewRow[] = [...log, ...dunningNoteRows(plan), ...notes.map(documentRow)];
    return { rows, result: { plan, letters, feeNotes: notes.map((d) => d.id), rows: log.length, csv } };
  }, (outcome) => {
    // Letters go to disk before the log commit: a crash in between leaves letters that a re-run rewrites,
    // never log rows that point at missing letters.
    return writeOutbox(dir, outcome.letters.flatMap((l) => l.files));
  });
}

/** A run logged before notices already in dunning.csv would make the log disagree with the letters sent. */
function refuseBackdating(ledger: Ledger, asOf: LocalDate): void {
  const latest = ledger.dunning.reduce<string>((m, r) => (r.date > m ? r.date : m), '');
  if (latest > asOf) {
    throw new RefusedError(`dunning.csv already has notices dated ${latest}, after --as-of ${asOf} — run as of ${latest} or later, or preview the past with --dry-run`);
  }
}

function summary(o: Outcome, asOf: LocalDate, dryRun: boolean): string {
  const n = o.plan.letters.length;
  const letters = `${n} letter${n === 1 ? '' : 's'}`;
  const fees = o.feeNotes.length > 0 ? `, fee debit note${o.feeNotes.length === 1 ? '' : 's'} ${o.feeNotes.join(', ')}` : '';
  if (dryRun) return `dry run: ${letters} and ${o.rows} dunning.csv row${o.rows === 1 ? '' : 's'} would be written${fees ? ` with${fees.slice(1)}` : ''}; nothing was written`;
  if (n === 0) return `no letters due as of ${asOf}; nothing was written`;
  return `${letters} written to outbox/${asOf}/, ${o.rows} row${o.rows === 1 ? '' : 's'} added to dunning.csv and ${n} to notes.csv${fees ? `${fees} posted` : ''}`;
}
