// Shapes of the identifiers in the company's and the customers' master data (SPEC §1.3, §1.4): ISO 3166
// country codes, IBANs (ISO 13616), BICs (ISO 9362) and VAT ids. Each check returns '' when the value is fine,
// else what is wrong with it, so that `check` can say it next to the offending line.

/** ISO 3166-1 alpha-2: the officially assigned codes. */
const COUNTRIES = new Set((
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO ' +
  'FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE ' +
  'JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO ' +
  'MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW ' +
  'PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM ' +
  'TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW').split(' '));

/** The member states of the European Union (for reverse charge on intra-EU supplies). */
const EU = new Set('AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK'.split(' '));

export function isCountry(code: string): boolean {
  return COUNTRIES.has(code);
}

export function isEuCountry(code: string): boolean {
  return EU.has(code);
}

export const COUNTRY_HINT = 'write the two capital letters of ISO 3166, e.g. DE, FR, GB, US';

export function countryProblem(code: string): string {
  if (!/^[A-Z]{2}$/.test(code)) return 'is not an ISO 3166 country code';
  // XK (Kosovo) is user-assigned, but banks and tax authorities use it.
  return COUNTRIES.has(code) || code === 'XK' ? '' : 'is not an assigned ISO 3166 country code';
}

/** IBAN length by country (SWIFT IBAN registry). */
const IBAN_LENGTH: Readonly<Record<string, number>> = Object.fromEntries((
  'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 EE20 EG29 ' +
  'ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 ' +
  'LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 ' +
  'QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30')
  .split(' ').map((e) => [e.slice(0, 2), Number(e.slice(2))]));

// ISO 7064 MOD 97-10 with letters as numbers (A=10 … Z=35), digit by digit to stay within exact integers.
function mod97(alnum: string): number {
  let r = 0;
  for (const ch of alnum) {
    const v = ch >= 'A' ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    r = v >= 10 ? (r * 100 + v) % 97 : (r * 10 + v) % 97;
  }
  return r;
}

export const IBAN_HINT = 'write the IBAN as the bank prints it (spaces are ignored), e.g. DE89 3704 0044 0532 0130 00';

/** What is wrong with an IBAN (already without spaces, upper case): its shape, its country's length, its check digits. */
export function ibanProblem(iban: string): string {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/.test(iban)) return 'is not an IBAN (two letters, two check digits, then the account)';
  const country = iban.slice(0, 2);
  const length = IBAN_LENGTH[country];
  if (length === undefined) return `starts with ${country}, which is not a country that issues IBANs`;
  if (iban.length !== length) return `has ${iban.length} characters; an IBAN of ${country} has ${length}`;
  if (mod97(iban.slice(4) + iban.slice(0, 4)) !== 1) return 'has wrong check digits (ISO 13616 mod 97): a character is mistyped';
  return '';
}

export const BIC_HINT = 'write 8 or 11 characters: bank code (4 letters), country (2 letters), location (2), optional branch (3), e.g. COBADEFFXXX';

/** What is wrong with a BIC (ISO 9362): 4 letters, a country code, 2 letters or digits, optionally 3 more. */
export function bicProblem(bic: string): string {
  if (!/^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/.test(bic)) return 'is not a BIC';
  const country = bic.slice(4, 6);
  if (!COUNTRIES.has(country) && country !== 'XK') return `names ${country}, which is not a country code`;
  return '';
}

/**
 * VAT id shapes of the EU member states (as VIES checks them), Northern Ireland (XI), the United Kingdom,
 * Switzerland and Norway. Greece's VAT ids start with EL.
 */
