/** The schema check at open: exactly what the migrations made, SQLite's own tables aside. */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../main/core/db/migrate.ts';
import { schemaDifferences } from '../../../main/core/db/schema-check.ts';

function fresh(): Database.Database {
  const db = new Database(':memory:');
  migrate(db);
  return db;
}

describe('schema check', () => {
  it('a migrated database has no differences, also after ANALYZE and PRAGMA optimize', () => {
    const db = fresh();
    expect(schemaDifferences(db)).toEqual([]);
    db.exec('ANALYZE; PRAGMA optimize;');
    expect(schemaDifferences(db)).toEqual([]);
  });

  it('names a dropped trigger, a changed index and an added table', () => {
    const db = fresh();
    db.exec(`DROP TRIGGER audit_log_refuses_update;
             DROP INDEX audit_log_by_time; CREATE INDEX audit_log_by_time ON audit_log (seq);
             CREATE TABLE extra (x);`);
    expect(schemaDifferences(db)).toEqual([
      "index audit_log_by_time differs from the migrations'",
      'trigger audit_log_refuses_update is missing',
      'table extra was not made by a migration',
    ]);
  });
});
