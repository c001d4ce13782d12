// `arledger check`: validate the ledger (SPEC §1.2); exit 1 with every problem as FILE:LINE.
import * as path from 'node:path';
import type { Command } from 'commander';
import { approvalIssues } from '../../core/approvals.js';
import { formatIssue, type LedgerIssue } from '../../core/issues.js';
import { isFast, loadForReport, loadLedger } from '../../io/load.js';
import { planFindingsColumns } from '../../core/fast/collections.js';
import type { Ctx } from '../context.js';
import { EXIT, ExitError } from '../errors.js';
import { ledgerDir } from '../ledger.js';
import { withLedger } from '../options.js';
import { Option } from 'commander';
import { escapeControl, toJson } from '../render/text.js';
import { checkAgainstBase } from '../../io/git.js';
import { unionMergeDuplicates } from '../../io/union-merge.js';
import { planFindings } from '../../core/collections/plans.js';

interface CheckOpts {
  ledger?: string;
  cache?: boolean;
  base?: string;
  format: 'text' | 'json' | 'github';
}

export function register(program: Command, ctx: Ctx): void {
  withLedger(program.command('check'))
    .description('validate the ledger; with --base REV also prove it is append-only since git revision REV')
    .option('--base <rev>', 'git revision the ledger must only have been appended to since')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'github']).default('text'))
    .addHelpText('after', '\nExamples:\n  arledger check\n  arledger check --base origin/main --format github   # in CI on a pull request\n')
    .action((opts: CheckOpts) => run(ctx, opts));
}

function run(ctx: Ctx, opts: CheckOpts): void {
  const dir = ledgerDir(ctx, opts);
  // A ledger the fast reader takes whole has no problem of its own; repeated rows and --base need the plain one.
  const quick = opts.base === undefined ? loadForReport(dir, opts.cache !== false) : null;
  // Approval findings are read from the documents' reasons, which only the plain reader keeps.
  if (quick && isFast(quick) && !quick.fast.repeatedRows && !quick.config.approvals) {
    // Plans that no longer match their invoice are findings, not problems of the ledger (SPEC §8).
    const findings = quick.fast.collections ? planFindingsColumns(quick.fast.collections, quick.fast, quick.customers) : [];
    return report(ctx, opts, dir, findings, quick.fast.docs, quick.fast.apps);
  }
  const loaded = quick && !isFast(quick) ? quick : loadLedger(dir);
  const issues: LedgerIssue[] = [...loaded.issues];
  if (opts.base !== undefined) issues.push(...checkAgainstBase(dir, opts.base, loaded));
  issues.push(...unionMergeDuplicates(dir, loaded));
  issues.push(...planFindings(loaded.ledger));
  if (loaded.issues.length === 0) issues.push(...approvalIssues(loaded.ledger));
  report(ctx, opts, dir, issues, loaded.ledger.documents.length, loaded.ledger.applications.length);
}

function report(ctx: Ctx, opts: CheckOpts, dir: string, issues: readonly LedgerIssue[], docs: number, apps: number): void {
  switch (opts.format) {
    case 'json':
      ctx.stdout.write(toJson({
        ok: issues.length === 0,
        documents: docs,
        issues: issues.map((i) => ({ file: i.file, line: i.line ?? null, message: i.message, hint: i.hint ?? null })),
      }));
      break;
    case 'github': {
      const rel = path.relative(ctx.cwd, dir);
      for (const i of issues) {
        // Workflow-command property values end at "," and ":", so those are escaped in the path as well.
        // The annotation is also printed in the job log, a terminal: data in it is escaped like everywhere else.
        const file = escapeControl(rel ? path.join(rel, i.file) : i.file).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
          .replace(/:/g, '%3A').replace(/,/g, '%2C');
        const msg = escapeControl(`${i.message}${i.hint ? ` — ${i.hint}` : ''}`).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
        ctx.stdout.write(`::error file=${file}${i.line !== undefined ? `,line=${i.line}` : ''},title=arledger check::${msg}\n`);
      }
      break;
    }
    default:
      for (const i of issues) ctx.stdout.write(`${escapeControl(formatIssue(i))}\n`);
  }
  if (issues.length > 0) {
    ctx.stderr.write(`arledger: ${issues.length} problem${issues.length === 1 ? '' : 's'} in ${dir}\n`);
    throw new ExitError(EXIT.findings);
  }
  ctx.stderr.write(`arledger: ledger ok: ${docs} documents, ${apps} applications\n`);
}
