/**
 * What the desk server knows of a peer, and what it only hears from it. A machine that floods
 * sign-in attempts or calls is answered 429 with the rate_limited Result once it spent its
 * share, without its attempts reaching the router; another machine is served as before. The
 * audit origin names the peer the server sees (its address, its certificate's subject with
 * mutual TLS); a console's own name for itself is recorded only as what it claims.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { demoOperator } from '../../../main/core/demo/demo-operators.ts';
import { rawCall, useDeskServer } from './server-fixture.ts';

const deskServer = useDeskServer();

const count = (dbPath: string, sql: string): number => {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

const RATE_LIMITED = {
  ok: false,
  error: { code: 'rate_limited', reason: 'connection.rate-limited' },
};

describe('a peer flooding the desk server', () => {
  it('is refused further sign-in attempts with 429 once its share is spent; another machine still signs in', async () => {
    const server = await deskServer({
      cardholders: 4,
      peerLimits: { signIn: { burst: 3, perSecond: 1 / 600 } },
    });
    const url = server.running.server.url;
    // An operator nobody has: no account is locked by the guesses.
    const guess = { username: 'no.such.operator', password: 'not-the-password-1' };
    const attempts = () =>
      count(
        server.dbPath,
        "SELECT count(*) AS n FROM audit_log WHERE action LIKE 'session.sign-in%'",
      );
    const before = attempts();
    for (let i = 0; i < 3; i++) {
      const answer = await rawCall(url, server.ca.cert, 'session.signIn', guess, null);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    }
    const flooded = await rawCall(url, server.ca.cert, 'session.signIn', guess, null);
    expect(flooded.status).toBe(429);
    expect(flooded.body).toMatchObject(RATE_LIMITED);
    expect(Number(flooded.headers['retry-after'])).toBeGreaterThan(0);
    expect(server.internal).toEqual([
      expect.stringMatching(
        /^limits: refused 127\.0\.0\.1, over its sign-in limit \(\d+ s to wait\)$/u,
      ),
    ]);
    // The refused attempt never reached the router: three attempts, three entries.
    expect(attempts()).toBe(before + 3);
    // Its other calls are not sign-ins: they are served.
    expect((await rawCall(url, server.ca.cert, 'app.info', {}, null)).body).toMatchObject({
      ok: true,
    });

    // Another machine has a share of its own.
    const lead = demoOperator('lead');
    const other = await rawCall(
      url,
      server.ca.cert,
      'session.signIn',
      { username: lead.username, password: lead.password },
      null,
      null,
      { localAddress: '127.0.0.2' },
    );
    expect(other.status).toBe(200);
    expect(other.body).toMatchObject({ ok: true });
  });

  it('is refused further calls with 429 once its share is spent', async () => {
    const server = await deskServer({
      cardholders: 4,
      peerLimits: { calls: { burst: 5, perSecond: 1 / 600 } },
    });
    const url = server.running.server.url;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await rawCall(url, server.ca.cert, 'app.info', {}, null)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const refused = await rawCall(url, server.ca.cert, 'session.current', {}, null);
    expect(refused.body).toMatchObject(RATE_LIMITED);
    const other = await rawCall(url, server.ca.cert, 'app.info', {}, null, null, {
      localAddress: '127.0.0.3',
    });
    expect(other.status).toBe(200);
  });
});

describe('the audit origin of a server call', () => {
  it("names the peer the server sees; the console's own name is recorded only as its claim", async () => {
    const server = await deskServer({ cardholders: 4 });
    const lead = demoOperator('lead');
    const signedIn = await rawCall(
      server.running.server.url,
      server.ca.cert,
      'session.signIn',
      { username: lead.username, password: lead.password },
      null,
      null,
      { headers: { 'desk-console-host': 'PC-0412' } },
    );
    expect(signedIn.body).toMatchObject({ ok: true });
    const { origin } = server.db
      .prepare("SELECT origin FROM audit_log WHERE action = 'session.sign-in' ORDER BY seq DESC")
      .get() as { origin: string };
    expect(origin).toMatch(
      /^console@127\.0\.0\.1 peer=127\.0\.0\.1:\d+ via desk-server@\S+ claims-host=PC-0412$/u,
    );
  });
});
