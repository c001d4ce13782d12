// `arledger customer add|list|show`: the customer master (SPEC §1.4).
import { Option, type Command } from 'commander';
import { DataError, RefusedError } from '../../core/issues.js';
import { customerStanding, planCustomer } from '../../core/ops/customer.js';
import { customerAppend } from '../../io/customers-file.js';
import { CUSTOMERS_FILE } from '../../io/load.js';
import { commitAppends } from '../../io/txn.js';
import type { Ctx } from '../context.js';
import { openLedger, withLockedLedger } from '../ledger.js';
import { collect, csvSettings, dateOption, withCsv, withLedger, withOutput, type CsvOpts } from '../options.js';
import { customerJson, customerListCsv, customerListJson, customerListTable, customerListTables, customerText } from '../render/documents.js';
import { writeReport, writeWorkbook } from '../report-output.js';

interface AddOpts {
  ledger?: string;
  wait?: string;
  name?: string;
  email?: string;
  currency?: string;
  terms?: string;
  creditLimit?: string;
  address?: string;
  alias?: string[];
  bankAccount?: string[];
  hold?: boolean;
  dunning: boolean;
  vatId?: string;
  country?: string;
  buyerReference?: string;
  einvoice?: string;
}

interface ListOpts extends CsvOpts {
  ledger?: string;
  format: 'table' | 'csv' | 'json' | 'xlsx';
  output?: string;
}

interface ShowOpts {
  ledger?: string;
  asOf?: string;
  format: 'text' | 'json';
}

export function register(program: Command, ctx: Ctx): void {
  const customer = program.command('customer')
    .description('the customer master: add, list and show customers')
    .addHelpText('after', '\nExamples:\n  arledger customer add ACME --name "Acme Corporation" --email ap@acme.example --terms net30\n  arledger customer list --format csv\n  arledger customer show ACME --as-of 2026-11-30\n');

  withLedger(customer.command('add').argument('<id>', 'the customer id, e.g. ACME'))
    .description('add a customer to customers.yaml')
    .requiredOption('--name <name>', 'the customer\'s name')
    .option('--email <address>', 'where dunning e-mails go')
    .option('--currency <code>', 'the currency of its documents (default: the ledger\'s base currency)')
    .option('--terms <terms>', 'its payment terms, e.g. net30, eom15, receipt, "2/10 net30" (default: the ledger\'s)')
    .option('--credit-limit <amount>', 'refuse new invoices that would take its balance above this')
    .option('--address <text>', 'postal address; line breaks separate its lines')
    .option('--alias <name>', 'a payer name as banks write it, for bank matching (repeatable)', collect)
    .option('--bank-account <iban>', 'a payer IBAN, for bank matching (repeatable)', collect)
    .option('--hold', 'put it on credit hold: no new invoices without --force')
    .option('--vat-id <id>', 'its VAT id, printed on invoices, e.g. FR40303265045')
    .option('--country <code>', 'the ISO 3166 country of its address, e.g. FR (e-invoices: reverse charge, export)')
    .option('--buyer-reference <text>', 'what it wants quoted on e-invoices (EN 16931 BT-10, e.g. a Leitweg-ID)')
    .option('--einvoice <syntax>', 'the e-invoice syntax it receives: ubl or cii')
    .option('--no-dunning', 'never send it dunning letters')
    .option('--wait <seconds>', 'how long to wait for another command holding the ledger lock', '10')
    .addHelpText('after', '\nExamples:\n  arledger customer add ACME --name "Acme Corporation" --currency EUR --terms net30\n  arledger customer add OBRIEN --name "O\'Brien, Ltd" --credit-limit 5000.00 --alias "OBRIEN LTD" --bank-account "GB33 BUKB 2020 1555 5555 55"\n')
    .action((id: string, opts: AddOpts) => add(ctx, id, opts));

  withCsv(withOutput(withLedger(customer.command('list'))))
    .description('list the customers')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json', 'xlsx']).default('table'))
    .addHelpText('after', '\nExamples:\n  arledger customer list\n  arledger customer list --format json\n')
    .action((opts: ListOpts) => list(ctx, opts));

  withLedger(customer.command('show').argument('<id>', 'the customer id'))
    .description('a customer\'s master data with its open, unapplied and balance at a date')
    .option('--as-of <date>', 'the report date, YYYY-MM-DD (default: today)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText('after', '\nExamples:\n  arledger customer show ACME\n  arledger customer show ACME --as-of 2026-10-31 --format json\n')
    .action((id: string, opts: ShowOpts) => show(ctx, id, opts));
}

function add(ctx: Ctx, id: string, opts: AddOpts): void {
  withLockedLedger(ctx, opts, (loaded) => {
    const entry = planCustomer(loaded.ledger, {
      id, name: opts.name ?? '', email: opts.email ?? null, currency: opts.currency ?? null, terms: opts.terms ?? null,
      creditLimit: opts.creditLimit ?? null, address: opts.address ?? null, aliases: opts.alias ?? [],
      bankAccounts: opts.bankAccount ?? [], hold: Boolean(opts.hold), dunning: opts.dunning,
      vatId: opts.vatId ?? null, country: opts.country ?? null, buyerReference: opts.buyerReference ?? null, einvoice: opts.einvoice ?? null,
    });
    const state = loaded.files.get(CUSTOMERS_FILE) ?? { exists: false, size: 0, eol: '\n' as const, endsWithNewline: true };
    const planned = customerAppend(loaded.texts.get(CUSTOMERS_FILE) ?? '', state, id, entry, loaded.ledger.config.currency);
    if ('issues' in planned) throw new DataError(planned.issues);
    commitAppends(loaded.dir, [{ name: CUSTOMERS_FILE, text: planned.text }]);
  });
  ctx.stderr.write(`arledger: added customer ${id}\n`);
}

async function list(ctx: Ctx, opts: ListOpts): Promise<void> {
  const { ledger } = openLedger(ctx, opts);
  const customers = [...ledger.customers.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  switch (opts.format) {
    case 'json': writeReport(ctx, opts.output, customerListJson(customers)); break;
    case 'csv': writeReport(ctx, opts.output, customerListCsv(customers, csvSettings(ledger.config, opts))); break;
    case 'xlsx': await writeWorkbook(ctx, opts.output, customerListTables(customers)); break;
    default: writeReport(ctx, opts.output, customerListTable(customers, ctx.color && opts.output === undefined));
  }
}

function show(ctx: Ctx, id: string, opts: ShowOpts): void {
  const asOf = dateOption('--as-of', opts.asOf, ctx);
  const { ledger } = openLedger(ctx, opts);
  const customer = ledger.customers.get(id);
  if (!customer) throw new RefusedError(`customer ${JSON.stringify(id)} does not exist — see \`arledger customer list\``);
  const standing = customerStanding(ledger, customer, asOf);
  ctx.stdout.write(opts.format === 'json' ? customerJson(customer, standing) : customerText(customer, standing));
}
