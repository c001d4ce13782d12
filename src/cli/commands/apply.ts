// `arledger apply`: record a payment and apply it to open items, or apply an existing payment or credit note (SPEC §3).
import { Option, type Command } from 'commander';
import { UsageError } from '../../core/issues.js';
import { ID_HINT, ID_RE } from '../../core/journals.js';
import { formatMinor, type Currency } from '../../core/money.js';
import { planCreditApplication, planPayment, planRows, requireCustomer, type Plan, type Target } from '../../core/ops/apply.js';
import type { Ctx } from '../context.js';
import { customerOf, writeLedger } from '../ledger.js';
import { customersWithBankRef } from '../../io/bank-ref.js';
import { amountOption, collect, dateOption, textOption, withWrite } from '../options.js';
import { toJson } from '../render/text.js';

interface ApplyOpts {
  ledger?: string;
  wait?: string;
  date?: string;
  customer?: string;
  amount?: string;
  credit?: string;
  invoice?: string[];
  ref?: string;
  bankRef?: string;
  method?: string;
  memo?: string;
  id?: string;
  format: 'text' | 'json';
}

export function register(program: Command, ctx: Ctx): void {
  withWrite(program.command('apply'))
    .description('record a customer payment and apply it to open items, or apply an existing payment or credit note')
    .option('--customer <id>', 'the paying customer')
    .option('--amount <amount>', 'the amount received, e.g. 1500.00')
    .option('--credit <id>', 'apply what is left of this payment or credit note instead of recording a payment')
    .option('--invoice <id[=amount]>', 'apply to this invoice (up to its open amount, or exactly AMOUNT); repeatable, in this order', collect)
    .option('--ref <text>', 'the payment reference (remittance text)')
    .option('--bank-ref <text>', 'the bank transaction id')
    .option('--method <text>', 'how it was paid, e.g. transfer, card, cheque')
    .option('--memo <text>', 'a note on the payment')
    .option('--id <id>', 'the payment id (default: the next number of numbering.payment)')
    .addOption(formatOption())
    .addHelpText('after', `
Without --invoice the payment goes to the customer's open invoices, debit notes and refunds, oldest due date
first (then id), skipping disputed ones; whatever is left stays unapplied on the payment. With --credit, --date
is the date of the applications, on or after the dates of both documents.

An invoice on terms like 2/10 net30 paid within its discount window, leaving at most the discount open, is settled
by a credit note for what is left, written in the same transaction (reason "early-payment discount 2% (2/10 net30)").

Examples:
  arledger apply --customer ACME --amount 1440.00 --bank-ref TX123
  arledger apply --customer ACME --amount 500.00 --invoice INV-2026-00012=300.00 --invoice INV-2026-00014
  arledger apply --credit CN-2026-0003 --invoice INV-2026-00014 --date 2026-11-30
  arledger apply --customer ACME --amount 80.00 --format json
`)
    .action((opts: ApplyOpts) => run(ctx, opts));
}

export function formatOption(): Option {
  return new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');
}

/** `ID` or `ID=AMOUNT`; the amount is read once the currency is known. */
export function parseTargets(specs: readonly string[]): { id: string; amountText: string | null }[] {
  return specs.map((spec) => {
    const eq = spec.indexOf('=');
    const id = eq < 0 ? spec : spec.slice(0, eq);
    if (!ID_RE.test(id)) throw new UsageError(`--invoice ${JSON.stringify(spec)}: ${JSON.stringify(id)} is not a document id — write ID or ID=AMOUNT (${ID_HINT})`);
    return { id, amountText: eq < 0 ? null : spec.slice(eq + 1) };
  });
}

function targetsIn(specs: readonly { id: string; amountText: string | null }[], currency: Currency): Target[] {
  return specs.map((s) => ({ id: s.id, amount: s.amountText === null ? null : amountOption(`the amount for --invoice ${s.id}`, s.amountText, currency) }));
}

export function idOption(value: string | undefined): string | null {
  if (value === undefined) return null;
  if (!ID_RE.test(value)) throw new UsageError(`--id ${JSON.stringify(value)} is not a valid id — ${ID_HINT}`);
  return value;
}

