/**
 * A reset queued by an agent who is disabled before it reaches the ACS (the ACS did not answer
 * the agent's own send) is never sent on their word: the outbox relay ends it refused
 * (`lockout.reset-refused`, refusal "requester-disabled"), nothing clears at the ACS, and the
 * lock is free for a fresh decision by someone who may still act. A lead's "send again" ends it
 * the same way.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { DEMO_EPOCH, DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoOperator } from '../../../main/core/demo/demo-operators.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { setAcsByCli, setCardRef, useFakeAcs } from '../acs/acs-fixture.ts';
import { disableByCli } from '../session/operator-rows.ts';

const { fake } = useFakeAcs();
const demoCore = useDemoCore({ cardholders: 12 });
const who = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const cardId = who.cards[0]!.publicId;
const REF = 'ACS-RD-1';
const MINUTE = 60_000;
const epoch = new Date(DEMO_EPOCH).getTime();

async function queuedByAgent(options: { relayResets: boolean }) {
  let now = () => new Date(epoch);
  const acs = await fake({ now: () => now() });
  acs.card(REF, null);
  acs.lock(REF, { since: new Date(epoch - MINUTE), until: null, cause: 'wrong_codes' });
  const desk = await demoCore(options, async ({ dbPath, keyFile }) => {
    await setAcsByCli(dbPath, keyFile, acs.url);
    setCardRef(dbPath, keyFile, cardId, REF);
  });
  now = () => desk.clock.now();
  await desk.signIn('agent');
  expect((await desk.openCard(cardId)).ok).toBe(true);
  await desk.core.router.call('w1', 'caller.verify', {
    cardId,
    dob: who.dob,
    postcode: who.postcode,
  });
  acs.fault({ kind: 'status', status: 503 }, 'apply');
  const first = await desk.core.router.call('w1', 'lockout.reset', {
    cardId,
    reason: 'cardholder-mistyped-code',
    note: 'Verified; code mistyped.',
  });
  expect(first).toMatchObject({ ok: true, value: { reset: { state: 'failed' } } });
  acs.fault(null, 'any');
  // The agent is shut out before the reset goes through.
  await disableByCli(desk.dbPath, desk.keyFile, demoOperator('agent').username);
  return { acs, desk };
}

const withheldEntries = (desk: Awaited<ReturnType<typeof queuedByAgent>>['desk']) =>
  desk.query<{ result: string; details: string }>(
    "SELECT result, details FROM audit_log WHERE action = 'lockout.reset-refused' AND json_extract(details, '$.refusal') = 'requester-disabled'",
  );

describe('a reset queued by an agent disabled since', () => {
  it('the relay does not send it: it ends refused, nothing clears at the ACS', async () => {
    const { acs, desk } = await queuedByAgent({ relayResets: true });
    // The resend is due (a few seconds later); the relay looks every second.
    desk.clock.advance(MINUTE);
    const deadline = Date.now() + 10_000;
    const outbox = () =>
      desk.query<{ state: string; last_error: string | null }>(
        'SELECT state, last_error FROM reset_outbox',
      );
    while (outbox()[0]?.state === 'failed' && Date.now() < deadline) await sleep(100);
    expect(acs.clears()).toEqual({});
    expect(outbox()).toEqual([{ state: 'refused', last_error: 'requester-disabled' }]);
    expect(withheldEntries(desk)).toEqual([
      {
        result: 'refused',
        details: expect.stringContaining('"sent":false') as unknown as string,
      },
    ]);
    // Ended: the relay leaves it, and the lead sees it ended refused, not waiting.
    await sleep(1_500);
    expect(acs.clears()).toEqual({});
    await desk.signIn('lead', 'w2');
    expect((await desk.openCard(cardId, 'w2')).ok).toBe(true);
    expect(await desk.core.router.call('w2', 'lockout.status', { cardId })).toMatchObject({
      ok: true,
      value: { reset: { state: 'refused', lastError: 'requester-disabled' } },
    });
  });

  it('a lead\'s "send again" does not send it either', async () => {
    const { acs, desk } = await queuedByAgent({ relayResets: false });
    await desk.signIn('lead', 'w2');
    expect((await desk.openCard(cardId, 'w2')).ok).toBe(true);
    const retried = await desk.core.router.call('w2', 'lockout.retry', { cardId });
    expect(retried).toMatchObject({ ok: true, value: { reset: { state: 'refused' } } });
    expect(acs.clears()).toEqual({});
    expect(withheldEntries(desk)).toHaveLength(1);
  });
});
