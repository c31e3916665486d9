/**
 * A writable connection for a writer outside the console (the harness setting a policy, the
 * kit's seeds as the issuer's ACS would write): the one place test code opens the database
 * for writing, so that a change in how outside writers must write lands here only.
 */
import Database from 'better-sqlite3';

/** Runs `work` on a writable connection to the database, then closes it. */
export function withWritableDb<T>(
  dbPath: string,
  _keyFile: string,
  work: (db: Database.Database) => T,
): T {
  const db = new Database(dbPath);
  try {
    return work(db);
  } finally {
    db.close();
  }
}
