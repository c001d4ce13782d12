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
import { openForReport, openLedger, writeLedger } from '../ledger.js';
import { dateOption, withWrite } from '../options.js';
import { glJson, glTable, reconcileJson, reconcileTable } from '../render/reconcile.js';
import { agingInBase, compareWithGlInBase } from '../../core/reports/base-currency.js';
import { ageOpenItems } from '../../core/reports/aging.js';
import { ageColumns } from '../../core/fast/aging.js';
import type { GlComparison } from '../../core/reconcile/gl.js';
import type { LocalDate } from '../../core/date.js';
import { isFast } from '../../io/load.js';
import { readRates } from '../../io/rates.js';
import { glJsonInBase, glTableInBase } from '../render/base-currency.js';

interface ReconcileOpts {
  ledger?: string;
  wait?: string;
  date?: string;
  profile?: string;
  apply?: boolean;
  format: 'table' | 'json';
  gl?: string;
  asOf?: string;
  currency?: string;
  inBase?: boolean;
}

export function register(program: Command, ctx: Ctx): void {
  withWrite(program.command('reconcile'))
    .argument('[statement]', 'bank statement: camt.053/camt.054 XML, MT940, or CSV (with --profile)')
    .description('match a bank statement against payments and open items; or compare the AR total with the general ledger (--gl)')
    .option('--profile <name>', 'bank profile of ledger.yaml for a CSV statement')
    .option('--apply', 'record matched lines in reconciliations.csv and proposed lines as payments with their applications')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
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
  arledger reconcile --gl 48210.55 --as-of 2026-11-30
  arledger reconcile --gl 130808.46 --in-base --as-of 2026-11-30   # AR of every currency in the base currency
`)
    .action((statement: string | undefined, opts: ReconcileOpts) => {
      if (opts.gl !== undefined) return runGl(ctx, statement, opts);
      if (statement === undefined) throw new UsageError('reconcile needs a STATEMENT file, or --gl AMOUNT — see `arledger reconcile --help`');
      return runStatement(ctx, statement, opts);
    });
}

interface Outcome {
  readonly report: ReconcileReport;
  readonly rows: number;
  readonly notes?: readonly string[];
}

function reconcile(ctx: Ctx, ledger: Ledger, statement: string, opts: ReconcileOpts): ReconcileReport {
  let read: ReturnType<typeof readStatementFile>;
  try {
    read = readStatementFile(path.resolve(ctx.cwd, statement), statement, ledger.config.bank.profiles, opts.profile, ledger.config.currency);
  } catch (e) {
    throw inInputFile(e, statement);
  }
  if (read.issues.length > 0) throw new DataError(read.issues, false, statement);
  return reconcileStatements(ledger, read.statements, ctx.today, ledger.config.futureDays);
}

function runStatement(ctx: Ctx, statement: string, opts: ReconcileOpts): void {
  const name = path.basename(statement);
  let outcome: Outcome;
  if (opts.apply) {
    const date = dateOption('--date', opts.date, ctx);
    outcome = writeLedger(ctx, opts, (loaded) => {
      const plan = planApply(loaded.ledger, reconcile(ctx, loaded.ledger, statement, opts), name, date);
      return { rows: plan.rows, result: { report: plan.report, rows: plan.rows.length, notes: plan.notes } };
    });
  } else {
    if (opts.date !== undefined) dateOption('--date', opts.date, ctx);
    const { ledger } = openLedger(ctx, opts);
    outcome = { report: reconcile(ctx, ledger, statement, opts), rows: 0 };
  }
  const { report } = outcome;
  ctx.stdout.write(opts.format === 'json' ? reconcileJson(name, report) : reconcileTable(name, report, ctx.color));
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

function runGl(ctx: Ctx, statement: string | undefined, opts: ReconcileOpts): void {
  if (statement !== undefined) throw new UsageError('--gl compares the AR total with the general ledger and takes no STATEMENT — run the two separately');
  if (opts.apply || opts.profile !== undefined) throw new UsageError('--gl cannot be combined with --apply or --profile');
  if (opts.inBase && opts.currency !== undefined) throw new UsageError('--in-base compares in the base currency; --currency names one currency of the ledger — give one of them');
  const asOf = dateOption('--as-of', opts.asOf, ctx);
  if (opts.inBase) return runGlInBase(ctx, opts, asOf);
  const { ledger } = openLedger(ctx, opts);
  const ccyText = opts.currency ?? ledger.config.currency;
  if (!isCurrency(ccyText)) throw new UsageError(`--currency ${JSON.stringify(ccyText)} is not an ISO 4217 code — write e.g. ${ledger.config.currency}`);
  const currency: Currency = ccyText;
  const c = compareWithGl(ledger, asOf, currency, glAmount(opts.gl!, currency));
  ctx.stdout.write(opts.format === 'json' ? glJson(c) : glTable(c, ctx.color));
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
  const loaded = openForReport(ctx, opts);
  const { config, customers } = isFast(loaded) ? loaded : loaded.ledger;
  const gl = glAmount(opts.gl!, config.currency);
  const agingOpts = { asOf, basis: config.aging.basis, buckets: config.aging.buckets, customer: null, detail: false };
  const report = isFast(loaded) ? ageColumns(loaded.fast, customers, agingOpts) : ageOpenItems(loaded.ledger, agingOpts);
  const rates = isFast(loaded) ? readRates(loaded.dir, config, customers) : loaded.ledger.rates;
  const c = compareWithGlInBase(report, agingInBase(report, rates, config.currency), gl);
  ctx.stdout.write(opts.format === 'json' ? glJsonInBase(c) : glTableInBase(c, ctx.color));
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
