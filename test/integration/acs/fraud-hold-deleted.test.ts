/**
 * Embedded ACS (the default, training): a fraud hold the console has seen
 * (`lockout.fraud-hold-seen` in the trail) deleted from lockouts in the file would be the hold
 * lifted, with no audit entry of its own. The card reads held for fraud all the same (the
 * trail says a hold was seen, and its row is gone: sealed-lockouts.ts), and the trail watch's
 * full pass finds the seen hold gone and alerts the lead, even when nobody opens the card.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const who = demoScenarioPerson(DEMO_SEED, 'suspected-fraud');
const cardId = who.cards[0]!.publicId;
const WATCH = { trailWatchMs: 3_600_000 };

function deleteHold(dbPath: string): void {
  const raw = keylessWriter(dbPath);
  try {
    raw
      .prepare(
        `DELETE FROM lockouts WHERE cause = 'fraud_hold'
           AND card_id = (SELECT id FROM cards WHERE public_id = ?)`,
      )
      .run(cardId);
  } finally {
    raw.close();
  }
}

describe('a fraud hold the console saw, deleted in the file', () => {
  it('the card still reads held for fraud, and the lead is alerted', async () => {
    const desk = await demoCore(WATCH);
    expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'holds', full: true });
    await desk.signIn('agent');
    expect((await desk.openCard(cardId)).ok).toBe(true);
    expect(
      desk.query(
        "SELECT count(*) AS n FROM audit_log WHERE action = 'lockout.fraud-hold-seen' AND subject_id = ?",
        cardId,
      ),
    ).toEqual([{ n: 1 }]);

    deleteHold(desk.dbPath);

    expect(await desk.core.router.call('w1', 'lockout.status', { cardId })).toMatchObject({
      ok: true,
      value: { allowed: false, lock: { state: 'locked', cause: 'fraud_hold' } },
    });
    const alerts = () =>
      desk.query<{ details: string }>(
        "SELECT details FROM audit_log WHERE action = 'alert.altered-row' AND subject_id = ?",
        cardId,
      );
    expect(alerts().map((row) => JSON.parse(row.details) as unknown)).toEqual([
      expect.objectContaining({ table: 'lockouts' }),
    ]);
    // The watch's full pass finds it too, and does not alert again for the same hold.
    desk.clock.advance(6 * 60_000);
    expect(await desk.core.trailWatch!.look()).toMatchObject({ full: true });
    expect(alerts()).toHaveLength(1);
  });

  it("the trail watch's full pass alerts the lead though nobody opens the card", async () => {
    const desk = await demoCore(WATCH);
    await desk.signIn('agent');
    expect((await desk.openCard(cardId)).ok).toBe(true);
    expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'holds', full: true });
    const before = desk.query("SELECT seq FROM audit_log WHERE action = 'alert.altered-row'");
    expect(before).toEqual([]);

    deleteHold(desk.dbPath);
    desk.clock.advance(6 * 60_000);
    expect(await desk.core.trailWatch!.look()).toMatchObject({ full: true });
    const alerts = desk.query<{ subject_id: string; details: string }>(
      "SELECT subject_id, details FROM audit_log WHERE action = 'alert.altered-row'",
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.subject_id).toBe(cardId);
    expect(JSON.parse(alerts[0]!.details)).toMatchObject({ table: 'lockouts' });
    // Said once: the next full pass does not alert again.
    desk.clock.advance(6 * 60_000);
    await desk.core.trailWatch!.look();
    expect(desk.query("SELECT seq FROM audit_log WHERE action = 'alert.altered-row'")).toHaveLength(
      1,
    );
  });
});
