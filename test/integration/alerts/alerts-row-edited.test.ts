/**
 * The lead's tray is read from the trail, not from the alerts table (not sealed): an alert is
 * open until an acknowledgement entry whose MAC holds closes it. A writer without the keys who
 * marks an alert acknowledged in the file, deletes it, or plants a row hides nothing and
 * closes nothing; the lead can still acknowledge it (audited).
 */
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoOperator } from '../../../main/core/demo/demo-operators.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { defaultPolicy } from '../../../main/core/policy/policy.ts';
import type { ChannelOutput } from '../../../shared/contract/index.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const who = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const cardId = who.cards[0]!.publicId;
const MINUTE = 60_000;
const DAY = 24 * MINUTE * 60;

type Desk = Awaited<ReturnType<typeof demoCore>>;

async function tray(desk: Desk) {
  const result = await desk.core.router.call('w2', 'alerts.list', {});
  if (!result.ok) throw new Error(result.error.reason);
  return result.value as ChannelOutput<'alerts.list'>;
}

/** A caller runs out of guesses: the verification-limit alert, open in the lead's tray. */
async function blockedCaller() {
  const desk = await demoCore();
  await desk.signIn('agent');
  expect((await desk.openCard(cardId)).ok).toBe(true);
  const guess = () =>
    desk.core.router.call('w1', 'caller.verify', {
      cardId,
      dob: '1900-01-01',
      postcode: '0000000',
    });
  let last = await guess();
  for (let i = 0; i < 10 && last.ok && (last.value as { status: string }).status !== 'blocked'; i++)
    last = await guess();
  expect(last).toMatchObject({ ok: true, value: { status: 'blocked' } });
  await desk.signIn('lead', 'w2');
  const before = await tray(desk);
  expect(before).toMatchObject({ openCount: 1, acknowledged: [] });
  return { desk, alert: before.open[0]! };
}

const edit = (desk: Desk, sql: string) => {
  const raw = keylessWriter(desk.dbPath);
  raw.exec(sql);
  raw.close();
};

