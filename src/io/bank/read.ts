// Reads a bank statement file of any supported format into the core's statement model.
import * as fs from 'node:fs';
import { DataError, issue, q, UsageError, type LedgerIssue } from '../../core/issues.js';
import type { Currency } from '../../core/money.js';
import type { BankStatement } from '../../core/reconcile/line.js';
import type { BankProfile } from '../../core/types.js';
import { looksLikeBai2, readBai2 } from './bai2.js';
import { readCamt } from './camt.js';
import { decodeWindows1252 } from './cp1252.js';
import { decodeBytes, readBankCsv } from './csv.js';
import type { Unbalanced } from './ids.js';
import { looksLikeMt940, looksLikeMt942, readMt940 } from './mt940.js';
import { decodeOfx, looksLikeOfx, readOfx } from './ofx.js';
import { looksLikeQif, readQif } from './qif.js';

export type StatementFormat = 'camt' | 'mt940' | 'mt942' | 'ofx' | 'qif' | 'bai2' | 'csv';

export interface StatementRead {
  readonly format: StatementFormat;
  readonly statements: readonly BankStatement[];
  /** Problems that make the statement untrustworthy (a balance that does not add up); the caller refuses it. */
  readonly issues: readonly LedgerIssue[];
  /** The issues of `issues` that say one statement does not add up, with the statement's index, so that a caller may leave it out. */
  readonly unbalanced: readonly Unbalanced[];
}

export const FORMATS = 'camt.052/053/054, MT940, MT942, OFX, QFX, QIF, BAI2, CSV with a profile';

function notAStatement(file: string, looksLike: string): DataError {
  return new DataError([issue(file, undefined, `not a bank statement arledger reads (looks like ${looksLike}); formats: ${FORMATS}`)]);
}

/** The format by content (never by the file's name); null when the text is none of the formats, CSV aside. */
export function detectFormat(bytes: Uint8Array): StatementFormat | null {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1').replace(/^\ufeff|^\xef\xbb\xbf/, '').trimStart();
  if (looksLikeOfx(head)) return 'ofx';
  if (head.startsWith('<')) return 'camt';
  if (looksLikeQif(head)) return 'qif';
  if (looksLikeBai2(head)) return 'bai2';
  const text = Buffer.from(bytes).toString('latin1').replace(/\r\n?/g, '\n');
  if (looksLikeMt942(text)) return 'mt942';
  if (looksLikeMt940(text)) return 'mt940';
  return null;
}

/** What an XML file that is no camt statement is, from its root element and namespace; null when it is camt. */
function otherXml(head: string): string | null {
  const text = head.replace(/<!--[\s\S]*?-->/g, ' ').replace(/<\?[\s\S]*?\?>/g, ' ');
  if (/^\s*<!DOCTYPE\s+html|<html[\s>]/i.test(text)) return 'an HTML page';
  if (/^\s*<svg[\s>]/i.test(text)) return 'an SVG image';
  const start = /<([A-Za-z_][\w.-]*)(?::([\w.-]+))?((?:\s[^>]*)?)>/.exec(text);
  if (!start) return null;
  const prefix = start[2] !== undefined ? start[1]! : '';
  const root = start[2] ?? start[1]!;
  const ns = new RegExp(`\\sxmlns${prefix !== '' ? `:${prefix}` : ''}\\s*=\\s*["']([^"']*)["']`).exec(start[3] ?? '')?.[1];
  if (root === 'Document' && (ns === undefined || /camt\.05[234]/.test(ns))) return null;
  if (ns !== undefined && /iso:20022/.test(ns)) return `XML of another ISO 20022 message, ${ns.replace(/^.*xsd:/, '')}`;
  return `XML of another kind, root element ${q(root)}${ns !== undefined ? ` in namespace ${q(ns)}` : ''}`;
}

