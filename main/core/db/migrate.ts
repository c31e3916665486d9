/**
 * Applies numbered migrations in one transaction with PRAGMA user_version, records each
 * migration's SHA-256, refuses a database written by a newer version and catches a shipped
 * migration that was edited afterwards.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { systemClock } from '../clock.ts';
import { runningDeskServer } from '../lease/desk-server-lease.ts';
import { DatabaseOpenError } from './errors.ts';
import type { Migration } from './migration.ts';
import { latestSchemaVersion, migrations } from './migrations/index.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface MigrateOptions {
  /** Only check the schema is this version's, without writing (read-only opens). */
  checkOnly?: boolean;
  /** The migrations to apply; tests pass a prefix to build older databases. */
  available?: readonly Migration[];
}

export function migrate(db: Database.Database, options: MigrateOptions = {}): number {
  const available = options.available ?? migrations;
  const latest = available.at(-1)?.version ?? 0;
  const current = db.pragma('user_version', { simple: true }) as number;

  if (current > latest) {
    throw new DatabaseOpenError(
      'newer-schema',
      `This database has schema version ${current}, written by a newer Verify Desk; this version understands up to ${latest}. Update Verify Desk to open it.`,
    );
  }
  if (current > 0) checkRecordedHashes(db, available, current);

  const pending = available.filter((migration) => migration.version > current);
  if (pending.length === 0) return current;
  if (options.checkOnly) {
    throw new DatabaseOpenError(
      'newer-schema',
      `This database has schema version ${current} and needs migrating to ${latest}; open it read-write once.`,
    );
  }

  db.transaction(() => {
    refuseUnderRunningServer(db, current, latest);
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL) STRICT`);
    const record = db.prepare(
      'INSERT INTO schema_migrations (version, name, sha256) VALUES (?, ?, ?)',
    );
    for (const migration of pending) {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, sha256(migration.sql));
    }
    db.pragma(`user_version = ${pending.at(-1)!.version}`);
  }).immediate();
  return pending.at(-1)!.version;
}

/**
 * A desk server serving this database runs the schema it started with: migrating under it
 * would make its next write fail closed on a changed schema, stopping the floor mid-call.
 * Checked inside the migration's write transaction, so a server cannot claim in between.
 */
function refuseUnderRunningServer(db: Database.Database, current: number, latest: number): void {
  const hasLeases = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'leases'")
    .get();
  if (!hasLeases) return;
  const server = runningDeskServer(db, systemClock);
  if (server) {
    throw new DatabaseOpenError(
      'server-running',
      `A desk server (${server.holder}) is serving this database at schema version ${current}; migrating it to ${latest} under the server would stop it. Stop the server, then run this again.`,
    );
  }
}

function checkRecordedHashes(
  db: Database.Database,
  available: readonly Migration[],
  current: number,
) {
  const recorded = db.prepare('SELECT version, sha256 FROM schema_migrations').all() as {
    version: number;
    sha256: string;
  }[];
  const byVersion = new Map(recorded.map((row) => [row.version, row.sha256]));
  for (const migration of available) {
    if (migration.version > current) break;
    if (byVersion.get(migration.version) !== sha256(migration.sql)) {
      throw new DatabaseOpenError(
        'edited-migration',
        `Migration ${migration.version} (${migration.name}) differs from the one this database was built with.`,
      );
    }
  }
}

export { latestSchemaVersion };
