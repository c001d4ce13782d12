// `arledger close DATE`: set lock_date after month-end, only forward, editing ledger.yaml in place (comments kept).
import type { Command } from 'commander';
import { isMap, isScalar, parseDocument } from 'yaml';
import { decodeConfig } from '../../core/config.js';
import { isLocalDate } from '../../core/date.js';
import { DataError, InternalError, RefusedError, UsageError, issue, type LedgerIssue } from '../../core/issues.js';
import { CONFIG_FILE } from '../../io/load.js';
import { replaceFile } from '../../io/txn.js';
import { readYaml } from '../../io/yaml.js';
import type { Ctx } from '../context.js';
import { withLockedLedger } from '../ledger.js';
import { withLedger } from '../options.js';

interface CloseOpts {
  ledger?: string;
  wait?: string;
}

export function register(program: Command, ctx: Ctx): void {
  withLedger(program.command('close'))
    .description('close the books up to DATE: set lock_date in ledger.yaml (only forward); nothing may be dated on or before it')
    .argument('<date>', 'the last day of the closed period, YYYY-MM-DD')
    .option('--wait <seconds>', 'how long to wait for another command holding the ledger lock', '10')
    .addHelpText('after', '\nRefused (exit 3) when DATE is not after the current lock_date, is after today, or the ledger fails `arledger check`.\n\nExamples:\n  arledger close 2026-10-31\n  arledger close 2026-11-30 --wait 60\n')
    .action((date: string, opts: CloseOpts) => run(ctx, date, opts));
}

/**
 * ledger.yaml with lock_date set. The YAML document locates the value, and only its characters are replaced (or one
 * line appended), so comments, alignment and flow maps stay exactly as the user wrote them; anything unusual falls
 * back to yaml's own setIn + toString, which keeps comments but may re-space lines.
 */
export function setLockDate(text: string, date: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new DataError([issue(CONFIG_FILE, 1, `YAML: ${doc.errors[0]!.message.split('\n')[0]}`, 'fix the YAML syntax')]);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const map = doc.contents;
  if (isMap(map) && !map.flow) {
    const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === 'lock_date');
    if (pair && isScalar(pair.value) && pair.value.range && pair.value.range[1] > pair.value.range[0]) {
      const [start, end] = pair.value.range;
      return text.slice(0, start) + date + text.slice(end);
    }
    // `lock_date:` with no value yet: the date goes right after the colon, before any comment.
    if (pair && isScalar(pair.key) && pair.key.range && (pair.value === null || (isScalar(pair.value) && pair.value.value === null))) {
      const colon = text.indexOf(':', pair.key.range[1]);
      if (colon >= 0) return `${text.slice(0, colon + 1)} ${date}${text.slice(colon + 1)}`;
    }
    if (!pair && !/^(\.\.\.|---)\s*$/m.test(text)) {
      return `${text}${text === '' || text.endsWith('\n') ? '' : eol}lock_date: ${date}${eol}`;
    }
  }
  doc.setIn(['lock_date'], date);
  const out = doc.toString();
  return eol === '\r\n' ? out.replace(/\r?\n/g, '\r\n') : out;
}

/** The rewritten file must read back with the new lock date and nothing else changed in meaning. */
function proveLockDate(text: string, date: string): void {
  const issues: LedgerIssue[] = [];
  const { input, issues: yamlIssues } = readYaml(CONFIG_FILE, text);
  const config = decodeConfig(input, issues);
  if (yamlIssues.length > 0 || issues.length > 0 || config.lockDate !== date) {
    throw new InternalError(`rewriting ${CONFIG_FILE} did not give lock_date ${date}; the file was left as it was`);
  }
}

function run(ctx: Ctx, date: string, opts: CloseOpts): void {
  if (!isLocalDate(date)) throw new UsageError(`DATE ${JSON.stringify(date)} is not a calendar date — write YYYY-MM-DD, e.g. 2026-10-31`);
  withLockedLedger(ctx, opts, (loaded) => {
    const current = loaded.ledger.config.lockDate;
    if (current !== null && date <= current) {
      throw new RefusedError(`the books are already closed up to ${current}; close only moves forward — give a date after ${current}`);
    }
    if (date > ctx.today) {
      throw new RefusedError(`${date} is after today (${ctx.today}); close a period that has ended — give ${ctx.today} or earlier`);
    }
    const text = setLockDate(loaded.texts.get(CONFIG_FILE)!, date);
    proveLockDate(text, date);
    replaceFile(loaded.dir, { name: CONFIG_FILE, text });
    ctx.stderr.write(`arledger: books closed up to ${date}${current ? ` (was ${current})` : ''}\n`);
  });
}
