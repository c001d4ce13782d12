// `arledger kpi`: DSO, collection effectiveness index, average days delinquent and share current, per period.
import { Option, type Command } from 'commander';
import { addDays, type LocalDate } from '../../core/date.js';
import { UsageError } from '../../core/issues.js';
import { collectionKpis, type KpiPeriod } from '../../core/reports/kpi.js';
import type { Ctx } from '../context.js';
import { openLedger } from '../ledger.js';
import { csvSettings, dateOption, withCsv, withLedger, withOutput, type CsvOpts } from '../options.js';
import { kpiCsv, kpiJson, kpiTable, kpiTables } from '../render/kpi.js';
import { writeReport, writeWorkbook } from '../report-output.js';
import { kpisInBase } from '../../core/reports/base-currency.js';
import { kpiJsonInBase, kpiTableInBase } from '../render/base-currency.js';

interface KpiOpts extends CsvOpts {
  ledger?: string;
  from?: string;
  to?: string;
  period: KpiPeriod;
  format: 'table' | 'csv' | 'json' | 'xlsx';
  output?: string;
  inBase?: boolean;
}

const HELP = `
Per period (calendar month or quarter, clipped to --from/--to) and currency, with
  AR          = open amount of invoices, debit notes and refunds at a date (the aging's open total)
  current AR  = the part of AR not yet past due at that date
  invoiced    = invoices and debit notes dated in the period; days = days in the period
  opening AR  = AR the day before the period; closing AR = AR on its last day
  DSO                      = closing AR / invoiced * days
  best possible DSO        = closing current AR / invoiced * days
  average days delinquent  = DSO - best possible DSO
  CEI (collection effectiveness index)
                           = (opening AR + invoiced - closing AR) / (opening AR + invoiced - closing current AR) * 100
  current share            = closing current AR / closing AR * 100
Exact decimals, rounded half-up to one decimal; a division by zero is null in JSON, "-" in the table and empty in CSV.
Default range: the 12 months (4 quarters) up to today.
--in-base adds the KPIs of all currencies together in the base currency (ledger.yaml currency): each
customer's AR figures converted at the latest rates.csv rate on or before --to, the same rates for every
period (constant currency), so that a change comes from collections, not from exchange rates.

Examples:
  arledger kpi
  arledger kpi --from 2026-01-01 --to 2026-12-31 --period quarter
  arledger kpi --from 2026-10-01 --to 2026-10-31 --format json
`;

export function register(program: Command, ctx: Ctx): void {
  withCsv(withOutput(withLedger(program.command('kpi'))))
    .description('DSO, collection effectiveness index, average days delinquent, share current, per period')
    .option('--from <date>', 'first day of the range, YYYY-MM-DD (default: 12 months or 4 quarters before --to)')
    .option('--to <date>', 'last day of the range, YYYY-MM-DD (default: today)')
    .addOption(new Option('--period <period>', 'period length').choices(['month', 'quarter']).default('month'))
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json', 'xlsx']).default('table'))
    .option('--in-base', 'also the KPIs of all currencies together, in the base currency (rates.csv)')
    .addHelpText('after', HELP)
    .action((opts: KpiOpts) => run(ctx, opts));
}

/** First day of the 12 months (4 quarters) that end with the month (quarter) holding `to`. */
function defaultFrom(to: LocalDate, period: KpiPeriod): LocalDate {
  const months = period === 'month' ? 11 : 9;
  const y = Number(to.slice(0, 4));
  let m = Number(to.slice(5, 7));
  if (period === 'quarter') m = Math.floor((m - 1) / 3) * 3 + 1;
  const index = y * 12 + (m - 1) - months;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01` as LocalDate;
}

async function run(ctx: Ctx, opts: KpiOpts): Promise<void> {
  const to = dateOption('--to', opts.to, ctx);
  const from = opts.from === undefined ? defaultFrom(to, opts.period) : dateOption('--from', opts.from, ctx);
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to} — give a range with from on or before to`);
  if (addDays(from, 366 * 50) < to) throw new UsageError(`--from ${from} to --to ${to} spans more than 50 years — give a shorter range`);
  const { ledger } = openLedger(ctx, opts);
  if (opts.inBase && opts.format === 'csv') throw new UsageError('--in-base shows base-currency KPIs in the table and json formats — use --format json for them in a program');
  const report = collectionKpis(ledger, { from, to, period: opts.period });
  const base = opts.inBase ? kpisInBase(ledger, report) : undefined;
  switch (opts.format) {
    case 'json': writeReport(ctx, opts.output, base ? kpiJsonInBase(report, base) : kpiJson(report)); break;
    case 'csv': writeReport(ctx, opts.output, kpiCsv(report, csvSettings(ledger.config, opts))); break;
    case 'xlsx': await writeWorkbook(ctx, opts.output, kpiTables(report)); break;
    default: writeReport(ctx, opts.output, base ? kpiTableInBase(report, ctx.color && opts.output === undefined, base) : kpiTable(report, ctx.color && opts.output === undefined));
  }
}
