// The ledger model: documents as readonly discriminated unions, the configuration and the master data.
//
// A ledger is a configuration (ledger.yaml), customers (customers.yaml) and append-only journals. Debit
// documents (invoice, debit-note, refund) raise what a customer owes; credit documents (payment, credit-note,
// write-off) lower it; applications link one to the other. Every record keeps the place it was read from
// (`src`) so that any rule it breaks can be reported as FILE:LINE.
import type { Currency, Minor } from './money.js';
import type { LocalDate } from './date.js';

export interface SourcePlace {
  readonly file: string;
  readonly line: number;
}

export type DebitKind = 'invoice' | 'debit-note' | 'refund';
export type CreditKind = 'payment' | 'credit-note' | 'write-off';
export type DocumentKind = DebitKind | CreditKind;

interface DocumentBase {
  readonly id: string;
  readonly date: LocalDate;
  readonly customer: string;
  readonly currency: Currency;
  readonly amount: Minor;
  readonly src: SourcePlace;
  /** Position in the ledger's document list; lets reports keep per-document sums in typed arrays. */
  readonly seq: number;
}

export interface Invoice extends DocumentBase {
  readonly kind: 'invoice' | 'debit-note';
  readonly due: LocalDate;
  readonly terms: string;
  readonly reference: string;
  readonly memo: string;
}

export interface Payment extends DocumentBase {
  readonly kind: 'payment';
  readonly method: string;
  readonly reference: string;
  readonly bankRef: string;
  readonly memo: string;
}

export interface Credit extends DocumentBase {
  readonly kind: 'credit-note' | 'write-off';
  /** The document it was issued against (optional); what it settles is in applications. */
  readonly invoice: string;
  readonly reason: string;
}

export interface Refund extends DocumentBase {
  readonly kind: 'refund';
  readonly method: string;
  readonly reference: string;
  readonly memo: string;
}

export type DebitDocument = Invoice | Refund;
export type CreditDocument = Payment | Credit;
export type Document = DebitDocument | CreditDocument;

export interface Application {
  readonly date: LocalDate;
  readonly credit: string;
  readonly debit: string;
  readonly amount: Minor;
  readonly src: SourcePlace;
}

export type DisputeStatus = 'open' | 'resolved';

export interface DisputeEvent {
  readonly date: LocalDate;
  readonly invoice: string;
  readonly status: DisputeStatus;
  readonly reason: string;
  readonly src: SourcePlace;
}

export interface DunningRecord {
  readonly date: LocalDate;
  readonly customer: string;
  readonly level: number;
  readonly invoice: string;
  readonly open: Minor;
  readonly fee: Minor;
  readonly interest: Minor;
  readonly letter: string;
  readonly src: SourcePlace;
}

export interface Reconciliation {
  readonly date: LocalDate;
  readonly statement: string;
  readonly bankRef: string;
  readonly payment: string;
  readonly amount: Minor;
  readonly src: SourcePlace;
}

export interface InvoiceLine {
  readonly invoice: string;
  readonly line: number;
  readonly description: string;
  readonly quantity: string;
  readonly unitPrice: string;
  readonly taxRate: string;
  readonly net: Minor;
  readonly tax: Minor;
  readonly src: SourcePlace;
}

/**
 * A voided document (an extension journal, see README "Void"): from `date` on, its first `applications`
 * applications in applications.csv (other than those to or from `reversal`) no longer count, and `reversal` (a
 * credit note for an invoice, a debit note for a credit note or write-off, a refund or nothing for a payment)
 * cancels its amount.
 */
export interface VoidRecord {
  readonly date: LocalDate;
  readonly document: string;
  readonly reversal: string;
  /** How many of its applications (in file order) the void reverses: those it had when it was voided. */
  readonly applications: number;
  readonly reason: string;
  readonly by: string;
  readonly src: SourcePlace;
}

