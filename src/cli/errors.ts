// Exit codes of SPEC §6 and the one error type commands throw to leave with one of them.

export const EXIT = { ok: 0, findings: 1, usage: 2, data: 3, locked: 4, io: 5 } as const;

/** Leave with `code` after printing `message` (if any) to stderr. Commands throw it; main() catches it. */
export class ExitError extends Error {
  constructor(readonly code: number, message = '') {
    super(message);
  }
}
