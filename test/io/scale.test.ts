// Master data is read in time linear in its size: 10× the customers must not cost 100× the time, as the yaml
// library's duplicate-key check and a per-customer search for line numbers once did (80 s at 50,000 customers).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLedger } from '../../src/io/load.js';
import { BASE_CONFIG, runCli, tempLedger } from '../helpers/cli.js';

const INVOICES = 'id,kind,date,due,customer,currency,amount,terms,reference,memo\n'
  + 'INV-1,invoice,2026-10-01,2026-10-31,C000001,EUR,100.00,net30,,\n'
  + 'INV-2,invoice,2026-10-02,2026-11-01,C000003,USD,250.00,net30,,\n';
const PAYMENTS = 'id,date,customer,currency,amount,method,reference,bank_ref,memo\nPAY-1,2026-10-20,C000001,EUR,40.00,bank,,,\n';
const APPLICATIONS = 'date,credit,debit,amount\n2026-10-20,PAY-1,INV-1,40.00\n';

/** n customers as a bookkeeper writes them, a few sharing settings through a merge key. */
function customers(n: number, extra = ''): string {
  const out: string[] = [];
  for (let i = 1; i <= n; i++) {
    const id = `C${String(i).padStart(6, '0')}`;
    if (i === 1) out.push(`${id}: &base\n  name: "Customer ${i} GmbH"\n  email: ap-${i}@example.com\n  currency: EUR\n  terms: net30\n`);
    // The yaml reader refuses more than 50 uses of one anchor, as an alias bomb would make.
    else if (i % (Math.floor(n / 20)) === 0) out.push(`${id}:\n  <<: *base\n  name: Customer ${i} Ltd\n`);
    else out.push(`${id}:\n  name: Customer ${i} Inc.\n  email: ap-${i}@example.com\n  currency: ${i % 2 ? 'USD' : 'EUR'}\n  terms: net14\n${i % 10 ? '' : `  aliases: [C${i} INC, CUST ${i}]\n`}`);
  }
  return out.join('') + extra;
}

function ledger(n: number, extra = ''): string {
  return tempLedger({
    'ledger.yaml': BASE_CONFIG, 'customers.yaml': customers(n, extra), 'invoices.csv': INVOICES, 'payments.csv': PAYMENTS,
    'applications.csv': APPLICATIONS,
  });
}

function timedLoad(dir: string): { ms: number; loaded: ReturnType<typeof loadLedger> } {
  const t0 = performance.now();
  const loaded = loadLedger(dir);
  const ms = performance.now() - t0;
  expect(loaded.issues).toEqual([]);
  return { ms, loaded };
}

describe('master data at scale', () => {
  it('loads 30,000 customers in time linear in their number', () => {
    const small = ledger(3_000);
    const large = ledger(30_000);
    timedLoad(ledger(500)); // warm up the code paths
    const t5k = Math.max(timedLoad(small).ms, 30);
    const { ms: t50k, loaded } = timedLoad(large);
    // Linear is ~10×, the quadratic paths were ~100× (and 80 s); the floor on t5k keeps a fast small run from
    // inflating the ratio. The ratio is the guard: the absolute bound only catches the old 80 s, since on a
    // machine busy with a whole test run this load has taken 23 s (4 s alone).
    expect(t50k / t5k).toBeLessThan(30);
    expect(t50k).toBeLessThan(60_000);
    expect(loaded.ledger.customers.size).toBe(30_000);
    // The merge key still reaches its customers, and every customer keeps its own line.
    const merged = loaded.ledger.customers.get('C001500')!;
    expect(merged).toMatchObject({ name: 'Customer 1500 Ltd', email: 'ap-1@example.com', currency: 'EUR', terms: 'net30' });
    expect(loaded.ledger.customers.get('C029999')!.src.line).toBe(fs.readFileSync(path.join(large, 'customers.yaml'), 'utf8')
      .split('\n').indexOf('C029999:') + 1);
  }, 180_000);

  it('check reports a duplicate customer at the end of 10,000 at its line, without a quadratic wait', () => {
    const dir = ledger(10_000, 'C000007:\n  name: Again\n');
    const line = fs.readFileSync(path.join(dir, 'customers.yaml'), 'utf8').split('\n').length - 2;
    const t0 = performance.now();
    const r = runCli(['check', '-L', dir]);
    const ms = performance.now() - t0;
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`customers.yaml:${line}: YAML: key "C000007" appears twice in the same map`);
    expect(ms).toBeLessThan(60_000);
  }, 180_000);
});
