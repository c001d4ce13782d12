// `arledger reconcile` through the built CLI: a temporary ledger and statements built for it (CSV profile and
// camt.053), every line's status and rule, the rows --apply writes, and a second --apply that changes nothing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, SHARED, runCli, snapshotDir, tempLedger } from '../helpers/cli.js';

const GOLDEN = path.join(ROOT, 'test', 'golden', 'reconcile');

/** Compares with the committed file; UPDATE_GOLDEN=1 rewrites it instead (review the diff before committing). */
function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
  }
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

const CONFIG = `version: 1
company: { name: Test Co, email: ar@test.example }
currency: EUR
terms: net30
aging: { basis: due, buckets: [30, 60, 90] }
bank:
  profiles:
    testbank: { delimiter: ";", decimal: ",", date_format: "DD.MM.YYYY", encoding: windows-1252, currency: EUR,
                columns: { date: Buchungstag, amount: Betrag, payer: Name, iban: IBAN, reference: Verwendungszweck, id: Referenz } }
    other: { encoding: windows-1252, columns: { date: Date, amount: Amount } }
`;

const CUSTOMERS = `ACME:
  name: Acme Corporation
  currency: EUR
  bank_accounts: [GB33BUKB20201555555555]
  aliases: ["ACME CORP"]
BETA:
  name: Beta Trading GmbH
  currency: EUR
DELTA:
  name: Delta SA
  currency: EUR
GAMMA:
  name: Gamma Ltd
  currency: EUR
`;

const INVOICES = `id,kind,date,due,customer,currency,amount,terms,reference,memo
INV-2026-00001,invoice,2026-10-01,2026-10-31,ACME,EUR,1200.00,net30,,
INV-2026-00002,invoice,2026-10-05,2026-11-04,ACME,EUR,300.00,net30,,
INV-2026-00003,invoice,2026-10-10,2026-11-09,BETA,EUR,500.00,net30,,
INV-2026-00004,invoice,2026-10-12,2026-11-11,BETA,EUR,250.00,net30,,
INV-2026-00005,invoice,2026-10-15,2026-11-14,BETA,EUR,250.00,net30,,
INV-2026-00006,invoice,2026-10-20,2026-11-19,GAMMA,EUR,800.00,net30,,
INV-2026-00007,invoice,2026-10-20,2026-11-19,DELTA,EUR,99.00,net30,,
INV-2026-00008,invoice,2026-10-25,2026-11-24,ACME,EUR,400.00,net30,,
`;

const PAYMENTS = `id,date,customer,currency,amount,method,reference,bank_ref,memo
PAY-000001,2026-11-02,GAMMA,EUR,800.00,bank,,,
PAY-000002,2026-11-10,ACME,EUR,50.00,bank,,TX-OLD,
PAY-000003,2026-11-20,DELTA,EUR,80.00,bank,,,
`;

function ledger(): string {
  return tempLedger({
    'ledger.yaml': CONFIG, 'customers.yaml': CUSTOMERS, 'invoices.csv': INVOICES, 'payments.csv': PAYMENTS,
    'applications.csv': 'date,credit,debit,amount\n', 'reconciliations.csv': 'date,statement,bank_ref,payment,amount\n',
  });
}

// A German bank's export: Windows-1252, `;`, decimal comma, thousands dots.
const CSV_LINES = [
  'Referenz;Buchungstag;Name;IBAN;Verwendungszweck;Betrag',
  'TX1;03.11.2026;G. LIMITED;;Zahlung;800,00',
  'TX2;05.11.2026;acme   corp;;INV-2026-00001 INV-2026-00002;1.500,00',
  'TX3;06.11.2026;Beta Trading GmbH;;Zahlung Oktober;750,00',
  'TX4;07.11.2026;Unbekannt;GB33 BUKB 2020 1555 5555 55;Danke;400,00',
  'TX5;08.11.2026;DELTA SA;;Anzahlung;150,00',
  'TX6;09.11.2026;Herr Müller;;re INV-2026-00005;250,00',
  'TX-OLD;10.11.2026;ACME CORP;;;50,00',
  'TX7;25.11.2026;Someone Else;;Spende;42,00',
  'TX8;26.11.2026;Bank;;Kontoführung;-19,99',
];

