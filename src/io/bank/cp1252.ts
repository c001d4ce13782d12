// Windows-1252, the character set of most latin-1 bank downloads (OFX CHARSET:1252, QIF, MT940).
// Node's TextDecoder('windows-1252') decodes as ISO-8859-1, turning the euro sign (0x80) and the curly quotes
// (0x91–0x94) into invisible C1 control characters; the 32 bytes that differ are mapped here.
const HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f'
  + '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

export function decodeWindows1252(bytes: Uint8Array): string {
  const text = Buffer.from(bytes).toString('latin1');
  return /[\u0080-\u009f]/.test(text) ? text.replace(/[\u0080-\u009f]/g, (c) => HIGH[c.charCodeAt(0) - 0x80]!) : text;
}
