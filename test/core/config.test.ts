import { describe, expect, it } from 'vitest';
import { BANK_COLUMNS, decodeConfig, decodeCustomers, type YamlInput } from '../../src/core/config.js';
import { formatIssue, type LedgerIssue } from '../../src/core/issues.js';
import type { Currency } from '../../src/core/money.js';
import { PROFILE_COLUMNS } from '../../src/io/bank/csv.js';
import { readYaml } from '../../src/io/yaml.js';

const input = (file: string, value: unknown): YamlInput => ({ file, value, lineOf: () => 1 });

function configProblems(value: Record<string, unknown>): string[] {
  const issues: LedgerIssue[] = [];
  decodeConfig(input('ledger.yaml', { version: '1', currency: 'EUR', ...value }), issues);
  return issues.map(formatIssue);
}

describe('decodeConfig', () => {
  it('reads defaults from a minimal file', () => {
    const issues: LedgerIssue[] = [];
    const c = decodeConfig(input('ledger.yaml', { currency: 'JPY' }), issues);
    expect(issues).toEqual([]);
    expect(c).toMatchObject({ currency: 'JPY', terms: 'net30', aging: { basis: 'due', buckets: [30, 60, 90] }, lockDate: null });
  });

  it('names a misspelt setting and any other unknown key, but leaves keys of the user\'s own (x_, x-) alone', () => {
    expect(configProblems({ 'lock-date': '2026-10-31', lockdate: '2026-10-31', ageing: { basis: 'due' }, import: {}, smtp: {}, x_custom: '1', 'x-defaults': {} })).toEqual([
      'ledger.yaml:1: lock-date is not a setting; did you mean lock_date? — rename it to lock_date',
      'ledger.yaml:1: lockdate is not a setting; did you mean lock_date? — rename it to lock_date',
      'ledger.yaml:1: ageing is not a setting; did you mean aging? — rename it to aging',
      'ledger.yaml:1: smtp is not a setting — the settings here are version, company, currency, numbering, terms, aging, lock_date, future_days, dunning, bank, bank_accounts, payment_reference, import, einvoice, csv, approvals; a key of your own starts with x_',
    ]);
    expect(configProblems({ aging: { basis: 'due', bucket: ['30'] } })).toEqual([
      'ledger.yaml:1: aging.bucket is not a setting; did you mean buckets? — rename it to buckets',
    ]);
  });

  it('refuses values that would change the numbers silently', () => {
    expect(configProblems({ aging: { basis: 'overdue' } })).toEqual(['ledger.yaml:1: aging.basis "overdue" is not due or invoice — write due or invoice']);
    expect(configProblems({ aging: { buckets: ['30', '30'] } })[0]).toMatch(/is not a rising list/);
    expect(configProblems({ aging: { buckets: ['0', '30'] } })[0]).toMatch(/is not a rising list/);
    expect(configProblems({ lock_date: '2026-02-29' })).toEqual(['ledger.yaml:1: lock_date "2026-02-29" is not a calendar date — write YYYY-MM-DD']);
    expect(configProblems({ currency: 'EURO' })[0]).toMatch(/currency "EURO" is not an ISO 4217 code/);
    expect(configProblems({ terms: 'net 30' })[0]).toMatch(/terms "net 30" are not payment terms/);
    expect(configProblems({ company: { email: 'a@b.example\nBcc: x@y.example' } })[0]).toMatch(/company\.email .* is not an e-mail address/);
  });
});

describe('decodeCustomers', () => {
  it('names a misspelt customer field', () => {
    const issues: LedgerIssue[] = [];
    const out = decodeCustomers(input('customers.yaml', { ACME: { name: 'Acme', emial: 'ap@acme.example', curency: 'EUR', notes: 'x', x_notes: 'y' } }), 'EUR' as Currency, issues);
    expect(issues.map(formatIssue)).toEqual([
      'customers.yaml:1: ACME.emial is not a setting; did you mean email? — rename it to email',
      'customers.yaml:1: ACME.curency is not a setting; did you mean currency? — rename it to currency',
      expect.stringMatching(/^customers\.yaml:1: ACME\.notes is not a setting — the settings here are name, email, .*collector; a key of your own starts with x_$/),
    ]);
    expect(out.get('ACME')).toMatchObject({ email: '', currency: 'EUR' });
  });
});

/** Problems of a ledger.yaml text as `check` prints them, with real line numbers. */
function yamlProblems(text: string): string[] {
  const { input, issues } = readYaml('ledger.yaml', `version: 1\ncurrency: EUR\n${text}`);
  decodeConfig(input, issues);
  return issues.map(formatIssue);
}

