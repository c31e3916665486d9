/**
 * The one way to open a Verify Desk database: local disk only, WAL with synchronous=FULL
 * (a committed reset and its audit entry survive power loss), integrity checked, and the
 * schema migrated to this version or refused when it is newer.
 */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, openSync, statSync } from 'node:fs';
import { DatabaseOpenError } from './errors.ts';
import { migrate } from './migrate.ts';
import { networkPathReason } from './network-path.ts';
import { checkSchema } from './schema-check.ts';
import { refuseRowMacWithoutKeys } from './sealed-rows.ts';

export type Db = Database.Database;

export interface OpenDatabaseOptions {
  /** Create the file when it does not exist (init, demo); otherwise a missing file is an error. */
  create?: boolean;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /** Open read-only (audit verification). */
  readonly?: boolean;
  /**
   * Refuse a schema that differs from what the migrations made (default true). Only
   * `audit verify` turns it off, to report the difference beside the chain's state.
   */
  checkSchema?: boolean;
}

const BUSY_TIMEOUT_MS = 5000;

export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Db {
  const refusal = networkPathReason(path);
  if (refusal) throw new DatabaseOpenError('network-path', refusal);
  if (!options.create && !existsSync(path)) {
    throw new DatabaseOpenError('not-found', `No database at "${path}".`);
  }

  if (options.create) createOwnerOnly(path);
  let db: Db;
  try {
    db = new Database(path, {
      readonly: options.readonly ?? false,
      fileMustExist: !options.create,
    });
  } catch (error) {
    throw new DatabaseOpenError('not-a-database', `"${path}" cannot be opened: ${describe(error)}`);
  }

  try {
    applyPragmas(db, options.readonly ?? false);
    refuseRowMacWithoutKeys(db);
    if (!options.readonly) restrictToOwner(path);
    checkIntegrity(db, path);
    if (options.migrate ?? !options.readonly) migrate(db);
    else migrate(db, { checkOnly: true });
    if (options.checkSchema ?? true) checkSchema(db, path);
    if (!options.readonly) optimizeDatabase(db, 'open');
    return db;
  } catch (error) {
    db.close();
    if (error instanceof DatabaseOpenError) throw error;
    throw new DatabaseOpenError(
      'not-a-database',
      `"${path}" is not a Verify Desk database: ${describe(error)}`,
    );
  }
}

/**
 * Database files are the owner's only (0600). The database file is made 0600 before SQLite
 * opens it, and SQLite gives the WAL and shm files the mode of their database, so they are
 * never readable by others, not even for an instant. An older file with a wider mode is
 * narrowed at the next read-write open.
 *
 * Windows has no modes: there the folder's ACL decides. Install the database in a folder
 * whose ACL grants only the console's user (and SYSTEM/Administrators) — e.g.
 * `icacls <folder> /inheritance:r /grant:r "%USERNAME%":(OI)(CI)F` — as the README says.
 */
const OWNER_ONLY = 0o600;

function createOwnerOnly(path: string): void {
  if (existsSync(path)) return;
  try {
    closeSync(openSync(path, 'wx', OWNER_ONLY));
  } catch {
    // Another process made it first, or the folder is missing: SQLite's open says which.
  }
}

function restrictToOwner(path: string): void {
  if (process.platform === 'win32') return;
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, OWNER_ONLY);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

function applyPragmas(db: Db, readonly: boolean): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    // WAL defaults to NORMAL here; FULL makes every commit durable.
    db.pragma('synchronous = FULL');
  }
  db.pragma('foreign_keys = ON');
  db.pragma('secure_delete = ON');
  db.pragma('temp_store = MEMORY');
}

/**
 * Keeps the planner's statistics current as SQLite recommends: at open, with the analysis
 * bounded so that it takes milliseconds at any size, every table without statistics is
 * analysed (`0x10002`); before close (and every few hours in a long-lived process) the
 * tables the connection's queries used are re-analysed where they changed. The query plans
 * are checked with the statistics this leaves at 1,000,000 cardholders (`npm run check:plans`).
 */
export function optimizeDatabase(db: Db, when: 'open' | 'close'): void {
  db.pragma('analysis_limit = 400');
  db.pragma(when === 'open' ? 'optimize = 0x10002' : 'optimize');
}

function checkIntegrity(db: Db, path: string): void {
  const rows = db.pragma('quick_check') as { quick_check: string }[];
  const problems = rows.map((row) => row.quick_check).filter((line) => line !== 'ok');
  if (problems.length > 0) {
    throw new DatabaseOpenError(
      'corrupt',
      `"${path}" failed its integrity check (${problems.length} problem(s), first: ${problems[0]}). Restore it from a backup.`,
    );
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
