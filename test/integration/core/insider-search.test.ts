/**
 * Issue 16, search is not an oracle: the sweeps an insider with a valid account would run,
 * replayed through the router on a demo database with a fixed clock. Each is refused within
 * the policy budget, alerts the team lead, and recovers nothing; budgets belong to the
 * operator (two windows share one), not to anyone else; a card opens only from what this
 * session was shown.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { defaultPolicy } from '../../../main/core/policy/policy.ts';
import { luhnValid } from '../../../shared/cards/luhn.ts';
import type { ChannelOutput, Result } from '../../../shared/contract/index.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';

const demoCore = useDemoCore();
const MINUTE = 60_000;
const target = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const targetCard = target.cards[0]!;

type Search = Result<ChannelOutput<'cards.search'>>;

/** Runs a sweep until it has been refused `after` times in a row; says what it got. */
async function sweep(
  candidates: Iterable<Record<string, string>>,
  search: (payload: Record<string, string>) => Promise<Search>,
  after = 50,
) {
  let tried = 0;
  let answered = 0;
  let refusedInARow = 0;
  let firstRefusal: number | null = null;
  const found = new Set<string>();
  const reasons = new Set<string>();
  for (const payload of candidates) {
    tried++;
    const result = await search(payload);
    if (result.ok) {
      answered++;
      refusedInARow = 0;
      for (const card of result.value.results) found.add(card.cardId);
    } else {
      expect(result.error.code).toBe('rate_limited');
      reasons.add(result.error.reason);
      firstRefusal ??= tried;
      if (++refusedInARow >= after) break;
    }
  }
  return { tried, answered, firstRefusal, found, reasons };
}

function* cardNumbers(bin: string, last4: string, length: number) {
  const middle = length - bin.length - last4.length;
  for (let n = 0; n < 10 ** middle; n++) {
    const number = `${bin}${String(n).padStart(middle, '0')}${last4}`;
    if (luhnValid(number)) yield { key: 'card-number', number };
  }
}

describe('search sweeps are refused within the budget, alerted, and recover nothing', () => {
  it('a card-number sweep (known BIN + last 4, every Luhn-valid middle)', async () => {
    const { core, signIn, query } = await demoCore();
    await signIn('agent');
    const bin = targetCard.pan.slice(0, 6);
    const candidates = [...cardNumbers(bin, targetCard.last4, targetCard.pan.length)];
    // Precondition: the real number is not among the first candidates the budget allows.
    const position = candidates.findIndex((c) => c.number === targetCard.pan);
    expect(position).toBeGreaterThan(1000);
    expect(candidates.length).toBe(100_000);

    const result = await sweep(
      candidates,
      (payload) => core.router.call('w1', 'cards.search', payload) as Promise<Search>,
    );
    expect(result.firstRefusal).toBe(defaultPolicy.searchMissesPerHour + 1);
    expect(result.answered).toBe(defaultPolicy.searchMissesPerHour);
    expect(result.found.has(targetCard.publicId)).toBe(false);
    expect([...result.reasons]).toEqual(['search.miss-limited']);
    // One alert for the lead per hour and budget, however many tries follow it; each try audited.
    const alerts = query<{ details: string; result: string }>(
      "SELECT details, result FROM audit_log WHERE action = 'alert.search-limit'",
    );
    expect(alerts).toHaveLength(1);
    expect(JSON.parse(alerts[0]!.details)).toMatchObject({
      reason: 'miss-limited',
      budget: 'misses',
      limitPerHour: defaultPolicy.searchMissesPerHour,
    });
    expect(
      query("SELECT seq FROM audit_log WHERE action = 'card.search' AND result = 'alert'"),
    ).toHaveLength(result.tried - result.answered);
    // The search that would have found it is refused too, from another window of the same
    // operator as well: the budget is the operator's, not the window's.
    await signIn('agent', 'w2');
    for (const callerId of ['w1', 'w2']) {
      expect(
        await core.router.call(callerId, 'cards.search', {
          key: 'card-number',
          number: targetCard.pan,
        }),
      ).toMatchObject({
        ok: false,
        error: { code: 'rate_limited', reason: 'search.miss-limited' },
      });
    }
    // Another operator's budget is untouched: one agent cannot exhaust a colleague's.
    await signIn('lead', 'w3');
    expect(
      await core.router.call('w3', 'cards.search', { key: 'card-number', number: targetCard.pan }),
    ).toMatchObject({ ok: true, value: { total: 1 } });
  });

  it('a last 4 + surname sweep (one surname, every last 4)', async () => {
    const { core, signIn, query } = await demoCore();
    await signIn('agent');
    const satoCards = query<{ n: number }>(
      `SELECT count(*) AS n FROM cards c JOIN surname_keys k ON k.cardholder_id = c.cardholder_id
       WHERE k.key = 'sato'`,
    )[0]!.n;
    expect(satoCards).toBeGreaterThanOrEqual(2);
    const candidates = Array.from({ length: 10_000 }, (_, n) => ({
      key: 'last4-surname',
      last4: String(n).padStart(4, '0'),
      surname: 'Sato',
    }));
    const result = await sweep(
      candidates,
      (payload) => core.router.call('w1', 'cards.search', payload) as Promise<Search>,
    );
    expect(result.firstRefusal).toBeLessThanOrEqual(defaultPolicy.nameSearchesPerHour + 1);
    expect(result.answered).toBeLessThanOrEqual(defaultPolicy.searchMissesPerHour + satoCards);
    // The sweep stopped long before it listed every Sato.
    expect(result.found.size).toBeLessThan(satoCards);
    expect(result.tried).toBeLessThan(200);
    expect(query("SELECT seq FROM audit_log WHERE action = 'alert.search-limit'")).toHaveLength(1);
  });

  it('a customer-reference sweep', async () => {
    const { core, signIn, query } = await demoCore();
    await signIn('agent');
    const candidates = Array.from({ length: 100_000 }, (_, n) => ({
      key: 'customer-ref',
      customerRef: `CR001${String(n).padStart(5, '0')}`,
    }));
    const result = await sweep(
      candidates,
      (payload) => core.router.call('w1', 'cards.search', payload) as Promise<Search>,
    );
    expect(result.firstRefusal).toBe(defaultPolicy.searchMissesPerHour + 1);
    expect(result.found.has(targetCard.publicId)).toBe(false);
    expect(query("SELECT seq FROM audit_log WHERE action = 'alert.search-limit'")).toHaveLength(1);
  });

  it('searches that find something have their own budget per key, over a rolling hour', async () => {
    const { core, signIn, query, clock: manual } = await demoCore();
    await signIn('agent');
    const byRef = () =>
      core.router.call('w1', 'cards.search', {
        key: 'customer-ref',
        customerRef: target.customerRef,
      });
    for (let i = 0; i < defaultPolicy.customerRefSearchesPerHour; i++) {
      expect(await byRef()).toMatchObject({ ok: true });
      manual.advance(MINUTE);
      await core.router.call('w1', 'session.activity', {});
    }
    expect(await byRef()).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', reason: 'search.rate-limited' },
    });
    expect(
      query<{ details: string }>(
        "SELECT details FROM audit_log WHERE action = 'alert.search-limit'",
      ).map((row) => JSON.parse(row.details).budget),
    ).toEqual(['customer-ref']);
    // Other keys keep their own budgets.
    expect(
      await core.router.call('w1', 'cards.search', {
        key: 'last4-surname',
        last4: targetCard.last4,
        surname: 'Sato',
      }),
    ).toMatchObject({ ok: true });
    // Once the first searches have left the hour, searching by reference works again.
    for (let i = 0; i < 3; i++) {
      manual.advance(7 * MINUTE);
      await core.router.call('w1', 'session.activity', {});
    }
    expect(await byRef()).toMatchObject({ ok: true });
  });

  it('the budgets are policy: an admin may raise them (the bench does, for its operator)', async () => {
    const { core, signIn, setPolicy } = await demoCore();
    await setPolicy('searchMissesPerHour', 200);
    await setPolicy('cardNumberSearchesPerHour', 300);
    await signIn('agent');
    const result = await sweep(
      cardNumbers(targetCard.pan.slice(0, 6), targetCard.last4, 16),
      (payload) => core.router.call('w1', 'cards.search', payload) as Promise<Search>,
      1,
    );
    expect(result.firstRefusal).toBe(201);
  });
});

