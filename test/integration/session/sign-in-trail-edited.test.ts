/**
 * The sign-in lock rests on the trail as well as on the operator row: someone who writes the
 * file without the keys puts the row back from before (its genuine MAC) and edits the trail's
 * entries — flips wrong passwords to successes, moves a lockout's end into the past. Each
 * edited entry fails its MAC and reads the strictest way: it counts as a wrong password, never
 * sets the count back, and an edited lockout stays in force. Guessing a lead's password online
 * stays bounded by the policy's failure limit.
 */
import { describe, expect, it } from 'vitest';
import { demoOperator } from '../../../main/core/demo/demo-operators.ts';
import { defaultPolicy } from '../../../main/core/policy/policy.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { editEntry } from '../../helpers/hide-entry.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { putRow, rowOf } from './operator-rows.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const lead = demoOperator('lead');
const WATCH = { trailWatchMs: 3_600_000 };
const LIMIT = defaultPolicy.signInFailureLimit;

type Desk = Awaited<ReturnType<typeof demoCore>>;

const signIn = (desk: Desk, password: string, callerId = 'w1') =>
  desk.core.router.call(callerId, 'session.signIn', { username: lead.username, password });

function edit(desk: Desk, sql: string) {
  const raw = keylessWriter(desk.dbPath);
  try {
    editEntry(raw, sql);
  } finally {
    raw.close();
  }
}

describe('the sign-in lock against an edited trail', () => {
  it('wrong passwords flipped to successes, the row put back: they still count, and the lock comes at the limit', async () => {
    const desk = await demoCore(WATCH);
    const before = rowOf(desk.dbPath, lead.username);
    for (let i = 0; i < LIMIT - 1; i++)
      expect(await signIn(desk, `wrong-guess-${i}`)).toMatchObject({ ok: false });
    // Every failure so far made to look like a sign-in, the row from before the guesses.
    edit(
      desk,
      `UPDATE audit_log SET result = 'success', details = '{}'
       WHERE action = 'session.sign-in' AND result = 'failure'`,
    );
    putRow(desk.dbPath, before);
    expect(rowOf(desk.dbPath, lead.username)['failed_sign_ins']).toBe(0);

    expect(await signIn(desk, 'wrong-guess-last')).toMatchObject({ ok: false });
    expect(await signIn(desk, lead.password)).toMatchObject({
      ok: false,
      error: { reason: 'session.wrong-credentials' },
    });
    expect(
      desk.query("SELECT count(*) AS n FROM audit_log WHERE action = 'operator.locked-out'"),
    ).toEqual([{ n: 1 }]);
  });

  it("a lockout's end moved into the past, the row put back from before it: still locked", async () => {
    const desk = await demoCore(WATCH);
    const before = rowOf(desk.dbPath, lead.username);
    for (let i = 0; i < LIMIT; i++) await signIn(desk, `wrong-guess-${i}`);
    expect(
      desk.query("SELECT count(*) AS n FROM audit_log WHERE action = 'operator.locked-out'"),
    ).toEqual([{ n: 1 }]);
    edit(
      desk,
      `UPDATE audit_log SET details = json_set(details, '$.until', '2000-01-01T00:00:00.000Z')
       WHERE action = 'operator.locked-out'`,
    );
    putRow(desk.dbPath, before);
    expect(rowOf(desk.dbPath, lead.username)['locked_until']).toBeNull();

    expect(await signIn(desk, lead.password)).toMatchObject({
      ok: false,
      error: { reason: 'session.wrong-credentials' },
    });
    // Long after any lock the policy allows, while the entry still fails: still locked.
    desk.clock.advance(2 * 24 * 60 * 60_000);
    expect(await signIn(desk, lead.password, 'w2')).toMatchObject({ ok: false });
  });

  it('control: the same guesses with nothing edited lock at the limit, and the lock ends', async () => {
    const desk = await demoCore(WATCH);
    for (let i = 0; i < LIMIT; i++) await signIn(desk, `wrong-guess-${i}`);
    expect(await signIn(desk, lead.password)).toMatchObject({ ok: false });
    desk.clock.advance(2 * 24 * 60 * 60_000);
    expect(await signIn(desk, lead.password, 'w2')).toMatchObject({ ok: true });
  });
});
