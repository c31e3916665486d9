/**
 * A card whose ACS card reference fails its seal is held, not judged on the local record: a
 * reference's MAC spoiled for a moment (no trigger fires: the reference itself is unchanged)
 * would otherwise make the card's lock "ACS not answering", decided without the ACS's list of
 * resets — a second reset within 24 hours recorded with no lead's approval, and sent once the
 * MAC is put back. The reset is refused for fraud; nothing is recorded or cleared.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { DEMO_EPOCH, DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { setAcsByCli, setCardRef, useFakeAcs } from './acs-fixture.ts';

const { fake, gateway } = useFakeAcs();
const demoCore = useDemoCore({ cardholders: 12 });
const who = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const cardId = who.cards[0]!.publicId;
const REF = 'ACS-BR-1';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const epoch = new Date(DEMO_EPOCH).getTime();

describe('a card whose ACS reference fails its seal', () => {
  it('is held: no reset recorded, none sent once the seal is put back', async () => {
    let now = () => new Date(epoch - 23 * HOUR);
    const acs = await fake({ now: () => now() });
    acs.card(REF, null);
    // Yesterday: another console reset a lock on this card at the ACS.
    const yesterday = new Date(epoch - 24 * HOUR);
    acs.lock(REF, { since: yesterday, until: null, cause: 'wrong_codes' });
    const other = await gateway(acs.url, { 1: REF });
    expect(
      await other.applyReset({
        idempotencyKey: 'reset:other-console:yesterday',
        cardId: 1,
        lockSince: yesterday,
        lockCause: 'wrong_codes',
        at: new Date(epoch - 23 * HOUR),
      }),
    ).toBe('applied');

    const desk = await demoCore({ relayResets: true }, async ({ dbPath, keyFile }) => {
      await setAcsByCli(dbPath, keyFile, acs.url);
      setCardRef(dbPath, keyFile, cardId, REF);
    });
    now = () => desk.clock.now();
    const [local] = desk.query<{ since: string; cause: string; until: string | null }>(
      `SELECT l.since, l.cause, l.until FROM lockouts l JOIN cards c ON c.id = l.card_id
       WHERE c.public_id = ? AND l.cleared_at IS NULL ORDER BY l.since DESC`,
      cardId,
    );
    acs.lock(REF, {
      since: new Date(local!.since),
      until: local!.until ? new Date(local!.until) : null,
      cause: local!.cause,
    });

    await desk.signIn('agent');
    const raw = keylessWriter(desk.dbPath);
    const saved = raw
      .prepare<[string], { acs_ref_mac: Buffer }>(
        'SELECT acs_ref_mac FROM cards WHERE public_id = ?',
      )
      .get(cardId)!;
    raw.prepare('UPDATE cards SET acs_ref_mac = zeroblob(32) WHERE public_id = ?').run(cardId);

    expect((await desk.openCard(cardId)).ok).toBe(true);
    await desk.core.router.call('w1', 'caller.verify', {
      cardId,
      dob: who.dob,
      postcode: who.postcode,
    });
    expect(await desk.core.router.call('w1', 'lockout.status', { cardId })).toMatchObject({
      ok: true,
      value: { allowed: false, refusal: 'fraud' },
    });
    const reset = await desk.core.router.call('w1', 'lockout.reset', {
      cardId,
      reason: 'cardholder-mistyped-code',
      note: 'Verified; code mistyped.',
    });
    expect(reset).toMatchObject({ ok: false, error: { reason: 'reset.fraud' } });

    raw
      .prepare('UPDATE cards SET acs_ref_mac = ? WHERE public_id = ?')
      .run(saved.acs_ref_mac, cardId);
    raw.close();
    desk.clock.advance(MINUTE);
    await sleep(300);
    expect(desk.query('SELECT count(*) AS n FROM resets')).toEqual([{ n: 0 }]);
    expect(Object.keys(acs.clears())).toHaveLength(1);
  });
});
