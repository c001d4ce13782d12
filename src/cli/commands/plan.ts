// `arledger plan`: a payment plan for an invoice (SPEC §8), and `plan show` to see where it stands.
import { Option, type Command } from 'commander';
import { isLocalDate, type LocalDate } from '../../core/date.js';
import { UsageError } from '../../core/issues.js';
import { exampleAmount, parseAmount, type Minor } from '../../core/money.js';
import { makePlan, planRows, planStatus, type PlanRequest } from '../../core/collections/plans.js';
import type { Ctx } from '../context.js';
import { openLedger, writeLedger } from '../ledger.js';
import { collect, dateOption, withLedger, withWrite } from '../options.js';
import { planJson, planShowJson, planShowTable, planTable } from '../render/plan.js';

interface PlanOpts {
  ledger?: string;
  wait?: string;
  date?: string;
  allowFuture?: boolean;
  instalments?: string;
  every?: string;
  first?: string;
  due?: string[];
  format: 'table' | 'json';
}

interface ShowOpts {
  ledger?: string;
  asOf?: string;
  format: 'table' | 'json';
}

const formats = (): Option => new Option('--format <format>', 'output format').choices(['table', 'json']).default('table');

export function register(program: Command, ctx: Ctx): void {
  const plan = withWrite(program.command('plan').argument('<invoice>', 'the invoice or debit note to pay in instalments'))
    .description('split an invoice\'s open amount into instalments with their own due dates (plans.csv)')
    .option('--instalments <n>', 'that many instalments: the open amount ÷ N, rounded down, the rest on the last')
    .option('--every <days>', 'with --instalments: days between due dates')
    .option('--first <date>', 'with --instalments: the first due date (default: the plan date + DAYS)')
    .option('--due <date=amount>', 'an instalment due on DATE (repeatable); the amounts add up to the open amount', collect)
    .addOption(formats())
    .addHelpText('after', `
Examples:
  arledger plan INV-2026-00012 --instalments 3 --every 30
  arledger plan INV-2026-00012 --instalments 3 --every 30 --first 2026-12-15
  arledger plan INV-2026-00012 --due 2026-12-15=500.00 --due 2027-01-15=400.00
  arledger plan show INV-2026-00012 --as-of 2027-01-31

The plan splits what is open on its date (--date, default today). What is applied to the invoice afterwards
settles instalment 1 first, then 2, ...; aging and dunning take each instalment by its own due date. A new plan
for the same invoice supersedes the last one (re-planning). Refused for a settled or disputed invoice.
`)
    .action((invoice: string, opts: PlanOpts) => run(ctx, invoice, opts));

  withLedger(plan.command('show').argument('<invoice>', 'the invoice with a plan'))
    .description('the instalments of an invoice\'s plan with what is paid, open and overdue')
    .option('--as-of <date>', 'the report date, YYYY-MM-DD (default: today)')
    .addOption(formats())
    .action((invoice: string, opts: ShowOpts) => show(ctx, invoice, opts));
}

function wholeNumber(name: string, value: string, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new UsageError(`${name} ${JSON.stringify(value)} is not a whole number from 1 to ${max} — write e.g. ${name} 3`);
  }
  return Number(value);
}

/** `--due DATE=AMOUNT`, checked as far as it can be before the invoice's currency is known. */
function dueSpec(spec: string): { due: LocalDate; amount: string } {
  const m = /^([^=]*)=(.*)$/.exec(spec);
  if (!m || !isLocalDate(m[1]!) || !/^\d+(\.\d+)?$/.test(m[2]!)) {
    throw new UsageError(`--due ${JSON.stringify(spec)} is not DATE=AMOUNT — write e.g. --due 2026-12-31=300.00`);
  }
  return { due: m[1] as LocalDate, amount: m[2]! };
}

function run(ctx: Ctx, invoice: string, opts: PlanOpts): void {
  const date = dateOption('--date', opts.date, ctx);
  const byCount = opts.instalments !== undefined || opts.every !== undefined || opts.first !== undefined;
  if (byCount && opts.due !== undefined) throw new UsageError('give either --instalments N --every DAYS or --due DATE=AMOUNT…, not both');
  if (!byCount && opts.due === undefined) {
    throw new UsageError(`plan needs --instalments N --every DAYS or --due DATE=AMOUNT… — e.g. arledger plan ${invoice} --instalments 3 --every 30`);
  }
  let every: PlanRequest['every'];
  if (byCount) {
    if (opts.instalments === undefined || opts.every === undefined) throw new UsageError('--instalments N and --every DAYS go together — e.g. --instalments 3 --every 30');
    every = {
      count: wholeNumber('--instalments', opts.instalments, 999),
      days: wholeNumber('--every', opts.every, 3660),
      first: opts.first === undefined ? null : dateOption('--first', opts.first, ctx),
    };
  }
  const specs = (opts.due ?? []).map(dueSpec);
  if (specs.length > 999) throw new UsageError(`${specs.length} --due instalments are more than 999`);
  const made = writeLedger(ctx, opts, ({ ledger }) => {
    const doc = ledger.byId.get(invoice);
    const ccy = doc?.currency ?? ledger.config.currency;
    const dues = specs.map((s) => {
      const r = parseAmount(s.amount, ccy);
      if (!r.ok) throw new UsageError(`--due ${s.due}=${s.amount}: ${JSON.stringify(s.amount)} ${r.problem} — write a plain decimal such as ${exampleAmount(ccy)}`);
      if (r.minor === 0) throw new UsageError(`--due ${s.due}=${s.amount}: an instalment is more than 0`);
      return { due: s.due, amount: r.minor as Minor };
    });
    const p = makePlan(ledger, { invoice, date, ...(every ? { every } : { dues }) });
    const target = ledger.byId.get(p.invoice)!;
    return { rows: planRows(p, target.currency), result: { plan: p, customer: target.customer, currency: target.currency } };
  });
  ctx.stdout.write(opts.format === 'json' ? planJson(made.plan, made.customer, made.currency) : planTable(made.plan, made.customer, made.currency));
  ctx.stderr.write(`arledger: plan of ${made.plan.invoice} with ${made.plan.instalments.length} instalment${made.plan.instalments.length === 1 ? '' : 's'} added to plans.csv\n`);
}

function show(ctx: Ctx, invoice: string, opts: ShowOpts): void {
  const asOf = dateOption('--as-of', opts.asOf, ctx);
  const { ledger } = openLedger(ctx, opts);
  const status = planStatus(ledger, invoice, asOf);
  ctx.stdout.write(opts.format === 'json' ? planShowJson(status) : planShowTable(status, ctx.color));
}
