// The content of an EN 16931 e-invoice, drawn from the ledger rows arledger already keeps: the invoice, debit note
// or credit note, its lines (invoice-lines.csv), the parties' master data (SPEC §1.3, §1.4) and the tax category
// of each line. ubl.ts and cii.ts write the same model in their two syntaxes, so that they never disagree.
import Big from 'big.js';
import { creditorReference } from '../creditor-reference.js';
import { earlyDiscount, discountText } from '../discount.js';
import { RefusedError } from '../issues.js';
import type { Ledger } from '../ledger.js';
import { countryProblem, isEuCountry, vatCountry, withCountryPrefix } from '../master-data.js';
import { allocate, formatMinor, minorDigits, roundToMinor, toBig, type Minor } from '../money.js';
import { isInvoiceLike, type BankAccount, type Credit, type Customer, type Invoice, type LedgerConfig, type TaxCategory } from '../types.js';

export type EinvoiceKind = 'invoice' | 'debit-note' | 'credit-note';

export interface EPostalAddress {
  /** Street lines, at most three. */
  readonly lines: readonly string[];
  readonly city: string;
  readonly postcode: string;
  readonly country: string;
}

export interface EParty {
  readonly name: string;
  readonly address: EPostalAddress;
  readonly vatId: string;
  /** Seller: legal registration (BT-30); buyer: ''. */
  readonly registration: string;
  readonly email: string;
}

export interface ELine {
  readonly id: string;
  readonly name: string;
  /** Decimal text. */
  readonly quantity: string;
  readonly unitPrice: string;
  readonly net: string;
  readonly category: TaxCategory;
  /** Percent, decimal text ('0' for every category but S). */
  readonly rate: string;
}

export interface ETaxGroup {
  readonly category: TaxCategory;
  readonly rate: string;
  readonly taxable: string;
  readonly tax: string;
  /** VATEX code (AE, G) and text (AE, G, E); '' where the category takes none. */
  readonly exemptionCode: string;
  readonly exemptionReason: string;
}

export interface EinvoiceModel {
  readonly kind: EinvoiceKind;
  /** UNTDID 1001: 380 invoice, 383 debit note, 381 credit note. */
  readonly typeCode: '380' | '383' | '381';
  readonly id: string;
  readonly issueDate: string;
  /** Invoices and debit notes: when payment is due. */
  readonly dueDate: string;
  readonly currency: string;
  /** BT-10. */
  readonly buyerReference: string;
  /** BT-13: the buyer's purchase order, from the invoice's `reference`. */
  readonly orderReference: string;
  /** Credit notes: the invoice they were issued against (BT-25, BT-26). */
  readonly preceding: { readonly id: string; readonly date: string } | null;
  readonly seller: EParty;
  readonly buyer: EParty;
  readonly lines: readonly ELine[];
  readonly taxes: readonly ETaxGroup[];
  readonly lineTotal: string;
  readonly taxTotal: string;
  readonly grandTotal: string;
  readonly payable: string;
  readonly paymentTerms: string;
  /** Where to pay (invoices and debit notes with a bank account in their currency); null otherwise. */
  readonly payment: { readonly meansCode: '58' | '30'; readonly iban: string; readonly bic: string; readonly bank: string; readonly reference: string } | null;
}

const EXEMPTION: Readonly<Record<'AE' | 'G', { code: string; text: string }>> = {
  AE: { code: 'VATEX-EU-AE', text: 'Reverse charge' },
  G: { code: 'VATEX-EU-G', text: 'Export outside the EU' },
};

