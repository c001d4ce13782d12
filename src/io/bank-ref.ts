// Which customers have a payment with a given bank reference. A payment planned on one customer's ledger warns
// about a bank_ref already on file as the plain way does, and that looks at every customer's payments: the ledger
// it plans on then holds those customers too.
import * as path from 'node:path';
import { recordAt } from './csv-fast.js';
import { readPieces } from './load.js';

/**
 * The customers of the payments among the first `size` bytes of payments.csv whose bank_ref is `ref`. Read in
 * pieces of whole lines, so a large journal is never held whole; a row is parsed only where the reference's bytes
 * occur in it.
 */
export function customersWithBankRef(dir: string, size: number, ref: string): string[] {
  if (ref === '' || size <= 0) return [];
  const needle = Buffer.from(ref, 'utf8');
  const out = new Set<string>();
  readPieces(path.join(dir, 'payments.csv'), size, (bytes) => {
    const piece = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    for (let i = piece.indexOf(needle); i !== -1;) {
      const f = recordAt(piece, piece.lastIndexOf(0x0a, i) + 1);
      if (f[7] === ref && f[2]) out.add(f[2]);
      const nl = piece.indexOf(0x0a, i);
      i = nl === -1 ? -1 : piece.indexOf(needle, nl + 1);
    }
  });
  return [...out];
}
