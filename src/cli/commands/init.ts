// `arledger init [DIR]`: create a ledger (SPEC §1): journals with headers, a commented ledger.yaml, customers.yaml
// and the git settings that let two branches append to the journals and merge without conflicts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { stringify as yamlScalar } from 'yaml';
import { RefusedError, UsageError } from '../../core/issues.js';
import { CORE_JOURNALS, JOURNALS } from '../../core/journals.js';
import { isCurrency } from '../../core/money.js';
import { CONFIG_FILE, CUSTOMERS_FILE } from '../../io/load.js';
import { ledgerPathProblem, pathHint } from '../../io/paths.js';
import { IoError } from '../../io/txn.js';
import type { Ctx } from '../context.js';

interface InitOpts {
  ledger?: string;
  currency: string;
  company?: string;
}

export function register(program: Command, ctx: Ctx): void {
  program.command('init')
    .argument('[dir]', 'the directory to create the ledger in (default: the current directory)')
    .description('create a ledger: journals, ledger.yaml, customers.yaml, .gitattributes and .gitignore')
    .option('-L, --ledger <dir>', 'the same as DIR')
    .option('--currency <code>', 'the base currency (ISO 4217)', 'EUR')
    .option('--company <name>', 'the company name written to ledger.yaml')
    .addHelpText('after', '\nExamples:\n  arledger init books\n  arledger init --currency USD --company "Northwind Traders Ltd"\n  git init books && arledger init books && git -C books add . && git -C books commit -m "new ledger"\n')
    .action((dir: string | undefined, opts: InitOpts) => run(ctx, dir, opts));
}

const GITATTRIBUTES = ['*.csv merge=union'];
const GITIGNORE = ['.arledger.lock', '.arledger.lock.break', '.arledger-txn*', '*.arledger-tmp', '.arledger/'];

function configText(currency: string, company: string): string {
  const scalar = (v: string): string => yamlScalar(v, { lineWidth: 0 }).trimEnd();
  return `# arledger ledger settings (see SPEC §1.3). Every value is read as text.
version: 1
company:
  name: ${scalar(company)}
  email: ""                   # the sender of dunning e-mails, e.g. ar@example.com
  address: ""                 # printed on letters; "\\n" separates lines
  # country: DE               # ISO 3166 code of the address (e-invoices: reverse charge, export)
  # vat_id: DE123456789       # printed on invoices; needed for e-invoices
  # registration: "HRB 12345, Amtsgericht Hamburg"
# bank_accounts:              # where customers pay: printed on documents, used in e-invoices (IBAN and BIC are checked)
#   - { iban: DE89 3704 0044 0532 0130 00, bic: COBADEFFXXX, bank: Commerzbank, currency: EUR }
payment_reference: id         # what customers quote: id (the invoice id) or rf (ISO 11649 creditor reference RF.. made from it)
# einvoice:                   # \`invoice render --format ubl|cii\`
#   default_tax: { category: S, rate: "19" }   # tax of an invoice issued with --amount and no lines (its amount includes it)
#   zero_tax: { category: E, reason: "Exempt under Art. 132 VAT Directive" }   # a 0 % line at home: Z (default) or E
currency: ${currency}                 # base currency (ISO 4217)
numbering:                    # {yyyy} year of the document date, {mm} month, {seq:N} counter zero-padded to N digits
  invoice: "INV-{yyyy}-{seq:5}"
  debit-note: "DN-{yyyy}-{seq:4}"
  payment: "PAY-{seq:6}"
  credit-note: "CN-{yyyy}-{seq:4}"
  write-off: "WO-{yyyy}-{seq:4}"
  refund: "RF-{yyyy}-{seq:4}"
terms: net30                  # default payment terms: net<N>, eom<N>, receipt, or with a discount "2/10 net30"
aging: { basis: due, buckets: [30, 60, 90] }   # basis: due (days overdue) or invoice (days since the invoice date)
# lock_date: 2026-10-31       # nothing may be dated on or before it; moved forward by \`arledger close\`
dunning:
  min_interval_days: 14       # at most one notice per customer in this many days
  min_amount: "10.00"         # skip customers whose overdue total is below this; or by currency { EUR: "10.00", JPY: "1500" }
  levels:
    - { level: 1, after_days: 7,  template: reminder }
    - { level: 2, after_days: 30, template: second-notice, fee: "10.00", interest: "8" }   # interest: % a year
    - { level: 3, after_days: 60, template: final-demand,  fee: "25.00", interest: "8" }
# bank:
#   profiles:                 # CSV bank statement layouts, for \`arledger reconcile\`
#     examplebank: { delimiter: ";", decimal: ",", date_format: "DD.MM.YYYY", encoding: utf-8, currency: EUR,
#                    columns: { date: Date, amount: Amount, payer: Payer, iban: "Payer IBAN", reference: Details, id: TxId } }
`;
}

const CUSTOMERS_TEXT = `# Customers, one per top-level key (see SPEC §1.4); add them with \`arledger customer add\`.
# ACME:
#   name: Acme Corporation
#   email: ap@acme.example
#   currency: EUR
#   terms: net30
#   vat_id: FR40303265045          # optional: printed on invoices and e-invoices
#   country: FR                    # optional: ISO 3166 code of the address
#   buyer_reference: "PO-4711"     # optional: what the buyer wants quoted on e-invoices (BT-10, e.g. a Leitweg-ID)
#   einvoice: ubl                  # optional: ubl | cii, for \`invoice render --format einvoice\`
`;

