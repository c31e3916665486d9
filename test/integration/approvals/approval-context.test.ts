/**
 * The lead's queue with what a decision needs: the requesting agent's name, when the caller
 * was verified, the card's reset before this request (when, by whom, how it ended), the
 * router's clock to read how long each has waited, oldest first.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DEMO_EPOCH, DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoOperator } from '../../../main/core/demo/demo-operators.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import type { ChannelOutput } from '../../../shared/contract/index.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { endOpenCall } from '../../helpers/end-open-call.ts';
import { sealWrites } from '../../helpers/sealed-writer.ts';

const demoCore = useDemoCore();
const MINUTE = 60_000;

describe('the approval queue’s context', () => {
  it('names the agent, the verification, the earlier reset and the wait; oldest first', async () => {
    const desk = await demoCore();
    await desk.signIn('agent', 'w1');
    await desk.signIn('lead', 'lead');
    const ask = async (scenario: 'reset-yesterday' | 'recent-mobile-change') => {
      const who = demoScenarioPerson(DEMO_SEED, scenario);
      const cardId = who.cards[0]!.publicId;
      await endOpenCall((channel, input) => desk.core.router.call('w1', channel, input));
      await desk.openCard(cardId);
      const verified = await desk.core.router.call('w1', 'caller.verify', {
        cardId,
        dob: who.dob,
        postcode: who.postcode,
      });
      expect(verified.ok).toBe(true);
      const verifiedAt = desk.clock.now().toISOString();
      desk.clock.advance(MINUTE);
      const asked = await desk.core.router.call('w1', 'lockout.reset', {
        cardId,
        reason: 'cardholder-mistyped-code',
        note: 'Caller verified; asks for a reset.',
      });
      expect(asked).toMatchObject({ ok: true, value: { approval: { state: 'pending' } } });
      return { cardId, verifiedAt, requestedAt: desk.clock.now().toISOString() };
    };
    const first = await ask('reset-yesterday');
    desk.clock.advance(3 * MINUTE);
    const second = await ask('recent-mobile-change');
    desk.clock.advance(5 * MINUTE);

    const listed = await desk.core.router.call('lead', 'approvals.list', {});
    if (!listed.ok) throw new Error(listed.error.reason);
    const { requests, now } = listed.value as ChannelOutput<'approvals.list'>;
    expect(now).toBe(desk.clock.now().toISOString());
    expect(requests.map((r) => r.cardId)).toEqual([first.cardId, second.cardId]);
    const agent = demoOperator('agent');
    expect(requests[0]).toMatchObject({
      requestedByName: agent.displayName,
      approval: {
        requestedBy: agent.username,
        requestedAt: first.requestedAt,
        escalation: ['second-reset'],
      },
      verifiedAt: first.verifiedAt,
      // The demo's earlier reset was cleared at the ACS itself, not from a console.
      earlierReset: { by: null, byName: null },
    });
    // …23 hours before the demo's "now".
    expect(Date.parse(DEMO_EPOCH) - Date.parse(requests[0]!.earlierReset!.at)).toBe(
      23 * 60 * MINUTE,
    );
    expect(requests[1]).toMatchObject({
      approval: { escalation: ['recent-contact-change'], requestedAt: second.requestedAt },
      verifiedAt: second.verifiedAt,
      earlierReset: null,
    });
    // Waited: 9 and 5 minutes on the router's clock.
    expect((Date.parse(now) - Date.parse(requests[0]!.approval.requestedAt)) / MINUTE).toBe(9);
  });

  it('names who reset the card from a console before', async () => {
    const desk = await demoCore();
    await desk.signIn('agent', 'w1');
    await desk.signIn('lead', 'lead');
    const who = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
    const cardId = who.cards[0]!.publicId;
    const resetNow = async () => {
      await desk.openCard(cardId);
      await desk.core.router.call('w1', 'caller.verify', {
        cardId,
        dob: who.dob,
        postcode: who.postcode,
      });
      return desk.core.router.call('w1', 'lockout.reset', {
        cardId,
        reason: 'cardholder-mistyped-code',
        note: 'Caller verified; mistyped the code.',
      });
    };
    expect(await resetNow()).toMatchObject({ ok: true, value: { reset: { state: 'applied' } } });
    const resetAt = desk.clock.now().toISOString();
    // Locked again ten minutes later (three wrong codes at the ACS): the second reset needs a lead.
    desk.clock.advance(10 * MINUTE);
    const db = new Database(desk.dbPath);
    sealWrites(db, desk.dbPath);
    db.prepare(
      `INSERT INTO lockouts (card_id, cause, since, until)
       SELECT id, 'wrong_codes', ?, ? FROM cards WHERE public_id = ?`,
    ).run(
      new Date(desk.clock.now().getTime() - MINUTE).toISOString(),
      new Date(desk.clock.now().getTime() + 30 * MINUTE).toISOString(),
      cardId,
    );
    db.close();
    expect(await resetNow()).toMatchObject({
      ok: true,
      value: { approval: { state: 'pending', escalation: ['second-reset'] } },
    });
    const listed = await desk.core.router.call('lead', 'approvals.list', {});
    expect(listed).toMatchObject({
      ok: true,
      value: {
        requests: [
          {
            cardId,
            earlierReset: {
              at: resetAt,
              by: 'demo.agent',
              byName: demoOperator('agent').displayName,
            },
          },
        ],
      },
    });
  });
});
