/**
 * Connected mode, the console's side: one connection to the desk server per console window,
 * held by the console's main process. It carries channel calls over HTTPS (TLS 1.3, the
 * server checked against the deployed CA, the machine's client certificate when given) and
 * hears the contract's events on a WebSocket. The session token a sign-in returns stays in
 * this object's memory: the renderer never sees it and nothing writes it to disk.
 *
 * When the server cannot be reached a call answers `connection.server-unreachable` (never a
 * thrown error), the status turns to `lost`, and the event socket is retried with backoff;
 * the status turns `connected` again when it is back. A call in progress on the server is
 * unaffected by a short outage: the session and its call live on the server.
 */
import { Agent, request as httpsRequest } from 'node:https';
import { WebSocket } from 'ws';
import { fail, type Result } from '../../shared/contract/result.ts';

export const SESSION_HEADER = 'desk-session';
export const CONSOLE_HOST_HEADER = 'desk-console-host';
/** The server closes an event socket with this code when its session has ended. */
const SESSION_ENDED_CLOSE = 4001;

export type ConnectionStatus = 'connected' | 'lost';

export interface ServerConnectionOptions {
  /** https://host:port of the desk server. */
  server: string;
  /** The CA that signed the server's certificate (PEM). */
  ca: string | Buffer;
  /** This machine's client certificate and key, where the server requires them (PEM). */
  cert?: string | Buffer;
  key?: string | Buffer;
  /** This machine's name, for the audit origin. */
  consoleHost: string;
  onEvent(event: string, payload: unknown): void;
  onStatus?(status: ConnectionStatus): void;
  /** Backoff of event-socket reconnection, doubling from min to max. */
  backoff?: { minMs: number; maxMs: number };
  /** How long a call may take before it counts as unanswered. */
  timeoutMs?: number;
}

export interface ServerConnection {
  call(channel: string, payload: unknown): Promise<Result<unknown>>;
  status(): ConnectionStatus;
  /** Why the last call could not reach the server, said plainly; null after a reply. */
  lastError(): string | null;
  /** Whether a session token is held (signed in on the server). */
  hasSession(): boolean;
  /** Resolves once the event socket of the current session is open. */
  listening(): Promise<void>;
  close(): void;
}

export const UNREACHABLE_MESSAGE =
  'The desk server could not be reached; the action may not have been completed.';

const unreachable = () =>
  fail('internal', 'connection.server-unreachable', UNREACHABLE_MESSAGE) as Result<unknown>;

