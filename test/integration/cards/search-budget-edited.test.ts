/**
 * The search budgets count the operator's card.search entries, and every entry counted must
 * hold its MAC: an entry edited in the file (result or `matched` changed, triggers dropped and
 * put back; the trail watch's interval long, so the count itself is what is tested) refuses
 * the next search as over the miss budget, marks the trail broken in the key store (putting
 * the entry back does not clear it) and alerts the lead once — whether the entry was never
 * counted yet or was already counted (and kept as verified) by this process. So a file writer
 * who flips each search out of the count gets no full-card-number guesses past the budget.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { luhnValid } from '../../../shared/cards/luhn.ts';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoOperator } from '../../../main/core/demo/demo-operators.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { editEntry } from '../../helpers/hide-entry.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const who = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const pan = who.cards[0]!.pan;
const WATCH = { trailWatchMs: 3_600_000 };

const trailBroken = (keyFile: string) =>
  (JSON.parse(readFileSync(keyFile, 'utf8')) as { trailBroken?: { seq: number } }).trailBroken;

function edit(dbPath: string, sql: string) {
  const raw = keylessWriter(dbPath);
  try {
    editEntry(raw, sql);
  } finally {
    raw.close();
  }
}

/** Luhn-valid numbers with the card's BIN and last 4: what a guesser of the middle tries. */
function guesses(count: number): string[] {
  const found: string[] = [];
  for (let middle = 0; found.length < count; middle++) {
    const candidate = `${pan.slice(0, 6)}${String(middle).padStart(pan.length - 10, '0')}${pan.slice(-4)}`;
    if (candidate !== pan && luhnValid(candidate)) found.push(candidate);
  }
  return found;
}

const alteredAlerts = (
  desk: { query: (sql: string, ...args: unknown[]) => unknown[] },
  seq: number,
) =>
  desk.query(
    "SELECT count(*) AS n FROM audit_log WHERE action = 'alert.altered-row' AND json_extract(details, '$.seq') = ?",
    seq,
  );

