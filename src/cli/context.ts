// What a command may know of the world: streams, working directory, environment and today's date.
import { isLocalDate, localDateOf, type LocalDate } from '../core/date.js';
import { UsageError } from '../core/issues.js';

export interface Out {
  write(data: string | Uint8Array): void;
  readonly isTTY: boolean;
}

export interface Ctx {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: Out;
  readonly stderr: Out;
  /** Today's calendar date where the user is (ARLEDGER_TODAY overrides it, for reproducible runs). */
  readonly today: LocalDate;
  /** Whether colour may be used on stdout. */
  readonly color: boolean;
  /** The terminal's width when stdout is one. */
  readonly columns?: number;
}

/** The clock is read here, once; everything below takes the date as a value. */
export function systemCtx(): Ctx {
  const now = new Date();
  const env = process.env;
  const override = env['ARLEDGER_TODAY'];
  // A date that is not on the calendar would silently date every report and document; main() reads `today`
  // first thing, inside its one catch, so the getter's usage error becomes exit 2 before anything runs.
  const bad = override !== undefined && override !== '' && !isLocalDate(override);
  const today = override !== undefined && override !== '' && isLocalDate(override)
    ? override
    : localDateOf(now.getFullYear(), now.getMonth() + 1, now.getDate());
  const isTTY = Boolean(process.stdout.isTTY);
  return {
    cwd: process.cwd(),
    env,
    stdout: { write: (t) => void process.stdout.write(t), isTTY },
    stderr: { write: (t) => void process.stderr.write(t), isTTY: Boolean(process.stderr.isTTY) },
    get today(): LocalDate {
      if (bad) {
        throw new UsageError(`ARLEDGER_TODAY ${JSON.stringify(override)} is not a calendar date — set it to YYYY-MM-DD, e.g. ARLEDGER_TODAY=2026-11-30, or unset it to use today's date`);
      }
      return today;
    },
    ...(isTTY && process.stdout.columns ? { columns: process.stdout.columns } : {}),
    color: isTTY && !('NO_COLOR' in env && env['NO_COLOR'] !== '') && env['TERM'] !== 'dumb',
  };
}
