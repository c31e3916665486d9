/**
 * Shutting an insider out (`desk-admin operator disable`, allowed beside a running server on
 * purpose) signs them out at their next call; what they set going rests on their verification
 * of the caller and their note, so a lead cannot approve their pending request: the decision
 * is refused (`approval.requester-disabled`) and nothing is written. The lead rejects it.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import type { ResetStatus } from '../../../shared/contract/index.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';

const demoCore = useDemoCore();

describe('a disabled agent’s pending request', () => {
  it('is not approved: the decision is refused and nothing written; a rejection ends it', async () => {
    const desk = await demoCore();
    await desk.signIn('agent', 'w1');
    await desk.signIn('lead', 'w2');
    const who = demoScenarioPerson(DEMO_SEED, 'reset-yesterday');
    const cardId = who.cards[0]!.publicId;
    await desk.openCard(cardId, 'w1');
    expect(
      await desk.core.router.call('w1', 'caller.verify', {
        cardId,
        dob: who.dob,
        postcode: who.postcode,
      }),
    ).toMatchObject({ ok: true, value: { status: 'verified' } });
    const asked = await desk.core.router.call('w1', 'lockout.reset', {
      cardId,
      reason: 'cardholder-mistyped-code',
      note: 'Caller verified; asks for a reset.',
    });
    expect(asked.ok).toBe(true);
    const approvalId = (asked as { value: ResetStatus }).value.approval!.approvalId;

    // The insider is shut out: their window is signed out at its next call.
    await desk.admin('operator', 'disable', '--username', 'demo.agent');
    expect(await desk.core.router.call('w1', 'lockout.status', { cardId })).toMatchObject({
      ok: false,
      error: { reason: 'session.signed-out' },
    });

    const before = desk.snapshot();
    const decided = await desk.core.router.call('w2', 'approvals.decide', {
      approvalId,
      decision: 'approve',
      note: 'Second reset looks fine.',
    });
    expect(decided).toMatchObject({
      ok: false,
      error: { code: 'forbidden', reason: 'approval.requester-disabled' },
    });
    expect(desk.snapshot()).toEqual(before);
    expect(desk.query('SELECT count(*) AS n FROM resets')).toEqual([{ n: 0 }]);
    expect(
      await desk.core.router.call('w2', 'approvals.decide', {
        approvalId,
        decision: 'reject',
        note: 'The agent who asked was disabled.',
      }),
    ).toMatchObject({ ok: true, value: { approval: { state: 'rejected' }, reset: null } });
  });
});
