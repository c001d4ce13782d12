// The early-payment discount through the built CLI: apply, apply --credit, reconcile --apply (CSV and camt.053) and
// import payments each write the discount credit note with the payment; documents stop offering it; refusals write nothing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE_CONFIG, runCli, snapshotDir, tempLedger, type CliResult } from '../helpers/cli.js';

const CONFIG = `${BASE_CONFIG}lock_date: 2026-10-31
bank:
  profiles:
    house: { delimiter: ";", decimal: ",", date_format: "DD.MM.YYYY", currency: EUR,
             columns: { date: Date, amount: Amount, payer: Payer, iban: IBAN, reference: Text, id: TxId } }
import:
  profiles:
    erp: { delimiter: ",", decimal: ".", date_format: YYYY-MM-DD, columns: { date: Date, amount: Amount, invoice: Invoice, bank_ref: Ref } }
`;

const CUSTOMERS = `ACME:
  name: Acme Corporation
  currency: EUR
  terms: 2/10 net30
  bank_accounts: [DE89370400440532013000]
`;

/**
 * At 2026-11-30: INV-1 (1428.00, 2/10 net30, discount 28.56 up to today), INV-2 (500.00 net30), INV-3 (1000.00,
 * 2/10 net30 from 2026-11-01: its window closed on 2026-11-11), and PAY-000001, 1399.44 received on 2026-11-25, unapplied.
 */
const BOOKS: Record<string, string> = {
  'ledger.yaml': CONFIG,
  'customers.yaml': CUSTOMERS,
  'invoices.csv': 'id,kind,date,due,customer,currency,amount,terms,reference,memo\n' + [
    'INV-2026-00001,invoice,2026-11-20,2026-12-20,ACME,EUR,1428.00,2/10 net30,,',
    'INV-2026-00002,invoice,2026-11-21,2026-12-21,ACME,EUR,500.00,net30,,',
    'INV-2026-00003,invoice,2026-11-01,2026-12-01,ACME,EUR,1000.00,2/10 net30,,',
  ].join('\n') + '\n',
  'payments.csv': 'id,date,customer,currency,amount,method,reference,bank_ref,memo\nPAY-000001,2026-11-25,ACME,EUR,1399.44,transfer,,,\n',
  'credits.csv': 'id,kind,date,customer,currency,amount,invoice,reason\n',
  'applications.csv': 'date,credit,debit,amount\n',
};

const REASON = 'early-payment discount 2% (2/10 net30)';

function appended(dir: string, before: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, b64] of Object.entries(snapshotDir(dir))) {
    const now = Buffer.from(b64, 'base64').toString('utf8');
    const was = before[name] === undefined ? '' : Buffer.from(before[name]!, 'base64').toString('utf8');
    if (now !== was) out[name] = now.startsWith(was) ? now.slice(was.length) : `REWRITTEN:\n${now}`;
  }
  return out;
}

function run(args: string[], extra: Record<string, string> = {}): { dir: string; r: CliResult; added: Record<string, string>; before: Record<string, string> } {
  const dir = tempLedger({ ...BOOKS, ...extra });
  const before = snapshotDir(dir);
  const r = runCli([...args, '-L', dir], { cwd: dir });
  return { dir, r, added: appended(dir, before), before };
}

const cli = (dir: string, args: string[]): CliResult => runCli([...args, '-L', dir], { cwd: dir });

