import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAuditTrail } from '../../../main/core/audit/audit-trail.ts';
import { systemClock } from '../../../main/core/clock.ts';
import { createCardStore } from '../../../main/core/cards/card-store.ts';
import { openDatabase, type Db } from '../../../main/core/db/connection.ts';
import { deriveKeySet, keySetProvider } from '../../../main/core/keys/key-set.ts';
import { applyStat1, STAT1_FIXTURE } from '../../../scripts/lib/plan-stats.ts';
import { explain, planProblem, planProblems } from '../../../scripts/lib/query-plans.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

const tempDir = useTempDir();
const at = 'main/planted.ts:1';

function schemaDb(): Db {
  return openDatabase(join(tempDir(), 'plans.db'), { create: true });
}

/** The statements the card store prepares, as the collector would see them. */
function cardStoreStatements(db: Db): string[] {
  const seen: string[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    seen.push(sql);
    return prepare(sql);
  }) as Db['prepare'];
  const keys = keySetProvider(deriveKeySet('plans'), 'test keys');
  createCardStore({
    db,
    audit: createAuditTrail(db, keys, join(tempDir(), 'anchors'), { clock: systemClock }),
    keys,
  });
  db.prepare = prepare;
  return seen;
}

describe('the query-plan check', () => {
  it('fails on a planted unindexed query of a large table, through its alias too', () => {
    const db = schemaDb();
    const planted = planProblems(db, [
      { sql: "SELECT * FROM audit_log WHERE json_extract(details, '$.key') = ?", at },
      { sql: 'SELECT c.id FROM cards c WHERE c.product = ?', at },
      { sql: 'UPDATE auth_attempts SET merchant = ? WHERE merchant = ?', at },
    ]);
    expect(planted.map((p) => p.problem)).toEqual([
      'scans audit_log',
      'scans cards',
      'scans auth_attempts',
    ]);
    expect(planted[1]!.plan).toContain('SCAN c');
    db.close();
  });

  it('passes an indexed read, a scan of a small table, and a scan the SQL declares', () => {
    const db = schemaDb();
    expect(
      planProblems(db, [
        { sql: 'SELECT c.id FROM cards c WHERE c.last4 = ? AND c.id > @after', at },
        { sql: 'SELECT * FROM operators ORDER BY username', at },
        { sql: 'SELECT seq, mac FROM audit_log -- plan: scans audit_log (verify)\n', at },
        { sql: 'PRAGMA optimize', at },
      ]),
    ).toEqual([]);
    db.close();
  });

  it('reports a statement it cannot explain rather than passing it', () => {
    const db = schemaDb();
    expect(planProblem(db, { sql: 'SELECT * FROM no_such_table', at })?.problem).toMatch(
      /^cannot be explained: no such table/,
    );
    db.close();
  });

  it('searches last 4 + surname from the last-4 index, probing the surname per card, with or without statistics', () => {
    const db = schemaDb();
    const sql = cardStoreStatements(db).find((s) => s.includes('surname_keys'))!;
    // From the last-4 index, then one probe per card on both the surname and the cardholder.
    const probe =
      /^SEARCH s EXISTS USING (PRIMARY KEY|COVERING INDEX \w+) \((key=\? AND cardholder_id=\?|cardholder_id=\? AND key=\?)\)$/;
    const check = () => {
      const plan = explain(db, sql);
      expect(plan[0]).toBe('SEARCH c USING INDEX cards_by_last4 (last4=?)');
      expect(plan.some((step) => probe.test(step))).toBe(true);
      expect(plan.filter((step) => step.startsWith('SCAN'))).toEqual([]);
    };
    check();
    if (existsSync(STAT1_FIXTURE)) {
      applyStat1(db);
      check();
    }
    db.close();
  });

  it('reads the searches since the newest one verified by seq, with or without statistics', () => {
    const db = schemaDb();
    const [readOn] = cardStoreStatements(db).filter((s) => s.includes('+operator_id'));
    const check = () =>
      expect(explain(db, readOn!)).toEqual([
        'SEARCH audit_log USING INTEGER PRIMARY KEY (rowid>?)',
      ]);
    check();
    if (existsSync(STAT1_FIXTURE)) {
      applyStat1(db);
      check();
    }
    db.close();
  });

  it('counts the search budgets from an index alone, with or without statistics', () => {
    const db = schemaDb();
    const budgets = cardStoreStatements(db).filter(
      (s) => s.includes("action = 'card.search'") && s.includes('count(*)'),
    );
    expect(budgets).toHaveLength(2);
    const check = () => {
      for (const sql of budgets)
        expect(explain(db, sql)).toEqual([
          expect.stringMatching(
            /^SEARCH audit_log USING COVERING INDEX audit_log_search_(keys|matched) \(operator_id=\? AND action=\? AND result=\? AND <expr>=\? AND at>\?\)$/,
          ),
        ]);
    };
    check();
    if (existsSync(STAT1_FIXTURE)) {
      applyStat1(db);
      check();
    }
    db.close();
  });
});
