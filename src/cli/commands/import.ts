// `arledger import invoices|payments FILE --profile P`: another system's CSV export as one all-or-nothing transaction.
import * as path from 'node:path';
import type { Command } from 'commander';
import { DataError, inInputFile, UsageError, type LedgerIssue } from '../../core/issues.js';
import type { JournalName } from '../../core/journals.js';
import { describePlan, planImport, type ImportKind, type ImportPlan } from '../../core/ops/import.js';
import { importFormat, readImportFile, readImportProfile } from '../../io/import.js';
import { CONFIG_FILE } from '../../io/load.js';
import type { Ctx } from '../context.js';
import { latestDate, nextLine, writeLedger } from '../ledger.js';
import { withLedger } from '../options.js';

interface ImportOpts {
  ledger?: string;
  profile: string;
  wait?: string;
  allowFuture?: boolean;
}

const HELP = `
The profile lives in ledger.yaml under import.profiles, shaped like a bank profile:
  import:
    profiles:
      erp:
        delimiter: ","          # one character
        decimal: "."            # or ","; thousands: "." drops a thousands separator
        date_format: M/D/YYYY   # tokens YYYY YY MM M DD D
        encoding: utf-8         # latin1, windows-1252, utf-16le ...
        currency: USD           # when the file has no currency column (default: the customer's)
        skip_rows: 0            # lines above the header
        columns: { id: invoiceNumber, date: InvoiceDate, due: DueDate, customer: customerID,
                   amount: InvoiceAmount, invoice: invoiceNumber }
Invoice fields: id kind date due customer currency amount terms reference memo (due defaults from terms).
Payment fields: id date customer currency amount method reference bank_ref memo invoice; a payment naming an
invoice is applied to it up to its open amount. Missing ids are numbered as ledger.yaml says. Every row must be
valid, or nothing is written and each bad row is reported as FILE:LINE (exit 3).

Importing is idempotent: a row already imported is skipped and counted, so the same file, or one overlapping an
earlier export, can be imported again. A row with an id is recognised by its id (the same id with other content is
refused); a row without one by the import:<fingerprint> token its memo gets. Rows dated after today +
future_days are refused unless --allow-future.

Examples:
  arledger import invoices export/open-items.csv --profile erp
  arledger import payments export/receipts.csv --profile erp
`;

export function register(program: Command, ctx: Ctx): void {
  withLedger(program.command('import'))
    .description("bring open items or payments from another system's CSV export, as one transaction")
    .argument('<kind>', 'invoices or payments')
    .argument('<file>', 'the CSV export')
    .requiredOption('--profile <name>', 'column mapping from import.profiles in ledger.yaml')
    .option('--wait <seconds>', 'how long to wait for another command holding the ledger lock', '10')
    .option('--allow-future', 'accept rows dated after today + future_days of ledger.yaml')
    .addHelpText('after', HELP)
    .action((kind: string, file: string, opts: ImportOpts) => run(ctx, kind, file, opts));
}

function run(ctx: Ctx, kind: string, file: string, opts: ImportOpts): void {
  if (kind !== 'invoices' && kind !== 'payments') throw new UsageError(`${JSON.stringify(kind)} cannot be imported — write invoices or payments`);
  const shown = file;
  const abs = path.resolve(ctx.cwd, file);
  let plan: ImportPlan | null = null;
  let firstLines = new Map<JournalName, number>();
  try {
    writeLedger(ctx, opts, (loaded) => {
      const profile = readImportProfile(CONFIG_FILE, loaded.texts.get(CONFIG_FILE)!, opts.profile, kind);
      const records = readImportFile(shown, profile, abs);
      const latest = opts.allowFuture ? null : latestDate(loaded, ctx.today);
      const p = planImport(loaded.ledger, kind as ImportKind, importFormat(shown, profile), records, latest);
      if (p.issues.length > 0) throw new DataError(p.issues);
      plan = p;
      firstLines = new Map([...new Set(p.rows.map((r) => r.journal))].map((j) => [j, nextLine(loaded, j)]));
      return { rows: p.rows, result: null };
    });
  } catch (e) {
    if (e instanceof DataError && plan !== null) throw new DataError(e.issues.map((i) => toInputPlace(i, plan!, firstLines, shown)), false, shown);
    throw e instanceof DataError && e.issues.every((i) => i.file === shown) ? inInputFile(e, shown) : e;
  }
  const done = plan as ImportPlan | null;
  if (!done) return;
  for (const n of done.notes ?? []) ctx.stderr.write(`arledger: ${n}\n`);
  const skipped = done.skipped === 0 ? '' : `; skipped ${done.skipped} row${done.skipped === 1 ? '' : 's'} already imported`;
  ctx.stderr.write(`arledger: ${describePlan(kind, done)} from ${shown}${skipped}\n`);
}

/** A rule a new row would break, told at the line of the input file the row came from. */
function toInputPlace(i: LedgerIssue, plan: ImportPlan, firstLines: ReadonlyMap<JournalName, number>, file: string): LedgerIssue {
  const first = firstLines.get(i.file as JournalName);
  if (first === undefined || i.line === undefined || i.line < first) return i;
  const index = i.line - first;
  let seen = -1;
  for (let k = 0; k < plan.rows.length; k++) {
    if (plan.rows[k]!.journal !== i.file) continue;
    if (++seen === index) return { ...i, file, line: plan.origins[k]!, message: `${i.message} (as ${i.file}:${i.line})` };
  }
  return i;
}
