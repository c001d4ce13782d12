// `arledger writeoff`: write off what is open on an invoice (or part of it), applied to it at once (SPEC §3).
import type { Command } from 'commander';
import { planRows } from '../../core/ops/apply.js';
import { planWriteOff } from '../../core/ops/credit.js';
import type { Ctx } from '../context.js';
import { approvalOf } from '../../io/user.js';
import { customerOf, writeLedger } from '../ledger.js';
import { amountOption, dateOption, textOption, withWrite } from '../options.js';
import { formatOption, idOption, report } from './apply.js';

interface WriteOffOpts {
  ledger?: string;
  wait?: string;
  date?: string;
  amount?: string;
  reason: string;
  id?: string;
  force?: boolean;
  by?: string;
  approvedBy?: string;
  format: 'text' | 'json';
}

export function register(program: Command, ctx: Ctx): void {
  withWrite(program.command('writeoff').argument('<invoice>', 'the invoice, debit note or refund written off'))
    .description('write off an invoice\'s open amount (or --amount of it) as uncollectible')
    .option('--amount <amount>', 'write off only this much (at most the open amount)')
    .requiredOption('--reason <text>', 'why, e.g. "customer insolvent"')
    .option('--id <id>', 'the write-off id (default: the next number of numbering.write-off)')
    .option('--force', 'write off --amount even beyond the open amount; the excess stays unapplied')
    .option('--approved-by <name>', 'who approved it: needed above approvals.write-off in ledger.yaml, and not the person recording it')
    .option('--by <name>', 'who records it (default: $ARLEDGER_USER, else git\'s user.name)')
    .addOption(formatOption())
    .addHelpText('after', `
Examples:
  arledger writeoff INV-2026-00012 --reason "customer insolvent"
  arledger writeoff INV-2026-00014 --amount 0.40 --reason "short payment, not worth chasing"
`)
    .action((invoice: string, opts: WriteOffOpts) => run(ctx, invoice, opts));
}

function run(ctx: Ctx, invoice: string, opts: WriteOffOpts): void {
  const date = dateOption('--date', opts.date, ctx);
  const reason = textOption('--reason', opts.reason);
  const id = idOption(opts.id);
  const plan = writeLedger(ctx, opts, ({ ledger, dir }) => {
    const approval = approvalOf(opts.approvedBy, opts.by, ctx.env, dir, ledger.config.approvals !== undefined);
    const currency = ledger.byId.get(invoice)?.currency ?? ledger.config.currency;
    const amount = opts.amount === undefined ? null : amountOption('--amount', opts.amount, currency);
    const p = planWriteOff(ledger, { invoice, amount, reason, date, id, force: opts.force === true, ...(approval ? { approval } : {}) });
    return { rows: planRows(p), result: p };
  }, undefined, customerOf(invoice));
  report(ctx, opts.format, 'credit', plan.documents[0]!.id, plan);
}
