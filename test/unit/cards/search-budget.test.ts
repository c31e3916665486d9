/**
 * The search budgets kept per process (search-budget.ts) against the counts as stored: over a
 * few hours of searches — from this process and from another console, refusals among them,
 * the window moving on, the clock set back, old entries forgotten — every count equals a
 * plain count of the stored rows and nothing is found altered; then an entry counted long
 * before, edited in the file, is found at the next count.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAuditTrail } from '../../../main/core/audit/audit-trail.ts';
import { searchBudgets } from '../../../main/core/cards/search-budget.ts';
import { systemClock } from '../../../main/core/clock.ts';
import { openDatabase } from '../../../main/core/db/connection.ts';
import { deriveKeySet, keySetProvider } from '../../../main/core/keys/key-set.ts';
import { editEntry } from '../../helpers/hide-entry.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

const tempDir = useTempDir();
const HOUR = 3_600_000;
const KEYS = ['card-number', 'last4-surname', 'mobile', 'email'] as const;

/** A small deterministic generator (the test is the same at every run). */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

describe('search budgets kept per process', () => {
  it('count what the stored rows count, through hours of searches, and find an old entry edited', () => {
    const db = openDatabase(join(tempDir(), 'budgets.db'), { create: true });
    // Thousands of small transactions: not each one to the disk.
    db.pragma('synchronous = OFF');
    const keys = keySetProvider(deriveKeySet('budgets'), 'test keys');
    const audit = createAuditTrail(db, keys, join(tempDir(), 'anchors'), {
      clock: systemClock,
      maxLag: 1_000_000,
    });
    // Each entry's MAC is checked once: none read again while the counts agree.
    let checks = 0;
    const budgets = searchBudgets(db, {
      storedEntryHolds: (entry) => {
        checks += 1;
        return audit.storedEntryHolds(entry);
      },
    });
    let toCheck = 0;
    const perKey = db.prepare<[string, string, string], { n: number }>(`
      SELECT count(*) AS n FROM audit_log
      WHERE operator_id = 7 AND action = 'card.search' AND result = 'success'
        AND json_extract(details, '$.key') IN (?, ?) AND at > ?`);
    const misses = db.prepare<[string], { n: number }>(`
      SELECT count(*) AS n FROM audit_log
      WHERE operator_id = 7 AND action = 'card.search' AND result = 'success'
        AND json_extract(details, '$.matched') = 0 AND at > ?`);
    const next = random(17);
    let now = Date.parse('2026-11-20T01:00:00.000Z');
    const search = (mine: boolean) => {
      const key = KEYS[Math.floor(next() * KEYS.length)]!;
      const refused = next() < 0.1;
      const details: Record<string, string | number> = refused
        ? { key, reason: 'rate-limited' }
        : { key, matched: next() < 0.3 ? 0 : 1 };
      const entry = {
        at: new Date(now),
        operatorId: 7,
        username: 'agent',
        origin: mine ? 'console@here' : 'console@there',
        action: 'card.search',
        subjectType: 'card',
        subjectId: null,
        result: refused ? 'alert' : 'success',
        details,
      } as const;
      // Another operator's search between them.
      audit.append({ ...entry, operatorId: 8, username: 'other' });
      audit.append(entry);
      if (mine && !refused) audit.afterCommit(budgets.appended(7));
      else toCheck += 1;
    };
    let counted = 0;
    for (let step = 0; step < 2_000; step++) {
      // Mostly onward a few seconds (five hours in all: over a thousand entries are forgotten);
      // now and then the clock is set back a few minutes.
      now += next() < 0.02 ? -Math.floor(next() * 600_000) : Math.floor(next() * 18_000);
      const since = new Date(now - HOUR).toISOString();
      const key = KEYS[Math.floor(next() * KEYS.length)]!;
      const second = key === 'mobile' ? 'email' : key;
      const { counts, want } = audit.transact(() => {
        const found = {
          counts: budgets.count(7, since, key, second),
          want: {
            perKey: perKey.get(key, second, since)!.n,
            misses: misses.get(since)!.n,
          },
        };
        search(next() < 0.8);
        return found;
      });
      expect(counts).toEqual(want);
      counted += want.perKey;
    }
    expect(counted).toBeGreaterThan(10_000);
    // The last search's entry is read at the next count.
    expect(checks).toBeGreaterThanOrEqual(toCheck - 1);
    expect(checks).toBeLessThanOrEqual(toCheck);
    // An entry counted from the start, edited: its miss flipped out of the count.
    const { seq } = db
      .prepare<[string], { seq: number }>(
        `SELECT min(seq) AS seq FROM audit_log WHERE operator_id = 7 AND result = 'success'
           AND json_extract(details, '$.matched') = 0 AND at > ?`,
      )
      .get(new Date(now - HOUR).toISOString())!;
    editEntry(db, `UPDATE audit_log SET result = 'failure' WHERE seq = ${seq}`);
    expect(
      budgets.count(7, new Date(now - HOUR).toISOString(), 'card-number', 'card-number'),
    ).toEqual({ altered: seq });
    db.close();
  });
});
