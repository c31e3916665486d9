/**
 * A request's card, read-only, from the lead's queue (approvals.card): the approval is the
 * origin the router checks (pending, its card shown to this session by the queue); the lead
 * reads the live lock, the masked contacts and the history without a call, so verification,
 * reset and wrap-up stay out of reach; each opening is one audited read. An agent cannot use
 * an approval id as an origin, and an id the queue did not show is refused with a typed error
 * and writes nothing.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import type { ChannelOutput } from '../../../shared/contract/index.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';

const demoCore = useDemoCore();

type Desk = Awaited<ReturnType<typeof demoCore>>;

/** The agent (w1) asks for a second reset within a day: a request waits for a lead. */
async function requestWaiting(desk: Desk) {
  const who = demoScenarioPerson(DEMO_SEED, 'reset-yesterday');
  const cardId = who.cards[0]!.publicId;
  await desk.openCard(cardId);
  await desk.core.router.call('w1', 'caller.verify', {
    cardId,
    dob: who.dob,
    postcode: who.postcode,
  });
  const asked = await desk.core.router.call('w1', 'lockout.reset', {
    cardId,
    reason: 'cardholder-mistyped-code',
    note: 'Caller verified; asks for a reset.',
  });
  if (!asked.ok) throw new Error(asked.error.reason);
  const { approval } = asked.value as ChannelOutput<'lockout.reset'>;
  if (!approval) throw new Error('no approval');
  return { who, cardId, approvalId: approval.approvalId };
}

const readOnlyReads = (desk: Desk) =>
  desk.query<{ username: string; subject_id: string; details: string }>(
    "SELECT username, subject_id, details FROM audit_log WHERE action = 'card.read-only'",
  );

describe('a request’s card, read-only from the queue', () => {
  it('a lead opens it from a pending request the queue showed: lock, contacts, history; one read each', async () => {
    const desk = await demoCore();
    await desk.signIn('agent', 'w1');
    await desk.signIn('lead', 'lead');
    const { who, cardId, approvalId } = await requestWaiting(desk);
    await desk.core.router.call('lead', 'approvals.list', {});
    const calls = desk.query<{ n: number }>('SELECT count(*) AS n FROM calls')[0]!.n;

    const opened = await desk.core.router.call('lead', 'approvals.card', { approvalId });
    if (!opened.ok) throw new Error(opened.error.reason);
    const card = opened.value as ChannelOutput<'approvals.card'>;
    expect(card).toMatchObject({
      approvalId,
      cardId,
      name: who.name,
      lock: { state: 'locked' },
      fraudHold: false,
    });
    expect(card.history.length).toBeGreaterThan(0);
    expect(card.resets.length).toBeGreaterThan(0);
    // Masked, like everywhere: never the clear mobile or email.
    const json = JSON.stringify(card);
    for (const clear of [who.mobile!, who.email!, who.dob, who.postcode, who.cards[0]!.pan]) {
      expect(json).not.toContain(clear);
    }
    expect(card.contacts.map((c) => c.registered?.masked)).toEqual([
      expect.stringContaining('•'),
      expect.stringContaining('•'),
    ]);

    await desk.core.router.call('lead', 'approvals.card', { approvalId });
    const reads = readOnlyReads(desk);
    expect(reads).toHaveLength(2);
    expect(reads[0]).toMatchObject({ username: 'demo.lead', subject_id: cardId });
    expect(JSON.parse(reads[0]!.details)).toEqual({ approvalId, attempts: card.history.length });

    // No call was opened, so nothing a call allows follows from it: read-only by the router.
    expect(desk.query<{ n: number }>('SELECT count(*) AS n FROM calls')[0]!.n).toBe(calls);
    expect(await desk.core.router.call('lead', 'calls.current', {})).toEqual({
      ok: true,
      value: { call: null },
    });
    for (const [channel, input] of [
      ['caller.verify', { cardId, dob: who.dob, postcode: who.postcode }],
      ['lockout.reset', { cardId, reason: 'other', note: 'Reset from the queue.' }],
      ['calls.wrapUp', { cardId, outcome: 'other', note: 'Done.' }],
    ] as const) {
      const refused = await desk.core.router.call('lead', channel, input);
      expect(refused.ok, channel).toBe(false);
    }
  });

  it('an agent cannot use an approval id as the origin of a card', async () => {
    const desk = await demoCore();
    await desk.signIn('agent', 'w1');
    await desk.signIn('agent', 'w2');
    const { approvalId } = await requestWaiting(desk);
    const before = desk.snapshot();
    for (const callerId of ['w1', 'w2']) {
      expect(await desk.core.router.call(callerId, 'approvals.card', { approvalId })).toMatchObject(
        { ok: false, error: { code: 'forbidden', reason: 'access.role' } },
      );
    }
    expect(desk.snapshot()).toBe(before);
  });

  it('an id the queue did not show this session is refused with a typed error; nothing changes', async () => {
    const desk = await demoCore();
    await desk.signIn('agent', 'w1');
    await desk.signIn('lead', 'lead');
    await desk.signIn('lead', 'lead2');
    const { approvalId } = await requestWaiting(desk);
    await desk.core.router.call('lead', 'approvals.list', {});
    const before = desk.snapshot();
    const refusals = [
      // Made up, or of the right shape but no request's…
      await desk.core.router.call('lead', 'approvals.card', { approvalId: 'apr_bogus' }),
      // …a real request, but this session's queue never showed it…
      await desk.core.router.call('lead2', 'approvals.card', { approvalId }),
    ];
    // …or a card id where an approval id belongs.
    const cardId = demoScenarioPerson(DEMO_SEED, 'reset-yesterday').cards[0]!.publicId;
    refusals.push(await desk.core.router.call('lead', 'approvals.card', { approvalId: cardId }));
    for (const refused of refusals) {
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'not_found', reason: 'approval.not-found' },
      });
    }
    expect(
      await desk.core.router.call('lead', 'approvals.card', { approvalId: '../../etc' }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input', reason: 'input.invalid' } });
    expect(desk.snapshot()).toBe(before);

    // Once decided, the request is no longer an origin either.
    await desk.core.router.call('lead', 'approvals.decide', {
      approvalId,
      decision: 'reject',
      note: 'Not this time.',
    });
    expect(await desk.core.router.call('lead', 'approvals.card', { approvalId })).toMatchObject({
      ok: false,
      error: { reason: 'approval.not-found' },
    });
    expect(readOnlyReads(desk)).toHaveLength(0);
  }, 60_000); // three sign-ins and a request: slow on a busy 2-core machine
});