describe('search budgets counted from entries edited in the file', () => {
  it('a search flipped out of the count after it ran: the next search is refused, the trail marked, the lead alerted once', async () => {
    const desk = await demoCore(WATCH);
    expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'holds', full: true });
    await desk.signIn('agent');
    const search = (number: string) =>
      desk.core.router.call('w1', 'cards.search', { key: 'card-number', number });
    const [first, second, third] = guesses(3);
    expect(await search(first!)).toMatchObject({ ok: true, value: { total: 0 } });
    expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'holds', full: false });
    const { seq } = desk.query<{ seq: number }>(
      "SELECT max(seq) AS seq FROM audit_log WHERE action = 'card.search'",
    )[0]!;
    // The miss flipped out of both counts, as the review's file writer does after each search.
    edit(desk.dbPath, `UPDATE audit_log SET result = 'failure' WHERE seq = ${seq}`);
    expect(await search(second!)).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', reason: 'search.miss-limited' },
    });
    expect(trailBroken(desk.keyFile)).toMatchObject({ seq });
    expect(alteredAlerts(desk, seq)).toEqual([{ n: 1 }]);
    // Refused again while it stands; alerted once.
    expect(await search(third!)).toMatchObject({ ok: false });
    expect(alteredAlerts(desk, seq)).toEqual([{ n: 1 }]);
    // Put back as it was: the mark stays (it is in the key store), and agents cannot sign in.
    edit(desk.dbPath, `UPDATE audit_log SET result = 'success' WHERE seq = ${seq}`);
    expect(trailBroken(desk.keyFile)).toMatchObject({ seq });
    await desk.core.router.call('w1', 'session.signOut', {});
    const agent = demoOperator('agent');
    expect(
      await desk.core.router.call('w1', 'session.signIn', {
        username: agent.username,
        password: agent.password,
      }),
    ).toMatchObject({ ok: false, error: { reason: 'session.trail-broken' } });
  });

  it('every search flipped out of the count after it ran, 40 guesses at the card number: none past the first finds anything', async () => {
    const desk = await demoCore(WATCH);
    await desk.signIn('agent');
    let found = 0;
    let answered = 0;
    for (const number of [...guesses(39), pan]) {
      const r = await desk.core.router.call('w1', 'cards.search', { key: 'card-number', number });
      if (r.ok) {
        answered += 1;
        found += (r.value as { results: unknown[] }).results.length;
      } else
        // Refused, then signed out: the edit marked the trail broken, which ends an agent's session.
        expect(['search.miss-limited', 'session.signed-out']).toContain(r.error.reason);
      edit(
        desk.dbPath,
        "UPDATE audit_log SET result = 'failure' WHERE action = 'card.search' AND result = 'success'",
      );
    }
    expect({ answered, found }).toEqual({ answered: 1, found: 0 });
    expect(trailBroken(desk.keyFile)).toBeDefined();
    expect(
      desk.query("SELECT count(*) AS n FROM audit_log WHERE action = 'alert.altered-row'"),
    ).toEqual([{ n: 1 }]);
  });

  it('an entry already counted, edited later (matched, or deleted): the next search is refused', async () => {
    const desk = await demoCore(WATCH);
    await desk.signIn('agent');
    const search = (number: string) =>
      desk.core.router.call('w1', 'cards.search', { key: 'card-number', number });
    const tries = guesses(4);
    for (const number of tries.slice(0, 3))
      expect(await search(number)).toMatchObject({ ok: true, value: { total: 0 } });
    const seqs = desk
      .query<{ seq: number }>(
        "SELECT seq FROM audit_log WHERE action = 'card.search' AND result = 'success' ORDER BY seq",
      )
      .map((row) => row.seq);
    expect(seqs).toHaveLength(3);
    // The oldest miss, counted at the second and third searches, says it matched a card.
    edit(
      desk.dbPath,
      `UPDATE audit_log SET details = json_set(details, '$.matched', 1) WHERE seq = ${seqs[0]}`,
    );
    expect(await search(tries[3]!)).toMatchObject({
      ok: false,
      error: { reason: 'search.miss-limited' },
    });
    expect(trailBroken(desk.keyFile)).toMatchObject({ seq: seqs[0] });
    expect(alteredAlerts(desk, seqs[0]!)).toEqual([{ n: 1 }]);
  });

  it('a counted miss deleted from the file: the next search is refused, the deleted entry named', async () => {
    const desk = await demoCore(WATCH);
    await desk.signIn('agent');
    const search = (number: string) =>
      desk.core.router.call('w1', 'cards.search', { key: 'card-number', number });
    const tries = guesses(3);
    for (const number of tries.slice(0, 2))
      expect(await search(number)).toMatchObject({ ok: true, value: { total: 0 } });
    const { seq } = desk.query<{ seq: number }>(
      "SELECT min(seq) AS seq FROM audit_log WHERE action = 'card.search'",
    )[0]!;
    edit(desk.dbPath, `DELETE FROM audit_log WHERE seq = ${seq}`);
    expect(await search(tries[2]!)).toMatchObject({
      ok: false,
      error: { reason: 'search.miss-limited' },
    });
    expect(trailBroken(desk.keyFile)).toBeDefined();
  });

  it('searches that hold are counted as before: the miss budget refuses the search past it, the real number is never reached', async () => {
    const desk = await demoCore(WATCH);
    await desk.signIn('agent');
    let refused = 0;
    let found = 0;
    for (const number of [...guesses(12), pan]) {
      const r = await desk.core.router.call('w1', 'cards.search', { key: 'card-number', number });
      if (r.ok) found += (r.value as { results: unknown[] }).results.length;
      else refused += 1;
    }
    expect(found).toBe(0);
    expect(refused).toBeGreaterThan(0);
    expect(trailBroken(desk.keyFile)).toBeUndefined();
    expect(
      desk.query("SELECT count(*) AS n FROM audit_log WHERE action = 'alert.altered-row'"),
    ).toEqual([{ n: 0 }]);
  });
});