/** The e-invoice of the invoice, debit note or credit note `id`; refused (with what to fix) when one cannot be made. */
export function einvoiceModel(ledger: Ledger, id: string): EinvoiceModel {
  const doc = ledger.byId.get(id);
  if (!doc) throw new RefusedError(`document ${JSON.stringify(id)} does not exist — see \`arledger invoice list\``);
  if (doc.kind !== 'invoice' && doc.kind !== 'debit-note' && doc.kind !== 'credit-note') {
    throw new RefusedError(`${id} is a ${doc.kind}, not an invoice, debit note or credit note — only those are e-invoices`);
  }
  const config = ledger.config;
  const customer = ledger.customers.get(doc.customer)!;
  const seller = sellerParty(config);
  const buyer = buyerParty(customer);
  const zero = zeroCategory(config, seller, buyer);
  const inv = isInvoiceLike(doc) ? doc : null;
  const lines = inv ? invoiceLines(ledger, inv, zero) : creditLines(ledger, doc as Credit, zero);
  const ccy = doc.currency;
  const m = (x: number): string => amountText(x, ccy, id);
  const taxes = taxGroups(lines);
  const lineTotal = sum(lines.map((l) => l.net));
  const taxTotal = sum(taxes.map((g) => g.tax));
  if (lineTotal + taxTotal !== doc.amount) {
    throw new RefusedError(`${id}: its lines add up to ${m(lineTotal + taxTotal)}, not its amount ${m(doc.amount)} — run \`arledger check\``);
  }
  const preceding = doc.kind === 'credit-note' && doc.invoice !== '' ? ledger.byId.get(doc.invoice) : undefined;
  return {
    kind: doc.kind,
    typeCode: doc.kind === 'invoice' ? '380' : doc.kind === 'debit-note' ? '383' : '381',
    id,
    issueDate: doc.date,
    dueDate: inv ? inv.due : '',
    currency: ccy,
    buyerReference: customer.buyerReference || id,
    orderReference: inv ? inv.reference : '',
    preceding: preceding ? { id: preceding.id, date: preceding.date } : null,
    seller, buyer,
    lines: lines.map((l, i) => ({
      id: String(i + 1), name: l.name, quantity: l.quantity, unitPrice: l.unitPrice, net: m(l.net), category: l.category, rate: l.rate,
    })),
    taxes: taxes.map((g) => ({
      category: g.category, rate: g.rate, taxable: m(g.taxable), tax: m(g.tax), exemptionCode: g.exemptionCode, exemptionReason: g.exemptionReason,
    })),
    lineTotal: m(lineTotal),
    taxTotal: m(taxTotal),
    grandTotal: m(doc.amount),
    payable: m(doc.amount),
    paymentTerms: inv ? termsText(inv) : preceding ? `Credited against invoice ${preceding.id}` : 'Credited to your account',
    payment: inv ? paymentOf(config, inv) : null,
  };
}

/** The syntax `--format einvoice` writes for a document's customer: its `einvoice` setting, else UBL. */
export function einvoiceSyntaxFor(ledger: Ledger, id: string): 'ubl' | 'cii' {
  const doc = ledger.byId.get(id);
  const customer = doc ? ledger.customers.get(doc.customer) : undefined;
  return customer?.einvoice ?? 'ubl';
}

// ---- parties ------------------------------------------------------------------------------------------------

function sellerParty(config: LedgerConfig): EParty {
  const c = config.company;
  const country = c.country || countryOf(c.vatId ?? '', c.address);
  if (country === '') {
    throw new RefusedError('ledger.yaml has no company.country — an e-invoice names the seller\'s country (EN 16931 BR-9); add e.g. company: { country: DE }');
  }
  if (!c.vatId) {
    throw new RefusedError('ledger.yaml has no company.vat_id — an e-invoice names the seller\'s VAT id (EN 16931 BR-CO-26, BR-S-02); add e.g. company: { vat_id: DE123456789 }');
  }
  return { name: c.name, address: postalAddress(c.name, c.address, country), vatId: withCountryPrefix(c.vatId, country), registration: c.registration ?? '', email: c.email };
}

function buyerParty(customer: Customer): EParty {
  const country = customer.country || countryOf(customer.vatId ?? '', customer.address);
  if (country === '') {
    throw new RefusedError(`customer ${customer.id} has no country, and neither its VAT id nor its address names one — an e-invoice names the buyer's country (EN 16931 BR-11) and it decides reverse charge and export; add country: (e.g. FR) to ${customer.id} in customers.yaml`);
  }
  return {
    name: customer.name, address: postalAddress(customer.name, customer.address, country), vatId: withCountryPrefix(customer.vatId ?? '', country),
    registration: '', email: customer.email,
  };
}

