/**
 * The newest entries are anchored MAX_ANCHOR_LAG at a time, and the trail watch looks every
 * few seconds: a writer without the keys who cuts each round of DOB/postcode misses off the
 * trail's tail at once (a script polling the file) would give the agent fresh guesses before
 * anything looked. The console remembers the newest entry it wrote: the next write finds it
 * gone, is refused (the verification that counted from the cut trail returns nothing), the
 * trail is marked broken in the key store and the lead alerted — and the agent is signed out.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { editEntry } from '../../helpers/hide-entry.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { runCli } from '../cli/cli-harness.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const who = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const cardId = who.cards[0]!.publicId;
const WATCH = { trailWatchMs: 3_600_000 };

const trailBroken = (keyFile: string) =>
  (JSON.parse(readFileSync(keyFile, 'utf8')) as { trailBroken?: { seq: number; problem: string } })
    .trailBroken;

describe('misses cut off the unanchored tail before anything looked', () => {
  it('the next write is refused, the trail marked and the lead alerted; the agent is signed out and the right pair never verifies', async () => {
    const desk = await demoCore(WATCH);
    await desk.signIn('agent');
    expect((await desk.openCard(cardId)).ok).toBe(true);
    const wrong = { cardId, dob: '1900-01-01', postcode: '0000000' };
    const head = desk.query<{ seq: number }>('SELECT max(seq) AS seq FROM audit_log')[0]!.seq;
    for (let i = 0; i < 3; i++)
      expect(await desk.core.router.call('w1', 'caller.verify', wrong)).toMatchObject({ ok: true });
    const raw = keylessWriter(desk.dbPath);
    editEntry(raw, `DELETE FROM audit_log WHERE seq > ${head}`);
    raw.exec('DELETE FROM alerts');
    raw.close();

    // The guess counted from the cut trail: refused, whatever the pair.
    const right = { cardId, dob: who.dob, postcode: who.postcode };
    expect(await desk.core.router.call('w1', 'caller.verify', right)).toMatchObject({ ok: false });
    expect(trailBroken(desk.keyFile)).toMatchObject({
      seq: expect.any(Number) as number,
      // Found by the count (an entry it counted is gone), by the write, or by the watch's
      // first look if it came between.
      problem: expect.stringMatching(/entry-altered|cut or edited|missing/u),
    });
    expect(trailBroken(desk.keyFile)!.seq).toBeGreaterThan(head);
    expect(
      desk.query(
        "SELECT json_extract(details, '$.table') AS t FROM audit_log WHERE action = 'alert.altered-row'",
      ),
    ).toEqual([{ t: 'audit_log' }]);
    // The agent's session has ended: no more guesses.
    expect(await desk.core.router.call('w1', 'caller.verify', right)).toMatchObject({
      ok: false,
      error: { reason: 'session.signed-out' },
    });
    expect(
      desk.query("SELECT 1 FROM audit_log WHERE action = 'caller.verify' AND result = 'success'"),
    ).toHaveLength(0);
    const verify = await runCli([
      'audit',
      'verify',
      '--db',
      desk.dbPath,
      '--key-file',
      desk.keyFile,
    ]);
    expect(verify.code).toBe(1);
  });
});
