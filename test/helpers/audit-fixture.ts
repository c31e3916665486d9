/** A database with an audit trail of N entries, for tampering tests. */
import { join } from 'node:path';
import { createAuditTrail, type AuditTrail } from '../../main/core/audit/audit-trail.ts';
import { defaultAnchorPath } from '../../main/core/audit/checkpoint-anchor.ts';
import { manualClock } from '../../main/core/clock.ts';
import { openDatabase, type Db } from '../../main/core/db/connection.ts';
import { deriveKeySet, keySetProvider } from '../../main/core/keys/key-set.ts';

export interface AuditFixture {
  db: Db;
  dbPath: string;
  anchorPath: string;
  trail: AuditTrail;
  keys: ReturnType<typeof keySetProvider>;
  appendEntries(count: number): void;
}

export function auditFixture(dir: string, maxLag = 20): AuditFixture {
  const dbPath = join(dir, 'desk.db');
  const db = openDatabase(dbPath, { create: true });
  const keys = keySetProvider(deriveKeySet('audit-test'), 'test keys');
  const clock = manualClock('2026-11-25T00:00:00.000Z');
  const trail = createAuditTrail(db, keys, defaultAnchorPath(dbPath), { clock, maxLag });
  let n = 0;
  return {
    db,
    dbPath,
    anchorPath: defaultAnchorPath(dbPath),
    trail,
    keys,
    appendEntries(count) {
      for (let i = 0; i < count; i++) {
        n++;
        clock.advance(1000);
        trail.transact(() =>
          trail.append({
            at: clock.now(),
            operatorId: 7,
            username: 'agent7',
            origin: 'console@test',
            action: 'card.open',
            subjectType: 'card',
            subjectId: `c_${n}`,
            result: 'success',
            details: { n, z: 'last', a: ['first'] },
          }),
        );
      }
    },
  };
}

/** Lets a test do what an attacker with file access could: bypass the append-only triggers. */
export function dropAuditTriggers(db: Db): void {
  db.exec('DROP TRIGGER audit_log_refuses_update; DROP TRIGGER audit_log_refuses_delete;');
}
