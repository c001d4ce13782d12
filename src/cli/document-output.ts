// Where a rendered document goes: `--output FILE`, else stdout. A PDF is bytes a terminal would show as garbage,
// so without --output it goes only to a pipe or a file.
import * as path from 'node:path';
import { UsageError } from '../core/issues.js';
import { writeReportFile } from '../io/report-file.js';
import type { Ctx } from './context.js';

export function writeDocument(ctx: Ctx, content: string | Uint8Array, output: string | undefined, what: string): void {
  if (output === undefined || output === '-') {
    if (typeof content !== 'string' && ctx.stdout.isTTY) {
      throw new UsageError(`refusing to write ${what} to the terminal — add --output FILE, or redirect it: > file.pdf`);
    }
    ctx.stdout.write(content);
    return;
  }
  // Whole or not at all, and never through a link: as every report's --output (io/report-file.ts).
  writeReportFile(path.resolve(ctx.cwd, output), output, content);
}
