// Types of generate.mjs for the TypeScript tests that import it.
export declare const AS_OF: string;
export interface GeneratedLedger {
  readonly dir: string;
  readonly invoices: number;
  readonly customers: number;
  readonly rows: Readonly<Record<'invoices' | 'payments' | 'credits' | 'refunds' | 'applications' | 'disputes', number>>;
  readonly bytes: number;
}
export declare function generateLedger(dir: string, invoiceCount: number, seed?: number): GeneratedLedger;
