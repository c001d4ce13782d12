// Types of generate.mjs for the TypeScript tests that import it.
export declare const AS_OF: string;
export declare const LOCK_DATE: string;
export declare const BENCH_CUSTOMER: string;
export declare const INVOICES_PER_CUSTOMER: number;
export type Journal = 'invoices' | 'invoice-lines' | 'payments' | 'credits' | 'refunds' | 'applications' | 'disputes' | 'dunning'
  | 'reconciliations' | 'rates';
export interface GeneratedLedger {
  readonly dir: string;
  readonly invoices: number;
  readonly customers: number;
  readonly onHold: number;
  readonly neverDunned: number;
  /** Data rows written per file (invoices.csv also holds the debit notes). */
  readonly rows: Readonly<Record<Journal, number>>;
  readonly bytes: number;
}
export declare function generateLedger(dir: string, invoiceCount: number, seed?: number, invoicesPerCustomer?: number): GeneratedLedger;
