// `reconcile` statuses that keep a line out of the books (conflict, out-of-period, possible-duplicate), creditor
// references and discounted amounts, through the built CLI on real PostFinance and Handelsbanken statements and
// on CSV statements built for the test; and hostile statement files, each refused at FILE:LINE with nothing written.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED, runCli, snapshotDir, tempLedger } from '../helpers/cli.js';

interface JsonLine {
  bank_id: string; date: string; amount: string; status: string; rule: string; customer: string | null; payment: string | null;
  iban: string | null; reference: string | null; applications: { invoice: string; amount: string }[]; unapplied: string; reason: string;
}
interface Report { from: string | null; to: string | null; lines: JsonLine[]; missing_from_bank: { payment: string }[] }

const PF = path.join(SHARED, 'data', 'camt054', 'postfinance');
const PF_2020 = path.join(PF, 'camt054.v00108__200519_camt.054_P_CH2909000000250094239_1111091335_0_2020061900081727_v2019.xml');
const PF_2022 = path.join(PF, 'camt054.v00108__camt.054_P_CH2909000000250094239_1111111112_0_2022031011011199_v2019.xml');
const HB_FI = path.join(SHARED, 'data', 'camt053', 'handelsbanken', 'camt_053_ver2_mixed_extended_account_statement.xml');
const HB_UK = path.join(SHARED, 'data', 'camt053', 'handelsbanken', 'camt_053_ver_2_extended_uk_account.xml');

const CONFIG = `version: 1
company: { name: Test Co, email: ar@test.example }
currency: EUR
terms: net30
aging: { basis: due, buckets: [30, 60, 90] }
bank:
  profiles:
    testbank: { delimiter: ";", decimal: ",", date_format: "DD.MM.YYYY", encoding: utf-8, currency: EUR,
                columns: { date: Datum, amount: Betrag, payer: Name, iban: IBAN, reference: Zweck, id: Id } }
    twocol: { delimiter: ";", decimal: ",", date_format: "DD.MM.YYYY", encoding: utf-8, currency: EUR,
              columns: { date: Datum, credit: Haben, debit: Soll } }
`;

const CUSTOMERS = `ACME:
  name: Acme Corporation
  currency: EUR
  bank_accounts: [DE02100100100006820101]
BERN:
  name: Maria Bernasconi
  currency: CHF
`;

const INVOICES = `id,kind,date,due,customer,currency,amount,terms,reference,memo
INV-2020-1,invoice,2020-06-01,2020-07-01,BERN,CHF,778.29,net30,539115429773825311971477453,
INV-2020-2,invoice,2020-06-01,2020-07-01,BERN,CHF,913.93,net30,662437765447746478179744715,
INV-2026-00001,invoice,2026-10-01,2026-10-31,ACME,EUR,300.00,net30,,
INV-2026-00002,invoice,2026-11-01,2026-12-01,ACME,EUR,1000.00,2/10 net30,,
INV-2026-00009,invoice,2026-10-15,2026-11-14,ACME,EUR,450.00,net30,,
`;

const PAYMENTS = `id,date,customer,currency,amount,method,reference,bank_ref,memo
PAY-000001,2026-11-02,ACME,EUR,300.00,cheque,Scheck 4711,,
PAY-000002,2026-11-04,ACME,EUR,75.00,bank,,TX-EARLIER,
PAY-000003,2026-11-06,ACME,EUR,60.00,bank,,,
`;

function ledger(config = CONFIG): string {
  return tempLedger({
    'ledger.yaml': config, 'customers.yaml': CUSTOMERS, 'invoices.csv': INVOICES, 'payments.csv': PAYMENTS,
    'applications.csv': 'date,credit,debit,amount\n2026-11-02,PAY-000001,INV-2026-00001,300.00\n',
    'reconciliations.csv': 'date,statement,bank_ref,payment,amount\n2026-11-05,earlier.csv,TX-EARLIER,PAY-000002,75.00\n',
  });
}

function csv(dir: string, rows: string[], name = 'stmt.csv'): string {
  const file = path.join(dir, '..', `${path.basename(dir)}-${name}`);
  fs.writeFileSync(file, `Id;Datum;Name;IBAN;Zweck;Betrag\n${rows.join('\n')}\n`);
  return file;
}