describe('decodeConfig: every settings map', () => {
  it('reads every key SPEC §1.3 names without a word', () => {
    expect(yamlProblems(`company: { name: Northwind Traders Ltd, email: ar@northwind.example, address: "1 Market St\\nSpringfield",
           country: GB, vat_id: GB123456789, registration: "Company no. 01234567" }
bank_accounts:
  - { iban: GB33BUKB20201555555555, bic: BUKBGB22, bank: Barclays, currency: GBP }
payment_reference: rf
future_days: 0
numbering: { invoice: "INV-{yyyy}-{seq:5}", payment: "PAY-{seq:6}", credit-note: "CN-{yyyy}-{seq:4}" }
terms: net30
aging: { basis: due, buckets: [30, 60, 90] }
lock_date: 2026-10-31
dunning:
  min_interval_days: 14
  min_amount: { EUR: "10.00", JPY: "1500" }
  dun_fees: false
  levels:
    - { level: 1, after_days: 7,  template: reminder }
    - { level: 2, after_days: 30, template: second-notice, fee: "10.00", interest: "8" }
    - { level: 3, after_days: 60, template: final-demand,  fee: "25.00", interest: "8.125" }
bank:
  profiles:
    examplebank: { delimiter: ";", decimal: ",", thousands: ".", date_format: "DD.MM.YYYY", encoding: windows-1252, currency: EUR, skip_rows: 2,
                   columns: { date: Date, amount: Amount, payer: Payer, iban: "Payer IBAN", reference: Details, id: TxId } }
import:
  profiles:
    erp: { date_format: M/D/YYYY, currency: USD, columns: { id: Invoice, date: Date, customer: Customer, amount: Amount, invoice: Paid } }
`)).toEqual([]);
  });

  it('names an unknown or misspelt key in every nested map at its line, with the valid keys or the one meant', () => {
    expect(yamlProblems(`company: { name: Test Co, emial: ar@test.example }
dunning:
  min_amout: "10.00"
  levels:
    - { level: 1, after_days: 7, template: reminder, intrest: "8" }
bank:
  profiles:
    b: { delimter: ";", columns: { date: Date, amont: Amount, memo: Text } }
  profile: {}
import:
  profiles:
    erp: { date_fromat: M/D/YYYY, columns: { id: Invoice, date: Date, customr: Customer, colour: X } }
bank_accounts: [{ iban: GB33BUKB20201555555555, swift: BUKBGB22 }]
`)).toEqual([
      'ledger.yaml:3: company.emial is not a setting; did you mean email? — rename it to email',
      'ledger.yaml:5: dunning.min_amout is not a setting; did you mean min_amount? — rename it to min_amount',
      'ledger.yaml:7: dunning.levels.0.intrest is not a setting; did you mean interest? — rename it to interest',
      'ledger.yaml:11: bank.profile is not a setting; did you mean profiles? — rename it to profiles',
      'ledger.yaml:10: bank.profiles.b.delimter is not a setting; did you mean delimiter? — rename it to delimiter',
      'ledger.yaml:10: bank.profiles.b.columns.amont is not a setting; did you mean amount? — rename it to amount',
      'ledger.yaml:10: bank.profiles.b.columns.memo is not a setting — the settings here are date, amount, credit, debit, direction, currency, payer, iban, reference, text, id; a key of your own starts with x_',
      'ledger.yaml:14: import.profiles.erp.date_fromat is not a setting; did you mean date_format? — rename it to date_format',
      'ledger.yaml:14: import.profiles.erp.columns.customr is not a setting; did you mean customer? — rename it to customer',
      expect.stringMatching(/^ledger\.yaml:14: import\.profiles\.erp\.columns\.colour is not a setting — the settings here are id, kind, date, due, customer, .*, invoice, name, .*, dunning; /),
      'ledger.yaml:15: bank_accounts.0.swift is not a setting — the settings here are iban, bic, bank, currency; a key of your own starts with x_',
    ]);
  });

  it('refuses every wrong shape at the line of its key instead of falling back to defaults', () => {
    const shape = (text: string): string[] => yamlProblems(text).map((p) => p.replace(/ — .*/, ''));
    expect(shape('company: Test Co\n')).toEqual(['ledger.yaml:3: company is a single value, not a map of settings']);
    expect(shape('aging: [30, 60]\n')).toEqual(['ledger.yaml:3: aging is a list, not a map of settings']);
    expect(shape('dunning: yes\n')).toEqual(['ledger.yaml:3: dunning is a single value, not a map of settings']);
    expect(shape('numbering: INV-{seq}\n')).toEqual(['ledger.yaml:3: numbering is a single value, not a map of settings']);
    expect(shape('bank: examplebank\n')).toEqual(['ledger.yaml:3: bank is a single value, not a map of settings']);
    expect(shape('import: [erp]\n')).toEqual(['ledger.yaml:3: import is a list, not a map of settings']);
    expect(shape('import:\n  profiles: [erp]\n')).toEqual(['ledger.yaml:4: import.profiles is a list, not a map of settings']);
    expect(shape('dunning:\n  levels: { level: 1 }\n')).toEqual(['ledger.yaml:4: dunning.levels is not a list']);
    expect(shape('dunning:\n  levels:\n    - reminder\n')).toEqual(['ledger.yaml:5: dunning.levels.0 is a single value, not a map of settings']);
    expect(shape('bank:\n  profiles:\n    b: { columns: [Date, Amount] }\n')).toEqual(['ledger.yaml:5: bank profile b has no columns map']);
    expect(shape('bank:\n  profiles:\n    b: semicolon\n')).toEqual(['ledger.yaml:5: bank.profiles.b is a single value, not a map of settings']);
    expect(shape('bank_accounts: [GB33BUKB20201555555555]\n')).toEqual(['ledger.yaml:3: bank_accounts.0 is a single value, not a map of settings']);
    expect(shape('company: { name: [a, b] }\n')).toEqual(['ledger.yaml:3: company.name is not a text value']);
  });

  it('refuses a dunning template that is a path, and reads one with a dot', () => {
    expect(yamlProblems('dunning:\n  levels:\n    - { level: 1, after_days: 7, template: ../../../etc/passwd }\n')).toEqual([
      'ledger.yaml:5: dunning template "../../../etc/passwd" is not a template name — use letters, digits, ".", "-" and "_" (no path), e.g. template: reminder',
    ]);
    for (const bad of ['/etc/passwd', 'a..b', '.hidden', 'a/b', 'a\\\\b']) expect(yamlProblems(`dunning: { levels: [{ level: 1, after_days: 7, template: "${bad}" }] }\n`)).toHaveLength(1);
    expect(yamlProblems('dunning: { levels: [{ level: 1, after_days: 7, template: reminder.v2 }] }\n')).toEqual([]);
  });

  it('refuses fees, minimums and interest that are absurd or not plain decimals', () => {
    const dun = (level: string, top = ''): string[] => yamlProblems(`dunning:\n${top}  levels:\n    - { level: 1, after_days: 7, template: reminder, ${level} }\n`).map((p) => p.replace(/ — .*/, ''));
    expect(dun('fee: "99999999999999999999.99"')).toEqual(['ledger.yaml:5: dunning.levels.0.fee "99999999999999999999.99" is too large']);
    expect(dun('fee: "10000000000.01"')).toEqual(['ledger.yaml:5: dunning.levels.0.fee "10000000000.01" is too large']);
    expect(dun('fee: "10000000000"')).toEqual([]);
    expect(dun('fee: { EUR: "99999999999999999999.99" }')).toEqual(['ledger.yaml:5: dunning.levels.0.fee.EUR "99999999999999999999.99" is too large: one amount is at most 100,000,000,000.00 EUR']);
    expect(dun('fee: "-5"')).toEqual(['ledger.yaml:5: dunning.levels.0.fee "-5" is not an amount']);
    expect(dun('fee: "1e3"')).toEqual(['ledger.yaml:5: dunning.levels.0.fee "1e3" is not an amount']);
    expect(dun('', '  min_amount: "1e30"\n')).toEqual(['ledger.yaml:4: dunning.min_amount "1e30" is not an amount']);
    expect(dun('', '  min_amount: "100000000000"\n')).toEqual(['ledger.yaml:4: dunning.min_amount "100000000000" is too large']);
    for (const bad of ['1e23', '101', '100.0001', '-8', '8%', '8.12345', 'eight']) {
      expect(dun(`interest: "${bad}"`)).toEqual([`ledger.yaml:5: dunning.levels.0.interest "${bad}" is not a percentage from 0 to 100`]);
    }
    for (const ok of ['0', '8', '9.12', '100', '0.0001']) expect(dun(`interest: "${ok}"`)).toEqual([]);
    expect(yamlProblems('dunning: { levels: [{ level: 1000, after_days: 7, template: reminder }] }\n').map((p) => p.replace(/ — .*/, ''))).toEqual(['ledger.yaml:3: dunning.levels.0.level "1000" is not a whole number from 1 to 999']);
  });

  it('refuses numbering patterns that would make invalid or colliding ids', () => {
    const num = (p: string): string[] => yamlProblems(`numbering: { invoice: "${p}" }\n`).map((x) => x.replace(/ — .*/, ''));
    expect(num('INV-{seq}-{seq}')).toEqual(['ledger.yaml:3: numbering.invoice "INV-{seq}-{seq}" is not an id pattern with one counter']);
    expect(num('-{seq}')).toEqual(['ledger.yaml:3: numbering.invoice "-{seq}" is not an id pattern with one counter']);
    expect(num('INV/{seq}')).toEqual(['ledger.yaml:3: numbering.invoice "INV/{seq}" is not an id pattern with one counter']);
    expect(num(`${'A'.repeat(60)}{seq:5}`)[0]).toMatch(/makes ids longer than 64 characters/);
    expect(num('{yyyy}{mm}-{seq:4}')).toEqual([]);
  });

  it('bounds day counts: aging buckets, future_days, skip_rows', () => {
    const first = (t: string): string => yamlProblems(t).map((x) => x.replace(/ — .*/, ''))[0] ?? '';
    expect(first('aging: { buckets: [30, 1000000000000] }\n')).toMatch(/is not a rising list of positive day counts/);
    expect(first('aging: { buckets: [30, 30, 60] }\n')).toMatch(/is not a rising list/);
    expect(first(`aging: { buckets: [${Array.from({ length: 13 }, (_, i) => (i + 1) * 10).join(', ')}] }\n`)).toBe('ledger.yaml:3: aging.buckets has 13 limits; at most 12 are read');
    expect(first('future_days: 367\n')).toBe('ledger.yaml:3: future_days "367" is not a whole number from 0 to 366');
    expect(first('future_days: -1\n')).toBe('ledger.yaml:3: future_days "-1" is not a whole number from 0 to 366');
    expect(first('future_days: 1.5\n')).toBe('ledger.yaml:3: future_days "1.5" is not a whole number from 0 to 366');
    expect(yamlProblems('future_days: 366\n')).toEqual([]);
    expect(first('bank: { profiles: { b: { skip_rows: 100000, columns: { date: D, amount: A } } } }\n')).toBe('ledger.yaml:3: bank.profiles.b.skip_rows "100000" is not a whole number from 0 to 100');
    expect(first('import: { profiles: { erp: { skip_rows: 1000, columns: { date: D } } } }\n')).toBe('ledger.yaml:3: import.profiles.erp.skip_rows "1000" is not a whole number from 0 to 100');
  });

  it('refuses CSV profile values that would only fail when a file is read', () => {
    const prof = (kv: string): string[] => yamlProblems(`bank:\n  profiles:\n    b:\n      ${kv}\n      columns: { date: D, amount: A }\n`).map((x) => x.replace(/ — .*/, ''));
    expect(prof('encoding: klingon')).toEqual(['ledger.yaml:6: bank profile b: encoding "klingon" is not a known text encoding']);
    expect(prof('date_format: DD.MM')).toEqual(['ledger.yaml:6: bank profile b: date_format "DD.MM" does not have a year, a month and a day once each']);
    expect(prof('date_format: YYYY-MM-DD-YY')).toHaveLength(1);
    expect(prof('delimiter: ";;"')).toEqual(['ledger.yaml:6: bank profile b: delimiter ";;" is not one character']);
    expect(prof('decimal: "\'"')).toEqual(['ledger.yaml:6: bank profile b: decimal "\'" is not "." or ","']);
    expect(prof('thousands: "."')).toEqual(['ledger.yaml:6: bank profile b: thousands "." is not one separator other than the decimal point']);
    for (const ok of ['encoding: ISO-8859-15', 'date_format: DD-MMM-YY', 'date_format: M/D/YYYY', 'delimiter: "\\t"']) expect(prof(ok)).toEqual([]);
    expect(yamlProblems('import: { profiles: { erp: { encoding: ebcdic, columns: { date: D } } } }\n').map((x) => x.replace(/ — .*/, ''))).toEqual([
      'ledger.yaml:3: import profile erp: encoding "ebcdic" is not a known text encoding',
    ]);
  });

  it('refuses company values that documents and e-invoices would carry wrongly', () => {
    const co = (kv: string): string[] => yamlProblems(`company: { name: Test Co, ${kv} }\npayment_reference: rf\n`).map((x) => x.replace(/ — .*/, ''));
    expect(co('country: gb')).toEqual(['ledger.yaml:3: company.country "gb" is not an ISO 3166 country code']);
    expect(co('vat_id: "GB1\\nBcc: x"')).toEqual(['ledger.yaml:3: company.vat_id contains a control character (line break or tab): "GB1\\nBcc: x"']);
    expect(yamlProblems('company: { name: "Evil\\u202eoC tseT" }\n')).toEqual([]);
    expect(yamlProblems('payment_reference: iso\n')[0]).toMatch(/^ledger\.yaml:3: payment_reference "iso" is not rf or id/);
    expect(yamlProblems('bank_accounts: [{ iban: "not an iban" }]\n')[0]).toMatch(/^ledger\.yaml:3: bank_accounts\.0\.iban "NOTANIBAN" is not an IBAN/);
    expect(yamlProblems('bank_accounts: [{ bic: BUKBGB22 }]\n')[0]).toMatch(/^ledger\.yaml:3: bank_accounts\.0 has no iban/);
  });
});

