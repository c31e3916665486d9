/**
 * A reset the ACS committed whose answer was lost (the connection dropped after the commit) is
 * not recorded as expired once the caller's verification runs out: before expiring a reset it
 * sent, the console reads the card's resets at the ACS, and a clear under the reset's own
 * idempotency key makes it applied. One it never sent, or the ACS never cleared, ends expired.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { DEMO_EPOCH, DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { setAcsByCli, setCardRef, useFakeAcs } from './acs-fixture.ts';

const { fake } = useFakeAcs();
const demoCore = useDemoCore({ cardholders: 12 });
const who = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const cardId = who.cards[0]!.publicId;
const REF = 'ACS-LA-1';
const MINUTE = 60_000;
const epoch = new Date(DEMO_EPOCH).getTime();

async function until<T>(what: string, read: () => T, ok: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`never: ${what} (last ${JSON.stringify(value)})`);
    await sleep(50);
  }
}

describe('a reset whose answer was lost, past the verification', () => {
  it('is recorded applied when the ACS lists a clear under its key: no expiry, no alert', async () => {
    let now = () => new Date(epoch);
    const acs = await fake({ now: () => now() });
    acs.card(REF, null);
    acs.lock(REF, { since: new Date(epoch - 60_000), until: null, cause: 'wrong_codes' });
    const desk = await demoCore({ relayResets: true }, async ({ dbPath, keyFile }) => {
      await setAcsByCli(dbPath, keyFile, acs.url);
      setCardRef(dbPath, keyFile, cardId, REF);
    });
    now = () => desk.clock.now();
    await desk.signIn('agent');
    expect((await desk.openCard(cardId)).ok).toBe(true);
    await desk.core.router.call('w1', 'caller.verify', {
      cardId,
      dob: who.dob,
      postcode: who.postcode,
    });
    // Every answer to a reset is lost after the ACS committed it (a flaky link).
    acs.fault({ kind: 'drop-after-commit' }, 'apply');
    const first = await desk.core.router.call('w1', 'lockout.reset', {
      cardId,
      reason: 'cardholder-mistyped-code',
      note: 'Verified; code mistyped.',
    });
    expect(first).toMatchObject({ ok: true, value: { reset: { state: 'failed' } } });
    expect(Object.values(acs.clears())).toEqual([1]);
    acs.fault({ kind: 'status', status: 503 }, 'apply');
    desk.clock.advance(31 * MINUTE);
    const outbox = () => desk.query<{ state: string }>('SELECT state FROM reset_outbox');
    await until('settled', outbox, (rows) => rows[0]?.state !== 'failed');

    expect(outbox()).toEqual([{ state: 'applied' }]);
    expect(desk.query('SELECT state FROM resets')).toEqual([{ state: 'applied' }]);
    expect(Object.values(acs.clears())).toEqual([1]);
    const trail = desk.query<{ action: string; result: string; details: string }>(
      "SELECT action, result, details FROM audit_log WHERE action LIKE '%reset-%' ORDER BY seq",
    );
    expect(trail.map(({ action, result }) => [action, result])).toEqual([
      ['lockout.reset-applied', 'failure'],
      ['lockout.reset-applied', 'success'],
    ]);
    expect(JSON.parse(trail[1]!.details)).toMatchObject({ answer: 'found-cleared' });
    expect(desk.query('SELECT kind FROM alerts')).toEqual([]);
  });
});
