// Where a rendered document goes: `--output FILE`, else stdout. A PDF is bytes a terminal would show as garbage,
// so without --output it goes only to a pipe or a file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../core/issues.js';
import { IoError, ioReason } from '../io/txn.js';
import type { Ctx } from './context.js';

export function writeDocument(ctx: Ctx, content: string | Uint8Array, output: string | undefined, what: string): void {
  if (output === undefined || output === '-') {
    if (typeof content !== 'string' && ctx.stdout.isTTY) {
      throw new UsageError(`refusing to write ${what} to the terminal — add --output FILE, or redirect it: > file.pdf`);
    }
    ctx.stdout.write(content);
    return;
  }
  const target = path.resolve(ctx.cwd, output);
  try {
    fs.writeFileSync(target, content);
  } catch (e) {
    throw new IoError(`cannot write ${output}: ${ioReason(e)}`);
  }
}