describe('apply takes the discount', () => {
  it('a payment of the discounted amount settles the invoice with a discount credit note', () => {
    const { dir, r, added } = run(['apply', '--customer', 'ACME', '--amount', '1399.44', '--invoice', 'INV-2026-00001']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('PAY-000002\napplied 1399.44 EUR to INV-2026-00001\n');
    expect(r.stderr).toBe('arledger: INV-2026-00001: 2 % early-payment discount of 28.56 taken (CN-2026-0001)\n');
    expect(added).toEqual({
      'payments.csv': 'PAY-000002,2026-11-30,ACME,EUR,1399.44,,,,\n',
      'credits.csv': `CN-2026-0001,credit-note,2026-11-30,ACME,EUR,28.56,INV-2026-00001,${REASON}\n`,
      'applications.csv': '2026-11-30,PAY-000002,INV-2026-00001,1399.44\n2026-11-30,CN-2026-0001,INV-2026-00001,28.56\n',
    });
    expect(cli(dir, ['check']).code).toBe(0);
    // Settled: no "Please pay 28.56", no discount offered, nothing open to dun.
    const doc = cli(dir, ['invoice', 'render', 'INV-2026-00001']).stdout;
    expect(doc).toContain('Paid in full, thank you.');
    expect(doc).not.toContain('if paid by');
    expect(doc).not.toContain('Please pay');
    const statement = cli(dir, ['statement', 'ACME']).stdout;
    expect(statement).not.toContain('if paid by');
    expect(statement).not.toMatch(/^INV-2026-00001 .*1428\.00 +28\.56/m);
    const show = JSON.parse(cli(dir, ['invoice', 'show', 'INV-2026-00001', '--format', 'json']).stdout) as { open: string };
    expect(show.open).toBe('0.00');
  });

  it('oldest due first: the expired invoice is paid in full, the discounted one at its discounted amount, the rest goes on', () => {
    const { r, added } = run(['apply', '--customer', 'ACME', '--amount', '2899.44', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      payment: 'PAY-000002',
      applications: [
        { invoice: 'INV-2026-00003', amount: '1000.00' }, { invoice: 'INV-2026-00001', amount: '1399.44' }, { invoice: 'INV-2026-00002', amount: '500.00' },
      ],
      unapplied: '0.00',
      discounts: [{ credit_note: 'CN-2026-0001', invoice: 'INV-2026-00001', amount: '28.56' }],
    });
    expect(added['credits.csv']).toBe(`CN-2026-0001,credit-note,2026-11-30,ACME,EUR,28.56,INV-2026-00001,${REASON}\n`);
  });

  it('no discount after the window, nor for a payment short by more than the discount', () => {
    const late = run(['apply', '--customer', 'ACME', '--amount', '980.00', '--invoice', 'INV-2026-00003']);
    expect(late.r.code, late.r.stderr).toBe(0);
    expect(late.r.stderr).toBe('');
    expect(Object.keys(late.added).sort()).toEqual(['applications.csv', 'payments.csv']);
    const short = run(['apply', '--customer', 'ACME', '--amount', '1399.43', '--invoice', 'INV-2026-00001']);
    expect(short.r.code, short.r.stderr).toBe(0);
    expect(short.added['credits.csv']).toBeUndefined();
  });

  it('apply --credit: a payment received inside the window takes the discount when applied', () => {
    const { dir, r, added } = run(['apply', '--credit', 'PAY-000001', '--invoice', 'INV-2026-00001']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('PAY-000001\napplied 1399.44 EUR to INV-2026-00001\n');
    expect(r.stderr).toBe('arledger: INV-2026-00001: 2 % early-payment discount of 28.56 taken (CN-2026-0001)\n');
    expect(added).toEqual({
      'credits.csv': `CN-2026-0001,credit-note,2026-11-30,ACME,EUR,28.56,INV-2026-00001,${REASON}\n`,
      'applications.csv': '2026-11-30,PAY-000001,INV-2026-00001,1399.44\n2026-11-30,CN-2026-0001,INV-2026-00001,28.56\n',
    });
    expect(cli(dir, ['check']).code).toBe(0);
  });

  it('refusals write nothing, the discount credit note included', () => {
    const closed = { 'ledger.yaml': CONFIG.replace('lock_date: 2026-10-31', 'lock_date: 2026-11-29') };
    const cases: [string[], number, RegExp, Record<string, string>?][] = [
      [['apply', '--customer', 'ACME', '--amount', '1399.44', '--invoice', 'INV-2026-00001', '--date', '2026-11-29'], 3, /the books are closed up to 2026-11-29/, closed],
      [['apply', '--credit', 'PAY-000001', '--invoice', 'INV-2026-00001', '--date', '2026-11-29'], 3, /the books are closed up to 2026-11-29/, closed],
      [['apply', '--customer', 'ACME', '--amount', '1399.44', '--invoice', 'INV-2026-00001', '--date', '2026-11-19'], 3, /invoice INV-2026-00001 is dated 2026-11-20, after the application date 2026-11-19/],
      [['apply', '--customer', 'ACME', '--amount', '1399.44', '--invoice', 'INV-2026-00001=1428.01'], 3, /--invoice INV-2026-00001=1428.01 is more than its open amount 1428.00/],
      [['apply', '--customer', 'ACME', '--amount', '1399,44', '--invoice', 'INV-2026-00001'], 2, /--amount "1399,44" uses a comma/],
      [['apply', '--credit', 'PAY-000009', '--invoice', 'INV-2026-00001'], 3, /credit "PAY-000009" does not exist — unapplied credits: PAY-000001/],
      [['apply', '--credit', 'PAY-000001', '--invoice', 'INV-2026-00001', '--date', '2026-11-24'], 3, /before PAY-000001's date 2026-11-25/],
    ];
    for (const [args, code, message, extra] of cases) {
      const { dir, r, before } = run(args, extra);
      expect(r.stderr).toMatch(message);
      expect(r.code).toBe(code);
      expect(snapshotDir(dir)).toEqual(before);
    }
  });
});

describe('reconcile --apply takes the discount', () => {
  it('from a CSV statement', () => {
    const statement = 'Date;Amount;Payer;IBAN;Text;TxId\n29.11.2026;1.399,44;Acme Corporation;DE89370400440532013000;INV-2026-00001;TX1\n';
    const { dir, r, added } = run(['reconcile', 'bank.csv', '--profile', 'house', '--apply'], { 'bank.csv': statement });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('arledger: INV-2026-00001: 2 % early-payment discount of 28.56 taken (CN-2026-0001)\n');
    expect(added).toEqual({
      'payments.csv': 'PAY-000002,2026-11-29,ACME,EUR,1399.44,bank,INV-2026-00001,TX1,\n',
      'credits.csv': `CN-2026-0001,credit-note,2026-11-29,ACME,EUR,28.56,INV-2026-00001,${REASON}\n`,
      'applications.csv': '2026-11-29,PAY-000002,INV-2026-00001,1399.44\n2026-11-29,CN-2026-0001,INV-2026-00001,28.56\n',
    });
    expect(cli(dir, ['check']).code).toBe(0);
    // The same statement again changes nothing.
    const before = snapshotDir(dir);
    expect(cli(dir, ['reconcile', 'bank.csv', '--profile', 'house', '--apply']).code).toBe(0);
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('from a camt.053 statement, two lines paying one invoice in parts: the second one earns it', () => {
    const entry = (amt: string, date: string, ref: string): string => `
      <Ntry><Amt Ccy="EUR">${amt}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>${date}</Dt></BookgDt>
        <AcctSvcrRef>${ref}</AcctSvcrRef><NtryDtls><TxDtls><Refs><AcctSvcrRef>${ref}</AcctSvcrRef></Refs><Amt Ccy="EUR">${amt}</Amt>
          <RltdPties><Dbtr><Pty><Nm>Acme Corporation</Nm></Pty></Dbtr><DbtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></DbtrAcct></RltdPties>
          <RmtInf><Ustrd>INV-2026-00001</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`;
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
  <GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-11-30T06:00:00</CreDtTm></GrpHdr>
  <Stmt><Id>S1</Id><CreDtTm>2026-11-30T06:00:00</CreDtTm>
    <FrToDt><FrDtTm>2026-11-01T00:00:00</FrDtTm><ToDtTm>2026-11-29T23:59:59</ToDtTm></FrToDt>
    <Acct><Id><IBAN>GB33BUKB20201555555555</IBAN></Id><Ccy>EUR</Ccy></Acct>
    <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-01</Dt></Dt></Bal>
    <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1399.44</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-29</Dt></Dt></Bal>
    ${entry('1000.00', '2026-11-26', 'C1')}${entry('399.44', '2026-11-28', 'C2')}
  </Stmt></BkToCstmrStmt></Document>
`;
    const { dir, r, added } = run(['reconcile', 'stmt.xml', '--apply'], { 'stmt.xml': xml });
    expect(r.code, r.stderr).toBe(0);
    expect(added['credits.csv']).toBe(`CN-2026-0001,credit-note,2026-11-28,ACME,EUR,28.56,INV-2026-00001,${REASON}\n`);
    expect(added['applications.csv']).toBe([
      '2026-11-26,PAY-000002,INV-2026-00001,1000.00', '2026-11-28,PAY-000003,INV-2026-00001,399.44', '2026-11-28,CN-2026-0001,INV-2026-00001,28.56',
    ].join('\n') + '\n');
    expect(cli(dir, ['check']).code).toBe(0);
  });

  it('a malformed statement is refused and writes nothing', () => {
    const { dir, r, before } = run(['reconcile', 'bank.csv', '--profile', 'house', '--apply'], {
      'bank.csv': 'Date;Amount;Payer;IBAN;Text;TxId\n29.11.2026;1.399,4x;Acme Corporation;DE89370400440532013000;INV-2026-00001;TX1\n',
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/bank\.csv:2: /);
    expect(snapshotDir(dir)).toEqual(before);
  });
});

describe('import payments takes the discount', () => {
  it('with an import profile', () => {
    const file = 'Date,Amount,Invoice,Ref\n2026-11-28,1399.44,INV-2026-00001,R1\n2026-11-28,980.00,INV-2026-00003,R2\n';
    const { dir, r, added } = run(['import', 'payments', 'in.csv', '--profile', 'erp'], { 'in.csv': file });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('arledger: INV-2026-00001: 2 % early-payment discount of 28.56 taken (CN-2026-0001)\narledger: imported 2 payments, 2 applications from in.csv\n');
    expect(added['credits.csv']).toBe(`CN-2026-0001,credit-note,2026-11-28,ACME,EUR,28.56,INV-2026-00001,${REASON}\n`);
    expect(added['applications.csv']).toBe([
      '2026-11-28,PAY-000002,INV-2026-00001,1399.44', '2026-11-28,CN-2026-0001,INV-2026-00001,28.56', '2026-11-28,PAY-000003,INV-2026-00003,980.00',
    ].join('\n') + '\n');
    expect(cli(dir, ['check']).code).toBe(0);
  });

  it('one bad row: nothing is written, the discount credit note included', () => {
    const file = 'Date,Amount,Invoice,Ref\n2026-11-28,1399.44,INV-2026-00001,R1\n2026-11-28,9x,INV-2026-00003,R2\n';
    const { dir, r, before } = run(['import', 'payments', 'in.csv', '--profile', 'erp'], { 'in.csv': file });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/in\.csv:3: amount "9x"/);
    expect(snapshotDir(dir)).toEqual(before);
  });
});

describe('credit and writeoff are bounded by the open amount', () => {
  it('a credit note of 99999.00 against a 1428.00 invoice is refused; with --force it is written and the excess left unapplied', () => {
    const args = ['credit', '--customer', 'ACME', '--amount', '99999.00', '--reason', 'price', '--invoice', 'INV-2026-00001'];
    const refused = run(args);
    expect(refused.r.code).toBe(3);
    expect(refused.r.stderr).toBe("arledger: the credit note of 99999.00 EUR is more than INV-2026-00001's open amount 1428.00 — use --amount 1428.00 or less, or add --force to issue it anyway and leave the excess 98571.00 unapplied\n");
    expect(snapshotDir(refused.dir)).toEqual(refused.before);
    const forced = run([...args, '--force']);
    expect(forced.r.code, forced.r.stderr).toBe(0);
    expect(forced.r.stderr).toBe("arledger: warning: the credit note of 99999.00 exceeds INV-2026-00001's open amount 1428.00 (issued with --force)\narledger: 98571.00 EUR of CN-2026-0001 stays unapplied\n");
    expect(forced.added).toEqual({
      'credits.csv': 'CN-2026-0001,credit-note,2026-11-30,ACME,EUR,99999.00,INV-2026-00001,price\n',
      'applications.csv': '2026-11-30,CN-2026-0001,INV-2026-00001,1428.00\n',
    });
  });

  it('a write-off above the open amount is refused; with --force the excess stays unapplied', () => {
    const refused = run(['writeoff', 'INV-2026-00002', '--amount', '600.00', '--reason', 'x']);
    expect(refused.r.code).toBe(3);
    expect(refused.r.stderr).toMatch(/the write-off of 600.00 EUR is more than INV-2026-00002's open amount 500.00 — use --amount 500.00 or less, or add --force/);
    expect(snapshotDir(refused.dir)).toEqual(refused.before);
    const forced = run(['writeoff', 'INV-2026-00002', '--amount', '600.00', '--reason', 'x', '--force']);
    expect(forced.r.code, forced.r.stderr).toBe(0);
    expect(forced.added['applications.csv']).toBe('2026-11-30,WO-2026-0001,INV-2026-00002,500.00\n');
    expect(forced.r.stderr).toContain('100.00 EUR of WO-2026-0001 stays unapplied');
  });

  it('a credit note against an invoice settled with its discount is refused', () => {
    const dir = tempLedger(BOOKS);
    expect(cli(dir, ['apply', '--credit', 'PAY-000001', '--invoice', 'INV-2026-00001']).code).toBe(0);
    const before = snapshotDir(dir);
    const r = cli(dir, ['credit', '--customer', 'ACME', '--amount', '10.00', '--reason', 'x', '--invoice', 'INV-2026-00001']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/INV-2026-00001 is fully paid or credited: nothing is open on it/);
    expect(snapshotDir(dir)).toEqual(before);
  });
});

describe('documents', () => {
  it('offer the discount inside the window and with the right amount due; not after it', () => {
    const dir = tempLedger(BOOKS);
    const inside = cli(dir, ['invoice', 'render', 'INV-2026-00001']).stdout;
    expect(inside).toContain('2 % discount (28.56) if paid by 2026-11-30');
    expect(inside).toContain('Please pay 1,428.00 EUR by 2026-12-20');
    expect(cli(dir, ['invoice', 'render', 'INV-2026-00001', '--as-of', '2026-12-01']).stdout).not.toContain('discount');
    expect(cli(dir, ['invoice', 'render', 'INV-2026-00003']).stdout).not.toContain('discount');
    const statement = cli(dir, ['statement', 'ACME']).stdout;
    expect(statement).toContain('2 % discount (28.56) if paid by 2026-11-30');
    expect(statement).not.toContain('2 % discount (20.00)');
    expect(fs.existsSync(path.join(dir, 'outbox'))).toBe(false);
  });
});
