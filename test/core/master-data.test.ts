import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeConfig, decodeCustomers, type YamlInput } from '../../src/core/config.js';
import { formatIssue, type LedgerIssue } from '../../src/core/issues.js';
import { bicProblem, countryProblem, ibanProblem, isEuCountry, normalizeVatId, vatCountry, vatIdProblem, withCountryPrefix } from '../../src/core/master-data.js';
import type { Currency } from '../../src/core/money.js';
import { readYaml } from '../../src/io/yaml.js';

const input = (file: string, value: unknown): YamlInput => ({ file, value, lineOf: () => 1 });

function configProblems(value: Record<string, unknown>): string[] {
  const issues: LedgerIssue[] = [];
  decodeConfig(input('ledger.yaml', { version: '1', currency: 'EUR', ...value }), issues);
  return issues.map(formatIssue);
}

describe('IBAN (ISO 13616)', () => {
  it('accepts real-shaped IBANs of several countries', () => {
    for (const iban of ['DE89370400440532013000', 'GB33BUKB20201555555555', 'FR7630006000011234567890189', 'IT60X0542811101000000123456',
      'NL91ABNA0417164300', 'BE68539007547034', 'NO9386011117947', 'CH9300762011623852957']) expect(ibanProblem(iban)).toBe('');
  });

  it('names a wrong length, an unknown country and wrong check digits', () => {
    expect(ibanProblem('DE8937040044053201300')).toBe('has 21 characters; an IBAN of DE has 22');
    expect(ibanProblem('US89370400440532013000')).toMatch(/not a country that issues IBANs/);
    expect(ibanProblem('DE88370400440532013000')).toMatch(/wrong check digits/);
    expect(ibanProblem('DE89-3704')).toMatch(/is not an IBAN/);
  });

  it('finds every single mistyped digit (mod 97)', () => {
    const good = 'DE89370400440532013000';
    fc.assert(fc.property(fc.integer({ min: 4, max: good.length - 1 }), fc.integer({ min: 1, max: 9 }), (i, d) => {
      const changed = good.slice(0, i) + String((Number(good[i]) + d) % 10) + good.slice(i + 1);
      expect(ibanProblem(changed)).not.toBe('');
    }));
  });
});

describe('BIC, country, VAT id', () => {
  it('checks the ISO 9362 shape and its country', () => {
    expect(bicProblem('COBADEFFXXX')).toBe('');
    expect(bicProblem('HASPDEHH')).toBe('');
    expect(bicProblem('COBADEFFXX')).toBe('is not a BIC');
    expect(bicProblem('COBAQQFF')).toMatch(/QQ, which is not a country code/);
  });

  it('knows ISO 3166 codes and the EU', () => {
    expect(countryProblem('DE')).toBe('');
    expect(countryProblem('UK')).toMatch(/not an assigned/);
    expect(countryProblem('de')).toMatch(/not an ISO 3166/);
    expect(isEuCountry('FR')).toBe(true);
    expect(isEuCountry('GB')).toBe(false);
    expect(isEuCountry('CH')).toBe(false);
  });

  it('checks VAT id shapes per country, with an example of the right one', () => {
    for (const v of ['DE812345673', 'ATU12345678', 'FR40303265045', 'NL004495445B01', 'EL123456789', 'GB123456789', 'CHE-123.456.789 MWST', 'NO123456789MVA', 'IE6388047V', 'US123456789'])
      expect(vatIdProblem(normalizeVatId(v))).toEqual({ problem: '', hint: '' });
    expect(vatIdProblem('DE12345678')).toEqual({ problem: 'does not have the shape of a DE VAT id', hint: 'write it as e.g. DE123456789' });
    expect(vatIdProblem('GR123456789').problem).toMatch(/Greek VAT ids start with EL/);
    // Tax ids of countries without a known shape are taken as written, and get their country's prefix in e-invoices.
    expect(vatIdProblem('T1234567890123').problem).toBe('');
    expect(withCountryPrefix('T1234567890123', 'JP')).toBe('JPT1234567890123');
    expect(withCountryPrefix('DE812345673', 'DE')).toBe('DE812345673');
    expect(normalizeVatId('de 812 345 673')).toBe('DE812345673');
    expect(vatCountry('EL123456789')).toBe('GR');
  });
});