/** Country names as addresses end with them, in English and in the country's own language. */
const COUNTRY_NAMES: Readonly<Record<string, string>> = Object.fromEntries(Object.entries({
  AT: 'austria|österreich', BE: 'belgium|belgique|belgië', BG: 'bulgaria', CY: 'cyprus', CZ: 'czechia|czech republic|česko',
  DE: 'germany|deutschland', DK: 'denmark|danmark', EE: 'estonia|eesti', ES: 'spain|españa', FI: 'finland|suomi',
  FR: 'france', GR: 'greece|hellas', HR: 'croatia|hrvatska', HU: 'hungary|magyarország', IE: 'ireland|éire', IT: 'italy|italia',
  LT: 'lithuania|lietuva', LU: 'luxembourg', LV: 'latvia|latvija', MT: 'malta', NL: 'netherlands|the netherlands|nederland',
  PL: 'poland|polska', PT: 'portugal', RO: 'romania|românia', SE: 'sweden|sverige', SI: 'slovenia|slovenija',
  SK: 'slovakia|slovensko', GB: 'united kingdom|uk|great britain|england|scotland|wales|northern ireland', CH: 'switzerland|schweiz|suisse|svizzera',
  NO: 'norway|norge', US: 'usa|u.s.a.|united states|united states of america', CA: 'canada', JP: 'japan|日本', CN: 'china',
  AU: 'australia', IN: 'india', BR: 'brazil|brasil', MX: 'mexico|méxico', TR: 'turkey|türkiye',
}).flatMap(([code, names]) => names.split('|').map((n) => [n, code])));

const countryNamed = (line: string | undefined): string => COUNTRY_NAMES[(line ?? '').trim().toLowerCase()] ?? '';

/** The country of a party without a `country`: its VAT id's prefix, else the country its address ends with. */
function countryOf(vatId: string, address: string): string {
  const fromVat = vatId === '' ? '' : vatCountry(vatId);
  if (/^[A-Z]{2}$/.test(fromVat) && countryProblem(fromVat) === '') return fromVat;
  return countryNamed(address.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '').pop());
}

// A last line naming the country is left to the country code; a line that starts with a postcode gives the city.
const POSTCODE_CITY_RE = /^((?:[A-Z]{1,2}-)?\d{4} ?[A-Z]{2}|(?:[A-Z]{1,2}-)?\d[\d-]{2,9})\s+(\S.*)$/;

function postalAddress(name: string, address: string, country: string): EPostalAddress {
  let lines = address.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  if (lines[0] === name) lines = lines.slice(1);
  if (lines.length > 1 && countryNamed(lines[lines.length - 1]) !== '') lines = lines.slice(0, -1);
  let city = '';
  let postcode = '';
  const last = lines[lines.length - 1];
  if (last !== undefined) {
    const pm = POSTCODE_CITY_RE.exec(last);
    if (pm) {
      postcode = pm[1]!;
      city = pm[2]!;
    } else {
      city = last;
    }
    lines = lines.slice(0, -1);
  }
  if (lines.length > 3) lines = [lines[0]!, lines[1]!, lines.slice(2).join(', ')];
  return { lines, city, postcode, country };
}

// ---- tax ------------------------------------------------------------------------------------------------------

interface TaxedLine {
  readonly name: string;
  readonly quantity: string;
  readonly unitPrice: string;
  readonly net: number;
  readonly tax: number;
  readonly category: TaxCategory;
  readonly rate: string;
  /** Why an exempt (E) line is exempt; '' for every other category. */
  readonly reason: string;
}

/**
 * What a line taxed at 0 % is: reverse charge (AE) when seller and buyer both have VAT ids in two different EU
 * countries; an export (G) when the buyer is outside the EU; else the ledger's zero_tax (Z, or E with a reason).
 */
