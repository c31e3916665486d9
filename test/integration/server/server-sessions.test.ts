/**
 * Sessions of a desk server across a restart: the agent is still signed in, in the same call,
 * with the caller still verified, and can reset the lock without signing in or verifying
 * again. What is kept is a hash of the token, sealed: a row forged or copied under another
 * token's hash is no session, and signing out removes the row.
 */
import { describe, expect, it } from 'vitest';
import { createCliIo } from '../../../main/cli/cli-io.ts';
import { main as deskAdmin } from '../../../main/cli/desk-admin.ts';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoOperator } from '../../../main/core/demo/demo-operators.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { callerIdOf } from '../../../main/server/session-tokens.ts';
import { openAndVerify, rawCall, useDeskServer } from './server-fixture.ts';

const deskServer = useDeskServer();
const person = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');

describe('desk server sessions across a restart', () => {
  it('a restart in the middle of a call: the agent is back in the same call with the caller still verified', async () => {
    const server = await deskServer({ cardholders: 12 });
    const statuses: string[] = [];
    const agent = server.connect({ onStatus: (status) => statuses.push(status) });
    await agent.signIn('agent');
    const cardId = await openAndVerify(agent, person);
    const before = await agent.call('cards.open', { cardId });
    expect(before).toMatchObject({ ok: true, value: { verification: { status: 'verified' } } });

    await server.restart(async () => {
      // While the server is down the console says so, and nothing pretends to work.
      expect(await agent.call('lockout.status', { cardId })).toMatchObject({
        ok: false,
        error: { reason: 'connection.server-unreachable' },
      });
      expect(agent.connection.status()).toBe('lost');
    });

    expect(await agent.call('session.current')).toMatchObject({
      ok: true,
      value: { state: 'active', operator: { username: demoOperator('agent').username } },
    });
    expect(agent.connection.status()).toBe('connected');
    expect(statuses).toEqual(['lost', 'connected']);
    // The same call, still verified: the reset is allowed and goes through.
    const status = await agent.call('lockout.status', { cardId });
    expect(status).toMatchObject({ ok: true, value: { allowed: true } });
    const again = await agent.call('cards.open', { cardId });
    expect(again).toMatchObject({
      ok: true,
      value: {
        callId: (before as unknown as { value: { callId: string } }).value.callId,
        verification: { status: 'verified' },
      },
    });
    expect(
      await agent.call('lockout.reset', {
        cardId,
        reason: 'cardholder-mistyped-code',
        note: 'Reset after the server came back.',
      }),
    ).toMatchObject({ ok: true });
    // The event socket came back by itself with the session.
    await agent.connection.listening();
    // A restart nobody noticed (no call while it was down): the first call after it still
    // goes through, on a new connection instead of the one the old server closed.
    await server.restart();
    expect(await agent.call('lockout.status', { cardId })).toMatchObject({ ok: true });

    await server.stop();
    let out = '';
    const io = createCliIo({
      stdout: { write: (text: string) => (out += text) },
      stderr: { write: (text: string) => (out += text) },
      env: {},
    });
    expect(
      await deskAdmin(['audit', 'verify', '--db', server.dbPath, '--key-file', server.keyFile], io),
      out,
    ).toBe(0);
    expect(server.internal).toEqual([]);
  });

  it('keeps only a sealed hash of the token: a copied row is no session, and sign-out removes it', async () => {
    const server = await deskServer({ cardholders: 4 });
    const url = () => server.running.server.url;
    const operator = demoOperator('lead');
    const credentials = { username: operator.username, password: operator.password };
    const signedIn = await rawCall(url(), server.ca.cert, 'session.signIn', credentials, null);
    const token = signedIn.session!;
    const rows = () =>
      server.db.prepare('SELECT caller_id FROM server_sessions').all() as { caller_id: string }[];
    expect(rows()).toEqual([{ caller_id: callerIdOf(token, '') }]);

    // Someone with write access copies the lead's row under the hash of a token they made up.
    const madeUp = 'B'.repeat(43);
    await server.restart(() => {
      server.db
        .prepare(
          `INSERT INTO server_sessions
             SELECT ?, operator_id, username, display_name, role, signed_in_at, last_activity_at,
                    idle_locked_at, call_id, handed_out, mac_key_id, row_mac
               FROM server_sessions WHERE caller_id = ?`,
        )
        .run(callerIdOf(madeUp, ''), callerIdOf(token, ''));
    });
    expect((await rawCall(url(), server.ca.cert, 'approvals.list', {}, madeUp)).body).toMatchObject(
      { ok: false, error: { code: 'unauthenticated' } },
    );
    expect(server.internal).toEqual([
      'sessions: 1 stored session(s) failed their seal and were dropped',
    ]);
    const alert = server.db
      .prepare("SELECT result, details FROM audit_log WHERE action = 'alert.altered-row'")
      .all();
    expect(alert).toEqual([
      { result: 'alert', details: JSON.stringify({ rows: 1, table: 'server_sessions' }) },
    ]);
    // The lead's own session survived the restart; signing out removes its row.
    expect((await rawCall(url(), server.ca.cert, 'approvals.list', {}, token)).body).toMatchObject({
      ok: true,
    });
    await rawCall(url(), server.ca.cert, 'session.signOut', {}, token);
    expect(rows()).toEqual([]);
    expect((await rawCall(url(), server.ca.cert, 'approvals.list', {}, token)).body).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
  });
});
