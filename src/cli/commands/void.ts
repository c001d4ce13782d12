// `arledger void ID --reason R`: reverse a mistaken invoice, payment or credit note (README "Void").
import type { Command } from 'commander';
import { formatMinor } from '../../core/money.js';
import { planVoid } from '../../core/ops/void.js';
import { approvalOf, recordingUser } from '../../io/user.js';
import type { Ctx } from '../context.js';
import { writeLedger } from '../ledger.js';
import { dateOption, textOption, withWrite } from '../options.js';
import { toJson } from '../render/text.js';
import { formatOption, idOption } from './apply.js';

interface VoidOpts {
  ledger?: string;
  wait?: string;
  date?: string;
  reason: string;
  refund?: boolean;
  id?: string;
  by?: string;
  approvedBy?: string;
  allowFuture?: boolean;
  format: 'text' | 'json';
}

export function register(program: Command, ctx: Ctx): void {
  withWrite(program.command('void').argument('<id>', 'the invoice, debit note, payment, credit note or write-off voided'))
    .description('void a mistaken document: reverse it and keep it out of kpi and behavior')
    .requiredOption('--reason <text>', 'why, e.g. "billed the wrong customer"')
    .option('--refund', 'a payment: pay the money back (a refund) instead of leaving it unapplied')
    .option('--id <id>', 'the id of the reversing document (default: the next number of its kind)')
    .option('--by <name>', 'who voids it (default: $ARLEDGER_USER, else git\'s user.name)')
    .option('--approved-by <name>', 'an invoice above approvals.credit-note: who approved its voiding credit note')
    .addOption(formatOption())
    .addHelpText('after', `
An invoice or debit note is reversed by a credit note for its full amount, applied to it; it must have nothing
else applied (void the payment or credit note that settles it first). A payment's applications are reversed on
the void's date and the money is unapplied again (or, with --refund, paid back by a refund). A credit note or
write-off is reversed by a debit note for its amount; what it settled is open again. Each void is a row of
voids.csv (date,document,reversal,reason,by); voided documents are marked on statements and left out of kpi
and behavior.

Examples:
  arledger void INV-2026-00042 --reason "billed the wrong customer"
  arledger void PAY-000117 --reason "applied to the wrong invoice"
  arledger void PAY-000118 --refund --reason "paid twice"
`)
    .action((id: string, opts: VoidOpts) => run(ctx, id, opts));
}

function run(ctx: Ctx, id: string, opts: VoidOpts): void {
  const date = dateOption('--date', opts.date, ctx);
  const reason = textOption('--reason', opts.reason);
  const reversalId = idOption(opts.id);
  const plan = writeLedger(ctx, opts, ({ ledger, dir }) => {
    const approval = approvalOf(opts.approvedBy, opts.by, ctx.env, dir, ledger.config.approvals !== undefined);
    const by = approval ? approval.by ?? '' : recordingUser(opts.by, ctx.env, dir) ?? '';
    const p = planVoid(ledger, { id, date, reason, by, refund: opts.refund === true, reversalId, ...(approval ? { approval } : {}) });
    return { rows: p.rows, result: p };
  });
  const doc = plan.document;
  const fmt = (m: number): string => formatMinor(m, doc.currency);
  if (opts.format === 'json') {
    ctx.stdout.write(toJson({
      voided: doc.id, kind: doc.kind, date, amount: fmt(doc.amount), currency: doc.currency,
      reversal: plan.reversal ? { id: plan.reversal.id, kind: plan.reversal.kind } : null,
      reversed: plan.reversed.map((r) => ({ document: r.id, amount: fmt(r.amount) })),
    }));
    return;
  }
  ctx.stdout.write(`${plan.reversal?.id ?? doc.id}\n`);
  for (const r of plan.reversed) ctx.stderr.write(`arledger: ${fmt(r.amount)} ${doc.currency} applied to ${r.id} is reversed; ${r.id} is open again for it\n`);
  const how = plan.reversal === null ? `its ${fmt(doc.amount)} ${doc.currency} stays unapplied`
    : `reversed by ${plan.reversal.kind.replace('-', ' ')} ${plan.reversal.id}`;
  ctx.stderr.write(`arledger: voided ${doc.id} on ${date}: ${how}\n`);
}
