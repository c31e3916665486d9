/**
 * A key file in its database's own folder goes wherever the database goes (a copy, a backup,
 * a share): whoever takes one takes both. The console and every desk-admin command refuse it,
 * except for demo databases, whose keys derive from a public seed anyway (and which the
 * console labels DEMO). `desk-admin init` never creates one.
 */
import { dirname, resolve } from 'node:path';
import type { Db } from '../db/connection.ts';
import { isDemoDatabase } from '../db/database-info.ts';
import { KeyError } from './key-provider.ts';

export const keyFileBesideDatabase = (dbPath: string, keyFile: string): boolean =>
  dirname(resolve(keyFile)) === dirname(resolve(dbPath));

export const besideDatabaseMessage = (dbPath: string, keyFile: string): string =>
  `Key file "${keyFile}" is in the same folder as its database "${dbPath}": whoever copies the folder has both. Move the key file to a folder of its own (readable by this user only) and name it with --key-file, or keep the keys in the OS keychain.`;

export function refuseKeyFileBesideDatabase(db: Db, dbPath: string, keyFile?: string): void {
  if (keyFile === undefined || isDemoDatabase(db)) return;
  if (!keyFileBesideDatabase(dbPath, keyFile)) return;
  throw new KeyError(besideDatabaseMessage(dbPath, keyFile));
}
