// What a command may know of the world: streams, working directory, environment and today's date.
import { localDateOf, type LocalDate } from '../core/date.js';

export interface Out {
  write(text: string): void;
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
}

/** The clock is read here, once; everything below takes the date as a value. */
export function systemCtx(): Ctx {
  const now = new Date();
  const env = process.env;
  const today = env['ARLEDGER_TODAY'] && /^\d{4}-\d\d-\d\d$/.test(env['ARLEDGER_TODAY'])
    ? (env['ARLEDGER_TODAY'] as LocalDate)
    : localDateOf(now.getFullYear(), now.getMonth() + 1, now.getDate());
  const isTTY = Boolean(process.stdout.isTTY);
  return {
    cwd: process.cwd(),
    env,
    stdout: { write: (t) => void process.stdout.write(t), isTTY },
    stderr: { write: (t) => void process.stderr.write(t), isTTY: Boolean(process.stderr.isTTY) },
    today,
    color: isTTY && !('NO_COLOR' in env && env['NO_COLOR'] !== '') && env['TERM'] !== 'dumb',
  };
}
