/**
 * The lead's alerts, raised by the core from what the trail records (never by a screen), each
 * of a kind from the shared table: a card-number sweep, verification misses at the limit, a
 * reset refused for fraud and the fraud hold seen on opening, a sign-in lockout. The leads'
 * windows hear alerts.changed, agents' do not.
 * Acknowledging takes a checked note, is audited, and happens once.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoOperator } from '../../../main/core/demo/demo-operators.ts';
import { demoPeople, demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { defaultPolicy } from '../../../main/core/policy/policy.ts';
import { luhnValid } from '../../../shared/cards/luhn.ts';
import type { ChannelOutput } from '../../../shared/contract/index.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';

const demoCore = useDemoCore();

type Desk = Awaited<ReturnType<typeof demoCore>>;

async function tray(desk: Desk, callerId = 'lead') {
  const result = await desk.core.router.call(callerId, 'alerts.list', {});
  if (!result.ok) throw new Error(result.error.reason);
  return result.value as ChannelOutput<'alerts.list'>;
}

function* cardNumbers(pan: string) {
  // The known BIN and last 4 with every middle: the sweep the insider issue describes.
  const bin = pan.slice(0, 6);
  const last4 = pan.slice(-4);
  for (let n = 0; n < 100_000; n++) {
    const number = `${bin}${String(n).padStart(pan.length - 10, '0')}${last4}`;
    if (luhnValid(number) && number !== pan) yield number;
  }
}

describe('alerts raised by the core', () => {
  it('a card-number sweep raises one sweep alert, heard by the leads and not by agents', async () => {
    const desk = await demoCore();
    await desk.signIn('agent', 'w1');
    await desk.signIn('lead', 'lead');
    const pan = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes').cards[0]!.pan;
    let tries = 0;
    for (const number of cardNumbers(pan)) {
      await desk.core.router.call('w1', 'cards.search', { key: 'card-number', number });
      if (++tries >= defaultPolicy.searchMissesPerHour + 5) break;
    }
    const { open, openCount } = await tray(desk);
    expect(openCount).toBe(1);
    expect(open).toEqual([
      expect.objectContaining({
        kind: 'search-sweep',
        scope: 'misses',
        state: 'open',
        occurrences: 1,
        operator: { username: 'demo.agent', displayName: demoOperator('agent').displayName },
      }),
    ]);
    const heard = desk.emitted.filter((e) => e.event === 'alerts.changed');
    expect(heard.map((e) => e.callerId)).toEqual(['lead']);
    expect(heard[0]!.payload).toEqual({
      alertId: open[0]!.alertId,
      kind: 'search-sweep',
      state: 'open',
    });
    // The alert commits with the audit entry that raised it.
    const [entry] = desk.query<{ seq: number }>(
      "SELECT seq FROM audit_log WHERE action = 'alert.search-limit'",
    );
    expect(desk.query('SELECT audit_seq FROM alerts')).toEqual([{ audit_seq: entry!.seq }]);
  });

  it('verification misses at the limit of a call', async () => {
    const desk = await demoCore();
    await desk.signIn('agent', 'w1');
    await desk.signIn('lead', 'lead');
    const who = demoPeople(DEMO_SEED, 30).find((p) => p.scenario === 'ordinary')!;
    const cardId = who.cards[0]!.publicId;
    await desk.openCard(cardId);
    for (let i = 0; i < defaultPolicy.verificationMissesPerCall; i++) {
      await desk.core.router.call('w1', 'caller.verify', {
        cardId,
        dob: '1901-01-01',
        postcode: '999-9999',
      });
    }
    expect((await tray(desk)).open).toEqual([
      expect.objectContaining({
        kind: 'verification-limit-call',
        subjectType: 'card',
        subjectId: cardId,
      }),
    ]);
  });

  it('a fraud hold seen on opening, and a reset refused for fraud', async () => {
    const desk = await demoCore();
    await desk.signIn('agent', 'w1');
    await desk.signIn('lead', 'lead');
    const who = demoScenarioPerson(DEMO_SEED, 'suspected-fraud');
    const cardId = who.cards[0]!.publicId;
    await desk.openCard(cardId);
    await desk.core.router.call('w1', 'caller.verify', {
      cardId,
      dob: who.dob,
      postcode: who.postcode,
    });
    const refused = await desk.core.router.call('w1', 'lockout.reset', {
      cardId,
      reason: 'cardholder-mistyped-code',
      note: 'The caller insists.',
    });
    expect(refused).toMatchObject({ ok: false, error: { reason: 'reset.fraud' } });
    const kinds = (await tray(desk)).open.map((a) => a.kind).sort();
    expect(kinds).toEqual(['card-opened-fraud-hold', 'reset-refused-fraud']);
  });

  it('a sign-in lockout, about the operator locked out', async () => {
    const desk = await demoCore();
    await desk.signIn('lead', 'lead');
    const agent = demoOperator('agent');
    for (let i = 0; i < defaultPolicy.signInFailureLimit + 2; i++) {
      await desk.core.router.call('w1', 'session.signIn', {
        username: agent.username,
        password: 'not-the-password-1',
      });
    }
    const { open } = await tray(desk);
    expect(open).toEqual([
      expect.objectContaining({
        kind: 'sign-in-lockout',
        subjectType: 'operator',
        occurrences: expect.any(Number),
      }),
    ]);
  });
});

describe('acknowledging an alert', () => {
  async function withAlert() {
    const desk = await demoCore();
    await desk.signIn('agent', 'w1');
    await desk.signIn('lead', 'lead');
    const pan = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes').cards[0]!.pan;
    let tries = 0;
    for (const number of cardNumbers(pan)) {
      await desk.core.router.call('w1', 'cards.search', { key: 'card-number', number });
      if (++tries > defaultPolicy.searchMissesPerHour) break;
    }
    const [alert] = (await tray(desk)).open;
    return { desk, alertId: alert!.alertId };
  }

  it('takes a checked note: a card number or an empty note is refused and changes nothing', async () => {
    const { desk, alertId } = await withAlert();
    const before = desk.snapshot();
    for (const note of ['', 'Agent read out 4111 1111 1111 1111 to me']) {
      const result = await desk.core.router.call('lead', 'alerts.acknowledge', { alertId, note });
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(desk.snapshot()).toBe(before);
  });

  it('is audited, heard by the leads, and done once', async () => {
    const { desk, alertId } = await withAlert();
    desk.emitted.length = 0;
    const done = await desk.core.router.call('lead', 'alerts.acknowledge', {
      alertId,
      note: 'Spoke with the agent; a training exercise gone wrong.',
    });
    expect(done).toMatchObject({
      ok: true,
      value: {
        alert: {
          alertId,
          state: 'acknowledged',
          acknowledgedBy: 'demo.lead',
          note: 'Spoke with the agent; a training exercise gone wrong.',
        },
      },
    });
    expect(
      desk.query(
        "SELECT username, subject_id, result FROM audit_log WHERE action = 'alert.acknowledge'",
      ),
    ).toEqual([{ username: 'demo.lead', subject_id: alertId, result: 'success' }]);
    expect(desk.emitted).toEqual([
      {
        callerId: 'lead',
        event: 'alerts.changed',
        payload: { alertId, kind: 'search-sweep', state: 'acknowledged' },
      },
    ]);
    const after = await tray(desk);
    expect(after.openCount).toBe(0);
    expect(after.acknowledged.map((a) => a.alertId)).toEqual([alertId]);
    const again = await desk.core.router.call('lead', 'alerts.acknowledge', {
      alertId,
      note: 'Again.',
    });
    expect(again).toMatchObject({ ok: false, error: { reason: 'alert.acknowledged' } });
    const none = await desk.core.router.call('lead', 'alerts.acknowledge', {
      alertId: 'alr_nothing',
      note: 'Nothing.',
    });
    expect(none).toMatchObject({ ok: false, error: { reason: 'alert.not-found' } });
  });
});