describe('decodeCustomers: shapes and values', () => {
  const problems = (text: string): string[] => {
    const { input, issues } = readYaml('customers.yaml', text);
    decodeCustomers(input, 'EUR' as Currency, issues);
    return issues.map(formatIssue).map((x) => x.replace(/ — .*/, ''));
  };

  it('reads the optional keys SPEC §1.4 names, and collector', () => {
    expect(problems('ACME:\n  name: Acme\n  vat_id: GB987654321\n  country: GB\n  buyer_reference: "991-01234-56"\n  einvoice: ubl\n  collector: jane\n')).toEqual([]);
  });

  it('refuses a customer that is a single value or a list, and bad optional values, at their lines', () => {
    expect(problems('ACME: Acme Corporation\nGLOBEX: [a, b]\n')).toEqual(['customers.yaml:1: customer ACME is not a map', 'customers.yaml:2: customer GLOBEX is not a map']);
    expect(problems('ACME:\n  name: Acme\n  country: Germany\n  einvoice: pdf\n  credit_limit: "-5.00"\n  hold: maybe\n')).toEqual([
      'customers.yaml:3: country "Germany" of ACME is not an ISO 3166 country code',
      'customers.yaml:4: einvoice "pdf" of ACME is not ubl or cii',
      'customers.yaml:5: credit_limit "-5.00" of ACME is negative; amounts are written without a sign',
      'customers.yaml:6: hold "maybe" is not true or false',
    ].map((x) => x.replace('hold "maybe"', 'ACME.hold "maybe"')));
    expect(problems('ACME:\n  name: Acme\n  credit_limit: lots\n')).toEqual(['customers.yaml:3: credit_limit "lots" of ACME is not a decimal number']);
  });

  it('accepts C1 controls and bidi overrides in names, addresses and aliases: output escapes them', () => {
    expect(problems('ACME:\n  name: "Acme\\u202e"\n  address: "1 Road\\u0085"\n  aliases: ["ACME\\u2066 CORP"]\n')).toEqual([]);
    // An address has several lines; that is not a control character to refuse.
    expect(problems('ACME:\n  name: Acme\n  address: "Acme\\n12 Harbour Road\\nBristol"\n')).toEqual([]);
  });

  it('reads a customer built with a merge key as written, and reports a merged mistake where it is written', () => {
    const text = 'ACME: &acme\n  name: Acme\n  currency: USD\n  hold: true\n  terms: net45\nGLOBEX:\n  <<: *acme\n  name: Globex\n';
    const { input, issues } = readYaml('customers.yaml', text);
    const out = decodeCustomers(input, 'EUR' as Currency, issues);
    expect(issues).toEqual([]);
    expect(out.get('GLOBEX')).toMatchObject({ name: 'Globex', currency: 'USD', hold: true, terms: 'net45' });
    expect(problems('BASE: &b\n  name: Base\n  curency: USD\nGLOBEX:\n  <<: *b\n  name: Globex\n')).toEqual([
      'customers.yaml:3: BASE.curency is not a setting; did you mean currency?',
      'customers.yaml:3: GLOBEX.curency is not a setting; did you mean currency?',
    ]);
  });
});

describe('BANK_COLUMNS', () => {
  it('are the columns the bank statement reader maps', () => {
    expect([...BANK_COLUMNS]).toEqual([...PROFILE_COLUMNS]);
  });
});
