/**
 * The trail watch knows the newest entry it verified (seq, MAC), in memory and in the key
 * store. A writer without the keys cuts every entry after the last checkpoint (at most
 * MAX_ANCHOR_LAG of them: the misses that blocked a caller among them) and the alerts rows.
 * A full pass alone would answer 'unanchored-tail' for what is left; the watch knows the trail
 * reached further and no restore was recorded: a cut, marked at once — by the process that
 * saw it, and by a console started afterwards (from the key store's note).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDeskCore } from '../../../main/core/desk-core.ts';
import { deskCoreOptions } from '../../../main/core/desk-core-options.ts';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore, TEST_PASSWORD_COST } from '../../helpers/demo-core.ts';
import { editEntry } from '../../helpers/hide-entry.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { expectAgentOutAndResetsRefused } from '../../helpers/trail-broken-desk.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const who = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const cardId = who.cards[0]!.publicId;
const WATCH = { trailWatchMs: 3_600_000 };

type Desk = Awaited<ReturnType<typeof demoCore>>;

const trailBroken = (keyFile: string) =>
  (JSON.parse(readFileSync(keyFile, 'utf8')) as { trailBroken?: { seq: number } }).trailBroken;

/** Blocks the caller with misses; answers the last anchored entry (the cut goes after it). */
async function blockedCaller(desk: Desk): Promise<number> {
  expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'holds', full: true });
  await desk.signIn('agent');
  expect((await desk.openCard(cardId)).ok).toBe(true);
  const anchored = () =>
    Math.max(
      ...readFileSync(`${desk.dbPath}.anchors`, 'utf8')
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { seq: number }).seq),
    );
  const before = anchored();
  let last = await desk.core.router.call('w1', 'caller.verify', {
    cardId,
    dob: '1900-01-01',
    postcode: '0000000',
  });
  for (let i = 0; i < 10 && last.ok && (last.value as { status: string }).status !== 'blocked'; i++)
    last = await desk.core.router.call('w1', 'caller.verify', {
      cardId,
      dob: '1900-01-01',
      postcode: '0000000',
    });
  expect(last).toMatchObject({ ok: true, value: { status: 'blocked' } });
  // The watch checks the new entries (a few seconds on: it notes how far it got).
  desk.clock.advance(6_000);
  expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'holds', full: false });
  expect(anchored()).toBe(before); // no checkpoint since the card was opened
  return before;
}

function cut(dbPath: string, after: number) {
  const raw = keylessWriter(dbPath);
  editEntry(raw, `DELETE FROM audit_log WHERE seq > ${after}`);
  raw.exec('DELETE FROM alerts');
  raw.close();
}

describe('the tail the watch verified, cut back', () => {
  it('the watch that verified it marks the cut at once; resets are refused', async () => {
    const desk = await demoCore(WATCH);
    const after = await blockedCaller(desk);
    cut(desk.dbPath, after);
    expect(await desk.core.trailWatch!.look()).toMatchObject({
      outcome: 'broken',
      broken: { seq: after + 1 },
    });
    expect(trailBroken(desk.keyFile)).toMatchObject({ seq: after + 1 });
    // The entries cut were this console's: its next write finds its newest one gone and is
    // refused once (audit-trail.ts); the break was already marked and alerted by the watch.
    expect(await desk.core.router.call('w1', 'session.signOut', {})).toMatchObject({
      ok: false,
      error: { reason: 'internal' },
    });
    await expectAgentOutAndResetsRefused(desk, cardId);
    expect(
      desk.query("SELECT count(*) AS n FROM audit_log WHERE action = 'alert.altered-row'"),
    ).toEqual([{ n: 1 }]);
  });

  it('another console that takes the watch over after the cut finds it from the key store: a cut, not an unanchored tail', async () => {
    const desk = await demoCore(WATCH);
    const after = await blockedCaller(desk);
    // The console that verified the tail stops watching (it hands the lease on).
    desk.core.trailWatch!.halt();
    cut(desk.dbPath, after);
    const core = createDeskCore(
      deskCoreOptions({
        dbPath: desk.dbPath,
        keyFile: desk.keyFile,
        clock: desk.clock,
        origin: 'console@test',
        logInternal: () => undefined,
        passwordCost: TEST_PASSWORD_COST,
        ...WATCH,
      }),
    );
    try {
      expect(await core.trailWatch!.look()).toMatchObject({
        outcome: 'broken',
        broken: { seq: after + 1 },
        full: true,
      });
    } finally {
      core.close();
    }
    expect(trailBroken(desk.keyFile)).toMatchObject({
      seq: after + 1,
      problem: expect.stringMatching(/the tail was cut/u),
    });
  });
});
