/**
 * A writable connection for a writer outside the console (the harness setting a policy, the
 * kit's seeds as the issuer's ACS would write): the one place test code opens the database
 * for writing. The database seals its security-relevant rows (row MACs kept by triggers), so
 * the writer holds the keys as the ACS feed would, through the sealed writer.
 */
import Database from 'better-sqlite3';
import { sealWrites } from '../helpers/sealed-writer.ts';

/** Runs `work` on a writable connection to the database, then closes it. */
export function withWritableDb<T>(
  dbPath: string,
  keyFile: string,
  work: (db: Database.Database) => T,
): T {
  const db = new Database(dbPath);
  try {
    sealWrites(db, dbPath, keyFile);
    return work(db);
  } finally {
    db.close();
  }
}
