// Where a ledger's files may lead (src/io/paths.ts), temporary files that cannot be planted, and what recovery and
// a transaction record may touch.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTemp, ledgerPathProblem, sweepTemps, TEMP_RE } from '../../src/io/paths.js';
import { pendingTransaction, recover, replaceFile, TXN_FILE } from '../../src/io/txn.js';
import { tempDir } from '../helpers/cli.js';

function fixture(): { dir: string; out: string } {
  const root = tempDir('arledger-paths-');
  const dir = path.join(root, 'books');
  const out = path.join(root, 'elsewhere');
  fs.mkdirSync(dir);
  fs.mkdirSync(out);
  fs.writeFileSync(path.join(out, 'secret'), 'secret\n');
  fs.writeFileSync(path.join(dir, 'invoices.csv'), 'id\n');
  fs.mkdirSync(path.join(dir, 'sub'));
  return { dir, out };
}

describe('ledgerPathProblem', () => {
  it('accepts a missing file, a regular file, and symlinks that stay inside (also from a symlinked ledger directory)', () => {
    const { dir } = fixture();
    fs.symlinkSync('invoices.csv', path.join(dir, 'payments.csv'));
    fs.symlinkSync(path.join(dir, 'sub'), path.join(dir, 'outbox'));
    expect(ledgerPathProblem(dir, 'credits.csv', 'file')).toBeNull();
    expect(ledgerPathProblem(dir, 'invoices.csv', 'file')).toBeNull();
    expect(ledgerPathProblem(dir, 'payments.csv', 'file')).toBeNull();
    expect(ledgerPathProblem(dir, 'outbox', 'dir')).toBeNull();
    const alias = `${dir}-alias`;
    fs.symlinkSync(dir, alias);
    expect(ledgerPathProblem(alias, 'payments.csv', 'file')).toBeNull();
  });

  it('refuses symlinks leading out (also through a parent), dangling ones, loops and the wrong kind', () => {
    const { dir, out } = fixture();
    fs.symlinkSync(path.join(out, 'secret'), path.join(dir, 'a.csv'));
    fs.symlinkSync('../elsewhere/secret', path.join(dir, 'b.csv'));
    fs.symlinkSync(out, path.join(dir, 'templates'));
    fs.symlinkSync(path.join(out, 'nothing'), path.join(dir, 'c.csv'));
    fs.symlinkSync('d.csv', path.join(dir, 'd.csv'));
    fs.mkdirSync(path.join(dir, 'e.csv'));
    const real = fs.realpathSync(out);
    expect(ledgerPathProblem(dir, 'a.csv', 'file')).toBe(`is a symbolic link leading outside the ledger directory (to ${real}/secret)`);
    expect(ledgerPathProblem(dir, 'b.csv', 'file')).toBe(`is a symbolic link leading outside the ledger directory (to ${real}/secret)`);
    expect(ledgerPathProblem(dir, 'templates/secret', 'file')).toBe(`is a symbolic link leading outside the ledger directory (to ${real}/secret)`);
    expect(ledgerPathProblem(dir, 'c.csv', 'file')).toMatch(/^is a symbolic link to .*nothing that leads nowhere \(no such file\)$/);
    expect(ledgerPathProblem(dir, 'd.csv', 'file')).toBe('is a symbolic link to d.csv that leads nowhere (a loop)');
    expect(ledgerPathProblem(dir, 'e.csv', 'file')).toBe('is a directory, not a file');
    expect(ledgerPathProblem(dir, 'invoices.csv', 'dir')).toBe('is a file, not a directory');
    expect(ledgerPathProblem(dir, 'invoices.csv/x', 'file')).toBe('cannot be used: a part of its path is not a directory');
    if (spawnSync('mkfifo', [path.join(dir, 'f.csv')]).status === 0) {
      expect(ledgerPathProblem(dir, 'f.csv', 'file')).toBe('is a named pipe (FIFO), not a file');
    }
  });

  it('never calls a sibling directory whose name extends the ledger\'s "inside"', () => {
    const { dir } = fixture();
    const sibling = `${dir}2`;
    fs.mkdirSync(sibling);
    fs.writeFileSync(path.join(sibling, 'x'), '');
    fs.symlinkSync(path.join(sibling, 'x'), path.join(dir, 'g.csv'));
    expect(ledgerPathProblem(dir, 'g.csv', 'file')).toMatch(/^is a symbolic link leading outside/);
  });
});

describe('temporary files', () => {
  it('are fresh files under unpredictable names, which recovery sweeps and nothing else', () => {
    const { dir, out } = fixture();
    const names = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const t = createTemp(path.join(dir, 'ledger.yaml'));
      fs.closeSync(t.fd);
      expect(path.basename(t.path)).toMatch(TEMP_RE);
      names.add(t.path);
    }
    expect(names.size).toBe(50);
    fs.symlinkSync(path.join(out, 'secret'), path.join(dir, 'ledger.yaml.arledger-tmp'));
    fs.writeFileSync(path.join(dir, 'notes.arledger-tmp.txt'), 'mine');
    sweepTemps(dir);
    expect(fs.readdirSync(dir).sort()).toEqual(['invoices.csv', 'ledger.yaml.arledger-tmp', 'notes.arledger-tmp.txt', 'sub']);
    expect(fs.readFileSync(path.join(out, 'secret'), 'utf8')).toBe('secret\n');
  });

  it('replaceFile never writes through a planted name, and refuses a target directory leading out', () => {
    const { dir, out } = fixture();
    fs.symlinkSync(path.join(out, 'secret'), path.join(dir, 'ledger.yaml.arledger-tmp'));
    replaceFile(dir, { name: 'ledger.yaml', text: 'version: 1\n' });
    expect(fs.readFileSync(path.join(dir, 'ledger.yaml'), 'utf8')).toBe('version: 1\n');
    expect(fs.readFileSync(path.join(out, 'secret'), 'utf8')).toBe('secret\n');
    fs.symlinkSync(out, path.join(dir, 'outbox'));
    expect(() => replaceFile(dir, { name: 'outbox/x.eml', text: 'x' })).toThrow(/outbox: is a symbolic link leading outside/);
    expect(fs.readdirSync(out)).toEqual(['secret']);
  });
});

describe('a transaction record', () => {
  it('naming anything but a plain file of the ledger is not in force, so recovery never truncates elsewhere', () => {
    fc.assert(fc.property(fc.constantFrom('../elsewhere/secret', '/etc/passwd', 'sub/../../elsewhere/secret', '', '.', '..'), (name) => {
      const { dir, out } = fixture();
      fs.writeFileSync(path.join(dir, TXN_FILE), JSON.stringify({ files: [{ name, size: 0 }] }));
      expect(pendingTransaction(dir)).toBeNull();
      recover(dir);
      expect(fs.readFileSync(path.join(out, 'secret'), 'utf8')).toBe('secret\n');
    }), { numRuns: 6 });
  });

  it('naming a journal that became a symlink leading out is refused, and the record stays for later', () => {
    const { dir, out } = fixture();
    fs.rmSync(path.join(dir, 'invoices.csv'));
    fs.symlinkSync(path.join(out, 'secret'), path.join(dir, 'invoices.csv'));
    fs.writeFileSync(path.join(dir, TXN_FILE), JSON.stringify({ files: [{ name: 'invoices.csv', size: 0 }] }));
    expect(() => recover(dir)).toThrow(/invoices\.csv: is a symbolic link leading outside/);
    expect(fs.readFileSync(path.join(out, 'secret'), 'utf8')).toBe('secret\n');
    expect(fs.existsSync(path.join(dir, TXN_FILE))).toBe(true);
  });
});
