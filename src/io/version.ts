// The program's version: built into the bundle; the plain tsc output, which tests import, reads package.json.
import { readFileSync } from 'node:fs';

declare const __ARLEDGER_VERSION__: string | undefined;
declare const __ARLEDGER_BUILD__: string | undefined;

let cached: string | undefined;

export function programVersion(): string {
  if (typeof __ARLEDGER_VERSION__ === 'string') return __ARLEDGER_VERSION__;
  cached ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cached;
}

/** The version and build: what a saved reading cache must have been written by to be used. */
export function buildVersion(): string {
  return `${programVersion()}+${typeof __ARLEDGER_BUILD__ === 'string' ? __ARLEDGER_BUILD__ : 'dev'}`;
}