function json(args: string[]): { code: number; stderr: string; report: Report; by: Record<string, JsonLine> } {
  const r = runCli([...args, '--format', 'json']);
  const report = JSON.parse(r.stdout) as Report;
  return { code: r.code, stderr: r.stderr, report, by: Object.fromEntries(report.lines.map((l) => [l.bank_id, l])) };
}

describe('conflict: a bank id already recorded with another amount', () => {
  it('PostFinance reuses 2000000000000000: the 2022 line of 522.10 is a conflict with the 778.29 payment of 2020, never written', () => {
    const dir = ledger();
    const first = json(['reconcile', PF_2020, '-L', dir]);
    expect(first.report.lines.map((l) => [l.bank_id, l.status, l.rule, l.customer, l.reference, l.applications])).toEqual([
      ['2000000000000000', 'proposed', 'creditor-reference', 'BERN', '539115429773825311971477453', [{ invoice: 'INV-2020-1', amount: '778.29' }]],
      ['3000000000000000', 'proposed', 'creditor-reference', 'BERN', '662437765447746478179744715', [{ invoice: 'INV-2020-2', amount: '913.93' }]],
    ]);
    expect(first.by['2000000000000000']!.iban).toBe('CH5109000000250092291');
    expect(runCli(['reconcile', PF_2020, '--apply', '-L', dir]).code).toBe(0);
    const applied = snapshotDir(dir);

    const second = json(['reconcile', PF_2022, '-L', dir]);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/1 conflict line left to reconcile/);
    const line = second.by['2000000000000000']!;
    expect(line).toMatchObject({ status: 'conflict', rule: 'bank-ref', amount: '522.10', applications: [], unapplied: '0.00' });
    expect(line.reason).toMatch(/778\.29 CHF/);
    expect(line.reason).toMatch(/522\.10 CHF/);
    const r = runCli(['reconcile', PF_2022, '--apply', '-L', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nothing to record/);
    expect(snapshotDir(dir)).toEqual(applied);
    // The first statement again: reconciled, nothing changes.
    expect(runCli(['reconcile', PF_2020, '--apply', '-L', dir]).code).toBe(0);
    expect(snapshotDir(dir)).toEqual(applied);
  });

  it('a payment whose bank_ref is the line\'s id but whose amount differs is a conflict', () => {
    const dir = ledger();
    const stmt = csv(dir, ['TX-EARLIER;04.11.2026;Acme;;x;57,00']);
    const out = json(['reconcile', stmt, '--profile', 'testbank', '-L', dir]);
    expect(out.by['TX-EARLIER']).toMatchObject({ status: 'conflict', payment: 'PAY-000002' });
    expect(out.by['TX-EARLIER']!.reason).toMatch(/75\.00 EUR.*57\.00 EUR/);
  });
});

