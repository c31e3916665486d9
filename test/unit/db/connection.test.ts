import Database from 'better-sqlite3';
import { openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/core/db/connection.ts';
import { DatabaseOpenError } from '../../../main/core/db/errors.ts';
import { latestSchemaVersion, migrate } from '../../../main/core/db/migrate.ts';
import { migrations } from '../../../main/core/db/migrations/index.ts';
import { DESK_SERVER_LEASE, deskServerHolder } from '../../../main/core/lease/desk-server-lease.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

const tempDir = useTempDir();

function problemOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof DatabaseOpenError) return `${error.problem}: ${error.message}`;
    throw error;
  }
  return 'opened';
}

describe('openDatabase', () => {
  it('sets WAL, synchronous=FULL, foreign keys, busy timeout, secure_delete, temp_store', () => {
    const db = openDatabase(join(tempDir(), 'desk.db'), { create: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    expect(db.pragma('temp_store', { simple: true })).toBe(2); // MEMORY
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    db.close();
  });

  it('refuses a missing file unless asked to create it', () => {
    expect(problemOf(() => openDatabase(join(tempDir(), 'none.db')))).toMatch(
      /^not-found: No database at/,
    );
  });

  it('refuses a database written by a newer version, naming both versions', () => {
    const path = join(tempDir(), 'desk.db');
    openDatabase(path, { create: true }).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${latestSchemaVersion + 5}`);
    raw.close();
    expect(problemOf(() => openDatabase(path))).toBe(
      `newer-schema: This database has schema version ${latestSchemaVersion + 5}, written by a newer Verify Desk; this version understands up to ${latestSchemaVersion}. Update Verify Desk to open it.`,
    );
  });

  it('does not migrate a database a desk server is serving on the older schema', () => {
    const path = join(tempDir(), 'desk.db');
    const older = new Database(path);
    migrate(older, { available: migrations.slice(0, -1) });
    const plant = older.prepare(
      'INSERT OR REPLACE INTO leases (name, holder, generation, acquired_at, expires_at) VALUES (?, ?, 1, ?, ?)',
    );
    const serve = (expiresInMs: number) =>
      plant.run(
        DESK_SERVER_LEASE,
        deskServerHolder('desk02.cc.example', 4242),
        new Date().toISOString(),
        new Date(Date.now() + expiresInMs).toISOString(),
      );
    serve(20_000);
    expect(problemOf(() => openDatabase(path))).toBe(
      `server-running: A desk server (desk-server@desk02.cc.example:4242) is serving this database at schema version ${latestSchemaVersion - 1}; migrating it to ${latestSchemaVersion} under the server would stop it. Stop the server, then run this again.`,
    );
    expect(older.pragma('user_version', { simple: true })).toBe(latestSchemaVersion - 1);

    serve(-1); // the server stopped (its claim ran out)
    openDatabase(path).close();
    expect(older.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    older.close();
  });

  it('catches a shipped migration that was edited afterwards', () => {
    const path = join(tempDir(), 'desk.db');
    openDatabase(path, { create: true }).close();
    const raw = new Database(path);
    raw.prepare("UPDATE schema_migrations SET sha256 = 'x' WHERE version = 1").run();
    raw.close();
    expect(problemOf(() => openDatabase(path))).toMatch(/^edited-migration: Migration 1 /);
  });

  it('reports a corrupt file clearly at open', () => {
    const path = join(tempDir(), 'desk.db');
    const db = openDatabase(path, { create: true });
    db.exec('CREATE TABLE filler (x TEXT) STRICT');
    const insert = db.prepare('INSERT INTO filler VALUES (?)');
    for (let i = 0; i < 2000; i++) insert.run('x'.repeat(200));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0xab), 0, 4096, 4096 * 6);
    closeSync(fd);
    expect(problemOf(() => openDatabase(path))).toMatch(
      /^(corrupt: .*failed its integrity check|not-a-database)/,
    );
  });

  it('refuses a file that is not a database', () => {
    const path = join(tempDir(), 'notes.db');
    const fd = openSync(path, 'w');
    writeSync(fd, 'this is not sqlite '.repeat(100));
    closeSync(fd);
    expect(problemOf(() => openDatabase(path))).toMatch(/^not-a-database: /);
  });

  it('refuses a UNC path with the reason', () => {
    expect(
      problemOf(() => openDatabase('\\\\fileserver\\desk\\desk.db', { create: true })),
    ).toMatch(/^network-path: .*network share.*WAL/);
  });
});
