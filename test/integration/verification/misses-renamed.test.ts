/**
 * The miss counts select the call's and the cardholder's caller.verify entries by columns a
 * writer without the keys can change (the action, the subject, the call, the time). Right
 * after a full pass of the trail watch, the writer renames every miss so far (action
 * 'caller.verify' → 'card.read-only'), so the count would see none, and puts them back before
 * the next pass. The console remembers the entries it counted (counted-entries.ts): one gone
 * from the selection is read by its number, fails its MAC, and the verification is refused;
 * the trail is marked broken, the agent signed out at once, and putting the entries back
 * changes nothing.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { editEntry } from '../../helpers/hide-entry.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const who = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const cardId = who.cards[0]!.publicId;
const WATCH = { trailWatchMs: 3_600_000 };

const trailBroken = (keyFile: string) =>
  (JSON.parse(readFileSync(keyFile, 'utf8')) as { trailBroken?: { seq: number } }).trailBroken;

describe('misses renamed between full passes', () => {
  it('the next count finds the entries it counted gone: refused and marked, put back or not', async () => {
    const desk = await demoCore(WATCH);
    const watch = desk.core.trailWatch!;
    await desk.signIn('agent');
    expect((await desk.openCard(cardId)).ok).toBe(true);
    const wrong = { cardId, dob: '1900-01-01', postcode: '0000000' };
    const right = { cardId, dob: who.dob, postcode: who.postcode };
    const edit = (sql: string) => {
      const raw = keylessWriter(desk.dbPath);
      editEntry(raw, sql);
      raw.close();
    };
    for (let i = 0; i < 2; i++)
      expect(await desk.core.router.call('w1', 'caller.verify', wrong)).toMatchObject({
        ok: true,
        value: { status: 'unverified' },
      });
    expect(await watch.fullPass()).toMatchObject({ outcome: 'holds', full: true });
    const misses = desk
      .query<{ seq: number }>(
        "SELECT seq FROM audit_log WHERE action = 'caller.verify' AND result = 'failure'",
      )
      .map((row) => row.seq);
    expect(misses).toHaveLength(2);
    edit(`UPDATE audit_log SET action = 'card.read-only' WHERE seq IN (${misses.join(',')})`);

    expect(await desk.core.router.call('w1', 'caller.verify', right)).not.toMatchObject({
      ok: true,
      value: { status: 'verified' },
    });
    expect(trailBroken(desk.keyFile)).toMatchObject({ seq: misses[0] });
    // Put back: the mark stays, and the agent's session has ended with it.
    edit(`UPDATE audit_log SET action = 'caller.verify' WHERE seq IN (${misses.join(',')})`);
    expect(await desk.core.router.call('w1', 'caller.verify', right)).toMatchObject({
      ok: false,
      error: { reason: 'session.signed-out' },
    });
    expect(trailBroken(desk.keyFile)).toMatchObject({ seq: misses[0] });
    expect(
      desk.query("SELECT 1 FROM audit_log WHERE action = 'caller.verify' AND result = 'success'"),
    ).toHaveLength(0);
  });

  it('control: misses that leave the window by their time free the cardholder as before', async () => {
    const desk = await demoCore(WATCH);
    await desk.signIn('agent');
    expect((await desk.openCard(cardId)).ok).toBe(true);
    const wrong = { cardId, dob: '1900-01-01', postcode: '0000000' };
    expect(await desk.core.router.call('w1', 'caller.verify', wrong)).toMatchObject({ ok: true });
    // A new call two days later: the old miss is out of the cardholder's window.
    desk.clock.advance(2 * 24 * 60 * 60_000);
    await desk.signIn('agent', 'w2');
    expect((await desk.openCard(cardId, 'w2')).ok).toBe(true);
    expect(
      await desk.core.router.call('w2', 'caller.verify', {
        cardId,
        dob: who.dob,
        postcode: who.postcode,
      }),
    ).toMatchObject({ ok: true, value: { status: 'verified' } });
    expect(trailBroken(desk.keyFile)).toBeUndefined();
  });
});
