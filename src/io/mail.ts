// E-mail for customer documents: RFC 5322 messages (.eml) composed with nodemailer's MailComposer, and their
// delivery over SMTP with the delivery state kept beside each message, so a failed delivery is retried on the
// next run and no message is ever handed to the server twice.
//
// Delivery state of `outbox/<date>/X.eml`:
//   X.eml             composed, not yet sent (or the server refused it): the next `deliverPending` sends it;
//   X.eml.sending     claimed by a sender (created exclusively before the message goes out); removed again when
//                     the server refused the message or could not be reached, kept when the connection broke
//                     after the message was transmitted, because then nobody knows whether it was accepted;
//   X.eml.sent        the server accepted it (message id, time, server reply); never sent again.
// A message whose `.sending` claim is left over is reported as `unknown` and not sent again until a person has
// checked the mailbox and deleted the claim: at most once beats a second dunning letter.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import addressparser from 'nodemailer/lib/addressparser';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import { DataError, issue, RefusedError, UsageError } from '../core/issues.js';
import type { LocalDate } from '../core/date.js';
import type { Customer, LedgerConfig } from '../core/types.js';
import { ledgerPathProblem, pathHint } from './paths.js';
import { IoError, replaceFile } from './txn.js';

export interface MailAddress {
  readonly name: string;
  readonly address: string;
}

export interface MailMessage {
  readonly from: MailAddress;
  readonly to: MailAddress;
  readonly subject: string;
  readonly text: string;
  /** The HTML alternative; '' for a text-only message. */
  readonly html: string;
  /** Names the message for good, e.g. `dunning.ACME.L2.2026-11-30`; it becomes the Message-ID's left part. */
  readonly key: string;
  /** The Date header; the current time when absent. */
  readonly date?: Date;
  /** Files sent with it (a letter's PDF). */
  readonly attachments?: readonly { readonly filename: string; readonly content: Buffer; readonly contentType: string }[];
}

/** The sender and recipient of a customer's mail: the company's address and the customer's. */
export function mailParties(config: LedgerConfig, customer: Customer): { from: MailAddress; to: MailAddress } {
  const from = companySender(config);
  if (customer.email === '') {
    throw new RefusedError(`customer ${customer.id} has no email in customers.yaml — add email: … under ${customer.id}`);
  }
  return { from, to: { name: customer.name, address: customer.email } };
}

/** A header value with CR or LF could start a header of its own (header injection): refused, never cleaned. */
export function checkHeaders(msg: MailMessage): void {
  const values: [string, string][] = [
    ['From name', msg.from.name], ['From address', msg.from.address], ['To name', msg.to.name],
    ['To address', msg.to.address], ['Subject', msg.subject], ['Message-ID key', msg.key],
  ];
  for (const [what, value] of values) {
    if (/[\r\n]/.test(value)) {
      throw new RefusedError(`${what} ${JSON.stringify(value)} contains a line break, which would inject a mail header — write it on one line`);
    }
  }
  for (const [what, a] of [['From', msg.from.address], ['To', msg.to.address]] as const) {
    if (!/^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+$/.test(a)) {
      throw new RefusedError(`${what} address ${JSON.stringify(a)} is not one e-mail address — write e.g. ap@acme.example`);
    }
  }
}

/** A stable Message-ID from the key and the sender's domain, so a copy sent again would be recognisable. */
export function messageIdOf(msg: MailMessage): string {
  const domain = msg.from.address.slice(msg.from.address.lastIndexOf('@') + 1);
  return `<${msg.key.replace(/[^A-Za-z0-9._-]/g, '_')}.arledger@${domain}>`;
}

/** The message as RFC 5322 bytes: multipart/alternative with a text and an HTML part; names are RFC 2047 encoded. */
export async function composeEml(msg: MailMessage): Promise<Buffer> {
  checkHeaders(msg);
  const composer = new MailComposer({
    from: { name: msg.from.name, address: msg.from.address },
    to: { name: msg.to.name, address: msg.to.address },
    subject: msg.subject,
    date: msg.date ?? new Date(),
    messageId: messageIdOf(msg),
    text: msg.text,
    ...(msg.html !== '' ? { html: msg.html } : {}),
    ...(msg.attachments && msg.attachments.length > 0
      ? { attachments: msg.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })) }
      : {}),
    newline: 'windows',
    disableFileAccess: true,
    disableUrlAccess: true,
    headers: { 'X-Mailer': 'arledger' },
  });
  return composer.compile().build();
}

