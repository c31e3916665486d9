/**
 * "A second reset within 24 hours goes to a team lead" holds while the ACS does not answer:
 * the last known resets include the ones this desk sent through the network ACS (and the
 * ACS's last list), not only the local record — which a network ACS never changes.
 */
import { describe, expect, it } from 'vitest';
import type { ResetStatus } from '../../../shared/contract/index.ts';
import { DEMO_EPOCH, DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { appliedResetAtFakeAcs, useFakeAcs } from './acs-fixture.ts';

const { fake } = useFakeAcs();
const demoCore = useDemoCore({ cardholders: 12 });
const who = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const cardId = who.cards[0]!.publicId;
const REF = 'ACS-FALLBACK-1';
const MINUTE = 60_000;
const epoch = new Date(DEMO_EPOCH).getTime();

describe('the second-reset rule with the ACS not answering', () => {
  it('a reset applied through the network ACS counts toward the rule in fallback', async () => {
    // The fake ACS keeps the desk's (manual) time.
    const { acs, desk } = await appliedResetAtFakeAcs(fake, demoCore, who, REF);

    // A new lock at the ACS, seen live once; then the ACS stops answering reads.
    acs.lock(REF, { since: new Date(epoch + MINUTE), until: null, cause: 'wrong_codes' });
    desk.clock.advance(2 * MINUTE);
    const live = (await desk.core.router.call('w1', 'lockout.status', { cardId })) as {
      ok: true;
      value: ResetStatus;
    };
    expect(live.value, JSON.stringify(live.value)).toMatchObject({
      lockSource: 'live',
      escalation: ['second-reset'],
    });
    acs.fault({ kind: 'status', status: 503 }, 'read');

    const fallback = await desk.core.router.call('w1', 'lockout.status', { cardId });
    expect(fallback).toMatchObject({
      ok: true,
      value: { lockSource: 'last-known', allowed: true, escalation: ['second-reset'] },
    });
    // And the reset itself becomes a request for a team lead, not a second clear.
    const second = await desk.core.router.call('w1', 'lockout.reset', {
      cardId,
      reason: 'cardholder-mistyped-code',
      note: 'Verified again; mistyped again.',
    });
    expect(second).toMatchObject({ ok: true, value: { approval: { state: 'pending' } } });
    expect(Object.values(acs.clears())).toEqual([1]);
  });
});
