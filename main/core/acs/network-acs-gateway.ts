/**
 * The network ACS gateway: the AcsGateway port over HTTPS, speaking the contract of
 * acs-contract.ts (docs/ACS-GATEWAY.md) with Node's own https client.
 *
 * - TLS with the configured CA; mutual TLS with a client certificate, or a bearer token.
 * - A connect timeout and a whole-request timeout (a shorter one when the caller asks).
 * - Retries, with exponential backoff and full jitter, only of what is safe to repeat: reads,
 *   and resets (the Idempotency-Key makes a repeat harmless). Only failures that decided
 *   nothing are retried (no connection, a timeout, a 5xx); a 4xx or a decided answer never.
 * - A circuit breaker: after `breakerThreshold` failures in a row the gateway stops calling
 *   for `breakerOpenMs` and fails at once (AcsCircuitOpenError), so a dead ACS costs the agent
 *   one timeout, not one per panel; then one trial call closes it again or opens it anew.
 * - Every answer is checked against the contract's schemas; anything else is an
 *   AcsProtocolError and nothing in it is believed. A card reference the contract does not
 *   allow is refused before any request (AcsCardRefError).
 */
import { Agent, request } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import {
  ACS_CONTRACT_VERSION,
  ACS_PATHS,
  AcsApplyResetAnswer,
  AcsCardRef,
  AcsCardState,
  AcsProblem,
  AcsResets,
  AcsStatus,
  IDEMPOTENCY_KEY_HEADER,
  type AcsStatusBody,
} from './acs-contract.ts';
import {
  AcsCardRefError,
  AcsCircuitOpenError,
  AcsError,
  AcsProtocolError,
  AcsRefusedError,
  AcsRejectedError,
  AcsTimeoutError,
  AcsUnavailableError,
  AcsUnknownCardError,
  AcsUnreachableError,
} from './acs-errors.ts';
import type { AcsGateway, AcsLockState } from './acs-gateway.ts';

export interface NetworkAcsConfig {
  /** The gateway's base URL, https only (it may carry a path prefix). */
  url: string;
  /** PEM CA(s) the ACS's certificate must chain to; unset: the system's. */
  ca?: string;
  /** Mutual TLS: the console's client certificate and key (PEM). */
  clientCert?: string;
  clientKey?: string;
  /** A bearer token, when the gateway uses one instead of (or beside) mutual TLS. */
  token?: string;
}

