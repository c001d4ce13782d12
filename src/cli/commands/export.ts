// `arledger export`: the ledger as an hledger journal, a beancount file or JSON, on stdout.
import { Option, type Command } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { toBeancount } from '../../core/export/beancount.js';
import { duckdbSchema, toCsvTables } from '../../core/export/csv.js';
import { toHledger } from '../../core/export/hledger.js';
import { toJsonExport } from '../../core/export/json.js';
import { UsageError } from '../../core/issues.js';
import { IoError, ioReason } from '../../io/txn.js';
import type { Ctx } from '../context.js';
import { progress } from '../progress.js';
import { openLedger } from '../ledger.js';
import { dateOption, withLedger } from '../options.js';
import { toCsv, toJson } from '../render/text.js';

interface ExportOpts {
  ledger?: string;
  asOf?: string;
  format: 'hledger' | 'beancount' | 'json' | 'csv';
  output?: string;
}

const HELP = `
Each document is one balanced transaction against Assets:Receivable:<customer>: invoices and debit notes
against Income:Sales, payments and refunds against Assets:Bank, credit notes against Income:Sales:Returns,
write-offs against Expenses:BadDebt. Payments post to the customer's receivable account, so applications move
nothing and are written as comments (hledger) or notes (beancount); the receivable balance equals the aging
balance. JSON holds every document, application and dispute event, amounts as strings.

CSV (--output DIR, made if missing) writes one file per journal -- invoices, payments, credits, refunds,
applications (with the currency), disputes -- plus customers.csv and schema.sql, DuckDB views that give every
column its type (dates as DATE, amounts as DECIMAL). Text cells that a spreadsheet would run as a formula get a
leading ' as in every CSV arledger writes. Files of those names in DIR are replaced.

Examples:
  arledger export --format hledger > ar.journal && hledger -f ar.journal balance Assets:Receivable
  arledger export --format beancount > ar.beancount && bean-check ar.beancount
  arledger export --format json --as-of 2026-10-31
  arledger export --format csv --output ar-csv && cd ar-csv && duckdb -c ".read schema.sql" -c "SELECT * FROM invoices"
`;

export function register(program: Command, ctx: Ctx): void {
  withLedger(program.command('export'))
    .description('the ledger as a plain-text-accounting journal (hledger, beancount) or JSON')
    .addOption(new Option('--format <format>', 'output format').choices(['hledger', 'beancount', 'json', 'csv']).makeOptionMandatory())
    .option('--output <dir>', 'with --format csv: the directory to write the files to')
    .option('--as-of <date>', 'leave out everything dated after this day, YYYY-MM-DD (default: today)')
    .addHelpText('after', HELP)
    .action((opts: ExportOpts) => run(ctx, opts));
}

function run(ctx: Ctx, opts: ExportOpts): void {
  const asOf = dateOption('--as-of', opts.asOf, ctx);
  if (opts.format === 'csv' && opts.output === undefined) throw new UsageError('--format csv writes one file per journal: add --output DIR');
  if (opts.format !== 'csv' && opts.output !== undefined) throw new UsageError(`--output is for --format csv; ${opts.format} goes to stdout — redirect it: > file`);
  const { ledger } = openLedger(ctx, opts);
  const bar = progress(ctx, 'exporting');
  const tick = bar.tick.bind(bar);
  try {
    switch (opts.format) {
      case 'hledger': ctx.stdout.write(toHledger(ledger, asOf, tick)); break;
      case 'beancount': ctx.stdout.write(toBeancount(ledger, asOf, tick)); break;
      case 'csv': writeCsvDir(path.resolve(ctx.cwd, opts.output!), opts.output!, ledger, asOf, tick); break;
      default: ctx.stdout.write(toJson(toJsonExport(ledger, asOf)));
    }
  } finally {
    bar.end();
  }
}

function writeCsvDir(dir: string, shown: string, ledger: Parameters<typeof toCsvTables>[0], asOf: Parameters<typeof toCsvTables>[1], tick: (done: number, total: number) => void): void {
  const tables = toCsvTables(ledger, asOf, tick);
  const files: [string, string][] = tables.map((t) => [`${t.name}.csv`, toCsv(t.columns.map((c) => c.name), t.rows.map((r) => r.map((cell, i) => (t.columns[i]!.type === 'VARCHAR' ? cell : { text: cell, numeric: true }))))]);
  files.push(['schema.sql', duckdbSchema(tables)]);
  try {
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, text] of files) fs.writeFileSync(path.join(dir, name), text);
  } catch (e) {
    throw new IoError(`cannot write ${shown}: ${ioReason(e)}`);
  }
}
