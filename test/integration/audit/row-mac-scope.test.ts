/**
 * How far a row MAC reaches (docs/DEPLOY.md, "One key file per database"). Row MACs are keyed by
 * the database's own keys, and `desk-admin init` never reuses a key file, so a row sealed in
 * another database never verifies here. Binding the MAC to the database id as well would change
 * nothing: the databases that share keys are copies of one database (a backup, a training
 * copy), and a copy has the same id. A row sealed in a copy by someone holding the key file
 * verifies by its MAC in the original; an operator row is caught all the same, since every
 * operator is created with an `operator.create` entry naming its id, username and role, and this
 * trail has none for an operator created in the copy: it cannot sign in, and `audit verify`
 * names it.
 */
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sealedRowHolds, type SealedRow } from '../../../main/core/db/sealed-rows.ts';
import { openKeyFile } from '../../../main/core/keys/key-file.ts';
import { rowKeysOf } from '../../../main/core/keys/row-mac.ts';
import { createOperatorStore } from '../../../main/core/operators/operator-store.ts';
import { keylessWriter, sealWrites } from '../../helpers/sealed-writer.ts';
import { runCli } from '../cli/cli-harness.ts';
import { newDatabase, withImportDb } from '../import/import-harness.ts';

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

  it('an operator sealed in a copy of the database (same id, same key file) verifies by its MAC in the original, but was never created in its trail: it cannot sign in and audit verify names it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'row-mac-scope-'));
    dirs.push(dir);
    const a = newDatabase(dir, 'a');
    await withImportDb(a, ({ db, audit, clock }) =>
      createOperatorStore(db, audit, {}).create({
        operatorId: 0,
        username: 'desk-admin',
        origin: 'test',
        at: clock.now(),
        newUsername: 'alice',
        displayName: 'Alice',
        role: 'agent',
        passwordHash: 'scrypt$x',
      }),
    );
    const copy = join(dir, 'copy.db');
    copyFileSync(a.dbPath, copy);
    moveSealedOperator(copy, a.keyFile, a.dbPath);
    const lookup = rowKeysOf(openKeyFile(a.keyFile));
    expect(sealedRowHolds(lookup, 'operators', operatorIn(a.dbPath))).toBe(true);
    const sealed = await withImportDb(a, async ({ db, audit }) => {
      const operators = createOperatorStore(db, audit, {});
      const all = await operators.list();
      return Promise.all(
        all.map(async (o) => [o.username, (await operators.findById(o.id))!.sealed] as const),
      );
    });
    // The operator created here stands; the one from the copy does not.
    expect(Object.fromEntries(sealed)).toEqual({ alice: true, mallory: false });
    const verify = await runCli(['audit', 'verify', '--db', a.dbPath, '--key-file', a.keyFile]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain(
      'operator 900 (mallory) was never created in this audit trail with that username and role',
    );
  });
});
