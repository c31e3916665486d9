/**
 * Misses are counted from the trail, and every entry counted must verify: a miss flipped out of
 * the count in the file (result edited, triggers dropped and put back) after the trail watch
 * verified it blocks verification at once — the right pair does not verify — marks the trail
 * broken in the key store (putting the entry back does not clear it) and alerts the lead.
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

function setResult(dbPath: string, seqs: number[], result: string) {
  const raw = keylessWriter(dbPath);
  try {
    editEntry(raw, `UPDATE audit_log SET result = '${result}' WHERE seq IN (${seqs.join(',')})`);
  } finally {
    raw.close();
  }
}

describe('a caller.verify miss edited in the file after the watch verified it', () => {
  it('blocks verification, marks the trail broken for good and alerts the lead', async () => {
    const desk = await demoCore(WATCH);
    expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'holds', full: true });
    await desk.signIn('agent');
    expect((await desk.openCard(cardId)).ok).toBe(true);
    const miss = await desk.core.router.call('w1', 'caller.verify', {
      cardId,
      dob: '1900-01-01',
      postcode: '0000001',
    });
    expect(miss).toMatchObject({ ok: true, value: { status: 'unverified' } });
    expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'holds', full: false });
    const hidden = desk
      .query<{
        seq: number;
      }>("SELECT seq FROM audit_log WHERE action = 'caller.verify' AND result = 'failure'")
      .map((r) => r.seq);
    expect(hidden).toHaveLength(1);
    setResult(desk.dbPath, hidden, 'refused');
    const right = await desk.core.router.call('w1', 'caller.verify', {
      cardId,
      dob: who.dob,
      postcode: who.postcode,
    });
    expect(right).not.toMatchObject({ ok: true, value: { status: 'verified' } });
    expect(trailBroken(desk.keyFile)).toMatchObject({ seq: hidden[0] });
    expect(
      desk.query(
        "SELECT count(*) AS n FROM audit_log WHERE action = 'alert.altered-row' AND json_extract(details, '$.seq') = ?",
        hidden[0],
      ),
    ).toEqual([{ n: 1 }]);
    // Put back as it was: the mark stays (it is in the key store).
    setResult(desk.dbPath, hidden, 'failure');
    expect(trailBroken(desk.keyFile)).toMatchObject({ seq: hidden[0] });
  });
});
