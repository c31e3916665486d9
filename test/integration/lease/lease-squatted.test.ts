/**
 * Leases (lease/lease.ts) are plain rows: a writer without the keys plants the trail watch's
 * lease under a holder nobody runs, expiring in the year 9999, and hides the misses that
 * blocked a caller. No honest holder writes such an expiry, so the row holds nothing: the
 * watch takes the lease over at its next look, finds the hidden entries and stops resets.
 * (The same code path serves 'alert-timer', 'acs-outbox-relay', 'syslog-forwarder',
 * 'import-watcher' and 'desk-server'; the import watcher is tested in import/watch.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { editEntry } from '../../helpers/hide-entry.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { expectAgentOutAndResetsRefused } from '../../helpers/trail-broken-desk.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const who = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const cardId = who.cards[0]!.publicId;
const WATCH = { trailWatchMs: 3_600_000 };
const DAY = 24 * 3_600_000;

const trailBroken = (keyFile: string) =>
  (JSON.parse(readFileSync(keyFile, 'utf8')) as { trailBroken?: { seq: number } }).trailBroken;

describe('a lease row planted far in the future', () => {
  it('the trail watch takes it over at its next look: the hidden misses are found, resets refused', async () => {
    const desk = await demoCore(WATCH);
    expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'holds', full: true });
    await desk.signIn('agent');
    expect((await desk.openCard(cardId)).ok).toBe(true);
    let last = await desk.core.router.call('w1', 'caller.verify', {
      cardId,
      dob: '1900-01-01',
      postcode: '0000000',
    });
    for (
      let i = 0;
      i < 10 && last.ok && (last.value as { status: string }).status !== 'blocked';
      i++
    )
      last = await desk.core.router.call('w1', 'caller.verify', {
        cardId,
        dob: '1900-01-01',
        postcode: '0000000',
      });
    expect(last).toMatchObject({ ok: true, value: { status: 'blocked' } });

    const raw = keylessWriter(desk.dbPath);
    raw
      .prepare(
        `UPDATE leases SET holder = 'nobody', generation = generation + 1,
           expires_at = '9999-12-31T00:00:00.000Z' WHERE name = 'audit-trail-watch'`,
      )
      .run();
    editEntry(
      raw,
      "UPDATE audit_log SET result = 'refused' WHERE action = 'caller.verify' AND result = 'failure'",
    );
    raw.close();
    expect(
      await desk.core.router.call('w1', 'caller.verify', {
        cardId,
        dob: who.dob,
        postcode: who.postcode,
      }),
    ).not.toMatchObject({ ok: true, value: { status: 'verified' } });

    expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'broken' });
    await expectAgentOutAndResetsRefused(desk, cardId);
    for (let day = 0; day < 3; day++) {
      desk.clock.advance(DAY);
      expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'broken' });
    }
    expect(trailBroken(desk.keyFile)).toBeDefined();
    expect(desk.query("SELECT holder FROM leases WHERE name = 'audit-trail-watch'")).not.toEqual([
      { holder: 'nobody' },
    ]);
  });
});