describe('a card opens only from what this session was shown', () => {
  it('an id learnt elsewhere opens nothing, is audited and alerts; a search hands it out', async () => {
    const { core, signIn, query } = await demoCore();
    await signIn('agent');
    const open = (callerId = 'w1') =>
      core.router.call(callerId, 'cards.open', { cardId: targetCard.publicId });
    expect(await open()).toMatchObject({
      ok: false,
      error: { code: 'forbidden', reason: 'card.not-handed-out' },
    });
    // An id that does not exist gets the same answer: ids cannot be probed either.
    expect(await core.router.call('w1', 'cards.open', { cardId: 'c_nothing' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', reason: 'card.not-handed-out' },
    });
    expect(query('SELECT * FROM calls')).toEqual([]);
    expect(
      query<{ action: string; result: string; subject_id: string }>(
        "SELECT action, result, subject_id FROM audit_log WHERE action IN ('card.open', 'alert.card-not-handed-out') ORDER BY seq",
      ),
    ).toEqual([
      { action: 'card.open', result: 'refused', subject_id: targetCard.publicId },
      { action: 'alert.card-not-handed-out', result: 'alert', subject_id: targetCard.publicId },
      // Every refusal is recorded; the lead is alerted once an hour per operator, not per try.
      { action: 'card.open', result: 'refused', subject_id: 'c_nothing' },
    ]);

    await core.router.call('w1', 'cards.search', {
      key: 'customer-ref',
      customerRef: target.customerRef,
    });
    expect(await open()).toMatchObject({ ok: true });
    // Another window, even of the same operator, was not shown it.
    await signIn('agent', 'w2');
    expect(await open('w2')).toMatchObject({ ok: false, error: { reason: 'card.not-handed-out' } });
    // A new session in the same window starts with nothing handed out.
    await core.router.call('w1', 'session.signOut', {});
    await signIn('agent');
    expect(await open()).toMatchObject({ ok: false, error: { reason: 'card.not-handed-out' } });
  });

  it('a search that found nothing hands out nothing', async () => {
    const { core, signIn } = await demoCore();
    await signIn('agent');
    await core.router.call('w1', 'cards.search', {
      key: 'customer-ref',
      customerRef: 'CR99999999',
    });
    expect(
      await core.router.call('w1', 'cards.open', { cardId: targetCard.publicId }),
    ).toMatchObject({ ok: false, error: { reason: 'card.not-handed-out' } });
  });
});
