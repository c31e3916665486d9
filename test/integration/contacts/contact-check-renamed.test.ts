/**
 * Contact checks counted once are looked for again at the next count (counted-entries.ts): a
 * contact.check entry renamed, or moved to another card, in the file drops out of the
 * selection without its MAC ever being read — put back before the trail watch's next full
 * pass, it would leave no trace, and a file writer would have unlimited guesses at the
 * registered mobile number. Gone from the selection, it refuses the next check, marks the
 * trail broken and alerts the lead once.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { editEntry } from '../../helpers/hide-entry.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const locked = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const cardId = locked.cards[0]!.publicId;
const WATCH = { trailWatchMs: 3_600_000 };

const trailBroken = (keyFile: string) =>
  (JSON.parse(readFileSync(keyFile, 'utf8')) as { trailBroken?: { seq: number } }).trailBroken;

function edit(dbPath: string, sql: string) {
  const raw = keylessWriter(dbPath);
  try {
    editEntry(raw, sql);
  } finally {
    raw.close();
  }
}

describe('a contact.check entry renamed or moved in the file', () => {
  for (const [how, set, back] of [
    ['renamed', "action = 'contact.chek'", "action = 'contact.check'"],
    ['moved to another card', "subject_id = 'elsewhere'", null],
  ] as const)
    it(`${how}: the next check is refused, the trail marked broken, the lead alerted once`, async () => {
      const desk = await demoCore(WATCH);
      const { core } = desk;
      await desk.signIn('agent');
      expect((await desk.openCard(cardId)).ok).toBe(true);
      expect(
        await core.router.call('w1', 'caller.verify', {
          cardId,
          dob: locked.dob,
          postcode: locked.postcode,
        }),
      ).toMatchObject({ ok: true, value: { status: 'verified' } });
      const check = (n: number) =>
        core.router.call('w1', 'contacts.check', {
          cardId,
          kind: 'mobile',
          value: `090-0000-${String(n).padStart(4, '0')}`,
        });
      expect(await check(1)).toMatchObject({ ok: true, value: { match: false } });
      expect(await check(2)).toMatchObject({ ok: true, value: { match: false } });
      const { seq, subject_id } = desk.query<{ seq: number; subject_id: string }>(
        "SELECT seq, subject_id FROM audit_log WHERE action = 'contact.check' ORDER BY seq LIMIT 1",
      )[0]!;
      edit(desk.dbPath, `UPDATE audit_log SET ${set} WHERE seq = ${seq}`);
      expect(await check(3)).toMatchObject({
        ok: false,
        error: { reason: 'contacts.no-checks-left' },
      });
      expect(trailBroken(desk.keyFile)).toMatchObject({ seq });
      // Put back as it was: the mark stays (it is in the key store), and so does the refusal.
      edit(
        desk.dbPath,
        `UPDATE audit_log SET ${back ?? `subject_id = '${subject_id}'`} WHERE seq = ${seq}`,
      );
      expect(trailBroken(desk.keyFile)).toMatchObject({ seq });
      expect(
        desk.query(
          "SELECT count(*) AS n FROM audit_log WHERE action = 'alert.altered-row' AND json_extract(details, '$.seq') = ?",
          seq,
        ),
      ).toEqual([{ n: 1 }]);
    });
});
