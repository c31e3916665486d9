/**
 * A lookup's reads in one read transaction (read-scope.ts): one snapshot, the change mark read
 * once, and a write in the middle never joining it — the audit trail ends the scope, the
 * write commits on its own, and the reads after it see it.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createChangeMark } from '../../../main/core/db/change-mark.ts';
import { endReadScope, inOneRead, scopedMark } from '../../../main/core/db/read-scope.ts';
import { auditFixture } from '../../helpers/audit-fixture.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

const tempDir = useTempDir();

describe('a read scope', () => {
  it('reads one snapshot: another connection’s commit is seen only after the scope', () => {
    const path = join(tempDir(), 'scope.db');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (v)');
    const other = new Database(path);
    const count = db.prepare('SELECT count(*) FROM t').pluck();
    const inside = inOneRead(db, () => {
      const first = count.get();
      other.prepare('INSERT INTO t VALUES (1)').run();
      expect(db.inTransaction).toBe(true);
      return [first, count.get()];
    });
    expect(inside).toEqual([0, 0]);
    expect(db.inTransaction).toBe(false);
    expect(count.get()).toBe(1);
    other.close();
    db.close();
  });

  it('reads the change mark once, however many ask, and afresh outside a scope', () => {
    const { db } = auditFixture(tempDir());
    let runs = 0;
    const read = () => `${++runs}`;
    const marks = inOneRead(db, () => [scopedMark(db, read), scopedMark(db, read)]);
    expect(marks).toEqual(['1', '1']);
    expect(scopedMark(db, read)).toBeNull(); // no scope: the caller reads the mark itself
    const mark = createChangeMark(db);
    expect(inOneRead(db, () => mark() === mark())).toBe(true);
    db.close();
  });

  it('is ended by a write through the trail: the write commits on its own, the mark moves', () => {
    const { db, trail, appendEntries } = auditFixture(tempDir());
    appendEntries(1);
    const mark = createChangeMark(db);
    const count = db.prepare('SELECT count(*) FROM audit_log').pluck();
    const seen = inOneRead(db, () => {
      const markBefore = mark();
      const countBefore = count.get() as number;
      appendEntries(1); // trail.transact: the scope ends first, the entry commits
      expect(db.inTransaction).toBe(false);
      expect(mark()).not.toBe(markBefore);
      return { countBefore, countAfter: count.get() as number };
    });
    expect(seen.countAfter).toBe(seen.countBefore + 1);
    // Committed: another connection sees it.
    const other = new Database(db.name, { readonly: true });
    expect(other.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(seen.countAfter);
    other.close();
    expect(trail).toBeDefined();
    db.close();
  });

  it('rolls back what it holds when a read throws, and leaves no transaction open', () => {
    const { db } = auditFixture(tempDir());
    expect(() =>
      inOneRead(db, () => {
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(db.inTransaction).toBe(false);
    endReadScope(db); // nothing open: nothing to do
    expect(db.inTransaction).toBe(false);
    db.close();
  });
});
