// Where a report goes: stdout, or `--output FILE` (written whole, see io/report-file.ts). A workbook is bytes that
// a terminal would show as garbage, so it goes to stdout only when that is a pipe or a file.
import * as path from 'node:path';
import { UsageError } from '../core/issues.js';
import { checkReportFile, writeReportFile } from '../io/report-file.js';
import type { Ctx } from './context.js';
import type { SheetTable } from './render/sheet.js';

/** A report: text, a workbook's bytes, or text in chunks (a large report, written as it is made). */
export type ReportContent = string | Uint8Array | Iterable<string>;

export function writeReport(ctx: Ctx, output: string | undefined, content: ReportContent): void {
  if (output === undefined || output === '-') {
    if (content instanceof Uint8Array && ctx.stdout.isTTY) {
      throw new UsageError('refusing to write a workbook to the terminal — add --output FILE.xlsx, or redirect it: > report.xlsx');
    }
    if (typeof content === 'string' || content instanceof Uint8Array) ctx.stdout.write(content);
    else for (const chunk of content) ctx.stdout.write(chunk);
    return;
  }
  writeReportFile(path.resolve(ctx.cwd, output), output, content);
}

/**
 * For a command that writes the ledger before it prints its report: refuses, before anything is written, a
 * workbook for the terminal and an --output that is a link, a directory or in no directory.
 */
export function checkReportOutput(ctx: Ctx, output: string | undefined, format: string): void {
  if (output === undefined || output === '-') {
    if (format === 'xlsx' && ctx.stdout.isTTY) writeReport(ctx, output, new Uint8Array());
    return;
  }
  checkReportFile(path.resolve(ctx.cwd, output), output);
}

/** `--format xlsx`: the tables as a workbook, to `--output FILE` or a redirected stdout. */
export async function writeWorkbook(ctx: Ctx, output: string | undefined, tables: readonly SheetTable[]): Promise<void> {
  // Refused before the workbook is made: on a terminal there is nowhere to put it.
  if ((output === undefined || output === '-') && ctx.stdout.isTTY) writeReport(ctx, output, new Uint8Array());
  const { tablesXlsx } = await import('./render/xlsx.js');
  writeReport(ctx, output, await tablesXlsx(tables));
}
