// Mail through a real SMTP server (smtp-server on 127.0.0.1, STARTTLS and AUTH required): the .eml as composed,
// the message as received, header injection refused, and delivery state: retried after a failure, never twice.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RefusedError } from '../../src/core/issues.js';
import { loadLedger } from '../../src/io/load.js';
import {
  composeEml, deliverPending, emailLetters, mailParties, outboxMessages, smtpUrlFrom, writeEml, type MailMessage,
} from '../../src/io/mail.js';
import { BIN, ROOT, copyLedger, runCli, snapshotDir, type CliResult } from '../helpers/cli.js';

const FIXTURE = path.join(ROOT, 'test', 'golden', 'documents', 'ledger');

interface Received { from: string; to: string[]; raw: string; user: string }
const received: Received[] = [];
let rejectRecipients = false;
let server: SMTPServer;
let port = 0;

beforeAll(async () => {
  server = new SMTPServer({
    // No AUTH before STARTTLS: the client must upgrade with the server's built-in self-signed certificate.
    secure: false,
    allowInsecureAuth: false,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === 'ar' && auth.password === 's3cret') return cb(null, { user: 'ar' });
      return cb(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, cb) {
      if (rejectRecipients) {
        const err = new Error('mailbox unavailable') as Error & { responseCode: number };
        err.responseCode = 550;
        return cb(err);
      }
      return cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: String(session.user ?? ''),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received.length = 0;
  rejectRecipients = false;
});

const url = (user = 'ar', pass = 's3cret'): string => `smtp://${user}:${pass}@127.0.0.1:${port}?tls.rejectUnauthorized=false&requireTLS=true`;

function message(overrides: Partial<MailMessage> = {}): MailMessage {
  const { ledger } = loadLedger(FIXTURE);
  const parties = mailParties(ledger.config, ledger.customers.get('MUELLER')!);
  return {
    ...parties,
    subject: 'Statement of account MUELLER, November 2026',
    text: 'Balance due 595.00 EUR.\nGrüße aus Springfield\n',
    html: '<!DOCTYPE html><html><body><p>Balance due <b>595.00 EUR</b>.</p><p>Grüße aus Springfield</p></body></html>',
    key: 'statement.MUELLER.2026-11-30',
    date: new Date('2026-11-30T09:00:00Z'),
    ...overrides,
  };
}

/** RFC 2047 encoded words (Q or B, UTF-8) back to text, enough to read the headers MailComposer writes. */
function decodeWords(value: string): string {
  return value.replace(/=\?UTF-8\?([QB])\?([^?]*)\?=(?:\s+(?==\?))?/gi, (_, enc: string, text: string) => (enc.toUpperCase() === 'B'
    ? Buffer.from(text, 'base64').toString('utf8')
    : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (__, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')));
}

function headersOf(raw: string): Map<string, string[]> {
  const head = raw.slice(0, raw.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
  const out = new Map<string, string[]>();
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(':');
    const k = line.slice(0, i).toLowerCase();
    out.set(k, [...(out.get(k) ?? []), line.slice(i + 1).trim()]);
  }
  return out;
}

describe('composeEml', () => {
  it('writes an RFC 5322 multipart/alternative message with an encoded non-ASCII name', async () => {
    const raw = (await composeEml(message())).toString('utf8');
    const h = headersOf(raw);
    expect(h.get('from')).toEqual(['Northwind Traders Ltd <ar@northwind.example>']);
    expect(h.get('to')![0]).toMatch(/^=\?UTF-8\?[QB]\?/i);
    expect(h.get('to')![0]).toContain('<buchhaltung@mueller.example>');
    expect(decodeWords(h.get('to')![0]!)).toBe('Müller & Söhne GmbH <buchhaltung@mueller.example>');
    expect(h.get('subject')).toEqual(['Statement of account MUELLER, November 2026']);
    expect(h.get('date')).toEqual(['Mon, 30 Nov 2026 09:00:00 +0000']);
    expect(h.get('message-id')).toEqual(['<statement.MUELLER.2026-11-30.arledger@northwind.example>']);
    expect(h.get('mime-version')).toEqual(['1.0']);
    expect(h.get('content-type')![0]).toMatch(/^multipart\/alternative; boundary=/);
    expect(raw).toMatch(/Content-Type: text\/plain; charset=utf-8/);
    expect(raw).toMatch(/Content-Type: text\/html; charset=utf-8/);
    expect(raw).toContain('\r\n');
    // eslint-disable-next-line no-control-regex
    expect(raw).toMatch(/^[\x00-\x7f]*$/);
  });

  it.each([
    ['subject', { subject: 'Hello\r\nBcc: victim@evil.example' }, 'Subject'],
    ['subject with LF only', { subject: 'Hello\nBcc: victim@evil.example' }, 'Subject'],
    ['recipient name', { to: { name: 'Eve\r\nBcc: victim@evil.example', address: 'eve@evil.example' } }, 'To name'],
    ['sender name', { from: { name: 'Co\nX-Injected: 1', address: 'ar@northwind.example' } }, 'From name'],
    ['recipient address', { to: { name: 'Eve', address: 'eve@evil.example\r\nBcc: x@y.example' } }, 'To address'],
  ] as const)('refuses a line break in the %s (header injection) and writes nothing', async (_what, o, field) => {
    const dir = copyLedger(FIXTURE);
    const before = snapshotDir(dir);
    const err = await writeEml(dir, 'outbox/2026-11-30/MUELLER.eml', message(o as Partial<MailMessage>)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedError);
    expect((err as Error).message).toContain(`${field} `);
    expect((err as Error).message).toContain('would inject a mail header');
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('refuses a customer without an e-mail address', () => {
    const { ledger } = loadLedger(FIXTURE);
    const c = { ...ledger.customers.get('ACME')!, email: '' };
    expect(() => mailParties(ledger.config, c)).toThrow(/customer ACME has no email in customers.yaml/);
  });

  it('reads the server from ARLEDGER_SMTP_URL and never prints its password', () => {
    expect(() => smtpUrlFrom({})).toThrow(/ARLEDGER_SMTP_URL/);
    expect(() => smtpUrlFrom({ ARLEDGER_SMTP_URL: 'http://u:hunter2@x' })).toThrow(/u:\*\*\*@x/);
    expect(() => smtpUrlFrom({ ARLEDGER_SMTP_URL: 'http://u:hunter2@x' })).not.toThrow(/hunter2/);
    expect(smtpUrlFrom({ ARLEDGER_SMTP_URL: 'smtp://u:p@127.0.0.1:2525' })).toBe('smtp://u:p@127.0.0.1:2525');
  });
});

describe('deliverPending over SMTP', () => {
  it('sends over STARTTLS with AUTH, as composed, and marks the message sent', async () => {
    const dir = copyLedger(FIXTURE);
    await writeEml(dir, 'outbox/2026-11-30/MUELLER-statement.eml', message());
    const eml = fs.readFileSync(path.join(dir, 'outbox/2026-11-30/MUELLER-statement.eml'), 'utf8');
    const result = await deliverPending(dir, url());
    expect(result).toEqual([expect.objectContaining({ file: 'outbox/2026-11-30/MUELLER-statement.eml', status: 'sent', to: 'buchhaltung@mueller.example' })]);
    expect(received).toHaveLength(1);
    const got = received[0]!;
    expect(got.user).toBe('ar');
    expect(got.from).toBe('ar@northwind.example');
    expect(got.to).toEqual(['buchhaltung@mueller.example']);
    expect(got.raw.replace(/\r\n$/, '')).toBe(eml.replace(/\r\n$/, ''));
    const h = headersOf(got.raw);
    expect(decodeWords(h.get('to')![0]!)).toBe('Müller & Söhne GmbH <buchhaltung@mueller.example>');
    expect(h.has('bcc')).toBe(false);
    expect([...h.keys()].filter((k) => !['content-type', 'from', 'to', 'subject', 'message-id', 'date', 'mime-version', 'x-mailer'].includes(k))).toEqual([]);
    const text = got.raw.slice(got.raw.indexOf('text/plain'));
    expect(text).toMatch(/Gr=C3=BC=C3=9Fe aus Springfield|R3LDvMOfZSBhdXMgU3ByaW5nZmllbGQ|Grüße aus Springfield/);
    expect(got.raw).toMatch(/Content-Type: text\/html/);
    expect(fs.existsSync(path.join(dir, 'outbox/2026-11-30/MUELLER-statement.eml.sent'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'outbox/2026-11-30/MUELLER-statement.eml.sending'))).toBe(false);
  });

  it('never sends a message twice', async () => {
    const dir = copyLedger(FIXTURE);
    await writeEml(dir, 'outbox/2026-11-30/a.eml', message({ key: 'a' }));
    await deliverPending(dir, url());
    const again = await deliverPending(dir, url());
    expect(again.map((d) => d.status)).toEqual(['already-sent']);
    expect(received).toHaveLength(1);
  });

  it('reports a refused delivery and retries it on the next run', async () => {
    const dir = copyLedger(FIXTURE);
    await writeEml(dir, 'outbox/2026-11-30/a.eml', message({ key: 'a' }));
    rejectRecipients = true;
    const first = await deliverPending(dir, url());
    expect(first[0]!.status).toBe('failed');
    expect(first[0]!.detail).toMatch(/550|mailbox unavailable/);
    expect(received).toHaveLength(0);
    expect(fs.readdirSync(path.join(dir, 'outbox/2026-11-30'))).toEqual(['a.eml']);
    rejectRecipients = false;
    const second = await deliverPending(dir, url());
    expect(second[0]!.status).toBe('sent');
    expect(received).toHaveLength(1);
  });

  it('reports a failed login without sending, and the password stays out of the message', async () => {
    const dir = copyLedger(FIXTURE);
    await writeEml(dir, 'outbox/2026-11-30/a.eml', message({ key: 'a' }));
    const r = await deliverPending(dir, url('ar', 'wrong-pass'));
    expect(r[0]!.status).toBe('failed');
    expect(r[0]!.detail).toContain('EAUTH');
    expect(r[0]!.detail).not.toContain('wrong-pass');
    expect(received).toHaveLength(0);
    expect((await deliverPending(dir, url()))[0]!.status).toBe('sent');
  });

  it('reports an unreachable server as failed, to be retried', async () => {
    const dir = copyLedger(FIXTURE);
    await writeEml(dir, 'outbox/2026-11-30/a.eml', message({ key: 'a' }));
    const closed = new SMTPServer({ logger: false });
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const deadPort = (closed.server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const r = await deliverPending(dir, `smtp://127.0.0.1:${deadPort}`);
    expect(r[0]!.status).toBe('failed');
    expect(r[0]!.detail).toMatch(/ECONNECTION|ECONNREFUSED/);
    expect(outboxMessages(dir)).toEqual(['outbox/2026-11-30/a.eml']);
    expect(fs.existsSync(path.join(dir, 'outbox/2026-11-30/a.eml.sending'))).toBe(false);
  });

  it('does not resend a message whose earlier delivery was interrupted, and says how to resend it', async () => {
    const dir = copyLedger(FIXTURE);
    await writeEml(dir, 'outbox/2026-11-30/a.eml', message({ key: 'a' }));
    fs.writeFileSync(path.join(dir, 'outbox/2026-11-30/a.eml.sending'), 'crashed\n');
    const r = await deliverPending(dir, url());
    expect(r[0]!.status).toBe('unknown');
    expect(r[0]!.detail).toContain('delete outbox/2026-11-30/a.eml.sending');
    expect(received).toHaveLength(0);
  });
});

describe('deliverPending with a concurrent sender', () => {
  it('leaves a message another running arledger has claimed to that run', async () => {
    const dir = copyLedger(FIXTURE);
    await writeEml(dir, 'outbox/2026-11-30/a.eml', message({ key: 'a' }));
    const other = spawn('sleep', ['30']);
    try {
      fs.writeFileSync(path.join(dir, 'outbox/2026-11-30/a.eml.sending'), `2026-11-30T09:00:00.000Z ${other.pid} ${os.hostname()}\n`);
      const r = await deliverPending(dir, url());
      expect(r[0]!.status).toBe('unknown');
      expect(r[0]!.detail).toBe(`another arledger run (pid ${other.pid}) is sending it right now`);
      expect(received).toHaveLength(0);
    } finally {
      other.kill();
    }
  });
});

describe('emailLetters: dunning letters in the outbox as e-mails', () => {
  function withLetters(): string {
    const dir = copyLedger(FIXTURE);
    fs.mkdirSync(path.join(dir, 'outbox/2026-11-30'), { recursive: true });
    for (const c of ['ACME', 'MUELLER']) {
      fs.writeFileSync(path.join(dir, `outbox/2026-11-30/${c}-L2.txt`), `Dear ${c},\nplease pay.\n`);
      fs.writeFileSync(path.join(dir, `outbox/2026-11-30/${c}-L2.html`), `<!DOCTYPE html><html><body><p>Dear ${c}, please pay.</p></body></html>`);
      fs.writeFileSync(path.join(dir, `outbox/2026-11-30/${c}-L2.md`), `Dear ${c}, please pay.\n`);
    }
    return dir;
  }

  it('composes one .eml per letter from its text and HTML, once, and they are delivered', async () => {
    const dir = withLetters();
    const { ledger } = loadLedger(dir);
    const first = await emailLetters(dir, ledger.config, ledger.customers, '2026-11-30' as never, new Date('2026-11-30T08:00:00Z'));
    expect(first).toEqual({ written: ['outbox/2026-11-30/ACME-L2.eml', 'outbox/2026-11-30/MUELLER-L2.eml'], skipped: [] });
    const eml = fs.readFileSync(path.join(dir, 'outbox/2026-11-30/ACME-L2.eml'), 'utf8');
    const h = headersOf(eml);
    expect(h.get('subject')).toEqual(['Second notice from Northwind Traders Ltd']);
    expect(h.get('to')).toEqual(['Acme Corporation <ap@acme.example>']);
    expect(h.get('message-id')).toEqual(['<dunning.ACME.L2.2026-11-30.arledger@northwind.example>']);
    expect(eml).toContain('Dear ACME,');
    expect(eml).toContain('<p>Dear ACME, please pay.</p>');
    const again = await emailLetters(dir, ledger.config, ledger.customers, '2026-11-30' as never);
    expect(again).toEqual({ written: [], skipped: [] });
    const sent = await deliverPending(dir, url());
    expect(sent.map((d) => [d.file, d.status])).toEqual([
      ['outbox/2026-11-30/ACME-L2.eml', 'sent'], ['outbox/2026-11-30/MUELLER-L2.eml', 'sent'],
    ]);
    expect(received.map((r) => r.to)).toEqual([['ap@acme.example'], ['buchhaltung@mueller.example']]);
  });

  it('skips a customer without an e-mail address and says so', async () => {
    const dir = withLetters();
    const { ledger } = loadLedger(dir);
    const customers = new Map(ledger.customers);
    customers.set('ACME', { ...customers.get('ACME')!, email: '' });
    const r = await emailLetters(dir, ledger.config, customers, '2026-11-30' as never);
    expect(r.written).toEqual(['outbox/2026-11-30/MUELLER-L2.eml']);
    expect(r.skipped).toEqual([{ file: 'outbox/2026-11-30/ACME-L2.txt', reason: 'ACME has no email in customers.yaml; send this letter by post' }]);
  });
});

/** runCli without blocking this process, whose event loop runs the SMTP server the CLI talks to. */
function runCliAsync(args: readonly string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ARLEDGER_TODAY: '2026-11-30', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('dunning --email and --send through the CLI', () => {
  it('e-mails the letters, reports a refused delivery, retries it on the next run, and never sends twice', async () => {
    const dir = copyLedger(FIXTURE);
    // The run is dated today: notices dated after today are refused without --allow-future.
    const env = { ARLEDGER_SMTP_URL: url(), ARLEDGER_TODAY: '2026-12-31' };
    rejectRecipients = true;
    const first = await runCliAsync(['dunning', '--as-of', '2026-12-31', '--send', '-L', dir], env);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('2 letters written to outbox/2026-12-31/');
    expect(first.stderr).toContain('e-mail written: outbox/2026-12-31/ACME-L2.eml');
    expect(first.stderr).toMatch(/not sent outbox\/2026-12-31\/ACME-L2\.eml to ap@acme\.example: .*550.*the next --send retries it/);
    expect(first.stderr).not.toContain('s3cret');
    expect(received).toHaveLength(0);
    expect(fs.readFileSync(path.join(dir, 'dunning.csv'), 'utf8')).toContain('ACME');

    rejectRecipients = false;
    const second = await runCliAsync(['dunning', '--as-of', '2026-12-31', '--send', '-L', dir], env);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('no letters due as of 2026-12-31');
    expect(second.stderr).toContain('sent outbox/2026-12-31/ACME-L2.eml to ap@acme.example');
    expect(second.stderr).toContain('sent outbox/2026-12-31/MUELLER-L1.eml to buchhaltung@mueller.example');
    expect(received.map((r) => r.to[0]).sort()).toEqual(['ap@acme.example', 'buchhaltung@mueller.example']);
    const acme = received.find((r) => r.to[0] === 'ap@acme.example')!;
    expect(headersOf(acme.raw).get('subject')).toEqual(['Second notice from Northwind Traders Ltd']);
    expect(acme.raw).toContain('multipart/alternative');
    expect(acme.raw).toContain('INV-2026-00002');
    // The letter's PDF travels with it, as the customer's AP department files it.
    expect(acme.raw).toContain('multipart/mixed');
    expect(acme.raw).toMatch(/Content-Type: application\/pdf; name=ACME-L2\.pdf/);
    expect(acme.raw).toMatch(/Content-Disposition: attachment; filename=ACME-L2\.pdf/);

    const third = await runCliAsync(['dunning', '--as-of', '2026-12-31', '--send', '-L', dir], env);
    expect(third.code).toBe(0);
    expect(third.stderr).not.toContain('sent outbox');
    expect(received).toHaveLength(2);
  });

  it('--email writes .eml files beside the letters and sends nothing', async () => {
    const dir = copyLedger(FIXTURE);
    const r = runCli(['dunning', '--as-of', '2026-12-31', '--email', '-L', dir], { env: { ARLEDGER_TODAY: '2026-12-31' } });
    expect(r.code).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'outbox/2026-12-31')).filter((f) => f.endsWith('.eml'))).toEqual(['ACME-L2.eml', 'MUELLER-L1.eml']);
    expect(received).toHaveLength(0);
  });

  it('refuses --send without ARLEDGER_SMTP_URL (exit 2) and writes nothing', () => {
    const dir = copyLedger(FIXTURE);
    const before = snapshotDir(dir);
    const r = runCli(['dunning', '--as-of', '2026-12-31', '--send', '-L', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--send needs the SMTP server in ARLEDGER_SMTP_URL');
    expect(snapshotDir(dir)).toEqual(before);
  });

  it('refuses --email when ledger.yaml has no company e-mail (exit 3) and writes nothing', () => {
    const dir = copyLedger(FIXTURE);
    const yaml = fs.readFileSync(path.join(dir, 'ledger.yaml'), 'utf8').replace(' email: ar@northwind.example,', '');
    fs.writeFileSync(path.join(dir, 'ledger.yaml'), yaml);
    const before = snapshotDir(dir);
    const r = runCli(['dunning', '--as-of', '2026-12-31', '--email', '-L', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('ledger.yaml has no company.email');
    expect(snapshotDir(dir)).toEqual(before);
  });
});
