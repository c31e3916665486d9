/**
 * contact_points.as_of decides whether the importer writes a newer record, so it is sealed with
 * the contact (migration 023): pinned far ahead in the file, the contact fails its seal, the
 * feed bringing the takeover's new number is written all the same (a row failing its seal is
 * written whatever its as-of time), and `audit verify` names the contact until then.
 */
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { runCli } from '../cli/cli-harness.ts';
import { FIXTURES, importFile, newDatabase } from '../import/import-harness.ts';

const tempDir = useTempDir('verify-desk-contact-as-of-');
const HOLDER = "(SELECT id FROM cardholders WHERE external_id = 'IMP-H-002')";

function mobile(dbPath: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT masked, value_changed_at FROM contact_points WHERE kind = 'mobile' AND cardholder_id = ${HOLDER}`,
      )
      .get() as { masked: string; value_changed_at: string | null };
  } finally {
    db.close();
  }
}

describe("a contact's as-of time", () => {
  it('pinned ahead in the file, it is named by audit verify and does not make the import skip the takeover change', async () => {
    const dir = tempDir();
    const target = newDatabase(dir);
    await importFile(target, join(FIXTURES, 'issuer-sample.jsonl'));
    const before = mobile(target.dbPath);

    const raw = keylessWriter(target.dbPath);
    raw
      .prepare(
        `UPDATE contact_points SET as_of = '9999-12-31T00:00:00.000Z' WHERE kind = 'mobile' AND cardholder_id = ${HOLDER}`,
      )
      .run();
    raw.close();
    const db = ['--db', target.dbPath, '--key-file', target.keyFile];
    const pinned = await runCli(['audit', 'verify', ...db]);
    expect(pinned.code).toBe(1);
    expect(pinned.stdout).toContain('mobile');

    // The feed a week later: the mobile was changed yesterday (the takeover).
    const feed = join(dir, 'feed.jsonl');
    writeFileSync(
      feed,
      `${JSON.stringify({
        type: 'contact',
        cardholderId: 'IMP-H-002',
        kind: 'mobile',
        value: '+44 7700 900999',
        status: 'unverified',
        valueChangedAt: '2026-11-26T09:00:00Z',
        asOf: '2026-11-26T10:00:00Z',
      })}\n`,
    );
    const control = newDatabase(tempDir());
    await importFile(control, join(FIXTURES, 'issuer-sample.jsonl'));
    await importFile(control, feed, { now: '2026-11-27T00:00:00.000Z' });
    // Untouched, the feed is applied.
    expect(mobile(control.dbPath)).toMatchObject({ value_changed_at: '2026-11-26T09:00:00.000Z' });

    const result = await importFile(target, feed, { now: '2026-11-27T00:00:00.000Z' });
    expect(result.counts['contact']).toMatchObject({ updated: 1 });
    expect(mobile(target.dbPath)).toEqual(mobile(control.dbPath));
    expect(mobile(target.dbPath)).not.toEqual(before);
    expect((await runCli(['audit', 'verify', ...db])).code).toBe(0);
  });
});
