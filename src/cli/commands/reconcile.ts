// `arledger reconcile`: match a bank statement against the ledger (SPEC §5), or compare the AR total with the GL.
import * as path from 'node:path';
import { Option, type Command } from 'commander';
import { DataError, inInputFile, UsageError } from '../../core/issues.js';
import { formatMinor, isCurrency, parseAmount, type Currency, type Minor } from '../../core/money.js';
import { planApply } from '../../core/reconcile/apply.js';
import { compareWithGl } from '../../core/reconcile/gl.js';
import { REFUSED_STATUSES, reconcileStatements, type ReconcileReport } from '../../core/reconcile/match.js';
import type { Ledger } from '../../core/ledger.js';
import { readStatementFile } from '../../io/bank/read.js';
import type { Ctx } from '../context.js';
import { EXIT, ExitError } from '../errors.js';
import { progress } from '../progress.js';
import { openForReport, openLedger, writeLedger } from '../ledger.js';
import { csvSettings, dateOption, withCsv, withOutput, withWrite, type CsvOpts } from '../options.js';
import { glJson, glTable, glTables, reconcileCsv, reconcileJson, reconcileTable, reconcileTables } from '../render/reconcile.js';
import { checkReportOutput, writeReport, writeWorkbook } from '../report-output.js';
import { tableCsv } from '../render/sheet.js';
import { toJson } from '../render/text.js';
import type { CsvConfig } from '../../core/types.js';
import { agingInBase, compareWithGlInBase } from '../../core/reports/base-currency.js';
import { ageOpenItems } from '../../core/reports/aging.js';
import { ageColumns } from '../../core/fast/aging.js';
import type { GlComparison } from '../../core/reconcile/gl.js';
import type { LocalDate } from '../../core/date.js';
import { isFast } from '../../io/load.js';
import { readRates } from '../../io/rates.js';
import { glJsonInBase, glTableInBase } from '../render/base-currency.js';

interface ReconcileOpts extends CsvOpts {
  ledger?: string;
  wait?: string;
  date?: string;
  profile?: string;
  apply?: boolean;
  format: 'table' | 'json' | 'csv' | 'xlsx';
  output?: string;
  gl?: string;
  asOf?: string;
  currency?: string;
  skipUnbalanced?: boolean;
  inBase?: boolean;
}

export function register(program: Command, ctx: Ctx): void {
  withCsv(withOutput(withWrite(program.command('reconcile'))))
    .argument('[statement]', 'bank statement: camt.052/053/054, MT940, MT942, OFX, QFX, QIF, BAI2, or CSV (with --profile)')
    .description('match a bank statement against payments and open items; or compare the AR total with the general ledger (--gl)')
    .option('--profile <name>', 'bank profile of ledger.yaml for a CSV statement')
    .option('--apply', 'record matched lines in reconciliations.csv and proposed lines as payments with their applications')
    .option('--skip-unbalanced', 'of a file of several statements, reconcile those that add up and report the others (without it, one is an error)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv', 'xlsx']).default('table'))
    .option('--gl <amount>', 'general-ledger AR control balance to compare the AR total with (instead of a statement)')
    .option('--as-of <date>', 'with --gl: the date of the balance (default: today)')
    .option('--currency <code>', 'with --gl: the currency of the amount (default: the base currency)')
    .option('--in-base', 'with --gl: compare over all currencies, every customer\'s balance converted into the base currency (rates.csv)')
    .addHelpText('after', `
Each booked incoming line is reconciled (already recorded), matched (to an existing payment of the same amount
within 3 days), proposed (customer identified by IBAN, name, a document id in the text or a creditor reference;
open items proposed), or unidentified. A known bank id with another amount is a conflict; a line dated in the
future, after the statement was created or far outside its period is out-of-period; a line naming an invoice
already settled is a possible-duplicate: these three are never recorded. Outgoing, pending and reversed lines are
ignored. Exit 1 when a line is unidentified, refused, or proposed and not recorded (no --apply); 0 otherwise.

Examples:
  arledger reconcile bank/2026-11.xml
  arledger reconcile bank/2026-11.csv --profile examplebank --format json
  arledger reconcile bank/2026-11.sta --apply
  arledger reconcile bank/2026-q4.sta --skip-unbalanced --format json
  arledger reconcile --gl 48210.55 --as-of 2026-11-30
  arledger reconcile --gl 130808.46 --in-base --as-of 2026-11-30   # AR of every currency in the base currency
`)
    .action((statement: string | undefined, opts: ReconcileOpts) => {
      checkReportOutput(ctx, opts.output, opts.format);
      if (opts.gl !== undefined) return runGl(ctx, statement, opts);
      if (statement === undefined) throw new UsageError('reconcile needs a STATEMENT file, or --gl AMOUNT — see `arledger reconcile --help`');
      return runStatement(ctx, statement, opts);
    });
}