function zeroCategory(config: LedgerConfig, seller: EParty, buyer: EParty): ZeroTax {
  const sellerEu = isEuCountry(seller.address.country);
  const buyerEu = isEuCountry(buyer.address.country);
  if (sellerEu && buyerEu && seller.vatId !== '' && buyer.vatId !== '' && vatCountry(seller.vatId) !== vatCountry(buyer.vatId)
    && seller.address.country !== buyer.address.country) {
    return { category: 'AE', rate: '0', reason: EXEMPTION.AE.text };
  }
  if (sellerEu && !buyerEu) return { category: 'G', rate: '0', reason: EXEMPTION.G.text };
  return config.einvoice?.zeroTax ?? { category: 'Z', rate: '0', reason: '' };
}

/** How a line taxed at 0 % (or a document without lines) is categorised for one seller and buyer. */
interface ZeroTax {
  readonly category: TaxCategory;
  readonly rate: string;
  readonly reason: string;
}

const isZeroRate = (rate: string): boolean => new Big(rate === '' ? '0' : rate).eq(0);
const rateText = (rate: string): string => new Big(rate === '' ? '0' : rate).toFixed();

function invoiceLines(ledger: Ledger, inv: Invoice, zero: ZeroTax): TaxedLine[] {
  const stored = ledger.invoiceLines.get(inv.id);
  if (stored && stored.length > 0) {
    return [...stored].sort((a, b) => a.line - b.line).map((l) => ({
      name: l.description !== '' ? l.description : `Line ${l.line}`,
      quantity: l.quantity, unitPrice: l.unitPrice, net: l.net, tax: l.tax,
      category: isZeroRate(l.taxRate) ? zero.category : 'S',
      rate: isZeroRate(l.taxRate) ? '0' : rateText(l.taxRate),
      reason: isZeroRate(l.taxRate) && zero.category === 'E' ? zero.reason : '',
    }));
  }
  const title = inv.kind === 'debit-note' ? 'Debit note' : 'Invoice';
  return [lumpLine(ledger.config, inv.id, inv.amount, inv.currency, zero, `${title} ${inv.id}`)];
}

/**
 * One line for a document without lines: its amount is gross, taxed as the parties decide (reverse charge,
 * export) or else as ledger.yaml's einvoice.default_tax says; refused when that is not set.
 */
function lumpLine(config: LedgerConfig, id: string, amount: number, currency: string, zero: ZeroTax, name: string): TaxedLine {
  let tax: ZeroTax;
  if (zero.category === 'AE' || zero.category === 'G') {
    tax = zero;
  } else {
    const d = config.einvoice?.defaultTax;
    if (!d) {
      throw new RefusedError(`${id} has no lines in invoice-lines.csv, so its tax is unknown — set the tax of such documents in ledger.yaml, e.g. einvoice: { default_tax: { category: S, rate: "19" } } (Z for zero rated, E with a reason for exempt)`);
    }
    tax = d;
  }
  const net = tax.category === 'S'
    ? roundToMinor(toBig(amount as Minor, currency).times(100).div(new Big(tax.rate).plus(100)), currency)
    : amount;
  const price = formatMinor(net, currency);
  return {
    name, quantity: '1', unitPrice: price, net, tax: amount - net, category: tax.category,
    rate: tax.category === 'S' ? rateText(tax.rate) : '0', reason: tax.category === 'E' ? tax.reason : '',
  };
}

/**
 * A credit note carries no lines of its own: against an invoice, its amount is split over the invoice's tax
 * groups in proportion to their gross (largest remainder, so the parts add up to it exactly) and each part is
 * taken back at its group's rate; without one, it is taxed as a document without lines.
 */
