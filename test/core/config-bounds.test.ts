// Whatever ledger.yaml's dunning section holds, check either refuses it or `dunning` can run with it: no value
// that passes check makes the dunning run throw (an amount past exact range used to end it with exit 70).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeConfig, decodeCustomers } from '../../src/core/config.js';
import { addDays, type LocalDate } from '../../src/core/date.js';
import { formatIssue, type LedgerIssue } from '../../src/core/issues.js';
import { JOURNALS, type JournalName, type RawJournal } from '../../src/core/journals.js';
import { buildLedger } from '../../src/core/ledger.js';
import { dunningFeeRows, dunningLogRows, planDunning } from '../../src/core/reports/dunning.js';
import { readCsv } from '../../src/io/csv.js';
import { readYaml } from '../../src/io/yaml.js';

const CURRENCIES = ['EUR', 'JPY', 'KWD'] as const;
const DIGITS = { EUR: 2, JPY: 0, KWD: 3 } as const;

/** Decimal text as a user might write it: plain, huge, with an exponent, signed, with many decimals. */
const arbDecimal = fc.oneof(
  { arbitrary: fc.tuple(fc.integer({ min: 0, max: 10_000_000_000 }), fc.integer({ min: 0, max: 99 })).map(([i, f]) => `${i}.${String(f).padStart(2, '0')}`), weight: 2 },
  { arbitrary: fc.integer({ min: 0, max: 10_000_000_000 }).map(String), weight: 2 },
  { arbitrary: fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 25n }), fc.option(fc.stringMatching(/^[0-9]{1,8}$/), { nil: undefined }))
    .map(([i, f]) => (f === undefined ? `${i}` : `${i}.${f}`)), weight: 1 },
  { arbitrary: fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 9999 })).map(([i, f]) => `${i}.${f}`), weight: 3 },
  { arbitrary: fc.constantFrom('1e23', '-5', '+5', '0', '100', '100.0001', '10000000000', '10000000000.001', '9999999999.999', 'NaN', ''), weight: 1 },
);

/** Interest rates: mostly plausible ones, sometimes anything. */
const arbRate = fc.oneof(
  { arbitrary: fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 9999 })).map(([i, f]) => (i === 100 ? '100' : `${i}.${f}`)), weight: 4 },
  { arbitrary: arbDecimal, weight: 1 },
);
/** A JPY fee has no decimals. */
const arbYen = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 10_000_000_000 }).map(String), weight: 4 }, { arbitrary: arbDecimal, weight: 1 });

function ledgerText(fee: string, feeJpy: string, minAmount: string, interest: string): string {
  return `version: 1
currency: EUR
dunning:
  min_amount: "${minAmount}"
  levels:
    - { level: 1, after_days: 1, template: reminder, fee: "${fee}", interest: "${interest}" }
    - { level: 2, after_days: 30, template: final-demand, fee: { EUR: "${fee}", JPY: "${feeJpy}", KWD: "${fee}" }, interest: "${interest}" }
`;
}

const CUSTOMERS = 'A:\n  name: A\n  currency: EUR\nJ:\n  name: J\n  currency: JPY\nK:\n  name: K\n  currency: KWD\n';

describe('dunning settings', () => {
  it('are refused by check, or run without an error for any open amount and any arrears up to a century', () => {
    let accepted = 0;
    fc.assert(fc.property(
      arbDecimal, arbYen, arbDecimal, arbRate,
      fc.array(fc.record({
        ccy: fc.constantFrom(...CURRENCIES),
        // Up to the largest amount a journal holds: 10^13 minor units.
        minor: fc.oneof(fc.bigInt({ min: 1n, max: 10n ** 13n }), fc.constant(10n ** 13n)),
        daysLate: fc.integer({ min: 1, max: 36_500 }),
      }), { minLength: 1, maxLength: 3 }),
      (fee, feeJpy, minAmount, interest, items) => {
        const issues: LedgerIssue[] = [];
        const config = decodeConfig(readYaml('ledger.yaml', ledgerText(fee, feeJpy, minAmount, interest)).input, issues);
        if (issues.length > 0) {
          // Refused: each problem names the setting at a line of the file.
          for (const i of issues) expect(formatIssue(i)).toMatch(/^ledger\.yaml:\d+: dunning\.(min_amount|levels\.\d\.(fee|interest))/);
          return;
        }
        accepted++;
        const customers = decodeCustomers(readYaml('customers.yaml', CUSTOMERS).input, config.currency, issues);
        const asOf = '2026-11-30' as LocalDate;
        const rows = items.map((it, n) => {
          const s = it.minor.toString().padStart(DIGITS[it.ccy] + 1, '0');
          const amount = DIGITS[it.ccy] === 0 ? s : `${s.slice(0, -DIGITS[it.ccy])}.${s.slice(-DIGITS[it.ccy])}`;
          const due = addDays(asOf, -it.daysLate);
          const customer = { EUR: 'A', JPY: 'J', KWD: 'K' }[it.ccy];
          return `I${n},invoice,${due},${due},${customer},${it.ccy},${amount},net30,,`;
        });
        const csv = readCsv('invoices.csv', `${JOURNALS['invoices.csv'].join(',')}\n${rows.join('\n')}\n`);
        const journals = new Map<JournalName, RawJournal>([['invoices.csv', { file: 'invoices.csv', header: csv.header, rows: csv.rows, issues: csv.issues }]]);
        const built = buildLedger({ config, customers, journals });
        expect([...issues, ...built.issues].map(formatIssue)).toEqual([]);
        const plan = planDunning(built.ledger, asOf);
        for (const l of plan.letters) {
          for (const v of [l.fee, l.interest, l.overdue, l.total]) expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
        }
        expect(() => [dunningLogRows(plan), dunningFeeRows(built.ledger, plan)]).not.toThrow();
      },
    ), { numRuns: 300 });
    // The property is only worth something if many generated settings pass check.
    expect(accepted).toBeGreaterThan(30);
  });

  it('refuse the values that used to end the dunning run with an internal error', () => {
    const issues: LedgerIssue[] = [];
    decodeConfig(readYaml('ledger.yaml', ledgerText('99999999999999999999.99', '1500', '10.00', '8')).input, issues);
    decodeConfig(readYaml('ledger.yaml', ledgerText('10.00', '1500', '10.00', '1e23')).input, issues);
    expect(issues.map(formatIssue)).toEqual([
      expect.stringMatching(/^ledger\.yaml:6: dunning\.levels\.0\.fee "99999999999999999999\.99" is too large/),
      expect.stringMatching(/^ledger\.yaml:7: dunning\.levels\.1\.fee\.EUR "99999999999999999999\.99" is too large/),
      expect.stringMatching(/^ledger\.yaml:7: dunning\.levels\.1\.fee\.KWD "99999999999999999999\.99" is too large/),
      expect.stringMatching(/^ledger\.yaml:6: dunning\.levels\.0\.interest "1e23" is not a percentage/),
      expect.stringMatching(/^ledger\.yaml:7: dunning\.levels\.1\.interest "1e23" is not a percentage/),
    ]);
  });
});
