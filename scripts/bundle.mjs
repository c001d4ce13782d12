// Bundles the CLI for start-up speed: resolving and reading a hundred separate modules costs more than running a
// small command. One entry, split into chunks so that a run loads only the code of the command it names.
// dist/ from tsc stays beside it for the tests and scripts that import single modules.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeMetafile, build, context } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const outdir = `${root}dist/bundle`;

/** A hash of the sources: a reading cache saved by another build of the same version is not trusted. */
function buildId() {
  const h = createHash('sha256');
  const files = readdirSync(`${root}src`, { recursive: true }).filter((f) => f.endsWith('.ts')).sort();
  for (const f of files) h.update(f).update('\0').update(readFileSync(`${root}src/${f}`)).update('\0');
  return h.digest('hex').slice(0, 16);
}

rmSync(outdir, { recursive: true, force: true });
const options = {
  absWorkingDir: root,
  // The second thread of a large cold read (src/io/parallel.ts) starts from a file of its own.
  entryPoints: { main: 'src/cli/main.ts', 'parallel-worker': 'src/io/parallel-worker.ts' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Less to read and parse at every start; names are kept so that an internal error's stack still reads.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  // The version is part of the program, not something to look up on disk at every start.
  define: { __ARLEDGER_VERSION__: JSON.stringify(pkg.version), __ARLEDGER_BUILD__: JSON.stringify(buildId()) },
  // Some dependencies are CommonJS and call require(); an ES module has none of its own.
  banner: { js: "import{createRequire as __arledgerRequire}from'node:module';const require=__arledgerRequire(import.meta.url);" },
  metafile: true,
  logLevel: 'warning',
};
const result = await build({ ...options, outdir, plugins: [lazyChildProcessInCommander()] });
/**
 * commander requires node:child_process at load for executable subcommands, which arledger has none of;
 * loading that builtin is a tenth of a small command's run. Commander gets it on first use instead.
 */
function lazyChildProcessInCommander() {
  return {
    name: 'lazy-child-process',
    setup(b) {
      b.onResolve({ filter: /^(node:)?child_process$/ }, (args) => (/[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy-child-process' } : undefined));
      b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
        contents: "let m; module.exports = new Proxy({}, { get: (_, k) => (m ??= require('node:child_process'))[k] });",
        loader: 'js',
      }));
    },
  };
}

// pdfkit reads the sRGB profile of a PDF/A file (Factur-X) from beside its own module, which in the bundle is a chunk.
const iccProfile = (dir) => {
  mkdirSync(`${dir}/chunks/data`, { recursive: true });
  copyFileSync(`${root}node_modules/pdfkit/js/data/sRGB_IEC61966_2_1.icc`, `${dir}/chunks/data/sRGB_IEC61966_2_1.icc`);
};
iccProfile(outdir);

/**
 * Besides, the program once more for each command, holding that command only (bin/arledger.js picks it when the
 * line names the command): Node resolves, reads and compiles every ES module on its own, and a report ran through
 * some thirty chunks of the whole program where its own program has ten. buildProgram registers only the named
 * command either way, so both answer the same; help, completion and unknown names take the whole program.
 */
const registry = readFileSync(`${root}src/cli/commands/index.ts`, 'utf8');
const modules = new Map();
for (const [, name, file] of registry.matchAll(/\{ name: '([a-z]+)', load: \(\) => import\('\.\/([a-z-]+)\.js'\) \}/g)) {
  modules.set(name, [...(modules.get(name) ?? []), file]);
}
if (!modules.has('aging') || !modules.has('invoice')) throw new Error('scripts/bundle.mjs: no command found in src/cli/commands/index.ts');
// The reports and lookups that scripts and cron jobs run often; each program more is a rebuild more of every build,
// and a writer's run is long enough that its start matters less.
const OWN = new Set(['aging', 'check', 'invoice', 'dunning', 'statement', 'kpi', 'worklist', 'behavior', 'customer']);
for (const name of modules.keys()) if (!OWN.has(name)) modules.delete(name);
// One incremental build, rebuilt per command, parses the sources once rather than once per command.
let only = [];
const scratch = `${outdir}/command/_`;
const perCommand = await context({ ...options, outdir: scratch, write: false, metafile: false, plugins: [lazyChildProcessInCommander(), onlyCommand(() => only)] });
try {
  for (const [name, files] of modules) {
    only = [name, files];
    const dir = `${outdir}/command/${name}`;
    for (const f of (await perCommand.rebuild()).outputFiles) {
      const to = dir + f.path.slice(scratch.length);
      mkdirSync(dirname(to), { recursive: true });
      writeFileSync(to, f.contents);
    }
    iccProfile(dir);
  }
} finally {
  await perCommand.dispose();
}

/** src/cli/commands/index.ts with one command, imported with the program rather than after it. */
function onlyCommand(current) {
  return {
    name: 'only-command',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]cli[\\/]commands[\\/]index\.ts$/ }, () => {
        const [name, files] = current();
        return {
          loader: 'ts',
          resolveDir: `${root}src/cli/commands`,
          contents: files.map((f, i) => `import * as m${i} from './${f}.js';\n`).join('')
            + `export const COMMANDS = [${files.map((_, i) => `{ name: '${name}', load: async () => m${i} }`).join(', ')}];\n`,
        };
      });
    },
  };
}

if (process.env.BUNDLE_ANALYZE) process.stdout.write(await analyzeMetafile(result.metafile));
if (process.env.BUNDLE_CHUNKS) {
  for (const [out, o] of Object.entries(result.metafile.outputs)) {
    if (out.endsWith('.js')) console.log(out.replace(/.*bundle\//, ''), o.bytes, Object.keys(o.inputs).map((i) => i.replace(/node_modules\/((@[^/]+\/)?[^/]+).*/, '$1')).filter((v, i, a) => a.indexOf(v) === i).join(' '));
  }
}
if (process.env.BUNDLE_SIZES) {
  for (const [out, o] of Object.entries(result.metafile.outputs)) {
    const by = {};
    for (const [i, v] of Object.entries(o.inputs)) { const k = i.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, '$1').replace(/^src\/.*/, 'src'); by[k] = (by[k] ?? 0) + v.bytesInOutput; }
    if (o.bytes > 20000) console.log(out.replace(/.*bundle\//, ''), JSON.stringify(by));
  }
}
