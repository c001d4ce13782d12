// EN 16931 e-invoices (`invoice render --format ubl|cii|einvoice`): every invoice, debit note and credit note of
// the demo ledger and of random ledgers, in both syntaxes, passes the official CEN/TC 434 rules (and, for CII,
// the D16B schema); golden files for one invoice and one credit note in each syntax; and every bad input.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Big from 'big.js';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ciiDocument } from '../../src/core/einvoice/cii.js';
import { einvoiceModel } from '../../src/core/einvoice/model.js';
import { ublDocument } from '../../src/core/einvoice/ubl.js';
import type { Ledger } from '../../src/core/ledger.js';
import { formatMinor, minorDigits } from '../../src/core/money.js';
import { renderXml } from '../../src/cli/render/xml.js';
import { loadLedger } from '../../src/io/load.js';
import { ROOT, SHARED, copyLedger, runCli, snapshotDir, tempDir } from '../helpers/cli.js';
import { ledgerFrom } from '../helpers/ledger.js';

const DEMO = path.join(ROOT, 'ledgers', 'demo');
const GOLDEN = path.join(ROOT, 'test', 'golden', 'einvoice');
const VALIDATOR = path.join(SHARED, 'einvoice', 'validate.mjs');

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    fs.mkdirSync(GOLDEN, { recursive: true });
    fs.writeFileSync(file, actual);
  }
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

function render(ledger: Ledger, id: string, syntax: 'ubl' | 'cii'): string {
  const model = einvoiceModel(ledger, id);
  return renderXml(syntax === 'cii' ? ciiDocument(model) : ublDocument(model));
}

const einvoiceIds = (ledger: Ledger): string[] =>
  ledger.documents.filter((d) => d.kind === 'invoice' || d.kind === 'debit-note' || d.kind === 'credit-note').map((d) => d.id);

// ---- random ledgers -----------------------------------------------------------------------------------------

