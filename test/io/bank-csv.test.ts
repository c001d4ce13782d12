// Bank CSV exports (shared/data/bank-csv) read through profiles, compared with csv2ofx's converted output.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/core/issues.js';
import type { Currency } from '../../src/core/money.js';
import { signedAmount, type BankLine } from '../../src/core/reconcile/line.js';
import { dateReader, parseBankAmount } from '../../src/core/reconcile/values.js';
import type { BankProfile } from '../../src/core/types.js';
import { readBankCsv } from '../../src/io/bank/csv.js';
import { parseStatement } from '../../src/io/bank/read.js';
import { SHARED } from '../helpers/cli.js';

const DIR = path.join(SHARED, 'data', 'bank-csv');
const EXPECTED = path.join(DIR, 'expected-csv2ofx');

function profile(name: string, p: Partial<BankProfile> & { columns: Record<string, string> }): BankProfile {
  return { name, delimiter: ',', decimal: '.', thousands: '', dateFormat: 'YYYY-MM-DD', encoding: 'utf-8', currency: null, skipRows: 0, ...p };
}

const PROFILES: Record<string, BankProfile> = {
  'c24.csv': profile('c24', { decimal: ',', dateFormat: 'DD.MM.YYYY', currency: 'EUR', columns: { date: 'Buchungsdatum', amount: 'Betrag', payer: 'Zahlungsempfänger', iban: 'IBAN', reference: 'Verwendungszweck' } }),
  'capitalone.csv': profile('capitalone', { currency: 'USD', columns: { date: 'Transaction Date', debit: 'Debit', credit: 'Credit', payer: 'Description' } }),
  'creditunion.csv': profile('creditunion', { dateFormat: 'M/D/YY', currency: 'USD', columns: { date: 'Date', amount: 'Amount', payer: 'Description', reference: 'Check Number' } }),
  'default.csv': profile('default', { currency: 'USD', columns: { date: 'Date', amount: 'Amount', payer: 'Description', reference: 'Num', id: 'Row' } }),
  'gls.csv': profile('gls', { delimiter: ';', decimal: ',', dateFormat: 'DD.MM.YYYY', encoding: 'windows-1252', columns: { date: 'Buchungstag', amount: 'Betrag', currency: 'Währung', payer: 'Auftraggeber/Empfänger', reference: 'VWZ1', text: 'VWZ2' } }),
  'ingesp.csv': profile('ingesp', { dateFormat: 'DD/MM/YYYY', currency: 'EUR', columns: { date: 'date', amount: 'amount', payer: 'desc' } }),
  'mint.csv': profile('mint', { dateFormat: 'M/D/YY', currency: 'USD', columns: { date: 'Date', amount: 'Amount', direction: 'Transaction Type', payer: 'Description' } }),
  'n26-fr.csv': profile('n26', { currency: 'EUR', columns: { date: 'Booking Date', amount: 'Amount (EUR)', payer: 'Partner Name', iban: 'Partner Iban', reference: 'Payment Reference' } }),
  'outbank.csv': profile('outbank', { delimiter: ';', decimal: ',', dateFormat: 'M/D/YY', columns: { date: 'Date', amount: 'Amount', currency: 'Currency', payer: 'Name', iban: 'Number', reference: 'Reason' } }),
  'payoneer.csv': profile('payoneer', { dateFormat: 'MM/DD/YYYY', columns: { date: 'Transaction Date', credit: 'Credit Amount', debit: 'Debit Amount', currency: 'Currency', id: 'Transaction ID', payer: 'Target' } }),
  // A card statement lists charges as unsigned amounts: mapping Amount as the debit column reads them as outgoing.
  'pcmastercard.csv': profile('pcmastercard', { dateFormat: 'MM/DD/YYYY', currency: 'CAD', columns: { date: 'Date', debit: 'Amount', payer: 'Merchant Name' } }),
  'schwab-checking.csv': profile('schwab', { dateFormat: 'MM/DD/YYYY', currency: 'USD', columns: { date: 'Date', debit: 'Withdrawal', credit: 'Deposit', payer: 'Description' } }),
  'sparkasse.csv': profile('sparkasse', { delimiter: ';', decimal: ',', dateFormat: 'DD.MM.YY', columns: { date: 'Buchungstag', amount: 'Betrag', currency: 'Waehrung', payer: 'Beguenstigter/Zahlungspflichtiger', iban: 'Kontonummer', reference: 'Verwendungszweck' } }),
  'stripe-all.csv': profile('stripe', { columns: { date: 'created', amount: 'amount', currency: 'currency', id: 'id', payer: 'card_name', reference: 'description' } }),
  'stripe-default.csv': profile('stripe', { columns: { date: 'created', amount: 'amount', currency: 'currency', id: 'id', payer: 'customer_description', reference: 'description' } }),
  'ubs-ch-fr_trimmed.csv': profile('ubs', { delimiter: ';', dateFormat: 'DD.MM.YYYY', columns: { date: 'Date de valeur', debit: 'Débit', credit: 'Crédit', currency: 'Monn.', id: 'N° de transaction', reference: 'Description 1', text: 'Description 2' } }),
  'xero.csv': profile('xero', { dateFormat: 'DD-MMM-YY', currency: 'USD', columns: { date: 'JournalDate', amount: 'NetAmount', payer: 'AccountName', reference: 'Reference' } }),
};

