/**
 * What the reset rule reads of a contact is sealed (migration 023): a writer without the keys who
 * moves a recent mobile change months back — so that a reset right after a takeover would go
 * through without a lead — gets the strict outcome instead (the contact counts as changed now,
 * the reset goes to a lead), the lead is alerted, `audit verify` names the contact, the contact
 * check matches nothing on it, and importing the records again seals it from the record.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { openDatabase } from '../../../main/core/db/connection.ts';
import type { ResetStatus } from '../../../shared/contract/index.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { runCli } from '../cli/cli-harness.ts';
import { FIXTURES, importFile, newDatabase } from '../import/import-harness.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const who = demoScenarioPerson(DEMO_SEED, 'recent-mobile-change');
const cardId = who.cards[0]!.publicId;
const MONTHS_AGO = '2026-01-05T09:00:00.000Z';

/** The attack: the cardholder's contact changes moved months back, without the keys. */
function backdate(dbPath: string, holderWhere: string, ...params: unknown[]): void {
  const raw = keylessWriter(dbPath);
  try {
    raw
      .prepare(
        `UPDATE contact_points SET value_changed_at = ?, updated_at = ?
         WHERE cardholder_id = (${holderWhere})`,
      )
      .run(MONTHS_AGO, MONTHS_AGO, ...params);
  } finally {
    raw.close();
  }
}

describe('sealed contacts', () => {
  it('a recent mobile change moved months back in the file still sends the reset to a lead, alerts the lead, and is named by audit verify', async () => {
    const desk = await demoCore({}, ({ dbPath }) =>
      backdate(dbPath, 'SELECT cardholder_id FROM cards WHERE public_id = ?', cardId),
    );
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
    expect((status as { value: ResetStatus }).value).toMatchObject({
      allowed: true,
      escalation: ['recent-contact-change'],
    });
    // The check of what the caller says matches nothing on a contact that fails its seal.
    expect(
      await desk.core.router.call('w1', 'contacts.check', {
        cardId,
        kind: 'mobile',
        value: who.mobile!,
      }),
    ).toMatchObject({ ok: true, value: { match: false } });
    expect(desk.query('SELECT kind, scope, subject_id FROM alerts ORDER BY id')).toEqual([
      { kind: 'altered-row', scope: 'contact_points', subject_id: cardId },
    ]);
    const verify = await runCli([
      'audit',
      'verify',
      '--db',
      desk.dbPath,
      '--key-file',
      desk.keyFile,
    ]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(
      /the contact point\(s\) [^(]*\bmobile\b[^(]*\(cardholder and kind\) do not match their MAC/u,
    );
  });

  it('importing the records again seals a contact that failed its seal, its change time from the record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealed-contacts-'));
    try {
      const target = newDatabase(dir);
      const file = join(FIXTURES, 'issuer-sample.jsonl');
      await importFile(target, file);
      const db = ['--db', target.dbPath, '--key-file', target.keyFile];
      expect((await runCli(['audit', 'verify', ...db])).code).toBe(0);
      backdate(target.dbPath, "SELECT id FROM cardholders WHERE external_id = 'IMP-H-002'");
      const altered = await runCli(['audit', 'verify', ...db]);
      expect(altered.code).toBe(1);
      expect(altered.stdout).toMatch(/the contact point\(s\) \S+ mobile \(cardholder and kind\)/u);

      const again = await importFile(target, file);
      expect(again.counts['contact']).toMatchObject({ updated: 1, unchanged: 2 });
      expect((await runCli(['audit', 'verify', ...db])).code).toBe(0);
      const reader = openDatabase(target.dbPath, { readonly: true });
      try {
        expect(
          reader
            .prepare(
              `SELECT value_changed_at FROM contact_points
               WHERE cardholder_id = (SELECT id FROM cardholders WHERE external_id = 'IMP-H-002')`,
            )
            .all(),
        ).toEqual([{ value_changed_at: '2026-11-19T22:00:00.000Z' }]);
      } finally {
        reader.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
