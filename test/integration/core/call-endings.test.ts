/**
 * A call never ends silently. While a call is open, the router refuses to open another card
 * and to sign out (call.still-open), changing nothing; the agent ends the call on purpose:
 * with an outcome (calls.wrapUp) or without one, saying why (calls.endWithoutOutcome,
 * audited). Only when nobody is at the keyboard (the lock screen) does signing out end it.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';

const demoCore = useDemoCore();
const lockedCard = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes').cards[0]!.publicId;
const otherCard = demoScenarioPerson(DEMO_SEED, 'code-expired').cards[0]!.publicId;
const fraudCard = demoScenarioPerson(DEMO_SEED, 'suspected-fraud').cards[0]!.publicId;
const MINUTE = 60_000;

describe('ending a call', () => {
  it('refuses another card and sign-out while a call is open, changing nothing', async () => {
    const { core, signIn, openCard, handOut, snapshot } = await demoCore();
    await signIn('agent');
    expect(await openCard(lockedCard)).toMatchObject({ ok: true });
    await handOut(otherCard);
    const before = snapshot();
    expect(await core.router.call('w1', 'cards.open', { cardId: otherCard })).toMatchObject({
      ok: false,
      error: { code: 'conflict', reason: 'call.still-open' },
    });
    expect(await core.router.call('w1', 'session.signOut', {})).toMatchObject({
      ok: false,
      error: { code: 'conflict', reason: 'call.still-open' },
    });
    expect(snapshot()).toBe(before);
    expect(await core.router.call('w1', 'session.current', {})).toMatchObject({
      value: { state: 'active' },
    });
    // The call goes on: the same card opens again in the same call.
    const current = await core.router.call('w1', 'calls.current', {});
    expect(current).toMatchObject({ ok: true, value: { call: { cardId: lockedCard } } });
    if (!current.ok) throw new Error('no current call');
    const { callId } = (current.value as { call: { callId: string } }).call;
    expect(await core.router.call('w1', 'cards.open', { cardId: lockedCard })).toMatchObject({
      value: { callId },
    });
  });

  it('ends without an outcome only with a reason, a note for "other", and a clean note; audited', async () => {
    const { core, signIn, openCard, query, snapshot } = await demoCore();
    await signIn('agent');
    await openCard(lockedCard);
    const end = (input: object) =>
      core.router.call('w1', 'calls.endWithoutOutcome', { cardId: lockedCard, ...input });
    const before = snapshot();
    expect(await end({ reason: 'other', note: '  ' })).toMatchObject({
      error: { code: 'invalid_input', reason: 'note.required' },
    });
    expect(await end({ reason: 'wrong-card', note: 'card 4111 1111 1111 1111' })).toMatchObject({
      error: { code: 'invalid_input', reason: 'note.card-number' },
    });
    expect(await end({ reason: 'hung-up', note: '' })).toMatchObject({
      error: { code: 'invalid_input', reason: 'input.invalid' },
    });
    expect(
      await core.router.call('w1', 'calls.endWithoutOutcome', {
        cardId: otherCard,
        reason: 'wrong-card',
        note: '',
      }),
    ).toMatchObject({ error: { code: 'conflict', reason: 'call.not-open' } });
    expect(snapshot()).toBe(before);

    expect(await end({ reason: 'other', note: 'Line too noisy to go on' })).toMatchObject({
      ok: true,
    });
    expect(
      query('SELECT end_reason, outcome, no_outcome_reason, note, ended_at FROM calls'),
    ).toEqual([
      {
        end_reason: 'wrapped-up',
        outcome: null,
        no_outcome_reason: 'other',
        note: 'Line too noisy to go on',
        ended_at: '2026-11-20T01:00:00.000Z',
      },
    ]);
    const entries = query<{ action: string; result: string; details: string }>(
      "SELECT action, result, details FROM audit_log WHERE action LIKE 'call.%'",
    );
    expect(entries.map((e) => [e.action, e.result, JSON.parse(e.details)])).toEqual([
      ['call.end-without-outcome', 'success', { reason: 'other', noteLength: 23 }],
    ]);
    // Ended: the window has no call, a second ending is refused, another card opens.
    expect(await core.router.call('w1', 'calls.current', {})).toMatchObject({
      value: { call: null },
    });
    expect(await end({ reason: 'wrong-card', note: '' })).toMatchObject({
      error: { reason: 'call.not-open' },
    });
    expect(await openCard(otherCard)).toMatchObject({ ok: true });
    expect(
      await core.router.call('w1', 'calls.wrapUp', {
        cardId: otherCard,
        outcome: 'resolved-advice',
        note: '',
      }),
    ).toMatchObject({ ok: true });
    expect(await core.router.call('w1', 'session.signOut', {})).toMatchObject({
      value: { state: 'signed-out' },
    });
  });

  it('at the lock screen, signing out ends the call as signed-out (audited)', async () => {
    const { core, clock, signIn, openCard, query } = await demoCore();
    await signIn('agent');
    await openCard(lockedCard);
    clock.advance(16 * MINUTE);
    expect(await core.router.call('w1', 'session.current', {})).toMatchObject({
      value: { state: 'idle-locked' },
    });
    expect(await core.router.call('w1', 'session.signOut', {})).toMatchObject({
      value: { state: 'signed-out' },
    });
    expect(query('SELECT end_reason, no_outcome_reason FROM calls')).toEqual([
      { end_reason: 'signed-out', no_outcome_reason: null },
    ]);
    expect(
      query("SELECT details FROM audit_log WHERE action = 'call.end'").map((r) =>
        JSON.parse((r as { details: string }).details),
      ),
    ).toEqual([{ reason: 'signed-out' }]);
  });

  it('a transfer to the fraud team records its case reference once, validated, audited', async () => {
    const setup = await demoCore();
    const { core, signIn, openCard, query, snapshot } = setup;
    await signIn('agent');
    await openCard(fraudCard);
    const transfer = (caseRef: string) =>
      core.router.call('w1', 'calls.fraudTransfer', { cardId: fraudCard, caseRef });
    const before = snapshot();
    for (const typed of ['4111 1111 1111 1111', '090-1234-5678', 'FR-12345', 'case FR-123456'])
      expect(await transfer(typed), typed).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', reason: 'call.fraud-case-ref' },
      });
    expect(snapshot()).toBe(before);

    expect(await transfer('ｆｒ ６５４３２１')).toMatchObject({
      ok: true,
      value: { caseRef: 'FR-654321', transferredAt: '2026-11-20T01:00:00.000Z' },
    });
    expect(await transfer('FR-111111')).toMatchObject({
      error: { code: 'conflict', reason: 'call.fraud-transferred' },
    });
    expect(
      await core.router.call('w1', 'calls.wrapUp', {
        cardId: fraudCard,
        outcome: 'escalated',
        note: '',
      }),
    ).toMatchObject({ ok: true });
    expect(query('SELECT fraud_case_ref, fraud_transferred_at, outcome FROM calls')).toEqual([
      {
        fraud_case_ref: 'FR-654321',
        fraud_transferred_at: '2026-11-20T01:00:00.000Z',
        outcome: 'escalated',
      },
    ]);
    const entries = query<{ action: string; details: string }>(
      "SELECT action, details FROM audit_log WHERE action LIKE 'call.%' ORDER BY seq",
    );
    expect(entries.map((e) => [e.action, JSON.parse(e.details)])).toEqual([
      ['call.fraud-transfer', { caseRef: 'FR-654321' }],
      ['call.wrap-up', { outcome: 'escalated', noteLength: 0 }],
    ]);
    // The database refuses a case reference in any other form, whoever writes it.
    const { dbPath } = setup;
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(dbPath);
    try {
      expect(() =>
        db.prepare("UPDATE calls SET fraud_case_ref = '4111111111111111'").run(),
      ).toThrow(/CHECK/u);
    } finally {
      db.close();
    }
  });
});
