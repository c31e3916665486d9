/**
 * Reads that belong together, in one read transaction: outside a transaction each statement
 * takes SQLite's read lock and checks the WAL on its own, which is most of what a small
 * indexed read costs; inside one, the lock is taken once and every read sees the same
 * snapshot. Only synchronous reads go in (never across an `await`: other work on the
 * connection would slip into the transaction and read an old snapshot).
 *
 * A write never joins a read scope: the audit trail ends the scope before its own immediate
 * transaction begins (audit-trail.ts), so an alert written in the middle of a lookup commits
 * as it would have, and the reads after it run as they did before there were scopes, each on
 * its own. While a scope is open the change mark (change-mark.ts) is read once: within one
 * read transaction another connection's commit cannot be seen, and this connection's writes
 * of sealed rows (the rows a mark guards) go through the trail, which ends the scope first.
 */
import type { Db } from './connection.ts';

interface Scope {
  /** The change mark, read once in this scope. */
  mark: string | null;
}

const statements = new WeakMap<
  Db,
  { begin: () => void; commit: () => void; rollback: () => void }
>();
const open = new WeakMap<Db, Scope>();

function statementsOf(db: Db) {
  let found = statements.get(db);
  if (!found) {
    const begin = db.prepare('BEGIN DEFERRED');
    const commit = db.prepare('COMMIT');
    const rollback = db.prepare('ROLLBACK');
    found = {
      begin: () => void begin.run(),
      commit: () => void commit.run(),
      rollback: () => void rollback.run(),
    };
    statements.set(db, found);
  }
  return found;
}

/** Runs `read` in one read transaction (or in the transaction already running). */
export function inOneRead<T>(db: Db, read: () => T): T {
  if (db.inTransaction) return read();
  const sql = statementsOf(db);
  sql.begin();
  const scope: Scope = { mark: null };
  open.set(db, scope);
  let done = false;
  try {
    const value = read();
    done = true;
    return value;
  } finally {
    if (open.get(db) === scope) {
      open.delete(db);
      if (db.inTransaction) {
        if (done) sql.commit();
        else sql.rollback();
      }
    }
  }
}

/**
 * Whether a caller's transaction is running on `db` — one that a write made now would join
 * and be taken back with. A read scope's transaction is not one: a write ends it first and
 * commits on its own.
 */
export function inCallersTransaction(db: Db): boolean {
  return db.inTransaction && !open.has(db);
}

/**
 * Ends the read scope open on `db`, if any: called before a write's own transaction, which
 * then begins on its own (and sees whatever was committed since the scope's snapshot).
 */
export function endReadScope(db: Db): void {
  const scope = open.get(db);
  if (!scope) return;
  open.delete(db);
  if (db.inTransaction) statementsOf(db).commit();
}

/** The open scope's change mark, read at most once per scope (null: no scope is open). */
export function scopedMark(db: Db, read: () => string): string | null {
  const scope = open.get(db);
  if (!scope || !db.inTransaction) return null;
  scope.mark ??= read();
  return scope.mark;
}
