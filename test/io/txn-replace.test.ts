// A transaction that replaces customers.yaml and appends to notes.csv: a crash at any step is undone by the next
// writer, leaving both files as before; a finished one leaves no copy behind.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitTransaction, recover, TXN_FILE } from '../../src/io/txn.js';

function ledger(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arledger-txn-'));
  fs.writeFileSync(path.join(dir, 'customers.yaml'), 'ACME:\n  name: Acme\n');
  fs.writeFileSync(path.join(dir, 'notes.csv'), 'date,customer,invoice,kind,text,follow_up,by\n');
  return dir;
}

describe('commitTransaction with a replaced file', () => {
  it('replaces and appends, and leaves only the ledger files', () => {
    const dir = ledger();
    commitTransaction(dir, [{ name: 'notes.csv', text: '2026-11-30,ACME,,note,Hold on,,A\n' }], [{ name: 'customers.yaml', text: 'ACME:\n  name: Acme\n  hold: true\n' }]);
    expect(fs.readFileSync(path.join(dir, 'customers.yaml'), 'utf8')).toBe('ACME:\n  name: Acme\n  hold: true\n');
    expect(fs.readFileSync(path.join(dir, 'notes.csv'), 'utf8')).toMatch(/Hold on/);
    expect(fs.readdirSync(dir).sort()).toEqual(['customers.yaml', 'notes.csv']);
  });

  it('is undone by recover when a crash left its record: the old customers.yaml back, the note cut off', () => {
    const dir = ledger();
    const oldCustomers = fs.readFileSync(path.join(dir, 'customers.yaml'));
    const notesSize = fs.statSync(path.join(dir, 'notes.csv')).size;
    // What a writer killed after replacing customers.yaml and appending the note, before removing its record, leaves.
    const backup = '.customers.yaml.0123456789abcdef.arledger-tmp';
    fs.writeFileSync(path.join(dir, backup), oldCustomers);
    fs.writeFileSync(path.join(dir, TXN_FILE), JSON.stringify({ files: [{ name: 'notes.csv', size: notesSize }], restore: [{ name: 'customers.yaml', backup }] }));
    fs.writeFileSync(path.join(dir, 'customers.yaml'), 'ACME:\n  name: Acme\n  hold: true\n');
    fs.appendFileSync(path.join(dir, 'notes.csv'), '2026-11-30,ACME,,note,Hold on,,A\n');
    recover(dir);
    expect(fs.readFileSync(path.join(dir, 'customers.yaml'))).toEqual(oldCustomers);
    expect(fs.statSync(path.join(dir, 'notes.csv')).size).toBe(notesSize);
    expect(fs.readdirSync(dir).sort()).toEqual(['customers.yaml', 'notes.csv']);
  });

  it('ignores a restore entry that names anything but a temporary copy in the ledger', () => {
    const dir = ledger();
    fs.writeFileSync(path.join(dir, TXN_FILE), JSON.stringify({ files: [], restore: [{ name: 'customers.yaml', backup: '../../etc/passwd' }] }));
    recover(dir);
    expect(fs.readFileSync(path.join(dir, 'customers.yaml'), 'utf8')).toBe('ACME:\n  name: Acme\n');
    expect(fs.existsSync(path.join(dir, TXN_FILE))).toBe(false);
  });
});
