// A report written to `--output FILE`: whole or not at all. The bytes go to a new file beside the target, which is
// renamed over it only when complete, so a reader (or a crash) never sees half a workbook; a symbolic link at the
// target is refused rather than followed, so a report never lands somewhere the user did not name.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IoError, ioReason } from './txn.js';

export function writeReportFile(target: string, shown: string, content: string | Uint8Array | Iterable<string>): void {
  checkReportFile(target, shown);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let fd: number | null = null;
  try {
    // `wx` creates a new file and never opens one that exists, nor follows a link planted at its name.
    fd = fs.openSync(temp, 'wx', 0o666);
    if (typeof content === 'string' || content instanceof Uint8Array) fs.writeFileSync(fd, content);
    else for (const chunk of content) fs.writeFileSync(fd, chunk);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(temp, target);
  } catch (e) {
    if (fd !== null) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw new IoError(`cannot write ${shown}: ${ioReason(e)}; the report was not written`);
  }
}

/** Refuses a target that is a link or not a file, before a command that writes the ledger has done anything. */
export function checkReportFile(target: string, shown: string): void {
  let stat: fs.Stats | null = null;
  try {
    stat = fs.lstatSync(target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new IoError(`cannot write ${shown}: ${ioReason(e)}`);
  }
  if (stat?.isSymbolicLink()) {
    throw new IoError(`cannot write ${shown}: it is a symbolic link (to ${fs.readlinkSync(target)}) — name the file itself, or remove the link first; nothing was written`);
  }
  if (stat !== null && !stat.isFile()) throw new IoError(`cannot write ${shown}: it is not a regular file (a directory?) — name a file; nothing was written`);
  if (!fs.existsSync(path.dirname(target))) throw new IoError(`cannot write ${shown}: the directory ${path.dirname(shown)} does not exist; nothing was written`);
}