export interface NetworkAcsOptions extends NetworkAcsConfig {
  /** The card's ACS card reference (from the import), or null when it has none. */
  cardRef(cardId: number): string | null;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Attempts in all for one call (1 = no retry). */
  attempts?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  breakerThreshold?: number;
  breakerOpenMs?: number;
  /** Injected for tests; default Date.now, Math.random and a real timer. */
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const NETWORK_ACS_DEFAULTS = {
  connectTimeoutMs: 2_000,
  requestTimeoutMs: 5_000,
  attempts: 3,
  backoffBaseMs: 200,
  backoffMaxMs: 2_000,
  breakerThreshold: 5,
  breakerOpenMs: 30_000,
} as const;

/** An answer larger than this is not an answer of this contract. */
const MAX_ANSWER_BYTES = 256 * 1024;

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface NetworkAcsGateway extends AcsGateway {
  readonly kind: 'network';
  readonly url: string;
  /** GET /status: the gateway answers and speaks this contract (desk-admin acs test). */
  status(options?: { timeoutMs?: number }): Promise<AcsStatusBody>;
  breaker(): BreakerState;
  /** Closes idle connections. */
  close(): void;
}

interface Answer {
  status: number;
  body: unknown;
}

interface Breaker {
  before(): void;
  success(): void;
  failure(): void;
  state(): BreakerState;
}

function createBreaker(threshold: number, openMs: number, now: () => number): Breaker {
  let failures = 0;
  let openUntil = 0;
  let state: BreakerState = 'closed';
  let trialRunning = false;
  return {
    before() {
      if (state === 'closed') return;
      if (state === 'open' && now() >= openUntil) {
        state = 'half-open';
        trialRunning = false;
      }
      if (state === 'half-open' && !trialRunning) {
        trialRunning = true;
        return;
      }
      throw new AcsCircuitOpenError(new Date(Math.max(openUntil, now())));
    },
    success() {
      failures = 0;
      state = 'closed';
      trialRunning = false;
    },
    failure() {
      failures += 1;
      if (state === 'half-open' || failures >= threshold) {
        state = 'open';
        openUntil = now() + openMs;
        trialRunning = false;
      }
    },
    state: () => (state === 'open' && now() >= openUntil ? 'half-open' : state),
  };
}

const describe = (error: unknown): { message: string; code: string | null } => {
  const code =
    typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
      ? error.code
      : null;
  const message = error instanceof Error ? error.message : String(error);
  return { message, code };
};

export function createNetworkAcsGateway(options: NetworkAcsOptions): NetworkAcsGateway {
  const settings = { ...NETWORK_ACS_DEFAULTS, ...definedOnly(options) };
  const base = new URL(options.url);
  if (base.protocol !== 'https:') {
    throw new AcsRejectedError(0, 'bad-request', `The ACS URL must be https: ${options.url}`);
  }
  const prefix = base.pathname.replace(/\/+$/u, '');
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const agent = new Agent({
    keepAlive: true,
    maxSockets: 8,
    minVersion: 'TLSv1.2',
    ...(options.ca ? { ca: options.ca } : {}),
    ...(options.clientCert && options.clientKey
      ? { cert: options.clientCert, key: options.clientKey }
      : {}),
  });
  const breaker = createBreaker(settings.breakerThreshold, settings.breakerOpenMs, now);

  /** One HTTP exchange, bounded by the connect and the whole-request timeouts. */
  function exchange(
    method: 'GET' | 'POST',
    path: string,
    timeoutMs: number,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<Answer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<Answer>((resolve, reject) => {
      let settled = false;
      const timers: NodeJS.Timeout[] = [];
      const finish = (error: Error | null, answer?: Answer) => {
        if (settled) return;
        settled = true;
        for (const timer of timers) clearTimeout(timer);
        if (error) {
          req.destroy();
          reject(error);
        } else resolve(answer!);
      };
      const req = request(
        new URL(`${prefix}${path}`, base),
        {
          method,
          agent,
          headers: {
            Accept: 'application/json',
            'Accept-Version': ACS_CONTRACT_VERSION,
            ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
            ...(payload === undefined
              ? {}
              : {
                  'Content-Type': 'application/json',
                  'Content-Length': String(Buffer.byteLength(payload)),
                }),
            ...extraHeaders,
          },
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_ANSWER_BYTES) {
              finish(
                new AcsProtocolError('The ACS answered more than an answer of this contract.'),
              );
            } else chunks.push(chunk);
          });
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            finish(null, { status: res.statusCode ?? 0, body: parseJson(text) });
          });
          res.on('error', (error) => finish(unreachable(error)));
          res.on('aborted', () =>
            finish(
              new AcsUnreachableError('The ACS dropped the connection mid-answer.', 'ECONNRESET'),
            ),
          );
        },
      );
      timers.push(setTimeout(() => finish(new AcsTimeoutError('answer', timeoutMs)), timeoutMs));
      req.on('socket', (socket) => {
        if (!socket.connecting) return;
        const connectTimer = setTimeout(
          () => finish(new AcsTimeoutError('connect', settings.connectTimeoutMs)),
          settings.connectTimeoutMs,
        );
        timers.push(connectTimer);
        socket.once('secureConnect', () => clearTimeout(connectTimer));
      });
      req.on('error', (error) => finish(unreachable(error)));
      req.end(payload);
    });
  }

  function unreachable(error: unknown): AcsUnreachableError {
    const { message, code } = describe(error);
    return new AcsUnreachableError(`The ACS could not be reached: ${message}`, code, {
      cause: error,
    });
  }

  /** The answer's body as the schema says, or the error its status means. */
  function read<S extends z.ZodType>(answer: Answer, schema: S, what: string): z.infer<S> {
    if (answer.status >= 500) throw new AcsUnavailableError(answer.status);
    if (answer.status >= 400) {
      const problem = AcsProblem.safeParse(answer.body);
      const code = problem.success ? problem.data.error : 'unknown';
      const message = problem.success ? problem.data.message : 'no problem body';
      if (answer.status === 404 || code === 'unknown-card') {
        throw new AcsUnknownCardError(`The ACS does not know this card: ${message}`);
      }
      throw new AcsRejectedError(answer.status, code, message);
    }
    if (answer.status !== 200) {
      throw new AcsProtocolError(`The ACS answered ${answer.status} to ${what}.`);
    }
    const parsed = schema.safeParse(answer.body);
    if (!parsed.success) {
      throw new AcsProtocolError(`The ACS's answer to ${what} is not in the contract.`);
    }
    return parsed.data;
  }

  /** One call: through the breaker, retried (when allowed) on failures that decided nothing. */
  async function call<T>(
    attempt: (timeoutMs: number) => Promise<T>,
    limits: { timeoutMs?: number; retry: boolean },
  ): Promise<T> {
    const timeoutMs = Math.min(
      limits.timeoutMs ?? settings.requestTimeoutMs,
      settings.requestTimeoutMs,
    );
    const attempts = limits.retry && limits.timeoutMs === undefined ? settings.attempts : 1;
    let last: unknown = null;
    for (let n = 1; n <= attempts; n += 1) {
      breaker.before();
      try {
        const value = await attempt(timeoutMs);
        breaker.success();
        return value;
      } catch (error) {
        last = error;
        if (!(error instanceof AcsError && error.retryable)) {
          // The ACS answered (a refusal, a 4xx, even a wrong answer): it is there.
          if (!(error instanceof AcsCircuitOpenError)) breaker.success();
          throw error;
        }
        breaker.failure();
        if (n === attempts || breaker.state() !== 'closed') break;
        const cap = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** (n - 1));
        await sleep(Math.floor(random() * cap));
      }
    }
    throw last;
  }

  function refOf(cardId: number): string {
    const ref = options.cardRef(cardId);
    if (!ref) {
      throw new AcsUnknownCardError(
        'This card has no ACS card reference: the import gives each card its acsCardRef.',
      );
    }
    // Checked before any request: a reference shaped like a card number never leaves.
    if (!AcsCardRef.safeParse(ref).success) {
      throw new AcsCardRefError(
        "This card's ACS card reference is not one the contract allows (letters, digits and . _ : - only, at most 64, never 12 digits in a row): nothing was sent.",
      );
    }
    return ref;
  }

  const lockOf = (lock: z.infer<typeof AcsCardState>['lock']): AcsLockState =>
    lock.state === 'locked'
      ? {
          state: 'locked',
          since: new Date(lock.since),
          until: lock.until === null ? null : new Date(lock.until),
          cause: lock.cause,
        }
      : { state: 'unlocked' };

  return {
    kind: 'network',
    url: options.url,
    breaker: () => breaker.state(),
    close: () => agent.destroy(),

    status: (limits) =>
      call(
        async (timeoutMs) =>
          read(await exchange('GET', ACS_PATHS.status, timeoutMs), AcsStatus, 'status'),
        { timeoutMs: limits?.timeoutMs, retry: false },
      ),

    async readState(cardId, _now, limits) {
      const ref = refOf(cardId);
      const body = await call(
        async (timeoutMs) =>
          read(await exchange('GET', ACS_PATHS.state(ref), timeoutMs), AcsCardState, 'a lock read'),
        { timeoutMs: limits?.timeoutMs, retry: true },
      );
      return { lock: lockOf(body.lock), asOf: new Date(body.asOf) };
    },

    async readResets(cardId, limits) {
      const ref = refOf(cardId);
      const body = await call(
        async (timeoutMs) =>
          read(await exchange('GET', ACS_PATHS.resets(ref), timeoutMs), AcsResets, 'a resets read'),
        { timeoutMs: limits?.timeoutMs, retry: true },
      );
      return body.resets.map((reset) => ({
        clearedAt: new Date(reset.clearedAt),
        lockedSince: new Date(reset.lockedSince),
        cause: reset.cause,
        idempotencyKey: reset.idempotencyKey,
      }));
    },

    async applyReset(command) {
      const ref = refOf(command.cardId);
      if (command.lockCause === null) {
        throw new AcsRejectedError(
          0,
          'bad-request',
          'This reset was recorded before the cause of its lock was kept; a network ACS needs it.',
        );
      }
      const body = {
        lock: { since: command.lockSince.toISOString(), cause: command.lockCause },
        requestedAt: command.at.toISOString(),
      };
      const answer = await call(
        async (timeoutMs) =>
          read(
            await exchange('POST', ACS_PATHS.resets(ref), timeoutMs, body, {
              [IDEMPOTENCY_KEY_HEADER]: command.idempotencyKey,
            }),
            AcsApplyResetAnswer,
            'a reset',
          ),
        { retry: true },
      );
      switch (answer.outcome) {
        case 'applied':
        case 'already-unlocked':
          return answer.outcome;
        case 'lock-changed':
          throw new AcsRefusedError(
            'lock-changed',
            'Another lock is in force at the ACS than the one this reset was decided on; nothing was cleared.',
            lockOf(answer.lock),
          );
        case 'refused':
          throw new AcsRefusedError(answer.reason, answer.message);
      }
    },
  };
}

/** The body as JSON; undefined when it is not JSON (the schema check then refuses it). */
function parseJson(text: string): unknown {
  if (text.length === 0) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
