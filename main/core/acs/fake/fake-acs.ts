/**
 * A fake ACS for tests, development and training: serves the gateway contract
 * (acs-contract.ts) over TLS on loopback only, from a SQLite database of its own, keeping the
 * rules a real one must (docs/ACS-GATEWAY.md): a reset names its lock and clears nothing when
 * another lock is in force; at most one clear per idempotency key, the answer stored in the
 * same transaction as the clear and replayed to every repeat.
 *
 * Faults are switched per request, from the test's process (`faults`) or over HTTP
 * (`POST /_fake/faults`, for a fake in another process): latency, an error status, no answer
 * at all (the client times out), the connection dropped *after* a reset committed (the client
 * must retry, and the key must make the retry harmless), and duplicate delivery (the request
 * handled twice). `clears()` counts clears per idempotency key, so a test can assert
 * "exactly once"; the count lives in the database and survives a restart of the fake.
 */
import Database from 'better-sqlite3';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import {
  ACS_CONTRACT_VERSION,
  ACS_REFUSAL_REASONS,
  AcsApplyResetRequest,
  AcsCardRef,
  AcsIdempotencyKey,
  AcsInstant,
  AcsLockCause,
  IDEMPOTENCY_KEY_HEADER,
  type AcsApplyResetAnswerBody,
  type AcsCardStateBody,
  type AcsProblemCode,
  type AcsResetsBody,
} from '../acs-contract.ts';

export const FAKE_FAULT_TARGETS = ['any', 'read', 'apply'] as const;

export const FakeFault = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('latency'), ms: z.number().int().min(0).max(60_000) }),
  z.object({ kind: z.literal('status'), status: z.number().int().min(400).max(599) }),
  /** No answer: the request is held until the client gives up (or 30 s). */
  z.object({ kind: z.literal('timeout') }),
  /** The reset is handled and committed, then the connection is dropped before the answer. */
  z.object({ kind: z.literal('drop-after-commit') }),
  /** The request is handled twice, as a network that delivers it twice would. */
  z.object({ kind: z.literal('duplicate') }),
]);
export type FakeFault = z.infer<typeof FakeFault>;

const FaultRequest = z
  .object({
    fault: FakeFault.nullable(),
    on: z.enum(FAKE_FAULT_TARGETS).default('any'),
    /** How many matching requests get it; omitted: every one until cleared. */
    count: z.number().int().min(1).max(1000).optional(),
  })
  .strict();

const LockRequest = z
  .object({
    cardRef: AcsCardRef,
    since: AcsInstant,
    until: AcsInstant.nullable(),
    cause: AcsLockCause,
  })
  .strict();

const CardRequest = z
  .object({ cardRef: AcsCardRef, refusal: z.enum(ACS_REFUSAL_REASONS).nullable().default(null) })
  .strict();

export interface FakeAcsOptions {
  /** The fake's own database file (created when missing), or ':memory:'. */
  dbPath: string;
  /** 0: any free port. */
  port: number;
  tls: {
    cert: string;
    key: string;
    /** Asks for client certificates from this CA (mutual TLS) and refuses any other. */
    clientCa?: string;
  };
  /** When set, every request must carry "Authorization: Bearer <token>". */
  token?: string;
  /** The fake's clock; default the system's. */
  now?: () => Date;
}

export interface FakeAcs {
  readonly url: string;
  readonly port: number;
  /** Faults for the next `count` matching requests, or for every one (count omitted). */
  fault(fault: FakeFault | null, on?: (typeof FAKE_FAULT_TARGETS)[number], count?: number): void;
  /** Puts a card at the ACS; a refusal makes it refuse every reset (it knows of a fraud hold). */
  card(cardRef: string, refusal?: (typeof ACS_REFUSAL_REASONS)[number] | null): void;
  lock(cardRef: string, lock: { since: Date; until: Date | null; cause: string }): void;
  /** Clears per idempotency key. */
  clears(): Record<string, number>;
  /** Requests received, by kind of operation (faulted ones included). */
  requests(): { read: number; apply: number };
  close(): Promise<void>;
}

interface ActiveLock {
  id: number;
  since: string;
  until: string | null;
  cause: z.infer<typeof AcsLockCause>;
}

