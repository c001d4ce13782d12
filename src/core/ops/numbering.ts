// Document ids from the `numbering` patterns of ledger.yaml: `{yyyy}`, `{yy}`, `{mm}` and a counter per prefix.
import type { LocalDate } from '../date.js';
import type { Ledger } from '../ledger.js';
import type { NumberedKind } from '../types.js';

/** Per ledger (its id index, never changed once built): the highest counter per rendered prefix and suffix. */
const highestCounters = new WeakMap<ReadonlyMap<string, unknown>, Map<string, number>>();

function render(part: string, date: LocalDate): string {
  return part.replace(/\{yyyy\}/g, date.slice(0, 4)).replace(/\{yy\}/g, date.slice(2, 4)).replace(/\{mm\}/g, date.slice(5, 7));
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The next id for a document kind dated `date`: one above the highest counter among existing ids with the same
 * rendered prefix and suffix (so `INV-{yyyy}-{seq:5}` counts per year), zero-padded to the pattern's width.
 * `taken` holds ids already handed out in the same command.
 */
export function nextId(ledger: Ledger, kind: NumberedKind, date: LocalDate, taken: ReadonlySet<string> = new Set()): string {
  const pattern = ledger.config.numbering[kind];
  const m = /\{seq(?::(\d))?\}/.exec(pattern)!;
  const width = m[1] ? Number(m[1]) : 1;
  const prefix = render(pattern.slice(0, m.index), date);
  const suffix = render(pattern.slice(m.index + m[0].length), date);
  const re = new RegExp(`^${escapeRe(prefix)}(\\d+)${escapeRe(suffix)}$`);
  let max = 0;
  const consider = (id: string): void => {
    if (!id.startsWith(prefix)) return;
    const mm = re.exec(id);
    if (mm) max = Math.max(max, Number(mm[1]));
  };
  // The ledger's highest counter per prefix and suffix is found once: a command that numbers a row for each of
  // thousands (dunning fees, an import) would otherwise read every id of the ledger for each of them.
  let highest = highestCounters.get(ledger.byId);
  if (!highest) highestCounters.set(ledger.byId, highest = new Map());
  const key = `${prefix}\u0000${suffix}`;
  const known = highest.get(key);
  if (known === undefined) {
    // A ledger read by the fast reader knows its highest counters without reading every id (src/core/fast/partial.ts).
    const index = ledger.byId as { highestCounter?: (prefix: string) => number | null };
    const quick = suffix === '' && index.highestCounter ? index.highestCounter(prefix) : null;
    if (quick !== null) max = quick;
    else for (const id of ledger.byId.keys()) consider(id);
    highest.set(key, max);
  } else {
    max = known;
  }
  for (const id of taken) consider(id);
  for (;;) {
    const id = `${prefix}${String(++max).padStart(width, '0')}${suffix}`;
    if (!ledger.byId.has(id) && !taken.has(id)) return id;
  }
}
