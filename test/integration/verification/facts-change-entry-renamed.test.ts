/**
 * Verification facts must be what the trail's newest `import.facts-changed` entry for the
 * cardholder says (facts-trail.ts) — the newest found by `subject_id` and `action`. Someone who
 * writes the file without the keys renames that entry, so the one before it is "newest", and puts
 * back the facts row from before the cardholder moved (its genuine MAC). A console that has read
 * the newest entry remembers it (newest-seen.ts): gone since, the facts are not the latest — the
 * caller who knows only the OLD postcode is refused, and the entry reported (the trail marked
 * broken, the lead alerted).
 */
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openKeyFile } from '../../../main/core/keys/key-file.ts';
import { editEntry } from '../../helpers/hide-entry.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { runCli } from '../cli/cli-harness.ts';
import { FIXTURES, importFile, newDatabase } from '../import/import-harness.ts';
import { addAgent, importedCore } from '../import/imported-desk.ts';

const tempDir = useTempDir('verify-desk-facts-renamed-');
const PASSWORD = 'Agent-passw0rd-facts';
const OLD_POSTCODE = '1500041';

describe("the cardholder's newest facts-changed entry renamed, the facts from before put back", () => {
  it('a console that read the entry before refuses the old postcode and alerts the lead', async () => {
    const dir = tempDir();
    const target = newDatabase(dir);
    await importFile(target, join(FIXTURES, 'issuer-sample.jsonl'));
    await addAgent(target, PASSWORD);
    expect(
      (await runCli(['acs', 'training', '--db', target.dbPath, '--key-file', target.keyFile])).code,
    ).toBe(0);
    const read = () => new Database(target.dbPath, { readonly: true });
    let db = read();
    const holder = db
      .prepare("SELECT id, public_id FROM cardholders WHERE external_id = 'IMP-H-001'")
      .get() as { id: number; public_id: string };
    const before = db
      .prepare('SELECT * FROM verification_facts WHERE cardholder_id = ?')
      .get(holder.id) as Record<string, unknown>;
    db.close();
    // The cardholder moved: the feed sends the new postcode.
    const feed = join(dir, 'moved.jsonl');
    writeFileSync(
      feed,
      `${JSON.stringify({
        type: 'verification',
        cardholderId: 'IMP-H-001',
        dateOfBirth: '昭和52年3月29日',
        postcode: '〒530-0001',
        asOf: '2026-11-20T00:30:00Z',
      })}\n`,
    );
    await importFile(target, feed);
    db = read();
    const seqs = (
      db
        .prepare(
          "SELECT seq FROM audit_log WHERE action = 'import.facts-changed' AND subject_id = ? ORDER BY seq",
        )
        .all(holder.public_id) as { seq: number }[]
    ).map((row) => row.seq);
    const cardId = (
      db.prepare("SELECT public_id FROM cards WHERE external_id = 'IMP-C-001'").get() as {
        public_id: string;
      }
    ).public_id;
    db.close();
    expect(seqs.length).toBe(2);

    const tamper = () => {
      const raw = keylessWriter(target.dbPath);
      editEntry(raw, `UPDATE audit_log SET action = 'import.facts-changeX' WHERE seq = ${seqs[1]}`);
      const columns = Object.keys(before).filter((c) => c !== 'cardholder_id');
      raw
        .prepare(
          `UPDATE verification_facts SET ${columns.map((c) => `${c} = @${c}`).join(', ')}
           WHERE cardholder_id = @cardholder_id`,
        )
        .run(before);
      // The genuine MAC of the older row, over whatever a trigger wrote.
      raw
        .prepare(
          'UPDATE verification_facts SET facts_key_id = @facts_key_id, facts_mac = @facts_mac WHERE cardholder_id = @cardholder_id',
        )
        .run({
          cardholder_id: before['cardholder_id'],
          facts_key_id: before['facts_key_id'],
          facts_mac: before['facts_mac'],
        });
      raw.close();
    };
    const core = importedCore(target);
    try {
      const call = (channel: string, input: unknown) => core.router.call('w1', channel, input);
      expect(
        await call('session.signIn', { username: 'agent1', password: PASSWORD }),
      ).toMatchObject({ ok: true });
      await call('cards.search', { key: 'customer-ref', customerRef: 'CR90000001' });
      expect(await call('cards.open', { cardId })).toMatchObject({ ok: true });
      const verify = () =>
        call('caller.verify', { cardId, dob: '1977-03-29', postcode: OLD_POSTCODE });
      // Control: the old postcode no longer verifies (this console reads the newest entry).
      expect(await verify()).toMatchObject({ ok: true, value: { status: 'unverified' } });

      tamper();
      expect(await verify()).toMatchObject({
        ok: false,
        error: { reason: 'verification.facts-not-latest' },
      });
      const reported = (
        read()
          .prepare("SELECT details FROM audit_log WHERE action = 'alert.altered-row'")
          .all() as { details: string }[]
      ).map((row) => JSON.parse(row.details) as { table?: string; seq?: number });
      expect(reported).toContainEqual(
        expect.objectContaining({ table: 'audit_log', seq: seqs[1] }),
      );
      expect(openKeyFile(target.keyFile).trailBreak?.read()).toMatchObject({ seq: seqs[1] });
      // Still refused at the next answer; the caller was never verified.
      expect(await verify()).toMatchObject({ ok: false });
    } finally {
      core.close();
    }
  });
});
