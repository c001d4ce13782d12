// `arledger dunning` through the built CLI: golden letters and output for a fixture ledger at a fixed date, the
// dunning.csv rows it appends, same-day re-runs, --dry-run, --post-fees, templates, and every refusal.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE_CONFIG, BASE_CUSTOMERS, ROOT, copyLedger, runCli, snapshotDir, tempLedger } from '../helpers/cli.js';

const GOLDEN = path.join(ROOT, 'test', 'golden', 'dunning');
const FIXTURE = path.join(GOLDEN, 'ledger');
const AS_OF = '2026-11-30';
const LETTERS = ['ACME-L3', 'MUELLER-L1', 'TOKYO-L3'];

/** Compares with the committed file; UPDATE_GOLDEN=1 rewrites it instead (review the diff before committing). */
function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
  }
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

const read = (dir: string, rel: string): string => fs.readFileSync(path.join(dir, rel), 'utf8');
const fixtureText = (rel: string): string => read(FIXTURE, rel);

describe('dunning --dry-run', () => {
  it('prints the plan as JSON (SPEC §4) and writes nothing', () => {
    const dir = copyLedger(FIXTURE);
    const before = snapshotDir(dir);
    const r = runCli(['dunning', '--dry-run', '--as-of', AS_OF, '--format', 'json', '-L', dir]);
    expect(r.code).toBe(0);
    golden('dry-run.json', r.stdout);
    expect(r.stderr).toBe('arledger: dry run: 3 letters and 5 dunning.csv rows would be written; nothing was written\n');
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('prints letters and skipped customers as tables, as of today by default', () => {
    const dir = copyLedger(FIXTURE);
    const before = snapshotDir(dir);
    const r = runCli(['dunning', '--dry-run', '--post-fees', '-L', dir]);
    expect(r.code).toBe(0);
    golden('dry-run.txt', r.stdout);
    expect(r.stderr).toBe('arledger: dry run: 3 letters and 5 dunning.csv rows would be written with fee debit notes DN-2026-0001, DN-2026-0002; nothing was written\n');
    expect(snapshotDir(dir)).toEqual(before);
  });
});

describe('dunning', () => {
  it('writes one letter per customer in txt, md and html, and logs every listed item', () => {
    const dir = copyLedger(FIXTURE);
    const r = runCli(['dunning', '--as-of', AS_OF, '-L', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('arledger: 3 letters written to outbox/2026-11-30/, 5 rows added to dunning.csv and 3 to notes.csv\n');
    golden('run.txt', r.stdout);
    const written = fs.readdirSync(path.join(dir, 'outbox', AS_OF)).sort();
    expect(written).toEqual(LETTERS.flatMap((l) => [`${l}.html`, `${l}.md`, `${l}.txt`]));
    for (const l of LETTERS) {
      for (const ext of ['txt', 'md', 'html']) golden(`letters/${l}.${ext}`, read(dir, `outbox/${AS_OF}/${l}.${ext}`));
    }
    expect(read(dir, 'dunning.csv')).toBe(`${fixtureText('dunning.csv')}${[
      '2026-11-30,ACME,3,INV-2026-00001,1200.00,25.00,28.14,outbox/2026-11-30/ACME-L3.txt',
      '2026-11-30,ACME,2,INV-2026-00002,300.00,0.00,2.70,outbox/2026-11-30/ACME-L3.txt',
      '2026-11-30,ACME,0,INV-2026-00003,80.00,0.00,0.09,outbox/2026-11-30/ACME-L3.txt',
      '2026-11-30,MUELLER,1,INV-2026-00004,250.500,0.000,0.000,outbox/2026-11-30/MUELLER-L1.txt',
      '2026-11-30,TOKYO,3,INV-2026-00005,150000,25,658,outbox/2026-11-30/TOKYO-L3.txt',
    ].join('\n')}\n`);
    // Nothing but dunning.csv and the outbox changed.
    for (const f of ['invoices.csv', 'payments.csv', 'applications.csv', 'ledger.yaml']) expect(read(dir, f)).toBe(fixtureText(f));
    expect(runCli(['check', '-L', dir]).code).toBe(0);
  });

  it('writes and sends nothing on a second run the same day', () => {
    const dir = copyLedger(FIXTURE);
    expect(runCli(['dunning', '--as-of', AS_OF, '-L', dir]).code).toBe(0);
    const after = snapshotDir(dir);
    const r = runCli(['dunning', '--as-of', AS_OF, '--format', 'json', '-L', dir]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ as_of: AS_OF, letters: [] });
    expect(JSON.parse(r.stdout).skipped).toContainEqual({ customer: 'ACME', reason: 'no-new-level' });
    expect(r.stderr).toBe('arledger: no letters due as of 2026-11-30; nothing was written\n');
    expect(snapshotDir(dir)).toEqual(after);
  });

  it('rewrites letters a crash left without log rows, and logs them', () => {
    const dir = copyLedger(FIXTURE);
    fs.mkdirSync(path.join(dir, 'outbox', AS_OF), { recursive: true });
    fs.writeFileSync(path.join(dir, 'outbox', AS_OF, 'ACME-L3.txt'), 'half a letter');
    expect(runCli(['dunning', '--as-of', AS_OF, '-L', dir]).code).toBe(0);
    expect(read(dir, `outbox/${AS_OF}/ACME-L3.txt`)).toBe(read(GOLDEN, 'letters/ACME-L3.txt'));
    expect(read(dir, 'dunning.csv').split('\n').filter((l) => l.startsWith(AS_OF))).toHaveLength(5);
  });

  it('--post-fees appends a dunning-fee debit note per letter with a fee or interest, in the same transaction', () => {
    const dir = copyLedger(FIXTURE);
    const r = runCli(['dunning', '--as-of', AS_OF, '--post-fees', '-L', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('arledger: 3 letters written to outbox/2026-11-30/, 5 rows added to dunning.csv and 3 to notes.csv, fee debit notes DN-2026-0001, DN-2026-0002 posted\n');
    expect(read(dir, 'invoices.csv')).toBe(`${fixtureText('invoices.csv')}${[
      'DN-2026-0001,debit-note,2026-11-30,2026-11-30,ACME,EUR,55.93,receipt,dunning-fee,"dunning level 3 fee 25.00 and interest 30.93 EUR, letter outbox/2026-11-30/ACME-L3.txt"',
      'DN-2026-0002,debit-note,2026-11-30,2026-11-30,TOKYO,JPY,683,receipt,dunning-fee,"dunning level 3 fee 25 and interest 658 JPY, letter outbox/2026-11-30/TOKYO-L3.txt"',
    ].join('\n')}\n`);
    // A month later the fee notes are overdue but not dunned; the invoices are, with interest from this notice.
    const later = runCli(['dunning', '--as-of', '2026-12-31', '--dry-run', '--format', 'json', '-L', dir]);
    const ids = (JSON.parse(later.stdout) as { letters: { items: { id: string }[] }[] }).letters.flatMap((l) => l.items.map((i) => i.id));
    expect(ids).not.toContain('DN-2026-0001');
    expect(ids).toContain('INV-2026-00003');
  });

  it('renders a ledger\'s own template for one format and the built-in ones for the others', () => {
    const dir = copyLedger(FIXTURE);
    fs.mkdirSync(path.join(dir, 'templates'));
    fs.writeFileSync(path.join(dir, 'templates', 'reminder.txt.mustache'),
      'Hello {{customer.name}}, please pay {{total}} {{currency}}:\n{{#items}}\n- {{id}} {{open}}\n{{/items}}\n');
    expect(runCli(['dunning', '--as-of', AS_OF, '-L', dir]).code).toBe(0);
    expect(read(dir, `outbox/${AS_OF}/MUELLER-L1.txt`)).toBe('Hello Müller & Söhne <Handel> GmbH, please pay 250.500 KWD:\n- INV-2026-00004 250.500\n');
    expect(read(dir, `outbox/${AS_OF}/MUELLER-L1.html`)).toBe(read(GOLDEN, 'letters/MUELLER-L1.html'));
  });

  it('escapes the data for HTML and Markdown', () => {
    const html = read(GOLDEN, 'letters/MUELLER-L1.html');
    expect(html).toContain('Müller &amp; Söhne &lt;Handel&gt; GmbH');
    expect(html).not.toContain('<Handel>');
    expect(html).toMatch(/@media print/);
    expect(html).toMatch(/@page \{ size: A4;/);
    expect(read(GOLDEN, 'letters/MUELLER-L1.md')).toContain('Müller \\& Söhne \\<Handel\\> GmbH');
  });
});

describe('dunning refusals', () => {
  const unchanged = (dir: string, args: string[]): { code: number; stderr: string; stdout: string } => {
    const before = snapshotDir(dir);
    const r = runCli([...args, '-L', dir]);
    expect(snapshotDir(dir)).toEqual(before);
    return r;
  };

  it('a bad --as-of is a usage error (exit 2)', () => {
    const r = unchanged(copyLedger(FIXTURE), ['dunning', '--as-of', '2026-02-30']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('arledger: --as-of "2026-02-30" is not a calendar date — write YYYY-MM-DD, e.g. 2026-11-30\n');
    expect(r.stdout).toBe('');
  });

  it('an unknown --format is a usage error (exit 2)', () => {
    const r = unchanged(copyLedger(FIXTURE), ['dunning', '--format', 'pdf']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/argument 'pdf' is invalid.*table, json, csv, xlsx/);
  });

  it('a broken ledger is a data error (exit 3): nothing written, no letters', () => {
    const dir = copyLedger(FIXTURE);
    fs.appendFileSync(path.join(dir, 'invoices.csv'), 'INV-2026-00099,invoice,2026-09-01,2026-10-01,ACME,EUR,"12,50",net30,,\n');
    const r = unchanged(dir, ['dunning', '--as-of', AS_OF]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('arledger: invoices.csv:13: amount "12,50" uses a comma as the decimal point — write a plain decimal such as 1500.00\n' +
      'arledger: nothing was written (1 problem; `arledger check` lists them)\n');
    expect(fs.existsSync(path.join(dir, 'outbox'))).toBe(false);
  });

  it('refuses to log notices on or before lock_date (exit 3), writing no letters', () => {
    const dir = copyLedger(FIXTURE);
    fs.writeFileSync(path.join(dir, 'ledger.yaml'), fixtureText('ledger.yaml').replace('lock_date: 2026-10-31', 'lock_date: 2026-11-30'));
    const r = unchanged(dir, ['dunning', '--as-of', AS_OF]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^arledger: the books are closed up to 2026-11-30 .*dunning\.csv row dated 2026-11-30/);
  });

  it('refuses a run dated before notices already logged (exit 3)', () => {
    const r = unchanged(copyLedger(FIXTURE), ['dunning', '--as-of', '2026-11-15']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('arledger: dunning.csv already has notices dated 2026-11-20, after --as-of 2026-11-15 — run as of 2026-11-20 or later, or preview the past with --dry-run\n');
  });

  it('a template mustache cannot parse is a data error naming the file (exit 3)', () => {
    const dir = copyLedger(FIXTURE);
    fs.mkdirSync(path.join(dir, 'templates'));
    fs.writeFileSync(path.join(dir, 'templates', 'final-demand.html.mustache'), '<p>{{#items}}{{id}}</p>\n');
    const r = unchanged(dir, ['dunning', '--as-of', AS_OF]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^arledger: templates\/final-demand\.html\.mustache: cannot render the html letter: Unclosed section "items"/);
  });

  it('a level naming a template that exists nowhere is a data error (exit 3)', () => {
    const dir = copyLedger(FIXTURE);
    fs.writeFileSync(path.join(dir, 'ledger.yaml'), fixtureText('ledger.yaml').replace('template: reminder', 'template: gentle-nudge'));
    const r = unchanged(dir, ['dunning', '--as-of', AS_OF]);
    expect(r.code).toBe(3);
    const problem = 'ledger.yaml:11: dunning template "gentle-nudge" of level 1 is not built in and has no templates/gentle-nudge.txt.mustache, ' +
      'templates/gentle-nudge.md.mustache, templates/gentle-nudge.html.mustache — create them, or use one of the built-in templates reminder, second-notice, final-demand';
    expect(r.stderr).toBe(`arledger: ${problem}\narledger: nothing was written (1 problem; \`arledger check\` lists them)\n`);
    // check finds it before the nightly run does.
    const c = unchanged(dir, ['check']);
    expect(c.code).toBe(1);
    expect(c.stdout).toBe(`${problem}\n`);
  });

  it('a template name that would leave templates/ is refused (exit 3)', () => {
    const dir = copyLedger(FIXTURE);
    fs.writeFileSync(path.join(dir, 'ledger.yaml'), fixtureText('ledger.yaml').replace('template: reminder', 'template: "../../etc/passwd"'));
    const r = unchanged(dir, ['dunning', '--as-of', AS_OF]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('dunning template "../../etc/passwd" is not a template name');
  });

  it('when the letters cannot be written, logs nothing (exit 5)', () => {
    const dir = copyLedger(FIXTURE);
    fs.writeFileSync(path.join(dir, 'outbox'), 'a file where the outbox directory should be');
    const r = unchanged(dir, ['dunning', '--as-of', AS_OF]);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/^arledger: cannot write the letters in .*outbox: .*; nothing was written\n$/);
  });

  it('a ledger with nothing overdue writes nothing', () => {
    const dir = tempLedger({ 'ledger.yaml': BASE_CONFIG, 'customers.yaml': BASE_CUSTOMERS });
    const r = unchanged(dir, ['dunning', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ as_of: AS_OF, letters: [], skipped: [] });
  });
});

describe('dunning on the demo ledger: letters that say what is true', () => {
  const DEMO = path.join(ROOT, 'ledgers', 'demo');
  /** Runs dunning as of a date that is also "today", as the nightly job would. */
  const dun = (dir: string, asOf: string, ...extra: string[]): ReturnType<typeof runCli> =>
    runCli(['dunning', '--as-of', asOf, ...extra, '-L', dir], { env: { ARLEDGER_TODAY: asOf } });
  interface Letter { customer: string; level: number; total: string; unapplied: string; amount_due: string; previous_notices: { date: string; level: number }[] }
  const lettersOf = (stdout: string): Map<string, Letter> =>
    new Map((JSON.parse(stdout) as { letters: Letter[] }).letters.map((l) => [l.customer, l]));
  const withHaasPayment = (amount: string): string => {
    const dir = copyLedger(DEMO);
    fs.appendFileSync(path.join(dir, 'payments.csv'), `PAY-900001,2026-12-20,HAAS,EUR,${amount},transfer,,,\n`);
    return dir;
  };

  it('deducts HAAS\'s unapplied 340.00, prints the company once, and names earlier letters as they escalate', () => {
    const dir = withHaasPayment('340.00');
    const first = dun(dir, '2026-12-31', '--email', '--format', 'json');
    expect(first.code).toBe(0);
    expect(lettersOf(first.stdout).get('HAAS')).toMatchObject({
      level: 1, total: '10011.23', unapplied: '340.00', amount_due: '9671.23', previous_notices: [],
    });
    const base = `outbox/2026-12-31/HAAS-L1`;
    const txt = read(dir, `${base}.txt`);
    expect(txt.startsWith('Kessler Messtechnik GmbH\nGroße Elbstraße 145\n22767 Hamburg\nGermany\n')).toBe(true);
    expect(txt).toContain('Less unapplied credit     -340.00 EUR\nTotal now due            9,671.23 EUR');
    expect(txt).toContain('Please pay 9,671.23 EUR within 14 days');
    expect(txt).toContain('Our records show that the following items on your account are past due. Perhaps they have been overlooked.');
    for (const ext of ['txt', 'md', 'html']) {
      // In the letterhead, as the account holder and under the signature; the address no longer repeats it.
      expect(read(dir, `${base}.${ext}`).match(/Kessler Messtechnik GmbH/g)).toHaveLength(3);
      expect(read(dir, `${base}.${ext}`)).toContain('IBAN DE34 2005 0550 1234 5678 90, BIC HASPDEHHXXX');
      expect(read(dir, `${base}.${ext}`)).toContain('RF');
      expect(read(dir, `${base}.${ext}`)).toContain('VAT ID DE812345673');
    }
    const eml = read(dir, `${base}.eml`);
    expect(eml).not.toMatch(/Kessler Messtechnik GmbH\r?\nKessler Messtechnik GmbH/);
    expect(eml).toContain('Less unapplied credit');
    // GREENFIELD's first letter ever is a final demand: it must not claim earlier ones.
    const greenfield = read(dir, 'outbox/2026-12-31/GREENFIELD-L3.txt');
    expect(greenfield).toContain('The following items on your account are long overdue and remain unpaid.');
    expect(greenfield).not.toMatch(/several times|wrote to you|despite/i);

    const second = dun(dir, '2027-01-15', '--format', 'json');
    expect(lettersOf(second.stdout).get('HAAS')).toMatchObject({ level: 2, previous_notices: [{ date: '2026-12-31', level: 1 }] });
    expect(read(dir, 'outbox/2027-01-15/HAAS-L2.txt')).toContain('Despite our reminder of 2026-12-31, the following items on your account remain unpaid.');

    const third = dun(dir, '2027-02-10', '--format', 'json');
    expect(lettersOf(third.stdout).get('HAAS')).toMatchObject({
      level: 3, previous_notices: [{ date: '2026-12-31', level: 1 }, { date: '2027-01-15', level: 2 }],
    });
    for (const ext of ['txt', 'md', 'html']) {
      expect(read(dir, `outbox/2027-02-10/HAAS-L3.${ext}`))
        .toContain('We wrote to you about your account in our reminder of 2026-12-31 and second notice of 2027-01-15, without result.');
    }
    expect(runCli(['check', '-L', dir]).code).toBe(0);
  });

  it('writes no letter to HAAS when its unapplied money covers what is overdue', () => {
    const dir = withHaasPayment('10011.23');
    const before = snapshotDir(dir);
    const r = dun(dir, '2026-12-31', '--dry-run', '--format', 'json');
    expect(r.code).toBe(0);
    expect(lettersOf(r.stdout).has('HAAS')).toBe(false);
    expect(JSON.parse(r.stdout).skipped).toContainEqual({ customer: 'HAAS', reason: 'below-min-amount' });
    expect(snapshotDir(dir)).toEqual(before);
    const table = dun(dir, '2026-12-31', '--dry-run');
    expect(table.stdout).toMatch(/\| HAAS +\| below-min-amount \| overdue total less unapplied credit below dunning\.min_amount \|/);
  });

  it('gives a ledger\'s own templates the history and the credit', () => {
    const dir = withHaasPayment('340.00');
    fs.mkdirSync(path.join(dir, 'templates'));
    fs.writeFileSync(path.join(dir, 'templates', 'reminder.txt.mustache'),
      '{{#first_notice}}first{{/first_notice}}{{^first_notice}}after {{previous_notices_text}}{{/first_notice}}; ' +
      '{{#previous_notices}}[{{date}} L{{level}} {{name}}]{{/previous_notices}}; ' +
      'subtotal {{subtotal}} less {{unapplied}} = {{amount_due}} (total {{total}})\n');
    expect(dun(dir, '2026-12-31').code).toBe(0);
    expect(read(dir, 'outbox/2026-12-31/HAAS-L1.txt')).toBe('first; ; subtotal 10,011.23 less 340.00 = 9,671.23 (total 9,671.23)\n');
    // A custom template with a broken section over the new fields is refused like any other.
    fs.writeFileSync(path.join(dir, 'templates', 'second-notice.txt.mustache'), '{{#previous_notices}}{{date}}\n');
    const before = snapshotDir(dir);
    const r = dun(dir, '2027-01-15');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^arledger: templates\/second-notice\.txt\.mustache: cannot render the txt letter: Unclosed section "previous_notices"/);
    expect(snapshotDir(dir)).toEqual(before);
  });
});
