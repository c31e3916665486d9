/**
 * Search, verification and contact checks through the router on a demo database with a
 * fixed clock: paging and the cap, the rolling rate limit, miss limits per call and per card,
 * verification expiry, and that refusals change nothing they should not.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import type { ChannelOutput } from '../../../shared/contract/index.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { sealWrites } from '../../helpers/sealed-writer.ts';
import { endOpenCall } from '../../helpers/end-open-call.ts';

const demoCore = useDemoCore();
const MINUTE = 60_000;
const locked = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const lockedCard = locked.cards[0]!.publicId;

describe('search', () => {
  it('pages results 20 at a time and caps them at 100, saying when more matched', async () => {
    const { core, signIn, dbPath } = await demoCore();
    // 130 more cards for one cardholder, all ending in the same 4 digits.
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(dbPath);
    // A writer with the keys, as the import is (cards carry sealed ACS references, migration 017).
    sealWrites(db, dbPath);
    const holder = db
      .prepare('SELECT cardholder_id FROM cards WHERE public_id = ?')
      .get(lockedCard) as {
      cardholder_id: number;
    };
    const insert = db.prepare(
      `INSERT INTO cards (public_id, cardholder_id, product, brand, last4, pan_hash, pan_key_id, created_at)
       VALUES (?, ?, 'classic', 'VISA', ?, randomblob(32), 'k', 't')`,
    );
    for (let i = 0; i < 130; i++)
      insert.run(`c_extra${i}`, holder.cardholder_id, locked.cards[0]!.last4);
    db.close();
    await signIn('agent');
    const page = async (n: number) => {
      const result = await core.router.call('w1', 'cards.search', {
        key: 'customer-ref',
        customerRef: locked.customerRef,
        page: n,
      });
      if (!result.ok) throw new Error(result.error.message);
      return result.value as ChannelOutput<'cards.search'>;
    };
    const first = await page(0);
    expect(first).toMatchObject({ page: 0, pages: 5, total: 100, tooMany: true });
    expect(first.results).toHaveLength(20);
    const last = await page(4);
    expect(last.results).toHaveLength(20);
    expect(new Set([...first.results, ...last.results].map((r) => r.cardId)).size).toBe(40);
    expect(
      await core.router.call('w1', 'cards.search', {
        key: 'email',
        email: 'x@example.jp',
        page: 5,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', reason: 'input.invalid' },
    });
  });

  it('limits searches by mobile or email per operator over a rolling hour', async () => {
    const { core, clock, signIn, query } = await demoCore();
    await signIn('agent');
    const byMobile = () =>
      core.router.call('w1', 'cards.search', { key: 'mobile', mobile: locked.mobile! });
    for (let i = 0; i < 30; i++) {
      expect(await byMobile()).toMatchObject({ ok: true });
      clock.advance(MINUTE);
      await core.router.call('w1', 'session.activity', {});
    }
    expect(await byMobile()).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', reason: 'search.rate-limited' },
    });
    // Other keys are not limited.
    expect(
      await core.router.call('w1', 'cards.search', {
        key: 'customer-ref',
        customerRef: locked.customerRef,
      }),
    ).toMatchObject({ ok: true });
    // Thirty-one minutes on, the first search has left the hour.
    clock.advance(31 * MINUTE);
    await core.router.call('w1', 'session.resume', { password: 'agent-demo-2026' });
    expect(await byMobile()).toMatchObject({ ok: true });
    const alerts = query<{ result: string }>(
      "SELECT result FROM audit_log WHERE action = 'card.search' AND result = 'alert'",
    );
    expect(alerts).toHaveLength(1);
  });
});

describe('caller verification', () => {
  async function openLocked() {
    const setup = await demoCore();
    await setup.signIn('agent');
    await setup.handOut(lockedCard);
    const opened = await setup.core.router.call('w1', 'cards.open', { cardId: lockedCard });
    expect(opened).toMatchObject({
      ok: true,
      value: { verification: { status: 'unverified', missesLeft: 3 } },
    });
    const verify = (dob: string, postcode: string) =>
      setup.core.router.call('w1', 'caller.verify', { cardId: lockedCard, dob, postcode });
    return { ...setup, verify };
  }

  it('refuses a card other than the call’s, and input that is not a date or postcode, without counting', async () => {
    const { core, verify, query } = await openLocked();
    const other = demoScenarioPerson(DEMO_SEED, 'code-expired').cards[0]!.publicId;
    expect(
      await core.router.call('w1', 'caller.verify', {
        cardId: other,
        dob: locked.dob,
        postcode: locked.postcode,
      }),
    ).toMatchObject({ ok: false, error: { code: 'conflict', reason: 'call.not-open' } });
    expect(await verify('1980-02-30', locked.postcode)).toMatchObject({
      error: { code: 'invalid_input', reason: 'verification.dob' },
    });
    expect(await verify('2099-01-01', locked.postcode)).toMatchObject({
      error: { code: 'invalid_input', reason: 'verification.dob' },
    });
    expect(await verify(locked.dob, '12-34')).toMatchObject({
      error: { code: 'invalid_input', reason: 'verification.postcode' },
    });
    expect(query('SELECT * FROM verification_attempts')).toEqual([]);
  });

  it('verifies, then expires after the policy minutes', async () => {
    const { verify, clock, core } = await openLocked();
    expect(await verify(locked.dob, locked.postcode)).toMatchObject({
      ok: true,
      value: { status: 'verified', until: '2026-11-20T01:30:00.000Z' },
    });
    for (const step of [14, 14, 1]) {
      clock.advance(step * MINUTE);
      await core.router.call('w1', 'session.activity', {});
    }
    expect(await core.router.call('w1', 'cards.open', { cardId: lockedCard })).toMatchObject({
      value: { verification: { status: 'verified' } },
    });
    clock.advance(MINUTE);
    expect(await core.router.call('w1', 'cards.open', { cardId: lockedCard })).toMatchObject({
      value: { verification: { status: 'unverified', expiredAt: '2026-11-20T01:30:00.000Z' } },
    });
  });

  it('counts misses per card across calls within the rolling window', async () => {
    const { verify, clock, core, query, handOut } = await openLocked();
    for (let i = 0; i < 3; i++) await verify(locked.dob, '0000000');
    expect(await verify(locked.dob, locked.postcode)).toMatchObject({
      error: { code: 'rate_limited', reason: 'verification.blocked' },
    });
    // A new call (another card in between): two misses left for the card.
    const other = demoScenarioPerson(DEMO_SEED, 'code-expired').cards[0]!.publicId;
    await handOut(other);
    const leave = () => endOpenCall((channel, input) => core.router.call('w1', channel, input));
    await leave();
    await core.router.call('w1', 'cards.open', { cardId: other });
    await leave();
    expect(await core.router.call('w1', 'cards.open', { cardId: lockedCard })).toMatchObject({
      value: { verification: { status: 'unverified', missesLeft: 2 } },
    });
    await verify('1950-01-01', locked.postcode);
    expect(await verify('1950-01-01', locked.postcode)).toMatchObject({
      value: { status: 'blocked', limit: 'card' },
    });
    // A day later the window has moved on: a new call may verify again.
    clock.advance(24 * 60 * MINUTE + MINUTE);
    await core.router.call('w1', 'session.resume', { password: 'agent-demo-2026' });
    await leave();
    await core.router.call('w1', 'cards.open', { cardId: other });
    await leave();
    await core.router.call('w1', 'cards.open', { cardId: lockedCard });
    expect(await verify(locked.dob, locked.postcode)).toMatchObject({
      value: { status: 'verified' },
    });
    const alerts = query<{ details: string }>(
      "SELECT details FROM audit_log WHERE action = 'alert.verification-limit' ORDER BY seq",
    );
    expect(alerts.map((a) => JSON.parse(a.details).limit)).toEqual(['call', 'card']);
  });

  it('a miss and a hit look the same in the audit trail but for the result', async () => {
    const { verify, query } = await openLocked();
    await verify(locked.dob, '0000000');
    await verify(locked.dob, locked.postcode);
    const entries = query<{ result: string; details: string }>(
      "SELECT result, details FROM audit_log WHERE action = 'caller.verify' ORDER BY seq",
    );
    expect(entries.map((e) => e.result)).toEqual(['failure', 'success']);
    expect(Object.keys(JSON.parse(entries[0]!.details))).toEqual(
      Object.keys(JSON.parse(entries[1]!.details)),
    );
  });
});

describe('contact check', () => {
  it('answers only for a verified caller, matches every form of the number, and is limited', async () => {
    const { core, signIn, openCard } = await demoCore();
    await signIn('agent');
    await openCard(lockedCard);
    const check = (kind: 'mobile' | 'email', value: string) =>
      core.router.call('w1', 'contacts.check', { cardId: lockedCard, kind, value });
    expect(await check('mobile', locked.mobile!)).toMatchObject({
      error: { code: 'forbidden', reason: 'contacts.not-verified' },
    });
    await core.router.call('w1', 'caller.verify', {
      cardId: lockedCard,
      dob: locked.dob,
      postcode: locked.postcode,
    });
    expect(await check('mobile', `0${locked.mobile!.slice(3)}`)).toMatchObject({
      value: { match: true, checksLeft: 4 },
    });
    expect(await check('email', locked.email!.toUpperCase())).toMatchObject({
      value: { match: true },
    });
    expect(await check('email', 'not.them@example.jp')).toMatchObject({ value: { match: false } });
    expect(await check('email', 'nonsense')).toMatchObject({
      error: { code: 'invalid_input', reason: 'contacts.email' },
    });
    await check('mobile', '090-0000-0000');
    expect(await check('mobile', '090-0000-0001')).toMatchObject({ value: { checksLeft: 0 } });
    expect(await check('mobile', locked.mobile!)).toMatchObject({
      error: { code: 'rate_limited', reason: 'contacts.no-checks-left' },
    });
  });

  it('a new operator signing in ends the window’s call', async () => {
    const { core, signIn, query, openCard } = await demoCore();
    await signIn('agent');
    await openCard(lockedCard);
    await signIn('lead');
    expect(query('SELECT end_reason FROM calls')).toEqual([{ end_reason: 'signed-out' }]);
    expect(
      await core.router.call('w1', 'caller.verify', {
        cardId: lockedCard,
        dob: locked.dob,
        postcode: locked.postcode,
      }),
    ).toMatchObject({ error: { code: 'conflict', reason: 'call.not-open' } });
  });
});
