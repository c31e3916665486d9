/**
 * Contact checks are counted from the trail's contact.check entries, and every entry counted
 * must hold its MAC: a check flipped out of the count in the file (result edited, triggers
 * dropped and put back; the trail watch's interval long, so the count itself is what is
 * tested) leaves no check — the next one is refused — marks the trail broken in the key store
 * (putting the entry back does not clear it) and alerts the lead once. Otherwise a file writer
 * would have unlimited guesses at the registered mobile number or email.
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

function setResult(dbPath: string, seq: number, result: string) {
  const raw = keylessWriter(dbPath);
  try {
    editEntry(raw, `UPDATE audit_log SET result = '${result}' WHERE seq = ${seq}`);
  } finally {
    raw.close();
  }
}

describe('a contact.check entry edited in the file', () => {
  it('refuses the next check, marks the trail broken for good and alerts the lead once', async () => {
    const desk = await demoCore(WATCH);
    const { core } = desk;
    expect(await core.trailWatch!.look()).toMatchObject({ outcome: 'holds', full: true });
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
    expect(await core.trailWatch!.look()).toMatchObject({ outcome: 'holds', full: false });
    const { seq } = desk.query<{ seq: number }>(
      "SELECT max(seq) AS seq FROM audit_log WHERE action = 'contact.check' AND result = 'success'",
    )[0]!;
    setResult(desk.dbPath, seq, 'failure');
    expect(await check(2)).toMatchObject({
      ok: false,
      error: { reason: 'contacts.no-checks-left' },
    });
    expect(trailBroken(desk.keyFile)).toMatchObject({ seq });
    expect(await check(3)).toMatchObject({ ok: false });
    expect(
      desk.query(
        "SELECT count(*) AS n FROM audit_log WHERE action = 'alert.altered-row' AND json_extract(details, '$.seq') = ?",
        seq,
      ),
    ).toEqual([{ n: 1 }]);
    // Put back as it was: the mark stays (it is in the key store).
    setResult(desk.dbPath, seq, 'success');
    expect(trailBroken(desk.keyFile)).toMatchObject({ seq });
  });
});