function openFakeDb(path: string) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.exec(`
CREATE TABLE IF NOT EXISTS cards (card_ref TEXT PRIMARY KEY, refusal TEXT) STRICT;
CREATE TABLE IF NOT EXISTS locks (
  id INTEGER PRIMARY KEY, card_ref TEXT NOT NULL, since TEXT NOT NULL, until TEXT,
  cause TEXT NOT NULL, cleared_at TEXT, cleared_key TEXT) STRICT;
CREATE TABLE IF NOT EXISTS answers (
  idempotency_key TEXT PRIMARY KEY, card_ref TEXT NOT NULL, request TEXT NOT NULL,
  answer TEXT NOT NULL, at TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS clears (
  id INTEGER PRIMARY KEY, idempotency_key TEXT NOT NULL, lock_id INTEGER NOT NULL,
  at TEXT NOT NULL) STRICT;`);
  return db;
}

/** Loopback only: the fake never listens beyond this machine. */
export const FAKE_ACS_HOST = '127.0.0.1';

export async function startFakeAcs(options: FakeAcsOptions): Promise<FakeAcs> {
  const db = openFakeDb(options.dbPath);
  const now = options.now ?? (() => new Date());
  const requests = { read: 0, apply: 0 };
  let faults: { fault: FakeFault; on: string; left: number | null }[] = [];
  const held = new Set<ServerResponse>();

  const cardOf = db.prepare<[string], { refusal: string | null }>(
    'SELECT refusal FROM cards WHERE card_ref = ?',
  );
  const putCard = db.prepare<[string, string | null]>(
    `INSERT INTO cards (card_ref, refusal) VALUES (?, ?)
     ON CONFLICT (card_ref) DO UPDATE SET refusal = excluded.refusal`,
  );
  const putLock = db.prepare<[string, string, string | null, string]>(
    'INSERT INTO locks (card_ref, since, until, cause) VALUES (?, ?, ?, ?)',
  );
  // The lock that matters most: a fraud hold, then a lock until reset, then the latest end.
  const activeLock = db.prepare<[string, string, string], ActiveLock>(`
    SELECT id, since, until, cause FROM locks
    WHERE card_ref = ? AND since <= ? AND cleared_at IS NULL AND (until IS NULL OR until > ?)
    ORDER BY cause = 'fraud_hold' DESC, until IS NOT NULL, until DESC LIMIT 1`);
  const resetsOf = db.prepare<
    [string],
    { cleared_at: string; since: string; cause: ActiveLock['cause']; cleared_key: string | null }
  >(`SELECT cleared_at, since, cause, cleared_key FROM locks
     WHERE card_ref = ? AND cleared_at IS NOT NULL ORDER BY cleared_at DESC, id DESC`);
  const answerOf = db.prepare<[string], { card_ref: string; request: string; answer: string }>(
    'SELECT card_ref, request, answer FROM answers WHERE idempotency_key = ?',
  );
  const keepAnswer = db.prepare<[string, string, string, string, string]>(
    'INSERT INTO answers (idempotency_key, card_ref, request, answer, at) VALUES (?, ?, ?, ?, ?)',
  );
  const clearLock = db.prepare<[string, string, number]>(
    'UPDATE locks SET cleared_at = ?, cleared_key = ? WHERE id = ? AND cleared_at IS NULL',
  );
  const countClear = db.prepare<[string, number, string]>(
    'INSERT INTO clears (idempotency_key, lock_id, at) VALUES (?, ?, ?)',
  );
  const clearCounts = db.prepare<[], { idempotency_key: string; n: number }>(
    'SELECT idempotency_key, count(*) AS n FROM clears GROUP BY idempotency_key',
  );

  const known = (cardRef: string) =>
    cardOf.get(cardRef) !== undefined ||
    db.prepare('SELECT 1 FROM locks WHERE card_ref = ?').get(cardRef) !== undefined;

  const lockBody = (row: ActiveLock | undefined): AcsCardStateBody['lock'] =>
    row
      ? { state: 'locked', since: row.since, until: row.until, cause: row.cause }
      : { state: 'unlocked' };

  type Result = { status: number; body: unknown };
  const problem = (status: number, error: AcsProblemCode, message: string): Result => ({
    status,
    body: { error, message },
  });

  /** One reset, in one immediate transaction: the clear, its count and its answer together. */
  const apply = db.transaction(
    (cardRef: string, key: string, request: z.infer<typeof AcsApplyResetRequest>): Result => {
      const asked = JSON.stringify(request.lock);
      const before = answerOf.get(key);
      if (before) {
        if (before.card_ref !== cardRef || before.request !== asked) {
          return problem(422, 'idempotency-key-reused', 'This key was used for another reset.');
        }
        return { status: 200, body: JSON.parse(before.answer) as unknown };
      }
      if (!known(cardRef)) return problem(404, 'unknown-card', 'No such card at this ACS.');
      const at = now().toISOString();
      const refusal = cardOf.get(cardRef)?.refusal ?? null;
      const lock = activeLock.get(cardRef, at, at);
      let answer: AcsApplyResetAnswerBody;
      if (refusal) {
        answer = {
          outcome: 'refused',
          reason: refusal as (typeof ACS_REFUSAL_REASONS)[number],
          message: 'The ACS does not allow this card to be reset.',
        };
      } else if (!lock) {
        answer = { outcome: 'already-unlocked' };
      } else if (
        new Date(lock.since).getTime() !== new Date(request.lock.since).getTime() ||
        lock.cause !== request.lock.cause
      ) {
        answer = { outcome: 'lock-changed', lock: lockBody(lock) };
      } else {
        clearLock.run(at, key, lock.id);
        countClear.run(key, lock.id, at);
        answer = { outcome: 'applied', clearedAt: at };
      }
      keepAnswer.run(key, cardRef, asked, JSON.stringify(answer), at);
      return { status: 200, body: answer };
    },
  );

  function takeFault(target: 'read' | 'apply'): FakeFault | null {
    const index = faults.findIndex((entry) => entry.on === 'any' || entry.on === target);
    if (index < 0) return null;
    const entry = faults[index]!;
    if (entry.left !== null) {
      entry.left -= 1;
      if (entry.left === 0) faults.splice(index, 1);
    }
    return entry.fault;
  }

  function setFault(fault: FakeFault | null, on: string, count?: number) {
    if (fault === null) faults = faults.filter((entry) => entry.on !== on && on !== 'any');
    else faults.push({ fault, on, left: count ?? null });
  }

  function send(res: ServerResponse, result: Result) {
    const text = JSON.stringify(result.body);
    res.writeHead(result.status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
    });
    res.end(text);
  }

  async function readBody(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > 64 * 1024) return undefined;
      chunks.push(chunk as Buffer);
    }
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
  }

  /** The contract's own operations. */
  function serve(method: string, path: string, req: IncomingMessage, body: unknown): Result {
    if (method === 'GET' && path === '/status') {
      return {
        status: 200,
        body: { contract: ACS_CONTRACT_VERSION, acsTime: now().toISOString() },
      };
    }
    const match = /^\/cards\/([^/]+)\/(lock|resets)$/u.exec(path);
    if (!match) return problem(404, 'bad-request', 'No such operation.');
    const cardRef = AcsCardRef.safeParse(decodeURIComponent(match[1]!));
    if (!cardRef.success) return problem(400, 'bad-request', 'Not an ACS card reference.');
    const ref = cardRef.data;
    if (method === 'GET') {
      if (!known(ref)) return problem(404, 'unknown-card', 'No such card at this ACS.');
      const at = now().toISOString();
      if (match[2] === 'lock') {
        const state: AcsCardStateBody = {
          cardRef: ref,
          lock: lockBody(activeLock.get(ref, at, at)),
          asOf: at,
        };
        return { status: 200, body: state };
      }
      const resets: AcsResetsBody = {
        cardRef: ref,
        resets: resetsOf.all(ref).map((row) => ({
          clearedAt: row.cleared_at,
          lockedSince: row.since,
          cause: row.cause,
          idempotencyKey: row.cleared_key,
        })),
      };
      return { status: 200, body: resets };
    }
    if (method === 'POST' && match[2] === 'resets') {
      const key = AcsIdempotencyKey.safeParse(req.headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()]);
      if (!key.success) return problem(400, 'bad-request', 'An Idempotency-Key header is needed.');
      const request = AcsApplyResetRequest.safeParse(body);
      if (!request.success) return problem(400, 'bad-request', 'The body is not a reset request.');
      return apply.immediate(ref, key.data, request.data);
    }
    return problem(400, 'bad-request', 'No such operation.');
  }

  /** The test's controls, for a fake in another process. */
  function control(method: string, path: string, body: unknown): Result {
    if (method === 'POST' && path === '/_fake/faults') {
      const parsed = FaultRequest.safeParse(body);
      if (!parsed.success) return problem(400, 'bad-request', 'Not a fault.');
      setFault(parsed.data.fault, parsed.data.on, parsed.data.count);
      return { status: 200, body: { faults: faults.length } };
    }
    if (method === 'POST' && path === '/_fake/cards') {
      const parsed = CardRequest.safeParse(body);
      if (!parsed.success) return problem(400, 'bad-request', 'Not a card.');
      putCard.run(parsed.data.cardRef, parsed.data.refusal);
      return { status: 200, body: {} };
    }
    if (method === 'POST' && path === '/_fake/locks') {
      const parsed = LockRequest.safeParse(body);
      if (!parsed.success) return problem(400, 'bad-request', 'Not a lock.');
      putLock.run(parsed.data.cardRef, parsed.data.since, parsed.data.until, parsed.data.cause);
      return { status: 200, body: {} };
    }
    if (method === 'GET' && path === '/_fake/clears') {
      return { status: 200, body: { clears: counts(), requests } };
    }
    return problem(404, 'bad-request', 'No such control.');
  }

  const counts = () =>
    Object.fromEntries(clearCounts.all().map((row) => [row.idempotency_key, row.n]));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (options.token && req.headers.authorization !== `Bearer ${options.token}`) {
      send(res, problem(401, 'unauthorized', 'A valid bearer token is needed.'));
      return;
    }
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'https://fake.invalid').pathname;
    const body = method === 'POST' ? await readBody(req) : undefined;
    if (path.startsWith('/_fake/')) {
      send(res, control(method, path, body));
      return;
    }
    const target = method === 'POST' ? 'apply' : 'read';
    requests[target] += 1;
    const fault = takeFault(target);
    if (fault?.kind === 'latency') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault?.kind === 'status') {
      send(res, problem(fault.status, 'unavailable', 'Injected failure.'));
      return;
    }
    if (fault?.kind === 'timeout') {
      // Never answered; dropped after 30 s at the latest so the fake stops by itself.
      held.add(res);
      setTimeout(() => {
        held.delete(res);
        res.socket?.destroy();
      }, 30_000).unref();
      return;
    }
    const result = serve(method, path, req, body);
    if (fault?.kind === 'duplicate') serve(method, path, req, body);
    if (fault?.kind === 'drop-after-commit') {
      res.socket?.destroy();
      return;
    }
    send(res, result);
  }

  const server: Server = createServer(
    {
      cert: options.tls.cert,
      key: options.tls.key,
      minVersion: 'TLSv1.2',
      ...(options.tls.clientCa
        ? { ca: options.tls.clientCa, requestCert: true, rejectUnauthorized: true }
        : {}),
    },
    (req, res) => {
      handle(req, res).catch(() => {
        if (!res.headersSent) send(res, problem(503, 'unavailable', 'The fake ACS failed.'));
      });
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, FAKE_ACS_HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `https://${FAKE_ACS_HOST}:${port}`,
    port,
    fault: (fault, on = 'any', count) => setFault(fault, on, count),
    card: (cardRef, refusal = null) => void putCard.run(cardRef, refusal),
    lock: (cardRef, lock) =>
      void putLock.run(
        cardRef,
        lock.since.toISOString(),
        lock.until?.toISOString() ?? null,
        lock.cause,
      ),
    clears: counts,
    requests: () => ({ ...requests }),
    async close() {
      for (const res of held) res.socket?.destroy();
      held.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    },
  };
}
