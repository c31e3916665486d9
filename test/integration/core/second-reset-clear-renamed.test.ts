/**
 * The second-reset rule reads the card's earlier clears from the trail (vouched-clears.ts) by
 * action, subject and time — columns a writer without the keys can change. An entry this
 * console read once and gone from the selection since (renamed, or its time moved back), with
 * the cleared lockouts row deleted too, must not let a second reset within the window through
 * without a lead: it reads as a clear now, and the trail is marked broken (the key store says
 * so, put back or not) — before the trail watch's next full pass.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { LOCKOUT_CLEARED } from '../../../main/core/lockout/vouched-clears.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { editEntry } from '../../helpers/hide-entry.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const CARD = '(SELECT id FROM cards WHERE public_id = ?)';
const who = demoScenarioPerson(DEMO_SEED, 'reset-yesterday');
const cardId = who.cards[0]!.publicId;
/** The watch's own timer never fires in a test. */
const WATCH = { trailWatchMs: 3_600_000 };

const trailBroken = (keyFile: string) =>
  (JSON.parse(readFileSync(keyFile, 'utf8')) as { trailBroken?: { seq: number } }).trailBroken;

describe.each([
  ['renamed', `SET action = 'import.lockout-clearex'`],
  ['moved back in time', `SET at = '2000-01-01T00:00:00.000Z'`],
])('the earlier clear entry %s, the cleared row deleted', (_how, hide) => {
  it('no second reset is applied without a lead, and the trail is marked broken', async () => {
    const desk = await demoCore(WATCH);
    const [{ seq }] = desk.query<{ seq: number }>(
      'SELECT seq FROM audit_log WHERE action = ? AND subject_id = ?',
      LOCKOUT_CLEARED,
      cardId,
    ) as [{ seq: number }];
    await desk.signIn('agent');
    expect((await desk.openCard(cardId)).ok).toBe(true);
    expect(
      await desk.core.router.call('w1', 'caller.verify', {
        cardId,
        dob: who.dob,
        postcode: who.postcode,
      }),
    ).toMatchObject({ ok: true, value: { status: 'verified' } });
    // The clear 23 h ago sends the reset to a lead.
    expect(await desk.core.router.call('w1', 'lockout.status', { cardId })).toMatchObject({
      ok: true,
      value: { allowed: true, escalation: ['second-reset'] },
    });

    const raw = keylessWriter(desk.dbPath);
    try {
      const cleared = raw
        .prepare(`SELECT id FROM lockouts WHERE cleared_at IS NOT NULL AND card_id = ${CARD}`)
        .get(cardId) as { id: number };
      raw.prepare('DELETE FROM lockouts WHERE id = ?').run(cleared.id);
      editEntry(raw, `UPDATE audit_log ${hide} WHERE seq = ${seq}`);
    } finally {
      raw.close();
    }

    const status = await desk.core.router.call('w1', 'lockout.status', { cardId });
    expect(status).not.toMatchObject({ ok: true, value: { allowed: true, escalation: [] } });
    expect(
      await desk.core.router.call('w1', 'lockout.reset', {
        cardId,
        reason: 'cardholder-mistyped-code',
        note: 'Caller mistyped the code twice.',
      }),
    ).not.toMatchObject({ ok: true, value: { reset: { state: 'applied' } } });
    expect(desk.query("SELECT state FROM reset_outbox WHERE state = 'applied'")).toEqual([]);
    expect(trailBroken(desk.keyFile)).toMatchObject({ seq });
  });
});
