// Numbering thousands of rows in one command (dunning fees, an import) reads the ledger's ids once, not per row.
import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../../src/core/date.js';
import type { Ledger } from '../../src/core/ledger.js';
import { nextId } from '../../src/core/ops/numbering.js';
import { testConfig } from './builders.js';

function ledgerWithIds(ids: readonly string[]): Ledger {
  return { config: testConfig(), byId: new Map(ids.map((id) => [id, {}])) } as unknown as Ledger;
}

const DATE = '2026-11-30' as LocalDate;

describe('nextId at scale', () => {
  it('numbers 5,000 rows over a ledger of 200,000 ids in linear time', () => {
    const ids = Array.from({ length: 200_000 }, (_, i) => `DN-2026-${String(i + 1).padStart(6, '0')}`);
    const ledger = ledgerWithIds(ids);
    const t0 = performance.now();
    let taken = new Set<string>();
    const out: string[] = [];
    for (let k = 0; k < 5_000; k++) {
      const id = nextId(ledger, 'debit-note', DATE, taken);
      out.push(id);
      taken = new Set([id]);
    }
    // Reading all 200,000 ids for each of 5,000 rows took tens of seconds.
    expect(performance.now() - t0).toBeLessThan(3_000);
    expect(out[0]).toBe('DN-2026-200001');
    expect(out.at(-1)).toBe('DN-2026-205000');
  });

  it('gives the same ids as a fresh look at the ledger, per prefix and around taken ids', () => {
    const ledger = ledgerWithIds(['DN-2025-0007', 'DN-2026-0003', 'INV-2026-00041', 'DN-2026-0009x']);
    expect(nextId(ledger, 'debit-note', DATE)).toBe('DN-2026-0004');
    expect(nextId(ledger, 'debit-note', '2025-03-01' as LocalDate)).toBe('DN-2025-0008');
    expect(nextId(ledger, 'debit-note', DATE, new Set(['DN-2026-0010']))).toBe('DN-2026-0011');
    expect(nextId(ledger, 'debit-note', DATE)).toBe('DN-2026-0004');
    expect(nextId(ledger, 'invoice', DATE)).toBe('INV-2026-00042');
    expect(nextId(ledgerWithIds(['DN-2026-0020']), 'debit-note', DATE)).toBe('DN-2026-0021');
  });
});
