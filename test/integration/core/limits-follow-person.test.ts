/**
 * Issue 16, limits follow the person, not the call: contact checks are limited per card
 * across calls, and DOB/postcode misses are counted per cardholder (all their cards), so a
 * new call or a second card buys no new guesses.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { defaultPolicy } from '../../../main/core/policy/policy.ts';
import type { DeskCore } from '../../../main/core/desk-core.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { sealWrites } from '../../helpers/sealed-writer.ts';
import { endOpenCall } from '../../helpers/end-open-call.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const locked = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const lockedCard = locked.cards[0]!.publicId;
const other = demoScenarioPerson(DEMO_SEED, 'code-expired');
const otherCard = other.cards[0]!.publicId;

/** A second card for the same cardholder, as an issuer gives a family or business card. */
function addSecondCard(dbPath: string): string {
  const db = new Database(dbPath);
  try {
    // A writer with the keys, as the import is (cards carry sealed ACS references, migration 017).
    sealWrites(db, dbPath);
    db.prepare(
      `INSERT INTO cards (public_id, cardholder_id, product, brand, last4, pan_hash, pan_key_id, created_at)
       SELECT 'c_second', cardholder_id, 'classic', 'VISA', '0005', randomblob(32), 'k', 't'
       FROM cards WHERE public_id = ?`,
    ).run(lockedCard);
  } finally {
    db.close();
  }
  return 'c_second';
}

/** The agent leaves the card: the call ends on purpose, without an outcome. */
const leave = (core: DeskCore) =>
  endOpenCall((channel, input) => core.router.call('w1', channel, input));

describe('limits follow the person', () => {
  it('contact checks are limited per card across calls', async () => {
    const { core, signIn, handOut } = await demoCore();
    await signIn('agent');
    await handOut(lockedCard);
    await handOut(otherCard);
    const newCall = async () => {
      // Leaving the card ends the call; opening this one again starts a new call.
      await leave(core);
      await core.router.call('w1', 'cards.open', { cardId: otherCard });
      await leave(core);
      await core.router.call('w1', 'cards.open', { cardId: lockedCard });
      await core.router.call('w1', 'caller.verify', {
        cardId: lockedCard,
        dob: locked.dob,
        postcode: locked.postcode,
      });
    };
    const check = (n: number) =>
      core.router.call('w1', 'contacts.check', {
        cardId: lockedCard,
        kind: 'mobile',
        value: `090-0000-${String(n).padStart(4, '0')}`,
      });
    let checks = 0;
    let calls = 0;
    const perCall = defaultPolicy.contactChecksPerCall;
    const perCard = defaultPolicy.contactChecksPerCard;
    // Nine calls, each checking until refused: the issue saw 41 checks this way.
    for (; calls < 9; calls++) {
      await newCall();
      for (let i = 0; i < perCall + 1; i++) {
        const result = await check(checks);
        if (!result.ok) {
          expect(result.error).toMatchObject({
            code: 'rate_limited',
            reason: 'contacts.no-checks-left',
          });
          break;
        }
        checks++;
      }
    }
    expect(checks).toBe(perCard);
  });

  it('the checks left say the tighter of the call’s and the card’s', async () => {
    const { core, signIn, handOut } = await demoCore();
    await signIn('agent');
    await handOut(lockedCard);
    await handOut(otherCard);
    const check = () =>
      core.router.call('w1', 'contacts.check', {
        cardId: lockedCard,
        kind: 'email',
        value: 'someone@example.jp',
      });
    const call = async () => {
      await leave(core);
      await core.router.call('w1', 'cards.open', { cardId: otherCard });
      await leave(core);
      await core.router.call('w1', 'cards.open', { cardId: lockedCard });
      await core.router.call('w1', 'caller.verify', {
        cardId: lockedCard,
        dob: locked.dob,
        postcode: locked.postcode,
      });
    };
    await call();
    for (let i = 0; i < 5; i++) await check();
    await call();
    // 5 used on the card of 10: the call's 5 and the card's 5 left are the same.
    expect(await check()).toMatchObject({ value: { checksLeft: 4 } });
    for (let i = 0; i < 3; i++) await check();
    await call();
    expect(await check()).toMatchObject({ value: { checksLeft: 0 } });
  });

  it('DOB/postcode misses are counted per cardholder: a second card gives no more guesses', async () => {
    const { core, signIn, handOut, dbPath, query } = await demoCore();
    const second = addSecondCard(dbPath);
    await signIn('agent');
    await core.router.call('w1', 'cards.search', {
      key: 'last4-surname',
      last4: '0005',
      surname: locked.surname,
    });
    await handOut(lockedCard);
    let misses = 0;
    for (const cardId of [lockedCard, second, lockedCard]) {
      await leave(core);
      expect(await core.router.call('w1', 'cards.open', { cardId })).toMatchObject({ ok: true });
      for (let i = 0; i < defaultPolicy.verificationMissesPerCall; i++) {
        const result = await core.router.call('w1', 'caller.verify', {
          cardId,
          dob: '1950-01-01',
          postcode: locked.postcode,
        });
        if (!result.ok) break;
        misses++;
        if ((result.value as { status: string }).status === 'blocked') break;
      }
    }
    // Three calls on two cards: still the per-card (per-cardholder) number of guesses.
    expect(misses).toBe(defaultPolicy.verificationMissesPerCard);
    await leave(core);
    const opened = await core.router.call('w1', 'cards.open', { cardId: second });
    expect(opened).toMatchObject({
      value: { verification: { status: 'blocked', limit: 'card' } },
    });
    expect(
      await core.router.call('w1', 'caller.verify', {
        cardId: second,
        dob: locked.dob,
        postcode: locked.postcode,
      }),
    ).toMatchObject({ ok: false, error: { reason: 'verification.blocked' } });
    expect(
      query("SELECT seq FROM audit_log WHERE action = 'alert.verification-limit'").length,
    ).toBeGreaterThanOrEqual(1);
  });
});
