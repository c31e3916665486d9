/**
 * A long trail is checked in ranges on worker threads, each from the MAC stored before it:
 * tampering is still reported at the exact entry — at a range's first or last entry, in the
 * middle of one, or in the MAC a range starts from — exactly as one pass from entry 1 does.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fileAnchor } from '../../../main/core/audit/checkpoint-anchor.ts';
import { runAuditVerification } from '../../../main/core/audit/run-verification.ts';
import {
  RAW_READ_CHUNK,
  verifyAuditChain,
  type StoredAuditRow,
} from '../../../main/core/audit/verify-audit.ts';
import { auditFixture, dropAuditTriggers } from '../../helpers/audit-fixture.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

const tempDir = useTempDir();
/** Three ranges of 400: 1–400, 401–800, 801–1200. */
const ENTRIES = 1200;
const THREADS = 3;

function trail() {
  const f = auditFixture(tempDir());
  // In a few transactions, so the test stays quick: one checkpoint per batch.
  for (let batch = 0; batch < ENTRIES / 200; batch++)
    f.trail.transact(() => {
      for (let i = 0; i < 200; i++)
        f.trail.append({
          at: new Date(Date.UTC(2026, 10, 25, 0, 0, batch * 200 + i)),
          operatorId: 7,
          username: 'agent7',
          origin: 'console@test',
          action: 'card.open',
          subjectType: 'card',
          subjectId: `c_${batch * 200 + i + 1}`,
          result: 'success',
          details: { n: batch * 200 + i + 1 },
        });
    });
  f.trail.anchorNow();
  dropAuditTriggers(f.db);
  const onePass = () =>
    verifyAuditChain(
      f.db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<StoredAuditRow>,
      fileAnchor(f.anchorPath).readAll(),
      f.keys,
    );
  const inRanges = () =>
    runAuditVerification({
      dbPath: f.dbPath,
      anchorPath: f.anchorPath,
      keys: f.keys,
      threads: THREADS,
    });
  return { ...f, onePass, inRanges };
}

describe('audit verify in ranges', () => {
  it('an untouched trail holds, with the same result as one pass and progress to the end', async () => {
    const f = trail();
    const progress: number[] = [];
    const result = await runAuditVerification({
      dbPath: f.dbPath,
      anchorPath: f.anchorPath,
      keys: f.keys,
      threads: THREADS,
      onProgress: (checked) => progress.push(checked),
    });
    expect(result).toEqual({
      status: 'intact',
      entriesChecked: ENTRIES,
      lastAnchoredSeq: ENTRIES,
      firstBadSeq: null,
    });
    expect(result).toEqual(f.onePass());
    expect(progress.at(-1)).toBe(ENTRIES);
  });

  it('an edit at a range boundary or in the middle of a range is reported at that entry', async () => {
    const f = trail();
    const edit = (seq: number, username: string) =>
      f.db.prepare('UPDATE audit_log SET username = ? WHERE seq = ?').run(username, seq);
    // 400 ends the first range, 401 starts the second, 600 is in the middle of it.
    for (const seq of [400, 401, 600]) {
      edit(seq, 'someone');
      const result = await f.inRanges();
      expect(result, `entry ${seq}`).toMatchObject({
        status: 'altered',
        firstBadSeq: seq,
        entriesChecked: seq - 1,
      });
      expect(result).toEqual(f.onePass());
      edit(seq, 'agent7');
    }
  });

  it('a forged MAC on the entry a range starts from is reported there, not after it', async () => {
    const f = trail();
    const mac = f.db.prepare('SELECT mac FROM audit_log WHERE seq = 400').pluck().get() as Buffer;
    f.db.prepare('UPDATE audit_log SET mac = ? WHERE seq = 400').run(Buffer.alloc(32, 0xab));
    const result = await f.inRanges();
    expect(result).toMatchObject({ status: 'altered', firstBadSeq: 400 });
    expect(result).toEqual(f.onePass());
    f.db.prepare('UPDATE audit_log SET mac = ? WHERE seq = 400').run(mac);
  });

  it('an entry deleted at a boundary or inside a range is missing at that entry', async () => {
    const f = trail();
    for (const seq of [800, 1000]) {
      const row = f.db.prepare('SELECT * FROM audit_log WHERE seq = ?').get(seq) as Record<
        string,
        unknown
      >;
      f.db.prepare('DELETE FROM audit_log WHERE seq = ?').run(seq);
      const result = await f.inRanges();
      expect(result, `entry ${seq}`).toMatchObject({ status: 'missing', firstBadSeq: seq });
      expect(result).toEqual(f.onePass());
      f.db
        .prepare(
          `INSERT INTO audit_log (seq, at, operator_id, username, origin, action, subject_type, subject_id, result, details, key_id, mac)
           VALUES (@seq, @at, @operator_id, @username, @origin, @action, @subject_type, @subject_id, @result, @details, @key_id, @mac)`,
        )
        .run(row);
    }
  });

  it('an edited entry and a forged checkpoint line: the line is reported, as in one pass', async () => {
    const f = trail();
    f.db.prepare("UPDATE audit_log SET action = 'card.search' WHERE seq = 700").run();
    expect(await f.inRanges()).toMatchObject({ status: 'altered', firstBadSeq: 700 });
    const lines = readFileSync(f.anchorPath, 'utf8').trim().split('\n');
    lines[1] = lines[1]!.replace(/"at":"[^"]+"/, '"at":"2020-01-01T00:00:00.000Z"');
    writeFileSync(f.anchorPath, `${lines.join('\n')}\n`);
    const result = await f.inRanges();
    expect(result).toMatchObject({ status: 'forged-checkpoint', entriesChecked: 0 });
    expect(result).toEqual(f.onePass());
  });

  it('one range read a chunk at a time: an edit, a gap or an entry before 1 is reported where it is', async () => {
    const f = trail();
    expect(ENTRIES).toBeGreaterThan(RAW_READ_CHUNK + 1);
    const oneRange = () =>
      runAuditVerification({
        dbPath: f.dbPath,
        anchorPath: f.anchorPath,
        keys: f.keys,
        threads: 1,
      });
    const edit = (seq: number, username: string) =>
      f.db.prepare('UPDATE audit_log SET username = ? WHERE seq = ?').run(username, seq);
    // The last entry of the first chunk and the first of the next.
    for (const seq of [RAW_READ_CHUNK, RAW_READ_CHUNK + 1]) {
      edit(seq, 'someone');
      const result = await oneRange();
      expect(result, `entry ${seq}`).toMatchObject({ status: 'altered', firstBadSeq: seq });
      expect(result).toEqual(f.onePass());
      edit(seq, 'agent7');
    }
    const copy = (seq: number, as: number) =>
      f.db
        .prepare(
          `INSERT INTO audit_log SELECT ?, at, operator_id, username, origin, action, subject_type,
             subject_id, result, details, key_id, mac FROM audit_log WHERE seq = ?`,
        )
        .run(as, seq);
    f.db.prepare('DELETE FROM audit_log WHERE seq = ?').run(RAW_READ_CHUNK + 1);
    expect(await oneRange()).toMatchObject({ status: 'missing', firstBadSeq: RAW_READ_CHUNK + 1 });
    expect(await oneRange()).toEqual(f.onePass());
    // An entry that sorts before entry 1: the chain must start at 1.
    copy(1, 0);
    expect(await oneRange()).toMatchObject({ status: 'missing', firstBadSeq: 1 });
    expect(await oneRange()).toEqual(f.onePass());
  });
});
