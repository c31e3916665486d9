/** Facts about the database itself (its id, expected keys, whether it is a demo), kept in database_info. */
import { KEY_PURPOSES, type KeyProvider } from '../keys/key-provider.ts';
import type { Db } from './connection.ts';

export function readDatabaseInfo(db: Db, key: string): string | null {
  const row = db
    .prepare<[string], { value: string }>('SELECT value FROM database_info WHERE key = ?')
    .get(key);
  return row?.value ?? null;
}

/**
 * Records the database's id (the keychain account its keys live under) and the ids of the
 * keys it was made with, so opening it with another key set fails clearly, not silently.
 */
export function recordDatabaseIdentity(
  db: Db,
  identity: { databaseId: string; keys: KeyProvider },
): void {
  const insert = db.prepare('INSERT INTO database_info (key, value) VALUES (?, ?)');
  insert.run('database_id', identity.databaseId);
  for (const purpose of KEY_PURPOSES)
    insert.run(`key.${purpose}`, identity.keys.current(purpose).id);
}

/** Demo operators and data exist only in a database made by `desk-admin demo`; the UI says DEMO. */
export function isDemoDatabase(db: Db): boolean {
  return readDatabaseInfo(db, 'demo') === 'true';
}
