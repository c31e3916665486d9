/**
 * The sign-in lock is read from the trail by `operator_id` and `action` (sign-in-trail.ts):
 * `operator.locked-out` for the lock, `session.sign-in` failures since the last success for the
 * count. Someone who writes the file without the keys can rename those entries (their MACs then
 * fail, but they drop out of the selection unread) and put back the operator row from before the
 * failures (its genuine MAC). The lock is kept in the key store too (keys/sign-in-locks.ts), so it
 * holds in every console until its end; and the failures and lockouts a console counted are looked
 * for again (counted-entries.ts), so one renamed since refuses the sign-in and alerts the lead.
 */
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../main/core/clock.ts';
import { DEMO_EPOCH } from '../../../main/core/demo/build-demo.ts';
import { demoOperator } from '../../../main/core/demo/demo-operators.ts';
import { createDeskCore } from '../../../main/core/desk-core.ts';
import { deskCoreOptions } from '../../../main/core/desk-core-options.ts';
import { openKeyFile } from '../../../main/core/keys/key-file.ts';
import { TEST_PASSWORD_COST, useDemoCore } from '../../helpers/demo-core.ts';
import { editEntry } from '../../helpers/hide-entry.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { putRow, rowOf } from './operator-rows.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const lead = demoOperator('lead');
/** The watch's own timer never fires in a test: each look is the test's. */
const WATCH = { trailWatchMs: 3_600_000 };

function renameSignInTrail(dbPath: string, operatorId: number): void {
  const raw = keylessWriter(dbPath);
  try {
    editEntry(
      raw,
      `UPDATE audit_log SET action = action || 'x'
       WHERE operator_id = ${operatorId} AND (action = 'operator.locked-out'
         OR (action = 'session.sign-in' AND result = 'failure'))`,
    );
  } finally {
    raw.close();
  }
}

const ALTERED = "SELECT seq FROM audit_log WHERE action = 'alert.altered-row'";

describe("the lead's sign-in trail renamed, the row put back", () => {
  it('a locked-out account stays locked until its end, in this console and in a fresh one', async () => {
    const desk = await demoCore(WATCH);
    const before = rowOf(desk.dbPath, lead.username);
    const operatorId = before['id'] as number;
    const attempt = (password: string) =>
      desk.core.router.call('w1', 'session.signIn', { username: lead.username, password });
    for (let i = 0; i < 7; i++)
      expect(await attempt('wrong-password-1234')).toMatchObject({ ok: false });
    expect(await attempt(lead.password)).toMatchObject({ ok: false });
    const until = rowOf(desk.dbPath, lead.username)['locked_until'] as string;
    expect(until).not.toBeNull();
    // The key store records the lock, until its end.
    expect(openKeyFile(desk.keyFile).signInLocks?.read()).toEqual([
      { id: operatorId, username: lead.username, until },
    ]);
    desk.clock.advance(6 * 60_000);
    expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'holds', full: true });
    expect(desk.query(ALTERED)).toEqual([]);

    renameSignInTrail(desk.dbPath, operatorId);
    putRow(desk.dbPath, before);
    // Refused: the key store's lock, and the lockout this console counted is gone.
    expect(await attempt(lead.password)).toMatchObject({ ok: false });
    expect(await desk.core.router.call('w1', 'approvals.list', {})).toMatchObject({ ok: false });
    expect(desk.query(ALTERED).length).toBeGreaterThan(0);

    // A console that never counted the entries: the key store's lock alone refuses.
    const clock = manualClock(DEMO_EPOCH);
    clock.advance(6 * 60_000);
    const fresh = createDeskCore(
      deskCoreOptions({
        dbPath: desk.dbPath,
        keyFile: desk.keyFile,
        clock,
        origin: 'console@test',
        logInternal: () => undefined,
        passwordCost: TEST_PASSWORD_COST,
        ...WATCH,
      }),
    );
    try {
      const signIn = () =>
        fresh.router.call('w2', 'session.signIn', {
          username: lead.username,
          password: lead.password,
        });
      expect(await signIn()).toMatchObject({ ok: false });
      // Once the lock has ended, the lead signs in (leads may, with the trail marked broken).
      clock.set(new Date(new Date(until).getTime() + 60_000));
      expect(await signIn()).toMatchObject({ ok: true });
    } finally {
      fresh.close();
    }
  });

  it('guessing with each failure renamed after it is written is refused and alerts the lead', async () => {
    const desk = await demoCore();
    const before = rowOf(desk.dbPath, lead.username);
    const operatorId = before['id'] as number;
    const guess = (password: string) =>
      desk.core.router.call('w1', 'session.signIn', { username: lead.username, password });
    expect(await guess('guess-number-0-abcdef')).toMatchObject({ ok: false });
    renameSignInTrail(desk.dbPath, operatorId);
    putRow(desk.dbPath, before);
    // The failure counted when it was written is gone: the next attempt is refused, alerted.
    expect(await guess(lead.password)).toMatchObject({ ok: false });
    expect(desk.query(ALTERED).length).toBeGreaterThan(0);
    for (let i = 1; i < 40; i++) {
      expect(await guess(`guess-number-${i}-abcdef`)).toMatchObject({ ok: false });
      renameSignInTrail(desk.dbPath, operatorId);
      putRow(desk.dbPath, before);
    }
    // Never the right password's way in while the renamed entries stay out.
    expect(await guess(lead.password)).toMatchObject({ ok: false });
  });
});
