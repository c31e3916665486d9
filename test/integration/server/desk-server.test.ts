/**
 * The desk server over loopback TLS, with the client the console's main process uses: every
 * channel refused without a session, two consoles racing the same reset, an approval reaching
 * the other console as an event, certificate refusals, health without data, the audit origin.
 */
import { request } from 'node:https';
import { describe, expect, it } from 'vitest';
import { describeTlsError } from '../../../main/connected/server-connection.ts';
import { demoOperator } from '../../../main/core/demo/demo-operators.ts';
import { contract, type ChannelName } from '../../../shared/contract/index.ts';
import { openAndVerify, rawCall, serverCerts, useDeskServer } from './server-fixture.ts';
import { channelSamples } from '../../helpers/channel-samples.ts';

const deskServer = useDeskServer();

const SAMPLES = channelSamples('server check');

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
}

describe('desk server', () => {
  it('answers every channel without a valid token as signed out: unauthenticated, nothing served', async () => {
    const { running, connect, ca } = await deskServer({ cardholders: 12 });
    const anonymous = connect();
    const forged = 'A'.repeat(43);
    for (const channel of Object.keys(contract.channels) as ChannelName[]) {
      const spec = contract.channels[channel];
      for (const result of [
        await anonymous.call(channel, SAMPLES[channel]),
        (await rawCall(running.server.url, ca.cert, channel, SAMPLES[channel], forged))
          .body as Awaited<ReturnType<typeof anonymous.call>>,
      ]) {
        if (spec.access !== 'public') {
          expect(result, channel).toMatchObject({
            ok: false,
            error: { code: 'unauthenticated', reason: 'session.signed-out' },
          });
        } else if (channel === 'app.info') {
          expect(result.ok, channel).toBe(true);
        } else if (channel === 'session.signIn' || channel === 'session.resume') {
          expect(result, channel).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
        } else if (channel === 'session.osLock') {
          expect(result, channel).toMatchObject({
            ok: true,
            value: { changed: false, session: { state: 'signed-out' } },
          });
        } else {
          // Public session channels answer, and what they answer is "signed out".
          expect(result, channel).toMatchObject({ ok: true, value: { state: 'signed-out' } });
        }
      }
    }
  });

  it('two consoles racing the same reset 30 times reset it once a round: one reset, one audit entry, one outbox row', async () => {
    const ROUNDS = 30;
    const server = await deskServer({ cardholders: 50 });
    const people = server.people.filter((p) => p.scenario === 'ordinary').slice(0, ROUNDS);
    expect(people).toHaveLength(ROUNDS);
    for (const p of people) server.lockCard(p.cards[0]!.publicId);
    const agent = server.connect({ consoleHost: 'PC-A' });
    const lead = server.connect({ consoleHost: 'PC-B' });
    await agent.signIn('agent');
    await lead.signIn('lead');

    const count = (sql: string, card: string) =>
      (server.db.prepare(sql).get(card) as { n: number }).n;
    const outcomes: string[] = [];
    for (const [round, p] of people.entries()) {
      const card = await openAndVerify(agent, p);
      await openAndVerify(lead, p);
      const press = { cardId: card, reason: 'cardholder-mistyped-code', note: 'Both press reset.' };
      const order = round % 2 === 0 ? [agent, lead] : [lead, agent];
      const results = await Promise.all(order.map((c) => c.call('lockout.reset', press)));
      const won = results.filter((r) => r.ok);
      const lost = results.filter((r) => !r.ok);
      expect(won).toHaveLength(1);
      expect(lost).toMatchObject([
        { ok: false, error: { code: 'conflict', reason: expect.stringMatching(/^reset\./u) } },
      ]);
      outcomes.push(results.map((r) => (r.ok ? 'won' : 'lost')).join('/'));
      expect(
        count(
          'SELECT count(*) AS n FROM resets r JOIN cards c ON c.id = r.card_id WHERE c.public_id = ?',
          card,
        ),
      ).toBe(1);
      expect(
        count(
          "SELECT count(*) AS n FROM audit_log WHERE action = 'lockout.reset' AND subject_id = ?",
          card,
        ),
      ).toBe(1);
      expect(
        count(
          `SELECT count(*) AS n FROM reset_outbox x JOIN resets r ON r.id = x.reset_id
           JOIN cards c ON c.id = r.card_id WHERE c.public_id = ?`,
          card,
        ),
      ).toBe(1);
    }
    const { n, last } = server.db
      .prepare('SELECT count(*) AS n, max(seq) AS last FROM audit_log')
      .get() as { n: number; last: number };
    expect(n).toBe(last);
    // The audit origin names the peer address the server sees, through the server; the
    // console's own name for itself only as its claim.
    const origins = server.db
      .prepare("SELECT DISTINCT origin FROM audit_log WHERE action = 'lockout.reset'")
      .all() as { origin: string }[];
    for (const { origin } of origins)
      expect(origin).toMatch(
        /^console@127\.0\.0\.1 peer=127\.0\.0\.1:\d+ via desk-server@\S+ claims-host=PC-[AB]$/u,
      );
    expect(server.internal).toEqual([]);
    console.log(`server reset race: ${outcomes.join(', ')}`);
  }, 120_000);

  it('an approval requested on one console reaches the lead on another as an event in under a second (p95)', async () => {
    const SAMPLES_N = 12;
    const server = await deskServer({ cardholders: 40 });
    const people = server.people.filter((p) => p.scenario === 'ordinary').slice(0, SAMPLES_N);
    const agent = server.connect({ consoleHost: 'PC-A' });
    const lead = server.connect({ consoleHost: 'PC-B' });
    await agent.signIn('agent');
    await lead.signIn('lead');
    const latencies: number[] = [];
    for (const p of people) {
      const card = p.cards[0]!.publicId;
      // A first reset, then a new lock: the second reset within 24 hours goes to a lead.
      server.lockCard(card);
      await openAndVerify(agent, p);
      const first = await agent.call('lockout.reset', {
        cardId: card,
        reason: 'cardholder-mistyped-code',
        note: 'First reset today.',
      });
      expect(first).toMatchObject({ ok: true });
      server.lockCard(card);
      const seen = lead.events.length;
      const asked = performance.now();
      const second = await agent.call('lockout.reset', {
        cardId: card,
        reason: 'cardholder-mistyped-code',
        note: 'Second reset today.',
      });
      expect(second).toMatchObject({ ok: true, value: { approval: { state: 'pending' } } });
      const deadline = asked + 5_000;
      while (!lead.events.slice(seen).some((e) => e.event === 'approvals.changed')) {
        if (performance.now() > deadline)
          throw new Error('no approvals.changed event for the lead');
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      const event = lead.events.slice(seen).find((e) => e.event === 'approvals.changed')!;
      expect(event.payload).toMatchObject({ cardId: card, state: 'pending' });
      latencies.push(event.at - asked);
    }
    // The agent's own socket heard it too; an auditor's console hears nothing of it.
    expect(agent.events.some((e) => e.event === 'approvals.changed')).toBe(true);
    const measured = p95(latencies);
    console.log(
      `approval event to the lead: p95 ${measured.toFixed(1)} ms over ${latencies.length} requests`,
    );
    expect(measured).toBeLessThan(1_000);
  }, 60_000);

  it('refuses a server certificate from another CA and an expired one, saying which', async () => {
    const other = await (await import('../../../scripts/lib/dev-certs.ts')).createDevCa('Other CA');
    const { ca } = await serverCerts();
    const expired = await ca.issue({
      commonName: 'localhost',
      usage: 'server',
      notBefore: new Date(Date.now() - 10 * 86_400_000),
      notAfter: new Date(Date.now() - 86_400_000),
    });
    const wrongCa = await deskServer({ cardholders: 4 });
    const stranger = wrongCa.connect({ ca: other.cert });
    const refused = await stranger.call('app.info');
    expect(refused).toMatchObject({
      ok: false,
      error: { reason: 'connection.server-unreachable' },
    });
    expect(stranger.connection.lastError()).toBe(
      "The desk server's certificate is not signed by the configured CA.",
    );

    const stale = await deskServer({ cardholders: 4, tls: async () => expired });
    const late = stale.connect();
    expect((await late.call('app.info')).ok).toBe(false);
    expect(late.connection.lastError()).toBe("The desk server's certificate has expired.");
    expect(describeTlsError({ code: 'ECONNREFUSED' })).toMatch(/not listening/u);
  });

  it('with a client CA: no certificate or an expired one is refused, and a token works only with its own certificate', async () => {
    const { ca } = await serverCerts();
    const clientA = await ca.issue({ commonName: 'PC-A', usage: 'client' });
    const clientB = await ca.issue({ commonName: 'PC-B', usage: 'client' });
    const expiredClient = await ca.issue({
      commonName: 'PC-OLD',
      usage: 'client',
      notBefore: new Date(Date.now() - 10 * 86_400_000),
      notAfter: new Date(Date.now() - 86_400_000),
    });
    const server = await deskServer({
      cardholders: 4,
      tls: async ({ server: pem }) => ({ ...pem, clientCa: ca.cert }),
    });

    const without = server.connect();
    expect((await without.call('app.info')).ok).toBe(false);
    expect(without.connection.lastError()).toMatch(/refused this machine's certificate/u);

    const old = server.connect({ cert: expiredClient.cert, key: expiredClient.key });
    expect((await old.call('app.info')).ok).toBe(false);
    expect(old.connection.lastError()).toMatch(/refused this machine's certificate/u);
    // The server's log says who was refused and why.
    expect(server.internal.join('\n')).toMatch(
      /tls: refused a console at 127\.0\.0\.1 \(CERT_HAS_EXPIRED\)/u,
    );

    const a = server.connect({ cert: clientA.cert, key: clientA.key, consoleHost: 'PC-A' });
    await a.signIn('agent');
    expect(await a.call('approvals.list')).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    // A token signed in with machine A's certificate is nobody's session on machine B's.
    const operator = demoOperator('lead');
    const url = server.running.server.url;
    const credentials = { username: operator.username, password: operator.password };
    const signedIn = await rawCall(url, ca.cert, 'session.signIn', credentials, null, clientA);
    expect(signedIn.session).toMatch(/^[A-Za-z0-9_-]{43}$/u);
    expect(
      (await rawCall(url, ca.cert, 'approvals.list', {}, signedIn.session!, clientA)).body,
    ).toMatchObject({ ok: true });
    expect(
      (await rawCall(url, ca.cert, 'approvals.list', {}, signedIn.session!, clientB)).body,
    ).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    // The audit origin names the console by its certificate's subject.
    const signIn = server.db
      .prepare("SELECT origin FROM audit_log WHERE action LIKE 'session.sign-in%' ORDER BY seq")
      .get() as { origin: string };
    expect(signIn.origin).toMatch(
      /^console@PC-A peer=127\.0\.0\.1:\d+ cert=PC-A via \S+ claims-host=PC-A$/u,
    );
  });

  it('health and readiness answer without data; an unknown path or a bad body is a Result', async () => {
    const { running, ca } = await deskServer({ cardholders: 4 });
    const get = (path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        request(`${running.server.url}${path}`, { ca: ca.cert }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        })
          .on('error', reject)
          .end();
      });
    expect(await get('/health/live')).toEqual({ status: 200, body: 'ok' });
    expect(await get('/health/ready')).toEqual({ status: 200, body: 'ready' });
    expect((await get('/v1/anything')).status).toBe(404);
    const unknown = await rawCall(running.server.url, ca.cert, 'no.such', {}, 'A'.repeat(43));
    expect(unknown.body).toMatchObject({ ok: false, error: { reason: 'input.unknown-channel' } });
  });
});
