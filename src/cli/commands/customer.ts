// `arledger customer add|list|show`: the customer master (SPEC §1.4).
import * as path from 'node:path';
import { Option, type Command } from 'commander';
import { DataError, RefusedError, UsageError } from '../../core/issues.js';
import { planCustomer, planCustomerChange, planCustomerImport, UNSETTABLE } from '../../core/ops/customer.js';
import { customerProfile } from '../../core/reports/customer.js';
import { customerAppend, readCustomersText } from '../../io/customers-file.js';
import { editCustomerText } from '../../io/customers-edit.js';
import { noteRow } from '../../core/collections/ops.js';
import { recordingUser } from '../../io/user.js';
import { CONFIG_FILE, CUSTOMERS_FILE } from '../../io/load.js';
import { readImportFile, readImportProfile } from '../../io/import.js';
import { CUSTOMER_IMPORT_FIELDS } from '../../core/ops/import.js';
import { commitAppends, commitTransaction, type Append } from '../../io/txn.js';
import type { Ctx } from '../context.js';
import { openLedger, rowAppends, withLockedLedger } from '../ledger.js';
import { collect, csvSettings, dateOption, textOption, withCsv, withLedger, withOutput, type CsvOpts } from '../options.js';
import { customerListCsv, customerListJson, customerListTable, customerListTables } from '../render/documents.js';
import { writeReport, writeWorkbook } from '../report-output.js';
import { customerProfileJson, customerProfileText } from '../render/customer.js';

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

interface ImportOpts {
  ledger?: string;
  wait?: string;
  profile: string;
  update?: boolean;
  by?: string;
}

interface SetOpts {
  ledger?: string;
  wait?: string;
  date?: string;
  by?: string;
  reason?: string;
  name?: string;
  email?: string;
  currency?: string;
  terms?: string;
  creditLimit?: string;
  address?: string;
  vatId?: string;
  country?: string;
  buyerReference?: string;
  einvoice?: string;
  collector?: string;
  alias?: string[];
  removeAlias?: string[];
  bankAccount?: string[];
  removeBankAccount?: string[];
  hold?: boolean;
  dunning?: boolean;
  unset?: string[];
}

interface ListOpts extends CsvOpts {
  ledger?: string;
  format: 'table' | 'csv' | 'json' | 'xlsx';
  output?: string;
}

interface ShowOpts {
  ledger?: string;
  asOf?: string;
  format: 'table' | 'text' | 'json';
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

  withLedger(customer.command('set').argument('<id>', 'the customer id'))
    .description('change a customer in customers.yaml; its comments and layout stay as they are')
    .option('--name <name>', 'the customer\'s name')
    .option('--email <address>', 'where dunning e-mails go')
    .option('--currency <code>', 'the currency of its documents (refused while it has documents)')
    .option('--terms <terms>', 'its payment terms, e.g. net30, eom15, receipt, "2/10 net30"')
    .option('--credit-limit <amount>', 'refuse new invoices that would take its balance above this')
    .option('--address <text>', 'postal address; line breaks separate its lines')
    .option('--vat-id <id>', 'its VAT id, e.g. FR40303265045')
    .option('--country <code>', 'the ISO 3166 country of its address, e.g. FR')
    .option('--buyer-reference <text>', 'what it wants quoted on e-invoices (EN 16931 BT-10)')
    .option('--einvoice <syntax>', 'the e-invoice syntax it receives: ubl or cii')
    .option('--collector <name>', 'who collects from it (the worklist\'s --assignee)')
    .option('--alias <name>', 'add a payer name as banks write it (repeatable)', collect)
    .option('--remove-alias <name>', 'remove a payer name (repeatable)', collect)
    .option('--bank-account <iban>', 'add a payer IBAN (repeatable)', collect)
    .option('--remove-bank-account <iban>', 'remove a payer IBAN (repeatable)', collect)
    .option('--hold', 'put it on credit hold: no new invoices without --force, no dunning')
    .option('--no-hold', 'take it off credit hold')
    .option('--reason <text>', 'why it goes on or off hold; kept as a note in notes.csv')
    .option('--dunning', 'send it dunning letters again')
    .option('--no-dunning', 'never send it dunning letters')
    .option('--unset <field>', `remove a field (repeatable): ${UNSETTABLE.join(', ')}`, collect)
    .option('--by <name>', 'who records the hold note (default: $ARLEDGER_USER, else git\'s user.name)')
    .option('--date <date>', 'the date of the hold note, YYYY-MM-DD (default: today)')
    .option('--wait <seconds>', 'how long to wait for another command holding the ledger lock', '10')
    .addHelpText('after', `
Only the changed lines of customers.yaml change: comments, blank lines, quoting and key order stay, so
\`git diff\` shows exactly what was done. A hold going on or off is kept as a note in notes.csv (kind note,
text "Hold on: REASON"), written in the same transaction.

Examples:
  arledger customer set ACME --email billing@acme.example
  arledger customer set ACME --hold --reason "cheque bounced twice"
  arledger customer set ACME --alias "ACME GMBH" --unset credit_limit
`)
    .action((id: string, opts: SetOpts) => set(ctx, id, opts));

