// A progress line on stderr for work that takes a while: only on a terminal (never in a pipe, a file, a cron mail
// or a CI log), only once the work has run ~1 s (short runs stay silent), and erased when the work is done.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JOURNAL_NAMES } from '../core/journals.js';
import type { Ctx } from './context.js';

export interface Progress {
  /** `done` of `total` units finished; cheap enough to call for every unit. */
  tick(done: number, total: number): void;
  /** Erases the line, if one was drawn. */
  end(): void;
}

const SILENT: Progress = { tick: () => undefined, end: () => undefined };

/**
 * A progress line labelled `label` (e.g. "exporting"); silent unless stderr is a terminal, and silent under
 * --quiet (whose stderr is no terminal), CI=true or TERM=dumb. ARLEDGER_PROGRESS_AFTER_MS sets the delay (tests).
 */
export function progress(ctx: Ctx, label: string, now: () => number = Date.now, every = 256): Progress {
  const env = ctx.env;
  if (!ctx.stderr.isTTY || (env['CI'] ?? '') !== '' || env['TERM'] === 'dumb') return SILENT;
  const after = /^\d+$/.test(env['ARLEDGER_PROGRESS_AFTER_MS'] ?? '') ? Number(env['ARLEDGER_PROGRESS_AFTER_MS']) : 1000;
  const start = now();
  let drawn = false;
  let last = 0;
  let calls = 0;
  return {
    tick(done, total) {
      // The clock is read every `every` calls: a tick per row of a million-row ledger must cost next to nothing
      // (a caller whose units are slow, like letters, reads it each time).
      if (calls++ % every !== 0 && done < total) return;
      const t = now();
      if (t - start < after || (drawn && t - last < 100 && done < total)) return;
      last = t;
      drawn = true;
      const share = total > 0 ? Math.min(1, done / total) : 0;
      const width = 24;
      const full = Math.round(share * width);
      const bar = `${'#'.repeat(full)}${'.'.repeat(width - full)}`;
      ctx.stderr.write(`\r\x1b[K${label} [${bar}] ${Math.floor(share * 100)}% (${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')})`);
    },
    end() {
      if (drawn) ctx.stderr.write('\r\x1b[K');
      drawn = false;
    },
  };
}

/** Journals this large take the plain reader about a second or more (README, Performance). */
const LARGE_LEDGER_BYTES = 16 * 1024 * 1024;

/**
 * "reading the ledger (N MB)…" while a large ledger is read, on a terminal only: the reading cannot report as it
 * goes, so its size says beforehand whether it will take long. Returns what erases the line.
 */
export function readingNote(ctx: Ctx, dir: string): () => void {
  if (!ctx.stderr.isTTY || (ctx.env['CI'] ?? '') !== '' || ctx.env['TERM'] === 'dumb') return () => undefined;
  let bytes = 0;
  for (const f of JOURNAL_NAMES) {
    try {
      bytes += fs.statSync(path.join(dir, f)).size;
    } catch {
      // Absent journals are empty ones.
    }
  }
  const threshold = /^\d+$/.test(ctx.env['ARLEDGER_PROGRESS_BYTES'] ?? '') ? Number(ctx.env['ARLEDGER_PROGRESS_BYTES']) : LARGE_LEDGER_BYTES;
  if (bytes < threshold) return () => undefined;
  ctx.stderr.write(`\r\x1b[Kreading the ledger (${(bytes / 1024 / 1024).toFixed(0)} MB)…`);
  return () => ctx.stderr.write('\r\x1b[K');
}