interface Outcome {
  readonly report: ReconcileReport;
  readonly rows: number;
  readonly notes?: readonly string[];
  /** With --format csv, its settings: found before --apply writes anything, as a bad one refuses the run. */
  readonly csv?: CsvConfig | null;
}

/** A statement left out by --skip-unbalanced, and why. */
interface Skipped {
  readonly statement: string;
  readonly line: number | null;
  readonly reason: string;
}

function reconcile(ctx: Ctx, ledger: Ledger, statement: string, opts: ReconcileOpts, skipped: Skipped[] = []): ReconcileReport {
  let read: ReturnType<typeof readStatementFile>;
  try {
    read = readStatementFile(path.resolve(ctx.cwd, statement), statement, ledger.config.bank.profiles, opts.profile, ledger.config.currency);
  } catch (e) {
    throw inInputFile(e, statement);
  }
  let statements = read.statements;
  let issues = read.issues;
  // Only a statement that does not add up may be left out; any other problem still refuses the file.
  if (opts.skipUnbalanced && read.unbalanced.length > 0 && read.unbalanced.length < read.statements.length) {
    const bad = new Set(read.unbalanced.map((u) => u.issue));
    const out = new Set(read.unbalanced.map((u) => u.index));
    issues = issues.filter((i) => !bad.has(i));
    statements = statements.filter((_, i) => !out.has(i));
    skipped.length = 0;
    for (const u of read.unbalanced) skipped.push({ statement: u.id, line: u.issue.line ?? null, reason: u.issue.message });
  }
  if (issues.length > 0) throw new DataError(issues, false, statement);
  const bar = progress(ctx, 'matching');
  const report = reconcileStatements(ledger, statements, ctx.today, ledger.config.futureDays, (done, total) => bar.tick(done, total));
  bar.end();
  return report;
}

async function runStatement(ctx: Ctx, statement: string, opts: ReconcileOpts): Promise<void> {
  const name = path.basename(statement);
  let outcome: Outcome;
  const skipped: Skipped[] = [];
  if (opts.apply) {
    const date = dateOption('--date', opts.date, ctx);
    outcome = writeLedger(ctx, opts, (loaded) => {
      const csv = opts.format === 'csv' ? csvSettings(loaded.ledger.config, opts) : null;
      const plan = planApply(loaded.ledger, reconcile(ctx, loaded.ledger, statement, opts, skipped), name, date);
      return { rows: plan.rows, result: { report: plan.report, rows: plan.rows.length, notes: plan.notes, csv } };
    });
  } else {
    if (opts.date !== undefined) dateOption('--date', opts.date, ctx);
    const { ledger } = openLedger(ctx, opts);
    outcome = { report: reconcile(ctx, ledger, statement, opts, skipped), rows: 0, csv: opts.format === 'csv' ? csvSettings(ledger.config, opts) : null };
  }
  const { report } = outcome;
  switch (opts.format) {
    case 'json': {
      let json = reconcileJson(name, report);
      if (skipped.length > 0) json = toJson({ ...(JSON.parse(json) as object), skipped_statements: skipped });
      writeReport(ctx, opts.output, json);
      break;
    }
    case 'csv': writeReport(ctx, opts.output, reconcileCsv(report, outcome.csv!)); break;
    case 'xlsx': await writeWorkbook(ctx, opts.output, reconcileTables(report)); break;
    default: writeReport(ctx, opts.output, reconcileTable(name, report, ctx.color && opts.output === undefined));
  }
  for (const k of skipped) {
    ctx.stderr.write(`arledger: ${statement}${k.line !== null ? `:${k.line}` : ''}: skipped (--skip-unbalanced): ${k.reason}\n`);
  }
  const count = (s: string): number => report.lines.filter((l) => l.status === s).length;
  const unidentified = count('unidentified');
  const proposed = count('proposed');
  const matched = count('matched');
  // Lines that contradict the ledger or the statement are never written; they wait for the bookkeeper.
  const refused = REFUSED_STATUSES.map((s) => [s, count(s)] as const).filter(([, n]) => n > 0);
  if (opts.apply) {
    for (const n of outcome.notes ?? []) ctx.stderr.write(`arledger: ${n}\n`);
    ctx.stderr.write(outcome.rows === 0
      ? 'arledger: nothing to record: every line is already reconciled, unidentified, refused or ignored\n'
      : `arledger: recorded ${matched} reconciliation${matched === 1 ? '' : 's'} and ${proposed} payment${proposed === 1 ? '' : 's'} (${outcome.rows} rows)\n`);
  }
  // A matched line has its payment; a proposed one is settled only once --apply records it.
  const open = unidentified + (opts.apply ? 0 : proposed) + refused.reduce((n, [, k]) => n + k, 0);
  if (open > 0) {
    const parts = [unidentified > 0 ? `${unidentified} unidentified` : '', ...refused.map(([s, n]) => `${n} ${s}`),
      !opts.apply && proposed > 0 ? `${proposed} proposed` : ''].filter((s) => s !== '');
    throw new ExitError(EXIT.findings, `${parts.join(', ')} line${open === 1 ? '' : 's'} left to reconcile${!opts.apply && proposed > 0 ? ' (record the proposed ones with --apply)' : ''}`);
  }
}