const SELLERS = [
  { country: 'DE', vat: 'DE812345673', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' },
  { country: 'FR', vat: 'FR40303265045', iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' },
  { country: 'NL', vat: 'NL004495445B01', iban: 'NL91ABNA0417164300', bic: 'ABNANL2A' },
  { country: 'GB', vat: 'GB123456789', iban: 'GB33BUKB20201555555555', bic: 'BUKBGB22' },
];
const DEFAULT_TAX = ['{ category: S, rate: "19" }', '{ category: S, rate: "7.5" }', '{ category: Z }', '{ category: E, reason: "Exempt & <free>" }'];
const BUYER_VAT: Readonly<Record<string, string>> = {
  DE: 'DE143526781', FR: 'FR40303265045', NL: 'NL004495445B01', AT: 'ATU12345678', IT: 'IT00743110157', GB: 'GB123456789', CH: 'CHE-123.456.789 MWST',
};
const TEXTS = ['Probe head CP-3', 'Müller & <Söhne> "special" \'quoted\'', 'サクラ電子 calibration', 'Tab\there; a ]]> end', 'x'];

const customerArb = fc.record({
  country: fc.constantFrom('DE', 'FR', 'NL', 'AT', 'IT', 'GB', 'CH', 'US', 'JP'),
  vat: fc.boolean(),
  currency: fc.constantFrom('EUR', 'EUR', 'USD', 'JPY'),
  buyerReference: fc.constantFrom('', '04011000-12345-67', 'PO & <ref>'),
});
const lineArb = fc.record({
  text: fc.oneof(fc.constantFrom(...TEXTS), fc.string({ minLength: 1, maxLength: 12 })),
  quantity: fc.constantFrom('1', '2', '0.5', '11.5', '3', '100'),
  price: fc.integer({ min: 1, max: 500000 }),
  rate: fc.constantFrom('0', '0', '7', '19', '5.5', '20', '21'),
});
const docArb = fc.record({
  customer: fc.integer({ min: 0, max: 3 }),
  lines: fc.array(lineArb, { minLength: 0, maxLength: 4 }),
  lump: fc.integer({ min: 1, max: 9_000_000 }),
  debit: fc.boolean(),
  credit: fc.option(fc.record({ share: fc.integer({ min: 1, max: 100 }), against: fc.boolean() }), { nil: null }),
});
const ledgerArb = fc.record({
  seller: fc.constantFrom(...SELLERS),
  rf: fc.boolean(),
  defaultTax: fc.constantFrom(...DEFAULT_TAX),
  zeroExempt: fc.boolean(),
  bank: fc.boolean(),
  customers: fc.array(customerArb, { minLength: 4, maxLength: 4 }),
  docs: fc.array(docArb, { minLength: 1, maxLength: 5 }),
});
type LedgerSpec = typeof ledgerArb extends fc.Arbitrary<infer T> ? T : never;

const roundHalfUp = (b: Big): number => Number(b.round(0, Big.roundHalfUp).toFixed(0));

/** The ledger of a spec, built from journal text as a bookkeeper would write it; it passes `check`. */
function randomLedger(spec: LedgerSpec): Ledger {
  const s = spec.seller;
  const config = `version: 1
company: { name: "Seller & Co", email: ar@seller.example, address: "Seller & Co\\n1 Main Street\\n12345 Town", country: ${s.country}, vat_id: ${s.vat}, registration: "Reg <1>" }
${spec.bank ? `bank_accounts:\n  - { iban: ${s.iban}, bic: ${s.bic}, bank: "Bank & Trust", currency: EUR }\n` : ''}payment_reference: ${spec.rf ? 'rf' : 'id'}
einvoice: { default_tax: ${spec.defaultTax}${spec.zeroExempt ? ', zero_tax: { category: E, reason: "Art. 132 VAT Directive" }' : ''} }
currency: EUR
terms: net30
`;
  const customers = spec.customers.map((c, i) => [
    `C${i}:`, `  name: "Customer ${i} & <Sons>"`, '  email: ap@c.example', `  currency: ${c.currency}`, '  terms: "2/10 net30"',
    `  address: "Customer ${i}\\nStreet ${i}\\n9999 City"`, `  country: ${c.country}`,
    ...(c.vat && BUYER_VAT[c.country] ? [`  vat_id: "${BUYER_VAT[c.country]}"`] : []),
    ...(c.buyerReference ? [`  buyer_reference: "${c.buyerReference}"`] : []),
  ].join('\n')).join('\n') + '\n';
  const invoices: string[][] = [];
  const lines: string[][] = [];
  const credits: string[][] = [];
  spec.docs.forEach((d, i) => {
    const c = spec.customers[d.customer]!;
    const ccy = c.currency;
    const digits = minorDigits(ccy);
    const id = `${d.debit ? 'DN' : 'INV'}-${i + 1}`;
    let amount = 0;
    const docLines = d.debit ? [] : d.lines;
    docLines.forEach((l, n) => {
      const price = new Big(l.price).div(10 ** digits);
      const net = roundHalfUp(new Big(l.quantity).times(l.price));
      const tax = roundHalfUp(new Big(net).times(l.rate).div(100));
      amount += net + tax;
      lines.push([id, String(n + 1), l.text, l.quantity, price.toFixed(digits), l.rate, formatMinor(net, ccy), formatMinor(tax, ccy)]);
    });
    if (docLines.length === 0) amount = d.lump;
    invoices.push([id, d.debit ? 'debit-note' : 'invoice', '2026-01-05', '2026-02-04', `C${d.customer}`, ccy, formatMinor(amount, ccy), 'net30', `PO ${i}`, 'internal memo']);
    if (d.credit) {
      const cn = Math.max(1, Math.floor(amount * d.credit.share / 100));
      credits.push([`CN-${i + 1}`, 'credit-note', '2026-01-10', `C${d.customer}`, ccy, formatMinor(cn, ccy), d.credit.against ? id : '', 'internal reason']);
    }
  });
  const csv = (rows: string[][]): string => stringify(rows);
  return ledgerFrom({ 'invoices.csv': csv(invoices), 'invoice-lines.csv': csv(lines), 'credits.csv': csv(credits) }, customers, config);
}

// ---- one validator run over every file ------------------------------------------------------------------------

interface Validation {
  readonly file: string;
  readonly valid: boolean;
  readonly error?: string;
  readonly fatal?: readonly { id: string; text: string; location: string }[];
  readonly schema?: { checked: boolean; valid?: boolean; errors?: string[] };
}

const OUT = tempDir('arledger-einvoice-');
const files = { demo: [] as string[], random: [] as string[], cli: [] as string[] };
let results = new Map<string, Validation>();

beforeAll(async () => {
  const demo = loadLedger(DEMO).ledger;
  for (const id of einvoiceIds(demo)) {
    for (const syntax of ['ubl', 'cii'] as const) {
      const file = path.join(OUT, `demo-${id}.${syntax}.xml`);
      fs.writeFileSync(file, render(demo, id, syntax));
      files.demo.push(file);
    }
  }
  fc.assert(fc.property(ledgerArb, (spec) => {
    const ledger = randomLedger(spec);
    for (const id of einvoiceIds(ledger)) {
      for (const syntax of ['ubl', 'cii'] as const) {
        const file = path.join(OUT, `random-${files.random.length}-${id}.${syntax}.xml`);
        fs.writeFileSync(file, render(ledger, id, syntax));
        files.random.push(file);
      }
    }
  }), { numRuns: 4, seed: Number(process.env['FC_SEED'] ?? 20261130) });
  // What the built CLI writes, byte for byte, is what gets validated too.
  for (const [id, format] of [['INV-2026-00016', 'ubl'], ['DN-2026-0001', 'cii'], ['CN-2026-0009', 'einvoice'], ['INV-2026-00030', 'einvoice']] as const) {
    const r = runCli(['invoice', 'render', id, '--format', format, '-L', DEMO]);
    expect(r.stderr).toBe('');
    const file = path.join(OUT, `cli-${id}.${format}.xml`);
    fs.writeFileSync(file, r.stdout);
    files.cli.push(file);
  }
  const all = [...files.demo, ...files.random, ...files.cli];
  // Two validators, each on every other file: the rules take a fifth of a second a file, on either core.
  const halves = [all.filter((_, i) => i % 2 === 0), all.filter((_, i) => i % 2 === 1)];
  const runs = await Promise.all(halves.map((list) => new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const c = spawn(process.execPath, [VALIDATOR, '--json', ...list], { cwd: ROOT });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    c.stdout.on('data', (d: Buffer) => out.push(d));
    c.stderr.on('data', (d: Buffer) => err.push(d));
    c.on('error', reject);
    c.on('close', (status) => resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  })));
  const parsed: Validation[] = [];
  for (const r of runs) {
    expect(r.status === 0 || r.status === 1, `validate.mjs exited ${r.status}: ${r.stderr}`).toBe(true);
    parsed.push(...(JSON.parse(r.stdout) as Validation[]));
  }
  expect(parsed.length).toBe(all.length);
  results = new Map(parsed.map((v) => [path.resolve(ROOT, v.file), v]));
}, 300_000);

afterAll(() => { if (!process.env['KEEP_EINVOICES']) fs.rmSync(OUT, { recursive: true, force: true }); });

function expectValid(list: readonly string[]): void {
  expect(list.length).toBeGreaterThan(0);
  const failures = list.map((f) => results.get(f)).filter((v) => !v || !v.valid)
    .map((v) => v ? `${path.basename(v.file)}: ${v.error ?? ''}${(v.fatal ?? []).map((x) => ` ${x.id} ${x.text}`).join(';')}${(v.schema?.errors ?? []).join(' ')}` : 'not validated');
  expect(failures).toEqual([]);
}

describe('EN 16931 validation (CEN/TC 434 rules, CII schema)', () => {
  it('passes for every invoice, debit note and credit note of the demo ledger, in UBL and CII', () => {
    expect(files.demo.length).toBe(2 * einvoiceIds(loadLedger(DEMO).ledger).length);
    expectValid(files.demo);
    // The CII schema was checked, not skipped, wherever xmllint is installed (CI installs it).
    const cii = results.get(files.demo.find((f) => f.endsWith('.cii.xml'))!)!;
    if (spawnSync('xmllint', ['--version']).status === 0) expect(cii.schema).toMatchObject({ checked: true, valid: true });
  });

  it('passes for every document of random ledgers: any tax rates, reverse charge, exports, credit notes, hostile text', () => {
    expectValid(files.random);
  });

  it('passes for what the built CLI writes', () => {
    expectValid(files.cli);
  });
});

// ---- the CLI ----------------------------------------------------------------------------------------------------

function ok(args: string[], ledger = DEMO): string {
  const r = runCli([...args, '-L', ledger]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

describe('invoice render --format ubl|cii|einvoice', () => {
  it('writes one invoice and one credit note in each syntax (golden files)', () => {
    golden('INV-2026-00012.ubl.xml', ok(['invoice', 'render', 'INV-2026-00012', '--format', 'ubl']));
    golden('INV-2026-00012.cii.xml', ok(['invoice', 'render', 'INV-2026-00012', '--format', 'cii']));
    golden('CN-2026-0001.ubl.xml', ok(['invoice', 'render', 'CN-2026-0001', '--format', 'ubl']));
    golden('CN-2026-0001.cii.xml', ok(['invoice', 'render', 'CN-2026-0001', '--format', 'cii']));
  });

  it('is deterministic and independent of the date it is run on', () => {
    const a = ok(['invoice', 'render', 'INV-2026-00001', '--format', 'cii']);
    const r = runCli(['invoice', 'render', 'INV-2026-00001', '--format', 'cii', '-L', DEMO], { env: { ARLEDGER_TODAY: '2027-06-01' } });
    expect(r.stdout).toBe(a);
  });

  it('einvoice writes the syntax the customer asks for (customers.yaml einvoice), else UBL', () => {
    expect(ok(['invoice', 'render', 'INV-2026-00004', '--format', 'einvoice'])).toContain('<rsm:CrossIndustryInvoice'); // DUPONT: cii
    expect(ok(['invoice', 'render', 'INV-2026-00001', '--format', 'einvoice'])).toContain('<Invoice xmlns='); // VANDAM: ubl
    expect(ok(['invoice', 'render', 'INV-2026-00012', '--format', 'einvoice'])).toBe(ok(['invoice', 'render', 'INV-2026-00012', '--format', 'ubl']));
  });

  it('puts the parties\' master data, the tax category and the payment details where EN 16931 wants them', () => {
    const rc = ok(['invoice', 'render', 'INV-2026-00004', '--format', 'ubl']); // DUPONT, FR: reverse charge
    expect(rc).toContain('<cbc:ID>AE</cbc:ID>');
    expect(rc).toContain('<cbc:TaxExemptionReasonCode>VATEX-EU-AE</cbc:TaxExemptionReasonCode>');
    expect(rc).toContain('<cbc:CompanyID>FR40303265045</cbc:CompanyID>');
    expect(rc).toContain('<cbc:PaymentID>RF');
    const ex = ok(['invoice', 'render', 'INV-2026-00006', '--format', 'cii']); // CASCADE, US, USD: export
    expect(ex).toContain('<ram:CategoryCode>G</ram:CategoryCode>');
    expect(ex).toContain('<ram:TypeCode>30</ram:TypeCode>'); // not SEPA: a USD transfer to the USD account
    expect(ex).toContain('<ram:IBANID>DE12200400000123456700</ram:IBANID>');
    const de = ok(['invoice', 'render', 'INV-2026-00003', '--format', 'cii']);
    expect(de).toContain('<ram:BuyerReference>INV-2026-00003</ram:BuyerReference>'); // no buyer_reference: the document id
    expect(de).toContain('<ram:ID schemeID="VA">DE812345673</ram:ID>');
    expect(de).not.toContain('internal');
    const lg = ok(['invoice', 'render', 'INV-2026-00007', '--format', 'cii']);
    expect(lg).toContain('<ram:BuyerReference>04011000-12345-67</ram:BuyerReference>');
  });

  it('renders an invoice without lines with the default tax of ledger.yaml (gross amount split into net and tax)', () => {
    const x = ok(['invoice', 'render', 'INV-2026-00016', '--format', 'ubl']); // 1368.50 incl. 19 %
    expect(x).toContain('<cbc:TaxableAmount currencyID="EUR">1150.00</cbc:TaxableAmount>');
    expect(x).toContain('<cbc:TaxAmount currencyID="EUR">218.50</cbc:TaxAmount>');
  });
});

describe('invoice render --format ubl|cii: bad input', () => {
  function refused(args: string[], ledger: string, code: number): string {
    const before = snapshotDir(ledger);
    const r = runCli([...args, '-L', ledger]);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(code);
    expect(snapshotDir(ledger)).toEqual(before);
    return r.stderr;
  }

  it('refuses an unknown id, a payment and a write-off (exit 3)', () => {
    expect(refused(['invoice', 'render', 'INV-2099-00001', '--format', 'ubl'], DEMO, 3))
      .toBe('arledger: document "INV-2099-00001" does not exist — see `arledger invoice list`\n');
    expect(refused(['invoice', 'render', 'PAY-000001', '--format', 'cii'], DEMO, 3))
      .toBe('arledger: PAY-000001 is a payment, not an invoice, debit note or credit note — only those are e-invoices\n');
    expect(refused(['invoice', 'render', 'WO-2026-0001', '--format', 'einvoice'], DEMO, 3)).toContain('WO-2026-0001 is a write-off');
  });

  it('refuses an unknown format (exit 2)', () => {
    expect(refused(['invoice', 'render', 'INV-2026-00012', '--format', 'xrechnung'], DEMO, 2)).toContain('xrechnung');
  });

  it('refuses an invoice without lines when no default tax is configured, naming the key to set', () => {
    const dir = copyLedger(DEMO);
    const yaml = fs.readFileSync(path.join(dir, 'ledger.yaml'), 'utf8');
    fs.writeFileSync(path.join(dir, 'ledger.yaml'), yaml.replace(/^einvoice:.*\n(?: .*\n)*/m, ''));
    expect(refused(['invoice', 'render', 'INV-2026-00016', '--format', 'ubl'], dir, 3)).toBe(
      'arledger: INV-2026-00016 has no lines in invoice-lines.csv, so its tax is unknown — set the tax of such documents in ledger.yaml, '
      + 'e.g. einvoice: { default_tax: { category: S, rate: "19" } } (Z for zero rated, E with a reason for exempt)\n');
    // With lines, or reverse-charged to an EU business, the default is not needed.
    ok(['invoice', 'render', 'INV-2026-00012', '--format', 'ubl'], dir);
    ok(['invoice', 'render', 'INV-2026-00009', '--format', 'cii'], dir);
  });

  it('takes a missing country from the VAT id or the address, and refuses when neither names one', () => {
    const dir = copyLedger(DEMO);
    const customers = fs.readFileSync(path.join(dir, 'customers.yaml'), 'utf8');
    const noCountry = customers.replace(/(MUELLER:\n(?: .*\n)*?)  country: DE\n/, '$1');
    fs.writeFileSync(path.join(dir, 'customers.yaml'), noCountry);
    expect(ok(['invoice', 'render', 'INV-2026-00012', '--format', 'ubl'], dir)).toBe(ok(['invoice', 'render', 'INV-2026-00012', '--format', 'ubl']));
    fs.writeFileSync(path.join(dir, 'customers.yaml'), noCountry.replace(/(MUELLER:\n(?: .*\n)*?)  vat_id: .*\n/, '$1').replace('70173 Stuttgart\\nGermany', '70173 Stuttgart'));
    expect(refused(['invoice', 'render', 'INV-2026-00012', '--format', 'cii'], dir, 3)).toBe(
      'arledger: customer MUELLER has no country, and neither its VAT id nor its address names one — an e-invoice names the buyer\'s country (EN 16931 BR-11) and it decides reverse charge and export; add country: (e.g. FR) to MUELLER in customers.yaml\n');
    const yaml = fs.readFileSync(path.join(dir, 'ledger.yaml'), 'utf8');
    fs.writeFileSync(path.join(dir, 'ledger.yaml'), yaml.replace(/^  vat_id: .*\n/m, ''));
    expect(refused(['invoice', 'render', 'INV-2026-00001', '--format', 'ubl'], dir, 3)).toContain('ledger.yaml has no company.vat_id');
    fs.writeFileSync(path.join(dir, 'ledger.yaml'), yaml.replace(/^  country: DE\n/m, '').replace(/^  vat_id: .*\n/m, '').replace('22767 Hamburg\\nGermany', '22767 Hamburg'));
    expect(refused(['invoice', 'render', 'INV-2026-00001', '--format', 'ubl'], dir, 3)).toContain('ledger.yaml has no company.country');
  });

  it('refuses an invalid master data value in ledger.yaml as an invalid ledger (exit 3), with its line', () => {
    const dir = copyLedger(DEMO);
    const yaml = fs.readFileSync(path.join(dir, 'ledger.yaml'), 'utf8');
    fs.writeFileSync(path.join(dir, 'ledger.yaml'), yaml.replace('DE34200505501234567890', 'DE34200505501234567891'));
    const err = refused(['invoice', 'render', 'INV-2026-00001', '--format', 'ubl'], dir, 3);
    expect(err).toMatch(/ledger\.yaml:\d+: bank_accounts\.0\.iban "DE34200505501234567891" has wrong check digits/);
    const c = runCli(['check', '-L', dir]);
    expect(c.code).toBe(1);
    expect(c.stdout + c.stderr).toMatch(/wrong check digits \(ISO 13616 mod 97\)/);
  });
});

describe('master data from the command line', () => {
  it('customer add writes VAT id, country, buyer reference and e-invoice syntax, and the customer can be invoiced electronically', () => {
    const dir = copyLedger(DEMO);
    const add = runCli(['customer', 'add', 'BRUXELLES', '--name', 'Bruxelles Instruments SA', '--address', 'Rue Neuve 1\n1000 Bruxelles',
      '--vat-id', 'be 0123 456 789', '--country', 'BE', '--buyer-reference', 'BXL-7', '--einvoice', 'cii', '-L', dir]);
    expect(add.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'customers.yaml'), 'utf8')).toMatch(/BRUXELLES:\n(?: .*\n)*  vat_id: BE0123456789\n  country: BE\n  buyer_reference: BXL-7\n  einvoice: cii\n$/);
    const inv = runCli(['invoice', 'add', '--customer', 'BRUXELLES', '--line', 'Probe head CP-3;1;3950.00;0', '-L', dir]);
    expect(inv.code).toBe(0);
    const xml = ok(['invoice', 'render', inv.stdout.trim(), '--format', 'einvoice'], dir);
    expect(xml).toContain('<ram:CategoryCode>AE</ram:CategoryCode>');
    expect(xml).toContain('<ram:BuyerReference>BXL-7</ram:BuyerReference>');
    expect(xml).toContain('<ram:ID schemeID="VA">BE0123456789</ram:ID>');
  });

  it('customer add refuses a malformed VAT id, country or syntax (exit 2), writing nothing', () => {
    const dir = copyLedger(DEMO);
    const before = snapshotDir(dir);
    for (const [opt, value, message] of [
      ['--vat-id', 'DE12345', 'arledger: --vat-id "DE12345" does not have the shape of a DE VAT id — write it as e.g. DE123456789\n'],
      ['--country', 'Belgium', 'arledger: --country "Belgium" is not an ISO 3166 country code — write the two capital letters of ISO 3166, e.g. DE, FR, GB, US\n'],
      ['--einvoice', 'pdf', 'arledger: --einvoice "pdf" is not ubl or cii — write ubl (UBL 2.1) or cii (UN/CEFACT CII)\n'],
    ] as const) {
      const r = runCli(['customer', 'add', 'X1', '--name', 'X', opt, value, '-L', dir]);
      expect(r.stderr).toBe(message);
      expect(r.code).toBe(2);
    }
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('check names a bad VAT id, country and BIC with their lines and what would be valid', () => {
    const dir = copyLedger(DEMO);
    const yaml = fs.readFileSync(path.join(dir, 'ledger.yaml'), 'utf8');
    fs.writeFileSync(path.join(dir, 'ledger.yaml'), yaml.replace('HASPDEHHXXX', 'HASPDE').replace('country: DE', 'country: GER'));
    const customers = fs.readFileSync(path.join(dir, 'customers.yaml'), 'utf8');
    fs.writeFileSync(path.join(dir, 'customers.yaml'), customers.replace('NL004495445B01', 'NL004495445'));
    const r = runCli(['check', '-L', dir]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    expect(lines).toEqual([
      expect.stringMatching(/^customers\.yaml:\d+: vat_id of VANDAM "NL004495445" does not have the shape of a NL VAT id — write it as e\.g\. NL123456789B01$/),
      expect.stringMatching(/^ledger\.yaml:\d+: company\.country "GER" is not an ISO 3166 country code — write the two capital letters of ISO 3166/),
      expect.stringMatching(/^ledger\.yaml:\d+: bank_accounts\.0\.bic "HASPDE" is not a BIC — write 8 or 11 characters/),
    ]);
  });
});
