// Runs the built CLI's main() for runCli (test/helpers/cli.ts) on a thread of the test process: the bundle is loaded
// once, and every call gets its own environment, working directory, captured stdout/stderr and exit code, as a
// fresh `node bin/arledger.js` would. The calling thread sleeps on `signal` until the answer is on `port`.
import { workerData } from 'node:worker_threads';

const { bundle, port, signal } = workerData;
const flag = new Int32Array(signal);
/** An error thrown or a promise rejected outside main(): the real process would have died of it. */
let stray = null;
process.on('uncaughtException', (e) => { stray = e; });
process.on('unhandledRejection', (e) => { stray = e; });
/**
 * A process warning is printed on a real process's stderr, in Node's words: only a real process shows it right.
 * Listened for from before the bundle loads: a warning at start-up belongs to the first call.
 */
let warned = null;
process.on('warning', (w) => {
  // Said only on a thread that tracks the files it opens, when one it did not open is closed: never by a process.
  if (/closed but not opened in unmanaged mode/.test(w.message)) return;
  warned = w;
});

let program;
let broken = null;
try {
  program = await import(bundle);
} catch (e) {
  broken = e;
}

function answer(msg) {
  port.postMessage(msg);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

port.on('message', async ({ args, env, cwd }) => {
  const out = [];
  const err = [];
  stray = null;
  if (broken !== null) return answer({ fallback: `the bundle did not load: ${broken?.stack ?? broken}` });
  const { main, systemCtx } = program;
  try {
    // A thread has its own copy of process.env: what the program reads there (the cache's threshold, git's
    // environment) is this call's, as in a child process.
    for (const k of Object.keys(process.env)) delete process.env[k];
    Object.assign(process.env, env);
    const sys = systemCtx();
    const ctx = Object.defineProperties({}, {
      ...Object.getOwnPropertyDescriptors(sys),
      cwd: { value: cwd, enumerable: true },
      stdout: { value: { write: (t) => void out.push(Buffer.from(t)), isTTY: false }, enumerable: true },
      stderr: { value: { write: (t) => void err.push(Buffer.from(t)), isTTY: false }, enumerable: true },
    });
    const code = await main(args, ctx);
    // What a command leaves running after main() returns would still print before a real process exits.
    await new Promise((r) => setImmediate(r));
    if (stray !== null) answer({ fallback: `uncaught after main(): ${stray?.stack ?? stray}` });
    else if (warned !== null) answer({ fallback: `a process warning: ${warned.name}: ${warned.message}` });
    else answer({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    warned = null;
  } catch (e) {
    answer({ fallback: `main() threw: ${e?.stack ?? e}` });
  }
});
