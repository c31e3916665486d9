/**
 * The approval-waiting alert asks the trail whether a request was already alerted on, not the
 * alerts table (not sealed): a row planted there by a writer without the keys, naming the
 * request, does not stop the alert. It is still raised once.
 */
import { describe, expect, it, vi } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { defaultPolicy } from '../../../main/core/policy/policy.ts';
import type { ChannelOutput } from '../../../shared/contract/index.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const MINUTE = 60_000;

describe('the approval-waiting alert and the alerts table', () => {
  it('a planted approval-waiting row for the request does not stop the alert; it is raised once', async () => {
    const desk = await demoCore({ alertTimerMs: 20 });
    await desk.signIn('agent', 'w1');
    await desk.signIn('lead', 'lead');
    const who = demoScenarioPerson(DEMO_SEED, 'reset-yesterday');
    const cardId = who.cards[0]!.publicId;
    await desk.openCard(cardId);
    const verified = await desk.core.router.call('w1', 'caller.verify', {
      cardId,
      dob: who.dob,
      postcode: who.postcode,
    });
    expect(verified.ok).toBe(true);
    const asked = await desk.core.router.call('w1', 'lockout.reset', {
      cardId,
      reason: 'cardholder-mistyped-code',
      note: 'Caller verified; asks for a reset.',
    });
    expect(asked).toMatchObject({ ok: true, value: { approval: { state: 'pending' } } });
    const requestId = (asked as { value: { approval: { approvalId: string } } }).value.approval
      .approvalId;

    const raw = keylessWriter(desk.dbPath);
    raw
      .prepare(
        `INSERT INTO alerts (public_id, kind, raised_at, last_at, audit_seq, subject_type,
                             subject_id, state, acknowledged_by, acknowledged_at, note)
         VALUES ('alr_planted', 'approval-waiting', ?, ?, 1, 'approval', ?, 'acknowledged',
                 (SELECT id FROM operators WHERE role = 'lead' LIMIT 1), ?, 'Seen.')`,
      )
      .run(
        ...Array(2).fill(desk.clock.now().toISOString()),
        requestId,
        desk.clock.now().toISOString(),
      );
    raw.close();

    desk.clock.advance((defaultPolicy.approvalWaitAlertMinutes + 1) * MINUTE);
    const raised = () =>
      desk.query<{ subject_id: string }>(
        "SELECT subject_id FROM audit_log WHERE action = 'alert.approval-waiting'",
      );
    await vi.waitFor(() => expect(raised()).toEqual([{ subject_id: requestId }]), {
      timeout: 5_000,
      interval: 20,
    });
    // Several more looks of the watch: still once.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(raised()).toHaveLength(1);
    const tray = await desk.core.router.call('lead', 'alerts.list', {});
    expect(tray).toMatchObject({ ok: true, value: { openCount: 1 } });
    const { open } = (tray as { value: ChannelOutput<'alerts.list'> }).value;
    expect(open).toMatchObject([
      { kind: 'approval-waiting', subjectType: 'approval', subjectId: requestId, state: 'open' },
    ]);
  });
});
