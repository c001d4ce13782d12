// `arledger aging`: the aging report (SPEC §2, §3.1), with --fail-over for cron and CI.
import type { Command } from 'commander';
import { RefusedError, UsageError } from '../../core/issues.js';
import { formatMinor, minorDigits, parseAmount } from '../../core/money.js';
import { ageOpenItems } from '../../core/reports/aging.js';
import type { AgingBasis } from '../../core/types.js';
import type { Ctx } from '../context.js';
import { EXIT, ExitError } from '../errors.js';
import { openForReport } from '../ledger.js';
import { isFast } from '../../io/load.js';
import { ageColumns } from '../../core/fast/aging.js';
import { collect, csvSettings, dateOption, withCsv, withOutput, withReport, type CsvOpts } from '../options.js';
import { agingCsv, agingJsonChunks, agingTable, agingTables } from '../render/aging.js';
import { writeReport, writeWorkbook } from '../report-output.js';
import { bucketBars, type BucketSeries } from '../render/chart.js';
import { agingInBase } from '../../core/reports/base-currency.js';
import { readRates } from '../../io/rates.js';

interface AgingOpts extends CsvOpts {
  ledger?: string;
  asOf?: string;
  format: 'table' | 'csv' | 'json' | 'xlsx' | 'html';
  output?: string;
  basis?: string;
  detail?: boolean;
  customer?: string;
  failOver?: string[];
  inBase?: boolean;
  chart?: boolean;
}

export function register(program: Command, ctx: Ctx): void {
  withCsv(withOutput(withReport(program.command('aging'), ['table', 'csv', 'json', 'xlsx', 'html'])))
    .description('age the open items: current, 1-30, 31-60, 61-90, 91+ days overdue')
    .option('--basis <basis>', 'bucket by days past due (due) or days since the invoice date (invoice)')
    .option('--detail', 'list every open item under its customer')
    .option('--customer <id>', 'only this customer')
    .option('--in-base', 'also in the base currency (ledger.yaml currency): every customer converted at the latest rates.csv rate on or before --as-of')
    .option('--chart', 'draw the bucket bar under the table even when stdout is not a terminal')
    .option('--no-chart', 'no bucket bar under the table on a terminal')
    .option('--fail-over <bucket=amount>', 'exit 1 when a bucket total exceeds the amount, e.g. 91+=0 (repeatable)', collect)
    .addHelpText('after', '\nExamples:\n  arledger aging --as-of 2026-11-30\n  arledger aging --detail --customer ACME --format json\n  arledger aging --in-base --format html > aging.html   # a page with a chart per currency and one in the base currency\n  arledger aging --fail-over 91+=0 --format csv   # in cron or CI: exit 1 if anything is 91+ days overdue\n')
    .action((opts: AgingOpts) => run(ctx, opts));
}

async function run(ctx: Ctx, opts: AgingOpts): Promise<void> {
  const asOf = dateOption('--as-of', opts.asOf, ctx);
  if (opts.basis !== undefined && opts.basis !== 'due' && opts.basis !== 'invoice') {
    throw new UsageError(`--basis ${JSON.stringify(opts.basis)} is not due or invoice`);
  }
  if (opts.inBase && opts.format === 'csv') throw new UsageError('--in-base shows base-currency figures in the table, json and html formats — use --format json for them in a program');
  if (opts.chart === true && opts.format !== 'table') throw new UsageError(`--chart draws the bucket bar under the table — leave out --format ${opts.format}, or --chart`);
  const loaded = openForReport(ctx, opts);
  const { config, customers } = isFast(loaded) ? loaded : loaded.ledger;
  if (opts.customer !== undefined && !customers.has(opts.customer)) {
    throw new RefusedError(`customer ${JSON.stringify(opts.customer)} does not exist — see \`arledger customer list\``);
  }
  const basis = (opts.basis ?? config.aging.basis) as AgingBasis;
  const agingOpts = { asOf, basis, buckets: config.aging.buckets, customer: opts.customer ?? null, detail: Boolean(opts.detail) || opts.format === 'html' };
  const report = isFast(loaded) ? ageColumns(loaded.fast, customers, agingOpts) : ageOpenItems(loaded.ledger, agingOpts);
  const limits = (opts.failOver ?? []).map((spec) => {
    const m = /^(.+)=(.+)$/.exec(spec);
    if (!m || !report.buckets.includes(m[1]!)) {
      throw new UsageError(`--fail-over ${JSON.stringify(spec)} does not name a bucket — write BUCKET=AMOUNT with BUCKET one of ${report.buckets.join(', ')}`);
    }
    if (!/^\d+(\.\d+)?$/.test(m[2]!)) throw new UsageError(`--fail-over ${JSON.stringify(spec)}: ${JSON.stringify(m[2])} is not an amount — write e.g. 91+=1000.00`);
    return { bucket: m[1]!, index: report.buckets.indexOf(m[1]!), amount: m[2]! };
  });
  const base = opts.inBase ? agingInBase(report, isFast(loaded) ? readRates(loaded.dir, config, customers) : loaded.ledger.rates, config.currency) : undefined;
  switch (opts.format) {
    case 'json': writeReport(ctx, opts.output, agingJsonChunks(report, base)); break;
    case 'csv': writeReport(ctx, opts.output, agingCsv(report, Boolean(opts.detail), csvSettings(config, opts))); break;
    case 'xlsx': await writeWorkbook(ctx, opts.output, agingTables(report, Boolean(opts.detail))); break;
    // The page's renderer (and the QR code library under it) is loaded for this format only.
    case 'html': writeReport(ctx, opts.output, (await import('../render/aging-html.js')).agingHtml(report, base)); break;
    default: {
      let text = agingTable(report, ctx.color && opts.output === undefined, base);
      // A picture for the person at the terminal; a script or a golden file gets it only when it asks.
      if (opts.chart ?? (ctx.stdout.isTTY && opts.output === undefined)) {
        const series: BucketSeries[] = report.totals.map((t) => ({ currency: t.currency, label: t.currency, buckets: t.buckets }));
        if (base) series.push({ currency: base.currency, label: `${base.currency} (base)`, buckets: base.totals.buckets });
        // 80 columns, or fewer on a narrower terminal, so that no bar wraps.
        const columns = Number(ctx.env['COLUMNS']);
        text += `\n${bucketBars(report.buckets, series, ctx.color && opts.output === undefined, columns >= 40 && columns < 80 ? columns : 80)}`;
      }
      writeReport(ctx, opts.output, text);
    }
  }
  let breached = false;
  for (const l of limits) {
    for (const t of report.totals) {
      // The limit is read in each currency's minor units; extra decimals make it a little stricter, never looser.
      const digits = minorDigits(t.currency);
      const [whole, frac = ''] = l.amount.split('.');
      const limit = parseAmount(`${whole}${digits > 0 ? `.${frac.padEnd(digits, '0').slice(0, digits)}` : ''}`, t.currency);
      const value = t.buckets[l.index]!;
      if (limit.ok && value > limit.minor) {
        breached = true;
        ctx.stderr.write(`arledger: ${l.bucket} is ${formatMinor(value, t.currency)} ${t.currency}, over the limit ${formatMinor(limit.minor, t.currency)}\n`);
      }
    }
  }
  if (breached) throw new ExitError(EXIT.findings);
}
