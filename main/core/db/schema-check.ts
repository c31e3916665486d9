/**
 * The schema as the migrations made it, checked at every open. Someone who can write the
 * database file can drop the audit log's append-only triggers (or add a trigger of their
 * own) with any SQLite tool; the next open compares every table, index, trigger and view in
 * sqlite_master with what this version's migrations produce and refuses, naming what differs.
 *
 * The expected schema is not a hash stored in the database (the same writer could rewrite
 * it) but rebuilt from the migrations in memory, once per process and version, and compared
 * object by object so the error names what differs (schemaHash gives one value for logs).
 * SQLite's own objects (sqlite_stat1/4 from
 * `PRAGMA optimize` or ANALYZE, sqlite_sequence, sqlite_autoindex_*) are left out: they
 * follow from the rest, and optimising the database must not make it unopenable.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { DatabaseOpenError } from './errors.ts';
import { migrate } from './migrate.ts';
import type { Migration } from './migration.ts';
import { migrations } from './migrations/index.ts';

export interface SchemaObject {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

export function schemaObjects(db: Database.Database): SchemaObject[] {
  return db
    .prepare<[], SchemaObject>(
      // Only SQLite's own, by name and kind: anything else called sqlite_… (slipped in through
      // writable_schema) is reported like any other object.
      `SELECT type, name, tbl_name, sql FROM sqlite_master
       WHERE NOT (type = 'table' AND (name LIKE 'sqlite\\_stat%' ESCAPE '\\' OR name = 'sqlite_sequence'))
         AND NOT (type = 'index' AND sql IS NULL AND name LIKE 'sqlite\\_autoindex\\_%' ESCAPE '\\')
       ORDER BY type, name`,
    )
    .all();
}

/** SHA-256 over every object's type, name, table and SQL, in a fixed order. */
export function schemaHash(objects: readonly SchemaObject[]): string {
  const hash = createHash('sha256').update('verify-desk schema v1\u0000');
  for (const o of objects)
    hash.update(`${o.type}\u0000${o.name}\u0000${o.tbl_name}\u0000${o.sql ?? ''}\u0001`);
  return hash.digest('hex');
}

const expectedByVersion = new Map<string, SchemaObject[]>();

/** What the migrations up to `version` make, built once in memory. */
export function expectedSchema(
  version: number,
  available: readonly Migration[] = migrations,
): SchemaObject[] {
  const applied = available.filter((m) => m.version <= version);
  const cacheKey = applied.map((m) => `${m.version}:${m.sql.length}:${m.name}`).join('|');
  let found = expectedByVersion.get(cacheKey);
  if (!found) {
    const scratch = new Database(':memory:');
    try {
      migrate(scratch, { available: applied });
      found = schemaObjects(scratch);
    } finally {
      scratch.close();
    }
    expectedByVersion.set(cacheKey, found);
  }
  return found;
}

/** Each difference in words ("trigger audit_log_refuses_delete is missing"); empty when none. */
export function schemaDifferences(
  db: Database.Database,
  available: readonly Migration[] = migrations,
): string[] {
  const version = db.pragma('user_version', { simple: true }) as number;
  const expected = new Map(expectedSchema(version, available).map((o) => [o.name, o]));
  const actual = new Map(schemaObjects(db).map((o) => [o.name, o]));
  const differences: string[] = [];
  for (const [name, want] of expected) {
    const have = actual.get(name);
    if (!have) differences.push(`${want.type} ${name} is missing`);
    else if (have.type !== want.type || have.tbl_name !== want.tbl_name || have.sql !== want.sql)
      differences.push(`${want.type} ${name} differs from the migrations'`);
  }
  for (const [name, have] of actual)
    if (!expected.has(name)) differences.push(`${have.type} ${name} was not made by a migration`);
  return differences;
}

/** Refuses a database whose schema is not exactly what its migrations made. */
export function checkSchema(db: Database.Database, path: string): void {
  const differences = schemaDifferences(db);
  if (differences.length === 0) return;
  const version = db.pragma('user_version', { simple: true }) as number;
  throw new DatabaseOpenError(
    'altered-schema',
    `"${path}" has a schema that differs from what the migrations made (version ${version}): ${differences.join('; ')}. Someone changed it outside Verify Desk; it is refused. Run "desk-admin audit verify" and restore it from a backup.`,
  );
}

export function currentSchemaHash(db: Database.Database): string {
  return schemaHash(schemaObjects(db));
}
