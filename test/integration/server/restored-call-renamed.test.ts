/**
 * A restarted desk server puts each session back in its call (session/session-store.ts). The
 * sealed session row names the call by its row id; the call's public id (by which the trail
 * vouches for the caller's verification) and its card are read from `calls`, which is not
 * sealed. A writer without the keys who gives the agent's open, unverified call the public id
 * of an earlier call on the card, in which the real cardholder was verified minutes ago, must
 * not make the caller count as verified: the session row's seal binds the call's public id and
 * card, so the restored call is refused (ended, the lead alerted) and the agent opens the card
 * again in a new call, unverified.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoOperator } from '../../../main/core/demo/demo-operators.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { openAndVerify, useDeskServer } from './server-fixture.ts';

const deskServer = useDeskServer();
const person = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');

describe("the open call's public id changed in the file across a server restart", () => {
  it('the call is not restored: the caller stays unverified, no reset, the lead is alerted', async () => {
    const server = await deskServer({ cardholders: 12 });
    const agent = server.connect();
    await agent.signIn('agent');
    // The real cardholder called, was verified, and the call ended.
    const cardId = await openAndVerify(agent, person);
    const newestCall = () =>
      server.db.prepare('SELECT id, public_id FROM calls ORDER BY id DESC LIMIT 1').get() as {
        id: number;
        public_id: string;
      };
    const verifiedCall = newestCall();
    expect(
      await agent.call('calls.endWithoutOutcome', {
        cardId,
        reason: 'caller-will-call-back',
        note: '',
      }),
    ).toMatchObject({ ok: true });
    server.clock.advance(2 * 60_000);
    // Someone else calls about the card: opened, never verified.
    expect(
      await agent.call('cards.search', { key: 'customer-ref', customerRef: person.customerRef }),
    ).toMatchObject({ ok: true });
    expect(await agent.call('cards.open', { cardId })).toMatchObject({
      ok: true,
      value: { verification: { status: 'unverified' } },
    });
    const unverifiedCall = newestCall();
    expect(unverifiedCall.id).not.toBe(verifiedCall.id);

    await server.restart(() => {
      const raw = keylessWriter(server.dbPath);
      try {
        raw
          .prepare("UPDATE calls SET public_id = public_id || 'x' WHERE id = ?")
          .run(verifiedCall.id);
        raw
          .prepare('UPDATE calls SET public_id = ? WHERE id = ?')
          .run(verifiedCall.public_id, unverifiedCall.id);
      } finally {
        raw.close();
      }
    });

    // The session is kept; the call it named is not.
    expect(await agent.call('session.current')).toMatchObject({
      ok: true,
      value: { state: 'active', operator: { username: demoOperator('agent').username } },
    });
    const status = await agent.call('lockout.status', { cardId });
    expect(status).not.toMatchObject({ ok: true, value: { allowed: true } });
    expect(
      await agent.call('lockout.reset', {
        cardId,
        reason: 'cardholder-mistyped-code',
        note: 'Reset after the restart.',
      }),
    ).not.toMatchObject({ ok: true });
    expect(
      server.db
        .prepare(
          `SELECT COUNT(*) AS n FROM audit_log
            WHERE action IN ('lockout.reset', 'lockout.reset-applied')`,
        )
        .get(),
    ).toEqual({ n: 0 });
    // The altered call is ended in the database, and the lead is alerted.
    expect(
      server.db
        .prepare('SELECT ended_at IS NOT NULL AS ended FROM calls WHERE id = ?')
        .get(unverifiedCall.id),
    ).toEqual({ ended: 1 });
    const alerts = server.db
      .prepare("SELECT details FROM audit_log WHERE action = 'alert.altered-row'")
      .all() as { details: string }[];
    expect(alerts.map((row) => JSON.parse(row.details) as { table: string })).toContainEqual(
      expect.objectContaining({ table: 'calls' }),
    );

    // Opened again (from a search, as any card), the card is in a new call, unverified.
    expect(
      await agent.call('cards.search', { key: 'customer-ref', customerRef: person.customerRef }),
    ).toMatchObject({ ok: true });
    const reopened = await agent.call('cards.open', { cardId });
    expect(reopened).toMatchObject({ ok: true, value: { verification: { status: 'unverified' } } });
    expect(newestCall().id).not.toBe(unverifiedCall.id);
    expect(await agent.call('lockout.status', { cardId })).toMatchObject({
      ok: true,
      value: { allowed: false, refusal: 'not-verified' },
    });
  });

  it('a session sealed before the call was bound keeps its session, not its call', async () => {
    const server = await deskServer({ cardholders: 12 });
    const agent = server.connect();
    await agent.signIn('agent');
    const cardId = await openAndVerify(agent, person);
    const openCall = server.db.prepare('SELECT id FROM calls ORDER BY id DESC LIMIT 1').get() as {
      id: number;
    };
    // As a version before the call MAC wrote it: the session MAC alone (the first 32 bytes).
    await server.restart(() => {
      const raw = keylessWriter(server.dbPath);
      try {
        raw.prepare('UPDATE server_sessions SET row_mac = substr(row_mac, 1, 32)').run();
      } finally {
        raw.close();
      }
    });
    expect(await agent.call('session.current')).toMatchObject({
      ok: true,
      value: { state: 'active', operator: { username: demoOperator('agent').username } },
    });
    expect(await agent.call('lockout.status', { cardId })).not.toMatchObject({
      ok: true,
      value: { allowed: true },
    });
    expect(
      server.db
        .prepare('SELECT ended_at IS NOT NULL AS ended FROM calls WHERE id = ?')
        .get(openCall.id),
    ).toEqual({ ended: 1 });
    // An ordinary upgrade, not an alteration: nobody is alerted.
    expect(
      server.db
        .prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'alert.altered-row'")
        .get(),
    ).toEqual({ n: 0 });
  });
});
