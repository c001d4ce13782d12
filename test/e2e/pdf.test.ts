// PDF documents through the built CLI, read back as a customer's software would: pdftotext (poppler-utils) for
// the text, pdfinfo for the page size, pdffonts for embedded fonts. Also where a PDF may go (--output, a pipe, never
// a terminal), what happens without the fonts it needs, and dunning's PDFs and their e-mail attachment.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, copyLedger, runCli, snapshotDir, tempDir } from '../helpers/cli.js';

const DEMO = path.join(ROOT, 'ledgers', 'demo');
const FIXTURE = path.join(ROOT, 'test', 'golden', 'documents', 'ledger');

function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

function pdfInfo(file: string): Record<string, string> {
  const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Object.fromEntries(out.split('\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
}

/** The demo ledger with names in three scripts, as a customer base across Europe and Japan has them. */
function demoWithNames(): string {
  const dir = copyLedger(DEMO);
  const file = path.join(dir, 'customers.yaml');
  const yaml = fs.readFileSync(file, 'utf8')
    .replace('name: "Sakura Denshi K.K."', 'name: "サクラ電子株式会社"')
    .replace('name: "Oliveira & Filhos, Lda."', 'name: "Oliveira & Filhos, Lda., São João"');
  fs.writeFileSync(file, yaml);
  return dir;
}

function render(args: string[], dir: string, env: Record<string, string> = {}): { file: string; code: number; stderr: string } {
  const file = path.join(tempDir('arledger-pdf-'), 'out.pdf');
  const r = runCli([...args, '--format', 'pdf', '--output', file, '-L', dir], { env });
  return { file, code: r.code, stderr: r.stderr };
}

/**
 * A PDF of the demo ledger, rendered once for every test that reads it (the demo is never changed in place): a PDF
 * run loads the fonts and the PDF maker, the costliest start of any command.
 */
const demoPdfs = new Map<string, ReturnType<typeof render>>();
function demoPdf(args: string[]): ReturnType<typeof render> {
  const key = JSON.stringify(args);
  let r = demoPdfs.get(key);
  if (!r) demoPdfs.set(key, (r = render(args, DEMO)));
  return r;
}

describe('invoice render --format pdf', () => {
  it('prints an A4 invoice with the parties, lines, tax summary, totals and payment reference, fonts embedded', () => {
    const r = render(['invoice', 'render', 'INV-2026-00091', '--as-of', '2026-11-10'], DEMO);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const info = pdfInfo(r.file);
    expect(info['Page size']).toMatch(/^595\.\d+ x 841\.\d+ pts \(A4\)$/);
    expect(info['Pages']).toBe('1');
    const text = pdfText(r.file);
    for (const s of ['Invoice INV-2026-00091', 'Kessler Messtechnik GmbH', 'Müller & Söhne GmbH', 'Königstraße 41', 'Tax summary', '19 %', 'Payment reference', '2026-12-09']) {
      expect(text).toContain(s);
    }
    expect(text).toMatch(/Total EUR\s+6,488\.83/);
    const fonts = execFileSync('pdffonts', [r.file], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim() !== '');
    expect(fonts.length).toBeGreaterThan(0);
    // Embedded and subset: the "emb" and "sub" columns say yes for every font.
    for (const f of fonts) expect(f).toMatch(/\s+yes\s+yes\s+yes\s+\d+\s+\d+\s*$/);
  });

  it('prints every name of the demo ledger: Müller, São João, サクラ電子', () => {
    const dir = demoWithNames();
    const jp = render(['invoice', 'render', 'INV-2026-00102'], dir);
    expect(jp.stderr).toBe('');
    const text = pdfText(jp.file);
    expect(text).toContain('サクラ電子株式会社');
    expect(text).toMatch(/Total JPY\s+1,077,760/);
    expect(text).not.toMatch(/1077760/);
    const pt = runCli(['invoice', 'list', '--customer', 'OLIVEIRA', '--format', 'json', '-L', dir]);
    const id = (JSON.parse(pt.stdout) as { invoices: { id: string }[] }).invoices[0]!.id;
    expect(pdfText(render(['invoice', 'render', id], dir).file)).toContain('São João');
  });

  it('shows bidi overrides in names as escapes, as the HTML does', () => {
    const dir = copyLedger(DEMO);
    const file = path.join(dir, 'customers.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('name: "Müller & Söhne GmbH"', 'name: "Müller \\u202E& Söhne \\u2066GmbH"'));
    const r = render(['invoice', 'render', 'INV-2026-00091'], dir);
    expect(r.stderr).toBe('');
    const text = pdfText(r.file);
    expect(text).toContain('Müller \\u202E& Söhne \\u2066GmbH');
    expect(text).not.toMatch(/[\u202e\u2066]/);
  });

  it('prints a credit note naming the invoice it corrects, and no internal reason', () => {
    const r = demoPdf(['invoice', 'render', 'CN-2026-0003']);
    expect(r.code).toBe(0);
    const text = pdfText(r.file);
    expect(text).toContain('Credit note CN-2026-0003');
    expect(text).toContain('INV-2026-00022 of 2026-03-17');
    expect(text).toMatch(/Credit total EUR\s+348\.78/);
    expect(text).not.toContain('Damaged in transit');
  });

  it('writes to a pipe without --output, and refuses a terminal with exit 2', () => {
    const piped = spawnSync(process.execPath, [BIN, 'invoice', 'render', 'INV-2026-00002', '--format', 'pdf', '-L', DEMO], {
      env: { ...process.env, ARLEDGER_TODAY: '2026-11-30' },
    });
    expect(piped.status).toBe(0);
    expect(piped.stdout.subarray(0, 5).toString()).toBe('%PDF-');
    expect(piped.stdout.subarray(-6).toString()).toContain('%%EOF');
    // `script` gives the command a terminal as its stdout.
    const tty = spawnSync('script', ['-qec', `${process.execPath} ${BIN} invoice render INV-2026-00002 --format pdf -L ${DEMO}`, '/dev/null'], {
      env: { ...process.env, ARLEDGER_TODAY: '2026-11-30' }, encoding: 'utf8',
    });
    expect(tty.status).toBe(2);
    expect(tty.stdout).toContain('refusing to write a PDF to the terminal');
    expect(tty.stdout).not.toContain('%PDF');
  });

  it('fails with exit 5 and a clear message when --output cannot be written', () => {
    const r = runCli(['invoice', 'render', 'INV-2026-00002', '--format', 'pdf', '--output', '/nonexistent-dir/x.pdf', '-L', DEMO]);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('cannot write /nonexistent-dir/x.pdf');
  });

  it('names the character no installed font has, and writes nothing, rather than print boxes', () => {
    const fonts = tempDir('arledger-fonts-');
    for (const f of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']) fs.copyFileSync(path.join('/usr/share/fonts/truetype/dejavu', f), path.join(fonts, f));
    const dir = demoWithNames();
    const r = render(['invoice', 'render', 'INV-2026-00102'], dir, { ARLEDGER_FONT_PATH: fonts });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/cannot make the PDF: no installed font has the character "サ" \(U\+30B5\)/);
    expect(r.stderr).toContain('fonts-noto-cjk');
    expect(fs.existsSync(r.file)).toBe(false);
    // Latin names still print with DejaVu alone.
    expect(render(['invoice', 'render', 'INV-2026-00002'], dir, { ARLEDGER_FONT_PATH: fonts }).code).toBe(0);
  });

  it('says which font to install when there is none, with exit 5', () => {
    const r = render(['invoice', 'render', 'INV-2026-00002'], DEMO, { ARLEDGER_FONT_PATH: tempDir('arledger-nofonts-') });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('the font DejaVu Sans (DejaVuSans.ttf, DejaVuSans-Bold.ttf) is not installed');
  });
});

describe('statement --format pdf', () => {
  it("keeps MUELLER's whole year to two A4 pages, numbered, with every date and amount whole", () => {
    const r = render(['statement', 'MUELLER', '--from', '2026-01-01', '--to', '2026-11-30'], DEMO);
    expect(r.code).toBe(0);
    expect(pdfInfo(r.file)['Pages']).toBe('2');
    expect(pdfInfo(r.file)['Page size']).toContain('(A4)');
    const text = pdfText(r.file);
    expect(text).toContain('page 1 of 2');
    expect(text).toContain('page 2 of 2');
    expect(text).toMatch(/2026-03-02\s+INV-2026-00019\s+Invoice\s+8,712\.11/);
    expect(text).not.toMatch(/\d{4}-\s*$/m);
    expect(text).not.toContain('Early-payment discount 2 %');
  });

  it("fits the demo's MUELLER statement of this month on one page", () => {
    const r = render(['statement', 'MUELLER'], DEMO);
    expect(r.code).toBe(0);
    expect(pdfInfo(r.file)['Pages']).toBe('1');
    expect(pdfText(r.file)).not.toContain('page 1 of');
  });
});

describe('dunning --pdf and --email', () => {
  it('writes each letter as a PDF beside the text, and --email attaches it', () => {
    const dir = copyLedger(FIXTURE);
    const r = runCli(['dunning', '--as-of', '2026-12-31', '--email', '-L', dir], { env: { ARLEDGER_TODAY: '2026-12-31' } });
    expect(r.stderr).toContain('2 letters written');
    expect(r.code).toBe(0);
    const out = path.join(dir, 'outbox', '2026-12-31');
    expect(fs.readdirSync(out).filter((f) => f.endsWith('.pdf')).sort()).toEqual(['ACME-L2.pdf', 'MUELLER-L1.pdf']);
    const text = pdfText(path.join(out, 'ACME-L2.pdf'));
    expect(text).toContain('INV-2026-00002');
    expect(text).toContain('Second notice');
    expect(pdfInfo(path.join(out, 'ACME-L2.pdf'))['Page size']).toContain('(A4)');
    const eml = fs.readFileSync(path.join(out, 'ACME-L2.eml'), 'utf8');
    expect(eml).toMatch(/Content-Type: application\/pdf; name=ACME-L2\.pdf/);
    expect(eml).toMatch(/Content-Disposition: attachment; filename=ACME-L2\.pdf/);
    // The attachment is the letter's PDF, byte for byte.
    const part = eml.split(/Content-Type: application\/pdf[^]*?\r\n\r\n/)[1]!.split('\r\n--')[0]!;
    expect(Buffer.from(part.replace(/\r\n/g, ''), 'base64').equals(fs.readFileSync(path.join(out, 'ACME-L2.pdf')))).toBe(true);
  });

  it('refuses the run with nothing written when the fonts are missing', () => {
    const dir = copyLedger(FIXTURE);
    const before = snapshotDir(dir);
    const r = runCli(['dunning', '--as-of', '2026-12-31', '--pdf', '-L', dir], {
      env: { ARLEDGER_TODAY: '2026-12-31', ARLEDGER_FONT_PATH: tempDir('arledger-nofonts-') },
    });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('DejaVu Sans');
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('--dry-run --pdf makes the PDFs to prove they can be made, and writes nothing', () => {
    const dir = copyLedger(FIXTURE);
    const before = snapshotDir(dir);
    const r = runCli(['dunning', '--as-of', '2026-12-31', '--pdf', '--dry-run', '-L', dir], { env: { ARLEDGER_TODAY: '2026-12-31' } });
    expect(r.code).toBe(0);
    expect(snapshotDir(dir)).toEqual(before);
  });
});

/** The QR codes zbarimg finds on the PDF's first page, as text. */
function qrCodes(pdf: string): string[] {
  const png = path.join(tempDir('arledger-qr-'), 'page');
  execFileSync('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', pdf, png]);
  const file = fs.readdirSync(path.dirname(png)).find((f) => f.endsWith('.png'))!;
  const r = spawnSync('zbarimg', ['-q', '--raw', '-Sbinary', path.join(path.dirname(png), file)], { encoding: 'utf8' });
  return r.stdout === '' ? [] : [r.stdout.replace(/\n$/, '')];
}

describe('payment details on documents', () => {
  it('prints the VAT ids, registration, IBAN, BIC and RF reference, and an EPC QR code a banking app reads', () => {
    const r = demoPdf(['invoice', 'render', 'INV-2026-00040']);
    expect(r.code).toBe(0);
    const text = pdfText(r.file);
    for (const s of ['VAT ID DE812345673', 'HRB 123456, Amtsgericht Hamburg', 'VAT ID DE461820358', 'DE34 2005 0550 1234 5678 90', 'HASPDEHHXXX', 'RF90INV202600040']) {
      expect(text).toContain(s);
    }
    expect(qrCodes(r.file)).toEqual([
      ['BCD', '002', '1', 'SCT', 'HASPDEHHXXX', 'Kessler Messtechnik GmbH', 'DE34200505501234567890', 'EUR13735.58', '', 'RF90INV202600040'].join('\n'),
    ]);
  });

  it('puts the same QR code in the HTML invoice, as inline SVG', () => {
    const r = runCli(['invoice', 'render', 'INV-2026-00040', '--format', 'html', '-L', DEMO]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/<figure class="qr"><svg [^>]*aria-label="EPC payment QR code"/);
    expect(r.stdout).toContain('Reference RF90INV202600040');
  });

  it('has no QR code on a paid invoice or outside euros, and no bank account for a currency without one', () => {
    expect(qrCodes(render(['invoice', 'render', 'INV-2026-00002'], DEMO).file)).toEqual([]);
    const jpy = render(['invoice', 'render', 'INV-2026-00102'], DEMO);
    expect(qrCodes(jpy.file)).toEqual([]);
    expect(pdfText(jpy.file)).not.toContain('IBAN');
    const usd = runCli(['invoice', 'render', 'INV-2026-00032', '-L', DEMO]).stdout;
    expect(usd).toContain('IBAN:              DE12 2004 0000 0123 4567 00');
    expect(usd).not.toContain('DE34 2005');
  });

  it('gives a statement the account, each open item\'s reference, and a QR code for the balance', () => {
    const r = runCli(['statement', 'NORDLICHT', '-L', DEMO]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/INV-2026-00040 +RF90INV202600040 +2026-06-24/);
    expect(r.stdout).toContain('IBAN:           DE34 2005 0550 1234 5678 90');
    for (const line of r.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    const pdf = demoPdf(['statement', 'NORDLICHT']);
    const [code] = qrCodes(pdf.file);
    expect(code!.split('\n').slice(0, 8)).toEqual(['BCD', '002', '1', 'SCT', 'HASPDEHHXXX', 'Kessler Messtechnik GmbH', 'DE34200505501234567890', expect.stringMatching(/^EUR\d+\.\d\d$/)]);
    expect(code).toContain('RF90INV202600040');
  });
});

describe('EPC QR codes on letters', () => {
  it('puts the code for the total now due in the HTML letter and its PDF, with the RF reference', () => {
    const dir = copyLedger(DEMO);
    const r = runCli(['dunning', '--pdf', '-L', dir]);
    expect(r.code).toBe(0);
    const out = path.join(dir, 'outbox', '2026-11-30');
    const expected = ['BCD', '002', '1', 'SCT', 'HASPDEHHXXX', 'Kessler Messtechnik GmbH', 'DE34200505501234567890', 'EUR6957.50', '', 'RF34INV202600078'].join('\n');
    expect(qrCodes(path.join(out, 'OLIVEIRA-L1.pdf'))).toEqual([expected]);
    expect(fs.readFileSync(path.join(out, 'OLIVEIRA-L1.html'), 'utf8')).toMatch(/<figure class="qr"><svg [^>]*aria-label="EPC payment QR code"/);
    // Dollars and yen are not SEPA transfers: no code.
    expect(fs.readFileSync(path.join(out, 'SAKURA-L2.html'), 'utf8')).not.toContain('<svg');
    expect(qrCodes(path.join(out, 'SAKURA-L2.pdf'))).toEqual([]);
  });
});

describe('templates/invoice and templates/statement', () => {
  it('renders a ledger\'s own invoice template for one format and the built-in layout for the others', () => {
    const dir = copyLedger(FIXTURE);
    fs.mkdirSync(path.join(dir, 'templates'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'templates', 'invoice.txt.mustache'),
      '{{title}} for {{#parties}}{{#lines.length}}{{/lines.length}}{{/parties}}{{f.invoice_no}} due {{f.due_date}}\n{{#tables}}{{title}}:{{#rows}} [{{#cells}}{{value}}|{{/cells}}]{{/rows}}\n{{/tables}}{{#totals}}{{label}}={{value}}\n{{/totals}}{{#payment}}{{label}}: {{value}}\n{{/payment}}');
    const txt = runCli(['invoice', 'render', 'INV-2026-00003', '--as-of', '2026-11-15', '-L', dir]);
    expect(txt.stderr).toBe('');
    expect(txt.stdout).toContain('Invoice INV-2026-00003 for INV-2026-00003 due 2026-12-05');
    expect(txt.stdout).toContain('Lines: [1|Support hours|2.5|100.00|20 %|250.00|]');
    expect(txt.stdout).toContain('Total EUR=363.00');
    expect(txt.stdout).toContain('Payment reference: INV-2026-00003');
    expect(runCli(['invoice', 'render', 'INV-2026-00003', '--format', 'md', '-L', dir]).stdout).toMatch(/^# Invoice INV-2026-00003/);
  });

  it('gives an HTML invoice template the EPC QR code as SVG', () => {
    const dir = copyLedger(DEMO);
    fs.mkdirSync(path.join(dir, 'templates'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'templates', 'invoice.html.mustache'), '<h1>{{title}}</h1>{{#has_qr}}{{{qr_svg}}}{{/has_qr}}<p>{{f.payment_reference}} {{f.iban}}</p>\n');
    const r = runCli(['invoice', 'render', 'INV-2026-00040', '--format', 'html', '-L', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<h1>Invoice INV-2026-00040<\/h1><svg [^>]*aria-label="EPC payment QR code"/);
    expect(r.stdout).toContain('<p>RF90INV202600040 DE34 2005 0550 1234 5678 90</p>');
  });

  it('sets the PDF from the Markdown template when there is one', () => {
    const dir = copyLedger(FIXTURE);
    fs.mkdirSync(path.join(dir, 'templates'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'templates', 'statement.md.mustache'), '# Kontoauszug {{f.customer}}\n\n{{#totals}}**{{label}}**: {{value}}  \n{{/totals}}\n');
    const r = render(['statement', 'ACME'], dir);
    expect(r.code).toBe(0);
    const text = pdfText(r.file);
    expect(text).toContain('Kontoauszug ACME');
    expect(text).toMatch(/Closing balance at 2026-11-30 EUR: 733\.00/);
  });

  it('refuses a template mustache cannot parse, naming it, and check reports it', () => {
    const dir = copyLedger(FIXTURE);
    fs.mkdirSync(path.join(dir, 'templates'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'templates', 'statement.html.mustache'), '<p>{{#totals}}{{label}}</p>\n');
    const before = snapshotDir(dir);
    const r = runCli(['statement', 'ACME', '--format', 'html', '-L', dir]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('templates/statement.html.mustache: cannot render the statement: Unclosed section "totals"');
    const check = runCli(['check', '-L', dir]);
    expect(check.code).not.toBe(0);
    expect(check.stdout + check.stderr).toContain('templates/statement.html.mustache');
    expect(snapshotDir(dir)).toEqual(before);
  });
});

describe('golden documents of the demo ledger, with bank details and RF references', () => {
  const GOLDEN = path.join(ROOT, 'test', 'golden', 'documents', 'demo');
  /** Compares with the committed file; UPDATE_GOLDEN=1 rewrites it instead (review the diff before committing). */
  function golden(name: string, actual: string): void {
    const file = path.join(GOLDEN, name);
    if (process.env['UPDATE_GOLDEN'] === '1') {
      fs.mkdirSync(GOLDEN, { recursive: true });
      fs.writeFileSync(file, actual);
    }
    expect(actual).toBe(fs.readFileSync(file, 'utf8'));
  }
  const ok = (args: string[]): string => {
    const r = runCli([...args, '-L', DEMO]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r.stdout;
  };

  for (const format of ['txt', 'md', 'html'] as const) {
    it(`renders an open euro invoice as ${format}`, () => golden(`INV-2026-00040.${format}`, ok(['invoice', 'render', 'INV-2026-00040', '--format', format])));
    it(`renders a credit note as ${format}`, () => golden(`CN-2026-0003.${format}`, ok(['invoice', 'render', 'CN-2026-0003', '--format', format])));
    it(`renders a statement with RF references as ${format}`, () => golden(`statement-NORDLICHT.${format}`, ok(['statement', 'NORDLICHT', '--format', format])));
  }

  it('renders a yen invoice without lines, its tax from ledger.yaml, as txt', () => golden('INV-2026-00037.txt', ok(['invoice', 'render', 'INV-2026-00037'])));

  it('reads the same text back from the PDFs', () => {
    golden('INV-2026-00040.pdf.txt', pdfText(demoPdf(['invoice', 'render', 'INV-2026-00040']).file));
    golden('CN-2026-0003.pdf.txt', pdfText(demoPdf(['invoice', 'render', 'CN-2026-0003']).file));
    golden('statement-NORDLICHT.pdf.txt', pdfText(demoPdf(['statement', 'NORDLICHT']).file));
  });
});
