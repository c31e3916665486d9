/**
 * The change mark a verified read is remembered by (change-mark.ts) moves on every write:
 * this connection's own (committed or rolled back) and any other connection's commit; a
 * read leaves it where it was.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createChangeMark, whileUnchanged } from '../../../main/core/db/change-mark.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

const tempDir = useTempDir();

function pair() {
  const path = join(tempDir(), 'mark.db');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  const other = new Database(path);
  return { db, other };
}

describe('the change mark', () => {
  it('moves on this connection’s writes and another connection’s commits, not on reads', () => {
    const { db, other } = pair();
    const mark = createChangeMark(db);
    const start = mark();
    db.prepare('SELECT * FROM t').all();
    expect(mark()).toBe(start);
    db.prepare('INSERT INTO t (v) VALUES (?)').run('a');
    const afterOwn = mark();
    expect(afterOwn).not.toBe(start);
    other.prepare('UPDATE t SET v = ?').run('b');
    const afterOther = mark();
    expect(afterOther).not.toBe(afterOwn);
    try {
      db.transaction(() => {
        db.prepare('UPDATE t SET v = ?').run('c');
        throw new Error('rolled back');
      })();
    } catch {
      // The change was rolled back: the mark still moved (checked again, never kept stale).
    }
    expect(mark()).not.toBe(afterOther);
    db.close();
    other.close();
  });

  it('whileUnchanged computes again after any write, and never keeps a refusal', () => {
    const { db, other } = pair();
    let runs = 0;
    let refuse = false;
    const read = whileUnchanged(createChangeMark(db), () => {
      runs++;
      if (refuse) throw new Error('forged');
      return db.prepare('SELECT count(*) FROM t').pluck().get();
    });
    expect(read()).toBe(0);
    expect(read()).toBe(0);
    expect(runs).toBe(1);
    other.prepare('INSERT INTO t (v) VALUES (?)').run('x');
    expect(read()).toBe(1);
    expect(runs).toBe(2);
    refuse = true;
    db.prepare('INSERT INTO t (v) VALUES (?)').run('y');
    expect(() => read()).toThrow('forged');
    expect(() => read()).toThrow('forged');
    expect(runs).toBe(4);
    db.close();
    other.close();
  });
});