describe('the alerts table edited in the file', () => {
  it('an alert marked acknowledged in the file is still open; the lead acknowledges it', async () => {
    const { desk, alert } = await blockedCaller();
    edit(
      desk,
      `UPDATE alerts SET state = 'acknowledged',
         acknowledged_by = (SELECT id FROM operators WHERE role = 'lead' LIMIT 1),
         acknowledged_at = '2026-11-01T00:00:00.000Z', note = 'Checked with the agent.'
       WHERE state = 'open'`,
    );
    expect(await tray(desk)).toEqual({ open: [alert], openCount: 1, acknowledged: [] });

    const done = await desk.core.router.call('w2', 'alerts.acknowledge', {
      alertId: alert.alertId,
      note: 'Spoke with the agent about the caller.',
    });
    expect(done).toMatchObject({ ok: true, value: { alert: { state: 'acknowledged' } } });
    const after = await tray(desk);
    expect(after).toMatchObject({
      openCount: 0,
      open: [],
      acknowledged: [
        {
          alertId: alert.alertId,
          acknowledgedBy: 'demo.lead',
          note: 'Spoke with the agent about the caller.',
        },
      ],
    });
    expect(
      desk.query("SELECT subject_id FROM audit_log WHERE action = 'alert.acknowledge'"),
    ).toEqual([{ subject_id: alert.alertId }]);
  });

  it('an alert deleted from the file is still open, under the same id, and can be acknowledged', async () => {
    const { desk, alert } = await blockedCaller();
    edit(desk, 'DELETE FROM alerts');
    expect(await tray(desk)).toEqual({ open: [alert], openCount: 1, acknowledged: [] });
    const done = await desk.core.router.call('w2', 'alerts.acknowledge', {
      alertId: alert.alertId,
      note: 'Spoke with the agent about the caller.',
    });
    expect(done).toMatchObject({ ok: true });
    expect(await tray(desk)).toMatchObject({
      openCount: 0,
      acknowledged: [{ alertId: alert.alertId }],
    });
    // The row is back, acknowledged: the table is the trail's cache again.
    expect(desk.query('SELECT public_id, state FROM alerts')).toEqual([
      { public_id: alert.alertId, state: 'acknowledged' },
    ]);
  });

  it('a row planted in the file, or a row pointed at another entry, shows nothing', async () => {
    const { desk, alert } = await blockedCaller();
    edit(
      desk,
      `INSERT INTO alerts (public_id, kind, raised_at, last_at, audit_seq, subject_type, subject_id)
       VALUES ('alr_planted', 'reset-refused-fraud', '2026-11-28T09:00:00.000Z',
               '2026-11-28T09:00:00.000Z', 1, 'card', '${cardId}');
       UPDATE alerts SET audit_seq = 2 WHERE public_id = '${alert.alertId}';`,
    );
    expect(await tray(desk)).toEqual({ open: [alert], openCount: 1, acknowledged: [] });
    const planted = await desk.core.router.call('w2', 'alerts.acknowledge', {
      alertId: 'alr_planted',
      note: 'Nothing to see.',
    });
    expect(planted).toMatchObject({ ok: false, error: { reason: 'alert.not-found' } });
  });

  it('an alert raised before the trail window stays open until acknowledged, then shows a day', async () => {
    const { desk, alert } = await blockedCaller();
    const later = async (ms: number) => {
      desk.clock.advance(ms);
      await desk.core.endCaller('w2');
      await desk.signIn('lead', 'w2');
    };
    await later(8 * DAY);
    expect(await tray(desk)).toEqual({ open: [alert], openCount: 1, acknowledged: [] });
    const done = await desk.core.router.call('w2', 'alerts.acknowledge', {
      alertId: alert.alertId,
      note: 'Spoke with the agent about the caller.',
    });
    expect(done).toMatchObject({ ok: true });
    expect(await tray(desk)).toMatchObject({
      openCount: 0,
      acknowledged: [{ alertId: alert.alertId }],
    });
    await later(DAY + 1);
    expect(await tray(desk)).toEqual({ open: [], openCount: 0, acknowledged: [] });
    // Marked open again in the file, long after: the trail's acknowledgement still closes it.
    edit(desk, `UPDATE alerts SET state = 'open', acknowledged_by = NULL, acknowledged_at = NULL`);
    expect(await tray(desk)).toEqual({ open: [], openCount: 0, acknowledged: [] });
  });

  it('an alert marked acknowledged in the file counts its next occurrence; its row is open again', async () => {
    const desk = await demoCore();
    await desk.signIn('lead', 'w2');
    const agent = demoOperator('agent');
    const failSignIn = async (times: number) => {
      for (let i = 0; i < times; i++)
        await desk.core.router.call('w1', 'session.signIn', {
          username: agent.username,
          password: 'not-the-password-1',
        });
    };
    await failSignIn(defaultPolicy.signInFailureLimit + 1);
    const [alert] = (await tray(desk)).open;
    expect(alert).toMatchObject({ kind: 'sign-in-lockout', state: 'open' });
    edit(
      desk,
      `UPDATE alerts SET state = 'acknowledged',
         acknowledged_by = (SELECT id FROM operators WHERE role = 'lead' LIMIT 1),
         acknowledged_at = '2026-11-01T00:00:00.000Z', note = 'Checked with the agent.'`,
    );
    desk.clock.advance((defaultPolicy.signInLockMinutes + 1) * MINUTE);
    await failSignIn(defaultPolicy.signInFailureLimit + 1);
    await desk.core.endCaller('w2');
    await desk.signIn('lead', 'w2');
    const after = await tray(desk);
    expect(after.openCount).toBe(1);
    expect(after.open[0]).toMatchObject({
      alertId: alert!.alertId,
      occurrences: alert!.occurrences + 1,
    });
    expect(desk.query('SELECT public_id, state, occurrences FROM alerts')).toEqual([
      { public_id: alert!.alertId, state: 'open', occurrences: alert!.occurrences + 1 },
    ]);
  });

  it('a row given another alert’s id in the file leaves each alert under its own id', async () => {
    const { desk, alert } = await blockedCaller();
    for (let i = 0; i <= defaultPolicy.signInFailureLimit; i++)
      await desk.core.router.call('w3', 'session.signIn', {
        username: demoOperator('agent').username,
        password: 'not-the-password-1',
      });
    const both = await tray(desk);
    expect(both.openCount).toBe(2);
    const lockout = both.open.find((a) => a.kind === 'sign-in-lockout')!;
    edit(
      desk,
      `DELETE FROM alerts WHERE public_id = '${alert.alertId}';
       UPDATE alerts SET public_id = '${alert.alertId}' WHERE public_id = '${lockout.alertId}';`,
    );
    const after = await tray(desk);
    expect(new Set(after.open.map((a) => `${a.kind} ${a.alertId}`))).toEqual(
      new Set([`${alert.kind} ${alert.alertId}`, `${lockout.kind} ${lockout.alertId}`]),
    );
  });
});
