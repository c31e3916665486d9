/**
 * Cancelling a request that waits for a lead (approvals.cancel): only the agent who asked, or
 * a lead, only while it is pending; the note goes through the free-text guard; every attempt
 * is audited; the request leaves every lead's queue at once (approvals.changed) and the
 * agent's reset panel offers the reset again. A cancelled row is sealed like any other:
 * who cancelled it and when are under its MAC.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import type { ResetStatus } from '../../../shared/contract/index.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { endOpenCall } from '../../helpers/end-open-call.ts';

const demoCore = useDemoCore();
const MINUTE = 60_000;

type Desk = Awaited<ReturnType<typeof demoCore>>;

/** The window opens the card, verifies the caller and asks for a reset (escalated by policy). */
async function askLead(desk: Desk, callerId: string) {
  const who = demoScenarioPerson(DEMO_SEED, 'reset-yesterday');
  const cardId = who.cards[0]!.publicId;
  await endOpenCall((channel, input) => desk.core.router.call(callerId, channel, input));
  await desk.openCard(cardId, callerId);
  const verified = await desk.core.router.call(callerId, 'caller.verify', {
    cardId,
    dob: who.dob,
    postcode: who.postcode,
  });
  expect(verified.ok).toBe(true);
  const asked = await desk.core.router.call(callerId, 'lockout.reset', {
    cardId,
    reason: 'cardholder-mistyped-code',
    note: 'Caller verified; asks for a reset.',
  });
  if (!asked.ok) throw new Error(asked.error.reason);
  const approval = (asked.value as ResetStatus).approval!;
  expect(approval.state).toBe('pending');
  return { cardId, approvalId: approval.approvalId };
}

const cancelAs = (desk: Desk, callerId: string, approvalId: string, note: string) =>
  desk.core.router.call(callerId, 'approvals.cancel', { approvalId, note });