interface Planned {
  readonly name: string;
  readonly text: string;
  /** Appended to an existing file (git settings) rather than created. */
  readonly append: boolean;
}

function run(ctx: Ctx, dirArg: string | undefined, opts: InitOpts): void {
  if (!isCurrency(opts.currency)) {
    throw new UsageError(`--currency ${JSON.stringify(opts.currency)} is not an ISO 4217 code — write an upper-case code such as EUR, USD or JPY`);
  }
  // eslint-disable-next-line no-control-regex
  if (opts.company !== undefined && /[\u0000-\u001f\u007f]/.test(opts.company)) {
    throw new UsageError('--company contains a line break or control character — write it on one line');
  }
  if (dirArg !== undefined && opts.ledger !== undefined && path.resolve(ctx.cwd, dirArg) !== path.resolve(ctx.cwd, opts.ledger)) {
    throw new UsageError(`give the directory once: DIR ${JSON.stringify(dirArg)} and --ledger ${JSON.stringify(opts.ledger)} differ`);
  }
  // Not $ARLEDGER_DIR or a ledger above: init creates where it is told, by default right here.
  const dir = path.resolve(ctx.cwd, dirArg ?? opts.ledger ?? '.');
  const plan = planFiles(dir, opts.currency, opts.company ?? 'My Company Ltd');
  write(dir, plan);
  ctx.stderr.write(`arledger: created a ledger in ${dir} (base currency ${opts.currency}); next: arledger customer add ID --name NAME\n`);
}

function readIfExists(p: string): string | null {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ENOTDIR') throw new RefusedError(`${path.dirname(p)} is not a directory — name a new or existing directory`);
    throw new IoError(`cannot read ${p}: ${(e as Error).message}; nothing was written`);
  }
}

/**
 * Decides every file before anything is written. A file init would create that already exists is refused unless
 * it holds exactly what init writes (so an interrupted init can be run again); git settings are extended instead.
 */
function planFiles(dir: string, currency: string, company: string): Planned[] {
  if (readIfExists(path.join(dir, CONFIG_FILE)) !== null) {
    throw new RefusedError(`${dir} already holds a ledger (${CONFIG_FILE} exists); nothing was written — use it as it is, or init a new directory`);
  }
  const created: { name: string; text: string }[] = [
    ...CORE_JOURNALS.map((j) => ({ name: j, text: stringify([[...JOURNALS[j]]], { eof: true }) })),
    { name: CUSTOMERS_FILE, text: CUSTOMERS_TEXT },
  ];
  const plan: Planned[] = [];
  for (const f of created) {
    const existing = readIfExists(path.join(dir, f.name));
    if (existing === null) plan.push({ ...f, append: false });
    else if (existing !== f.text) {
      throw new RefusedError(`${path.join(dir, f.name)} already exists and is not the empty file init writes; nothing was written — move it away or init another directory`);
    }
  }
  for (const [name, lines] of [['.gitattributes', GITATTRIBUTES], ['.gitignore', GITIGNORE]] as const) {
    // Appended to in place, so never through a symlink that leads out of the directory.
    const problem = fs.existsSync(dir) ? ledgerPathProblem(dir, name, 'file') : null;
    if (problem !== null) throw new RefusedError(`${path.join(dir, name)} ${problem}; nothing was written — ${pathHint(name, 'file')}`);
    const existing = readIfExists(path.join(dir, name));
    const have = new Set((existing ?? '').split(/\r?\n/).map((l) => l.trim()));
    const missing = lines.filter((l) => !have.has(l));
    if (missing.length === 0) continue;
    const lead = existing !== null && existing !== '' && !existing.endsWith('\n') ? '\n' : '';
    plan.push({ name, text: `${lead}${missing.join('\n')}\n`, append: existing !== null });
  }
  // ledger.yaml goes last: until it exists the directory is not a ledger, so a half-done init is never used.
  plan.push({ name: CONFIG_FILE, text: configText(currency, company), append: false });
  return plan;
}

function write(dir: string, plan: readonly Planned[]): void {
  const undo: (() => void)[] = [];
  try {
    fs.mkdirSync(dir, { recursive: true });
    for (const f of plan) {
      const p = path.join(dir, f.name);
      if (f.append) {
        const size = fs.statSync(p).size;
        fs.appendFileSync(p, f.text);
        undo.push(() => fs.truncateSync(p, size));
      } else {
        // 'wx' never overwrites: a file that appeared since planning makes init fail rather than clobber it.
        fs.writeFileSync(p, f.text, { flag: 'wx' });
        undo.push(() => fs.rmSync(p, { force: true }));
      }
    }
  } catch (e) {
    for (const u of undo.reverse()) {
      try {
        u();
      } catch {
        // Best effort: the error below is what the user needs to see.
      }
    }
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EEXIST') throw new RefusedError(`${err.path ?? dir} appeared while init ran; nothing was written`);
    const reason = err.code === 'EACCES' || err.code === 'EPERM' ? 'permission denied' : err.code === 'ENOSPC' ? 'the disk is full' : err.message;
    throw new IoError(`cannot create the ledger in ${dir}: ${reason}; nothing was written`);
  }
}
