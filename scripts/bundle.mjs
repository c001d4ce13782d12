// Bundles the CLI for start-up speed: resolving and reading a hundred separate modules costs more than running a
// small command. One entry, split into chunks so that a run loads only the code of the command it names.
// dist/ from tsc stays beside it for the tests and scripts that import single modules.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyzeMetafile, build } from 'esbuild';

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
const result = await build({
  absWorkingDir: root,
  // The second thread of a large cold read (src/io/parallel.ts) starts from a file of its own.
  entryPoints: { main: 'src/cli/main.ts', 'parallel-worker': 'src/io/parallel-worker.ts' },
  outdir,
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
  plugins: [lazyChildProcessInCommander()],
});
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
mkdirSync(`${outdir}/chunks/data`, { recursive: true });
copyFileSync(`${root}node_modules/pdfkit/js/data/sRGB_IEC61966_2_1.icc`, `${outdir}/chunks/data/sRGB_IEC61966_2_1.icc`);

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
