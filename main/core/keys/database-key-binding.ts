/**
 * Which keys a database expects: its id (the keychain account its keys live under) and the
 * id of each key it was made with, as recorded at init (recordDatabaseIdentity, rows
 * "database_id" and "key.<purpose>" in database_info). Passed to openKeyProvider, so opening
 * a database with another database's keys is a clear error instead of hashes that silently
 * match nothing and an audit chain that looks forged.
 */
import type { Db } from '../db/connection.ts';
import { readDatabaseInfo } from '../db/database-info.ts';
import { KEY_PURPOSES, KeyError, type KeyPurpose } from './key-provider.ts';

export interface KeyBinding {
  databaseId: string;
  /** The current key id per purpose when the database was made. */
  expectedKeyIds: Partial<Record<KeyPurpose, string>>;
}

export function readKeyBinding(db: Db): KeyBinding {
  const databaseId = readDatabaseInfo(db, 'database_id');
  if (databaseId === null) {
    throw new KeyError(
      'This database records no id, so its keys cannot be found: it was not made by desk-admin init (or desk-admin demo).',
    );
  }
  const expected: Partial<Record<KeyPurpose, string>> = {};
  for (const purpose of KEY_PURPOSES) {
    const id = readDatabaseInfo(db, `key.${purpose}`);
    // A database made before operator passwords were peppered records no password key.
    if (id === null && purpose === 'password') continue;
    if (id === null) {
      throw new KeyError(
        `Database ${databaseId} does not record which ${purpose} key it was made with.`,
      );
    }
    expected[purpose] = id;
  }
  return { databaseId, expectedKeyIds: expected };
}
