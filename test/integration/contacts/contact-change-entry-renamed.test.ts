/**
 * The recent-contact-change rule compares each contact row with the trail's newest
 * `import.contact-changed` entry of its kind (contact-store.ts trailSays), found by subject and
 * action. Someone who writes the file without the keys renames that entry, so the trail seems to
 * say nothing about the mobile, and puts back the row from before the takeover (its genuine MAC,
 * value changed months ago). A console that has read the mobile's newest entry remembers it
 * (newest-seen.ts): gone from the selection since, the mobile reads as altered — changed now, the
 * reset goes to a lead — and the entry is reported (the trail marked broken, the lead alerted).
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { openKeyFile } from '../../../main/core/keys/key-file.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { editEntry } from '../../helpers/hide-entry.ts';
import { keylessWriter, sealWrites } from '../../helpers/sealed-writer.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const who = demoScenarioPerson(DEMO_SEED, 'recent-mobile-change');
const cardId = who.cards[0]!.publicId;
const MONTHS_AGO = '2026-01-05T09:00:00.000Z';
const HOLDER = '(SELECT cardholder_id FROM cards WHERE public_id = ?)';
const WATCH = { trailWatchMs: 3_600_000 };
const COLS = [
  'masked',
  'value_hash',
  'value_key_id',
  'status',
  'updated_at',
  'value_changed_at',
  'pending_masked',
  'pending_effective_at',
  'as_of',
  'contact_key_id',
  'contact_mac',
] as const;
type Row = Record<string, unknown>;

/** Writes a stored row back, its MAC and all, without the keys. */
function putContact(dbPath: string, row: Row): void {
  const raw = keylessWriter(dbPath);
  try {
    raw
      .prepare(
        `UPDATE contact_points SET ${COLS.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`,
      )
      .run(Object.fromEntries(['id', ...COLS].map((c) => [c, row[c]])));
    raw
      .prepare(
        'UPDATE contact_points SET contact_key_id = @contact_key_id, contact_mac = @contact_mac WHERE id = @id',
      )
      .run({
        id: row['id'],
        contact_key_id: row['contact_key_id'],
        contact_mac: row['contact_mac'],
      });
  } finally {
    raw.close();
  }
}

describe("the mobile's newest contact-changed entry renamed, the row from before put back", () => {
  it('a console that read the entry before reads the mobile as changed, refuses the reset and alerts', async () => {
    let backup: Row = {};
    let current: Row = {};
    const desk = await demoCore(WATCH, ({ dbPath, keyFile }) => {
      // The backup: the row as an earlier import sealed it (value changed months ago).
      const feed = new Database(dbPath);
      sealWrites(feed, dbPath, keyFile);
      current = feed
        .prepare(`SELECT * FROM contact_points WHERE kind = 'mobile' AND cardholder_id = ${HOLDER}`)
        .get(cardId) as Row;
      feed
        .prepare('UPDATE contact_points SET value_changed_at = ?, updated_at = ? WHERE id = ?')
        .run(MONTHS_AGO, MONTHS_AGO, current['id']);
      backup = feed.prepare('SELECT * FROM contact_points WHERE id = ?').get(current['id']) as Row;
      feed.close();
      putContact(dbPath, current);
    });
    expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'holds', full: true });
    const alertsBefore = desk.query("SELECT seq FROM audit_log WHERE action LIKE 'alert.%'");
    const [holder] = desk.query<{ public_id: string }>(
      `SELECT public_id FROM cardholders WHERE id = ${HOLDER}`,
      cardId,
    );
    const entries = desk.query<{ seq: number }>(
      "SELECT seq FROM audit_log WHERE action = 'import.contact-changed' AND subject_id = ? AND json_extract(details, '$.kind') = 'mobile'",
      holder!.public_id,
    );
    expect(entries.length).toBeGreaterThan(0);
    const seqs = entries.map((e) => e.seq).join(', ');

    await desk.signIn('agent');
    expect((await desk.openCard(cardId)).ok).toBe(true);
    expect(
      await desk.core.router.call('w1', 'caller.verify', {
        cardId,
        dob: who.dob,
        postcode: who.postcode,
      }),
    ).toMatchObject({ ok: true, value: { status: 'verified' } });
    // Control.
    expect(await desk.core.router.call('w1', 'lockout.status', { cardId })).toMatchObject({
      ok: true,
      value: { allowed: true, escalation: ['recent-contact-change'] },
    });

    const raw = keylessWriter(desk.dbPath);
    editEntry(raw, `UPDATE audit_log SET action = 'import.contact-changex' WHERE seq IN (${seqs})`);
    raw.close();
    putContact(desk.dbPath, backup);

    // Read before, gone now: the entry is reported (the trail marked broken: no reset at all)
    // and the mobile read as altered (changed now: the lead's alert names its row).
    expect(await desk.core.router.call('w1', 'lockout.status', { cardId })).toMatchObject({
      ok: true,
      value: { allowed: false, refusal: 'trail-broken' },
    });
    const contactAlerts = desk
      .query<{ details: string }>(
        "SELECT details FROM audit_log WHERE action = 'alert.altered-row' AND seq > ?",
        Math.max(0, ...alertsBefore.map((a) => (a as { seq: number }).seq)),
      )
      .map((row) => JSON.parse(row.details) as { table?: string; rowIds?: number[] });
    expect(contactAlerts).toContainEqual(
      expect.objectContaining({ table: 'contact_points', rowIds: [current['id']] }),
    );
    const renamed = entries.map((e) => e.seq);
    const reported = desk
      .query<{ details: string }>(
        "SELECT details FROM audit_log WHERE action = 'alert.altered-row'",
      )
      .map((row) => JSON.parse(row.details) as { table?: string; seq?: number });
    expect(reported).toContainEqual(
      expect.objectContaining({ table: 'audit_log', seq: Math.max(...renamed) }),
    );
    expect(
      desk.query("SELECT seq FROM audit_log WHERE action LIKE 'alert.%'").length,
    ).toBeGreaterThan(alertsBefore.length);
    expect(
      await desk.core.router.call('w1', 'lockout.reset', {
        cardId,
        reason: 'cardholder-mistyped-code',
        note: 'Caller mistyped the code twice.',
      }),
    ).not.toMatchObject({ ok: true, value: { reset: { state: 'applied' } } });
    // The key store keeps the trail marked broken, whatever is put back.
    expect(openKeyFile(desk.keyFile).trailBreak?.read()).toMatchObject({
      seq: Math.max(...renamed),
    });
  });
});
