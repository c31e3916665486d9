/**
 * The second-reset rule against an ACS whose clock runs ahead of the console's: the ACS stamps
 * its clear minutes "in the future", and that clear is still the most recent there is — the
 * next reset of the card within the escalation window goes to a team lead.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_EPOCH, DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { setAcsByCli, setCardRef, useFakeAcs } from './acs-fixture.ts';

const { fake } = useFakeAcs();
const demoCore = useDemoCore({ cardholders: 12 });
const who = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const cardId = who.cards[0]!.publicId;
const REF = 'ACS-CA6-1';
const MINUTE = 60_000;
const epoch = new Date(DEMO_EPOCH).getTime();

describe('an ACS clock ahead of the console', () => {
  it('does not hide a reset two minutes ago from the second-reset rule (ACS 5 min ahead)', async () => {
    const SKEW = 5 * MINUTE;
    let now = () => new Date(epoch + SKEW);
    const acs = await fake({ now: () => now() });
    acs.card(REF, null);
    acs.lock(REF, { since: new Date(epoch - 10 * MINUTE), until: null, cause: 'wrong_codes' });
    const desk = await demoCore({}, async ({ dbPath, keyFile }) => {
      await setAcsByCli(dbPath, keyFile, acs.url);
      setCardRef(dbPath, keyFile, cardId, REF);
    });
    now = () => new Date(desk.clock.now().getTime() + SKEW);
    await desk.signIn('agent');
    expect((await desk.openCard(cardId)).ok).toBe(true);
    await desk.core.router.call('w1', 'caller.verify', {
      cardId,
      dob: who.dob,
      postcode: who.postcode,
    });
    const reset = () =>
      desk.core.router.call('w1', 'lockout.reset', {
        cardId,
        reason: 'cardholder-mistyped-code',
        note: 'Verified; code mistyped.',
      });
    expect(await reset()).toMatchObject({ ok: true, value: { reset: { state: 'applied' } } });
    // The card locks again a minute later (more wrong codes); the agent resets again.
    desk.clock.advance(MINUTE);
    acs.lock(REF, { since: desk.clock.now(), until: null, cause: 'wrong_codes' });
    desk.clock.advance(MINUTE);
    expect(await reset()).toMatchObject({
      ok: true,
      value: { approval: { state: 'pending' } },
    });
    expect(Object.keys(acs.clears())).toHaveLength(1);
  });
});