async function runGl(ctx: Ctx, statement: string | undefined, opts: ReconcileOpts): Promise<void> {
  if (statement !== undefined) throw new UsageError('--gl compares the AR total with the general ledger and takes no STATEMENT — run the two separately');
  if (opts.apply || opts.profile !== undefined || opts.skipUnbalanced) throw new UsageError('--gl cannot be combined with --apply, --profile or --skip-unbalanced');
  if (opts.inBase && opts.currency !== undefined) throw new UsageError('--in-base compares in the base currency; --currency names one currency of the ledger — give one of them');
  const asOf = dateOption('--as-of', opts.asOf, ctx);
  if (opts.inBase) return runGlInBase(ctx, opts, asOf);
  const { ledger } = openLedger(ctx, opts);
  const ccyText = opts.currency ?? ledger.config.currency;
  if (!isCurrency(ccyText)) throw new UsageError(`--currency ${JSON.stringify(ccyText)} is not an ISO 4217 code — write e.g. ${ledger.config.currency}`);
  const currency: Currency = ccyText;
  const c = compareWithGl(ledger, asOf, currency, glAmount(opts.gl!, currency));
  switch (opts.format) {
    case 'json': writeReport(ctx, opts.output, glJson(c)); break;
    case 'csv': writeReport(ctx, opts.output, tableCsv(glTables(c)[0]!, csvSettings(ledger.config, opts))); break;
    case 'xlsx': await writeWorkbook(ctx, opts.output, glTables(c)); break;
    default: writeReport(ctx, opts.output, glTable(c, ctx.color && opts.output === undefined));
  }
  if (opts.currency === undefined) {
    // A group's GL control account holds every currency converted; say so when this comparison left some out.
    const others = [...new Set(ledger.documents.filter((d) => d.currency !== currency && d.date <= asOf).map((d) => d.currency))].sort();
    if (others.length > 0) ctx.stderr.write(`arledger: compared the ${currency} documents only; ${others.join(', ')} documents are left out — add --in-base to compare all currencies converted into ${currency}\n`);
  }
  glOutcome(ctx, c, asOf, '');
}

function glAmount(text: string, currency: Currency): Minor {
  const negative = text.startsWith('-');
  const r = parseAmount(negative ? text.slice(1) : text, currency);
  if (!r.ok) throw new UsageError(`--gl ${JSON.stringify(text)} ${r.problem} — write the control balance as a plain decimal such as 48210.55 (a leading - for a credit balance)`);
  return (negative ? -r.minor : r.minor) as Minor;
}

/** Σ customer balances is the aging's balance total, so the comparison in the base currency is read from columns. */
function runGlInBase(ctx: Ctx, opts: ReconcileOpts, asOf: LocalDate): void {
  if (opts.format === 'csv' || opts.format === 'xlsx') throw new UsageError(`--gl --in-base prints a table or json — use --format json for it in a program`);
  const loaded = openForReport(ctx, opts);
  const { config, customers } = isFast(loaded) ? loaded : loaded.ledger;
  const gl = glAmount(opts.gl!, config.currency);
  const agingOpts = { asOf, basis: config.aging.basis, buckets: config.aging.buckets, customer: null, detail: false };
  const report = isFast(loaded) ? ageColumns(loaded.fast, customers, agingOpts) : ageOpenItems(loaded.ledger, agingOpts);
  const rates = isFast(loaded) ? readRates(loaded.dir, config, customers) : loaded.ledger.rates;
  const c = compareWithGlInBase(report, agingInBase(report, rates, config.currency), gl);
  writeReport(ctx, opts.output, opts.format === 'json' ? glJsonInBase(c) : glTableInBase(c, ctx.color && opts.output === undefined));
  glOutcome(ctx, c, asOf, ', all currencies converted');
}

function glOutcome(ctx: Ctx, c: GlComparison, asOf: LocalDate, how: string): void {
  const currency = c.currency;
  if (c.difference !== 0) {
    const diff = formatMinor(c.difference, currency);
    throw new ExitError(EXIT.findings, `the AR total differs from the general ledger by ${c.difference > 0 ? '+' : ''}${diff} ${currency} (AR ${formatMinor(c.arTotal, currency)}, GL ${formatMinor(c.glBalance, currency)})`);
  }
  ctx.stderr.write(`arledger: the AR total agrees with the general ledger (${currency}${how}, as of ${asOf})\n`);
}