/** Writes the message to `rel` (relative to the ledger directory, e.g. `outbox/2026-11-30/ACME-L2.eml`) atomically. */
export async function writeEml(dir: string, rel: string, msg: MailMessage): Promise<string> {
  const raw = await composeEml(msg);
  for (let d = path.dirname(rel); d !== '.'; d = path.dirname(d)) {
    const problem = ledgerPathProblem(dir, d, 'dir');
    if (problem !== null) throw new DataError([issue(d, undefined, problem, pathHint(d, 'dir'))], true);
  }
  try {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  } catch (e) {
    throw new IoError(`cannot create ${path.dirname(rel)}: ${(e as Error).message}; nothing was written`);
  }
  replaceFile(dir, { name: rel, text: raw.toString('utf8') });
  return rel;
}

/** The company as sender; checked before a run commits anything, so that mail cannot fail on it afterwards. */
export function companySender(config: LedgerConfig): MailAddress {
  const from = { name: config.company.name, address: config.company.email };
  if (from.address === '') {
    throw new RefusedError('ledger.yaml has no company.email to send from — add e.g. company: { email: ar@example.com }');
  }
  checkHeaders({ from, to: from, subject: '', text: '', html: '', key: 'check' });
  return from;
}

const LETTER_RE = /^([A-Za-z0-9][A-Za-z0-9._-]{0,63})-L(\d{1,3})\.txt$/;

export interface LetterMail {
  /** The .eml files composed by this call. */
  readonly written: readonly string[];
  /** Letters that got no e-mail, and why (no address, a header that would inject another). */
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
}

/**
 * Composes `X.eml` beside each dunning letter `outbox/<date>/<customer>-L<level>.txt` (text part) and `.html`
 * (HTML part), its `.pdf` attached, that has none yet. Working from the letters on disk makes it safe to call again after an
 * interrupted run: an existing .eml is never recomposed, since it may already have been sent.
 */
export async function emailLetters(
  dir: string, config: LedgerConfig, customers: ReadonlyMap<string, Customer>, date: LocalDate, now: Date = new Date(),
): Promise<LetterMail> {
  const folder = `outbox/${date}`;
  let names: string[];
  try {
    names = fs.readdirSync(path.join(dir, folder)).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { written: [], skipped: [] };
    throw new IoError(`cannot read ${folder}: ${(e as Error).message}`);
  }
  const written: string[] = [];
  const skipped: { file: string; reason: string }[] = [];
  for (const name of names) {
    const m = LETTER_RE.exec(name);
    if (!m) continue;
    const base = `${folder}/${name.slice(0, -'.txt'.length)}`;
    const file = `${base}.txt`;
    if (fs.existsSync(path.join(dir, `${base}.eml`))) continue;
    const customer = customers.get(m[1]!);
    if (!customer) {
      skipped.push({ file, reason: `customer ${m[1]} is not in customers.yaml` });
      continue;
    }
    if (customer.email === '') {
      skipped.push({ file, reason: `${customer.id} has no email in customers.yaml; send this letter by post` });
      continue;
    }
    const level = Number(m[2]);
    const template = config.dunning.levels.find((l) => l.level === level)?.template ?? 'reminder';
    const title = template.replace(/[-_]+/g, ' ').replace(/^./, (c) => c.toUpperCase());
    const htmlPath = path.join(dir, `${base}.html`);
    const pdfPath = path.join(dir, `${base}.pdf`);
    try {
      const msg: MailMessage = {
        from: companySender(config),
        to: { name: customer.name, address: customer.email },
        subject: `${title} from ${config.company.name}`,
        text: readOwn(dir, file).toString('utf8'),
        html: fs.existsSync(htmlPath) ? readOwn(dir, `${base}.html`).toString('utf8') : '',
        key: `dunning.${customer.id}.L${level}.${date}`,
        date: now,
        attachments: fs.existsSync(pdfPath)
          ? [{ filename: `${path.basename(base)}.pdf`, content: readOwn(dir, `${base}.pdf`), contentType: 'application/pdf' }]
          : [],
      };
      written.push(await writeEml(dir, `${base}.eml`, msg));
    } catch (e) {
      if (!(e instanceof RefusedError)) throw e;
      skipped.push({ file, reason: e.message });
    }
  }
  return { written, skipped };
}