  withLedger(customer.command('import').argument('<file>', 'a CSV file of customers, one per row'))
    .description('add many customers at once from a CSV file (column mapping from import.profiles in ledger.yaml)')
    .requiredOption('--profile <name>', 'column mapping from import.profiles in ledger.yaml')
    .option('--update', 'apply the file\'s values to customers already in customers.yaml that differ, as `customer set` would')
    .option('--by <name>', 'who records the hold notes of --update (default: $ARLEDGER_USER, else git\'s user.name)')
    .option('--wait <seconds>', 'how long to wait for another command holding the ledger lock', '10')
    .addHelpText('after', `
The profile is an import profile of ledger.yaml (see \`arledger import --help\`) whose columns map customer fields:
  import:
    profiles:
      crm: { delimiter: ";", columns: { id: Kundennr, name: Name, email: E-Mail, currency: Waehrung, terms: Ziel,
                                        credit_limit: Kreditlimit, aliases: Aliase } }
Fields: ${CUSTOMER_IMPORT_FIELDS.join(' ')} (id and name required). aliases and bank_accounts hold items
separated by ";"; hold and dunning are true or false; an empty cell leaves the field as it is (or unset).

It is idempotent: a customer already in customers.yaml with the same values is skipped and counted. One with
other values is refused at its FILE:LINE, naming the fields, unless --update. Every row is checked first; then all
customers are written in one transaction, or none (exit 3).

Examples:
  arledger customer import crm-export.csv --profile crm
  arledger customer import crm-export.csv --profile crm --update
`)
    .action((file: string, opts: ImportOpts) => importCustomers(ctx, file, opts));

  withCsv(withOutput(withLedger(customer.command('list'))))
    .description('list the customers')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json', 'xlsx']).default('table'))
    .addHelpText('after', '\nExamples:\n  arledger customer list\n  arledger customer list --format json\n')
    .action((opts: ListOpts) => list(ctx, opts));