describe('out-of-period', () => {
  it('a line dated after today is never written, and does not stretch the period of missing_from_bank', () => {
    const dir = ledger();
    const stmt = csv(dir, ['T1;05.11.2026;Acme Corporation;;INV-2026-00009;450,00', 'T2;05.11.2036;Acme Corporation;;INV-2026-00009;12,00']);
    const before = snapshotDir(dir);
    const out = json(['reconcile', stmt, '--profile', 'testbank', '-L', dir]);
    expect(out.by['T2']).toMatchObject({ status: 'out-of-period', rule: 'none', applications: [] });
    expect(out.by['T2']!.reason).toMatch(/dated 2036-11-05, after today 2026-11-30/);
    expect([out.report.from, out.report.to]).toEqual(['2026-11-05', '2026-11-05']);
    expect(out.report.missing_from_bank).toEqual([]);
    const r = runCli(['reconcile', stmt, '--profile', 'testbank', '--apply', '-L', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/1 out-of-period line left/);
    const rows = fs.readFileSync(path.join(dir, 'payments.csv'), 'utf8').trim().split('\n');
    expect(rows).toHaveLength(5);
    expect(rows[4]).toMatch(/^PAY-000004,2026-11-05,ACME,EUR,450\.00,bank,INV-2026-00009,T1,$/);
    expect(snapshotDir(dir)).not.toEqual(before);
  });

  it('future_days lets a line a few days ahead through', () => {
    const dir = ledger(`${CONFIG}future_days: 5\n`);
    const stmt = csv(dir, ['T1;03.12.2026;Acme Corporation;;x;1,00', 'T2;06.12.2026;Acme Corporation;;x;2,00']);
    const out = json(['reconcile', stmt, '--profile', 'testbank', '-L', dir]);
    expect(out.by['T1']!.status).toBe('proposed');
    expect(out.by['T2']!.status).toBe('out-of-period');
    expect(out.by['T2']!.reason).toMatch(/today 2026-11-30 \+ future_days 5/);
  });

  it('Handelsbanken\'s entry booked 2027-12-22 in a statement created 2017-02-06 is out-of-period; the period stays 2017-01-27', () => {
    const out = json(['reconcile', HB_FI, '-L', ledger()]);
    const late = out.report.lines.filter((l) => l.status === 'out-of-period');
    expect(late.map((l) => l.date)).toEqual(['2027-12-22']);
    expect([out.report.from, out.report.to]).toEqual(['2017-01-27', '2017-01-27']);
  });
});

describe('possible-duplicate', () => {
  it('a line naming an invoice already paid by cheque is not booked as a second payment', () => {
    const dir = ledger();
    const stmt = csv(dir, ['T1;20.11.2026;Acme Corporation;;Rechnung INV-2026-00001;300,00']);
    const before = snapshotDir(dir);
    const out = json(['reconcile', stmt, '--profile', 'testbank', '-L', dir]);
    expect(out.by['T1']).toMatchObject({ status: 'possible-duplicate', customer: 'ACME', applications: [], unapplied: '0.00' });
    expect(out.by['T1']!.reason).toMatch(/INV-2026-00001 \(300\.00\) is already settled by PAY-000001/);
    expect(runCli(['reconcile', stmt, '--profile', 'testbank', '--apply', '-L', dir]).code).toBe(1);
    expect(snapshotDir(dir)).toEqual(before);
  });
});

describe('missing_from_bank', () => {
  it('never lists a payment already reconciled (bank_ref or reconciliations.csv)', () => {
    const dir = ledger();
    const stmt = csv(dir, ['T1;01.11.2026;Nobody;;x;1,00', 'T2;30.11.2026;Nobody;;x;2,00']);
    const out = json(['reconcile', stmt, '--profile', 'testbank', '-L', dir]);
    expect(out.report.missing_from_bank.map((m) => m.payment)).toEqual(['PAY-000001', 'PAY-000003']);
  });
});

describe('creditor references', () => {
  it('payment_reference: rf — an ISO 11649 reference made from the invoice id names it, spaced or not', () => {
    const dir = ledger(`${CONFIG}payment_reference: rf\n`);
    const stmt = csv(dir, ['T1;10.11.2026;Someone;;Zahlung RF54 INV2 0260 0009;450,00', 'T2;11.11.2026;Someone;;RF55INV202600009;450,00']);
    const out = json(['reconcile', stmt, '--profile', 'testbank', '-L', dir]);
    expect(out.by['T1']).toMatchObject({ status: 'proposed', rule: 'creditor-reference', customer: 'ACME', reference: 'RF54INV202600009',
      applications: [{ invoice: 'INV-2026-00009', amount: '450.00' }] });
    // A wrong check digit is no reference: the line stays unidentified.
    expect(out.by['T2']).toMatchObject({ status: 'unidentified', reference: null });
  });

  it('payment_reference: id (the default) — an RF reference is no invoice\'s payment reference', () => {
    const dir = ledger();
    const stmt = csv(dir, ['T1;10.11.2026;Someone;;RF54INV202600009;450,00']);
    expect(json(['reconcile', stmt, '--profile', 'testbank', '-L', dir]).by['T1']!.status).toBe('unidentified');
  });

  it('refuses an unknown payment_reference at its line of ledger.yaml (exit 3)', () => {
    const dir = ledger(`${CONFIG}payment_reference: iso\n`);
    const stmt = csv(dir, ['T1;10.11.2026;Someone;;x;1,00']);
    const r = runCli(['reconcile', stmt, '--profile', 'testbank', '-L', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/ledger\.yaml:12: payment_reference "iso" is not rf or id — write rf .* or id/);
  });
});

describe('early-payment discount', () => {
  it('a line of the open amount less the discount, inside the window, is an exact amount for what was paid', () => {
    const dir = ledger();
    const stmt = csv(dir, ['T1;05.11.2026;x;DE02 1001 0010 0006 8201 01;Danke;980,00']);
    const out = json(['reconcile', stmt, '--profile', 'testbank', '-L', dir]);
    expect(out.by['T1']).toMatchObject({ status: 'proposed', rule: 'exact-amount', iban: 'DE02100100100006820101',
      applications: [{ invoice: 'INV-2026-00002', amount: '980.00' }], unapplied: '0.00' });
    expect(out.by['T1']!.reason).toMatch(/INV-2026-00002 \(due 2026-12-01\) is the oldest open item of 1000\.00 less 2 % discount \(20\.00\)/);
  });

  it('after the window the same amount is no exact amount', () => {
    const dir = ledger();
    const stmt = csv(dir, ['T1;20.11.2026;x;DE02100100100006820101;Danke;980,00']);
    const out = json(['reconcile', stmt, '--profile', 'testbank', '-L', dir]);
    expect(out.by['T1']).toMatchObject({ status: 'proposed', rule: 'customer-only', applications: [] });
  });
});

describe('hostile statement files: FILE:LINE, exit 3, nothing written', () => {
  const uk = fs.readFileSync(HB_UK, 'utf8');
  const cases: [string, string, string | Buffer, RegExp, string[]?][] = [
    ['a pain.001 payment order', 'pain.xml', uk.replaceAll('camt.053.001.02', 'pain.001.001.03'), /pain\.xml: not a bank statement arledger reads \(looks like XML of another ISO 20022 message, pain\.001\.001\.03\); formats: camt\.052\/053\/054, MT940, MT942, OFX, QFX, QIF, BAI2, CSV with a profile\n/],
    ['a foreign namespace', 'evil.xml', uk.replace('urn:iso:std:iso:20022:tech:xsd:camt.053.001.02', 'urn:evil'), /evil\.xml: not a bank statement arledger reads \(looks like XML of another kind, root element "Document" in namespace "urn:evil"\)/],
    ['a Document without namespace', 'nons.xml', uk.replace(/ xmlns="[^"]*"/, ''), /nons\.xml:2: is XML with a Document without a namespace/],
    ['XML nested 100,000 deep', 'deep.xml', `<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">${'<a>'.repeat(100000)}${'</a>'.repeat(100000)}</Document>`, /deep\.xml:1: the XML nests elements more than 100 deep/],
    ['a camt entry dated 2015-02-30', 'date.xml', uk.replace(/(<BookgDt>\s*<Dt>)2015-04-28/, '$12015-02-30'), /date\.xml:81: an entry of 1\.60 GBP is dated "2015-02-30", which is not a calendar date/],
    ['a camt amount with more decimals than the currency', 'digits.xml', uk.replace('>1.60<', '>1.601<'), /digits\.xml:81: amount "1\.601" has more decimals than GBP has \(2\)/],
    ['a camt amount too large', 'huge.xml', uk.replace('>1.60<', '>99999999999999999.60<'), /huge\.xml:81: amount "99999999999999999\.60" is too large/],
    ['a camt.053 without balances', 'nobal.xml', uk.replace(/<Bal>[\s\S]*?<\/Bal>\s*/g, ''), /nobal\.xml:8: statement "\w+" has no opening \(OPBD\) or closing \(CLBD\) balance/],
    ['an MT940 amount with a decimal point', 'dot.sta', ':20:X\n:25:ACC\n:28C:1\n:60F:C261101EUR0,00\n:61:2611031103C50.00NTRFNONREF//TX1\n:86:hi\n:62F:C261130EUR50,00\n-\n', /dot\.sta:5: :61: the amount in "2611031103C50\.00NTRFNONREF\/\/TX1" is written with a decimal point/],
    ['an MT940 balance with a decimal point', 'bal.sta', ':20:X\n:25:ACC\n:28C:1\n:60F:C261101EUR0.00\n:61:2611031103C50,00NTRFNONREF//TX1\n:62F:C261130EUR50,00\n-\n', /bal\.sta:4: :60F: balance "C261101EUR0\.00" is not/],
    ['a CSV amount --50,00', 'c1.csv', 'Id;Datum;Name;IBAN;Zweck;Betrag\nT1;03.11.2026;X;;a;--50,00\n', /c1\.csv:2: amount "--50,00" has more than one sign/, ['--profile', 'testbank']],
    ['a CSV amount -50,00-', 'c2.csv', 'Id;Datum;Name;IBAN;Zweck;Betrag\nT1;03.11.2026;X;;a;-50,00-\n', /c2\.csv:2: amount "-50,00-" has more than one sign/, ['--profile', 'testbank']],
    ['a CSV amount in USD in an EUR profile', 'c3.csv', 'Id;Datum;Name;IBAN;Zweck;Betrag\nT1;03.11.2026;X;;a;50,00 USD\n', /c3\.csv:2: amount "50,00 USD" is in USD, but the statement is read as EUR/, ['--profile', 'testbank']],
    ['an empty CSV amount cell', 'c4.csv', 'Id;Datum;Name;IBAN;Zweck;Betrag\nT1;03.11.2026;X;;a;5,00\nT2;04.11.2026;X;;a;\n', /c4\.csv:3: has no amount: the amount cell is empty/, ['--profile', 'testbank']],
    ['a CSV date that is no calendar day', 'c6.csv', 'Id;Datum;Name;IBAN;Zweck;Betrag\nT1;30.02.2026;X;;a;5,00\n', /c6\.csv:2: date "30\.02\.2026" is not a calendar date/, ['--profile', 'testbank']],
    ['an MT940 statement without its closing balance', 'nobal.sta', ':20:X\n:25:ACC\n:28C:1\n:60F:C261101EUR0,00\n:61:2611031103C50,00NTRFNONREF//TX1\n-\n', /nobal\.sta:1: statement "X\/1" has no closing balance \(:62F:\)/],
    ['an empty file', 'empty.xml', '', /empty\.xml: not a bank statement arledger reads \(looks like an empty file\)/],
    ['a PDF saved instead of the statement', 'stmt.pdf', '%PDF-1.4\n%\u00e2\u00e3\n', /stmt\.pdf: not a bank statement arledger reads \(looks like a PDF document\)/],
    ['a binary file', 'nul.csv', 'Id;Datum\n\u0000\u0000\u0000', /nul\.csv: not a bank statement arledger reads \(looks like a binary file: it holds NUL bytes\)/],
    ['a CSV row with both credit and debit', 'c5.csv', 'Datum;Haben;Soll\n03.11.2026;5,00;7,00\n', /c5\.csv:2: has both a credit "5,00" and a debit "7,00"/, ['--profile', 'twocol']],
  ];
  for (const [what, name, content, message, extra] of cases) {
    it(`refuses ${what}`, () => {
      const dir = ledger();
      const file = path.join(dir, '..', `${path.basename(dir)}-${name}`);
      fs.writeFileSync(file, content);
      const before = snapshotDir(dir);
      const t0 = Date.now();
      const r = runCli(['reconcile', file, ...(extra ?? []), '--apply', '-L', dir]);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.code).toBe(3);
      expect(Date.now() - t0).toBeLessThan(15_000);
      expect(snapshotDir(dir)).toEqual(before);
    });
  }

  it('refuses a file over 20 MB without reading it all', () => {
    const dir = ledger();
    const file = path.join(dir, '..', `${path.basename(dir)}-big.xml`);
    fs.writeFileSync(file, Buffer.alloc(21 * 1024 * 1024, 0x20));
    const r = runCli(['reconcile', file, '-L', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/big\.xml: is larger than 20 MB/);
  });

  it('reads a statement saved as UTF-16 like its UTF-8 original', () => {
    const dir = ledger();
    const file = path.join(dir, '..', `${path.basename(dir)}-utf16.xml`);
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(uk.replace('UTF-8', 'UTF-16'), 'utf16le')]));
    const a = runCli(['reconcile', file, '--format', 'json', '-L', dir]);
    const b = runCli(['reconcile', HB_UK, '--format', 'json', '-L', dir]);
    expect(a.code).toBe(b.code);
    expect(a.stdout.replace(path.basename(file), 'X')).toBe(b.stdout.replace(path.basename(HB_UK), 'X'));
  });
});