/** A short name for a text file that is no statement, for the refusal. */
function textKind(head: string): string {
  const t = head.trimStart();
  if (/^[[{]/.test(t)) return 'JSON';
  if (/^---\s*$|^%YAML/m.test(t.slice(0, 200))) return 'YAML';
  if (/^(?:\{1:|:20:)/.test(t)) return 'a SWIFT message without a statement (no :60F:, :61: or :62F: field)';
  if (/^%!PS/.test(t)) return 'a PostScript document';
  if (/^\s*$/.test(t)) return 'an empty file';
  const lines = t.split(/\r\n?|\n/).filter((l) => l.trim() !== '').slice(0, 5);
  for (const d of [';', ',', '\t', '|']) {
    if (lines.length >= 2 && lines.every((l) => l.split(d).length > 1)) return 'a CSV file';
  }
  return 'plain text';
}

/** QIF and BAI2 name no encoding: UTF-8 when the bytes are UTF-8, else Windows-1252 (Quicken's latin-1), as MT940. */
function decodeLegacy(bytes: Uint8Array): string {
  return decodeMt940(bytes);
}

/** MT940 files are mostly ASCII; a file that is not UTF-8 is read as Windows-1252 so that it still parses. */
function decodeMt940(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = decodeWindows1252(bytes);
  }
  return (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');
}

function decodeXml(file: string, bytes: Uint8Array, encoding: string): string {
  try {
    return decodeBytes(file, bytes, encoding);
  } catch (e) {
    if (!(e instanceof DataError)) throw e;
    const i = e.issues[0]!;
    throw new DataError([issue(file, i.line, `is not valid ${encoding}, the encoding its XML declaration names`, 'export the statement again from the bank')]);
  }
}

/** A file saved as UTF-16 (with its byte order mark) as UTF-8 bytes, so that every reader sees one encoding; else null. */
function fromUtf16(file: string, bytes: Uint8Array): Uint8Array | null {
  const le = bytes[0] === 0xff && bytes[1] === 0xfe;
  if (!le && !(bytes[0] === 0xfe && bytes[1] === 0xff)) return null;
  try {
    return Buffer.from(new TextDecoder(le ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(bytes.subarray(2)), 'utf8');
  } catch {
    throw new DataError([issue(file, undefined, `starts with a UTF-16 byte order mark but is not valid UTF-16`, 'export the statement again from the bank, as UTF-8')]);
  }
}

/** What a downloaded file that is no statement usually is, by its first bytes. */
const BINARY_KINDS: readonly [string, string][] = [['%PDF', 'a PDF document'], ['PK\u0003\u0004', 'a ZIP archive: unpack it first'], ['\u001f\u008b', 'a gzip archive: unpack it first'],
  ['\u00d0\u00cf\u0011\u00e0', 'an old Excel or Word document'], ['\u0089PNG', 'a PNG image'], ['\u00ff\u00d8\u00ff', 'a JPEG image'], ['Rar!', 'a RAR archive: unpack it first'], ['7z\u00bc\u00af', 'a 7-Zip archive: unpack it first']];

/** An empty file, a PDF, an archive or any file with NUL bytes is refused before a reader guesses at it as CSV. */
function refuseNonText(file: string, bytes: Uint8Array): void {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  if (head.replace(/^\xef\xbb\xbf/, '').trim() === '' && bytes.length <= 4096) throw notAStatement(file, 'an empty file');
  const kind = BINARY_KINDS.find(([magic]) => head.startsWith(magic));
  if (kind) throw notAStatement(file, kind[1]);
  if (head.includes('\u0000')) throw notAStatement(file, 'a binary file: it holds NUL bytes');
}

export function parseStatement(file: string, bytes: Uint8Array, profiles: Readonly<Record<string, BankProfile>>, profileName: string | undefined, base: Currency): StatementRead {
  const utf8 = fromUtf16(file, bytes);
  if (utf8 !== null) bytes = utf8;
  refuseNonText(file, bytes);
  const detected = detectFormat(bytes);
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1').replace(/^\xef\xbb\xbf/, '');
  if (detected === 'camt') {
    const other = otherXml(head);
    if (other !== null) throw notAStatement(file, other);
  }
  // A CSV export is read only through a profile; a text that is no other format is CSV when one is named.
  const format: StatementFormat = detected ?? (profileName !== undefined ? 'csv' : (() => {
    const kind = textKind(head);
    if (kind === 'a CSV file') return 'csv' as const;
    throw notAStatement(file, kind);
  })());
  switch (format) {
    case 'camt': {
      // The XML declaration names the encoding (UTF-8 when it does not, or when the file was UTF-16 and is UTF-8 now).
      const declared = utf8 !== null ? 'utf-8'
        : /^\s*(?:\ufeff|\xef\xbb\xbf)?<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']/.exec(Buffer.from(bytes.subarray(0, 200)).toString('latin1'))?.[1] ?? 'utf-8';
      const r = readCamt(file, decodeXml(file, bytes, declared));
      return { format, ...r };
    }
    case 'mt940':
    case 'mt942':
      return { format, ...readMt940(file, decodeMt940(bytes)) };
    case 'ofx':
      return { format, ...readOfx(file, decodeOfx(file, bytes)) };
    case 'qif':
      return { format, ...readQif(file, decodeLegacy(bytes), base) };
    case 'bai2':
      return { format, ...readBai2(file, decodeLegacy(bytes)) };
    case 'csv': {
      const names = Object.keys(profiles);
      if (profileName === undefined) {
        throw new UsageError(`${file} is a CSV file: name its layout with --profile ${names.length > 0 ? `(one of ${names.join(', ')})` : '(ledger.yaml has no bank.profiles yet: add one)'}`);
      }
      const profile = profiles[profileName];
      if (!profile) {
        throw new UsageError(`--profile ${JSON.stringify(profileName)} is not a bank profile of ledger.yaml — ${names.length > 0 ? `use one of ${names.join(', ')}` : 'add it under bank.profiles'}`);
      }
      return { format, statements: [readBankCsv(file, bytes, utf8 !== null ? { ...profile, encoding: 'utf-8' } : profile, base)], issues: [], unbalanced: [] };
    }
  }
}

/**
 * Largest statement file read. A month of a busy account is a few MB; a file far larger is no bank's statement
 * and would take minutes and gigabytes to parse, so it is refused up front (also when it is a pipe or a device).
 */
export const MAX_STATEMENT_BYTES = 20 * 1024 * 1024;

function readCapped(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(1024 * 1024);
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > MAX_STATEMENT_BYTES) return Buffer.concat([...chunks, chunk.subarray(0, n)]);
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks);
  } finally {
    fs.closeSync(fd);
  }
}

export function readStatementFile(file: string, display: string, profiles: Readonly<Record<string, BankProfile>>, profileName: string | undefined, base: Currency): StatementRead {
  let bytes: Buffer;
  try {
    bytes = readCapped(file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'does not exist' : err.code === 'EACCES' ? 'cannot be read: permission denied' : err.code === 'EISDIR' ? 'is a directory' : `cannot be read: ${err.message}`;
    throw new DataError([issue(display, undefined, why, `give the path of a bank statement (${FORMATS})`)]);
  }
  if (bytes.length > MAX_STATEMENT_BYTES) {
    throw new DataError([issue(display, undefined, `is larger than ${MAX_STATEMENT_BYTES / 1024 / 1024} MB, far more than a bank statement`,
      'export a shorter period from the bank (a month at a time), or check that this is the statement file')]);
  }
  return parseStatement(display, bytes, profiles, profileName, base);
}
