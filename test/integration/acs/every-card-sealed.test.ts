/**
 * Every card is sealed to its cardholder (migration 023), not only a card with an ACS
 * reference: a writer without the keys who clears a card's reference (and its MAC) and moves
 * the card to an accomplice's cardholder gets a card that verifies nobody and is never reset,
 * the lead is alerted, `audit verify` names the card, and importing the issuer's records again
 * puts the card back with its own cardholder, sealed, and says so in the trail.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { openDatabase } from '../../../main/core/db/connection.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { runCli } from '../cli/cli-harness.ts';
import { FIXTURES, importFile, newDatabase } from '../import/import-harness.ts';
import { setCardRef } from './acs-fixture.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const victim = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const accomplice = demoScenarioPerson(DEMO_SEED, 'code-expired');
const cardId = victim.cards[0]!.publicId;

/** The attack: the reference and its MAC cleared, the card moved to the accomplice. */
function moveWithoutKeys(dbPath: string, card: string, toCard: string): void {
  const raw = keylessWriter(dbPath);
  try {
    raw
      .prepare(
        `UPDATE cards SET acs_card_ref = NULL,
           cardholder_id = (SELECT cardholder_id FROM cards WHERE public_id = ?)
         WHERE public_id = ?`,
      )
      .run(toCard, card);
    raw
      .prepare('UPDATE cards SET acs_ref_key_id = NULL, acs_ref_mac = NULL WHERE public_id = ?')
      .run(card);
  } finally {
    raw.close();
  }
}

describe('every card sealed to its cardholder', () => {
  it("a card whose reference and MAC were cleared and that was moved to the accomplice's cardholder verifies nobody and is not reset; audit verify names it", async () => {
    const desk = await demoCore({}, ({ dbPath, keyFile }) => {
      setCardRef(dbPath, keyFile, cardId, 'ACS-MOVED-1');
      moveWithoutKeys(dbPath, cardId, accomplice.cards[0]!.publicId);
    });
    await desk.signIn('agent');
    expect((await desk.openCard(cardId)).ok).toBe(true);
    const verified = await desk.core.router.call('w1', 'caller.verify', {
      cardId,
      dob: accomplice.dob,
      postcode: accomplice.postcode,
    });
    expect(verified).toMatchObject({
      ok: false,
      error: { code: 'conflict', reason: 'verification.card-altered' },
    });
    const reset = await desk.core.router.call('w1', 'lockout.reset', {
      cardId,
      reason: 'cardholder-mistyped-code',
      note: 'Verified; code mistyped.',
    });
    expect(reset).toMatchObject({ ok: false, error: { reason: 'reset.fraud' } });
    expect(desk.query('SELECT count(*) AS n FROM resets')).toEqual([{ n: 0 }]);
    expect(desk.query('SELECT kind, scope, subject_id FROM alerts ORDER BY id')).toEqual([
      { kind: 'altered-row', scope: 'cards', subject_id: cardId },
      { kind: 'reset-refused-fraud', scope: null, subject_id: cardId },
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
    expect(verify.stdout).toContain(
      `card(s) ${cardId} without an ACS card reference do not match their MAC`,
    );
  });

  it('importing the same records again puts a moved card back with its cardholder, sealed, and names it in the trail', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'every-card-sealed-'));
    try {
      const target = newDatabase(dir);
      // The issuer's sample, its second card without an ACS reference.
      const file = join(dir, 'issuer.jsonl');
      writeFileSync(
        file,
        readFileSync(join(FIXTURES, 'issuer-sample.jsonl'), 'utf8').replace(
          ',"acsCardRef":"ACSREF-JC-0002"',
          '',
        ),
      );
      await importFile(target, file);
      const db = ['--db', target.dbPath, '--key-file', target.keyFile];
      expect((await runCli(['audit', 'verify', ...db])).code).toBe(0);
      const cards = () => {
        const reader = openDatabase(target.dbPath, { readonly: true });
        try {
          return reader
            .prepare(
              `SELECT c.public_id AS card, h.external_id AS holder FROM cards c
               JOIN cardholders h ON h.id = c.cardholder_id ORDER BY c.external_id`,
            )
            .all() as { card: string; holder: string }[];
        } finally {
          reader.close();
        }
      };
      const [first, second] = cards();
      expect(second).toMatchObject({ holder: 'IMP-H-002' });

      moveWithoutKeys(target.dbPath, second!.card, first!.card);
      // Its as-of time moved ahead too, so that no record would ever be newer.
      const raw = keylessWriter(target.dbPath);
      raw
        .prepare("UPDATE cards SET as_of = '2099-01-01T00:00:00Z' WHERE public_id = ?")
        .run(second!.card);
      raw.close();
      expect(cards()[1]).toMatchObject({ holder: 'IMP-H-001' });
      const altered = await runCli(['audit', 'verify', ...db]);
      expect(altered.code).toBe(1);
      expect(altered.stdout).toContain(`card(s) ${second!.card} without an ACS card reference`);

      const again = await importFile(target, file);
      expect(again.counts['card']).toMatchObject({ updated: 1, unchanged: 1 });
      expect(cards()[1]).toMatchObject({ card: second!.card, holder: 'IMP-H-002' });
      expect((await runCli(['audit', 'verify', ...db])).code).toBe(0);
      const reader = openDatabase(target.dbPath, { readonly: true });
      try {
        const entries = reader
          .prepare(
            "SELECT subject_id, details FROM audit_log WHERE action = 'import.card-repaired'",
          )
          .all() as { subject_id: string; details: string }[];
        expect(entries).toHaveLength(1);
        expect(entries[0]!.subject_id).toBe(second!.card);
        expect(JSON.parse(entries[0]!.details)).toMatchObject({
          cardholder: true,
          reference: false,
        });
      } finally {
        reader.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