describe('cancelling a request that waits for a lead', () => {
  it('the agent who asked cancels it with a reason; it leaves the queue and the reset is offered again', async () => {
    const desk = await demoCore();
    await desk.signIn('agent', 'w1');
    await desk.signIn('lead', 'w2');
    const { cardId, approvalId } = await askLead(desk, 'w1');
    desk.clock.advance(2 * MINUTE);
    const snapshot = desk.snapshot();

    // A note that carries a card number, or none at all, changes nothing.
    expect(await cancelAs(desk, 'w1', approvalId, 'card 4111 1111 1111 1111')).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', reason: 'note.card-number' },
    });
    expect(await cancelAs(desk, 'w1', approvalId, '  ')).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', reason: 'note.required' },
    });
    expect(desk.snapshot()).toBe(snapshot);

    const seen = desk.emitted.length;
    const cancelled = await cancelAs(desk, 'w1', approvalId, 'The caller will try tomorrow.');
    expect(cancelled).toEqual({
      ok: true,
      value: {
        approval: expect.objectContaining({
          approvalId,
          state: 'cancelled',
          decidedBy: 'demo.agent',
          decisionNote: 'The caller will try tomorrow.',
        }),
      },
    });
    // The window that asked and every lead hear at once.
    expect(
      desk.emitted
        .slice(seen)
        .filter((e) => e.event === 'approvals.changed')
        .map((e) => [e.callerId, e.payload]),
    ).toEqual([
      ['w1', { approvalId, cardId, state: 'cancelled' }],
      ['w2', { approvalId, cardId, state: 'cancelled' }],
    ]);
    const queue = await desk.core.router.call('w2', 'approvals.list', {});
    expect(queue).toMatchObject({ ok: true, value: { requests: [] } });

    // The panel offers the reset again (still a request for a lead), not a fraud hold:
    // the cancelled row holds its seal.
    const status = await desk.core.router.call('w1', 'lockout.status', { cardId });
    expect(status).toMatchObject({
      ok: true,
      value: {
        allowed: true,
        refusal: null,
        escalation: ['second-reset'],
        approval: { approvalId, state: 'cancelled' },
      },
    });

    expect(
      desk.query<{ state: string; decided_by: string; decided_at: string; note: string }>(
        `SELECT a.state, o.username AS decided_by, a.decided_at, a.decision_note AS note
         FROM approval_requests a JOIN operators o ON o.id = a.decided_by`,
      ),
    ).toEqual([
      {
        state: 'cancelled',
        decided_by: 'demo.agent',
        decided_at: desk.clock.now().toISOString(),
        note: 'The caller will try tomorrow.',
      },
    ]);
    expect(
      desk.query<{ result: string; details: string }>(
        "SELECT result, details FROM audit_log WHERE action = 'approval.cancel' ORDER BY seq",
      ),
    ).toEqual([
      {
        result: 'success',
        details: expect.stringContaining(`"cardId":"${cardId}"`),
      },
    ]);

    // Cancelled is final: not cancelled twice, never decided afterwards (each refusal audited).
    expect(await cancelAs(desk, 'w1', approvalId, 'Again.')).toMatchObject({
      ok: false,
      error: { code: 'conflict', reason: 'approval.cancelled' },
    });
    expect(
      await desk.core.router.call('w2', 'approvals.decide', {
        approvalId,
        decision: 'approve',
        note: 'Looks fine.',
      }),
    ).toMatchObject({ ok: false, error: { code: 'conflict', reason: 'approval.cancelled' } });
    expect(desk.query('SELECT * FROM resets')).toEqual([]);
    expect(
      desk.query<{ result: string }>(
        "SELECT result FROM audit_log WHERE action IN ('approval.cancel', 'approval.decide') ORDER BY seq",
      ),
    ).toEqual([{ result: 'success' }, { result: 'refused' }, { result: 'refused' }]);

    // The agent may ask again for the same lock.
    const again = await desk.core.router.call('w1', 'lockout.reset', {
      cardId,
      reason: 'cardholder-mistyped-code',
      note: 'The caller is back on the line.',
    });
    expect(again).toMatchObject({ ok: true, value: { approval: { state: 'pending' } } });
  });

  it('another operator’s request cannot be cancelled by an agent; a lead may cancel it', async () => {
    const desk = await demoCore();
    await desk.signIn('agent', 'w1');
    await desk.signIn('lead', 'w2');
    // The lead asked (a lead takes calls too); the agent does not see it as theirs.
    const { approvalId } = await askLead(desk, 'w2');
    expect(await cancelAs(desk, 'w1', approvalId, 'Not mine.')).toMatchObject({
      ok: false,
      error: { code: 'not_found', reason: 'approval.not-own-request' },
    });
    expect(await cancelAs(desk, 'w1', 'apr_unknown', 'No such.')).toMatchObject({
      ok: false,
      error: { code: 'not_found', reason: 'approval.not-found' },
    });
    expect(desk.query('SELECT state FROM approval_requests')).toEqual([{ state: 'pending' }]);
    expect(
      desk.query<{ result: string }>(
        "SELECT result FROM audit_log WHERE action = 'approval.cancel' ORDER BY seq",
      ),
    ).toEqual([{ result: 'refused' }, { result: 'refused' }]);

    // An agent's request, and a lead who cancels it.
    await endOpenCall((channel, input) => desk.core.router.call('w2', channel, input));
    await desk.signIn('agent', 'w3');
    const other = demoScenarioPerson(DEMO_SEED, 'recent-mobile-change');
    const otherCard = other.cards[0]!.publicId;
    await desk.openCard(otherCard, 'w3');
    await desk.core.router.call('w3', 'caller.verify', {
      cardId: otherCard,
      dob: other.dob,
      postcode: other.postcode,
    });
    const asked = await desk.core.router.call('w3', 'lockout.reset', {
      cardId: otherCard,
      reason: 'cardholder-mistyped-code',
      note: 'Caller verified.',
    });
    const agentRequest = (asked as { value: ResetStatus }).value.approval!.approvalId;
    expect(
      await cancelAs(desk, 'w2', agentRequest, 'Duplicate of a request by phone.'),
    ).toMatchObject({
      ok: true,
      value: { approval: { state: 'cancelled', decidedBy: 'demo.lead' } },
    });
  });

  it('an expired request cannot be cancelled; a forged cancellation does not verify', async () => {
    const desk = await demoCore();
    await desk.signIn('agent', 'w1');
    const { cardId, approvalId } = await askLead(desk, 'w1');
    // Past its time (the verification it rests on: 30 minutes), with the agent at the keyboard.
    for (let i = 0; i < 4; i += 1) {
      desk.clock.advance(10 * MINUTE);
      await desk.core.router.call('w1', 'session.activity', {});
    }
    expect(await cancelAs(desk, 'w1', approvalId, 'Too late.')).toMatchObject({
      ok: false,
      error: { code: 'conflict', reason: 'approval.expired' },
    });
    expect(desk.query('SELECT state FROM approval_requests')).toEqual([{ state: 'expired' }]);

    // Someone without the keys marks it cancelled by the lead (a made-up MAC): the row does
    // not verify, so the card is held as an altered reset row would hold it.
    const db = new Database(desk.dbPath);
    db.function('desk_row_key_id', () => 'audit-000000000000');
    db.function('desk_row_mac', { varargs: true }, () => Buffer.alloc(32));
    db.function('desk_row_holds', { varargs: true }, () => 1);
    db.prepare(
      `UPDATE approval_requests SET state = 'cancelled', decided_at = 'x', decision_note = 'n',
       decided_by = (SELECT id FROM operators WHERE username = 'demo.lead')`,
    ).run();
    db.close();
    const status = await desk.core.router.call('w1', 'lockout.status', { cardId });
    expect(status).toMatchObject({ ok: true, value: { allowed: false, refusal: 'fraud' } });
  });
});
