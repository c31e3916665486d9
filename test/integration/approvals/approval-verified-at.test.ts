/**
 * The lead's queue says when the caller was verified as the trail vouches for it (the newest
 * caller.verify success of the request's call, before the request), as sending a reset does:
 * verification_attempts is not sealed, and a row planted there by a writer without the keys
 * shows the lead nothing new.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const MINUTE = 60_000;

describe('the queue’s "verified at"', () => {
  it('a verification row planted in the file does not freshen it', async () => {
    const desk = await demoCore();
    await desk.signIn('agent', 'w1');
    await desk.signIn('lead', 'lead');
    const who = demoScenarioPerson(DEMO_SEED, 'reset-yesterday');
    const cardId = who.cards[0]!.publicId;
    await desk.openCard(cardId);
    const verified = await desk.core.router.call('w1', 'caller.verify', {
      cardId,
      dob: who.dob,
      postcode: who.postcode,
    });
    expect(verified.ok).toBe(true);
    const verifiedAt = desk.clock.now().toISOString();
    desk.clock.advance(4 * MINUTE);
    const asked = await desk.core.router.call('w1', 'lockout.reset', {
      cardId,
      reason: 'cardholder-mistyped-code',
      note: 'Caller verified; asks for a reset.',
    });
    expect(asked).toMatchObject({ ok: true, value: { approval: { state: 'pending' } } });

    const planted = new Date(desk.clock.now().getTime() - MINUTE).toISOString();
    const raw = keylessWriter(desk.dbPath);
    raw
      .prepare(
        `INSERT INTO verification_attempts (call_id, card_id, at, result)
         SELECT call_id, card_id, ?, 'verified' FROM verification_attempts
         WHERE result = 'verified' ORDER BY id DESC LIMIT 1`,
      )
      .run(planted);
    raw.close();
    expect(
      desk.query(
        "SELECT at FROM verification_attempts WHERE result = 'verified' AND at = ?",
        planted,
      ),
    ).toHaveLength(1);

    const listed = await desk.core.router.call('lead', 'approvals.list', {});
    expect(listed).toMatchObject({ ok: true, value: { requests: [{ cardId, verifiedAt }] } });
  });
});