/** Why a connection to the server failed, said plainly (a wrong CA, an expired certificate). */
export function describeTlsError(error: unknown): string {
  const code = (error as { code?: string }).code ?? '';
  if (code === 'CERT_HAS_EXPIRED') return "The desk server's certificate has expired.";
  if (code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' || code === 'SELF_SIGNED_CERT_IN_CHAIN')
    return "The desk server's certificate is not signed by the configured CA.";
  if (code === 'DEPTH_ZERO_SELF_SIGNED_CERT')
    return "The desk server's certificate is self-signed and not the configured CA.";
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return "The desk server's certificate does not name the configured server address.";
  if (/CERTIFICATE_(EXPIRED|REQUIRED|UNKNOWN)|BAD_CERTIFICATE|UNKNOWN_CA/u.test(code))
    return "The desk server refused this machine's certificate (missing, expired or not from its CA).";
  if (code === 'ECONNRESET')
    return "The desk server closed the connection: where it requires client certificates, it refused this machine's certificate (missing, expired or not from its CA).";
  if (code === 'ECONNREFUSED') return 'The desk server is not listening at the configured address.';
  return `The desk server could not be reached (${code || (error instanceof Error ? error.constructor.name : 'unknown')}).`;
}

export function connectToServer(options: ServerConnectionOptions): ServerConnection {
  const base = new URL(options.server);
  if (base.protocol !== 'https:') throw new Error('The desk server address must be https://.');
  const tls = {
    ca: options.ca,
    ...(options.cert ? { cert: options.cert } : {}),
    ...(options.key ? { key: options.key } : {}),
    minVersion: 'TLSv1.3' as const,
  };
  const agent = new Agent({ ...tls, keepAlive: true, maxSockets: 8 });
  const timeoutMs = options.timeoutMs ?? 15_000;
  const backoff = options.backoff ?? { minMs: 250, maxMs: 10_000 };

  let token: string | null = null;
  let state: ConnectionStatus = 'connected';
  let socket: WebSocket | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let delay = backoff.minMs;
  let closed = false;
  let lastError: string | null = null;
  const waiting: (() => void)[] = [];

  const setStatus = (next: ConnectionStatus) => {
    if (next === state) return;
    state = next;
    options.onStatus?.(next);
  };

  const headers = (): Record<string, string> => ({
    [CONSOLE_HOST_HEADER]: options.consoleHost,
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  });

  function post(
    channel: string,
    payload: unknown,
    fresh = false,
  ): Promise<{ status: number; session?: string; body: unknown }> {
    const body = JSON.stringify(payload ?? {});
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        new URL(`/v1/call/${encodeURIComponent(channel)}`, base),
        {
          method: 'POST',
          agent,
          timeout: timeoutMs,
          headers: {
            ...headers(),
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            try {
              const session = res.headers[SESSION_HEADER];
              resolve({
                status: res.statusCode ?? 0,
                ...(typeof session === 'string' ? { session } : {}),
                body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
              });
            } catch (error) {
              reject(error instanceof Error ? error : new Error('unreadable reply'));
            }
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (error: Error & { code?: string }) => {
        // A kept-alive connection the server closed while idle (it restarted) fails before
        // the request is read: sent again once on a new connection, as Node's docs advise.
        if (fresh || !req.reusedSocket || error.code !== 'ECONNRESET') return reject(error);
        post(channel, payload, true).then(resolve, reject);
      });
      req.end(body);
    });
  }

  function openEvents(): void {
    if (closed || !token || socket) return;
    const ws = new WebSocket(new URL('/v1/events', base.href.replace(/^https/u, 'wss')), {
      ...tls,
      headers: headers(),
      handshakeTimeout: timeoutMs,
    });
    socket = ws;
    let opened = false;
    ws.on('open', () => {
      opened = true;
      for (const resolve of waiting.splice(0)) resolve();
      delay = backoff.minMs;
      setStatus('connected');
    });
    ws.on('message', (data) => {
      try {
        const { event, payload } = JSON.parse(String(data)) as { event: string; payload: unknown };
        if (typeof event === 'string') options.onEvent(event, payload);
      } catch {
        // A message that is not an event is ignored; the server sends nothing else.
      }
    });
    ws.on('unexpected-response', (_req, res) => {
      // 401: the server no longer knows this session (it ended, or the server restarted
      // without it); calls will say so. Anything else: retry.
      if (res.statusCode === 401) {
        token = null;
        setStatus('connected');
      }
      ws.terminate();
    });
    ws.on('error', () => undefined);
    ws.on('close', (code) => {
      if (socket === ws) socket = null;
      if (code === SESSION_ENDED_CLOSE) return;
      if (closed || !token) return;
      if (opened || state === 'connected') setStatus('lost');
      scheduleReconnect();
    });
  }

  function scheduleReconnect(): void {
    if (retry || closed) return;
    const wait = Math.min(delay, backoff.maxMs);
    delay = Math.min(delay * 2, backoff.maxMs);
    retry = setTimeout(
      () => {
        retry = null;
        openEvents();
      },
      wait * (0.75 + Math.random() * 0.5),
    );
    retry.unref();
  }

  return {
    async call(channel, payload) {
      let reply;
      try {
        reply = await post(channel, payload);
      } catch (error) {
        lastError = describeTlsError(error);
        setStatus('lost');
        scheduleReconnect();
        return unreachable();
      }
      lastError = null;
      setStatus('connected');
      if (token && !socket && !retry) openEvents();
      if (channel === 'session.signIn' && reply.session) {
        token = reply.session;
        socket?.close();
        socket = null;
        openEvents();
      }
      const body = reply.body as Result<unknown> | null;
      if (!body || typeof body !== 'object' || typeof body.ok !== 'boolean') return unreachable();
      // Only a sign-out the server did: one it refused (a call still open) leaves the session
      // there, and a console that forgot its token could never end it (nor its call) again.
      if (channel === 'session.signOut' && body.ok) {
        token = null;
        socket?.close();
        socket = null;
      }
      return body;
    },
    status: () => state,
    lastError: () => lastError,
    listening: () =>
      socket?.readyState === WebSocket.OPEN
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiting.push(resolve)),
    hasSession: () => token !== null,
    close() {
      closed = true;
      if (retry) clearTimeout(retry);
      socket?.terminate();
      socket = null;
      token = null;
      agent.destroy();
    },
  };
}
