// Runs the CLI inside this process and, on exit, writes its peak RSS (KiB) and CPU seconds to a file: the
// benchmark's fallback where GNU time is not installed (Node cannot read a child's rusage).
//
//   node test/bench/maxrss-wrapper.mjs REPORT_FILE bin/arledger.js ARGS...
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const [report, bin, ...args] = process.argv.slice(2);
if (!report || !bin) {
  console.error('usage: node maxrss-wrapper.mjs REPORT_FILE BIN ARGS...');
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(bin), ...args];
process.on('exit', () => {
  const u = process.resourceUsage();
  fs.writeFileSync(report, JSON.stringify({ maxRSS: u.maxRSS, cpu: (u.userCPUTime + u.systemCPUTime) / 1e6 }));
});
await import(pathToFileURL(path.resolve(bin)).href);
