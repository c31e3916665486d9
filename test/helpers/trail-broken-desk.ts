/**
 * What a console does while the trail is marked broken, as the agent and the lead see it:
 * the agent's session has ended (their next call is refused, and signing in again is refused
 * with `session.trail-broken`), and a lead who opens the card is told that no reset can be
 * made (`trail-broken`), and none is.
 */
import { expect } from 'vitest';
import { demoOperator } from '../../main/core/demo/demo-operators.ts';
import type { useDemoCore } from './demo-core.ts';

type Desk = Awaited<ReturnType<ReturnType<typeof useDemoCore>>>;

export async function expectAgentOutAndResetsRefused(
  desk: Desk,
  cardId: string,
  windows: { agent: string; lead: string } = { agent: 'w1', lead: 'w2' },
): Promise<void> {
  // The mark is read at most once a second of the desk's clock.
  desk.clock.advance(1_000);
  expect(await desk.core.router.call(windows.agent, 'calls.current', {})).toMatchObject({
    ok: false,
    error: { reason: 'session.signed-out' },
  });
  const agent = demoOperator('agent');
  expect(
    await desk.core.router.call(windows.agent, 'session.signIn', {
      username: agent.username,
      password: agent.password,
    }),
  ).toMatchObject({ ok: false, error: { reason: 'session.trail-broken' } });

  await desk.signIn('lead', windows.lead);
  expect((await desk.openCard(cardId, windows.lead)).ok).toBe(true);
  expect(await desk.core.router.call(windows.lead, 'lockout.status', { cardId })).toMatchObject({
    ok: true,
    value: { allowed: false, refusal: 'trail-broken' },
  });
  expect(
    await desk.core.router.call(windows.lead, 'lockout.reset', {
      cardId,
      reason: 'cardholder-mistyped-code',
      note: 'Verified; code mistyped.',
    }),
  ).toMatchObject({ ok: false, error: { reason: 'reset.trail-broken' } });
}