describe('master data in ledger.yaml and customers.yaml', () => {
  it('reads the company, its bank accounts and the e-invoice settings', () => {
    const issues: LedgerIssue[] = [];
    const c = decodeConfig(input('ledger.yaml', {
      version: '1', currency: 'EUR',
      company: { name: 'K', country: 'DE', vat_id: 'DE 812 345 673', registration: 'HRB 1' },
      bank_accounts: [{ iban: 'DE89 3704 0044 0532 0130 00', bic: 'cobadeffxxx', bank: 'Commerzbank', currency: 'EUR' }],
      einvoice: { default_tax: { category: 'S', rate: '19' }, zero_tax: { category: 'E', reason: 'Exempt' } },
    }), issues);
    expect(issues).toEqual([]);
    expect(c.company).toMatchObject({ country: 'DE', vatId: 'DE812345673', registration: 'HRB 1' });
    expect(c.bankAccounts).toEqual([{ iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', bank: 'Commerzbank', currency: 'EUR' }]);
    expect(c.einvoice).toEqual({ defaultTax: { category: 'S', rate: '19', reason: '' }, zeroTax: { category: 'E', rate: '0', reason: 'Exempt' } });
  });

  it('reports each bad value with what would be valid', () => {
    expect(configProblems({
      company: { name: 'K', country: 'Germany', vat_id: 'DE1234' },
      bank_accounts: [{ iban: 'DE88370400440532013000', bic: 'COBA' }],
      einvoice: { default_tax: { category: 'AE' }, zero_tax: { category: 'E' } },
    })).toEqual([
      'ledger.yaml:1: bank_accounts.0.iban "DE88370400440532013000" has wrong check digits (ISO 13616 mod 97): a character is mistyped — write the IBAN as the bank prints it (spaces are ignored), e.g. DE89 3704 0044 0532 0130 00',
      'ledger.yaml:1: bank_accounts.0.bic "COBA" is not a BIC — write 8 or 11 characters: bank code (4 letters), country (2 letters), location (2), optional branch (3), e.g. COBADEFFXXX',
      'ledger.yaml:1: einvoice.default_tax.category "AE" is not S, Z or E — write S (standard rate, with rate), Z (zero rated) or E (exempt, with reason); reverse charge and export are found from the parties',
      'ledger.yaml:1: einvoice.zero_tax is exempt (E) but gives no reason — add reason: the legal basis, e.g. "Exempt under Art. 132 VAT Directive"',
      'ledger.yaml:1: company.country "Germany" is not an ISO 3166 country code — write the two capital letters of ISO 3166, e.g. DE, FR, GB, US',
      'ledger.yaml:1: company.vat_id "DE1234" does not have the shape of a DE VAT id — write it as e.g. DE123456789',
    ]);
    expect(configProblems({ einvoice: { default_tax: { category: 'S', rate: '0' } } })).toEqual([
      'ledger.yaml:1: einvoice.default_tax.rate "0" is not a tax rate above 0 — write percent as a plain decimal, e.g. rate: "19"',
    ]);
    expect(configProblems({ einvoice: { default_tax: { category: 'Z', rate: '7' } } })[0]).toMatch(/rate "7" is not 0; category Z is taxed at 0 %/);
  });

  it('checks customers\' VAT ids and countries at their lines; payer accounts are matched as written', () => {
    const { input: yin, issues } = readYaml('customers.yaml', 'ACME:\n  name: Acme\n  vat_id: FR123\n  country: FR\n  bank_accounts: [DE88370400440532013000, "12345678"]\n');
    const customers = decodeCustomers(yin, 'EUR' as Currency, issues);
    expect(issues.map(formatIssue)).toEqual([
      'customers.yaml:3: vat_id of ACME "FR123" does not have the shape of a FR VAT id — write it as e.g. FR12345678901',
    ]);
    expect(customers.get('ACME')).toMatchObject({ country: 'FR', vatId: '' });
  });
});
