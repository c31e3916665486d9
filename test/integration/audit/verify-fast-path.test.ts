/**
 * audit verify reads each entry as SQLite's JSON of its columns (verify-range.ts). Whatever
 * that JSON says, the verdict is the one canonical.ts gives: entries written with any text
 * verify, an entry SQLite writes otherwise than JavaScript is checked again from its columns,
 * and one SQLite's JSON cannot hold at all is still reported at its own seq.
 */
import { describe, expect, it } from 'vitest';
import { fileAnchor } from '../../../main/core/audit/checkpoint-anchor.ts';
import { runAuditVerification } from '../../../main/core/audit/run-verification.ts';
import { verifyAuditChain, type StoredAuditRow } from '../../../main/core/audit/verify-audit.ts';
import { auditFixture, dropAuditTriggers } from '../../helpers/audit-fixture.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

const tempDir = useTempDir();
const TEXTS = ['山田 太郎', 'a"b\\c/d', '😀\u2028\u2029', '\u0000\u0008\u001f\u007f', 'é\r\n\t'];

function trail() {
  const f = auditFixture(tempDir());
  f.trail.transact(() => {
    for (let n = 1; n <= 40; n++) {
      const text = TEXTS[n % TEXTS.length]!;
      f.trail.append({
        at: new Date(Date.UTC(2026, 10, 25, 0, 0, n)),
        operatorId: n % 3 === 0 ? null : n,
        username: n % 4 === 0 ? null : text,
        origin: 'console@test',
        action: 'card.open',
        subjectType: 'card',
        subjectId: `c_${text}_${n}`,
        result: 'success',
        details: { note: text, n, nested: { list: [text, n / 4, null] } },
      });
    }
  });
  f.trail.anchorNow();
  dropAuditTriggers(f.db);
  const onePass = () =>
    verifyAuditChain(
      f.db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<StoredAuditRow>,
      fileAnchor(f.anchorPath).readAll(),
      f.keys,
    );
  const verify = (threads: number) =>
    runAuditVerification({ dbPath: f.dbPath, anchorPath: f.anchorPath, keys: f.keys, threads });
  return { ...f, onePass, verify };
}

/** What someone with the file can do: the table rebuilt without STRICT, operator_id untyped. */
function looseTable(db: ReturnType<typeof trail>['db']): void {
  db.exec(`
    CREATE TABLE audit_loose (seq INTEGER PRIMARY KEY, at TEXT, operator_id BLOB, username TEXT,
      origin TEXT, action TEXT, subject_type TEXT, subject_id TEXT, result TEXT, details TEXT,
      key_id TEXT, mac BLOB);
    INSERT INTO audit_loose SELECT * FROM audit_log;
    DROP TABLE audit_log;
    ALTER TABLE audit_loose RENAME TO audit_log;`);
}

describe('audit verify from SQLite’s JSON of the entries', () => {
  it('entries with quotes, escapes, control characters, Japanese and emoji verify', async () => {
    const f = trail();
    expect(f.onePass()).toMatchObject({ status: 'intact', entriesChecked: 40 });
    for (const threads of [1, 2]) expect(await f.verify(threads)).toEqual(f.onePass());
  });

  it('an entry SQLite writes otherwise (a REAL 7.0 where JavaScript writes 7) is checked from its columns', async () => {
    const f = trail();
    looseTable(f.db);
    // JSON.stringify gives 7 for it, SQLite's JSON 7.0: the same entry as canonical.ts defines it.
    f.db.prepare('UPDATE audit_log SET operator_id = 7.0 WHERE seq = 7').run();
    expect(
      f.db.prepare('SELECT json_array(operator_id) FROM audit_log WHERE seq = 7').pluck().get(),
    ).toBe('[7.0]');
    for (const threads of [1, 2])
      expect(await f.verify(threads)).toMatchObject({ status: 'intact', entriesChecked: 40 });
    // A real change after it is still found at its entry.
    f.db.prepare('UPDATE audit_log SET operator_id = 8.0 WHERE seq = 11').run();
    for (const threads of [1, 2]) {
      const result = await f.verify(threads);
      expect(result).toMatchObject({ status: 'altered', firstBadSeq: 11 });
      expect(result).toEqual(f.onePass());
    }
  });

  it('a BLOB SQLite’s JSON cannot hold is reported at its entry, and an earlier edit before it', async () => {
    const f = trail();
    looseTable(f.db);
    f.db.prepare('UPDATE audit_log SET details = CAST(details AS BLOB) WHERE seq = 30').run();
    for (const threads of [1, 2]) {
      const result = await f.verify(threads);
      expect(result).toMatchObject({ status: 'altered', firstBadSeq: 30, entriesChecked: 29 });
    }
    f.db.prepare("UPDATE audit_log SET subject_id = 'c_other' WHERE seq = 25").run();
    for (const threads of [1, 2])
      expect(await f.verify(threads)).toMatchObject({ status: 'altered', firstBadSeq: 25 });
  });
});
