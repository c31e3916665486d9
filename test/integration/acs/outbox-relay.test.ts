/**
 * The outbox always drains: a console core on the network gateway, the fake ACS over loopback
 * TLS, and the relay. A reset the ACS could not take is sent again when it is back (one
 * clear); a refusal or another lock in force ends refused; a reset queued past the caller's
 * verification ends expired, never sent, and the lead is alerted. Every outcome is audited
 * with the idempotency key, the answer's class and the latency.
 */
import { sealedWrite } from '../../../main/core/audit/audit-trail.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createNetworkAcsGateway } from '../../../main/core/acs/network-acs-gateway.ts';
import { DEMO_EPOCH, DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import type { ResetStatus } from '../../../shared/contract/index.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { runCli } from '../cli/cli-harness.ts';
import { acsCerts, FAST, useFakeAcs } from './acs-fixture.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const { fake } = useFakeAcs();
const MINUTE = 60_000;
const who = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const cardId = who.cards[0]!.publicId;
const REF = 'ACS-LOCKED-1';
const LOCK_SINCE = new Date(new Date(DEMO_EPOCH).getTime() - 20 * MINUTE);

/** A demo console core whose gateway is the fake ACS; the card carries its ACS reference. */
async function deskOnFakeAcs(options: { refusal?: 'fraud-hold' } = {}) {
  const acs = await fake();
  const { ca, client } = await acsCerts();
  acs.card(REF, options.refusal ?? null);
  acs.lock(REF, { since: LOCK_SINCE, until: null, cause: 'wrong_codes' });
  const desk = await demoCore({
    relayResets: true,
    acs: (db) => {
      // The reference is sealed: written through the trail's schema-checked write.
      sealedWrite(db, () =>
        db.prepare('UPDATE cards SET acs_card_ref = ? WHERE public_id = ?').run(REF, cardId),
      );
      const refOf = db.prepare<[number], { acs_card_ref: string | null }>(
        'SELECT acs_card_ref FROM cards WHERE id = ?',
      );
      return createNetworkAcsGateway({
        url: acs.url,
        ca: ca.cert,
        clientCert: client.cert,
        clientKey: client.key,
        cardRef: (id) => refOf.get(id)?.acs_card_ref ?? null,
        ...FAST,
      });
    },
  });
  await desk.signIn('agent');
  const opened = await desk.openCard(cardId);
  if (!opened.ok) throw new Error(opened.error.message);
  const verified = await desk.core.router.call('w1', 'caller.verify', {
    cardId,
    dob: who.dob,
    postcode: who.postcode,
  });
  expect(verified).toMatchObject({ ok: true, value: { status: 'verified' } });
  const reset = async () => {
    const result = await desk.core.router.call('w1', 'lockout.reset', {
      cardId,
      reason: 'cardholder-mistyped-code',
      note: 'Verified; code mistyped.',
    });
    if (!result.ok) throw new Error(result.error.message);
    return result.value as ResetStatus;
  };
  const outbox = () =>
    desk.query<{ state: string; idempotency_key: string; last_error: string | null }>(
      'SELECT state, idempotency_key, last_error FROM reset_outbox ORDER BY id',
    );
  const entries = (actions: string[]) =>
    desk
      .query<{ action: string; result: string; username: string | null; details: string }>(
        `SELECT action, result, username, details FROM audit_log
         WHERE action IN (${actions.map(() => '?').join(', ')}) ORDER BY seq`,
        ...actions,
      )
      .map((row) => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> }));
  return { acs, desk, reset, outbox, entries };
}

/**
 * The ACS answers again. The 503s opened the gateway's breaker, which lets a call through only
 * after its pause (real time, not the router's clock): wait it out, or the relay's next send
 * fails at once on the open breaker and is put off to a time the frozen clock never reaches.
 */
async function acsBack(acs: { fault(fault: null, on: 'any'): unknown }) {
  acs.fault(null, 'any');
  await sleep(FAST.breakerOpenMs + 50);
}

async function until<T>(what: string, read: () => T, ok: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`never: ${what} (last ${JSON.stringify(value)})`);
    await sleep(50);
  }
}

