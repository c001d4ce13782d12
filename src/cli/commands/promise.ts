// `arledger promise`: record a customer's promise to pay (promises.csv, SPEC §8), and `promise list` with their status.
import { Option, type Command } from 'commander';
import { promiseRow, planPromise } from '../../core/collections/ops.js';
import { promisesAt, type PromiseStatus } from '../../core/collections/promises.js';
import { formatMinor } from '../../core/money.js';
import { RefusedError, UsageError } from '../../core/issues.js';
import { recordingUser, USER_HINT } from '../../io/user.js';
import type { Ctx } from '../context.js';
import { ledgerDir, openLedger, writeLedger } from '../ledger.js';
import { amountOption, dateOption, textOption, withReport, withWrite } from '../options.js';
import { promisesCsv, promisesJson, promisesTable } from '../render/collections.js';
import { toJson } from '../render/text.js';
import { formatOption } from './apply.js';

interface AddOpts {
  ledger?: string;
  wait?: string;
  date?: string;
  allowFuture?: boolean;
  invoice?: string;
  amount?: string;
  due?: string;
  by?: string;
  note?: string;
  format: 'text' | 'json';
}

interface ListOpts {
  ledger?: string;
  asOf?: string;
  customer?: string;
  status?: PromiseStatus;
  format: 'table' | 'csv' | 'json';
}

export function register(program: Command, ctx: Ctx): void {
  const promise = program.command('promise')
    .description('record a customer\'s promise to pay (promises.csv); `promise list` shows them with their status')
    .addHelpText('after', `
Examples:
  arledger promise ACME --invoice INV-2026-00012 --amount 250.00 --due 2026-12-04
  arledger promise list --status broken
`);

  withWrite(promise.command('add', { isDefault: true }).argument('<customer>', 'the customer id'))
    .description('record a promise to pay (the default: `promise ACME …` is `promise add ACME …`)')
    .option('--invoice <id>', 'the invoice promised (default: the customer\'s overdue balance)')
    .option('--amount <amount>', 'how much the customer promised to pay')
    .option('--due <date>', 'by when, YYYY-MM-DD')
    .option('--by <name>', 'who records it (default: $ARLEDGER_USER, else git config user.name)')
    .option('--note <text>', 'anything to remember about it, on one line')
    .addOption(formatOption())
    .addHelpText('after', `
A promise is kept once credits applied to its invoice (without --invoice: to any of the customer's invoices,
debit notes and refunds), dated from the promise's date to its due, add up to its amount; until its due it is
pending, after it broken. While it is pending, dunning leaves the items it covers alone (skipped reason
promised); a broken promise is dunned as usual and shows in \`aging --detail\` and \`worklist\`.

Examples:
  arledger promise ACME --invoice INV-2026-00012 --amount 250.00 --due 2026-12-04 --note "on the phone"
  arledger promise ACME --amount 1000.00 --due 2026-12-15
`)
    .action((customer: string, opts: AddOpts) => add(ctx, customer, opts));

  withReport(promise.command('list'), ['table', 'csv', 'json'])
    .description('list the promises made on or before --as-of, with their status then: kept, pending or broken')
    .option('--customer <id>', 'only this customer')
    .addOption(new Option('--status <status>', 'only promises with this status').choices(['pending', 'kept', 'broken']))
    .addHelpText('after', '\nExamples:\n  arledger promise list --customer ACME\n  arledger promise list --status pending --as-of 2026-12-04 --format json\n')
    .action((opts: ListOpts) => list(ctx, opts));
}

function add(ctx: Ctx, customer: string, opts: AddOpts): void {
  const date = dateOption('--date', opts.date, ctx);
  if (opts.amount === undefined) throw new UsageError(`promise needs --amount: how much the customer promised — e.g. arledger promise ${customer} --amount 250.00 --due ${date}`);
  if (opts.due === undefined) throw new UsageError(`promise needs --due: the day the customer promised to pay by — e.g. arledger promise ${customer} --amount ${opts.amount} --due ${date}`);
  const due = dateOption('--due', opts.due, ctx);
  const note = textOption('--note', opts.note);
  const invoice = opts.invoice ?? '';
  const by = recordingUser(opts.by, ctx.env, ledgerDir(ctx, opts));
  if (by === undefined) throw new UsageError(`who records this promise is not known — ${USER_HINT}`);
  const p = writeLedger(ctx, opts, ({ ledger }) => {
    const c = ledger.customers.get(customer);
    if (!c) throw new RefusedError(`customer ${JSON.stringify(customer)} does not exist — see \`arledger customer list\``);
    const amount = amountOption('--amount', opts.amount!, c.currency);
    const planned = planPromise(ledger, { date, customer, invoice, amount, due, by, note });
    return { rows: [promiseRow(planned)], result: planned };
  });
  const amount = formatMinor(p.amount, p.currency);
  if (opts.format === 'json') {
    ctx.stdout.write(toJson({ date: p.date, customer: p.customer, invoice: p.invoice, currency: p.currency, amount, due: p.due, by: p.by, note: p.note }));
    return;
  }
  const what = p.invoice === '' ? 'of its overdue balance' : `on ${p.invoice}`;
  ctx.stdout.write(`${p.customer} promised to pay ${amount} ${p.currency} ${what} by ${p.due} (recorded ${p.date} by ${p.by}); dunning leaves it alone until then\n`);
}

function list(ctx: Ctx, opts: ListOpts): void {
  const asOf = dateOption('--as-of', opts.asOf, ctx);
  const { ledger } = openLedger(ctx, opts);
  const customer = opts.customer ?? null;
  if (customer !== null && !ledger.customers.has(customer)) {
    throw new RefusedError(`customer ${JSON.stringify(customer)} does not exist — see \`arledger customer list\``);
  }
  const states = promisesAt(ledger, asOf)
    .filter((s) => (customer === null || s.promise.customer === customer) && (opts.status === undefined || s.status === opts.status))
    .sort((a, b) => (a.promise.due < b.promise.due ? -1 : a.promise.due > b.promise.due ? 1
      : a.promise.customer < b.promise.customer ? -1 : a.promise.customer > b.promise.customer ? 1 : a.promise.src.line - b.promise.src.line));
  switch (opts.format) {
    case 'json': ctx.stdout.write(promisesJson(asOf, states)); break;
    case 'csv': ctx.stdout.write(promisesCsv(states)); break;
    default: ctx.stdout.write(promisesTable(asOf, states, ctx.color));
  }
}
