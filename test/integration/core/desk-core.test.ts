/**
 * The whole core on a real demo database, through the router as the renderer calls it:
 * bad input changes nothing, reads are audited, the reply carries only masked data.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DEMO_EPOCH, DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoOperator } from '../../../main/core/demo/demo-operators.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';

const demoCore = useDemoCore();

describe('desk core', () => {
  it('a bad payload gets invalid_input and changes nothing', async () => {
    const { core, snapshot } = await demoCore();
    const before = snapshot();
    for (const [channel, payload] of [
      ['session.signIn', { username: 'demo.agent' }],
      ['session.signIn', { username: 'demo.agent', password: 'x', role: 'admin' }],
      ['session.signIn', 'demo.agent'],
      ['cards.search', { key: 'last4-surname', last4: '1234' }],
      ['cards.open', { cardId: "'; DROP TABLE cards; --" }],
    ] as const) {
      expect(await core.router.call('w1', channel, payload)).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', reason: 'input.invalid' },
      });
    }
    expect(snapshot()).toBe(before);
  });

  it('signs in, searches and opens a card; replies are masked and every read is audited', async () => {
    const { core, dbPath, internal } = await demoCore();
    const agent = demoOperator('agent');
    expect(
      await core.router.call('w1', 'session.signIn', {
        username: agent.username,
        password: agent.password,
      }),
    ).toMatchObject({
      ok: true,
      value: { state: 'active' },
    });
    const person = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
    const card = person.cards[0]!;
    const found = await core.router.call('w1', 'cards.search', {
      key: 'last4-surname',
      last4: card.last4,
      surname: person.nameLatin.split(' ')[0],
    });
    expect(found).toMatchObject({
      ok: true,
      value: {
        results: expect.arrayContaining([expect.objectContaining({ cardId: card.publicId })]),
      },
    });
    const opened = await core.router.call('w1', 'cards.open', { cardId: card.publicId });
    expect(opened).toMatchObject({
      ok: true,
      value: {
        maskedCard: `${card.brand} •••• ${card.last4}`,
        lock: { state: 'locked', cause: 'wrong_codes', until: '2026-11-20T01:18:00.000Z' },
        dataAsOf: DEMO_EPOCH,
      },
    });
    expect(JSON.stringify([found, opened])).not.toContain(card.pan);

    const db = new Database(dbPath, { readonly: true });
    const actions = db
      .prepare("SELECT action, username FROM audit_log WHERE origin = 'console@test' ORDER BY seq")
      .all();
    db.close();
    expect(actions).toEqual([
      { action: 'session.sign-in', username: 'demo.agent' },
      { action: 'card.search', username: 'demo.agent' },
      { action: 'card.open', username: 'demo.agent' },
    ]);
    expect(internal).toEqual([]);
  });

  it('an agent cannot verify the audit trail; an auditor can, and it is intact', async () => {
    const { core } = await demoCore();
    const agent = demoOperator('agent');
    await core.router.call('w1', 'session.signIn', {
      username: agent.username,
      password: agent.password,
    });
    expect(await core.router.call('w1', 'audit.verify', {})).toMatchObject({
      error: { code: 'forbidden', reason: 'access.role' },
    });
    const auditor = demoOperator('auditor');
    await core.router.call('w2', 'session.signIn', {
      username: auditor.username,
      password: auditor.password,
    });
    expect(await core.router.call('w2', 'audit.verify', {})).toMatchObject({ ok: true });
  });

  it('the OS locking the screen, or OS idle past the policy, locks every session at once', async () => {
    const { core, emitted, dbPath } = await demoCore();
    const agent = demoOperator('agent');
    await core.router.call('w1', 'session.signIn', {
      username: agent.username,
      password: agent.password,
    });
    await core.osIdle(14 * 60);
    expect(await core.router.call('w1', 'session.current', {})).toMatchObject({
      value: { state: 'active' },
    });
    expect(emitted).toEqual([]);

    await core.osIdle(15 * 60);
    expect(await core.router.call('w1', 'session.current', {})).toMatchObject({
      value: { state: 'idle-locked' },
    });
    expect(emitted).toEqual([
      { callerId: 'w1', event: 'session.changed', payload: { reason: 'os-idle' } },
    ]);
    expect(
      await core.router.call('w1', 'cards.search', {
        key: 'last4-surname',
        last4: '1234',
        surname: 'Sato',
      }),
    ).toMatchObject({
      error: { code: 'unauthenticated', reason: 'session.locked' },
    });

    await core.router.call('w1', 'session.resume', { password: agent.password });
    await core.osLocked();
    await core.osLocked();
    expect(emitted.map((e) => e.payload)).toEqual([{ reason: 'os-idle' }, { reason: 'os-lock' }]);

    const db = new Database(dbPath, { readonly: true });
    const locks = db
      .prepare("SELECT details FROM audit_log WHERE action = 'session.idle-lock' ORDER BY seq")
      .all() as { details: string }[];
    db.close();
    expect(locks.map((row) => JSON.parse(row.details))).toEqual([
      { reason: 'os-idle' },
      { reason: 'os-lock' },
    ]);
  });
});
