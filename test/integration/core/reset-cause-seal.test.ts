/**
 * A reset names the lock it was decided on by its start and its cause: the cause is kept in the
 * reset's sealed row and in its idempotency key, so a row whose cause was changed in the file
 * (a reset decided on a wrong-code lock passed off as one for another lock) fails its seal —
 * the card is held as for fraud and the lead alerted — and two locks with one start but
 * different causes never share a key.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const who = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const cardId = who.cards[0]!.publicId;

describe('the cause of the lock a reset names', () => {
  it('is in the key and the sealed row: a cause changed in the file fails the seal', async () => {
    const desk = await demoCore();
    await desk.signIn('agent');
    expect((await desk.openCard(cardId)).ok).toBe(true);
    await desk.core.router.call('w1', 'caller.verify', {
      cardId,
      dob: who.dob,
      postcode: who.postcode,
    });
    const reset = await desk.core.router.call('w1', 'lockout.reset', {
      cardId,
      reason: 'cardholder-mistyped-code',
      note: 'Verified; code mistyped.',
    });
    expect(reset).toMatchObject({ ok: true, value: { reset: { state: 'applied' } } });
    const [row] = desk.query<{ lock_cause: string; lock_since: string; key: string }>(
      `SELECT r.lock_cause, r.lock_since, x.idempotency_key AS key
       FROM resets r JOIN reset_outbox x ON x.reset_id = r.id`,
    );
    expect(row).toMatchObject({ lock_cause: 'wrong_codes' });
    expect(row!.key).toBe(`reset:${cardId}:${row!.lock_since}:wrong_codes`);
    expect(await desk.core.router.call('w1', 'lockout.status', { cardId })).toMatchObject({
      ok: true,
      value: { refusal: 'not-locked' },
    });

    const raw = keylessWriter(desk.dbPath);
    raw.prepare("UPDATE resets SET lock_cause = 'resend_limit'").run();
    raw.close();
    // The row no longer holds: the card is held as for fraud, and the lead alerted.
    expect(await desk.core.router.call('w1', 'lockout.status', { cardId })).toMatchObject({
      ok: true,
      value: { refusal: 'fraud' },
    });
    expect(desk.query('SELECT kind, scope FROM alerts')).toEqual([
      { kind: 'altered-row', scope: 'resets' },
    ]);
  });
});
