/**
 * An audit entry edited in the file after the trail watch verified it, and put back later.
 *
 * 1. Each look re-checks every entry since the last full pass, not only the new ones: a miss
 *    flipped out of the count right after the watch verified it is found at the next look
 *    (seconds), not at the next full pass (minutes, by when it is back as it was).
 * 2. Putting the edited entry back does not clear the mark: the file was demonstrably edited
 *    and decisions may have rested on the edit. It stays through full passes that hold, and
 *    `audit verify` exits 1, until an administrator who had the trail checked clears it
 *    (`desk-admin audit verify --clear-break`, recorded with who cleared it) — or a restore.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { editEntry, hideNewestEntry } from '../../helpers/hide-entry.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { expectAgentOutAndResetsRefused } from '../../helpers/trail-broken-desk.ts';
import { runCli } from '../cli/cli-harness.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const who = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const cardId = who.cards[0]!.publicId;
const WATCH = { trailWatchMs: 3_600_000 };
const MINUTE = 60_000;
type Desk = Awaited<ReturnType<typeof demoCore>>;

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

function misses(desk: Desk): number[] {
  return desk
    .query<{ seq: number }>(
      "SELECT seq FROM audit_log WHERE action = 'caller.verify' AND result = 'failure' ORDER BY seq",
    )
    .map((r) => r.seq);
}

const verifyCli = (desk: Desk, ...more: string[]) =>
  runCli(['audit', 'verify', '--db', desk.dbPath, '--key-file', desk.keyFile, ...more]);

describe('an audit entry edited after the watch verified it, and put back', () => {
  it('a miss flipped right after the watch verified it is found at the next look; putting it back clears nothing', async () => {
    const desk = await demoCore(WATCH);
    expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'holds', full: true });
    await desk.signIn('agent');
    expect((await desk.openCard(cardId)).ok).toBe(true);
    for (let i = 0; i < 2; i++) {
      expect(
        await desk.core.router.call('w1', 'caller.verify', {
          cardId,
          dob: '1900-01-01',
          postcode: `000000${i}`,
        }),
      ).toMatchObject({ ok: true, value: { status: 'unverified' } });
      // The watch looks every few seconds: the new entries hold when it looks.
      expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'holds', full: false });
    }
    // Without the keys: the misses just verified by the watch flipped out of the count.
    const hidden = misses(desk);
    expect(hidden).toHaveLength(2);
    setResult(desk.dbPath, hidden, 'refused');
    // The next look, seconds later, not the next full pass.
    expect(await desk.core.trailWatch!.look()).toMatchObject({
      outcome: 'broken',
      broken: { seq: hidden[0] },
      full: false,
    });
    expect(trailBroken(desk.keyFile)).toMatchObject({ seq: hidden[0] });
    expect(
      desk.query("SELECT count(*) AS n FROM audit_log WHERE action = 'alert.altered-row'"),
    ).toEqual([{ n: 1 }]);

    // Every entry put back as it was before the next full pass: the pass holds, the mark stays.
    setResult(desk.dbPath, hidden, 'failure');
    desk.clock.advance(6 * MINUTE);
    expect(await desk.core.trailWatch!.look()).toMatchObject({
      outcome: 'broken',
      broken: { seq: hidden[0] },
    });
    expect(trailBroken(desk.keyFile)).toMatchObject({ seq: hidden[0] });
    const verify = await verifyCli(desk);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain(`The trail watch found the trail broken at entry ${hidden[0]}`);
  });

  it('the mark stays when the edited entry is put back; an administrator clears it, recorded, and resets resume', async () => {
    const desk = await demoCore(WATCH);
    expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'holds', full: true });
    await desk.signIn('agent');
    expect((await desk.openCard(cardId)).ok).toBe(true);
    const hidden = hideNewestEntry(desk.dbPath, 'card.open');
    desk.clock.advance(6 * MINUTE);
    expect(await desk.core.trailWatch!.look()).toMatchObject({
      outcome: 'broken',
      broken: { seq: hidden },
    });
    // Put back as it was; no restore.
    setResult(desk.dbPath, [hidden], 'success');
    desk.clock.advance(6 * MINUTE);
    expect(await desk.core.trailWatch!.look()).toMatchObject({
      outcome: 'broken',
      broken: { seq: hidden },
    });
    expect(trailBroken(desk.keyFile)).toMatchObject({ seq: hidden });
    await expectAgentOutAndResetsRefused(desk, cardId);

    // The administrator, after having the trail checked, clears it: recorded with who.
    const cleared = await verifyCli(desk, '--clear-break');
    expect(cleared.stdout).toContain(`broken at entry ${hidden}`);
    expect(cleared.stdout).toContain('is cleared');
    expect([0, 2]).toContain(cleared.code);
    expect(trailBroken(desk.keyFile)).toBeUndefined();
    expect(
      desk.query<{ seq: number; by: string | null }>(
        "SELECT json_extract(details, '$.cleared.seq') AS seq, json_extract(details, '$.clearedBy') AS by FROM audit_log WHERE action = 'audit.verify'",
      ),
    ).toEqual([{ seq: hidden, by: expect.any(String) as string }]);
    expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'holds' });
    // Agents sign in again, and resets resume.
    desk.clock.advance(1_000);
    await desk.signIn('agent', 'w3');
    expect((await desk.openCard(cardId, 'w3')).ok).toBe(true);
    await desk.core.router.call('w3', 'caller.verify', {
      cardId,
      dob: who.dob,
      postcode: who.postcode,
    });
    expect(await desk.core.router.call('w3', 'lockout.status', { cardId })).toMatchObject({
      ok: true,
      value: { allowed: true },
    });
  });
});