/** The SMTP server from ARLEDGER_SMTP_URL, e.g. smtp://user:pass@mail.example:587 (STARTTLS) or smtps://…:465. */
export function smtpUrlFrom(env: Readonly<Record<string, string | undefined>>): string {
  const url = env['ARLEDGER_SMTP_URL'];
  if (!url) {
    throw new UsageError('--send needs the SMTP server in ARLEDGER_SMTP_URL — e.g. ARLEDGER_SMTP_URL=smtp://user:password@mail.example.com:587');
  }
  if (!/^smtps?:\/\/[^/]+/.test(url)) {
    throw new UsageError(`ARLEDGER_SMTP_URL ${JSON.stringify(redact(url))} is not an smtp:// or smtps:// URL — write e.g. smtp://user:password@mail.example.com:587`);
  }
  return url;
}

/** A URL fit for messages: the password is never printed. */
function redact(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*):[^@/]*@/i, '$1:***@');
}

export type DeliveryStatus = 'sent' | 'already-sent' | 'failed' | 'unknown';

export interface Delivery {
  /** Relative to the ledger directory. */
  readonly file: string;
  readonly status: DeliveryStatus;
  readonly to: string;
  /** The server's reply (sent) or what went wrong (failed, unknown). */
  readonly detail: string;
}

const SENT = '.sent';
const SENDING = '.sending';

/** Every `.eml` under `outbox/` (sorted), whatever its state. */
export function outboxMessages(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const e of entries) {
      const r = path.posix.join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else if (e.name.endsWith('.eml')) out.push(r);
    }
  };
  walk('outbox');
  return out.sort();
}

/** Sends every message of the outbox that was not sent yet (or only `files`, when given). */
export async function deliverPending(dir: string, smtpUrl: string, files?: readonly string[]): Promise<Delivery[]> {
  const list = files ?? outboxMessages(dir);
  const out: Delivery[] = [];
  for (const file of list) out.push(await deliverOne(dir, smtpUrl, file));
  return out;
}

