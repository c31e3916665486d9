/**
 * Tampering is detected at the exact entry: edits, deletions, a cut tail, a forged
 * checkpoint, a wrong key — and entries after the last checkpoint are reported as such.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAuditTrail } from '../../../main/core/audit/audit-trail.ts';
import { fileAnchor } from '../../../main/core/audit/checkpoint-anchor.ts';
import { manualClock } from '../../../main/core/clock.ts';
import { openDatabase } from '../../../main/core/db/connection.ts';
import { runAuditVerification } from '../../../main/core/audit/run-verification.ts';
import { verifyAuditChain, type StoredAuditRow } from '../../../main/core/audit/verify-audit.ts';
import { deriveKeySet, keySetProvider } from '../../../main/core/keys/key-set.ts';
import { auditFixture, dropAuditTriggers } from '../../helpers/audit-fixture.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

const tempDir = useTempDir();

function verify(f: ReturnType<typeof auditFixture>, keys = f.keys) {
  const rows = f.db
    .prepare('SELECT * FROM audit_log ORDER BY seq')
    .iterate() as IterableIterator<StoredAuditRow>;
  return verifyAuditChain(rows, fileAnchor(f.anchorPath).readAll(), keys);
}

describe('audit chain', () => {
  it('appends contiguous, chained entries and anchors every 20', () => {
    const f = auditFixture(tempDir());
    f.appendEntries(45);
    expect(
      fileAnchor(f.anchorPath)
        .readAll()
        .map((cp) => cp.seq),
    ).toEqual([20, 40]);
    expect(verify(f)).toEqual({
      status: 'unanchored-tail',
      entriesChecked: 45,
      lastAnchoredSeq: 40,
      firstBadSeq: null,
    });
    f.trail.anchorNow();
    expect(verify(f)).toEqual({
      status: 'intact',
      entriesChecked: 45,
      lastAnchoredSeq: 45,
      firstBadSeq: null,
    });
  });

  it('refuses UPDATE and DELETE', () => {
    const f = auditFixture(tempDir());
    f.appendEntries(3);
    expect(() =>
      f.db.prepare("UPDATE audit_log SET result = 'failure' WHERE seq = 2").run(),
    ).toThrow(/append-only/);
    expect(() => f.db.prepare('DELETE FROM audit_log WHERE seq = 3').run()).toThrow(/append-only/);
  });

  it('refuses an append outside a transaction', () => {
    const f = auditFixture(tempDir());
    expect(() =>
      f.trail.append({
        at: new Date(),
        operatorId: null,
        username: null,
        origin: 'x',
        action: 'policy.set',
        subjectType: null,
        subjectId: null,
        result: 'success',
        details: {},
      }),
    ).toThrow(/inside the transaction/);
  });

  it('a rolled-back action leaves no entry and no checkpoint', () => {
    const f = auditFixture(tempDir(), 1);
    expect(() =>
      f.trail.transact(() => {
        f.trail.append({
          at: new Date(),
          operatorId: null,
          username: null,
          origin: 'x',
          action: 'lockout.reset',
          subjectType: null,
          subjectId: null,
          result: 'success',
          details: {},
        });
        throw new Error('the action failed');
      }),
    ).toThrow('the action failed');
    expect(f.db.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 0 });
    expect(fileAnchor(f.anchorPath).readAll()).toEqual([]);
  });

  it('finds an edited entry at its position', () => {
    const f = auditFixture(tempDir());
    f.appendEntries(100);
    f.trail.anchorNow();
    dropAuditTriggers(f.db);
    f.db.prepare("UPDATE audit_log SET result = 'failure' WHERE seq = 37").run();
    expect(verify(f)).toMatchObject({ status: 'altered', firstBadSeq: 37, entriesChecked: 36 });
  });

  it('finds a deleted entry at its position', () => {
    const f = auditFixture(tempDir());
    f.appendEntries(50);
    f.trail.anchorNow();
    dropAuditTriggers(f.db);
    f.db.prepare('DELETE FROM audit_log WHERE seq = 12').run();
    expect(verify(f)).toMatchObject({ status: 'missing', firstBadSeq: 12 });
  });

  it('reports a tail cut before the last checkpoint as missing', () => {
    const f = auditFixture(tempDir());
    f.appendEntries(45); // checkpoints at 20 and 40
    dropAuditTriggers(f.db);
    f.db.prepare('DELETE FROM audit_log WHERE seq > 33').run();
    expect(verify(f)).toEqual({
      status: 'missing',
      entriesChecked: 33,
      lastAnchoredSeq: 40,
      firstBadSeq: 34,
    });
  });

  it('reports entries after the last checkpoint as unanchored, also after a cut there', () => {
    const f = auditFixture(tempDir());
    f.appendEntries(45);
    dropAuditTriggers(f.db);
    f.db.prepare('DELETE FROM audit_log WHERE seq > 43').run();
    // The cut of 44–45 cannot be proven; what the verifier can say is that 41–43 are not vouched for.
    expect(verify(f)).toEqual({
      status: 'unanchored-tail',
      entriesChecked: 43,
      lastAnchoredSeq: 40,
      firstBadSeq: null,
    });
  });

  it('fails with a wrong key', () => {
    const f = auditFixture(tempDir());
    f.appendEntries(5);
    f.trail.anchorNow();
    const wrong = keySetProvider(deriveKeySet('another seed'), 'wrong keys');
    expect(verify(f, wrong)).toMatchObject({ status: 'wrong-key', firstBadSeq: 1 });
  });

  it('detects a forged checkpoint line', () => {
    const f = auditFixture(tempDir());
    f.appendEntries(25);
    const lines = readFileSync(f.anchorPath, 'utf8').trim().split('\n');
    const forged = { ...JSON.parse(lines[0]!), seq: 25 };
    writeFileSync(f.anchorPath, `${JSON.stringify(forged)}\n`);
    expect(verify(f)).toMatchObject({ status: 'forged-checkpoint', firstBadSeq: 25 });
  });

  it('detects a rewritten chain against an earlier checkpoint', () => {
    const f = auditFixture(tempDir());
    f.appendEntries(30); // checkpoint at 20
    // Someone with the database file but not the key cannot make a MAC the checkpoint accepts.
    dropAuditTriggers(f.db);
    f.db.prepare('UPDATE audit_log SET mac = zeroblob(32) WHERE seq = 20').run();
    expect(verify(f)).toMatchObject({ status: 'altered', firstBadSeq: 20 });
  });

  it('two connections appending alternately keep one chain', () => {
    const f = auditFixture(tempDir());
    const otherDb = openDatabase(f.dbPath);
    const other = createAuditTrail(otherDb, f.keys, f.anchorPath, {
      clock: manualClock('2026-11-25T01:00:00.000Z'),
    });
    for (let i = 0; i < 10; i++) {
      f.appendEntries(1);
      other.transact(() =>
        other.append({
          at: new Date('2026-11-25T01:00:00.000Z'),
          operatorId: 8,
          username: 'lead8',
          origin: 'console@other',
          action: 'card.open',
          subjectType: 'card',
          subjectId: `o_${i}`,
          result: 'success',
          details: {},
        }),
      );
    }
    otherDb.close();
    expect(verify(f)).toMatchObject({ status: 'intact', entriesChecked: 20, lastAnchoredSeq: 20 });
  });

  it('the worker gives the same result as in-process, with progress', async () => {
    const f = auditFixture(tempDir());
    f.appendEntries(5000);
    f.trail.anchorNow();
    dropAuditTriggers(f.db);
    f.db.prepare("UPDATE audit_log SET username = 'someone' WHERE seq = 4321").run();
    const progress: number[] = [];
    const result = await runAuditVerification({
      dbPath: f.dbPath,
      anchorPath: f.anchorPath,
      keys: f.keys,
      onProgress: (checked) => progress.push(checked),
    });
    expect(result).toEqual(verify(f));
    expect(result).toMatchObject({ status: 'altered', firstBadSeq: 4321 });
    expect(progress).toEqual([1000, 2000, 3000, 4000]);
  });
});
