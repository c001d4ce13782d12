import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordingUser } from '../../src/io/user.js';

const dir = mkdtempSync(join(tmpdir(), 'arledger-user-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('recordingUser', () => {
  it('prefers --by, then ARLEDGER_USER, then git user.name', () => {
    execFileSync('git', ['init', '-q', dir]);
    execFileSync('git', ['-C', dir, 'config', 'user.name', 'Git Person']);
    expect(recordingUser(' Anna ', { ARLEDGER_USER: 'Env' }, dir)).toBe('Anna');
    expect(recordingUser(undefined, { ARLEDGER_USER: 'Env Person' }, dir)).toBe('Env Person');
    expect(recordingUser(undefined, {}, dir)).toBe('Git Person');
  });
  it('refuses empty names and control or direction characters', () => {
    expect(() => recordingUser('', {}, dir)).toThrow(/--by is empty/);
    expect(() => recordingUser('a\u202eb', {}, dir)).toThrow(/direction character/);
    expect(() => recordingUser(undefined, { ARLEDGER_USER: 'x\ny' }, dir)).toThrow(/ARLEDGER_USER/);
  });
});