export interface Rate {
  readonly date: LocalDate;
  readonly currency: Currency;
  readonly rate: string;
  readonly src: SourcePlace;
}

/** One row of plans.csv: instalment `instalment` of the payment plan of `invoice` made on `date` (SPEC §8). */
export interface PlanRow {
  readonly date: LocalDate;
  readonly invoice: string;
  readonly instalment: number;
  readonly due: LocalDate;
  readonly amount: Minor;
  readonly src: SourcePlace;
}

/** A payment plan: the rows of one invoice and date numbered 1..n, in order; a later plan supersedes it. */
export interface PaymentPlan {
  readonly invoice: string;
  readonly date: LocalDate;
  readonly instalments: readonly PlanRow[];
}

export function isDebitKind(kind: DocumentKind): kind is DebitKind {
  return kind === 'invoice' || kind === 'debit-note' || kind === 'refund';
}

export function isDebit(doc: Document): doc is DebitDocument {
  return isDebitKind(doc.kind);
}

export function isInvoiceLike(doc: Document): doc is Invoice {
  return doc.kind === 'invoice' || doc.kind === 'debit-note';
}

/** The date a debit document falls due; a refund is due on its own date. */
export function dueOf(doc: DebitDocument): LocalDate {
  return doc.kind === 'refund' ? doc.date : doc.due;
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}

// ---- configuration ----------------------------------------------------------------------------------------

/** An amount set once for every currency (rounded half-up to each one's minor digits) or per currency. */
export interface AmountPolicy {
  /** Decimal text in major units that applies to every currency not in `byCurrency`. */
  readonly all: string | null;
  readonly byCurrency: Readonly<Record<string, string>>;
}

export interface DunningLevel {
  readonly level: number;
  readonly afterDays: number;
  readonly template: string;
  readonly fee: AmountPolicy | null;
  /** Simple interest, percent a year, as decimal text. */
  readonly interest: string | null;
}

export interface DunningConfig {
  readonly minIntervalDays: number;
  readonly minAmount: AmountPolicy | null;
  readonly levels: readonly DunningLevel[];
  /** Whether debit notes posted for dunning fees are themselves dunned (default false). */
  readonly dunFees: boolean;
}

export interface BankProfile {
  readonly name: string;
  readonly delimiter: string;
  readonly decimal: string;
  readonly thousands: string;
  readonly dateFormat: string;
  readonly encoding: string;
  readonly currency: string | null;
  readonly skipRows: number;
  readonly columns: Readonly<Record<string, string>>;
}

export type AgingBasis = 'due' | 'invoice';

export interface LedgerConfig {
  readonly version: number;
  readonly company: {
    readonly name: string; readonly email: string; readonly address: string;
    /** ISO 3166 alpha-2 code, VAT id and registration (e.g. "HRB 12345, Amtsgericht Hamburg"); '' when not set. */
    readonly country?: string; readonly vatId?: string; readonly registration?: string;
  };
  /** Where customers pay (SPEC §1.3), in the order listed. */
  readonly bankAccounts?: readonly BankAccount[];
  /** E-invoice settings (an extension of SPEC §1.3, see README). */
  readonly einvoice?: EinvoiceConfig;
  readonly currency: Currency;
  readonly numbering: Readonly<Record<NumberedKind, string>>;
  readonly terms: string;
  readonly aging: { readonly basis: AgingBasis; readonly buckets: readonly number[] };
  readonly lockDate: LocalDate | null;
  /** Documents may be dated at most this many days after today (SPEC §7 `future_days`). */
  readonly futureDays: number;
  /** What customers quote when they pay (SPEC §1.3): the invoice id (the default), or its ISO 11649 creditor reference. */
  readonly paymentReference?: 'id' | 'rf';
  readonly dunning: DunningConfig;
  readonly bank: { readonly profiles: Readonly<Record<string, BankProfile>> };
  /** How CSV reports are written for spreadsheets (README "Spreadsheets"); absent: plain RFC 4180. */
  readonly csv?: CsvConfig;
  /** Amounts above which a write-off or credit note needs a second person's approval (an extension, see README). */
  readonly approvals?: ApprovalsConfig;
}

