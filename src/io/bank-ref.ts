// Which customers have a payment with a given bank reference. A payment planned on one customer's ledger warns
// about a bank_ref already on file as the plain way does, and that looks at every customer's payments: the ledger
// it plans on then holds those customers too.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { recordAt } from './csv-fast.js';

const PIECE = 8 << 20;

/**
 * The customers of the payments among the first `size` bytes of payments.csv whose bank_ref is `ref`. Read in
 * pieces of whole lines, so a large journal is never held whole; a row is parsed only where the reference's bytes
 * occur in it.
 */
export function customersWithBankRef(dir: string, size: number, ref: string): string[] {
  if (ref === '' || size <= 0) return [];
  const needle = Buffer.from(ref, 'utf8');
  const out = new Set<string>();
  const fd = fs.openSync(path.join(dir, 'payments.csv'), fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    if (!fs.fstatSync(fd).isFile()) return [];
    let buf = Buffer.allocUnsafe(Math.min(PIECE, size));
    let start = 0;
    let have = 0;
    while (start + have < size) {
      if (have === buf.length) {
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, size - start));
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
      const n = fs.readSync(fd, buf, have, Math.min(buf.length - have, size - start - have), start + have);
      if (n === 0) break;
      have += n;
      const end = start + have === size ? have : buf.lastIndexOf(0x0a, have - 1) + 1;
      if (end === 0) continue;
      const piece = buf.subarray(0, end);
      for (let i = piece.indexOf(needle); i !== -1;) {
        const f = recordAt(piece, piece.lastIndexOf(0x0a, i) + 1);
        if (f[7] === ref && f[2]) out.add(f[2]);
        const nl = piece.indexOf(0x0a, i);
        i = nl === -1 ? -1 : piece.indexOf(needle, nl + 1);
      }
      buf.copy(buf, 0, end, have);
      start += end;
      have -= end;
    }
  } finally {
    fs.closeSync(fd);
  }
  return [...out];
}
