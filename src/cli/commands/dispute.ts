// `arledger dispute`: open or resolve a dispute on an invoice; disputed items are flagged and never dunned (SPEC §2).
import type { Command } from 'commander';
import { UsageError } from '../../core/issues.js';
import { planDispute } from '../../core/ops/credit.js';
import { disputeRow } from '../../core/rows.js';
import type { Ctx } from '../context.js';
import { customerOf, writeLedger } from '../ledger.js';
import { dateOption, textOption, withWrite } from '../options.js';
import { toJson } from '../render/text.js';
import { formatOption } from './apply.js';

interface DisputeOpts {
  ledger?: string;
  wait?: string;
  date?: string;
  reason?: string;
  resolve?: boolean;
  format: 'text' | 'json';
}

export function register(program: Command, ctx: Ctx): void {
  withWrite(program.command('dispute').argument('<invoice>', 'the invoice or debit note disputed'))
    .description('open a dispute on an invoice (--reason), or resolve it (--resolve)')
    .option('--reason <text>', 'what the customer disputes (required to open one)')
    .option('--resolve', 'resolve the open dispute')
    .addOption(formatOption())
    .addHelpText('after', `
Examples:
  arledger dispute INV-2026-00012 --reason "quantity disputed"
  arledger dispute INV-2026-00012 --resolve --reason "proof of delivery sent"
`)
    .action((invoice: string, opts: DisputeOpts) => run(ctx, invoice, opts));
}

function run(ctx: Ctx, invoice: string, opts: DisputeOpts): void {
  const date = dateOption('--date', opts.date, ctx);
  const resolve = Boolean(opts.resolve);
  if (!resolve && opts.reason === undefined) {
    throw new UsageError(`dispute needs --reason to open a dispute, or --resolve to close one — e.g. arledger dispute ${invoice} --reason "quantity disputed"`);
  }
  const reason = textOption('--reason', opts.reason);
  const event = writeLedger(ctx, opts, ({ ledger }) => {
    const e = planDispute(ledger, { invoice, date, reason, resolve });
    return { rows: [disputeRow(e)], result: e };
  }, undefined, customerOf(invoice));
  if (opts.format === 'json') {
    ctx.stdout.write(toJson({ invoice: event.invoice, status: event.status, date: event.date, reason: event.reason }));
    return;
  }
  ctx.stdout.write(`${event.invoice} ${event.status === 'open' ? 'disputed' : 'dispute resolved'} on ${event.date}\n`);
}
