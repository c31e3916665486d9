/**
 * The trail records each contact change (`import.contact-changed`), and the recent-contact-
 * change rule compares each contact with the newest: a writer without the keys who puts back
 * the cardholder's mobile row from before the takeover (old change time, its genuine MAC) or
 * deletes the contact rows no longer makes a reset right after a takeover go through without a
 * lead. The entries carry no contact data, and an import writes one per contact it changed, not
 * one per contact.
 */
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import type { ResetStatus } from '../../../shared/contract/index.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { keylessWriter, sealWrites } from '../../helpers/sealed-writer.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { FIXTURES, importFile, newDatabase } from '../import/import-harness.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const tempDir = useTempDir('verify-desk-contact-trail-');
const who = demoScenarioPerson(DEMO_SEED, 'recent-mobile-change');
const cardId = who.cards[0]!.publicId;
const MONTHS_AGO = '2026-01-05T09:00:00.000Z';
const HOLDER = '(SELECT cardholder_id FROM cards WHERE public_id = ?)';
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

async function verifyAndStatus(desk: Awaited<ReturnType<typeof demoCore>>) {
  await desk.signIn('agent');
  expect((await desk.openCard(cardId)).ok).toBe(true);
  expect(
    await desk.core.router.call('w1', 'caller.verify', {
      cardId,
      dob: who.dob,
      postcode: who.postcode,
    }),
  ).toMatchObject({ ok: true, value: { status: 'verified' } });
  const status = await desk.core.router.call('w1', 'lockout.status', { cardId });
  expect(status).toMatchObject({ ok: true });
  return (status as { value: ResetStatus }).value;
}

describe('contact rows rolled back or deleted in the file', () => {
  it('control: untouched, the takeover pattern goes to a lead', async () => {
    const desk = await demoCore();
    expect((await verifyAndStatus(desk)).escalation).toEqual(['recent-contact-change']);
    expect(desk.query("SELECT * FROM alerts WHERE scope = 'contact_points'")).toEqual([]);
  });

  it('the mobile row from before the change put back with its genuine MAC still goes to a lead, and the lead is alerted', async () => {
    const desk = await demoCore({}, ({ dbPath, keyFile }) => {
      // The backup: the same row as an earlier import sealed it (value changed months ago).
      const feed = new Database(dbPath);
      sealWrites(feed, dbPath, keyFile);
      const now = feed
        .prepare(`SELECT * FROM contact_points WHERE kind = 'mobile' AND cardholder_id = ${HOLDER}`)
        .get(cardId) as Record<string, unknown>;
      feed
        .prepare(`UPDATE contact_points SET value_changed_at = ?, updated_at = ? WHERE id = ?`)
        .run(MONTHS_AGO, MONTHS_AGO, now['id']);
      const backup = feed
        .prepare('SELECT * FROM contact_points WHERE id = ?')
        .get(now['id']) as Record<string, unknown>;
      feed
        .prepare(`UPDATE contact_points SET value_changed_at = ?, updated_at = ? WHERE id = ?`)
        .run(now['value_changed_at'], now['updated_at'], now['id']);
      feed.close();
      // Without the keys: the backup's row put back, MAC and all (the update trigger reseals
      // with the stand-ins; a second UPDATE of only the MAC columns puts the genuine one back).
      const raw = keylessWriter(dbPath);
      raw
        .prepare(
          `UPDATE contact_points SET ${COLS.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`,
        )
        .run(Object.fromEntries(['id', ...COLS].map((c) => [c, backup[c]])));
      raw
        .prepare(
          'UPDATE contact_points SET contact_key_id = @contact_key_id, contact_mac = @contact_mac WHERE id = @id',
        )
        .run({
          id: backup['id'],
          contact_key_id: backup['contact_key_id'],
          contact_mac: backup['contact_mac'],
        });
      raw.close();
    });
    const value = await verifyAndStatus(desk);
    expect(value).toMatchObject({ allowed: true, escalation: ['recent-contact-change'] });
    expect(
      desk.query("SELECT kind, subject_id FROM alerts WHERE scope = 'contact_points'"),
    ).toEqual([{ kind: 'altered-row', subject_id: cardId }]);
    // The contact check matches nothing on a row the trail does not vouch for.
    expect(
      await desk.core.router.call('w1', 'contacts.check', {
        cardId,
        kind: 'mobile',
        value: who.mobile!,
      }),
    ).toMatchObject({ ok: true, value: { match: false } });
  });

  it('the contact rows deleted: the reset still goes to a lead, and the lead is alerted once', async () => {
    const desk = await demoCore({}, ({ dbPath }) => {
      const raw = keylessWriter(dbPath);
      raw.prepare(`DELETE FROM contact_points WHERE cardholder_id = ${HOLDER}`).run(cardId);
      raw.close();
    });
    expect(await verifyAndStatus(desk)).toMatchObject({
      allowed: true,
      escalation: ['recent-contact-change'],
    });
    await desk.core.router.call('w1', 'lockout.status', { cardId });
    const alerts = desk.query(
      "SELECT details FROM audit_log WHERE action = 'alert.altered-row' AND subject_id = ?",
      cardId,
    ) as { details: string }[];
    expect(alerts).toHaveLength(1);
    expect(JSON.parse(alerts[0]!.details)).toMatchObject({
      table: 'contact_points',
      gone: ['mobile'],
    });
  });
});

