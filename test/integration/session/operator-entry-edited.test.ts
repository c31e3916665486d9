/**
 * An operator's trail entries decide whether the operator row is vouched: one that fails its
 * MAC (here one byte of the operator.disable entry, with the row put back from before the
 * disable, genuine MAC) leaves the row unvouched — sign-in refused, the lead alerted — never
 * skipped. And while the trail is marked broken, agents are refused sign-in (leads may sign in).
 */
import { describe, expect, it } from 'vitest';
import { demoOperator } from '../../../main/core/demo/demo-operators.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { editEntry, hideNewestEntry } from '../../helpers/hide-entry.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { disableByCli, rowOf } from './operator-rows.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const WATCH = { trailWatchMs: 3_600_000 };

describe('an operator.disable entry edited in the file', () => {
  it('the operator row is unvouched: sign-in refused and alerted; agents refused while the trail is marked broken', async () => {
    const agent = demoOperator('agent');
    const lead = demoOperator('lead');
    const desk = await demoCore(WATCH, async ({ dbPath, keyFile }) => {
      const before = rowOf(dbPath, agent.username);
      await disableByCli(dbPath, keyFile, agent.username);
      const raw = keylessWriter(dbPath);
      // The row from before the disable (its genuine MAC; only disabled_at differs).
      raw
        .prepare(
          'UPDATE operators SET disabled_at = NULL, mac_key_id = ?, row_mac = ? WHERE id = ?',
        )
        .run(before['mac_key_id'], before['row_mac'], before['id']);
      // One byte of the disable entry: its MAC fails.
      editEntry(
        raw,
        `UPDATE audit_log SET origin = origin || ' ' WHERE action = 'operator.disable' AND subject_id = '${String(before['id'])}'`,
      );
      raw.close();
    });
    const signIn = (who: { username: string; password: string }) =>
      desk.core.router.call('w1', 'session.signIn', {
        username: who.username,
        password: who.password,
      });
    expect(await signIn(agent)).toMatchObject({
      ok: false,
      error: { reason: 'session.account-altered' },
    });
    expect(
      desk.query(
        "SELECT count(*) AS n FROM audit_log WHERE action = 'alert.altered-row' AND json_extract(details, '$.table') = 'operators'",
      ),
    ).toEqual([{ n: 1 }]);
    // The watch's full pass finds the edited entry and marks the trail broken.
    expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'broken', full: true });
    expect(await signIn(agent)).toMatchObject({ ok: false });
    expect(await signIn(lead)).toMatchObject({ ok: true });
  });

  it('while the trail is marked broken, an agent whose own entries hold is refused sign-in; a lead signs in', async () => {
    const agent = demoOperator('agent');
    const lead = demoOperator('lead');
    const desk = await demoCore(WATCH);
    expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'holds', full: true });
    const signIn = (who: { username: string; password: string }) =>
      desk.core.router.call('w1', 'session.signIn', {
        username: who.username,
        password: who.password,
      });
    expect(await signIn(agent)).toMatchObject({ ok: true });
    await desk.core.router.call('w1', 'session.signOut', {});
    hideNewestEntry(desk.dbPath, 'session.sign-in');
    desk.clock.advance(6 * 60_000);
    expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'broken', full: true });
    expect(await signIn(agent)).toMatchObject({
      ok: false,
      error: { code: 'forbidden', reason: 'session.trail-broken' },
    });
    expect(await signIn(lead)).toMatchObject({ ok: true });
  });

  it('an agent already signed in when the trail is marked broken is signed out at the next call; a lead carries on', async () => {
    const desk = await demoCore(WATCH);
    expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'holds', full: true });
    await desk.signIn('agent', 'w1');
    await desk.signIn('lead', 'w2');
    expect(await desk.core.router.call('w1', 'calls.current', {})).toMatchObject({ ok: true });
    hideNewestEntry(desk.dbPath, 'session.sign-in');
    desk.clock.advance(6 * 60_000);
    expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'broken', full: true });
    desk.clock.advance(1_000);
    expect(await desk.core.router.call('w1', 'calls.current', {})).toMatchObject({ ok: false });
    expect(
      await desk.core.router.call('w1', 'cards.search', {
        key: 'customer-ref',
        customerRef: 'CR00000001',
      }),
    ).toMatchObject({ ok: false });
    expect(await desk.core.router.call('w2', 'calls.current', {})).toMatchObject({ ok: true });
  });
});