function run(ctx: Ctx, opts: ApplyOpts): void {
  const date = dateOption('--date', opts.date, ctx);
  const specs = parseTargets(opts.invoice ?? []);
  let plan: Plan;
  if (opts.credit !== undefined) {
    const extra = (['customer', 'amount', 'ref', 'bankRef', 'method', 'memo', 'id'] as const).filter((k) => opts[k] !== undefined);
    if (extra.length > 0) {
      throw new UsageError(`--credit applies an existing document; ${extra.map((k) => `--${k === 'bankRef' ? 'bank-ref' : k}`).join(', ')} belong${extra.length === 1 ? 's' : ''} to recording a new payment — leave ${extra.length === 1 ? 'it' : 'them'} out`);
    }
    const creditId = opts.credit;
    plan = writeLedger(ctx, opts, ({ ledger }) => {
      const currency = ledger.byId.get(creditId)?.currency ?? ledger.config.currency;
      const p = planCreditApplication(ledger, creditId, date, targetsIn(specs, currency));
      return { rows: planRows(p), result: p };
    }, undefined, customerOf(creditId));
    report(ctx, opts.format, 'credit', creditId, plan);
    return;
  }
  if (opts.customer === undefined || opts.amount === undefined) {
    throw new UsageError(`apply needs --customer and --amount to record a payment, or --credit ID to apply an existing one — e.g. arledger apply --customer ACME --amount 1500.00`);
  }
  const customer = opts.customer;
  const amountText = opts.amount;
  const id = idOption(opts.id);
  const text = {
    method: textOption('--method', opts.method), reference: textOption('--ref', opts.ref),
    bankRef: textOption('--bank-ref', opts.bankRef), memo: textOption('--memo', opts.memo),
  };
  plan = writeLedger(ctx, opts, ({ ledger }) => {
    const { currency } = requireCustomer(ledger, customer);
    const p = planPayment(ledger, {
      customer, amount: amountOption('--amount', amountText, currency), date, id, ...text, targets: targetsIn(specs, currency),
    });
    return { rows: planRows(p), result: p };
    // A bank_ref already on another customer's payment is warned about: that customer's payments are planned on too.
  }, undefined, text.bankRef === '' ? [customer] : (st) => [customer, ...customersWithBankRef(st.dir, st.sizes.get('payments.csv') ?? -1, text.bankRef)]);
  report(ctx, opts.format, 'payment', plan.documents[0]!.id, plan);
}

/** Prints the document id, then each application and what is left; the leftover is also said on stderr. */
export function report(ctx: Ctx, format: 'text' | 'json', key: 'payment' | 'credit', id: string, plan: Plan): void {
  const fmt = (m: number): string => formatMinor(m, plan.currency);
  // Discount credit notes written alongside are told on stderr and listed apart from what `id` itself applied.
  const own = plan.applications.filter((a) => a.credit === id);
  const discounts = plan.documents.filter((d) => d.kind === 'credit-note' && d.id !== id);
  for (const n of plan.notes) ctx.stderr.write(`arledger: ${n}\n`);
  if (plan.unapplied > 0) ctx.stderr.write(`arledger: ${fmt(plan.unapplied)} ${plan.currency} of ${id} stays unapplied\n`);
  if (format === 'json') {
    ctx.stdout.write(toJson({
      [key]: id,
      applications: own.map((a) => ({ invoice: a.debit, amount: fmt(a.amount) })),
      unapplied: fmt(plan.unapplied),
      ...(discounts.length > 0 ? { discounts: discounts.map((d) => ({ credit_note: d.id, invoice: d.kind === 'credit-note' ? d.invoice : '', amount: fmt(d.amount) })) } : {}),
    }));
    return;
  }
  const lines = [id, ...own.map((a) => `applied ${fmt(a.amount)} ${plan.currency} to ${a.debit}`)];
  if (plan.unapplied > 0) lines.push(`unapplied ${fmt(plan.unapplied)} ${plan.currency}`);
  ctx.stdout.write(`${lines.join('\n')}\n`);
}
