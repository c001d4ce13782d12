// `invoice list` and `invoice show` tell one status, the same in every format: disputed, overdue, open, and for a
// settled invoice written-off, credited or paid.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, copyLedger, runCli } from '../helpers/cli.js';

const DEMO = path.join(ROOT, 'ledgers', 'demo');

function listed(dir: string, id: string): string {
  const r = runCli(['invoice', 'list', '--format', 'json', '-L', dir]);
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { invoices: { id: string; status: string }[] }).invoices.find((i) => i.id === id)!.status;
}

function shown(dir: string, id: string): string {
  const r = runCli(['invoice', 'show', id, '--format', 'json', '-L', dir]);
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { status: string }).status;
}

describe('invoice status', () => {
  it('a written-off invoice is written-off, not paid, in list and show, JSON, CSV and text', () => {
    const dir = copyLedger(DEMO);
    expect(listed(dir, 'INV-2026-00040')).toBe('overdue');
    const w = runCli(['writeoff', 'INV-2026-00040', '--reason', 'customer insolvent', '--date', '2026-11-30', '-L', dir]);
    expect(w.code).toBe(0);
    expect(listed(dir, 'INV-2026-00040')).toBe('written-off');
    expect(shown(dir, 'INV-2026-00040')).toBe('written-off');
    expect(runCli(['invoice', 'list', '--format', 'csv', '-L', dir]).stdout).toMatch(/^INV-2026-00040,.*,0\.00,written-off$/m);
    expect(runCli(['invoice', 'show', 'INV-2026-00040', '-L', dir]).stdout).toMatch(/^status: +written-off$/m);
    // Before the write-off it was overdue.
    expect(runCli(['invoice', 'show', 'INV-2026-00040', '--as-of', '2026-11-29', '-L', dir]).stdout).toMatch(/^status: +overdue$/m);
  });

  it('credited, paid with an early-payment discount, open and disputed', () => {
    expect(listed(DEMO, 'INV-2026-00022')).toBe('credited');
    expect(shown(DEMO, 'INV-2026-00012')).toBe('paid');
    const dir = copyLedger(DEMO);
    const open = runCli(['invoice', 'add', '--customer', 'HAAS', '--amount', '10.00', '-L', dir]).stdout.trim();
    expect(shown(dir, open)).toBe('open');
    expect(runCli(['dispute', open, '--reason', 'not ordered', '-L', dir]).code).toBe(0);
    expect(listed(dir, open)).toBe('disputed');
  });
});
