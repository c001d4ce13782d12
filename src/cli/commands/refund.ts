// `arledger refund`: pay back a customer's unapplied credit (SPEC §3); the refund is a debit document.
import type { Command } from 'commander';
import { formatMinor } from '../../core/money.js';
import { planRows, requireCustomer, type Plan } from '../../core/ops/apply.js';
import { planRefund } from '../../core/ops/credit.js';
import type { Ctx } from '../context.js';
import { writeLedger } from '../ledger.js';
import { amountOption, dateOption, textOption, withWrite } from '../options.js';
import { toJson } from '../render/text.js';
import { formatOption, idOption } from './apply.js';

interface RefundOpts {
  ledger?: string;
  wait?: string;
  date?: string;
  customer: string;
  amount: string;
  credit?: string;
  force?: boolean;
  method?: string;
  reference?: string;
  memo?: string;
  id?: string;
  format: 'text' | 'json';
}

export function register(program: Command, ctx: Ctx): void {
  withWrite(program.command('refund'))
    .description('refund unapplied credit (overpayments, credit notes) to a customer')
    .requiredOption('--customer <id>', 'the customer paid back')
    .requiredOption('--amount <amount>', 'the amount paid back, e.g. 20.00')
    .option('--credit <id>', 'the payment or credit note refunded (default: the customer\'s unapplied credits, oldest first)')
    .option('--force', 'record the refund even when it exceeds the unapplied credit; the rest stays open on it')
    .option('--method <text>', 'how it was paid back, e.g. transfer')
    .option('--reference <text>', 'the reference sent with the refund')
    .option('--memo <text>', 'a note on the refund')
    .option('--id <id>', 'the refund id (default: the next number of numbering.refund)')
    .addOption(formatOption())
    .addHelpText('after', `
Examples:
  arledger refund --customer ACME --amount 20.00 --method transfer
  arledger refund --customer ACME --amount 120.00 --credit CN-2026-0003 --reference "credit note CN-2026-0003"
`)
    .action((opts: RefundOpts) => run(ctx, opts));
}

function run(ctx: Ctx, opts: RefundOpts): void {
  const date = dateOption('--date', opts.date, ctx);
  const id = idOption(opts.id);
  const text = {
    method: textOption('--method', opts.method), reference: textOption('--reference', opts.reference), memo: textOption('--memo', opts.memo),
  };
  const plan = writeLedger(ctx, opts, ({ ledger }) => {
    const { currency } = requireCustomer(ledger, opts.customer);
    const p = planRefund(ledger, {
      customer: opts.customer, amount: amountOption('--amount', opts.amount, currency), credit: opts.credit ?? null,
      force: Boolean(opts.force), date, id, ...text,
    });
    return { rows: planRows(p), result: p };
  }, undefined, [opts.customer]);
  print(ctx, opts.format, plan);
}

function print(ctx: Ctx, format: 'text' | 'json', plan: Plan): void {
  const id = plan.documents[0]!.id;
  const fmt = (m: number): string => formatMinor(m, plan.currency);
  for (const n of plan.notes) ctx.stderr.write(`arledger: ${n}\n`);
  if (format === 'json') {
    ctx.stdout.write(toJson({
      refund: id,
      applications: plan.applications.map((a) => ({ credit: a.credit, amount: fmt(a.amount) })),
      open: fmt(plan.unapplied),
    }));
    return;
  }
  const lines = [id, ...plan.applications.map((a) => `applied ${fmt(a.amount)} ${plan.currency} from ${a.credit}`)];
  if (plan.unapplied > 0) lines.push(`open ${fmt(plan.unapplied)} ${plan.currency}`);
  ctx.stdout.write(`${lines.join('\n')}\n`);
}
