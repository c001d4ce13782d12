// Structured creditor references customers quote when they pay: ISO 11649 (`RF18 5390 0754 7034`) made from an
// invoice id, and the Swiss QR reference (27 digits); both carry check digits, so a mistyped one is never taken.

/** Longest reference part ISO 11649 allows after `RF` and the two check digits. */
export const RF_MAX_REFERENCE = 21;

/** A reference as the bank or the customer wrote it, compared without spaces and in upper case. */
export function normalizeReference(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase();
}

// ISO 7064 MOD 97-10 over the reference with letters as numbers (A=10 … Z=35), digit by digit so that a
// long reference never leaves the range of exact integers.
function mod97(alnum: string): number {
  let r = 0;
  for (const ch of alnum) {
    const v = ch >= 'A' ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    r = v >= 10 ? (r * 100 + v) % 97 : (r * 10 + v) % 97;
  }
  return r;
}

/**
 * The ISO 11649 creditor reference of a document id: `RF`, two check digits and the id's letters and digits in
 * upper case. Null when the id has no letter or digit, or more than the 21 ISO 11649 allows.
 */
export function creditorReference(id: string): string | null {
  const body = id.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (body === '' || body.length > RF_MAX_REFERENCE) return null;
  const check = 98 - mod97(`${body}RF00`);
  return `RF${String(check).padStart(2, '0')}${body}`;
}

/** Whether text (spaces allowed, any case) is an ISO 11649 reference whose check digits hold. */
export function isCreditorReference(text: string): boolean {
  const s = normalizeReference(text);
  if (!/^RF\d{2}[A-Z0-9]{1,21}$/.test(s)) return false;
  return mod97(`${s.slice(4)}${s.slice(0, 4)}`) === 1;
}

const QRR_TABLE = [0, 9, 4, 6, 8, 2, 7, 1, 3, 5];

/** Whether text is a Swiss QR reference: 27 digits, the last a recursive mod-10 check digit over the others. */
export function isQrReference(text: string): boolean {
  const s = normalizeReference(text);
  if (!/^\d{27}$/.test(s)) return false;
  let carry = 0;
  for (let i = 0; i < 26; i++) carry = QRR_TABLE[(carry + s.charCodeAt(i) - 48) % 10]!;
  return (10 - carry) % 10 === s.charCodeAt(26) - 48;
}

/**
 * The first structured creditor reference in free text: an ISO 11649 reference (also when printed in groups of
 * four) or a Swiss QR reference, each only when its check digits hold; '' when there is none.
 */
export function findCreditorReference(text: string): string {
  for (const m of text.matchAll(/\bRF\d{2}(?:[ ]?[A-Za-z0-9]{1,4})+/gi)) {
    const groups = m[0].split(' ');
    // The reference may run into the next word; the longest prefix of whole groups that validates is it.
    for (let n = groups.length; n > 0; n--) {
      const cand = normalizeReference(groups.slice(0, n).join(''));
      if (isCreditorReference(cand)) return cand;
    }
  }
  for (const m of text.matchAll(/\b\d{2}(?: ?\d){25}\b/g)) {
    if (isQrReference(m[0])) return normalizeReference(m[0]);
  }
  return '';
}
