import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLedger, NotALedgerError, findLedgerDir } from '../../src/io/load.js';
import { TXN_FILE } from '../../src/io/txn.js';
import { BASE_CONFIG, BASE_CUSTOMERS, tempDir, tempLedger } from '../helpers/cli.js';

const INVOICES = 'id,kind,date,due,customer,currency,amount,terms,reference,memo\nINV-1,invoice,2026-10-01,2026-10-31,ACME,EUR,100.00,net30,,\n';

describe('loadLedger', () => {
  it('reads only up to the sizes of a pending transaction, so a half-done write is invisible', () => {
    const dir = tempLedger({ 'ledger.yaml': BASE_CONFIG, 'customers.yaml': BASE_CUSTOMERS, 'invoices.csv': INVOICES });
    fs.writeFileSync(path.join(dir, TXN_FILE), JSON.stringify({ files: [{ name: 'invoices.csv', size: INVOICES.length }, { name: 'payments.csv', size: -1 }] }));
    fs.appendFileSync(path.join(dir, 'invoices.csv'), 'INV-2,invoice,2026-10-0');
    fs.writeFileSync(path.join(dir, 'payments.csv'), 'id,date,cust');
    const loaded = loadLedger(dir);
    expect(loaded.issues).toEqual([]);
    expect(loaded.ledger.documents.map((d) => d.id)).toEqual(['INV-1']);
    expect(loaded.files.get('payments.csv')!.exists).toBe(false);
  });

  it('knows each file\'s line ends and final newline, for appending in its own style', () => {
    const dir = tempLedger({ 'ledger.yaml': BASE_CONFIG, 'customers.yaml': BASE_CUSTOMERS, 'invoices.csv': `\uFEFF${INVOICES.replace(/\n/g, '\r\n').trimEnd()}` });
    const loaded = loadLedger(dir);
    expect(loaded.issues).toEqual([]);
    expect(loaded.files.get('invoices.csv')).toMatchObject({ exists: true, eol: '\r\n', endsWithNewline: false });
    expect(loaded.texts.get('invoices.csv')!.startsWith('id,')).toBe(true); // BOM removed
    expect(loaded.files.get('payments.csv')).toMatchObject({ exists: false });
  });

  it('names the line, column and byte of invalid UTF-8', () => {
    const dir = tempLedger({ 'ledger.yaml': BASE_CONFIG, 'customers.yaml': BASE_CUSTOMERS });
    fs.writeFileSync(path.join(dir, 'invoices.csv'), Buffer.concat([Buffer.from(INVOICES), Buffer.from('INV-2,invoice,2026-10-01,2026-10-31,ACME,EUR,1.00,net30,,Caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    const loaded = loadLedger(dir);
    expect(loaded.issues).toEqual([expect.objectContaining({ file: 'invoices.csv', line: 3, message: 'byte 0xe9 is not valid UTF-8 (column 61)' })]);
  });

  it('is not a ledger without ledger.yaml', () => {
    expect(() => loadLedger(tempDir())).toThrow(NotALedgerError);
  });

  it('finds the ledger: --ledger, else $ARLEDGER_DIR, else the nearest ancestor with ledger.yaml', () => {
    const dir = tempLedger({ 'ledger.yaml': BASE_CONFIG, 'sub/deeper/x': '' });
    expect(findLedgerDir(undefined, undefined, path.join(dir, 'sub', 'deeper'))).toBe(dir);
    expect(findLedgerDir('other', 'env', dir)).toBe(path.join(dir, 'other'));
    expect(findLedgerDir(undefined, 'env', dir)).toBe(path.join(dir, 'env'));
    expect(() => findLedgerDir(undefined, undefined, tempDir())).toThrow(/no ledger here/);
  });
});