const ORACLE: Record<string, string> = {
  'c24.csv': 'c24.ofx', 'creditunion.csv': 'creditunion.qif', 'default.csv': 'default.ofx', 'gls.csv': 'gls.ofx',
  'ingesp.csv': 'ingesp.ofx', 'mint.csv': 'mint.ofx', 'n26-fr.csv': 'n26.ofx', 'outbank.csv': 'outbank.ofx',
  'payoneer.csv': 'payoneer.ofx', 'pcmastercard.csv': 'pcmastercard.ofx', 'schwab-checking.csv': 'schwab-checking.ofx',
  'sparkasse.csv': 'sparkasse.ofx', 'stripe-all.csv': 'stripe-all.ofx', 'stripe-default.csv': 'stripe-default.ofx',
  'ubs-ch-fr_trimmed.csv': 'ubs-ch-fr.qif',
};

// csv2ofx guesses each date on its own and reads ING's 08/04/2022 as 4 August; the file is DD/MM throughout
// (24/03/2022 two rows above), so it is 8 April.
const OVERRIDE: Record<string, string> = { '2022-08-04 2.69': '2022-04-08 2.69' };

function read(file: string): BankLine[] {
  return readBankCsv(file, fs.readFileSync(path.join(DIR, file)), PROFILES[file]!, 'EUR' as Currency).lines as BankLine[];
}

/** (date, signed amount in major units) of every transaction csv2ofx wrote, as sorted strings. */
function oracle(file: string): string[] {
  const text = fs.readFileSync(path.join(EXPECTED, file), 'utf8');
  const out: string[] = [];
  if (file.endsWith('.ofx')) {
    for (const block of text.split(/<STMTTRN>|<INTRARS>/).slice(1)) {
      const d = /<DTPOSTED>(\d{4})(\d\d)(\d\d)/.exec(block)!;
      const a = /<TRNAMT>([-\d.]+)/.exec(block)!;
      out.push(`${d[1]}-${d[2]}-${d[3]} ${Number(a[1]).toFixed(2)}`);
    }
  } else {
    for (const rec of text.split(/\n\^\n?/)) {
      const d = /^D(?:(\d\d)\/(\d\d)\/(\d{4})|(\d{4})-(\d\d)-(\d\d))$/m.exec(rec);
      const t = /^T([-\d.,]+)$/m.exec(rec);
      if (!d || !t || /^!Account/m.test(rec)) continue;
      const date = d[1] ? `${d[3]}-${d[1]}-${d[2]}` : `${d[4]}-${d[5]}-${d[6]}`;
      out.push(`${date} ${Number(t[1]!.replace(/,/g, '')).toFixed(2)}`);
    }
  }
  return out.sort();
}

const major = (l: BankLine): string => (signedAmount(l) / 100).toFixed(2);

