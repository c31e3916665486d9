/**
 * The first sight of a flagged attempt (transStatusReason 10 or 11) is recorded in the trail
 * (`lockout.fraud-reason-seen`), because the attempts are the issuer's feed and not sealed. A
 * writer with the file but no key deletes the attempt and then takes the entry out of the
 * fraud check's selection by a column it is selected by: its action renamed, its attempt's time
 * or its own moved back, its subject moved to another card, or the entry deleted. None lifts the
 * refusal: the card's entries in the window are read whatever their action, and one that
 * fails its MAC counts as fraud seen; an entry the console counted and no longer finds is
 * altered (counted-entries.ts). Either way the trail is marked broken (resets refused, the
 * agent signed out) and the lead alerted.
 */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../main/core/clock.ts';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoOperator } from '../../../main/core/demo/demo-operators.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { createDeskCore } from '../../../main/core/desk-core.ts';
import { deskCoreOptions } from '../../../main/core/desk-core-options.ts';
import { TEST_PASSWORD_COST, useDemoCore } from '../../helpers/demo-core.ts';
import { editEntry } from '../../helpers/hide-entry.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { expectAgentOutAndResetsRefused } from '../../helpers/trail-broken-desk.ts';

// No trail watch runs: the console's own reads must notice (the watch's next full pass would).
const demoCore = useDemoCore({ cardholders: 12 });
const who = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const cardId = who.cards[0]!.publicId;
const SEEN = 'lockout.fraud-reason-seen';
const RESET = { cardId, reason: 'cardholder-mistyped-code', note: 'Verified; code mistyped.' };

const trailBroken = (keyFile: string) =>
  (JSON.parse(readFileSync(keyFile, 'utf8')) as { trailBroken?: { seq: number } }).trailBroken;

/** A console with the card open and its caller verified; the card's latest attempt flagged 11. */
async function fraudSeenOnce() {
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
  // The first sight: refused for fraud, and recorded.
  expect(await desk.core.router.call('w1', 'lockout.status', { cardId })).toMatchObject({
    ok: true,
    value: { allowed: false, refusal: 'fraud' },
  });
  // The call goes on (so the record is not the console's newest entry: cutting that one is
  // found by the trail's own check, audit-trail.ts).
  expect(
    await desk.core.router.call('w1', 'caller.verify', {
      cardId,
      dob: who.dob,
      postcode: who.postcode,
    }),
  ).toMatchObject({ ok: true, value: { status: 'verified' } });
  const [seen] = desk.query<{ seq: number }>(
    `SELECT seq FROM audit_log WHERE action = '${SEEN}' AND subject_id = ?`,
    cardId,
  );
  expect(seen).toBeDefined();
  return { desk, seq: seen!.seq };
}

/** The insider: the flagged attempt deleted, then `sql` run on the trail with its triggers off. */
function hide(dbPath: string, sql: string) {
  const raw = keylessWriter(dbPath);
  try {
    raw.prepare("DELETE FROM auth_attempts WHERE trans_status_reason = '11'").run();
    editEntry(raw, sql);
  } finally {
    raw.close();
  }
}

describe('the record of fraud seen, taken out of the fraud check by a column', () => {
  it.each([
    [
      'its action renamed',
      (seq: number) => `UPDATE audit_log SET action = 'card.read-only' WHERE seq = ${seq}`,
    ],
    [
      'its attempt time moved back out of the window',
      (seq: number) =>
        `UPDATE audit_log SET details = json_set(details, '$.attemptAt', '2000-01-01T00:00:00.000Z')
         WHERE seq = ${seq}`,
    ],
    [
      'its subject moved to another card',
      (seq: number) => `UPDATE audit_log SET subject_id = 'crd_elsewhere' WHERE seq = ${seq}`,
    ],
    [
      'its own time moved back out of the window',
      (seq: number) => `UPDATE audit_log SET at = '2000-01-01T00:00:00.000Z' WHERE seq = ${seq}`,
    ],
    ['deleted', (seq: number) => `DELETE FROM audit_log WHERE seq = ${seq}`],
  ])('%s: the reset is refused, the trail marked, the lead alerted', async (_what, edit) => {
    const { desk, seq } = await fraudSeenOnce();
    hide(desk.dbPath, edit(seq));

    const reset = await desk.core.router.call('w1', 'lockout.reset', RESET);
    expect(reset).toMatchObject({ ok: false });
    expect((reset as { error: { reason: string } }).error.reason).toMatch(
      /^reset\.(fraud|trail-broken)$/u,
    );
    expect(desk.query('SELECT count(*) AS n FROM resets')).toEqual([{ n: 0 }]);
    expect(trailBroken(desk.keyFile)).toMatchObject({ seq });
    expect(
      desk.query(
        `SELECT count(*) AS n FROM audit_log WHERE action = 'alert.altered-row'
           AND json_extract(details, '$.table') = 'audit_log' AND json_extract(details, '$.seq') = ?`,
        seq,
      ),
    ).toEqual([{ n: 1 }]);
    await expectAgentOutAndResetsRefused(desk, cardId);
  });

  it('renamed before any console looked again: another console on the file refuses too', async () => {
    const { desk, seq } = await fraudSeenOnce();
    hide(desk.dbPath, `UPDATE audit_log SET action = 'card.read-only' WHERE seq = ${seq}`);

    // Another console process on the same file: it never counted the entry.
    const core = createDeskCore(
      deskCoreOptions({
        dbPath: desk.dbPath,
        keyFile: desk.keyFile,
        clock: manualClock(desk.clock.now()),
        origin: 'console@test2',
        logInternal: () => undefined,
        passwordCost: TEST_PASSWORD_COST,
      }),
    );
    try {
      const agent = demoOperator('agent');
      const call = (channel: string, input: unknown) => core.router.call('w2', channel, input);
      expect(
        (await call('session.signIn', { username: agent.username, password: agent.password })).ok,
      ).toBe(true);
      expect(
        (await call('cards.search', { key: 'customer-ref', customerRef: who.customerRef })).ok,
      ).toBe(true);
      expect((await call('cards.open', { cardId })).ok).toBe(true);
      expect(
        await call('caller.verify', { cardId, dob: who.dob, postcode: who.postcode }),
      ).toMatchObject({ ok: true, value: { status: 'verified' } });
      const reset = await call('lockout.reset', RESET);
      expect(reset).toMatchObject({ ok: false });
      expect((reset as { error: { reason: string } }).error.reason).toMatch(
        /^reset\.(fraud|trail-broken)$/u,
      );
    } finally {
      core.close();
    }
    expect(desk.query('SELECT count(*) AS n FROM resets')).toEqual([{ n: 0 }]);
    expect(trailBroken(desk.keyFile)).toMatchObject({ seq });
  });
});
