/**
 * Signing in again through the desk server, from a console that holds a session with a call
 * open, ends that session and its call, as signing in again at a window does: the old token
 * is no session any more, the call is ended (signed-out, audited), and the sign-out is audited
 * as replaced. Before, the server asked the old session to sign out, which a session with an
 * open call refuses (the operator says how the call ended first), and the old session stayed
 * alive with its call. Nor does a console forget its token when the server refused its
 * sign-out: it could never end that session again.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoOperator } from '../../../main/core/demo/demo-operators.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { openAndVerify, rawCall, useDeskServer } from '../server/server-fixture.ts';

const deskServer = useDeskServer();
const person = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');

describe('signing in again through the desk server', () => {
  it('ends the session the console held, and its open call', async () => {
    const server = await deskServer({ cardholders: 12 });
    const url = () => server.running.server.url;
    const agent = demoOperator('agent');
    const credentials = { username: agent.username, password: agent.password };
    const call = async (channel: string, payload: unknown, token: string | null) =>
      (await rawCall(url(), server.ca.cert, channel, payload, token)).body;

    const first = await rawCall(url(), server.ca.cert, 'session.signIn', credentials, null);
    const oldToken = first.session!;
    const cardId = person.cards[0]!.publicId;
    expect(
      await call(
        'cards.search',
        { key: 'customer-ref', customerRef: person.customerRef },
        oldToken,
      ),
    ).toMatchObject({ ok: true });
    expect(await call('cards.open', { cardId }, oldToken)).toMatchObject({ ok: true });
    const openCalls = () =>
      server.db.prepare('SELECT end_reason FROM calls WHERE ended_at IS NULL').all();
    expect(openCalls()).toHaveLength(1);

    // The console signs in again (the same operator), sending the token it holds.
    const again = await rawCall(url(), server.ca.cert, 'session.signIn', credentials, oldToken);
    expect(again.body).toMatchObject({ ok: true, value: { state: 'active' } });
    const newToken = again.session!;
    expect(newToken).not.toBe(oldToken);

    expect(await call('calls.current', {}, oldToken)).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    expect(openCalls()).toEqual([]);
    expect(server.db.prepare('SELECT end_reason FROM calls').all()).toEqual([
      { end_reason: 'signed-out' },
    ]);
    expect(
      server.db
        .prepare(
          "SELECT json_extract(details, '$.reason') AS reason FROM audit_log WHERE action = 'session.sign-out'",
        )
        .all(),
    ).toEqual([{ reason: 'replaced' }]);
    // The new session works, with no call open.
    expect(await call('calls.current', {}, newToken)).toMatchObject({ ok: true });
  });

  it('a console whose sign-out was refused (a call open) keeps its session, and signing in again ends it', async () => {
    const server = await deskServer({ cardholders: 12 });
    const agent = server.connect();
    await agent.signIn('agent');
    await openAndVerify(agent, person);
    expect(await agent.call('session.signOut')).toMatchObject({
      ok: false,
      error: { reason: 'call.still-open' },
    });
    expect(agent.connection.hasSession()).toBe(true);
    expect(await agent.call('calls.current')).toMatchObject({ ok: true });
    await agent.signIn('agent');
    expect(server.db.prepare('SELECT end_reason FROM calls').all()).toEqual([
      { end_reason: 'signed-out' },
    ]);
    expect(server.db.prepare('SELECT count(*) AS n FROM server_sessions').get()).toEqual({ n: 1 });
  });
});
