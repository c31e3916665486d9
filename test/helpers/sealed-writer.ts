/**
 * What a writer outside the console that holds the keys does (the issuer's ACS feed, a
 * future import): seals the rows it writes (migration 007), with the database's key file.
 */
import type Database from 'better-sqlite3';
import { dirname, join } from 'node:path';
import { installRowMac } from '../../main/core/db/sealed-rows.ts';
import { openKeyFile } from '../../main/core/keys/key-file.ts';

/** Registers the row MAC on a raw connection; the key file defaults to desk.key beside it. */
export function sealWrites(db: Database.Database, dbPath: string, keyFile?: string): void {
  installRowMac(db, openKeyFile(keyFile ?? join(dirname(dbPath), 'desk.key')));
}