  withLedger(customer.command('show').argument('<id>', 'the customer id'))
    .description('a customer\'s master data, balance, open items by bucket, credit headroom, payment behaviour, dunning level, latest notes and promises')
    .option('--as-of <date>', 'the report date, YYYY-MM-DD (default: today)')
    .addOption(new Option('--format <format>', 'output format (text is the same as table)').choices(['table', 'text', 'json']).default('table'))
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

function set(ctx: Ctx, id: string, opts: SetOpts): void {
  const date = dateOption('--date', opts.date, ctx);
  const reason = textOption('--reason', opts.reason);
  if (opts.reason !== undefined && opts.hold === undefined) throw new UsageError('--reason goes with --hold or --no-hold: it is why the hold goes on or off');
  const changed = withLockedLedger(ctx, opts, (loaded) => {
    const plan = planCustomerChange(loaded.ledger, {
      id, name: opts.name, email: opts.email, currency: opts.currency, terms: opts.terms, creditLimit: opts.creditLimit,
      address: opts.address, vatId: opts.vatId, country: opts.country, buyerReference: opts.buyerReference,
      einvoice: opts.einvoice, collector: opts.collector, addAliases: opts.alias, removeAliases: opts.removeAlias,
      addBankAccounts: opts.bankAccount, removeBankAccounts: opts.removeBankAccount, hold: opts.hold, dunning: opts.dunning,
      unset: opts.unset,
    });
    const old = readCustomersText(loaded.dir);
    const edited = editCustomerText(old.text, id, plan.changes, loaded.ledger.config.currency);
    if ('issues' in edited) throw new DataError(edited.issues);
    if (edited.text === old.text) return [];
    const appends: Append[] = [];
    if (plan.hold !== null) {
      const by = recordingUser(opts.by, ctx.env, loaded.dir) ?? '';
      const text = `Hold ${plan.hold ? 'on' : 'off'}${reason === '' ? '' : `: ${reason}`}`;
      appends.push(...rowAppends(loaded, [noteRow({ date, customer: id, invoice: '', kind: 'note', text, followUp: '', by })]));
    }
    commitTransaction(loaded.dir, appends, [{ name: CUSTOMERS_FILE, text: old.bom + edited.text }]);
    return plan.changes.map((c) => c.key);
  });
  ctx.stderr.write(changed.length === 0 ? `arledger: customer ${id} already reads so; nothing changed\n` : `arledger: changed customer ${id}: ${[...new Set(changed)].join(', ')}\n`);
}

function importCustomers(ctx: Ctx, file: string, opts: ImportOpts): void {
  const abs = path.resolve(ctx.cwd, file);
  const done = withLockedLedger(ctx, opts, (loaded) => {
    const profile = readImportProfile(CONFIG_FILE, loaded.texts.get(CONFIG_FILE)!, opts.profile, 'customers');
    const records = readImportFile(file, profile, abs);
    const plan = planCustomerImport(loaded.ledger, file, records, opts.update === true);
    if (plan.issues.length > 0) throw new DataError(plan.issues, false, file);
    const base = loaded.ledger.config.currency;
    const old = readCustomersText(loaded.dir);
    let text = old.text;
    for (const u of plan.updates) {
      const edited = editCustomerText(text, u.customer.id, u.changes, base);
      if ('issues' in edited) throw new DataError(edited.issues.map((i) => ({ ...i, message: `${file}:${u.line}: ${i.message}` })));
      text = edited.text;
    }
    for (const a of plan.added) {
      const nl = text.indexOf('\n');
      const state = { exists: text !== '', size: text.length, eol: (nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n') as '\n' | '\r\n', endsWithNewline: text === '' || text.endsWith('\n') };
      const planned = customerAppend(text, state, a.id, a.entry, base);
      if ('issues' in planned) throw new DataError(planned.issues);
      text += planned.text;
    }
    if (text !== old.text) {
      const holds = plan.updates.filter((u) => u.hold !== null);
      const by = holds.length > 0 ? recordingUser(opts.by, ctx.env, loaded.dir) ?? '' : '';
      const notes = holds.map((u) => noteRow({ date: ctx.today, customer: u.customer.id, invoice: '', kind: 'note', text: `Hold ${u.hold ? 'on' : 'off'}: customer import ${file}:${u.line}`, followUp: '', by }));
      commitTransaction(loaded.dir, rowAppends(loaded, notes), [{ name: CUSTOMERS_FILE, text: old.bom + text }]);
    }
    return plan;
  });
  const parts = [`added ${done.added.length} customer${done.added.length === 1 ? '' : 's'}`];
  if (done.updates.length > 0) parts.push(`updated ${done.updates.length}`);
  if (done.skipped > 0) parts.push(`skipped ${done.skipped} already in customers.yaml`);
  ctx.stderr.write(`arledger: ${parts.join(', ')} from ${file}\n`);
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
  const profile = customerProfile(ledger, customer, asOf);
  ctx.stdout.write(opts.format === 'json' ? customerProfileJson(profile) : customerProfileText(profile, ctx.color));
}
