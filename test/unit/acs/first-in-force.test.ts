/**
 * The embedded ACS ranks the locks in force itself (firstInForce), as the ORDER BY it replaced
 * ranked them: a fraud hold first, then a lock until reset, then the one that ends last.
 * Checked against SQLite's own ranking over every arrangement of a few locks.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { firstInForce } from '../../../main/core/acs/embedded-acs-gateway.ts';

const LOCKS = [
  { id: 1, cause: 'wrong_codes', until: '2026-11-28T10:00:00.000Z' },
  { id: 2, cause: 'wrong_codes', until: '2026-11-28T11:00:00.000Z' },
  { id: 3, cause: 'resend_limit', until: null },
  { id: 4, cause: 'fraud_hold', until: '2026-11-28T09:00:00.000Z' },
  { id: 5, cause: 'fraud_hold', until: null },
];

describe('the lock that stands for the card', () => {
  it('is the one SQLite’s ORDER BY put first, for every subset of locks', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE l (id INTEGER PRIMARY KEY, cause TEXT, until TEXT)');
    const insert = db.prepare('INSERT INTO l VALUES (?, ?, ?)');
    const first = db
      .prepare(
        "SELECT id FROM l ORDER BY cause = 'fraud_hold' DESC, until IS NOT NULL, until DESC LIMIT 1",
      )
      .pluck();
    for (let subset = 1; subset < 1 << LOCKS.length; subset++) {
      const rows = LOCKS.filter((_, i) => subset & (1 << i));
      db.exec('DELETE FROM l');
      for (const row of rows) insert.run(row.id, row.cause, row.until);
      expect(firstInForce(rows)?.id).toBe(first.get());
      expect(firstInForce([...rows].reverse())?.id).toBe(first.get());
    }
    expect(firstInForce([])).toBeUndefined();
    db.close();
  });
});
