/**
 * While the trail watch has the audit trail marked broken, the outbox relay sends nothing and
 * "send again" is refused (`reset.trail-broken`): what is queued stays queued. Putting the
 * edited entry back clears nothing; once an administrator who had the trail checked clears the
 * mark (`desk-admin audit verify --clear-break`), the relay sends it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { DEMO_EPOCH, DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { editEntry, hideNewestEntry } from '../../helpers/hide-entry.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { runCli } from '../cli/cli-harness.ts';
import { setAcsByCli, setCardRef, useFakeAcs } from './acs-fixture.ts';

const { fake } = useFakeAcs();
const demoCore = useDemoCore({ cardholders: 12 });
const who = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const cardId = who.cards[0]!.publicId;
const REF = 'ACS-TB-1';
const MINUTE = 60_000;
const epoch = new Date(DEMO_EPOCH).getTime();

describe('the relay while the trail is broken', () => {
  it('sends nothing and refuses "send again"; once the mark is cleared, the queued reset goes out', async () => {
    let now = () => new Date(epoch);
    const acs = await fake({ now: () => now() });
    acs.card(REF, null);
    acs.lock(REF, { since: new Date(epoch - MINUTE), until: null, cause: 'wrong_codes' });
    const desk = await demoCore(
      { relayResets: true, trailWatchMs: 3_600_000 },
      async ({ dbPath, keyFile }) => {
        await setAcsByCli(dbPath, keyFile, acs.url);
        setCardRef(dbPath, keyFile, cardId, REF);
      },
    );
    now = () => desk.clock.now();
    await desk.core.trailWatch!.look();
    await desk.signIn('agent');
    expect((await desk.openCard(cardId)).ok).toBe(true);
    await desk.core.router.call('w1', 'caller.verify', {
      cardId,
      dob: who.dob,
      postcode: who.postcode,
    });
    acs.fault({ kind: 'status', status: 503 }, 'apply');
    const first = await desk.core.router.call('w1', 'lockout.reset', {
      cardId,
      reason: 'cardholder-mistyped-code',
      note: 'Verified; code mistyped.',
    });
    expect(first).toMatchObject({ ok: true, value: { reset: { state: 'failed' } } });
    acs.fault(null, 'any');

    const hidden = hideNewestEntry(desk.dbPath, 'card.open');
    // A full pass now, before the resend is due (the relay looks every second).
    expect(await desk.core.trailWatch!.fullPass()).toMatchObject({ outcome: 'broken' });
    desk.clock.advance(6 * MINUTE);
    // The resend is due now; the relay sends nothing.
    await sleep(2_500);
    expect(acs.clears()).toEqual({});
    expect(desk.query('SELECT state FROM reset_outbox')).toEqual([{ state: 'failed' }]);
    expect(desk.internal.some((line) => line.includes('trail-broken'))).toBe(true);
    // The agent is signed out while the trail is marked; a lead's "send again" is refused.
    desk.clock.advance(1_000);
    expect(await desk.core.router.call('w1', 'calls.current', {})).toMatchObject({
      ok: false,
      error: { reason: 'session.signed-out' },
    });
    await desk.signIn('lead', 'w2');
    expect((await desk.openCard(cardId, 'w2')).ok).toBe(true);
    expect(await desk.core.router.call('w2', 'lockout.retry', { cardId })).toMatchObject({
      ok: false,
      error: { reason: 'reset.trail-broken' },
    });

    // The entry put back as it was: the next full pass holds, but the mark stays.
    const raw = keylessWriter(desk.dbPath);
    editEntry(raw, `UPDATE audit_log SET result = 'success' WHERE seq = ${hidden}`);
    raw.close();
    desk.clock.advance(6 * MINUTE);
    expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'broken', full: true });
    await sleep(1_500);
    expect(acs.clears()).toEqual({});
    // The administrator, after having the trail checked, clears it.
    const cleared = await runCli([
      'audit',
      'verify',
      '--db',
      desk.dbPath,
      '--key-file',
      desk.keyFile,
      '--clear-break',
    ]);
    expect(cleared.stdout).toContain('is cleared');
    expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'holds' });
    const deadline = Date.now() + 15_000;
    while (Object.keys(acs.clears()).length === 0 && Date.now() < deadline) await sleep(100);
    expect(Object.keys(acs.clears())).toHaveLength(1);
  });
});
