/**
 * What a writer outside the console that holds the keys does (the issuer's ACS feed, a
 * future import): seals the rows it writes (migration 007), with the database's key file.
 */
import Database from 'better-sqlite3';
import { dirname, join } from 'node:path';
import { schemaDifferences } from '../../main/core/db/schema-check.ts';
import { installRowMac } from '../../main/core/db/sealed-rows.ts';
import { openKeyFile } from '../../main/core/keys/key-file.ts';

/**
 * Registers the row MAC on a raw connection; the key file defaults to desk.key beside it. Like
 * any writer outside the console, it checks the schema first (and refuses a changed one); the
 * seal functions then answer for this short-lived connection.
 */
export function sealWrites(db: Database.Database, dbPath: string, keyFile?: string): void {
  installRowMac(db, openKeyFile(keyFile ?? join(dirname(dbPath), 'desk.key')), {
    openAfterSchemaCheck: schemaDifferences,
  });
}

/**
 * Someone with write access to the file but not the keys: the seal functions are stand-ins
 * (no key id, a zero MAC, and no row "holds", so the triggers never reseal), so whatever this
 * connection writes to a sealed row fails its seal.
 */
export function keylessWriter(dbPath: string): Database.Database {
  const raw = new Database(dbPath);
  raw.function('desk_row_key_id', () => 'forged');
  raw.function('desk_row_mac', { varargs: true }, () => Buffer.alloc(32));
  raw.function('desk_row_holds', { varargs: true }, () => 0);
  return raw;
}