const VAT_SHAPES: Readonly<Record<string, { re: RegExp; example: string }>> = {
  AT: { re: /^ATU\d{8}$/, example: 'ATU12345678' },
  BE: { re: /^BE[01]\d{9}$/, example: 'BE0123456789' },
  BG: { re: /^BG\d{9,10}$/, example: 'BG123456789' },
  CY: { re: /^CY\d{8}[A-Z]$/, example: 'CY12345678X' },
  CZ: { re: /^CZ\d{8,10}$/, example: 'CZ12345678' },
  DE: { re: /^DE\d{9}$/, example: 'DE123456789' },
  DK: { re: /^DK\d{8}$/, example: 'DK12345678' },
  EE: { re: /^EE\d{9}$/, example: 'EE123456789' },
  EL: { re: /^EL\d{9}$/, example: 'EL123456789' },
  ES: { re: /^ES[A-Z0-9]\d{7}[A-Z0-9]$/, example: 'ESX1234567X' },
  FI: { re: /^FI\d{8}$/, example: 'FI12345678' },
  FR: { re: /^FR[A-HJ-NP-Z0-9]{2}\d{9}$/, example: 'FR12345678901' },
  HR: { re: /^HR\d{11}$/, example: 'HR12345678901' },
  HU: { re: /^HU\d{8}$/, example: 'HU12345678' },
  IE: { re: /^IE(?:\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/, example: 'IE1234567T' },
  IT: { re: /^IT\d{11}$/, example: 'IT12345678901' },
  LT: { re: /^LT(?:\d{9}|\d{12})$/, example: 'LT123456789' },
  LU: { re: /^LU\d{8}$/, example: 'LU12345678' },
  LV: { re: /^LV\d{11}$/, example: 'LV12345678901' },
  MT: { re: /^MT\d{8}$/, example: 'MT12345678' },
  NL: { re: /^NL\d{9}B\d{2}$/, example: 'NL123456789B01' },
  PL: { re: /^PL\d{10}$/, example: 'PL1234567890' },
  PT: { re: /^PT\d{9}$/, example: 'PT123456789' },
  RO: { re: /^RO[1-9]\d{1,9}$/, example: 'RO1234567890' },
  SE: { re: /^SE\d{10}01$/, example: 'SE123456789001' },
  SI: { re: /^SI\d{8}$/, example: 'SI12345678' },
  SK: { re: /^SK\d{10}$/, example: 'SK1234567890' },
  XI: { re: /^XI(?:\d{9}|\d{12}|GD[0-4]\d{2}|HA[5-9]\d{2})$/, example: 'XI123456789' },
  GB: { re: /^GB(?:\d{9}|\d{12}|GD[0-4]\d{2}|HA[5-9]\d{2})$/, example: 'GB123456789' },
  CH: { re: /^CHE-?\d{3}\.?\d{3}\.?\d{3}(?: ?(?:MWST|TVA|IVA))?$/, example: 'CHE-123.456.789 MWST' },
  NO: { re: /^NO\d{9}(?:MVA)?$/, example: 'NO123456789MVA' },
};

/** A VAT id as written on documents: upper case, without the spaces people group it with (Swiss ids keep theirs). */
export function normalizeVatId(text: string): string {
  const t = text.trim().toUpperCase();
  return t.startsWith('CHE') ? t.replace(/\s+/g, ' ') : t.replace(/\s+/g, '');
}

/** The country a VAT id was issued by, from its prefix (EL is Greece, XI Northern Ireland in the UK). */
export function vatCountry(vatId: string): string {
  const p = vatId.slice(0, 2);
  return p === 'EL' ? 'GR' : p === 'XI' ? 'GB' : p;
}

/** The VAT id as EN 16931 wants it (BR-CO-9): starting with the code of the country that issued it. */
export function withCountryPrefix(vatId: string, country: string): string {
  if (vatId === '' || VAT_SHAPES[vatId.slice(0, 2)] || (/^[A-Z]{2}/.test(vatId) && COUNTRIES.has(vatId.slice(0, 2)))) return vatId;
  return `${country}${vatId}`;
}

/** What is wrong with a VAT id (normalised) and an example of the right shape; both '' when it is fine. */
export function vatIdProblem(vatId: string): { problem: string; hint: string } {
  const prefix = vatId.slice(0, 2);
  const shape = VAT_SHAPES[prefix];
  if (shape) {
    return shape.re.test(vatId) ? { problem: '', hint: '' }
      : { problem: `does not have the shape of a ${prefix} VAT id`, hint: `write it as e.g. ${shape.example}` };
  }
  if (prefix === 'GR') return { problem: 'starts with GR; Greek VAT ids start with EL', hint: 'write it as e.g. EL123456789' };
  // Tax ids of other countries (a Japanese T-number, a US EIN) have no shape arledger knows; e-invoices give them
  // their country's prefix (withCountryPrefix).
  return { problem: '', hint: '' };
}
