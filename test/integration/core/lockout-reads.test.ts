/**
 * No needless work per command: every lockout command reads the card's facts at the ACS once
 * (and, after an applied reset, the lock once more: the card may hold another lock), and
 * answers with the status the screen shows next — the same status a fresh lockout.status
 * would give, so the screen needs no second question.
 */
import { describe, expect, it } from 'vitest';
import type { AcsGateway } from '../../../main/core/acs/acs-gateway.ts';
import { createEmbeddedAcsGateway } from '../../../main/core/acs/embedded-acs-gateway.ts';
import type { Db } from '../../../main/core/db/connection.ts';
import Database from 'better-sqlite3';
import { DEMO_EPOCH, DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { sealWrites } from '../../helpers/sealed-writer.ts';

const demoCore = useDemoCore({ cardholders: 30 });

/** The embedded ACS, counting reads; `failing` makes resets fail until turned off. */
function countingAcs() {
  const reads = { state: 0, resets: 0 };
  const control = { failing: false };
  const acs = (db: Db): AcsGateway => {
    const inner = createEmbeddedAcsGateway(db);
    return {
      kind: 'embedded',
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
  const { core, signIn, dbPath, handOut } = await demoCore({ acs: counting.acs });
  const who = demoScenarioPerson(DEMO_SEED, scenario);
  const cardId = who.cards[0]!.publicId;
  await signIn('agent');
  await handOut(cardId);
  await core.router.call('w1', 'cards.open', { cardId });
  await core.router.call('w1', 'caller.verify', { cardId, dob: who.dob, postcode: who.postcode });
  counting.reset();
  const addLock = (cause: 'resend_limit' | 'wrong_codes', sinceMinutesAgo: number) => {
    const db = new Database(dbPath);
    sealWrites(db, dbPath); // as the ACS feed writes it: sealed (migration 007)
    try {
      const since = new Date(Date.parse(DEMO_EPOCH) - sinceMinutesAgo * 60_000).toISOString();
      db.prepare(
        `INSERT INTO lockouts (card_id, cause, since, until)
         SELECT id, ?, ?, NULL FROM cards WHERE public_id = ?`,
      ).run(cause, since, cardId);
    } finally {
      db.close();
    }
  };
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
  return { call, control: counting.control, addLock };
}

describe('lockout commands read once and answer with what comes next', () => {
  it('status and a refused reset read the ACS once; an applied reset reads the lock again', async () => {
    const { call } = await openVerified('locked-wrong-codes');
    expect((await call('lockout.status')).reads).toEqual({ state: 1, resets: 1 });
    const reset = await call('lockout.reset');
    expect(reset.reads).toEqual({ state: 2, resets: 1 });
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
    expect(retried.reads).toEqual({ state: 2, resets: 1 });
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

  it('a reset that clears one of two locks answers that the card is still locked', async () => {
    const { call, addLock } = await openVerified('locked-wrong-codes');
    // A second lock the ACS holds beside the wrong-code one: resetting one leaves the other.
    addLock('resend_limit', 5);
    const before = await call('lockout.status');
    const reset = await call('lockout.reset');
    expect(reset.result).toMatchObject({
      ok: true,
      value: { lock: { state: 'locked' }, reset: { state: 'applied' } },
    });
    expect(reset.result).not.toEqual(before.result);
    expect((await call('lockout.status')).result).toEqual(reset.result);
  });
});
