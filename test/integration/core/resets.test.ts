/**
 * Lock resets through the router on a demo database with a fixed clock: every precondition
 * and its refusal, escalation to a team lead by policy, four-eyes approval (never one's own),
 * expiry of requests and of verifications, and the outbox through a gateway failure and retry.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createEmbeddedAcsGateway } from '../../../main/core/acs/embedded-acs-gateway.ts';
import { DEMO_EPOCH as DEMO_NOW, DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson, type DemoPerson } from '../../../main/core/demo/demo-people.ts';
import type { DeskCore } from '../../../main/core/desk-core.ts';
import type { ResetStatus } from '../../../shared/contract/index.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { sealWrites } from '../../helpers/sealed-writer.ts';
import { endOpenCall } from '../../helpers/end-open-call.ts';

const demoCore = useDemoCore({ cardholders: 30 });
const MINUTE = 60_000;
const person = (scenario: Parameters<typeof demoScenarioPerson>[1]) =>
  demoScenarioPerson(DEMO_SEED, scenario);

async function openCard(core: DeskCore, who: DemoPerson, callerId = 'w1') {
  // A card opens only from a search of this session, as an agent finds it.
  await core.router.call(callerId, 'cards.search', {
    key: 'customer-ref',
    customerRef: who.customerRef,
  });
  await endOpenCall((channel, input) => core.router.call(callerId, channel, input));
  const opened = await core.router.call(callerId, 'cards.open', { cardId: who.cards[0]!.publicId });
  if (!opened.ok) throw new Error(opened.error.message);
}

async function verify(core: DeskCore, who: DemoPerson, callerId = 'w1') {
  const result = await core.router.call(callerId, 'caller.verify', {
    cardId: who.cards[0]!.publicId,
    dob: who.dob,
    postcode: who.postcode,
  });
  expect(result).toMatchObject({ ok: true, value: { status: 'verified' } });
}

async function status(core: DeskCore, who: DemoPerson, callerId = 'w1') {
  const result = await core.router.call(callerId, 'lockout.status', {
    cardId: who.cards[0]!.publicId,
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.value as ResetStatus;
}

/** Writes to the database as the ACS (or its export) would, from outside the console. */
function acsWrites(dbPath: string, sql: string, ...params: unknown[]) {
  const db = new Database(dbPath);
  sealWrites(db, dbPath);
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

/** The ACS rejects a checkout on the card: 10 stolen card, 11 suspected fraud. */
function rejectedAsFraud(dbPath: string, who: DemoPerson, reason: '10' | '11', when: string) {
  acsWrites(
    dbPath,
    `INSERT INTO auth_attempts (card_id, at, merchant, amount_minor, currency, method, delivery,
       outcome, trans_status, trans_status_reason, acs_trans_id, ds_trans_id)
     SELECT id, ?, 'Shop', 1000, 'JPY', 'frictionless', 'not-applicable', 'rejected', 'R', ?, 'a', 'd'
     FROM cards WHERE public_id = ?`,
    when,
    reason,
    who.cards[0]!.publicId,
  );
}

const at = (minutes: number) =>
  new Date(new Date(DEMO_NOW).getTime() + minutes * MINUTE).toISOString();

/** Time passes with the agent at the keyboard (the idle lock would otherwise end the session). */
async function passTime(core: DeskCore, clock: { advance(ms: number): void }, minutes: number) {
  for (let left = minutes; left > 0; left -= 10) {
    clock.advance(Math.min(10, left) * MINUTE);
    await core.router.call('w1', 'session.activity', {});
  }
}

const resetOf = (
  core: DeskCore,
  who: DemoPerson,
  callerId = 'w1',
  note = 'Verified; code mistyped.',
) =>
  core.router.call(callerId, 'lockout.reset', {
    cardId: who.cards[0]!.publicId,
    reason: 'cardholder-mistyped-code',
    note,
  });

describe('reset preconditions', () => {
  it('refuses before verification and says why; after it, resets once and the lock is gone', async () => {
    const { core, signIn, query } = await demoCore();
    const who = person('locked-wrong-codes');
    await signIn('agent');
    await openCard(core, who);
    expect(await status(core, who)).toMatchObject({
      allowed: false,
      refusal: 'not-verified',
      lock: { state: 'locked' },
    });
    expect(await resetOf(core, who)).toEqual({
      ok: false,
      error: {
        code: 'forbidden',
        reason: 'reset.not-verified',
        message: 'Verify the caller in this call before resetting the lock.',
      },
    });
    expect(query('SELECT * FROM resets')).toHaveLength(0);
    expect(
      query("SELECT result, details FROM audit_log WHERE action = 'lockout.reset-refused'"),
    ).toEqual([
      { result: 'refused', details: expect.stringContaining('"refusal":"not-verified"') },
    ]);

    await verify(core, who);
    expect(await status(core, who)).toMatchObject({ allowed: true, refusal: null, escalation: [] });
    const done = await resetOf(core, who);
    expect(done).toMatchObject({
      ok: true,
      value: {
        allowed: false,
        refusal: 'not-locked',
        lock: { state: 'unlocked' },
        reset: { state: 'applied', attempts: 1, lastError: null, requestedBy: 'demo.agent' },
      },
    });
    expect(query('SELECT state, idempotency_key FROM reset_outbox')).toEqual([
      { state: 'applied', idempotency_key: expect.stringMatching(/^reset:/u) },
    ]);
    expect(
      query(
        "SELECT result FROM audit_log WHERE action IN ('lockout.reset', 'lockout.reset-applied')",
      ),
    ).toEqual([{ result: 'success' }, { result: 'success' }]);

    // Pressed again: nothing more happens, and it says why.
    expect(await resetOf(core, who)).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        reason: 'reset.not-locked',
        message: expect.stringMatching(/^Already unlocked/u),
      },
    });
    expect(query('SELECT * FROM resets')).toHaveLength(1);
    expect(query("SELECT * FROM audit_log WHERE action = 'lockout.reset'")).toHaveLength(1);
  });

  it('a reset clears the lock it was decided on, not another that started at the same moment', async () => {
    const { core, signIn, dbPath, query } = await demoCore();
    const who = person('locked-wrong-codes');
    const [lock] = query<{ since: string; until: string | null }>(
      `SELECT since, until FROM lockouts WHERE cleared_at IS NULL AND card_id =
         (SELECT id FROM cards WHERE public_id = ?)`,
      who.cards[0]!.publicId,
    );
    // A resend-limit lock from the same failed challenge, ending sooner: the wrong-code lock
    // ranks first, so the reset is decided on it.
    acsWrites(
      dbPath,
      `INSERT INTO lockouts (card_id, cause, since, until)
       SELECT id, 'resend_limit', ?, ? FROM cards WHERE public_id = ?`,
      lock!.since,
      at(5),
      who.cards[0]!.publicId,
    );
    await signIn('agent');
    await openCard(core, who);
    await verify(core, who);
    expect(await status(core, who)).toMatchObject({ lock: { cause: 'wrong_codes' } });
    expect(await resetOf(core, who)).toMatchObject({
      ok: true,
      value: { reset: { state: 'applied' }, lock: { state: 'locked', cause: 'resend_limit' } },
    });
    expect(
      query(
        'SELECT cause, cleared_at IS NOT NULL AS cleared FROM lockouts WHERE since = ?',
        lock!.since,
      ),
    ).toEqual(
      expect.arrayContaining([
        { cause: 'wrong_codes', cleared: 1 },
        { cause: 'resend_limit', cleared: 0 },
      ]),
    );
  });

  it('a lock that ran out by the clock is not reset; neither is a card never locked', async () => {
    const { core, clock, signIn } = await demoCore();
    const who = person('locked-wrong-codes');
    await signIn('agent');
    await openCard(core, who);
    await verify(core, who);
    await passTime(core, clock, 19);
    expect(await status(core, who)).toMatchObject({ allowed: false, refusal: 'not-locked' });
    const fine = person('frictionless-ok');
    await openCard(core, fine);
    await verify(core, fine);
    expect(await resetOf(core, fine)).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        reason: 'reset.not-locked',
        message: expect.stringMatching(/^Already unlocked/u),
      },
    });
  });

  it('a fraud hold is never reset, verified or not', async () => {
    const { core, signIn, query } = await demoCore();
    const who = person('suspected-fraud');
    await signIn('agent');
    await openCard(core, who);
    await verify(core, who);
    expect(await status(core, who)).toMatchObject({ allowed: false, refusal: 'fraud' });
    expect(await resetOf(core, who)).toMatchObject({
      ok: false,
      error: {
        code: 'forbidden',
        reason: 'reset.fraud',
        message: expect.stringMatching(/fraud team/u),
      },
    });
    expect(query('SELECT * FROM resets')).toHaveLength(0);
    expect(query('SELECT * FROM approval_requests')).toHaveLength(0);
  });

  it('a verification that expired (policy minutes) must be done again', async () => {
    const { core, clock, signIn } = await demoCore();
    const who = person('recent-mobile-change'); // locked until reset
    await signIn('agent');
    await openCard(core, who);
    await verify(core, who);
    await passTime(core, clock, 29);
    expect(await status(core, who)).toMatchObject({ allowed: true });
    await passTime(core, clock, 1);
    expect(await status(core, who)).toMatchObject({
      allowed: false,
      refusal: 'verification-expired',
    });
    expect(await resetOf(core, who)).toMatchObject({
      ok: false,
      error: {
        code: 'forbidden',
        reason: 'reset.verification-expired',
        message: 'The caller’s verification has expired. Verify the caller again.',
      },
    });
  });

  it('a note with a card number, or no note, is refused and nothing is written', async () => {
    const { core, signIn, snapshot } = await demoCore();
    const who = person('locked-wrong-codes');
    await signIn('agent');
    await openCard(core, who);
    await verify(core, who);
    const before = snapshot();
    expect(await resetOf(core, who, 'w1', `card ${who.cards[0]!.pan}`)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', reason: 'note.card-number' },
    });
    expect(await resetOf(core, who, 'w1', '   ')).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        reason: 'note.required',
        message: 'Say in the note why the lock is reset.',
      },
    });
    expect(snapshot()).toBe(before);
  });

  it('a card other than the call’s is refused', async () => {
    const { core, signIn } = await demoCore();
    await signIn('agent');
    await openCard(core, person('locked-wrong-codes'));
    expect(await resetOf(core, person('english-locked'))).toMatchObject({
      ok: false,
      error: { code: 'conflict', reason: 'call.not-open' },
    });
  });
});

