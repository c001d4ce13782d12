// The ledger as typed tables, one per journal plus customers: what `export --format csv --output DIR` writes, for
// a database (DuckDB, SQLite, Postgres) to query when a ledger outgrows one machine's reports.
import type { LocalDate } from '../date.js';
import type { Ledger } from '../ledger.js';
import { formatMinor } from '../money.js';
import type { Document } from '../types.js';

export type ColumnType = 'VARCHAR' | 'DATE' | 'DECIMAL(20,3)' | 'BOOLEAN';

export interface ExportColumn {
  readonly name: string;
  readonly type: ColumnType;
}

export interface ExportTable {
  /** The table's name; its file is `${name}.csv`. */
  readonly name: string;
  readonly columns: readonly ExportColumn[];
  /** Cells as text: dates YYYY-MM-DD, amounts with exactly the currency's minor digits, booleans true/false. */
  readonly rows: readonly (readonly string[])[];
}

const cols = (spec: string): ExportColumn[] => spec.split(',').map((c) => {
  const [name, t] = c.split(':') as [string, string | undefined];
  return { name, type: t === 'date' ? 'DATE' : t === 'amount' ? 'DECIMAL(20,3)' : t === 'bool' ? 'BOOLEAN' : 'VARCHAR' };
});

// The journals' own columns (SPEC §1.2), typed; applications also carry their currency, which a query would
// otherwise have to join for.
const TABLES = {
  customers: cols('id,name,currency,email,terms,credit_limit:amount,hold:bool,dunning:bool'),
  invoices: cols('id,kind,date:date,due:date,customer,currency,amount:amount,terms,reference,memo'),
  payments: cols('id,date:date,customer,currency,amount:amount,method,reference,bank_ref,memo'),
  credits: cols('id,kind,date:date,customer,currency,amount:amount,invoice,reason'),
  refunds: cols('id,date:date,customer,currency,amount:amount,method,reference,memo'),
  applications: cols('date:date,credit,debit,currency,amount:amount'),
  disputes: cols('date:date,invoice,status,reason'),
} as const;

const byDate = <T extends { date: string }>(a: T, b: T): number => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

/** Every table, in a fixed order; documents and events dated after `asOf` are left out, as in the other exports. */
export function toCsvTables(ledger: Ledger, asOf: LocalDate, onProgress?: (done: number, total: number) => void): ExportTable[] {
  const docs = ledger.documents.filter((d) => d.date <= asOf).sort((a, b) => byDate(a, b) || a.seq - b.seq);
  const amt = (d: Document): string => formatMinor(d.amount, d.currency);
  const rows: Record<keyof typeof TABLES, string[][]> = {
    customers: [...ledger.customers.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).map((c) => [
      c.id, c.name, c.currency, c.email, c.terms ?? '', c.creditLimit === null ? '' : formatMinor(c.creditLimit, c.currency),
      String(c.hold), String(c.dunning),
    ]),
    invoices: [], payments: [], credits: [], refunds: [],
    applications: ledger.applications.filter((a) => a.date <= asOf).map((a) => {
      const currency = ledger.documents[a.debitSeq]!.currency;
      return [a.date, a.credit, a.debit, currency, formatMinor(a.amount, currency)];
    }),
    disputes: [...ledger.disputes.values()].flat().filter((e) => e.date <= asOf)
      .sort((a, b) => byDate(a, b) || a.src.line - b.src.line)
      .map((e) => [e.date, e.invoice, e.status, e.reason]),
  };
  let done = 0;
  for (const d of docs) {
    onProgress?.(++done, docs.length);
    switch (d.kind) {
      case 'invoice':
      case 'debit-note':
        rows.invoices.push([d.id, d.kind, d.date, d.due, d.customer, d.currency, amt(d), d.terms, d.reference, d.memo]);
        break;
      case 'payment':
        rows.payments.push([d.id, d.date, d.customer, d.currency, amt(d), d.method, d.reference, d.bankRef, d.memo]);
        break;
      case 'credit-note':
      case 'write-off':
        rows.credits.push([d.id, d.kind, d.date, d.customer, d.currency, amt(d), d.invoice, d.reason]);
        break;
      case 'refund':
        rows.refunds.push([d.id, d.date, d.customer, d.currency, amt(d), d.method, d.reference, d.memo]);
        break;
    }
  }
  return (Object.keys(TABLES) as (keyof typeof TABLES)[]).map((name) => ({ name, columns: TABLES[name], rows: rows[name] }));
}

/**
 * DuckDB views over the files with every column's type given, so that nothing is guessed from the data (an id
 * such as 0012 stays text, an empty table still has its columns). Run from the export's directory.
 */
export function duckdbSchema(tables: readonly ExportTable[]): string {
  const view = (t: ExportTable): string => {
    const columns = t.columns.map((c) => `'${c.name}': '${c.type}'`).join(', ');
    return `CREATE OR REPLACE VIEW ${t.name} AS SELECT * FROM read_csv('${t.name}.csv', header = true, auto_detect = false, columns = {${columns}});`;
  };
  return `-- arledger export: typed views over the CSV files in this directory (DuckDB); run from this directory:\n--   duckdb -c ".read schema.sql" -c "SELECT * FROM invoices"\n${tables.map(view).join('\n')}\n`;
}
