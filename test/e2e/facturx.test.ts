// Factur-X / ZUGFeRD invoices (`invoice render --format facturx`): every invoice, debit note and credit note of the
// demo ledger made into a Factur-X PDF, read back as a customer's software would: the embedded factur-x.xml taken
// out with pdfdetach (poppler-utils) is byte for byte the `--format cii` e-invoice, and all of them pass the
// official EN 16931 rules in one validator run; pdfinfo reads an A4 PDF/A with the attachment; pdftotext reads
// the total and the IBAN; the XMP metadata says PDF/A-3B and Factur-X EN 16931.
//
// PDF/A conformance itself is not checked by a validator here: veraPDF is in no Debian package and its Maven
// artifacts could not be fetched on the build machine, so it rests on pdfkit's PDF/A-3b subset (output intent,
// embedded fonts, XMP) plus the Factur-X metadata checked below.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalDate } from '../../src/core/date.js';
import { creditNoteDocument, creditNoteView, invoiceDocument, invoiceView } from '../../src/core/documents/invoice.js';
import { ciiDocument } from '../../src/core/einvoice/cii.js';
import { einvoiceModel } from '../../src/core/einvoice/model.js';
import type { Ledger } from '../../src/core/ledger.js';
import { facturx } from '../../src/cli/render/facturx.js';
import { documentItems, loadPdfRenderer } from '../../src/cli/render/pdf.js';
import { renderXml } from '../../src/cli/render/xml.js';
import { findPdfFonts } from '../../src/io/fonts.js';
import { loadLedger } from '../../src/io/load.js';
import { BIN, ROOT, SHARED, copyLedger, runCli, snapshotDir, tempDir } from '../helpers/cli.js';

const DEMO = path.join(ROOT, 'ledgers', 'demo');
const VALIDATOR = path.join(SHARED, 'einvoice', 'validate.mjs');
const TODAY = '2026-11-30';

/** Invoices, debit notes and credit notes with a sample of what differs between them, rendered by the built CLI. */
const CLI_SAMPLE = [
  'INV-2026-00040', // NORDLICHT, DE, open: IBAN, payment reference, QR code
  'INV-2026-00004', // DUPONT, FR: intra-EU reverse charge
  'INV-2026-00006', // CASCADE, US, USD: export
  'INV-2026-00102', // SAKURA, JPY: no minor unit
  'INV-2026-00016', // no lines: the default tax of ledger.yaml
  'DN-2026-0001',
  'CN-2026-0009',
];

interface Validation {
  readonly file: string;
  readonly valid: boolean;
  readonly error?: string;
  readonly fatal?: readonly { readonly id: string; readonly text: string }[];
  readonly schema?: { readonly checked: boolean; readonly valid: boolean; readonly errors?: readonly string[] };
}

const OUT = tempDir('arledger-facturx-');
let demo: Ledger;
let ids: string[] = [];
/** Per document: the Factur-X PDF, the CII it must embed, and what pdfdetach took out of the PDF. */
const docs = new Map<string, { pdf: string; cii: string; extracted: string }>();
const cli = new Map<string, { pdf: string; cii: string; extracted: string }>();
let results = new Map<string, Validation>();

function cii(ledger: Ledger, id: string): string {
  return renderXml(ciiDocument(einvoiceModel(ledger, id)));
}

/** The attachments of a PDF, saved into their own directory: file name -> path. */
function detach(pdf: string): Record<string, string> {
  const dir = `${pdf}.files`;
  fs.mkdirSync(dir);
  execFileSync('pdfdetach', ['-saveall', '-o', dir, pdf]);
  return Object.fromEntries(fs.readdirSync(dir).map((f) => [f, path.join(dir, f)]));
}

