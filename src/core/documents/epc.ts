// The EPC QR code ("GiroCode", EPC069-12 version 002) a banking app reads to fill in a SEPA credit transfer:
// the payload text only; drawing it is the renderer's business.
import { isCreditorReference } from '../creditor-reference.js';
import { formatMinor, type Minor } from '../money.js';

export interface EpcTransfer {
  readonly name: string;
  readonly iban: string;
  readonly bic: string;
  /** Euro cents. */
  readonly amount: Minor;
  /** An RF creditor reference goes in the structured field, anything else in the unstructured one. */
  readonly reference: string;
}

/** Largest amount EPC069-12 allows: EUR 999,999,999.99. */
const MAX_CENTS = 99_999_999_999;

/**
 * The payload, lines joined by LF: BCD, 002, 1 (UTF-8), SCT, BIC, name (≤ 70), IBAN, EUR amount, purpose (empty),
 * structured reference or empty, unstructured text or empty. Null when the transfer cannot be put in one
 * (amount out of range, name or reference too long).
 */
export function epcPayload(t: EpcTransfer): string | null {
  if (t.amount < 1 || t.amount > MAX_CENTS) return null;
  const name = t.name.trim();
  if (name === '' || [...name].length > 70 || /[\r\n]/.test(name)) return null;
  const rf = isCreditorReference(t.reference);
  if ((rf && t.reference.length > 35) || (!rf && [...t.reference].length > 140) || /[\r\n]/.test(t.reference)) return null;
  const lines = ['BCD', '002', '1', 'SCT', t.bic, name, t.iban.replace(/\s+/g, '').toUpperCase(), `EUR${formatMinor(t.amount, 'EUR')}`, '',
    rf ? t.reference.replace(/\s+/g, '') : '', rf ? '' : t.reference];
  const payload = lines.join('\n').replace(/\n+$/, '');
  return new TextEncoder().encode(payload).length <= 331 ? payload : null;
}