describe('the outbox relay against the fake ACS', () => {
  it('a reset the ACS could not take is sent by the relay once it is back: applied, one clear, audited', async () => {
    const { acs, desk, reset, outbox, entries } = await deskOnFakeAcs();
    acs.fault({ kind: 'status', status: 503 }, 'apply');
    const failed = await reset();
    expect(failed.reset).toMatchObject({ state: 'failed', lastError: 'AcsUnavailableError' });
    expect(failed.lock).toMatchObject({ state: 'locked' });

    await acsBack(acs);
    // The resend time (a few seconds at most, by the router's clock) passes.
    desk.clock.advance(15_000);
    const [row] = await until('applied', outbox, (rows) => rows[0]?.state === 'applied');
    expect(acs.clears()).toEqual({ [row!.idempotency_key]: 1 });

    const trail = entries(['lockout.reset', 'lockout.reset-applied']);
    expect(trail.map(({ action, result, username }) => [action, result, username])).toEqual([
      ['lockout.reset', 'success', 'demo.agent'],
      ['lockout.reset-applied', 'failure', 'demo.agent'],
      ['lockout.reset-applied', 'success', null],
    ]);
    expect(trail[1]!.details).toMatchObject({
      idempotencyKey: row!.idempotency_key,
      answer: 'unavailable',
      latencyMs: expect.any(Number),
    });
    expect(trail[2]!.details).toMatchObject({
      idempotencyKey: row!.idempotency_key,
      acs: 'applied',
      answer: 'applied',
      latencyMs: expect.any(Number),
    });
    const status = await desk.core.router.call('w1', 'lockout.status', { cardId });
    expect(status).toMatchObject({
      ok: true,
      value: { lock: { state: 'unlocked' }, reset: { state: 'applied' } },
    });
  });

  it('a reset queued past the verification’s validity ends expired: nothing sent, the lead alerted', async () => {
    const { acs, desk, reset, outbox, entries } = await deskOnFakeAcs();
    acs.fault({ kind: 'status', status: 503 }, 'apply');
    expect((await reset()).reset).toMatchObject({ state: 'failed' });
    const sent = acs.requests().apply;
    acs.fault(null, 'any');
    // The caller's verification (30 minutes by policy) runs out before the relay's turn.
    desk.clock.advance(31 * MINUTE);
    const [row] = await until('expired', outbox, (rows) => rows[0]?.state === 'expired');
    expect(acs.requests().apply).toBe(sent);
    expect(acs.clears()).toEqual({});
    expect(
      entries(['lockout.reset-expired', 'alert.reset-expired']).map((e) => [
        e.action,
        e.result,
        e.details.idempotencyKey,
      ]),
    ).toEqual([
      ['lockout.reset-expired', 'failure', row!.idempotency_key],
      ['alert.reset-expired', 'alert', row!.idempotency_key],
    ]);
    // The lead's tray has it.
    expect(desk.query('SELECT kind, state FROM alerts')).toEqual([
      { kind: 'reset-expired', state: 'open' },
    ]);
  });

  it('the ACS refuses: the reset ends refused with the reason, audited, and cannot be sent again', async () => {
    const { acs, desk, reset, outbox, entries } = await deskOnFakeAcs({ refusal: 'fraud-hold' });
    const refused = await reset();
    expect(refused.reset).toMatchObject({ state: 'refused', lastError: 'fraud-hold' });
    expect(outbox()).toEqual([expect.objectContaining({ state: 'refused' })]);
    expect(acs.clears()).toEqual({});
    expect(entries(['lockout.reset-acs-refused'])).toEqual([
      expect.objectContaining({
        result: 'refused',
        details: expect.objectContaining({ reason: 'fraud-hold', answer: 'refused' }),
      }),
    ]);
    const again = await desk.core.router.call('w1', 'lockout.retry', { cardId });
    expect(again).toMatchObject({ ok: false, error: { reason: 'reset.nothing-to-retry' } });
    // A fraud hold at the ACS: the lock is not offered for another reset; the agent transfers
    // the call to the fraud team.
    expect(await desk.core.router.call('w1', 'lockout.status', { cardId })).toMatchObject({
      ok: true,
      value: { allowed: false, refusal: 'fraud', reset: { state: 'refused' } },
    });
    const second = await desk.core.router.call('w1', 'lockout.reset', {
      cardId,
      reason: 'cardholder-mistyped-code',
      note: 'Verified; code mistyped.',
    });
    expect(second).toMatchObject({ ok: false, error: { reason: 'reset.fraud' } });
    expect(outbox()).toHaveLength(1);
  });

  it('another lock came in force at the ACS while the reset was queued: lock-changed, nothing cleared', async () => {
    const { acs, desk, reset, outbox, entries } = await deskOnFakeAcs();
    acs.fault({ kind: 'status', status: 503 }, 'apply');
    expect((await reset()).reset).toMatchObject({ state: 'failed' });
    acs.lock(REF, { since: new Date(), until: null, cause: 'fraud_hold' });
    await acsBack(acs);
    desk.clock.advance(15_000);
    await until('refused', outbox, (rows) => rows[0]?.state === 'refused');
    expect(outbox()[0]!.last_error).toBe('lock-changed');
    expect(acs.clears()).toEqual({});
    expect(entries(['lockout.reset-acs-refused'])[0]!.details).toMatchObject({
      reason: 'lock-changed',
      answer: 'lock-changed',
    });
  });

  it('a reset planted in the database without the keys is never sent, and the lead is alerted', async () => {
    const { acs, desk, outbox, entries } = await deskOnFakeAcs();
    const [card] = desk.query<{ id: number }>('SELECT id FROM cards WHERE public_id = ?', cardId);
    const [agent] = desk.query<{ id: number }>("SELECT id FROM operators WHERE role = 'agent'");
    // Someone with write access to the file, without the keys: the seal functions are
    // their own stand-ins, so the row's MAC cannot be right.
    const raw = new Database(desk.dbPath);
    raw.pragma('foreign_keys = OFF');
    raw.function('desk_row_key_id', () => 'forged');
    raw.function('desk_row_mac', { varargs: true }, () => Buffer.alloc(32));
    raw.function('desk_row_holds', { varargs: true }, () => 0);
    const at = desk.clock.now().toISOString();
    raw
      .prepare(
        `INSERT INTO resets (id, public_id, card_id, call_id, lock_since, requested_by, requested_at, reason, note)
         VALUES (777, 'reset_planted', ?, 999, ?, ?, ?, 'cardholder-mistyped-code', 'planted')`,
      )
      .run(card!.id, LOCK_SINCE.toISOString(), agent!.id, at);
    raw
      .prepare(
        `INSERT INTO reset_outbox (reset_id, idempotency_key, lock_cause, created_at, updated_at)
         VALUES (777, 'reset:planted:1', 'wrong_codes', ?, ?)`,
      )
      .run(at, at);
    raw.close();

    await until(
      'withheld',
      () => desk.internal,
      (lines) =>
        lines.includes("acs relay: reset reset_planted withheld (its card's rows fail their seal)"),
    );
    // A few more rounds: still never sent, alerted once, and the relay does not spin on it.
    await sleep(300);
    expect(outbox()).toEqual([
      { state: 'pending', idempotency_key: 'reset:planted:1', last_error: null },
    ]);
    expect(acs.requests().apply).toBe(0);
    expect(acs.clears()).toEqual({});
    expect(entries(['alert.altered-row']).map((e) => e.details)).toEqual([
      expect.objectContaining({ table: 'resets' }),
    ]);
    expect(desk.internal.filter((line) => line.includes('withheld'))).toHaveLength(1);
    expect(desk.query('SELECT kind FROM alerts')).toEqual([{ kind: 'altered-row' }]);
  });

  it('a reset whose outbox row is forged to an end state is still sent: the relay trusts only the trail, reopens it and alerts the lead', async () => {
    const { acs, desk, reset, outbox, entries } = await deskOnFakeAcs();
    acs.fault({ kind: 'status', status: 503 }, 'apply');
    const failed = await reset();
    expect(failed.reset).toMatchObject({ state: 'failed' });
    // Someone with the file (no keys needed: the outbox row is not sealed) ends it 'refused'.
    const raw = new Database(desk.dbPath);
    raw.prepare("UPDATE reset_outbox SET state = 'refused', last_error = 'fraud-hold'").run();
    raw.close();
    const verify = await runCli([
      'audit',
      'verify',
      '--db',
      desk.dbPath,
      '--key-file',
      desk.keyFile,
    ]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain(
      `reset ${failed.reset!.resetId}'s outbox row says refused, but neither the trail nor its sealed row says it ended`,
    );
    await acsBack(acs);
    desk.clock.advance(61_000);
    const [row] = await until('applied', outbox, (rows) => rows[0]?.state === 'applied');
    expect(acs.clears()).toEqual({ [row!.idempotency_key]: 1 });
    expect(entries(['alert.altered-row']).map((e) => e.details)).toEqual([
      { table: 'reset_outbox', state: 'refused' },
    ]);
    expect(entries(['lockout.reset-acs-refused'])).toEqual([]);
    expect(desk.query('SELECT kind, scope FROM alerts')).toEqual([
      { kind: 'altered-row', scope: 'reset_outbox' },
    ]);
    expect(
      desk.internal.filter((line) => line.includes('reopened (its outbox row said it ended')),
    ).toHaveLength(1);
  });

  it('a reset that ended expired, then one that ended refused, leave the lock free: a verified caller resets it again, under a key of its own', async () => {
    const { acs, desk, reset, outbox } = await deskOnFakeAcs();
    const verify = () =>
      desk.core.router.call('w1', 'caller.verify', {
        cardId,
        dob: who.dob,
        postcode: who.postcode,
      });
    // A verification valid 5 minutes: it runs out before the console locks for idleness.
    await desk.setPolicy('verificationValidMinutes', 5);
    acs.fault({ kind: 'status', status: 503 }, 'apply');
    expect((await reset()).reset).toMatchObject({ state: 'failed' });
    await acsBack(acs);
    desk.clock.advance(6 * MINUTE);
    await until('expired', outbox, (rows) => rows[0]?.state === 'expired');

    // Verified again: the lock may be reset again; this time the ACS refuses (its policy).
    const again = await verify();
    expect(again, JSON.stringify(again)).toMatchObject({ ok: true, value: { status: 'verified' } });
    acs.card(REF, 'policy');
    expect((await reset()).reset).toMatchObject({ state: 'refused', lastError: 'policy' });
    // The issuer changed its mind: a third reset of the same lock is sent and applied.
    acs.card(REF, null);
    const third = await reset();
    expect(third.reset).toMatchObject({ state: 'applied' });
    expect(third.lock).toMatchObject({ state: 'unlocked' });
    const keys = outbox().map((row) => [row.state, row.idempotency_key]);
    const first = keys[0]![1]!;
    expect(keys).toEqual([
      ['expired', first],
      ['refused', `${first}:2`],
      ['applied', `${first}:3`],
    ]);
    expect(acs.clears()).toEqual({ [`${first}:3`]: 1 });
  });
});
