// `arledger credit`: issue a credit note, applied to the invoice it names (SPEC §3).
import type { Command } from 'commander';
import { planRows, requireCustomer } from '../../core/ops/apply.js';
import { planCreditNote } from '../../core/ops/credit.js';
import type { Ctx } from '../context.js';
import { approvalOf } from '../../io/user.js';
import { writeLedger } from '../ledger.js';
import { amountOption, dateOption, textOption, withWrite } from '../options.js';
import { formatOption, idOption, report } from './apply.js';

interface CreditOpts {
  ledger?: string;
  wait?: string;
  date?: string;
  customer: string;
  amount: string;
  reason: string;
  invoice?: string;
  id?: string;
  force?: boolean;
  by?: string;
  approvedBy?: string;
  format: 'text' | 'json';
}

export function register(program: Command, ctx: Ctx): void {
  withWrite(program.command('credit'))
    .description('issue a credit note; with --invoice it is issued against that invoice and applied to it')
    .requiredOption('--customer <id>', 'the customer credited')
    .requiredOption('--amount <amount>', 'the amount credited, e.g. 120.00')
    .requiredOption('--reason <text>', 'why, e.g. "price adjustment"')
    .option('--invoice <id>', 'the invoice it is issued against; it is applied there up to the open amount')
    .option('--id <id>', 'the credit note id (default: the next number of numbering.credit-note)')
    .option('--force', 'issue it even when it exceeds the invoice\'s open amount; the excess stays unapplied')
    .option('--approved-by <name>', 'who approved it: needed above approvals.credit-note in ledger.yaml, and not the person recording it')
    .option('--by <name>', 'who records it (default: $ARLEDGER_USER, else git\'s user.name)')
    .addOption(formatOption())
    .addHelpText('after', `
A credit note against an invoice may not exceed what is open on it (exit 3), nor be issued against a disputed
invoice; with --force it is issued for the full amount and whatever the invoice does not take stays unapplied on
the credit note; use \`arledger apply --credit ID\` or \`arledger refund\` for it later.

Examples:
  arledger credit --customer ACME --amount 120.00 --reason "damaged goods" --invoice INV-2026-00012
  arledger credit --customer ACME --amount 50.00 --reason goodwill --date 2026-11-30
`)
    .action((opts: CreditOpts) => run(ctx, opts));
}

function run(ctx: Ctx, opts: CreditOpts): void {
  const date = dateOption('--date', opts.date, ctx);
  const reason = textOption('--reason', opts.reason);
  const id = idOption(opts.id);
  const plan = writeLedger(ctx, opts, ({ ledger, dir }) => {
    const approval = approvalOf(opts.approvedBy, opts.by, ctx.env, dir, ledger.config.approvals !== undefined);
    const { currency } = requireCustomer(ledger, opts.customer);
    const p = planCreditNote(ledger, {
      customer: opts.customer, amount: amountOption('--amount', opts.amount, currency), reason,
      invoice: opts.invoice ?? null, date, id, force: opts.force === true, ...(approval ? { approval } : {}),
    });
    return { rows: planRows(p), result: p };
  }, undefined, [opts.customer]);
  report(ctx, opts.format, 'credit', plan.documents[0]!.id, plan);
}
