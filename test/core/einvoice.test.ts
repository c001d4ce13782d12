import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditorReference, isCreditorReference } from '../../src/core/creditor-reference.js';
import { einvoiceModel } from '../../src/core/einvoice/model.js';
import { el } from '../../src/core/einvoice/xml.js';
import { ledgerFrom } from '../helpers/ledger.js';

const CONFIG = (extra = ''): string => `version: 1
company: { name: Seller GmbH, email: ar@seller.example, address: "Hafenweg 1\\n20457 Hamburg\\nGermany", country: DE, vat_id: DE812345673 }
bank_accounts: [{ iban: DE89370400440532013000, bic: COBADEFFXXX, currency: EUR }]
payment_reference: rf
currency: EUR
${extra}`;

const CUSTOMERS = `HOME: { name: Home GmbH, currency: EUR, country: DE, vat_id: DE143526781 }
PARIS: { name: Paris SARL, currency: EUR, country: FR, vat_id: FR40303265045 }
PARIS_B2C: { name: Jean Dupont, currency: EUR, country: FR }
NYC: { name: NYC Inc., currency: USD, address: "5 Main St\\nNew York, NY 10001\\nUSA" }
`;

function model(id: string, rows: { invoices?: string; lines?: string; credits?: string }, extra = '') {
  const ledger = ledgerFrom({
    'invoices.csv': rows.invoices ?? '', 'invoice-lines.csv': rows.lines ?? '', 'credits.csv': rows.credits ?? '',
  }, CUSTOMERS, CONFIG(extra));
  return einvoiceModel(ledger, id);
}

describe('e-invoice tax categories', () => {
  const lines = (inv: string, rate: string, net: string, tax: string): string => `${inv},1,Probe,1,${net},${rate},${net},${tax}\n`;

  it('S above 0 %; at 0 %: AE between VAT ids of two EU countries, G outside the EU, else Z or the configured E', () => {
    expect(model('I1', { invoices: 'I1,invoice,2026-01-05,2026-02-04,HOME,EUR,119.00,net30,,\n', lines: lines('I1', '19', '100.00', '19.00') }).taxes)
      .toEqual([{ category: 'S', rate: '19', taxable: '100.00', tax: '19.00', exemptionCode: '', exemptionReason: '' }]);
    expect(model('I2', { invoices: 'I2,invoice,2026-01-05,2026-02-04,PARIS,EUR,100.00,net30,,\n', lines: lines('I2', '0', '100.00', '0.00') }).taxes[0])
      .toMatchObject({ category: 'AE', exemptionCode: 'VATEX-EU-AE', exemptionReason: 'Reverse charge' });
    expect(model('I3', { invoices: 'I3,invoice,2026-01-05,2026-02-04,PARIS_B2C,EUR,100.00,net30,,\n', lines: lines('I3', '0', '100.00', '0.00') }).taxes[0])
      .toMatchObject({ category: 'Z', exemptionReason: '' });
    const us = model('I4', { invoices: 'I4,invoice,2026-01-05,2026-02-04,NYC,USD,100.00,net30,,\n', lines: lines('I4', '0', '100.00', '0.00') });
    expect(us.taxes[0]).toMatchObject({ category: 'G', exemptionCode: 'VATEX-EU-G' });
    expect(us.buyer.address).toEqual({ lines: ['5 Main St'], city: 'New York, NY 10001', postcode: '', country: 'US' }); // country from the address
    expect(us.payment).toBeNull(); // no account for USD
    expect(model('I5', { invoices: 'I5,invoice,2026-01-05,2026-02-04,HOME,EUR,100.00,net30,,\n', lines: lines('I5', '0', '100.00', '0.00') },
      'einvoice: { zero_tax: { category: E, reason: "Art. 132" } }').taxes[0]).toMatchObject({ category: 'E', exemptionReason: 'Art. 132' });
  });

  it('splits the gross amount of an invoice without lines at the default rate, and refuses without one', () => {
    const row = { invoices: 'I1,invoice,2026-01-05,2026-02-04,HOME,EUR,1190.00,net30,,\n' };
    expect(() => model('I1', row)).toThrow(/I1 has no lines in invoice-lines.csv, so its tax is unknown/);
    const m = model('I1', row, 'einvoice: { default_tax: { category: S, rate: "19" } }');
    expect(m.lines).toEqual([{ id: '1', name: 'Invoice I1', quantity: '1', unitPrice: '1000.00', net: '1000.00', category: 'S', rate: '19' }]);
    expect([m.lineTotal, m.taxTotal, m.grandTotal]).toEqual(['1000.00', '190.00', '1190.00']);
    expect(m.payment).toEqual({ meansCode: '58', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', bank: '', reference: creditorReference('I1') });
    expect(isCreditorReference(m.payment!.reference)).toBe(true);
  });

  it('a credit note takes back tax in proportion to its invoice\'s groups, adding up to its amount exactly', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 48250 }), (cents) => {
      const amount = (cents / 100).toFixed(2);
      const m = model('CN1', {
        invoices: 'I1,invoice,2026-01-05,2026-02-04,HOME,EUR,482.50,net30,,\n',
        lines: 'I1,1,A,1,300.00,19,300.00,57.00\nI1,2,B,1,100.00,7,100.00,7.00\nI1,3,C,1,18.50,0,18.50,0.00\n',
        credits: `CN1,credit-note,2026-01-10,HOME,EUR,${amount},I1,discount\n`,
      });
      expect(m.typeCode).toBe('381');
      expect(m.preceding).toEqual({ id: 'I1', date: '2026-01-05' });
      const cents2 = (s: string): number => Math.round(Number(s) * 100);
      expect(cents2(m.lineTotal) + cents2(m.taxTotal)).toBe(cents);
      expect(m.grandTotal).toBe(amount);
      for (const g of m.taxes) expect(Math.abs(cents2(g.tax) - Math.round(cents2(g.taxable) * Number(g.rate) / 100))).toBeLessThanOrEqual(1);
      expect(m.lines.map((l) => l.name).join(' ')).not.toContain('discount'); // the reason is internal
    }), { numRuns: 200 });
  });
});

describe('XML elements', () => {
  it('drop the control characters XML 1.0 cannot carry, keep everything else for the serialiser to escape', () => {
    expect(el('a', 'x\u0000y\u001b<&>"\t\n')).toEqual({ name: 'a', attrs: {}, content: 'xy<&>"\t\n' });
    expect(el('a', [null, el('b', '1')]).content).toEqual([{ name: 'b', attrs: {}, content: '1' }]);
  });
});