function creditLines(ledger: Ledger, cn: Credit, zero: ZeroTax): TaxedLine[] {
  const inv = cn.invoice !== '' ? ledger.byId.get(cn.invoice) : undefined;
  if (!inv || (inv.kind !== 'invoice' && inv.kind !== 'debit-note')) {
    return [lumpLine(ledger.config, cn.id, cn.amount, cn.currency, zero, `Credit note ${cn.id}`)];
  }
  const groups = new Map<string, { category: TaxCategory; rate: string; reason: string; gross: number }>();
  for (const l of invoiceLines(ledger, inv, zero)) {
    const key = `${l.category} ${l.rate} ${l.reason}`;
    const g = groups.get(key) ?? { category: l.category, rate: l.rate, reason: l.reason, gross: 0 };
    g.gross += l.net + l.tax;
    groups.set(key, g);
  }
  const list = [...groups.values()].filter((g) => g.gross > 0);
  if (list.length === 0) return [lumpLine(ledger.config, cn.id, cn.amount, cn.currency, zero, `Credit note ${cn.id}`)];
  const parts = allocate(cn.amount, list.map((g) => g.gross));
  return list.map((g, i) => {
    const gross = parts[i]!;
    const net = g.category === 'S' ? roundToMinor(toBig(gross, cn.currency).times(100).div(new Big(g.rate).plus(100)), cn.currency) : gross;
    const name = list.length > 1 ? `Credit on invoice ${inv.id}, ${g.rate} % VAT` : `Credit on invoice ${inv.id}`;
    return { name, quantity: '1', unitPrice: formatMinor(net, cn.currency), net, tax: gross - net, category: g.category, rate: g.rate, reason: g.reason };
  }).filter((l) => l.net + l.tax > 0);
}

interface TaxGroup {
  readonly category: TaxCategory;
  readonly rate: string;
  taxable: number;
  tax: number;
  readonly exemptionCode: string;
  readonly exemptionReason: string;
}

/** The tax breakdown: one group per category, rate and exemption reason; its tax is the sum of its lines' tax. */
function taxGroups(lines: readonly TaxedLine[]): TaxGroup[] {
  const groups = new Map<string, TaxGroup>();
  for (const l of lines) {
    const key = `${l.category} ${l.rate} ${l.reason}`;
    let g = groups.get(key);
    if (!g) {
      const ex = l.category === 'AE' || l.category === 'G' ? EXEMPTION[l.category] : { code: '', text: l.reason };
      g = { category: l.category, rate: l.rate, taxable: 0, tax: 0, exemptionCode: ex.code, exemptionReason: ex.text };
      groups.set(key, g);
    }
    g.taxable += l.net;
    g.tax += l.tax;
  }
  const order: readonly TaxCategory[] = ['S', 'Z', 'E', 'AE', 'G'];
  return [...groups.values()].sort((a, b) => order.indexOf(a.category) - order.indexOf(b.category) || new Big(b.rate).cmp(new Big(a.rate)));
}

// ---- payment --------------------------------------------------------------------------------------------------

function termsText(inv: Invoice): string {
  const parts = [inv.terms !== '' ? `Terms ${inv.terms}: payable by ${inv.due}` : `Payable by ${inv.due}`];
  const discount = earlyDiscount(inv);
  if (discount) parts.push(discountText(discount, inv.currency));
  return parts.join('; ');
}

/** The company's account for the invoice's currency (else one for any currency), with the payment reference. */
function paymentOf(config: LedgerConfig, inv: Invoice): EinvoiceModel['payment'] {
  const accounts: readonly BankAccount[] = config.bankAccounts ?? [];
  const account = accounts.find((a) => a.currency === inv.currency) ?? accounts.find((a) => a.currency === null);
  if (!account) return null;
  const reference = config.paymentReference === 'rf' ? creditorReference(inv.id) ?? inv.id : inv.id;
  // SEPA credit transfer is for euros; any other currency is paid by a (non-SEPA) credit transfer.
  return { meansCode: inv.currency === 'EUR' ? '58' : '30', iban: account.iban, bic: account.bic, bank: account.bank, reference };
}

// ---- amounts --------------------------------------------------------------------------------------------------

function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

/** EN 16931 amounts have at most two decimals (BR-DEC); a three-decimal currency is written so when it can be. */
function amountText(minor: number, currency: string, id: string): string {
  const text = formatMinor(minor, currency);
  if (minorDigits(currency) <= 2) return text;
  if (!text.endsWith('0')) {
    throw new RefusedError(`${id}: ${text} ${currency} has three decimals; EN 16931 e-invoices carry amounts with at most two — issue it as a PDF or text invoice instead`);
  }
  return text.slice(0, -1);
}
