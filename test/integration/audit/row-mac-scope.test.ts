/**
 * How far a row MAC reaches (docs/DEPLOY.md, "One key file per database"). Row MACs are keyed by
 * the database's own keys, and `desk-admin init` never reuses a key file, so a row sealed in
 * another database never verifies here. Binding the MAC to the database id as well would change
 * nothing: the databases that share keys are copies of one database (a backup, a training
 * copy), and a copy has the same id. This test pins the exposure that remains: a row sealed in
 * a copy by someone holding the key file verifies in the original, so a copy must be kept with
 * the same care as the original and never opened with its key file somewhere less trusted.
 */
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sealedRowHolds, type SealedRow } from '../../../main/core/db/sealed-rows.ts';
import { openKeyFile } from '../../../main/core/keys/key-file.ts';
import { rowKeysOf } from '../../../main/core/keys/row-mac.ts';
import { keylessWriter, sealWrites } from '../../helpers/sealed-writer.ts';
import { runCli } from '../cli/cli-harness.ts';
import { newDatabase } from '../import/import-harness.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const OPERATOR = `INSERT INTO operators (id, username, display_name, role, password_hash, password_changed_at, created_at)
  VALUES (900, 'mallory', 'M', 'admin', 'chosen-hash', 't', 't')`;

/** An operator sealed in `from` by a writer holding `keyFile`, moved into `to` without keys. */
function moveSealedOperator(from: string, keyFile: string, to: string): SealedRow {
  const sealed = new Database(from);
  sealWrites(sealed, from, keyFile);
  sealed.exec(OPERATOR);
  const row = sealed
    .prepare('SELECT mac_key_id, row_mac FROM operators WHERE id = 900')
    .get() as SealedRow;
  sealed.close();
  // Inserted, then its MAC put back (the update trigger does not reseal a row that fails).
  const raw = keylessWriter(to);
  raw.exec(OPERATOR);
  raw
    .prepare('UPDATE operators SET mac_key_id = ?, row_mac = ? WHERE id = 900')
    .run(row.mac_key_id, row.row_mac);
  raw.close();
  return row;
}

const operatorIn = (dbPath: string) => {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT * FROM operators WHERE id = 900').get() as SealedRow;
  } finally {
    db.close();
  }
};

describe('the reach of a row MAC', () => {
  it('a row sealed in another database (its own keys) never verifies here', () => {
    const dir = mkdtempSync(join(tmpdir(), 'row-mac-scope-'));
    dirs.push(dir);
    const a = newDatabase(dir, 'a');
    const b = newDatabase(dir, 'b');
    moveSealedOperator(b.dbPath, b.keyFile, a.dbPath);
    const lookup = rowKeysOf(openKeyFile(a.keyFile));
    expect(sealedRowHolds(lookup, 'operators', operatorIn(a.dbPath))).toBe(false);
  });

  it('a row sealed in a copy of the database (same id, same key file) verifies in the original: the exposure a copy carries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'row-mac-scope-'));
    dirs.push(dir);
    const a = newDatabase(dir, 'a');
    const copy = join(dir, 'copy.db');
    copyFileSync(a.dbPath, copy);
    moveSealedOperator(copy, a.keyFile, a.dbPath);
    const lookup = rowKeysOf(openKeyFile(a.keyFile));
    expect(sealedRowHolds(lookup, 'operators', operatorIn(a.dbPath))).toBe(true);
    // Nothing in the trail contradicts the row, so audit verify does not name it either.
    const verify = await runCli(['audit', 'verify', '--db', a.dbPath, '--key-file', a.keyFile]);
    expect(verify.stdout).not.toContain('operators row(s)');
  });
});
