/**
 * No needless work per command: every lockout command reads the card's facts at the ACS once,
 * and answers with the status the screen shows next — the same status a fresh
 * lockout.status would give, so the screen needs no second question.
 */
import { describe, expect, it } from 'vitest';
import type { AcsGateway } from '../../../main/core/acs/acs-gateway.ts';
import { createEmbeddedAcsGateway } from '../../../main/core/acs/embedded-acs-gateway.ts';
import type { Db } from '../../../main/core/db/connection.ts';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';

const demoCore = useDemoCore({ cardholders: 30 });

/** The embedded ACS, counting reads; `failing` makes resets fail until turned off. */
function countingAcs() {
  const reads = { state: 0, resets: 0 };
  const control = { failing: false };
  const acs = (db: Db): AcsGateway => {
    const inner = createEmbeddedAcsGateway(db);
    return {
      readState: (cardId, now) => (reads.state++, inner.readState(cardId, now)),
      readResets: (cardId) => (reads.resets++, inner.readResets(cardId)),
      async applyReset(command) {
        if (control.failing) throw Object.assign(new Error('down'), { name: 'AcsDownError' });
        return inner.applyReset(command);
      },
    };
  };
  const reset = () => Object.assign(reads, { state: 0, resets: 0 });
  return { acs, reads, control, reset };
}

async function openVerified(scenario: Parameters<typeof demoScenarioPerson>[1]) {
  const counting = countingAcs();
  const { core, signIn } = await demoCore({ acs: counting.acs });
  const who = demoScenarioPerson(DEMO_SEED, scenario);
  const cardId = who.cards[0]!.publicId;
  await signIn('agent');
  await core.router.call('w1', 'cards.open', { cardId });
  await core.router.call('w1', 'caller.verify', { cardId, dob: who.dob, postcode: who.postcode });
  counting.reset();
  const call = async (channel: 'lockout.status' | 'lockout.reset' | 'lockout.retry') => {
    const before = { ...counting.reads };
    const result = await core.router.call(
      'w1',
      channel,
      channel === 'lockout.reset'
        ? { cardId, reason: 'cardholder-mistyped-code', note: 'Caller mistyped the code.' }
        : { cardId },
    );
    return {
      result,
      reads: {
        state: counting.reads.state - before.state,
        resets: counting.reads.resets - before.resets,
      },
    };
  };
  return { call, control: counting.control };
}

describe('lockout commands read once and answer with what comes next', () => {
  it('status, reset and a refused reset each read the ACS once', async () => {
    const { call } = await openVerified('locked-wrong-codes');
    expect((await call('lockout.status')).reads).toEqual({ state: 1, resets: 1 });
    const reset = await call('lockout.reset');
    expect(reset.reads).toEqual({ state: 1, resets: 1 });
    expect(reset.result).toMatchObject({
      ok: true,
      value: { lock: { state: 'unlocked' }, refusal: 'not-locked', reset: { state: 'applied' } },
    });
    const fresh = await call('lockout.status');
    expect(fresh.result).toEqual(reset.result);
    const again = await call('lockout.reset');
    expect(again.reads).toEqual({ state: 1, resets: 1 });
    expect(again.result).toMatchObject({ ok: false, error: { reason: 'reset.not-locked' } });
  });

  it('a failed reset and its retry each read once, and answer as a fresh status would', async () => {
    const { call, control } = await openVerified('locked-wrong-codes');
    control.failing = true;
    const failed = await call('lockout.reset');
    expect(failed.reads).toEqual({ state: 1, resets: 1 });
    expect(failed.result).toMatchObject({
      ok: true,
      value: {
        lock: { state: 'locked' },
        refusal: 'reset-in-progress',
        reset: { state: 'failed' },
      },
    });
    expect((await call('lockout.status')).result).toEqual(failed.result);
    control.failing = false;
    const retried = await call('lockout.retry');
    expect(retried.reads).toEqual({ state: 1, resets: 1 });
    expect(retried.result).toMatchObject({
      ok: true,
      value: { lock: { state: 'unlocked' }, reset: { state: 'applied', attempts: 2 } },
    });
    expect((await call('lockout.status')).result).toEqual(retried.result);
  });

  it('an escalated reset reads once and answers with the pending request', async () => {
    const { call } = await openVerified('reset-yesterday');
    const asked = await call('lockout.reset');
    expect(asked.reads).toEqual({ state: 1, resets: 1 });
    expect(asked.result).toMatchObject({
      ok: true,
      value: { refusal: 'approval-pending', approval: { state: 'pending' } },
    });
    expect((await call('lockout.status')).result).toEqual(asked.result);
  });
});