function writeCsv(dir: string, lines = CSV_LINES): string {
  const file = path.join(dir, '..', `${path.basename(dir)}-2026-11.csv`);
  fs.writeFileSync(file, Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1'));
  return file;
}

interface JsonLine { bank_id: string; status: string; rule: string; customer: string | null; payment: string | null; applications: { invoice: string; amount: string }[]; unapplied: string; reason: string }

const EXPECTED: Record<string, [string, string, string | null]> = {
  TX1: ['matched', 'amount-date', 'GAMMA'],
  TX2: ['proposed', 'invoice-id-in-text', 'ACME'],
  TX3: ['proposed', 'sum-of-items', 'BETA'],
  TX4: ['proposed', 'exact-amount', 'ACME'],
  TX5: ['proposed', 'customer-only', 'DELTA'],
  TX6: ['proposed', 'invoice-id-in-text', 'BETA'],
  'TX-OLD': ['reconciled', 'bank-ref', 'ACME'],
  TX7: ['unidentified', 'none', null],
  TX8: ['ignored', 'none', null],
};

describe('reconcile a CSV statement', () => {
  it('classifies every line, lists the payment missing from the bank, exits 1, writes nothing', () => {
    const dir = ledger();
    const stmt = writeCsv(dir);
    const before = snapshotDir(dir);
    const r = runCli(['reconcile', stmt, '--profile', 'testbank', '--format', 'json', '-L', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/1 unidentified, 5 proposed lines left to reconcile \(record the proposed ones with --apply\)/);
    const out = JSON.parse(r.stdout) as { from: string; to: string; lines: JsonLine[]; missing_from_bank: unknown[] };
    expect([out.from, out.to]).toEqual(['2026-11-03', '2026-11-26']);
    expect(Object.fromEntries(out.lines.map((l) => [l.bank_id, [l.status, l.rule, l.customer]]))).toEqual(EXPECTED);
    const by = Object.fromEntries(out.lines.map((l) => [l.bank_id, l]));
    expect(by['TX1']!.payment).toBe('PAY-000001');
    expect(by['TX2']!.applications).toEqual([{ invoice: 'INV-2026-00001', amount: '1200.00' }, { invoice: 'INV-2026-00002', amount: '300.00' }]);
    expect(by['TX3']!.applications).toEqual([{ invoice: 'INV-2026-00003', amount: '500.00' }, { invoice: 'INV-2026-00004', amount: '250.00' }]);
    expect(by['TX4']!.applications).toEqual([{ invoice: 'INV-2026-00008', amount: '400.00' }]);
    expect(by['TX4']!.reason).toMatch(/payer IBAN GB33BUKB20201555555555 is one of ACME's bank_accounts/);
    expect(by['TX5']).toMatchObject({ applications: [], unapplied: '150.00' });
    expect(by['TX6']!.applications).toEqual([{ invoice: 'INV-2026-00005', amount: '250.00' }]);
    expect(out.missing_from_bank).toEqual([{ payment: 'PAY-000003', date: '2026-11-20', amount: '80.00', currency: 'EUR' }]);
    expect(snapshotDir(dir)).toEqual(before);
    golden('csv.json', r.stdout.replace(path.basename(stmt), 'STATEMENT.csv'));
  });

  it('prints a table for people', () => {
    const dir = ledger();
    const stmt = writeCsv(dir);
    const r = runCli(['reconcile', stmt, '--profile', 'testbank', '-L', dir]);
    expect(r.code).toBe(1);
    golden('csv.txt', r.stdout.replace(path.basename(stmt), 'STATEMENT.csv'));
  });

  it('--apply records reconciliations, payments and applications in one go; a second --apply changes no byte', () => {
    const dir = ledger();
    const stmt = writeCsv(dir);
    const r = runCli(['reconcile', stmt, '--profile', 'testbank', '--apply', '--date', '2026-11-30', '-L', dir]);
    expect(r.code).toBe(1); // TX7 is still unidentified
    expect(r.stderr).toMatch(/recorded 1 reconciliation and 5 payments/);
    const read = (f: string): string => fs.readFileSync(path.join(dir, f), 'utf8');
    const name = path.basename(stmt);
    expect(read('reconciliations.csv')).toBe(`date,statement,bank_ref,payment,amount\n2026-11-30,${name},TX1,PAY-000001,800.00\n`);
    expect(read('payments.csv')).toBe(`${PAYMENTS}PAY-000004,2026-11-05,ACME,EUR,1500.00,bank,INV-2026-00001 INV-2026-00002,TX2,
PAY-000005,2026-11-06,BETA,EUR,750.00,bank,Zahlung Oktober,TX3,
PAY-000006,2026-11-07,ACME,EUR,400.00,bank,Danke,TX4,
PAY-000007,2026-11-08,DELTA,EUR,150.00,bank,Anzahlung,TX5,
PAY-000008,2026-11-09,BETA,EUR,250.00,bank,re INV-2026-00005,TX6,
`);
    expect(read('applications.csv')).toBe(`date,credit,debit,amount
2026-11-05,PAY-000004,INV-2026-00001,1200.00
2026-11-05,PAY-000004,INV-2026-00002,300.00
2026-11-06,PAY-000005,INV-2026-00003,500.00
2026-11-06,PAY-000005,INV-2026-00004,250.00
2026-11-07,PAY-000006,INV-2026-00008,400.00
2026-11-09,PAY-000008,INV-2026-00005,250.00
`);
    expect(runCli(['check', '-L', dir]).code).toBe(0);
    const after = snapshotDir(dir);
    const again = runCli(['reconcile', stmt, '--profile', 'testbank', '--apply', '--format', 'json', '-L', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/nothing to record/);
    expect(snapshotDir(dir)).toEqual(after);
    const lines = (JSON.parse(again.stdout) as { lines: JsonLine[] }).lines;
    expect(lines.filter((l) => l.status === 'reconciled').map((l) => l.bank_id)).toEqual(['TX1', 'TX2', 'TX3', 'TX4', 'TX5', 'TX6', 'TX-OLD']);
    expect((JSON.parse(again.stdout) as { missing_from_bank: unknown[] }).missing_from_bank).toEqual([{ payment: 'PAY-000003', date: '2026-11-20', amount: '80.00', currency: 'EUR' }]);
  });

  it('changes nothing for an overlapping statement that repeats recorded lines', () => {
    const dir = ledger();
    runCli(['reconcile', writeCsv(dir), '--profile', 'testbank', '--apply', '-L', dir]);
    const after = snapshotDir(dir);
    const overlap = [CSV_LINES[0]!, ...CSV_LINES.slice(4, 8)];
    const r = runCli(['reconcile', writeCsv(dir, overlap), '--profile', 'testbank', '--apply', '-L', dir]);
    expect(r.code).toBe(0);
    expect(snapshotDir(dir)).toEqual(after);
  });

  it('exits 0 without --apply when every line is matched or reconciled', () => {
    const dir = ledger();
    const r = runCli(['reconcile', writeCsv(dir, [CSV_LINES[0]!, CSV_LINES[1]!, CSV_LINES[7]!, CSV_LINES[9]!]), '--profile', 'testbank', '-L', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('exits 0 when every line is recorded by --apply', () => {
    const dir = ledger();
    const r = runCli(['reconcile', writeCsv(dir, CSV_LINES.slice(0, 3)), '--profile', 'testbank', '--apply', '-L', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/recorded 1 reconciliation and 1 payment \(4 rows\)/);
  });
});

/** A camt.053.001.08 statement whose balances add up, with one batch entry split into two transactions. */
function camt(opts: { closing?: string; doctype?: boolean } = {}): string {
  const tx = (amt: string, name: string, iban: string, text: string, ref: string): string => `
          <TxDtls><Refs><AcctSvcrRef>${ref}</AcctSvcrRef></Refs><Amt Ccy="EUR">${amt}</Amt>
            <RltdPties><Dbtr><Pty><Nm>${name}</Nm></Pty></Dbtr><DbtrAcct><Id><IBAN>${iban}</IBAN></Id></DbtrAcct></RltdPties>
            <RmtInf><Ustrd>${text}</Ustrd></RmtInf></TxDtls>`;
  const entry = (amt: string, cd: string, date: string, ref: string, txs: string, sts = 'BOOK', rvsl = 'false'): string => `
      <Ntry><NtryRef>${ref}</NtryRef><Amt Ccy="EUR">${amt}</Amt><CdtDbtInd>${cd}</CdtDbtInd><RvslInd>${rvsl}</RvslInd>
        <Sts><Cd>${sts}</Cd></Sts><BookgDt><Dt>${date}</Dt></BookgDt><ValDt><Dt>${date}</Dt></ValDt><AcctSvcrRef>${ref}</AcctSvcrRef>
        <NtryDtls>${txs}</NtryDtls></Ntry>`;
  return `<?xml version="1.0" encoding="UTF-8"?>${opts.doctype ? '\n<!DOCTYPE Document [<!ENTITY x "y">]>' : ''}
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-12-01T06:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>STMT-2026-11</Id><CreDtTm>2026-12-01T06:00:00</CreDtTm>
      <FrToDt><FrDtTm>2026-11-01T00:00:00</FrDtTm><ToDtTm>2026-11-30T23:59:59</ToDtTm></FrToDt>
      <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>
      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-10-31</Dt></Dt></Bal>
      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${opts.closing ?? '4450.00'}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-30</Dt></Dt></Bal>
      ${entry('800.00', 'CRDT', '2026-11-03', 'E1', tx('800.00', 'G. Limited', 'FR7630006000011234567890189', 'Zahlung', 'E1-1'))}
      ${entry('2250.00', 'CRDT', '2026-11-05', 'E2', tx('1500.00', 'ACME  Corp', 'NL91ABNA0417164300', 'INV-2026-00001, INV-2026-00002', 'E2-1') + tx('750.00', 'beta trading gmbh', 'DE02100100100006820101', 'October', 'E2-2'))}
      ${entry('400.00', 'CRDT', '2026-11-07', 'E3', tx('400.00', 'Somebody', 'GB33BUKB20201555555555', '000123', 'E3-1'))}
      ${entry('100.00', 'CRDT', '2026-11-08', 'E4', tx('100.00', 'ACME CORP', 'GB33BUKB20201555555555', 'returned', 'E4-1'), 'BOOK', 'true')}
      ${entry('100.00', 'DBIT', '2026-11-09', 'E5', tx('100.00', 'Payroll', 'DE02100100100006820101', 'salaries', 'E5-1'))}
      ${entry('5.00', 'CRDT', '2026-11-30', 'E6', tx('5.00', 'Later', 'DE02100100100006820101', 'pending', 'E6-1'), 'PDNG')}
    </Stmt>
  </BkToCstmrStmt>
</Document>
`;
}

describe('reconcile a camt.053 statement', () => {
  it('splits the batch, identifies by IBAN and name, ignores reversal, debit and pending lines', () => {
    const dir = ledger();
    const file = path.join(dir, '..', `${path.basename(dir)}-stmt.xml`);
    fs.writeFileSync(file, camt());
    const r = runCli(['reconcile', file, '--format', 'json', '-L', dir]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { from: string; to: string; lines: JsonLine[]; missing_from_bank: unknown[] };
    expect([out.from, out.to]).toEqual(['2026-11-01', '2026-11-30']);
    expect(out.lines.map((l) => [l.bank_id, l.status, l.rule, l.customer])).toEqual([
      ['E1-1', 'matched', 'amount-date', 'GAMMA'],
      ['E2-1', 'proposed', 'invoice-id-in-text', 'ACME'],
      ['E2-2', 'proposed', 'sum-of-items', 'BETA'],
      ['E3-1', 'proposed', 'exact-amount', 'ACME'],
      ['E4-1', 'ignored', 'none', null],
      ['E5-1', 'ignored', 'none', null],
      ['E6-1', 'ignored', 'none', null],
    ]);
    // PAY-000003 has no line in this statement; PAY-000002 (bank_ref TX-OLD) was reconciled on an earlier one.
    expect(out.missing_from_bank).toEqual([
      { payment: 'PAY-000003', date: '2026-11-20', amount: '80.00', currency: 'EUR' },
    ]);
    golden('camt.json', r.stdout.replace(path.basename(file), 'STATEMENT.xml'));

    const applied = runCli(['reconcile', file, '--apply', '-L', dir]);
    expect(applied.code).toBe(0);
    const snap = snapshotDir(dir);
    expect(runCli(['reconcile', file, '--apply', '-L', dir]).code).toBe(0);
    expect(snapshotDir(dir)).toEqual(snap);
    expect(runCli(['check', '-L', dir]).code).toBe(0);
  });

  it('refuses a statement whose balances do not add up, naming them; exit 3, nothing written', () => {
    const dir = ledger();
    const file = path.join(dir, '..', `${path.basename(dir)}-bad.xml`);
    fs.writeFileSync(file, camt({ closing: '4449.00' }));
    const before = snapshotDir(dir);
    const r = runCli(['reconcile', file, '--apply', '-L', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`arledger: ${file}:5: statement "STMT-2026-11": opening balance 1000.00 + booked entries 3450.00 = 4450.00, but the closing balance is 4449.00 EUR`);
    expect(r.stdout).toBe('');
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('refuses XML with a DOCTYPE before reading it; exit 3, nothing written', () => {
    const dir = ledger();
    const file = path.join(dir, '..', `${path.basename(dir)}-dtd.xml`);
    fs.writeFileSync(file, camt({ doctype: true }));
    const before = snapshotDir(dir);
    const r = runCli(['reconcile', file, '--apply', '-L', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`${file}:2: the XML declares a DOCTYPE`);
    expect(snapshotDir(dir)).toEqual(before);
  });
});

describe('reconcile a real MT940 file', () => {
  const MT940 = path.join(SHARED, 'data', 'mt940');

  it('reads it without a profile; lines of other currencies stay unidentified (exit 1), nothing written', () => {
    const dir = ledger();
    const before = snapshotDir(dir);
    const r = runCli(['reconcile', path.join(MT940, 'mBank_mt940.sta'), '--format', 'json', '--apply', '-L', dir]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { from: string; to: string; lines: (JsonLine & { currency: string })[] };
    expect([out.from, out.to]).toEqual(['2017-01-19', '2017-01-19']);
    expect(out.lines.map((l) => [l.currency, l.status])).toEqual([['PLN', 'unidentified'], ['PLN', 'unidentified'], ['PLN', 'unidentified']]);
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('refuses a statement whose balances do not add up at its :62F: line (exit 3)', () => {
    const dir = ledger();
    const file = path.join(MT940, 'jejik_triodos.sta');
    const r = runCli(['reconcile', file, '-L', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`arledger: ${file}:12: statement "1308728725026/1/1": opening balance 4975.09 + movements -715.70 = 4259.39, but the closing balance is 4370.79 EUR`);
  });
});

describe('reconcile: bad input', () => {
  it('asks for --profile for a CSV statement, naming the profiles (exit 2)', () => {
    const dir = ledger();
    const r = runCli(['reconcile', writeCsv(dir), '-L', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is a CSV file: name its layout with --profile \(one of testbank, other\)/);
  });

  it('refuses an unknown profile (exit 2)', () => {
    const dir = ledger();
    const r = runCli(['reconcile', writeCsv(dir), '--profile', 'nope', '-L', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--profile "nope" is not a bank profile of ledger.yaml — use one of testbank, other/);
  });

  it('reports a profile that does not fit the file at FILE:LINE (exit 3), nothing written', () => {
    const dir = ledger();
    const stmt = writeCsv(dir);
    const before = snapshotDir(dir);
    const r = runCli(['reconcile', stmt, '--profile', 'other', '--apply', '-L', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`${stmt}:1: column "Date" (columns.date of bank profile other) is not in the header`);
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('reports a bad amount at its line (exit 3), nothing written', () => {
    const dir = ledger();
    const stmt = writeCsv(dir, [...CSV_LINES.slice(0, 3), 'TX9;12.11.2026;X;;;12.5.0']);
    const before = snapshotDir(dir);
    const r = runCli(['reconcile', stmt, '--profile', 'testbank', '--apply', '-L', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`${stmt}:4: amount "12.5.0" is not an amount written with "," as the decimal mark`);
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('reports a statement file that does not exist (exit 3)', () => {
    const dir = ledger();
    const r = runCli(['reconcile', 'nowhere.xml', '-L', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/arledger: nowhere\.xml: does not exist/);
  });

  it('reports XML that is not well-formed at its line (exit 3), nothing written', () => {
    const dir = ledger();
    const file = path.join(dir, '..', `${path.basename(dir)}-cut.xml`);
    fs.writeFileSync(file, camt().slice(0, 900));
    const before = snapshotDir(dir);
    const r = runCli(['reconcile', file, '--apply', '-L', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: is not well-formed XML`));
    expect(snapshotDir(dir)).toEqual(before);
  });

  for (const [args, message] of [
    [['--gl', '10.00', 'stmt.xml'], /--gl compares the AR total with the general ledger and takes no STATEMENT/],
    [['--gl', '10.00', '--currency', 'EUE'], /--currency "EUE" is not an ISO 4217 code/],
    [['--gl', '10.00', '--as-of', '2026-02-30'], /--as-of "2026-02-30" is not a calendar date/],
    [['stmt.xml', '--apply', '--date', '30.11.2026'], /--date "30\.11\.2026" is not a calendar date/],
    [['stmt.xml', '--format', 'pdf'], /argument 'pdf' is invalid/],
  ] as [string[], RegExp][]) {
    it(`refuses reconcile ${args.join(' ')} as a usage error (exit 2), nothing written`, () => {
      const dir = ledger();
      const before = snapshotDir(dir);
      const r = runCli(['reconcile', ...args, '-L', dir]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(snapshotDir(dir)).toEqual(before);
    });
  }

  it('needs a statement or --gl (exit 2)', () => {
    const r = runCli(['reconcile', '-L', ledger()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/reconcile needs a STATEMENT file, or --gl AMOUNT/);
  });

  it('refuses rows dated on or before lock_date, writing nothing (exit 3)', () => {
    const dir = ledger();
    fs.appendFileSync(path.join(dir, 'ledger.yaml'), 'lock_date: 2026-11-05\n');
    const before = snapshotDir(dir);
    const r = runCli(['reconcile', writeCsv(dir), '--profile', 'testbank', '--apply', '-L', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/the books are closed up to 2026-11-05/);
    expect(snapshotDir(dir)).toEqual(before);
  });
});

describe('reconcile --gl', () => {
  it('agrees with the AR total: exit 0', () => {
    // invoices 3799.00 − payments 930.00 = 2869.00
    const r = runCli(['reconcile', '--gl', '2869.00', '--as-of', '2026-11-30', '-L', ledger()]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/agrees with the general ledger/);
    golden('gl.txt', r.stdout);
  });

  it('shows both and the difference; exit 1', () => {
    const r = runCli(['reconcile', '--gl', '2800.00', '--as-of', '2026-11-30', '--format', 'json', '-L', ledger()]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ as_of: '2026-11-30', currency: 'EUR', ar_total: '2869.00', gl_balance: '2800.00', difference: '69.00' });
    expect(r.stderr).toMatch(/differs from the general ledger by \+69\.00 EUR \(AR 2869\.00, GL 2800\.00\)/);
  });

  it('counts only documents dated on or before --as-of', () => {
    const r = runCli(['reconcile', '--gl', '3799.00', '--as-of', '2026-10-31', '--format', 'json', '-L', ledger()]);
    expect(r.code).toBe(0);
  });

  it('refuses a GL amount that is not an amount (exit 2)', () => {
    const r = runCli(['reconcile', '--gl', '3.069,00', '-L', ledger()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--gl "3\.069,00"/);
  });
});