describe('the import records each contact it changed', () => {
  function entries(dbPath: string) {
    const db = new Database(dbPath, { readonly: true });
    try {
      return db
        .prepare(
          `SELECT subject_type, subject_id, details FROM audit_log
           WHERE action = 'import.contact-changed' ORDER BY seq`,
        )
        .all() as { subject_type: string; subject_id: string; details: string }[];
    } finally {
      db.close();
    }
  }

  it('one entry per changed contact, none for one unchanged or imported again, and no contact data', async () => {
    const dir = tempDir();
    const target = newDatabase(dir);
    const sample = join(FIXTURES, 'issuer-sample.jsonl');
    await importFile(target, sample);
    await importFile(target, sample);
    // The sample's contacts carry no recent change: nothing to record.
    expect(entries(target.dbPath)).toEqual([]);

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
    await importFile(target, feed, { now: '2026-11-27T00:00:00.000Z' });
    await importFile(target, feed, { now: '2026-11-27T01:00:00.000Z' });
    const changed = entries(target.dbPath);
    expect(changed).toHaveLength(1);
    const holder = new Database(target.dbPath, { readonly: true });
    const { public_id: holderId } = holder
      .prepare("SELECT public_id FROM cardholders WHERE external_id = 'IMP-H-002'")
      .get() as { public_id: string };
    const mobile = holder
      .prepare(
        "SELECT masked, value_hash FROM contact_points WHERE kind = 'mobile' AND cardholder_id = (SELECT id FROM cardholders WHERE external_id = 'IMP-H-002')",
      )
      .get() as { masked: string; value_hash: Buffer };
    holder.close();
    expect(changed[0]).toMatchObject({ subject_type: 'cardholder', subject_id: holderId });
    const details = JSON.parse(changed[0]!.details) as Record<string, unknown>;
    expect(details).toMatchObject({ kind: 'mobile', changedAt: '2026-11-26T09:00:00.000Z' });
    expect(Object.keys(details).sort()).toEqual(['changedAt', 'facts', 'kind', 'runId']);
    for (const clear of ['900999', '7700', mobile.masked, mobile.value_hash.toString('hex')])
      expect(changed[0]!.details).not.toContain(clear);

    // Deleted in the file and imported again as it was: the trail already says so.
    const raw = keylessWriter(target.dbPath);
    raw.prepare('DELETE FROM contact_points WHERE masked = ?').run(mobile.masked);
    raw.close();
    await importFile(target, feed, { now: '2026-11-27T02:00:00.000Z' });
    expect(entries(target.dbPath)).toHaveLength(1);
  });

  it('a contact from before the trail recorded contacts, with a recent change, is recorded once by the next import that sees it', async () => {
    const dir = tempDir();
    const target = newDatabase(dir);
    const sample = join(FIXTURES, 'issuer-sample.jsonl');
    await importFile(target, sample);
    // As a version before this one wrote it: sealed, changed lately, and no entry.
    const older = new Database(target.dbPath);
    sealWrites(older, target.dbPath, target.keyFile);
    older
      .prepare(
        `UPDATE contact_points SET value_changed_at = '2026-11-18T09:00:00.000Z'
         WHERE kind = 'mobile'
           AND cardholder_id = (SELECT id FROM cardholders WHERE external_id = 'IMP-H-002')`,
      )
      .run();
    older.close();
    expect(entries(target.dbPath)).toEqual([]);
    // The same export again (nothing newer): the contact is recorded as it stands, once.
    await importFile(target, sample);
    await importFile(target, sample);
    expect(entries(target.dbPath).map((e) => JSON.parse(e.details) as unknown)).toEqual([
      expect.objectContaining({ kind: 'mobile', changedAt: '2026-11-18T09:00:00.000Z' }),
    ]);
  });
});
