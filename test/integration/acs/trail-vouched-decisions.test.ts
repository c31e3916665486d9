/**
 * The reset decision and the outbox relay read what the audit trail vouches for, never a row a
 * writer without the keys could add, change or delete: whether the caller was verified in the
 * call (and when), how many answers missed, and whether a reset already ended. Each test is a
 * writer who holds no key but can write the database file, against the fake ACS.
 */
import Database from 'better-sqlite3';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { DEMO_EPOCH, DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { editEntry } from '../../helpers/hide-entry.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { setAcsByCli, setCardRef, useFakeAcs } from './acs-fixture.ts';

const { fake } = useFakeAcs();
const demoCore = useDemoCore({ cardholders: 12 });
const who = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const cardId = who.cards[0]!.publicId;
const REF = 'ACS-TV-1';
const MINUTE = 60_000;
const epoch = new Date(DEMO_EPOCH).getTime();
const NOTE = { cardId, reason: 'cardholder-mistyped-code', note: 'Verified; code mistyped.' };

/** A locked card at the fake ACS, a console (the relay too, if asked) with the card open. */
async function lockedCardOpen(options: { relayResets?: boolean } = {}) {
  let now = () => new Date(epoch);
  const acs = await fake({ now: () => now() });
  acs.card(REF, null);
  acs.lock(REF, { since: new Date(epoch - MINUTE), until: null, cause: 'wrong_codes' });
  const desk = await demoCore(options, async ({ dbPath, keyFile }) => {
    await setAcsByCli(dbPath, keyFile, acs.url);
    setCardRef(dbPath, keyFile, cardId, REF);
  });
  now = () => desk.clock.now();
  await desk.signIn('agent');
  expect((await desk.openCard(cardId)).ok).toBe(true);
  return { acs, desk };
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

describe('the caller is verified only as the trail says', () => {
  it('a verification_attempts row inserted without the keys verifies nobody: no reset, nothing cleared', async () => {
    const { acs, desk } = await lockedCardOpen();
    const raw = keylessWriter(desk.dbPath);
    const call = raw
      .prepare<[], { id: number; card_id: number }>(
        'SELECT id, card_id FROM calls WHERE ended_at IS NULL ORDER BY id DESC LIMIT 1',
      )
      .get()!;
    raw
      .prepare(
        "INSERT INTO verification_attempts (call_id, card_id, at, result) VALUES (?, ?, ?, 'verified')",
      )
      .run(call.id, call.card_id, desk.clock.now().toISOString());
    raw.close();

    const status = await desk.core.router.call('w1', 'lockout.status', { cardId });
    expect(status).toMatchObject({ ok: true, value: { allowed: false, refusal: 'not-verified' } });
    const reset = await desk.core.router.call('w1', 'lockout.reset', NOTE);
    expect(reset).toMatchObject({ ok: false, error: { reason: 'reset.not-verified' } });
    expect(acs.clears()).toEqual({});
    expect(desk.query('SELECT count(*) AS n FROM resets')).toEqual([{ n: 0 }]);

    // The caller then answers for real: verified from that answer's own entry.
    const verified = await desk.core.router.call('w1', 'caller.verify', {
      cardId,
      dob: who.dob,
      postcode: who.postcode,
    });
    expect(verified).toMatchObject({ ok: true, value: { status: 'verified' } });
    expect(await desk.core.router.call('w1', 'lockout.status', { cardId })).toMatchObject({
      ok: true,
      value: { allowed: true },
    });
  });

  it('a real verification moved forward in time without the keys keeps its own time: it has expired', async () => {
    const { desk } = await lockedCardOpen();
    await desk.core.router.call('w1', 'caller.verify', {
      cardId,
      dob: who.dob,
      postcode: who.postcode,
    });
    await desk.setPolicy('verificationValidMinutes', 5);
    desk.clock.advance(10 * MINUTE);
    const raw = keylessWriter(desk.dbPath);
    raw
      .prepare("UPDATE verification_attempts SET at = ? WHERE result = 'verified'")
      .run(desk.clock.now().toISOString());
    raw.close();
    expect(await desk.core.router.call('w1', 'lockout.status', { cardId })).toMatchObject({
      ok: true,
      value: { allowed: false, refusal: 'verification-expired' },
    });
  });
});

describe('a reset is sent only while the trail says it may be', () => {
  /** The caller verified, the reset recorded, and the ACS answering 503: the reset failed. */
  async function failedReset(
    desk: Awaited<ReturnType<typeof lockedCardOpen>>['desk'],
    acs: Awaited<ReturnType<typeof fake>>,
  ) {
    await desk.core.router.call('w1', 'caller.verify', {
      cardId,
      dob: who.dob,
      postcode: who.postcode,
    });
    acs.fault({ kind: 'status', status: 503 }, 'apply');
    const first = await desk.core.router.call('w1', 'lockout.reset', NOTE);
    expect(first).toMatchObject({ ok: true, value: { reset: { state: 'failed' } } });
    acs.fault(null, 'any');
  }
  const outbox = (desk: { query: <T>(sql: string) => T[] }) =>
    desk.query<{ state: string }>('SELECT state FROM reset_outbox ORDER BY id');

  it.each([
    ['', false],
    [', the entry that expired it edited', true],
  ])(
    'an expired reset opened again in the file (its times moved on too%s) is never sent: put back, a lead alerted',
    async (_, editEnding) => {
      const { acs, desk } = await lockedCardOpen({ relayResets: true });
      await failedReset(desk, acs);
      desk.clock.advance(31 * MINUTE);
      await until(
        'expired',
        () => outbox(desk),
        (rows) => rows[0]?.state === 'expired',
      );

      desk.clock.advance(3 * 60 * MINUTE);
      const at = desk.clock.now().toISOString();
      const raw = keylessWriter(desk.dbPath);
      raw.prepare('UPDATE resets SET requested_at = ?').run(at);
      raw.prepare("UPDATE verification_attempts SET at = ? WHERE result = 'verified'").run(at);
      raw.prepare("UPDATE reset_outbox SET state = 'pending', next_attempt_at = NULL").run();
      // One byte of the ending's entry: its MAC fails, and the ending must not vanish with it.
      if (editEnding)
        editEntry(
          raw,
          "UPDATE audit_log SET origin = origin || ' ' WHERE action = 'lockout.reset-expired'",
        );
      raw.close();

      const alerts = () =>
        desk.query<{ details: string }>(
          "SELECT details FROM audit_log WHERE action = 'alert.altered-row' AND subject_type = 'reset'",
        );
      await until('the alert', alerts, (rows) => rows.length === 1);
      expect(JSON.parse(alerts()[0]!.details)).toMatchObject({
        table: 'reset_outbox',
        ended: 'expired',
      });
      expect(outbox(desk)).toEqual([{ state: 'expired' }]);
      expect(acs.clears()).toEqual({});
      expect(desk.query('SELECT state FROM resets')).toEqual([{ state: 'failed' }]);
    },
  );

  it('a failed reset whose request and verification times were moved on in the file expires on its real times', async () => {
    const { acs, desk } = await lockedCardOpen();
    await desk.setPolicy('verificationValidMinutes', 5);
    await failedReset(desk, acs);
    desk.clock.advance(6 * MINUTE);
    const at = desk.clock.now().toISOString();
    const raw = keylessWriter(desk.dbPath);
    raw.prepare('UPDATE resets SET requested_at = ?').run(at);
    raw.prepare("UPDATE verification_attempts SET at = ? WHERE result = 'verified'").run(at);
    raw.close();

    const retried = await desk.core.router.call('w1', 'lockout.retry', { cardId });
    expect(retried).toMatchObject({ ok: true, value: { reset: { state: 'expired' } } });
    expect(outbox(desk)).toEqual([{ state: 'expired' }]);
    expect(acs.clears()).toEqual({});
  });
});

describe('whoever sends a reset asks the fraud rule again', () => {
  it('a queued reset on a card the feed has since flagged for fraud is never sent by the relay: refused for fraud, the lead alerted', async () => {
    const { acs, desk } = await lockedCardOpen({ relayResets: true });
    await desk.core.router.call('w1', 'caller.verify', {
      cardId,
      dob: who.dob,
      postcode: who.postcode,
    });
    acs.fault({ kind: 'status', status: 503 }, 'apply');
    const first = await desk.core.router.call('w1', 'lockout.reset', NOTE);
    expect(first).toMatchObject({ ok: true, value: { reset: { state: 'failed' } } });

    // The issuer's feed (it holds the keys; auth_attempts is its table) flags a checkout (11).
    const feed = new Database(desk.dbPath);
    feed
      .prepare(
        `UPDATE auth_attempts SET trans_status_reason = '11', at = ?
         WHERE id = (SELECT a.id FROM auth_attempts a JOIN cards c ON c.id = a.card_id
                     WHERE c.public_id = ? ORDER BY a.at DESC LIMIT 1)`,
      )
      .run(desk.clock.now().toISOString(), cardId);
    feed.close();
    acs.fault(null, 'any');
    desk.clock.advance(MINUTE);

    const outbox = () =>
      desk.query<{ state: string; last_error: string | null }>(
        'SELECT state, last_error FROM reset_outbox',
      );
    await until('refused', outbox, (rows) => rows[0]?.state === 'refused');
    expect(outbox()).toEqual([{ state: 'refused', last_error: 'fraud-suspected' }]);
    expect(acs.clears()).toEqual({});
    expect(
      desk.query("SELECT kind, subject_type FROM alerts WHERE kind = 'reset-refused-fraud'"),
    ).toEqual([{ kind: 'reset-refused-fraud', subject_type: 'reset' }]);
    // Nothing left to send again.
    expect(await desk.core.router.call('w1', 'lockout.retry', { cardId })).toMatchObject({
      ok: false,
      error: { reason: 'reset.nothing-to-retry' },
    });
  });
});

describe('misses count as the trail records them', () => {
  it('deleting the misses in the file gives no fresh guesses: verification stays blocked', async () => {
    const desk = await demoCore();
    await desk.signIn('agent');
    expect((await desk.openCard(cardId)).ok).toBe(true);
    const guess = (dob = '1900-01-01', postcode = '0000000') =>
      desk.core.router.call('w1', 'caller.verify', { cardId, dob, postcode });
    let last = await guess();
    for (
      let i = 0;
      i < 10 && last.ok && (last.value as { status: string }).status !== 'blocked';
      i++
    )
      last = await guess();
    expect(last).toMatchObject({ ok: true, value: { status: 'blocked' } });

    const raw = keylessWriter(desk.dbPath);
    raw.prepare("DELETE FROM verification_attempts WHERE result = 'not-verified'").run();
    raw.close();

    // The right pair is not even tried: the limit still stands.
    expect(await guess(who.dob, who.postcode)).toMatchObject({
      ok: false,
      error: { reason: 'verification.blocked' },
    });
    expect(await desk.core.router.call('w1', 'lockout.status', { cardId })).toMatchObject({
      ok: true,
      value: { allowed: false, refusal: 'not-verified' },
    });
  });
});

describe('suspected fraud, once seen, stays seen', () => {
  it('deleting the flagged attempt in the file does not lift the fraud refusal', async () => {
    const desk = await demoCore({}, ({ dbPath }) => {
      // The issuer's data: the latest attempt on the card was flagged suspected fraud (11).
      const db = new Database(dbPath);
      db.prepare(
        `UPDATE auth_attempts SET trans_status_reason = '11'
         WHERE id = (SELECT a.id FROM auth_attempts a JOIN cards c ON c.id = a.card_id
                     WHERE c.public_id = ? ORDER BY a.at DESC LIMIT 1)`,
      ).run(cardId);
      db.close();
    });
    await desk.signIn('agent');
    expect((await desk.openCard(cardId)).ok).toBe(true);
    await desk.core.router.call('w1', 'caller.verify', {
      cardId,
      dob: who.dob,
      postcode: who.postcode,
    });
    expect(await desk.core.router.call('w1', 'lockout.status', { cardId })).toMatchObject({
      ok: true,
      value: { allowed: false, refusal: 'fraud' },
    });
    // Seen once, recorded once, however often the panel asks.
    await desk.core.router.call('w1', 'lockout.status', { cardId });
    expect(
      desk.query(
        `SELECT count(*) AS n FROM audit_log WHERE action = 'lockout.fraud-reason-seen' AND subject_id = '${cardId}'`,
      ),
    ).toEqual([{ n: 1 }]);

    const raw = keylessWriter(desk.dbPath);
    raw.prepare("DELETE FROM auth_attempts WHERE trans_status_reason = '11'").run();
    raw.close();

    const reset = await desk.core.router.call('w1', 'lockout.reset', NOTE);
    expect(reset).toMatchObject({ ok: false, error: { reason: 'reset.fraud' } });
    expect(desk.query('SELECT count(*) AS n FROM resets')).toEqual([{ n: 0 }]);
  });
});