export interface ApprovalsConfig {
  readonly writeOff: AmountPolicy | null;
  readonly creditNote: AmountPolicy | null;
  /** Rows dated before it are not checked (null: every row). */
  readonly since: LocalDate | null;
}

export interface CsvConfig {
  readonly bom: boolean;
  /** `,` `;` tab or `|`, never the decimal separator. */
  readonly delimiter: string;
  readonly decimal: '.' | ',';
}

/** The separators a CSV report may use: the spelling in ledger.yaml (and --csv-delimiter) and the character. */
export const CSV_DELIMITERS: Readonly<Record<string, string>> = { ',': ',', ';': ';', tab: '\t', '\t': '\t', '|': '|' };

export interface BankAccount {
  /** Without spaces, upper case. */
  readonly iban: string;
  readonly bic: string;
  readonly bank: string;
  /** The currency paid into it; null: any. */
  readonly currency: Currency | null;
}

/** EN 16931 VAT category codes (UNTDID 5305) arledger writes. */
export type TaxCategory = 'S' | 'Z' | 'E' | 'AE' | 'G';

/** A tax category set in ledger.yaml: S with a rate above 0, Z, or E with the exemption reason. */
export interface TaxSetting {
  readonly category: 'S' | 'Z' | 'E';
  /** Percent, decimal text; '0' for Z and E. */
  readonly rate: string;
  /** Why it is exempt (E); '' otherwise. */
  readonly reason: string;
}

export interface EinvoiceConfig {
  /** The tax of an invoice issued with --amount and no lines (its amount includes the tax); null: refuse those. */
  readonly defaultTax: TaxSetting | null;
  /** What a line taxed at 0 % is when neither reverse charge nor export applies: Z (default) or E with a reason. */
  readonly zeroTax: TaxSetting;
}

export type NumberedKind = 'invoice' | 'payment' | 'credit-note' | 'debit-note' | 'write-off' | 'refund';

export const DEFAULT_NUMBERING: Readonly<Record<NumberedKind, string>> = {
  invoice: 'INV-{yyyy}-{seq:5}',
  payment: 'PAY-{seq:6}',
  'credit-note': 'CN-{yyyy}-{seq:4}',
  'debit-note': 'DN-{yyyy}-{seq:4}',
  'write-off': 'WO-{yyyy}-{seq:4}',
  refund: 'RF-{yyyy}-{seq:4}',
};

export const DEFAULT_DUNNING: DunningConfig = {
  minIntervalDays: 14,
  minAmount: { all: '10.00', byCurrency: {} },
  levels: [
    { level: 1, afterDays: 7, template: 'reminder', fee: null, interest: null },
    { level: 2, afterDays: 30, template: 'second-notice', fee: { all: '10.00', byCurrency: {} }, interest: '8' },
    { level: 3, afterDays: 60, template: 'final-demand', fee: { all: '25.00', byCurrency: {} }, interest: '8' },
  ],
  dunFees: false,
};

export interface Customer {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly currency: Currency;
  readonly terms: string | null;
  readonly creditLimit: Minor | null;
  readonly address: string;
  readonly bankAccounts: readonly string[];
  readonly aliases: readonly string[];
  readonly hold: boolean;
  readonly dunning: boolean;
  /** The buyer's VAT id (normalised), ISO 3166 country, EN 16931 buyer reference (BT-10); '' when not set. */
  readonly vatId?: string;
  readonly country?: string;
  readonly buyerReference?: string;
  /** The syntax `invoice render --format einvoice` writes for it; null: UBL. */
  readonly einvoice?: 'ubl' | 'cii' | null;
  /** Who works this customer's collections (`worklist --assignee`); absent when not set. */
  readonly collector?: string;
  readonly src: SourcePlace;
}