async function deliverOne(dir: string, smtpUrl: string, file: string): Promise<Delivery> {
  const p = path.join(dir, file);
  if (fs.existsSync(p + SENT)) return { file, status: 'already-sent', to: '', detail: fs.readFileSync(p + SENT, 'utf8').trim() };
  const raw = readOwn(dir, file);
  const envelope = envelopeOf(raw);
  const to = envelope.to.join(', ');
  let claim: number;
  try {
    claim = fs.openSync(p + SENDING, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new IoError(`cannot mark ${file} as being sent: ${(e as Error).message}`);
    const [, pidText, host] = readOr(p + SENDING).trim().split(' ');
    const pid = Number(pidText);
    if (host === os.hostname() && Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
      return { file, status: 'unknown', to, detail: `another arledger run (pid ${pid}) is sending it right now` };
    }
    return {
      file, status: 'unknown', to,
      detail: `an earlier delivery was interrupted after the message went out; check whether ${to} received it, then delete ${file}${SENDING} to send it again`,
    };
  }
  fs.writeSync(claim, `${new Date().toISOString()} ${process.pid} ${os.hostname()}\n`);
  fs.fsyncSync(claim);
  fs.closeSync(claim);
  const result = await smtpSend(smtpUrl, envelope, raw);
  if (result.ok) {
    replaceFile(dir, { name: file + SENT, text: `${new Date().toISOString()}\t${envelope.messageId}\t${result.response}\n` });
    fs.rmSync(p + SENDING, { force: true });
    return { file, status: 'sent', to, detail: result.response };
  }
  // Only a refusal the server stated, or a failure before the message went out, makes a retry safe.
  if (result.before) fs.rmSync(p + SENDING, { force: true });
  return { file, status: result.before ? 'failed' : 'unknown', to, detail: result.error };
}

/** A file of the outbox, never read through a symlink leading out of the ledger: it would be mailed to a customer. */
function readOwn(dir: string, rel: string): Buffer {
  const problem = ledgerPathProblem(dir, rel, 'file');
  // Reported as a problem of the ledger, not "nothing was written": the run's letters and log may be committed.
  if (problem !== null) throw new DataError([issue(rel, undefined, problem, pathHint(rel, 'file'))], true);
  return fs.readFileSync(path.join(dir, rel));
}

function readOr(p: string): string {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface Envelope {
  readonly from: string;
  readonly to: string[];
  readonly messageId: string;
}

/** The SMTP envelope from the message's own From and To headers. */
function envelopeOf(raw: Buffer): Envelope {
  const text = raw.toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  const head = (end < 0 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string): string => {
    const m = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(head);
    return m?.[1]?.trim() ?? '';
  };
  const addrs = (v: string): string[] => flatten(addressparser(v)).map((a) => a.address).filter((a) => a !== '');
  return { from: addrs(header('From'))[0] ?? '', to: addrs(header('To')), messageId: header('Message-ID') };
}

type Parsed = { address?: string | undefined; group?: readonly Parsed[] | undefined };
function flatten(list: readonly Parsed[]): { address: string }[] {
  return list.flatMap((a) => (a.group ? flatten(a.group) : [{ address: a.address ?? '' }]));
}

type SmtpError = Error & { code?: string | undefined; responseCode?: number | undefined; response?: string | undefined };
type SendResult = { ok: true; response: string } | { ok: false; before: boolean; error: string };

/** One connection per message: connect (STARTTLS when offered), log in when the URL has credentials, send. */
function smtpSend(url: string, envelope: Envelope, raw: Buffer): Promise<SendResult> {
  const o = parseConnectionUrl(url);
  const options: ConstructorParameters<typeof SMTPConnection>[0] = {
    host: o.host ?? 'localhost',
    port: o.port ?? (o.secure ? 465 : 587),
    secure: o.secure ?? false,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  };
  const q = o as Record<string, unknown>;
  if (o.tls) options.tls = o.tls as NonNullable<typeof options.tls>;
  if (q['requireTLS'] === true) options.requireTLS = true;
  if (q['ignoreTLS'] === true) options.ignoreTLS = true;
  if (typeof q['name'] === 'string') options.name = q['name'];
  return new Promise((resolve) => {
    let stage: 'before' | 'message' = 'before';
    let done = false;
    const conn = new SMTPConnection(options);
    const finish = (r: SendResult): void => {
      if (done) return;
      done = true;
      if (r.ok) conn.quit();
      else conn.close();
      resolve(r);
    };
    const fail = (err: SmtpError): void => {
      // A reply code means the server answered the message with a refusal: it was not accepted.
      const refused = typeof err.responseCode === 'number' && err.responseCode >= 400;
      finish({ ok: false, before: stage === 'before' || refused || err.code === 'EENVELOPE', error: describe(err, url) });
    };
    conn.on('error', fail);
    conn.connect((err) => {
      if (err) return fail(err);
      const send = (): void => {
        stage = 'message';
        conn.send({ from: envelope.from, to: envelope.to }, raw, (e, info) => {
          if (e) return fail(e);
          finish({ ok: true, response: info?.response ?? '' });
        });
      };
      if (!o.auth) return send();
      conn.login({ user: o.auth.user, pass: o.auth.pass }, (e) => (e ? fail(e) : send()));
    });
  });
}

function describe(err: SmtpError, url: string): string {
  const server = redact(url);
  const reply = err.response ? ` (server said: ${err.response.trim()})` : '';
  return `${err.code ? `${err.code}: ` : ''}${err.message}${reply} — server ${server}`;
}

export interface OutboxMailResult {
  /** One line per e-mail written, skipped, sent or not sent, for stderr. */
  readonly lines: readonly string[];
  /** False when a delivery failed or its outcome is unknown: the caller exits 1. */
  readonly ok: boolean;
}

/**
 * What `dunning --email` / `--send` do after the run is committed: e-mail the day's letters (see emailLetters),
 * then, with an SMTP URL, deliver every message of the outbox not sent yet, earlier failures included.
 */
export async function mailOutbox(
  dir: string, config: LedgerConfig, customers: ReadonlyMap<string, Customer>, date: LocalDate, smtpUrl: string | null,
): Promise<OutboxMailResult> {
  const lines: string[] = [];
  const composed = await emailLetters(dir, config, customers, date);
  for (const f of composed.written) lines.push(`e-mail written: ${f}`);
  for (const s of composed.skipped) lines.push(`no e-mail for ${s.file}: ${s.reason}`);
  if (smtpUrl === null) return { lines, ok: true };
  let ok = true;
  for (const d of await deliverPending(dir, smtpUrl)) {
    switch (d.status) {
      case 'sent':
        lines.push(`sent ${d.file} to ${d.to}`);
        break;
      case 'already-sent':
        break;
      case 'failed':
        ok = false;
        lines.push(`not sent ${d.file} to ${d.to}: ${d.detail}; the next --send retries it`);
        break;
      case 'unknown':
        ok = false;
        lines.push(`not sent ${d.file} to ${d.to}: ${d.detail}`);
        break;
    }
  }
  return { lines, ok };
}
