// MT942 interim reports (their currency from :34F:, date from :13D:, sums in :90D:/:90C:) and the :86: dialects
// of MT940 that lost the payer before: a leading space, Triodos' >NN, the Dutch "ACCOUNT NAME", Knab's REK:/NAAM:.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Currency } from '../../src/core/money.js';
import { parseDetails } from '../../src/io/bank/mt940.js';
import { parseStatement } from '../../src/io/bank/read.js';
import { ROOT, SHARED } from '../helpers/cli.js';

const parse = (name: string, text: string | Buffer): ReturnType<typeof parseStatement> =>
  parseStatement(name, typeof text === 'string' ? Buffer.from(text) : text, {}, undefined, 'EUR' as Currency);

const REPORT = [':20:RPT1', ':25:CH9300762011623852957', ':28C:7/1', ':34F:CHFD0,', ':34F:CHFC100,', ':13D:2611301015+0100',
  ':61:2611301130C1200,00NTRFNONREF//B1', ':86:?20SVWZ+INV-2026-00012?32ACME CORP',
  ':61:2611301130D50,NMSCNONREF//B2', ':86:Fee', ':90D:1CHF50,', ':90C:1CHF1200,00', '-'].join('\n');

describe('MT942', () => {
  it('is told from MT940 by content, and reads its currency from :34F:, its date from :13D:', () => {
    const r = parse('r.txt', REPORT);
    expect(r.format).toBe('mt942');
    expect(r.issues).toEqual([]);
    const s = r.statements[0]!;
    expect(s).toMatchObject({ id: 'RPT1/7/1', from: '2026-11-30', to: '2026-11-30', opening: null, closing: null });
    expect(s.lines.map((l) => [l.currency, l.direction, l.amount, l.payerName])).toEqual([['CHF', 'credit', 120000, 'ACME CORP'], ['CHF', 'debit', 5000, '']]);
  });

  it('checks the :90C: / :90D: number and sum of entries', () => {
    const r = parse('r.txt', REPORT.replace(':90C:1CHF1200,00', ':90C:2CHF1300,00'));
    expect(r.unbalanced.length).toBe(1);
    expect(r.issues[0]!.message).toBe('report "RPT1/7/1": :90C: states 2 credit entries of 1300.00 CHF, but the report has 1 of 1200.00');
    expect(r.issues[0]!.line).toBe(12);
  });

  it('reports a bad :34F: or :13D: at its line', () => {
    expect(parse('a', REPORT.replace(':34F:CHFD0,', ':34F:XX')).issues[0]).toMatchObject({ line: 4, message: ':34F: floor limit "XX" is not a currency, an optional D/C and an amount' });
    expect(parse('b', REPORT.replace(':13D:2611301015+0100', ':13D:2613301015')).issues[0]).toMatchObject({ line: 6 });
  });

  it('reads the demo fixture in its SWIFT envelope with CRLF line ends', () => {
    const r = parse('f', fs.readFileSync(path.join(ROOT, 'fixtures', 'bank', 'haspa-2026-11-30.mt942')));
    expect(r.format).toBe('mt942');
    expect(r.issues).toEqual([]);
    expect(r.statements[0]!.lines.map((l) => [l.payerName, l.payerIban, l.text])).toEqual([
      ['VAN DAM LOGISTIEK B.V.', 'NL91ABNA0417164300', 'INV-2026-00096'],
      ['STADTWERKE KLEINBACH', 'DE12500105170648489890', 'RECHNUNG INV-2026-00101'],
      ['TELEKOM DEUTSCHLAND', '', 'Telefon November'],
    ]);
  });
});

describe(':86: dialects', () => {
  it('reads German ?NN subfields after a leading space', () => {
    expect(parseDetails(' 166?00GUTSCHRIFT?20EREF+E1?21SVWZ+INV 7?31DE89370400440532013000?32MUELLER')).toEqual({
      payerName: 'MUELLER', payerIban: 'DE89370400440532013000', text: 'INV 7', reference: 'E1',
    });
  });

  it("reads Triodos' >NN subfields (shared/data jejik_triodos.sta)", () => {
    const r = parse('t', fs.readFileSync(path.join(SHARED, 'data', 'mt940', 'jejik_triodos.sta')));
    expect(r.statements[0]!.lines[0]).toMatchObject({ payerIban: '0390123456', text: 'ALGEMENE TUSSENREKENING KOSTEN VAN 01-10-2010 TOT EN MET 31-12-2010' });
  });

  it('reads the SWIFT /NAME/ /REMI/ style after a leading space', () => {
    expect(parseDetails(' /TRTP/SEPA OVERBOEKING/IBAN/NL91ABNA0417164300/BIC/ABNANL2A/NAME/J DOE/REMI/INV 9/EREF/E9')).toEqual({
      payerName: 'J DOE', payerIban: 'NL91ABNA0417164300', text: 'INV 9', reference: 'E9',
    });
  });

  it('reads the Dutch free text "ACCOUNT NAME" (shared/data jejik_sns.sta) and "REK: …/NAAM: …" (jejik_knab.sta)', () => {
    const sns = parse('s', fs.readFileSync(path.join(SHARED, 'data', 'mt940', 'jejik_sns.sta'))).statements[0]!.lines[0]!;
    expect(sns).toMatchObject({ payerName: 'marechal s', payerIban: '0987654321' });
    expect(sns.text).toContain('dit is een test');
    const knab = parse('k', fs.readFileSync(path.join(SHARED, 'data', 'mt940', 'jejik_knab.sta'))).statements[1]!.lines[0]!;
    expect(knab).toMatchObject({ payerName: 'PICQER', payerIban: 'NL65INGB0123456789' });
    expect(parseDetails('NL91ABNA0417164300 J DOE\nINV-2026-00012')).toEqual({ payerName: 'J DOE', payerIban: 'NL91ABNA0417164300', text: 'NL91ABNA0417164300 J DOE INV-2026-00012', reference: '' });
  });

  it('leaves plain free text without a payer', () => {
    expect(parseDetails('HIER EEN MOOIE OMSCHRIJVING\nWANT DAT')).toEqual({ payerName: '', payerIban: '', text: 'HIER EEN MOOIE OMSCHRIJVING WANT DAT', reference: '' });
  });
});