function pdfInfo(file: string): Record<string, string> {
  const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Object.fromEntries(out.split('\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
}

const pdfText = (file: string): string => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

beforeAll(async () => {
  demo = loadLedger(DEMO).ledger;
  // A sample across the demo's documents (every kind, currency and tax case turns up in it): the attachment is byte
  // for byte what --format cii writes, which test/e2e/einvoice.test.ts validates for every document.
  ids = demo.documents.filter((d) => d.kind === 'invoice' || d.kind === 'debit-note' || d.kind === 'credit-note').map((d) => d.id)
    .filter((id, i) => i % 6 === 0 || CLI_SAMPLE.includes(id) || id === 'INV-2026-00012');
  // Every document is made in this process by the code `invoice render --format facturx` runs (a hundred CLI runs
  // would take minutes); the sample below shows the built CLI writes the same bytes.
  const renderPdf = await loadPdfRenderer();
  const fonts = findPdfFonts(process.env);
  for (const id of ids) {
    const issued = invoiceDocument(demo, id, TODAY as LocalDate);
    const inv = issued && invoiceDocument(demo, id, issued.invoice.date);
    const view = inv ? invoiceView(demo, inv) : creditNoteView(demo, creditNoteDocument(demo, id)!);
    const date = inv ? inv.invoice.date : creditNoteDocument(demo, id)!.credit.date;
    const xml = cii(demo, id);
    const pdf = path.join(OUT, `demo-${id}.pdf`);
    const bytes = renderPdf(documentItems(view), fonts, { title: view.title, author: demo.config.company.name, date, pdfa3: facturx(xml) });
    fs.writeFileSync(pdf, bytes);
    docs.set(id, { pdf, cii: xml, extracted: detach(pdf)['factur-x.xml'] ?? '' });
  }
  for (const id of CLI_SAMPLE) {
    const pdf = path.join(OUT, `cli-${id}.pdf`);
    const r = runCli(['invoice', 'render', id, '--format', 'facturx', '--output', pdf, '-L', DEMO]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const c = runCli(['invoice', 'render', id, '--format', 'cii', '-L', DEMO]);
    cli.set(id, { pdf, cii: c.stdout, extracted: detach(pdf)['factur-x.xml'] ?? '' });
  }
  const all = [...docs.values(), ...cli.values()].map((d) => d.extracted).filter((f) => f !== '');
  const r = spawnSync(process.execPath, [VALIDATOR, '--json', ...all], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(r.status === 0 || r.status === 1, `validate.mjs exited ${r.status}: ${r.stderr}`).toBe(true);
  results = new Map((JSON.parse(r.stdout) as Validation[]).map((v) => [path.resolve(ROOT, v.file), v]));
}, 300_000);

afterAll(() => { if (!process.env['KEEP_EINVOICES']) fs.rmSync(OUT, { recursive: true, force: true }); });

describe('invoice render --format facturx: the embedded e-invoice', () => {
  it('embeds in a sample of the demo ledger\'s invoices, debit notes and credit notes exactly its --format cii e-invoice', () => {
    expect(ids.length).toBeGreaterThan(20);
    expect(ids.some((id) => id.startsWith('CN-')) && ids.some((id) => id.startsWith('DN-'))).toBe(true);
    const wrong = [...docs].filter(([, d]) => d.extracted === '' || fs.readFileSync(d.extracted, 'utf8') !== d.cii).map(([id]) => id);
    expect(wrong).toEqual([]);
  });

  it('has an attachment that passes the official EN 16931 rules and the CII schema, for every document of the sample', () => {
    const failures = [...docs.values(), ...cli.values()].map((d) => results.get(d.extracted)).filter((v) => !v || !v.valid)
      .map((v) => v ? `${v.file}: ${v.error ?? ''}${(v.fatal ?? []).map((x) => ` ${x.id} ${x.text}`).join(';')}${(v.schema?.errors ?? []).join(' ')}` : 'not validated');
    expect(failures).toEqual([]);
    expect(results.size).toBe(docs.size + cli.size);
    if (spawnSync('xmllint', ['--version']).status === 0) expect(results.get(docs.get(ids[0]!)!.extracted)!.schema).toMatchObject({ checked: true, valid: true });
  });

  it('the built CLI writes the same PDF, and embeds byte for byte what --format cii writes', () => {
    for (const [id, d] of cli) {
      expect(fs.readFileSync(d.extracted, 'utf8'), id).toBe(d.cii);
      expect(fs.readFileSync(d.pdf).equals(fs.readFileSync(docs.get(id)!.pdf)), id).toBe(true);
    }
  });
});

describe('invoice render --format facturx: the PDF', () => {
  it('is an A4 PDF 1.7 with one attachment, factur-x.xml, embedded as the alternative text/xml form of the invoice', () => {
    const pdf = cli.get('INV-2026-00040')!.pdf;
    const info = pdfInfo(pdf);
    expect(info['Page size']).toMatch(/^595\.\d+ x 841\.\d+ pts \(A4\)$/);
    expect(info['PDF version']).toBe('1.7');
    expect(info['Metadata Stream']).toBe('yes');
    expect(execFileSync('pdfdetach', ['-list', pdf], { encoding: 'utf8' })).toBe('1 embedded files\n1: factur-x.xml\n');
    // The file specification and the stream are plain PDF objects (pdfkit compresses only content streams' data).
    const bytes = fs.readFileSync(pdf).toString('latin1');
    expect(bytes).toMatch(/\/Type \/Filespec\s*\/AFRelationship \/Alternative\s*\/F \(factur-x\.xml\)/);
    expect(bytes).toMatch(/\/Type \/EmbeddedFile\s*(?:\/Params <<[^>]*>>\s*)?\/Subtype \/text#2Fxml/);
    expect(bytes).toMatch(/\/AF \[\d+ 0 R\]/);
    expect(bytes).toMatch(/\/OutputIntents \[\d+ 0 R\]/);
    // PDF/A: every font embedded (the "emb" column).
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim() !== '');
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) expect(f).toMatch(/\s+yes\s+yes\s+yes\s+\d+\s+\d+\s*$/);
  });

  it('reads as the invoice: the total, the IBAN and the payment reference', () => {
    const text = pdfText(cli.get('INV-2026-00040')!.pdf);
    expect(text).toContain('Invoice INV-2026-00040');
    expect(text).toMatch(/Total EUR\s+13,735\.58/);
    expect(text).toMatch(/IBAN\s+DE34 2005 0550 1234 5678 90/);
    expect(text).toMatch(/Payment reference\s+RF90INV202600040/);
    const cn = pdfText(cli.get('CN-2026-0009')!.pdf);
    expect(cn).toContain('Credit note CN-2026-0009');
  });

  it('carries the PDF/A-3B and Factur-X XMP metadata, the same title and author as the document information', () => {
    const xmp = execFileSync('pdfinfo', ['-meta', cli.get('INV-2026-00040')!.pdf], { encoding: 'utf8' });
    expect(xmp).toMatch(/<pdfaid:part>3<\/pdfaid:part>\s*<pdfaid:conformance>B<\/pdfaid:conformance>/);
    expect(xmp).toContain('xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"');
    expect(xmp).toContain('<fx:DocumentType>INVOICE</fx:DocumentType>');
    expect(xmp).toContain('<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>');
    expect(xmp).toContain('<fx:Version>1.0</fx:Version>');
    expect(xmp).toContain('<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>');
    // PDF/A needs a namespace it does not know described by an extension schema.
    expect(xmp).toContain('<pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>');
    for (const p of ['DocumentFileName', 'DocumentType', 'Version', 'ConformanceLevel']) expect(xmp).toContain(`<pdfaProperty:name>${p}</pdfaProperty:name>`);
    expect(xmp).toContain('<rdf:li xml:lang="x-default">Invoice INV-2026-00040</rdf:li>');
    expect(xmp).toContain('<xmp:CreateDate>2026-05-25T00:00:00Z</xmp:CreateDate>');
  });

  it('is the invoice as issued, as its XML is: a paid invoice is still to be paid, and the file is the same whatever today', () => {
    const pdf = path.join(tempDir('arledger-facturx-'), 'out.pdf');
    const r = runCli(['invoice', 'render', 'INV-2026-00012', '--format', 'facturx', '--output', pdf, '-L', DEMO], { env: { ARLEDGER_TODAY: '2027-06-01' } });
    expect(r.code).toBe(0);
    expect(fs.readFileSync(pdf).equals(fs.readFileSync(docs.get('INV-2026-00012')!.pdf))).toBe(true);
    const text = pdfText(pdf);
    expect(text).toMatch(/Amount due\s+487\.47 EUR/);
    expect(text).toMatch(/IBAN\s+DE34 2005 0550 1234 5678 90/);
    expect(text).not.toContain('Paid in full');
    expect(fs.readFileSync(docs.get('INV-2026-00012')!.extracted, 'utf8')).toContain('<ram:DuePayableAmount>487.47</ram:DuePayableAmount>');
    // --as-of is still honoured when given.
    const late = runCli(['invoice', 'render', 'INV-2026-00012', '--format', 'facturx', '--as-of', '2026-11-30', '--output', pdf, '-L', DEMO]);
    expect(late.code).toBe(0);
    expect(pdfText(pdf)).toContain('Paid in full');
  });

  it('keeps the metadata well-formed XML when the company name has & and <', () => {
    const dir = copyLedger(DEMO);
    const file = path.join(dir, 'ledger.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^  name: .*$/m, '  name: "Kessler & <Söhne> GmbH"'));
    const pdf = path.join(tempDir('arledger-facturx-'), 'out.pdf');
    const r = runCli(['invoice', 'render', 'INV-2026-00091', '--format', 'facturx', '--output', pdf, '-L', dir]);
    expect(r.stderr).toBe('');
    expect(pdfInfo(pdf)['Author']).toBe('Kessler & <Söhne> GmbH');
    const xmp = execFileSync('pdfinfo', ['-meta', pdf], { encoding: 'utf8' });
    expect(xmp).toContain('<rdf:li>Kessler &amp; &lt;Söhne&gt; GmbH</rdf:li>');
    const lint = spawnSync('xmllint', ['--noout', '-'], { input: xmp.replace(/^<\?xpacket[^>]*>/, '').replace(/<\?xpacket[^>]*>\s*$/, ''), encoding: 'utf8' });
    if (lint.error === undefined) expect(lint.stderr).toBe('');
  });

  it('writes to a pipe without --output, and refuses a terminal with exit 2', () => {
    const piped = spawnSync(process.execPath, [BIN, 'invoice', 'render', 'CN-2026-0009', '--format', 'facturx', '-L', DEMO], {
      env: { ...process.env, ARLEDGER_TODAY: TODAY },
    });
    expect(piped.status).toBe(0);
    expect(piped.stdout.equals(fs.readFileSync(cli.get('CN-2026-0009')!.pdf))).toBe(true);
    const tty = spawnSync('script', ['-qec', `${process.execPath} ${BIN} invoice render CN-2026-0009 --format facturx -L ${DEMO}`, '/dev/null'], {
      env: { ...process.env, ARLEDGER_TODAY: TODAY }, encoding: 'utf8',
    });
    expect(tty.status).toBe(2);
    expect(tty.stdout).toContain('refusing to write a PDF to the terminal');
    expect(tty.stdout).not.toContain('%PDF');
  });
});

describe('invoice render --format facturx: bad input', () => {
  function refused(args: string[], ledger: string, code: number): string {
    const before = snapshotDir(ledger);
    const out = tempDir('arledger-facturx-');
    const r = runCli([...args, '--output', path.join(out, 'x.pdf'), '-L', ledger]);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(code);
    expect(fs.readdirSync(out)).toEqual([]);
    expect(snapshotDir(ledger)).toEqual(before);
    return r.stderr;
  }

  it('refuses an unknown id, a payment and a write-off as --format cii does (exit 3), writing nothing', () => {
    for (const id of ['INV-2099-00001', 'PAY-000001', 'WO-2026-0001']) {
      const cii = runCli(['invoice', 'render', id, '--format', 'cii', '-L', DEMO]);
      expect(cii.code).toBe(3);
      expect(refused(['invoice', 'render', id, '--format', 'facturx'], DEMO, 3)).toBe(cii.stderr);
    }
    expect(runCli(['invoice', 'render', 'PAY-000001', '--format', 'cii', '-L', DEMO]).stderr)
      .toBe('arledger: PAY-000001 is a payment, not an invoice, debit note or credit note — only those are e-invoices\n');
  });

  it('refuses an invoice that cannot be an e-invoice (no lines, no default tax) with the CII message', () => {
    const dir = copyLedger(DEMO);
    const yaml = fs.readFileSync(path.join(dir, 'ledger.yaml'), 'utf8');
    fs.writeFileSync(path.join(dir, 'ledger.yaml'), yaml.replace(/^einvoice:.*\n(?: .*\n)*/m, ''));
    const err = refused(['invoice', 'render', 'INV-2026-00016', '--format', 'facturx'], dir, 3);
    expect(err).toContain('INV-2026-00016 has no lines in invoice-lines.csv, so its tax is unknown');
    expect(err).toBe(runCli(['invoice', 'render', 'INV-2026-00016', '--format', 'cii', '-L', dir]).stderr);
    // The plain PDF needs no tax category and is still made.
    expect(runCli(['invoice', 'render', 'INV-2026-00016', '--format', 'pdf', '--output', path.join(tempDir(), 'x.pdf'), '-L', dir]).code).toBe(0);
  });

  it('refuses a misspelt format with the formats there are (exit 2)', () => {
    const err = refused(['invoice', 'render', 'INV-2026-00091', '--format', 'zugferd'], DEMO, 2);
    expect(err).toContain('zugferd');
    expect(err).toContain('facturx');
  });
});
