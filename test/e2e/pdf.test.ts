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

  it('prints a credit note naming the invoice it corrects, and no internal reason', () => {
    const r = render(['invoice', 'render', 'CN-2026-0003'], DEMO);
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
