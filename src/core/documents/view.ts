// Printable documents (invoice, statement, letters) as a small list of typed blocks, so that one view model is
// laid out as plain text, Markdown or HTML without the renderers knowing what document they print.
import { formatMinor, groupThousands, type Minor } from '../money.js';
import type { LedgerConfig, Customer } from '../types.js';

/** A sender or recipient: a name and the lines printed under it (address, e-mail). */
export interface Party {
  readonly role: string;
  readonly name: string;
  readonly lines: readonly string[];
}

export interface Column {
  readonly label: string;
  readonly align: 'left' | 'right';
  /** Free text that may wrap; every other cell (a date, a number, an id) is kept on one line. */
  readonly wrap?: boolean;
}

export interface TotalRow {
  readonly label: string;
  readonly value: string;
  /** The figure the reader is looking for (total, amount due, closing balance). */
  readonly strong: boolean;
}

export type Block =
  | { readonly type: 'parties'; readonly parties: readonly Party[] }
  | {
    readonly type: 'fields';
    readonly fields: readonly (readonly [label: string, value: string])[];
    /** A heading over the fields (payment instructions); document details go without one. */
    readonly title?: string;
  }
  | {
    readonly type: 'table';
    readonly title: string;
    readonly columns: readonly Column[];
    readonly rows: readonly (readonly string[])[];
    /** Printed instead of an empty table. */
    readonly empty: string;
  }
  | { readonly type: 'totals'; readonly title: string; readonly rows: readonly TotalRow[] }
  | { readonly type: 'note'; readonly text: string }
  /** A QR code made from `payload` (an EPC credit transfer), with lines printed beside it. */
  | { readonly type: 'qr'; readonly payload: string; readonly caption: readonly string[] };

export interface DocumentView {
  /** Printed as the heading, and as the HTML page title. */
  readonly title: string;
  readonly blocks: readonly Block[];
}

/** An amount as a customer reads it: thousands grouped, the currency's minor digits (JPY 1,077,760; EUR 2,962.50). */
export function amountText(minor: Minor | number, currency: string): string {
  return groupThousands(formatMinor(minor, currency));
}

/** Address text as lines; a first line repeating the name (as addresses are often written) is left out. */
export function addressLines(name: string, address: string): string[] {
  const lines = address.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  return lines[0] === name ? lines.slice(1) : lines;
}

export function companyParty(config: LedgerConfig, role = 'From'): Party {
  const c = config.company;
  return {
    role, name: c.name,
    lines: [
      ...addressLines(c.name, c.address), ...(c.email ? [c.email] : []), ...(c.vatId ? [`VAT ID ${c.vatId}`] : []),
      ...(c.registration ? [c.registration] : []),
    ],
  };
}

export function customerParty(customer: Customer, role: string): Party {
  return {
    role,
    name: customer.name,
    lines: [
      ...addressLines(customer.name, customer.address), ...(customer.email ? [customer.email] : []),
      ...(customer.vatId ? [`VAT ID ${customer.vatId}`] : []), `Customer ${customer.id}`,
    ],
  };
}