describe('fraud, wherever it shows', () => {
  it('a fraud hold is never hidden behind a wrong-code lock on the same card', async () => {
    const { core, signIn, dbPath } = await demoCore();
    const who = person('locked-wrong-codes');
    acsWrites(
      dbPath,
      `INSERT INTO lockouts (card_id, cause, since, until)
       SELECT id, 'fraud_hold', ?, NULL FROM cards WHERE public_id = ?`,
      at(-1),
      who.cards[0]!.publicId,
    );
    await signIn('agent');
    await openCard(core, who);
    await verify(core, who);
    expect(await status(core, who)).toMatchObject({
      allowed: false,
      refusal: 'fraud',
      lock: { state: 'locked', cause: 'fraud_hold' },
    });
  });

  it('a checkout rejected as stolen card (transStatusReason 10) blocks a reset like 11', async () => {
    const { core, signIn, dbPath } = await demoCore();
    const who = person('locked-wrong-codes');
    rejectedAsFraud(dbPath, who, '10', at(-2));
    await signIn('agent');
    await openCard(core, who);
    await verify(core, who);
    expect(await status(core, who)).toMatchObject({ allowed: false, refusal: 'fraud' });
  });
});

describe('escalation and four-eyes approval', () => {
  it('a second reset within 24 hours becomes a request; a lead approves it and the card unlocks', async () => {
    const { core, signIn, query, emitted } = await demoCore();
    const who = person('reset-yesterday');
    await signIn('agent', 'w1');
    await signIn('lead', 'w2');
    await openCard(core, who);
    await verify(core, who);
    expect(await status(core, who)).toMatchObject({ allowed: true, escalation: ['second-reset'] });

    const asked = await resetOf(core, who);
    expect(asked).toMatchObject({
      ok: true,
      value: {
        lock: { state: 'locked' },
        allowed: false,
        refusal: 'approval-pending',
        reset: null,
        approval: { state: 'pending', escalation: ['second-reset'], requestedBy: 'demo.agent' },
      },
    });
    expect(await status(core, who)).toMatchObject({ allowed: false, refusal: 'approval-pending' });
    // The request cannot outlive the verification it rests on (30 minutes, not 60).
    expect(asked).toMatchObject({ value: { approval: { expiresAt: at(30) } } });
    expect(await resetOf(core, who)).toMatchObject({
      ok: false,
      error: { code: 'conflict', reason: 'reset.approval-pending' },
    });
    const approvalId = (asked as { value: ResetStatus }).value.approval!.approvalId;
    // The asking window and every lead hear of it at once.
    expect(emitted.filter((e) => e.event === 'approvals.changed').map((e) => e.callerId)).toEqual([
      'w1',
      'w2',
    ]);

    // Agents have no queue; the lead sees the request with the card's context.
    expect(await core.router.call('w1', 'approvals.list', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden', reason: 'access.role' },
    });
    const queue = await core.router.call('w2', 'approvals.list', {});
    expect(queue).toMatchObject({
      ok: true,
      value: {
        requests: [
          {
            approval: { approvalId, state: 'pending' },
            cardId: who.cards[0]!.publicId,
            maskedCard: expect.stringMatching(/•••• \d{4}$/u),
            lock: { state: 'locked' },
            reason: 'cardholder-mistyped-code',
          },
        ],
      },
    });

    const decided = await core.router.call('w2', 'approvals.decide', {
      approvalId,
      decision: 'approve',
      note: 'Second lock after a reset yesterday; caller verified.',
    });
    expect(decided).toMatchObject({
      ok: true,
      value: {
        approval: { state: 'approved', decidedBy: 'demo.lead' },
        reset: { state: 'applied' },
      },
    });
    expect(
      emitted.filter((e) => e.event === 'approvals.changed').map((e) => [e.callerId, e.payload]),
    ).toEqual([
      ['w1', { approvalId, cardId: who.cards[0]!.publicId, state: 'pending' }],
      ['w2', { approvalId, cardId: who.cards[0]!.publicId, state: 'pending' }],
      ['w1', { approvalId, cardId: who.cards[0]!.publicId, state: 'approved' }],
      ['w2', { approvalId, cardId: who.cards[0]!.publicId, state: 'approved' }],
    ]);
    expect(await status(core, who)).toMatchObject({
      lock: { state: 'unlocked' },
      reset: { state: 'applied', requestedBy: 'demo.agent' },
      approval: { state: 'approved' },
    });
    expect(query('SELECT approval_id IS NOT NULL AS approved FROM resets')).toEqual([
      { approved: 1 },
    ]);
    // Deciding twice changes nothing.
    expect(
      await core.router.call('w2', 'approvals.decide', {
        approvalId,
        decision: 'reject',
        note: 'x',
      }),
    ).toMatchObject({ ok: false, error: { code: 'conflict', reason: 'approval.decided' } });
  });

  it('fraud that comes to light while a request waits stops its approval', async () => {
    const { core, signIn, dbPath, query } = await demoCore();
    const who = person('reset-yesterday');
    await signIn('agent', 'w1');
    await signIn('lead', 'w2');
    await openCard(core, who);
    await verify(core, who);
    const asked = await resetOf(core, who);
    const approvalId = (asked as { value: ResetStatus }).value.approval!.approvalId;
    // The ACS rejects a checkout on the card as suspected fraud (transStatusReason 11).
    rejectedAsFraud(dbPath, who, '11', at(0));
    expect(
      await core.router.call('w2', 'approvals.decide', {
        approvalId,
        decision: 'approve',
        note: 'Checked the history.',
      }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'forbidden',
        reason: 'reset.fraud',
        message: expect.stringMatching(/fraud team/u),
      },
    });
    expect(query('SELECT * FROM resets')).toHaveLength(0);
    expect(query('SELECT state FROM approval_requests')).toEqual([{ state: 'pending' }]);
  });

  it('a contact changed within the policy days escalates too', async () => {
    const { core, signIn } = await demoCore();
    const who = person('recent-mobile-change');
    await signIn('agent');
    await openCard(core, who);
    await verify(core, who);
    expect(await status(core, who)).toMatchObject({
      allowed: true,
      escalation: ['recent-contact-change'],
    });
  });

  it('a mobile change asked for, not yet in effect, escalates too', async () => {
    const { core, signIn, dbPath } = await demoCore();
    const who = person('mobile-change-pending');
    acsWrites(
      dbPath,
      `INSERT INTO lockouts (card_id, cause, since, until)
       SELECT id, 'wrong_codes', ?, ? FROM cards WHERE public_id = ?`,
      at(-5),
      at(25),
      who.cards[0]!.publicId,
    );
    await signIn('agent');
    await openCard(core, who);
    await verify(core, who);
    expect(await status(core, who)).toMatchObject({
      allowed: true,
      escalation: ['recent-contact-change'],
    });
  });

  it('a lock cleared while the request waited is not reset again on approval', async () => {
    const { core, signIn, dbPath, query } = await demoCore();
    const who = person('reset-yesterday');
    await signIn('agent', 'w1');
    await signIn('lead', 'w2');
    await openCard(core, who);
    await verify(core, who);
    const asked = await resetOf(core, who);
    const approvalId = (asked as { value: ResetStatus }).value.approval!.approvalId;
    acsWrites(
      dbPath,
      `UPDATE lockouts SET cleared_at = ? WHERE cleared_at IS NULL AND card_id =
         (SELECT id FROM cards WHERE public_id = ?)`,
      at(0),
      who.cards[0]!.publicId,
    );
    expect(
      await core.router.call('w2', 'approvals.decide', {
        approvalId,
        decision: 'approve',
        note: 'Checked the history.',
      }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        reason: 'reset.not-locked',
        message: expect.stringMatching(/^Already unlocked/u),
      },
    });
    expect(query('SELECT * FROM resets')).toHaveLength(0);
    expect(query("SELECT result FROM audit_log WHERE action = 'approval.decide'")).toEqual([
      { result: 'refused' },
    ]);
  });

  it('the escalation window is policy: at 12 hours yesterday’s reset no longer counts', async () => {
    const { core, signIn, dbPath } = await demoCore();
    const db = new Database(dbPath);
    sealWrites(db, dbPath);
    db.prepare(
      "INSERT INTO policy (key, value, updated_at) VALUES ('resetEscalationHours', '12', 'now')",
    ).run();
    db.close();
    const who = person('reset-yesterday');
    await signIn('agent');
    await openCard(core, who);
    await verify(core, who);
    expect(await status(core, who)).toMatchObject({ allowed: true, escalation: [] });
  });

  it('nobody approves their own request; a rejection needs a note and leaves the lock', async () => {
    const { core, signIn, query } = await demoCore();
    const who = person('recent-mobile-change');
    await signIn('lead', 'w1');
    await signIn('lead', 'w2');
    await openCard(core, who, 'w1');
    await verify(core, who, 'w1');
    const asked = await resetOf(core, who, 'w1');
    const approvalId = (asked as { value: ResetStatus }).value.approval!.approvalId;
    expect(
      await core.router.call('w1', 'approvals.decide', {
        approvalId,
        decision: 'approve',
        note: 'Checked the history.',
      }),
    ).toEqual({
      ok: false,
      error: {
        code: 'forbidden',
        reason: 'approval.own-request',
        message: 'You cannot approve or reject your own request: another lead must.',
      },
    });
    // The same lead from another window is still the same person.
    expect(
      await core.router.call('w2', 'approvals.decide', {
        approvalId,
        decision: 'approve',
        note: 'Checked the history.',
      }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden', reason: 'approval.own-request' } });
    expect(query('SELECT * FROM resets')).toHaveLength(0);
    expect(query("SELECT result FROM audit_log WHERE action = 'approval.decide'")).toEqual([
      { result: 'refused' },
      { result: 'refused' },
    ]);
  });

  it('a rejection needs a note, and the lock stays', async () => {
    const { core, signIn } = await demoCore();
    const who = person('recent-mobile-change');
    await signIn('agent', 'w1');
    await signIn('lead', 'w2');
    await openCard(core, who);
    await verify(core, who);
    const asked = await resetOf(core, who);
    const approvalId = (asked as { value: ResetStatus }).value.approval!.approvalId;
    expect(
      await core.router.call('w2', 'approvals.decide', {
        approvalId,
        decision: 'reject',
        note: '',
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input', reason: 'note.required' } });
    expect(
      await core.router.call('w2', 'approvals.decide', {
        approvalId,
        decision: 'reject',
        note: 'Mobile changed two days ago: transfer to fraud team.',
      }),
    ).toMatchObject({ ok: true, value: { approval: { state: 'rejected' }, reset: null } });
    expect(await status(core, who)).toMatchObject({
      lock: { state: 'locked' },
      approval: {
        state: 'rejected',
        decisionNote: 'Mobile changed two days ago: transfer to fraud team.',
      },
    });
  });

  it('a request expires after the policy minutes and can no longer be approved', async () => {
    const { core, clock, signIn, query } = await demoCore();
    const who = person('recent-mobile-change');
    await signIn('agent', 'w1');
    await openCard(core, who);
    await verify(core, who);
    const asked = await resetOf(core, who);
    const approvalId = (asked as { value: ResetStatus }).value.approval!.approvalId;
    clock.advance(60 * MINUTE);
    await signIn('lead', 'w2');
    expect(await core.router.call('w2', 'approvals.list', {})).toMatchObject({
      ok: true,
      value: { requests: [] },
    });
    expect(
      await core.router.call('w2', 'approvals.decide', {
        approvalId,
        decision: 'approve',
        note: 'Checked the history.',
      }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        reason: 'approval.expired',
        message: expect.stringMatching(/expired/u),
      },
    });
    expect(query('SELECT state FROM approval_requests')).toEqual([{ state: 'expired' }]);
    expect(query("SELECT * FROM audit_log WHERE action = 'approval.expire'")).toHaveLength(1);
    expect(query('SELECT * FROM resets')).toHaveLength(0);
  });
});

describe('the outbox and the ACS gateway', () => {
  it('a failed reset is not sent again once fraud has come to light', async () => {
    let fail = true;
    const { core, signIn, dbPath, query } = await demoCore({
      acs: (db) => {
        const embedded = createEmbeddedAcsGateway(db);
        return {
          ...embedded,
          async applyReset(command) {
            if (fail) throw new Error('ACS did not answer');
            return embedded.applyReset(command);
          },
        };
      },
    });
    const who = person('locked-wrong-codes');
    await signIn('agent');
    await openCard(core, who);
    await verify(core, who);
    expect(await resetOf(core, who)).toMatchObject({ value: { reset: { state: 'failed' } } });
    rejectedAsFraud(dbPath, who, '11', at(0));
    fail = false;
    expect(
      await core.router.call('w1', 'lockout.retry', { cardId: who.cards[0]!.publicId }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden', reason: 'reset.fraud' } });
    expect(query('SELECT state FROM reset_outbox')).toEqual([{ state: 'failed' }]);
    expect(await status(core, who)).toMatchObject({ lock: { state: 'locked' } });
  });

  it('a lock another console clears while this one reads it is already unlocked, never a second reset for a lead', async () => {
    // Between this console's read of the card's resets and its read of the lock, another
    // console's reset clears the lock at the ACS (the race two consoles pressing reset at once
    // run). Read in the other order, the clear looked like a recent reset of a lock still
    // locked, and this reset went to a lead as a second one.
    let between: (() => void) | null = null;
    const afterRead = () => {
      const act = between;
      between = null;
      act?.();
    };
    // The gateway read asynchronously, as a network ACS is (the embedded one's readNow reads
    // both in the command's one read transaction, where nothing can land in between).
    const { core, signIn, query, dbPath } = await demoCore({
      acs: (db) => {
        const { readNow: _sync, ...embedded } = createEmbeddedAcsGateway(db);
        return {
          ...embedded,
          async readState(cardId, now) {
            const state = await embedded.readState(cardId, now);
            afterRead();
            return state;
          },
          async readResets(cardId) {
            const resets = await embedded.readResets(cardId);
            afterRead();
            return resets;
          },
        };
      },
    });
    const who = person('locked-wrong-codes');
    await signIn('agent');
    await openCard(core, who);
    await verify(core, who);
    between = () =>
      acsWrites(
        dbPath,
        `UPDATE lockouts SET cleared_at = ? WHERE cleared_at IS NULL
           AND card_id = (SELECT id FROM cards WHERE public_id = ?)`,
        at(0),
        who.cards[0]!.publicId,
      );
    expect(await resetOf(core, who)).toMatchObject({
      ok: false,
      error: { code: 'conflict', reason: 'reset.not-locked' },
    });
    expect(query('SELECT count(*) AS n FROM approval_requests')).toEqual([{ n: 0 }]);
    expect(query('SELECT count(*) AS n FROM resets')).toEqual([{ n: 0 }]);
  });

  it('a gateway failure leaves the reset failed with its error; retry applies it with the same key', async () => {
    let failNext = true;
    class AcsUnavailableError extends Error {
      override name = 'AcsUnavailableError';
    }
    const { core, signIn, query, dbPath } = await demoCore({
      acs: (db) => {
        const embedded = createEmbeddedAcsGateway(db);
        const keys: string[] = [];
        return {
          ...embedded,
          async applyReset(command) {
            keys.push(command.idempotencyKey);
            if (failNext) {
              failNext = false;
              throw new AcsUnavailableError('ACS did not answer');
            }
            expect(new Set(keys).size).toBe(1);
            return embedded.applyReset(command);
          },
        };
      },
    });
    const who = person('locked-wrong-codes');
    await signIn('agent');
    await openCard(core, who);
    await verify(core, who);
    expect(await resetOf(core, who)).toMatchObject({
      ok: true,
      value: {
        lock: { state: 'locked' },
        reset: { state: 'failed', attempts: 1, lastError: 'AcsUnavailableError', appliedAt: null },
      },
    });
    expect(query('SELECT state, attempts, last_error FROM reset_outbox')).toEqual([
      { state: 'failed', attempts: 1, last_error: 'AcsUnavailableError' },
    ]);
    // Pressing reset again does not make a second reset: the lock already has one.
    expect(await resetOf(core, who)).toMatchObject({
      ok: false,
      error: { code: 'conflict', reason: 'reset.reset-in-progress' },
    });

    // The console stopped between recording and sending: the reset stays "requested", and
    // can still be sent (the same key makes a second delivery harmless).
    acsWrites(dbPath, "UPDATE resets SET state = 'requested'");
    acsWrites(dbPath, "UPDATE reset_outbox SET state = 'pending'");
    expect(await status(core, who)).toMatchObject({
      refusal: 'reset-in-progress',
      reset: { state: 'requested' },
    });
    expect(
      await core.router.call('w1', 'lockout.retry', { cardId: who.cards[0]!.publicId }),
    ).toMatchObject({
      ok: true,
      value: { lock: { state: 'unlocked' }, reset: { state: 'applied', attempts: 2 } },
    });
    expect(query('SELECT state, attempts, last_error FROM reset_outbox')).toEqual([
      { state: 'applied', attempts: 2, last_error: null },
    ]);
    expect(query("SELECT * FROM audit_log WHERE action = 'lockout.reset'")).toHaveLength(1);
    expect(
      query("SELECT result FROM audit_log WHERE action = 'lockout.reset-applied' ORDER BY seq"),
    ).toEqual([{ result: 'failure' }, { result: 'success' }]);
    expect(
      await core.router.call('w1', 'lockout.retry', { cardId: who.cards[0]!.publicId }),
    ).toMatchObject({ ok: false, error: { code: 'conflict', reason: 'reset.nothing-to-retry' } });
  });
});
