/**
 * The desk server: one process runs main/core on the database and serves every channel of
 * the contract to many consoles over HTTPS (TLS 1.3 only, optionally mutual TLS), pushing
 * the contract's events over a WebSocket. It adds no business rule: every call goes through
 * the same router as a console's own core (zod in and out, session, role, limits, audit).
 *
 *   POST /v1/call/<channel>   JSON payload in, the router's Result out (HTTP 200 for
 *                             every Result the router gives; a body that cannot be read
 *                             is 400/413 and a peer over its limit 429, each with a
 *                             refusal Result as the body)
 *   GET  /v1/events           WebSocket upgrade; a bearer token with a live session only
 *   GET  /health/live         "ok" while the process serves (no data)
 *   GET  /health/ready        "ready" once the core answers (no data)
 *
 * Who calls is the session token (session-tokens.ts): `Authorization: Bearer <token>`,
 * issued by a successful sign-in in the `desk-session` response header. The audit origin of
 * everything a request writes names what the server knows of the peer: its address and, with
 * mutual TLS, the client certificate's subject. The name a console gives itself (the
 * `desk-console-host` header) is anyone's to write, so it is recorded after them, as a claim
 * (`claims-host=`), never as the console.
 *
 * A peer that makes too many sign-in attempts or calls is answered 429 with the
 * `rate_limited` Result (peer-limits.ts) before the router hears of it.
 */
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { IncomingMessage, Server } from 'node:http';
import { hostname } from 'node:os';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { WebSocketServer } from 'ws';
import { fail, type Result } from '../../shared/contract/result.ts';
import { withRequestOrigin } from '../core/audit/request-origin.ts';
import type { EventHub } from './event-hub.ts';
import { hostedServices, type HostedService } from './hosted-services.ts';
import { DEFAULT_PEER_LIMITS, countedPeer, peerBuckets, type PeerLimits } from './peer-limits.ts';
import {
  anonymousCaller,
  bearerToken,
  callerIdOf,
  newSessionToken,
  SESSION_HEADER,
} from './session-tokens.ts';
import { serverTlsOptions, type ServerTls } from './tls-options.ts';

/** What the server needs of main/core; `DeskCore` fits it. */
export interface ServedCore {
  router: { call(callerId: string, channel: string, payload: unknown): Promise<Result<unknown>> };
  /** Ends a session a newer sign-in from its console replaced, with its open call. */
  replaceCaller(callerId: string): Promise<void>;
}

export interface DeskServerOptions {
  core: ServedCore;
  /** The hub the core's `emit` delivers to (create it first, pass its emit to the core). */
  events: EventHub;
  tls: ServerTls;
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Work run once for all consoles (hosted-services.ts). */
  services?: readonly HostedService[];
  /** Names this server in audit origins; defaults to the machine's host name. */
  serverName?: string;
  /** What one peer address may ask (peer-limits.ts); each part defaults to DEFAULT_PEER_LIMITS. */
  peerLimits?: Partial<PeerLimits>;
  /** The channel and the error's class only, never data. */
  logInternal: (line: string) => void;
}

export interface DeskServer {
  /** https://host:port, as bound. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, ends every event socket, stops hosted services. The core is the caller's. */
  close(): Promise<void>;
}

/** The request header a console names its machine with (recorded in the audit origin as its claim). */
export const CONSOLE_HOST_HEADER = 'desk-console-host';

/** No channel payload is larger (the biggest is a wrap-up note). */
export const BODY_LIMIT = 64 * 1024;

/** How often event sockets are pinged; one missed pong ends the socket. */
export const EVENT_PING_MS = 15_000;