describe('bank CSV exports', () => {
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.csv')).sort();

  it('has a profile for every real export', () => {
    expect(files.filter((f) => !PROFILES[f])).toEqual([]);
  });

  for (const file of files) {
    it(`reads ${file}`, () => {
      const lines = read(file);
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) {
        expect(l.date).toMatch(/^\d{4}-\d\d-\d\d$/);
        expect(Number.isInteger(l.amount) && l.amount > 0).toBe(true);
        expect(l.bankId).not.toBe('');
      }
      expect(new Set(lines.map((l) => l.bankId)).size).toBe(lines.length);
      const o = ORACLE[file];
      if (o) expect(lines.map((l) => `${l.date} ${major(l)}`).sort()).toEqual(oracle(o).map((x) => OVERRIDE[x] ?? x).sort());
    });
  }

  it('reads windows-1252 text (gls) and keeps umlauts', () => {
    const [l] = read('gls.csv');
    expect(l).toMatchObject({ date: '2017-10-10', amount: 9876, direction: 'debit', currency: 'EUR', payerName: 'Drillisch Online AG' });
  });

  it('reads CR-only line ends (xero, mint, creditunion) as separate rows', () => {
    expect(read('xero.csv')).toHaveLength(13);
    expect(read('mint.csv')).toHaveLength(4);
    const cu = read('creditunion.csv');
    expect(cu).toHaveLength(8);
    expect(cu[0]).toMatchObject({ payerName: 'Ằdøłƥh Noƴa', text: 'INV-1', date: '2015-02-08', amount: 5000000 });
  });

  it('keeps the journal of xero balanced and sums INV-0001 as csv2ofx does', () => {
    const lines = read('xero.csv');
    expect(lines.reduce((s, l) => s + signedAmount(l), 0)).toBe(0);
    const inv1 = lines.filter((l) => l.text === 'INV-0001' && l.direction === 'credit').reduce((s, l) => s + l.amount, 0);
    expect(inv1).toBe(14900000);
  });

  it('reads apostrophe thousands and separate debit/credit columns (UBS)', () => {
    const lines = read('ubs-ch-fr_trimmed.csv');
    expect(lines.map((l) => [l.bankId, l.direction, l.amount, l.currency])).toEqual([
      ['A01234BC01234567', 'debit', 1000, 'CHF'], ['3456789ZT1234567', 'credit', 24000, 'CHF'], ['9979360TI2115087', 'debit', 20000, 'CHF'],
    ]);
  });

  it('reads the payer IBAN and the remittance text (sparkasse, n26)', () => {
    expect(read('sparkasse.csv')[0]).toMatchObject({ payerIban: 'DE11000100111100000000', date: '2020-11-04', amount: 2414, direction: 'debit' });
    expect(read('n26-fr.csv')[0]).toMatchObject({ payerIban: 'DE27100110000000000000', direction: 'credit', amount: 32800 });
  });

  it('gives lines without a bank id a stable digest id, the same on a second read', () => {
    const a = read('ingesp.csv').map((l) => l.bankId);
    expect(a.every((id) => /^csv-[0-9a-f]{16}$/.test(id))).toBe(true);
    expect(read('ingesp.csv').map((l) => l.bankId)).toEqual(a);
  });

  it('refuses a profile whose column is not in the header, naming the header (FILE:1)', () => {
    const bad = { ...PROFILES['ingesp.csv']!, columns: { date: 'Fecha', amount: 'amount' } };
    expect(() => readBankCsv('ingesp.csv', fs.readFileSync(path.join(DIR, 'ingesp.csv')), bad, 'EUR' as Currency))
      .toThrow(/ingesp\.csv:1: column "Fecha" \(columns\.date of bank profile ingesp\) is not in the header/);
  });

  it('reports a date that does not fit the date format at its line', () => {
    const bad = { ...PROFILES['ingesp.csv']!, dateFormat: 'YYYY-MM-DD' };
    try {
      readBankCsv('ingesp.csv', fs.readFileSync(path.join(DIR, 'ingesp.csv')), bad, 'EUR' as Currency);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DataError);
      expect((e as DataError).issues[0]).toMatchObject({ file: 'ingesp.csv', line: 2 });
      expect((e as DataError).message).toMatch(/date "24\/03\/2022" does not match date_format "YYYY-MM-DD"/);
    }
  });

  it('says a UTF-8 profile cannot read a windows-1252 file', () => {
    const bad = { ...PROFILES['gls.csv']!, encoding: 'utf-8' };
    expect(() => readBankCsv('gls.csv', fs.readFileSync(path.join(DIR, 'gls.csv')), bad, 'EUR' as Currency)).toThrow(/gls\.csv:1: is not valid utf-8/);
  });

  it('asks for --profile for a CSV file, naming the profiles', () => {
    expect(() => parseStatement('x.csv', Buffer.from('a,b\n1,2\n'), { ingesp: PROFILES['ingesp.csv']! }, undefined, 'EUR' as Currency))
      .toThrow(/--profile \(one of ingesp\)/);
  });
});

describe('bank amounts and dates', () => {
  const eur = (t: string, decimal = '.', thousands = ''): number | string => {
    const r = parseBankAmount(t, { decimal, thousands }, 'EUR');
    return r.ok ? r.minor : r.problem;
  };
  it('reads the ways banks write amounts', () => {
    expect(eur('1.234,56', ',')).toBe(123456);
    expect(eur("1'234.56")).toBe(123456);
    expect(eur('-123,45 €', ',')).toBe(-12345);
    expect(eur('$1,036.47')).toBe(103647);
    expect(eur('(12.00)')).toBe(-1200);
    expect(eur('15000,', ',')).toBe(1500000);
    expect(eur('EUR 9.5')).toBe(950);
    expect(eur('8.850')).toBe(885);
    expect(eur('12-', ',')).toBe(-1200);
  });
  it('refuses what is not an amount, saying why', () => {
    expect(eur('8.855')).toMatch(/more decimals than EUR/);
    expect(eur('12,34')).toMatch(/decimal mark/);
    expect(eur('')).toBe('is empty');
  });
  it('reads date formats, with a time after the date ignored', () => {
    expect(dateReader('DD-MMM-YY')('23-Jan-15')).toBe('2015-01-23');
    expect(dateReader('M/D/YY')('2/8/15')).toBe('2015-02-08');
    expect(dateReader('YYYY-MM-DD')('2021-02-03 13:12')).toBe('2021-02-03');
    expect(dateReader('DD.MM.YYYY')('31.02.2019')).toBeNull();
  });
});
