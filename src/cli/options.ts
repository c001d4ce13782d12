// Parsing of option values shared by commands; a bad value is a usage error (exit 2) that says what is valid.
import { Option, type Command } from 'commander';
import { isLocalDate, type LocalDate } from '../core/date.js';
import { UsageError } from '../core/issues.js';
import { exampleAmount, parseAmount, type Currency, type Minor } from '../core/money.js';
import { CSV_DELIMITERS, type CsvConfig, type LedgerConfig } from '../core/types.js';
import type { Ctx } from './context.js';

export function withLedger(cmd: Command): Command {
  return cmd.option('-L, --ledger <dir>', 'the ledger directory (default: $ARLEDGER_DIR, else the nearest one above)')
    .option('--no-cache', 'read every journal whole: neither use nor save the reading cache in .arledger/');
}

export function withWrite(cmd: Command): Command {
  return withLedger(cmd)
    .option('--date <date>', 'the document date, YYYY-MM-DD (default: today)')
    .option('--wait <seconds>', 'how long to wait for another command holding the ledger lock', '10')
    .option('--allow-future', 'accept a date after today + future_days of ledger.yaml');
}

export function withReport(cmd: Command, formats: readonly string[]): Command {
  return withLedger(cmd)
    .option('--as-of <date>', 'the report date, YYYY-MM-DD (default: today)')
    .addOption(new Option('--format <format>', `output format`).choices(formats as string[]).default(formats[0]));
}

export function dateOption(name: string, value: string | undefined, ctx: Ctx): LocalDate {
  if (value === undefined) return ctx.today;
  if (!isLocalDate(value)) throw new UsageError(`${name} ${JSON.stringify(value)} is not a calendar date — write YYYY-MM-DD, e.g. ${ctx.today}`);
  return value;
}

export function amountOption(name: string, value: string, currency: Currency): Minor {
  const r = parseAmount(value, currency);
  if (!r.ok) throw new UsageError(`${name} ${JSON.stringify(value)} ${r.problem} — write a plain decimal such as ${exampleAmount(currency)}`);
  if (r.minor === 0) throw new UsageError(`${name} must be greater than 0`);
  return r.minor;
}

// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u001f\u007f]/;

/** Free text for a journal cell: one line, since the tool never writes multi-line fields. */
export function textOption(name: string, value: string | undefined): string {
  if (value === undefined) return '';
  if (CONTROL_RE.test(value)) throw new UsageError(`${name} contains a line break or control character — write it on one line`);
  return value;
}

export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `-o, --output FILE`: where a report goes instead of stdout; a workbook (`--format xlsx`) needs it on a terminal. */
export function withOutput(cmd: Command): Command {
  return cmd.option('-o, --output <file>', 'write the report to FILE (whole, replacing it) instead of stdout; needed for --format xlsx on a terminal');
}

export interface CsvOpts {
  csvBom?: boolean;
  csvDelimiter?: string;
  csvDecimal?: string;
}

/** The CSV options over ledger.yaml's `csv:` (README "Spreadsheets"); without either, plain RFC 4180. */
export function withCsv(cmd: Command): Command {
  // The values are checked as they are read, so that a malformed one is refused whatever --format says.
  return cmd
    .option('--csv-bom', 'CSV: start with a UTF-8 byte-order mark (for Excel)')
    .option('--no-csv-bom', 'CSV: no byte-order mark, whatever ledger.yaml says')
    .option('--csv-delimiter <char>', 'CSV: the field separator: "," ";" "|" or tab', (v: string) => {
      const d = CSV_DELIMITERS[v];
      if (d === undefined) throw new UsageError(`--csv-delimiter ${JSON.stringify(v)} is not a separator arledger writes — write ",", ";", "|" or tab`);
      return d;
    })
    .option('--csv-decimal <char>', 'CSV: the decimal separator of numbers: "." or ","', (v: string) => {
      if (v !== '.' && v !== ',') throw new UsageError(`--csv-decimal ${JSON.stringify(v)} is not "." or "," — write --csv-decimal , for a spreadsheet that reads 1234,56`);
      return v;
    });
}

export function csvSettings(config: LedgerConfig, opts: CsvOpts): CsvConfig {
  const base = config.csv ?? { bom: false, delimiter: ',', decimal: '.' as const };
  const delimiter = opts.csvDelimiter ?? base.delimiter;
  const decimal = (opts.csvDecimal ?? base.decimal) as CsvConfig['decimal'];
  if (decimal === delimiter) {
    throw new UsageError(`the CSV decimal separator ${JSON.stringify(decimal)} is also its delimiter — add --csv-delimiter ";" (or set csv: { delimiter: ";" } in ledger.yaml)`);
  }
  return { bom: opts.csvBom ?? base.bom, delimiter, decimal };
}
