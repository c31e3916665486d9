/**
 * approval_requests is sealed, but its MAC leaves out what the lead decides by: `escalation`
 * (why policy sent the reset to a lead), `note`, `reason` and `requested_at`. The
 * approval.request entry written with the row holds them (the note by its length) under its
 * chain MAC: a row that no longer says what its entry says is an altered row — not queued,
 * never approved, and the lead alerted.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import type { ChannelOutput } from '../../../shared/contract/index.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const who = demoScenarioPerson(DEMO_SEED, 'recent-mobile-change');
const cardId = who.cards[0]!.publicId;

async function escalated() {
  const desk = await demoCore();
  await desk.signIn('agent', 'w1');
  await desk.signIn('lead', 'lead');
  expect((await desk.openCard(cardId)).ok).toBe(true);
  expect(
    await desk.core.router.call('w1', 'caller.verify', {
      cardId,
      dob: who.dob,
      postcode: who.postcode,
    }),
  ).toMatchObject({ ok: true });
  const requested = await desk.core.router.call('w1', 'lockout.reset', {
    cardId,
    reason: 'cardholder-mistyped-code',
    note: 'Caller asks for a reset.',
  });
  expect(requested).toMatchObject({
    ok: true,
    value: { approval: { state: 'pending', escalation: ['recent-contact-change'] } },
  });
  const approvalId = (requested as { value: { approval: { approvalId: string } } }).value.approval
    .approvalId;
  return { desk, approvalId };
}

const queue = async (desk: Awaited<ReturnType<typeof demoCore>>) => {
  const listed = await desk.core.router.call('lead', 'approvals.list', {});
  if (!listed.ok) throw new Error(listed.error.reason);
  return (listed.value as ChannelOutput<'approvals.list'>).requests;
};

const alteredAlerts = (desk: Awaited<ReturnType<typeof demoCore>>) =>
  desk
    .query<{ details: string }>("SELECT details FROM audit_log WHERE action = 'alert.altered-row'")
    .map((row) => JSON.parse(row.details) as { table?: string });

describe("an escalated request's unsealed columns changed in the file", () => {
  it('the request is shown as its entry says while they agree', async () => {
    const { desk } = await escalated();
    expect(await queue(desk)).toMatchObject([
      {
        cardId,
        approval: { escalation: ['recent-contact-change'] },
        note: 'Caller asks for a reset.',
      },
    ]);
    expect(alteredAlerts(desk)).toEqual([]);
  });

  it('escalation and note planted: not queued, not approved, and the lead alerted', async () => {
    const { desk, approvalId } = await escalated();
    const raw = keylessWriter(desk.dbPath);
    raw
      .prepare(
        `UPDATE approval_requests SET escalation = '[]',
           note = 'Mobile change confirmed by the branch in person; fraud team agrees.'`,
      )
      .run();
    raw.close();

    expect(await queue(desk)).toEqual([]);
    expect(alteredAlerts(desk)).toContainEqual(
      expect.objectContaining({ table: 'approval_requests' }),
    );
    expect(
      await desk.core.router.call('lead', 'approvals.decide', {
        approvalId,
        decision: 'approve',
        note: 'Approved after review.',
      }),
    ).toMatchObject({ ok: false });
    expect(desk.query('SELECT state FROM approval_requests')).toEqual([{ state: 'pending' }]);
    // The agent keeps working.
    expect(await desk.core.router.call('w1', 'lockout.status', { cardId })).toMatchObject({
      ok: true,
    });
  });

  it('the request time moved: not queued, and the lead alerted', async () => {
    const { desk } = await escalated();
    const raw = keylessWriter(desk.dbPath);
    raw
      .prepare(
        "UPDATE approval_requests SET requested_at = strftime('%Y-%m-%dT%H:%M:%fZ', requested_at, '-1 hour')",
      )
      .run();
    raw.close();

    expect(await queue(desk)).toEqual([]);
    expect(alteredAlerts(desk)).toContainEqual(
      expect.objectContaining({ table: 'approval_requests' }),
    );
  });
});
