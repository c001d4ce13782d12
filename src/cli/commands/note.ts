// `arledger note`: record a contact with a customer (notes.csv, SPEC §8), and `note list` the notes and follow-ups.
import { Option, type Command } from 'commander';
import { NOTE_KINDS, type NoteKind } from '../../core/collections/model.js';
import { dueFollowUps, notesAt } from '../../core/collections/notes.js';
import { noteRow, planNote } from '../../core/collections/ops.js';
import { RefusedError, UsageError } from '../../core/issues.js';
import { recordingUser, USER_HINT } from '../../io/user.js';
import type { Ctx } from '../context.js';
import { ledgerDir, openLedger, writeLedger } from '../ledger.js';
import { dateOption, textOption, withReport, withWrite } from '../options.js';
import { notesCsv, notesJson, notesTable } from '../render/collections.js';
import { toJson } from '../render/text.js';
import { formatOption } from './apply.js';

interface AddOpts {
  ledger?: string;
  wait?: string;
  date?: string;
  allowFuture?: boolean;
  invoice?: string;
  kind?: string;
  text?: string;
  followUp?: string;
  by?: string;
  format: 'text' | 'json';
}

interface ListOpts {
  ledger?: string;
  asOf?: string;
  customer?: string;
  due?: boolean;
  format: 'table' | 'csv' | 'json';
}

export function register(program: Command, ctx: Ctx): void {
  const note = program.command('note')
    .description('record a call, e-mail, letter or meeting with a customer (notes.csv); `note list` shows them')
    .addHelpText('after', `
Examples:
  arledger note ACME --kind call --text "Mrs Keller will pay on Friday" --follow-up 2026-12-04
  arledger note list --due                  # follow-ups due today or earlier, not yet answered by a later note
`);

  withWrite(note.command('add', { isDefault: true }).argument('<customer>', 'the customer id'))
    .description('record a contact with a customer (the default: `note ACME …` is `note add ACME …`)')
    .option('--invoice <id>', 'the invoice, debit note or refund it is about (default: the customer as a whole)')
    .addOption(new Option('--kind <kind>', 'what kind of contact').choices([...NOTE_KINDS]))
    .option('--text <text>', 'what was said or agreed, on one line')
    .option('--follow-up <date>', 'when to contact the customer again, YYYY-MM-DD')
    .option('--by <name>', 'who records it (default: $ARLEDGER_USER, else git config user.name)')
    .addOption(formatOption())
    .addHelpText('after', `
A note's follow-up stays open until a later note about the same customer and invoice is recorded (the notes a
dunning run writes do not count): \`note list --due\` and \`worklist\` show the open ones.

Examples:
  arledger note ACME --kind call --text "promised to pay Friday" --follow-up 2026-12-04
  arledger note ACME --invoice INV-2026-00012 --kind email --text "sent proof of delivery" --by "Anna Keller"
`)
    .action((customer: string, opts: AddOpts) => add(ctx, customer, opts));

  withReport(note.command('list'), ['table', 'csv', 'json'])
    .description('list the notes dated on or before --as-of, or with --due the follow-ups due by then')
    .option('--customer <id>', 'only this customer')
    .option('--due', 'only open follow-ups due on or before --as-of (not answered by a later note)')
    .addHelpText('after', '\nExamples:\n  arledger note list --customer ACME\n  arledger note list --due --as-of 2026-12-04 --format json\n')
    .action((opts: ListOpts) => list(ctx, opts));
}

function add(ctx: Ctx, customer: string, opts: AddOpts): void {
  const date = dateOption('--date', opts.date, ctx);
  if (opts.kind === undefined) throw new UsageError(`note needs --kind, one of ${NOTE_KINDS.join(', ')} — e.g. arledger note ${customer} --kind call --text "…"`);
  const text = textOption('--text', opts.text).trim();
  if (text === '') throw new UsageError(`note needs --text: what was said or agreed — e.g. arledger note ${customer} --kind ${opts.kind} --text "promised to pay Friday"`);
  const followUp = opts.followUp === undefined ? '' : dateOption('--follow-up', opts.followUp, ctx);
  const invoice = opts.invoice ?? '';
  const by = recordingUser(opts.by, ctx.env, ledgerDir(ctx, opts));
  if (by === undefined) throw new UsageError(`who records this note is not known — ${USER_HINT}`);
  const n = writeLedger(ctx, opts, ({ ledger }) => {
    const planned = planNote(ledger, { date, customer, invoice, kind: opts.kind as NoteKind, text, followUp, by });
    return { rows: [noteRow(planned)], result: planned };
    // A note looks at its customer only: on a large ledger it is written from the fast reader's state.
  }, undefined, [customer]);
  if (opts.format === 'json') {
    ctx.stdout.write(toJson({ date: n.date, customer: n.customer, invoice: n.invoice, kind: n.kind, text: n.text, follow_up: n.followUp, by: n.by }));
    return;
  }
  const about = n.invoice === '' ? n.customer : `${n.customer} ${n.invoice}`;
  ctx.stdout.write(`${n.kind} with ${about} noted on ${n.date} by ${n.by}${n.followUp === '' ? '' : `; follow up on ${n.followUp}`}\n`);
}

function list(ctx: Ctx, opts: ListOpts): void {
  const asOf = dateOption('--as-of', opts.asOf, ctx);
  const { ledger } = openLedger(ctx, opts);
  const customer = opts.customer ?? null;
  if (customer !== null && !ledger.customers.has(customer)) {
    throw new RefusedError(`customer ${JSON.stringify(customer)} does not exist — see \`arledger customer list\``);
  }
  const notes = opts.due ? dueFollowUps(ledger, asOf, customer) : notesAt(ledger, asOf, customer);
  switch (opts.format) {
    case 'json': ctx.stdout.write(notesJson(asOf, notes)); break;
    case 'csv': ctx.stdout.write(notesCsv(notes)); break;
    default: ctx.stdout.write(notesTable(notes, ctx.color, opts.due ? `Follow-ups due by ${asOf}` : `Notes as of ${asOf}`));
  }
}