const CONSOLE_HOST = /^[A-Za-z0-9._-]{1,63}$/u;
const INTERNAL_MESSAGE = 'Something went wrong inside Verify Desk. The action was not completed.';
/** The channel a request path names, as the router will read it (percent-decoded). */
function channelName(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
const RATE_LIMITED_MESSAGE =
  'Too many requests from this machine in a short time; the server did not take this one. Try again shortly.';

interface Peer {
  callerId: string;
  token: string | null;
  clientIdentity: string;
  origin: string;
}

export async function startDeskServer(options: DeskServerOptions): Promise<DeskServer> {
  const { core, events, logInternal } = options;
  const serverOrigin = `desk-server@${options.serverName ?? hostname()}`;
  const mutualTls = options.tls.clientCa !== undefined;
  const services = hostedServices(options.services ?? [], logInternal);
  const limits = { ...DEFAULT_PEER_LIMITS, ...options.peerLimits };
  const callsOf = peerBuckets(limits.calls, limits.peers);
  const signInsOf = peerBuckets(limits.signIn, limits.peers);

  const app = Fastify({
    https: serverTlsOptions(options.tls),
    logger: false,
    bodyLimit: BODY_LIMIT,
    requestTimeout: 30_000,
    connectionTimeout: 30_000,
    keepAliveTimeout: 65_000,
    return503OnClosing: true,
  }) as unknown as FastifyInstance<Server>;

  /** Who is asking: the token's caller (or nobody), and where from, for the audit origin. */
  function peerOf(request: IncomingMessage): Peer {
    const socket = request.socket as TLSSocket;
    // Never reached by an unauthorised client (dropped at secureConnection); checked again.
    if (mutualTls && !socket.authorized) throw new Error('unauthorised client certificate');
    const cert = mutualTls ? socket.getPeerCertificate() : null;
    const clientIdentity = cert?.fingerprint256 ?? '';
    const token = bearerToken(request.headers.authorization);
    const address = socket.remoteAddress ?? '?';
    const subject = cert?.subject?.CN;
    const certPart = typeof subject === 'string' ? ` cert=${subject.slice(0, 64)}` : '';
    // The console is what the server can vouch for: the certificate's subject with mutual TLS,
    // otherwise the peer's address.
    const known = typeof subject === 'string' && CONSOLE_HOST.test(subject) ? subject : address;
    const declared = request.headers[CONSOLE_HOST_HEADER];
    const claimPart =
      typeof declared === 'string' && CONSOLE_HOST.test(declared) ? ` claims-host=${declared}` : '';
    return {
      callerId: token ? callerIdOf(token, clientIdentity) : anonymousCaller(),
      token,
      clientIdentity,
      origin: `console@${known} peer=${address}:${socket.remotePort ?? '?'}${certPart} via ${serverOrigin}${claimPart}`,
    };
  }

  const call = (peer: Peer, channel: string, payload: unknown) =>
    withRequestOrigin(peer.origin, () => core.router.call(peer.callerId, channel, payload));

  async function signedIn(callerId: string): Promise<boolean> {
    const view = await core.router.call(callerId, 'session.current', {});
    return view.ok && (view.value as { state: string }).state !== 'signed-out';
  }

  // The log says when a peer goes over a limit, at most once a minute per peer.
  const loggedOf = peerBuckets({ burst: 1, perSecond: 1 / 60 }, limits.peers);

  /** 0 when this peer may go on; else the seconds until it may (a sign-in spends from both buckets). */
  function spent(request: IncomingMessage, signIn: boolean): number {
    const peer = countedPeer(request.socket.remoteAddress ?? '?');
    const calls = callsOf.take(peer);
    const wait = calls || (signIn ? signInsOf.take(peer) : 0);
    if (wait > 0 && loggedOf.take(peer) === 0)
      logInternal(
        `limits: refused ${peer}, over its ${calls ? 'calls' : 'sign-in'} limit (${wait} s to wait)`,
      );
    return wait;
  }

  // Before the body is read: a flooding peer costs the server as little as possible.
  app.addHook('onRequest', async (request, reply) => {
    const call = /^\/v1\/call\/([^/?]*)/u.exec(request.url);
    if (!call) return;
    const wait = spent(request.raw, channelName(call[1]!) === 'session.signIn');
    if (wait === 0) return;
    return reply
      .code(429)
      .header('retry-after', String(wait))
      .send(fail('rate_limited', 'connection.rate-limited', RATE_LIMITED_MESSAGE));
  });

  app.get('/health/live', async (_request, reply) => reply.type('text/plain').send('ok'));
  app.get('/health/ready', async (_request, reply) => {
    const info = await core.router.call(anonymousCaller(), 'app.info', {});
    return info.ok
      ? reply.type('text/plain').send('ready')
      : reply.code(503).type('text/plain').send('not ready');
  });

  app.post<{ Params: { channel: string } }>(
    '/v1/call/:channel',
    async (request: FastifyRequest<{ Params: { channel: string } }>, reply) => {
      const channel = request.params.channel;
      const payload = request.body ?? {};
      const peer = peerOf(request.raw);
      try {
        if (channel === 'session.signIn') {
          // A fresh token for every sign-in: the session is created under its hash only.
          const token = newSessionToken();
          const fresh = { ...peer, token, callerId: callerIdOf(token, peer.clientIdentity) };
          const result = await call(fresh, channel, payload);
          if (result.ok && (await signedIn(fresh.callerId))) {
            // The session the console held before is ended, with its open call, as signing in
            // again in a window ends it (a sign-out would be refused while a call is open).
            if (peer.token) {
              await withRequestOrigin(peer.origin, () => core.replaceCaller(peer.callerId));
              events.closeCaller(peer.callerId, 'replaced');
            }
            void reply.header(SESSION_HEADER, token);
          }
          return result;
        }
        const result = await call(peer, channel, payload);
        if (channel === 'session.signOut' && peer.token)
          events.closeCaller(peer.callerId, 'signed-out');
        return result;
      } catch (error) {
        logInternal(
          `server ${channel.slice(0, 64)}: call failed (${error instanceof Error ? error.constructor.name : typeof error})`,
        );
        return fail('internal', 'internal', INTERNAL_MESSAGE);
      }
    },
  );

  // A body that is not JSON is a Result like any other refusal, not an HTML error page.
  app.setErrorHandler((error: { statusCode?: number }, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) logInternal('server: request failed');
    void reply
      .code(status === 413 ? 413 : 400)
      .send(fail('invalid_input', 'input.invalid', 'The request could not be read.'));
  });
  app.setNotFoundHandler((_request, reply) => {
    void reply.code(404).send(fail('invalid_input', 'input.unknown-channel', 'Unknown channel.'));
  });

  // Events: the WebSocket is opened with the session's token; nobody else gets one.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  const refuse = (socket: Duplex, status: string) => {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };
  app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    void (async () => {
      if (request.url !== '/v1/events') return refuse(socket, '404 Not Found');
      if (spent(request, false) > 0) return refuse(socket, '429 Too Many Requests');
      const peer = peerOf(request);
      if (!peer.token || !(await signedIn(peer.callerId)))
        return refuse(socket, '401 Unauthorized');
      sockets.handleUpgrade(request, socket, head, (ws) => {
        let alive = true;
        ws.on('pong', () => (alive = true));
        const ping = setInterval(() => {
          if (!alive) return ws.terminate();
          alive = false;
          ws.ping();
        }, EVENT_PING_MS);
        ping.unref();
        ws.once('close', () => clearInterval(ping));
        ws.on('message', () => ws.close(1008, 'Events flow one way.'));
        events.add(peer.callerId, ws);
      });
    })().catch(() => {
      logInternal('server: event socket upgrade failed');
      socket.destroy();
    });
  });

  // With a client CA, a console without a valid certificate (none, expired, another CA) is
  // dropped as soon as its handshake completes, before a byte of HTTP is read; the server's
  // log says who and why.
  if (mutualTls) {
    app.server.on('secureConnection', (socket: TLSSocket) => {
      if (socket.authorized) return;
      logInternal(
        `tls: refused a console at ${socket.remoteAddress ?? '?'} (${String(socket.authorizationError ?? 'no certificate')})`,
      );
      socket.destroy();
    });
  }
  app.server.on('tlsClientError', (error: Error & { code?: string }, socket: TLSSocket) => {
    logInternal(
      `tls: handshake failed from ${socket.remoteAddress ?? '?'} (${error.code ?? 'unknown'})`,
    );
  });

  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const urlHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  try {
    await services.startAll();
  } catch (error) {
    await services.stopAll();
    await app.close();
    throw error;
  }

  return {
    url: `https://${urlHost}:${port}`,
    port,
    async close() {
      await services.stopAll();
      events.closeAll();
      sockets.close();
      await app.close();
    },
  };
}
