/**
 * A desk server for one test, on loopback TLS: a demo database in a temporary folder, a
 * development CA with a loopback server certificate, main/core at a manual clock, and
 * consoles connected to it with the same client the console's main process uses.
 */
import Database from 'better-sqlite3';
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import {
  connectToServer,
  type ServerConnection,
  type ServerConnectionOptions,
} from '../../../main/connected/server-connection.ts';
import { manualClock } from '../../../main/core/clock.ts';
import { DEMO_EPOCH, DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { copyDemoDatabase } from '../../helpers/demo-template.ts';
import { demoOperator } from '../../../main/core/demo/demo-operators.ts';
import { demoPeople } from '../../../main/core/demo/demo-people.ts';
import {
  serveDatabase,
  type RunningServer,
  type ServeOptions,
} from '../../../main/server/serve.ts';
import type { ServerTls } from '../../../main/server/tls-options.ts';
import type { Result, Role } from '../../../shared/contract/index.ts';
import { createDevCa, type DevCa, type Pem } from '../../../scripts/lib/dev-certs.ts';
import { sealWrites } from '../../helpers/sealed-writer.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { TEST_PASSWORD_COST } from '../../helpers/test-password-cost.ts';
import { endOpenCall } from '../../helpers/end-open-call.ts';

export interface ServerCerts {
  ca: DevCa;
  server: Pem;
}

let certs: Promise<ServerCerts> | undefined;
/** One CA and loopback server certificate per test file (making them is the slow part). */
export function serverCerts(): Promise<ServerCerts> {
  certs ??= (async () => {
    const ca = await createDevCa('Verify Desk test CA');
    return { ca, server: await ca.issue({ commonName: 'localhost', usage: 'server' }) };
  })();
  return certs;
}

export interface Console {
  connection: ServerConnection;
  events: { event: string; payload: unknown; at: number }[];
  call(channel: string, payload?: unknown): Promise<Result<Record<string, unknown>>>;
  signIn(role: Role): Promise<void>;
}

export function useDeskServer() {
  const tempDir = useTempDir('verify-desk-server-');
  const open: { stop(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const item of open.splice(0).reverse()) await item.stop();
  });

  return async function deskServer(
    options: {
      cardholders?: number;
      tls?: (certs: ServerCerts) => Promise<ServerTls>;
      peerLimits?: ServeOptions['peerLimits'];
    } = {},
  ) {
    const dir = tempDir();
    const dbPath = join(dir, 'desk.db');
    const keyFile = join(dir, 'desk.key');
    const cardholders = options.cardholders ?? 40;
    await copyDemoDatabase({ dbPath, keyFile, cardholders, passwordCost: TEST_PASSWORD_COST });
    const { ca, server: serverPem } = await serverCerts();
    const tls = options.tls ? await options.tls({ ca, server: serverPem }) : serverPem;
    const clock = manualClock(DEMO_EPOCH);
    const internal: string[] = [];
    const serve = (port: number) =>
      serveDatabase({
        dbPath,
        keyFile,
        host: '127.0.0.1',
        port,
        tls,
        clock,
        logInternal: (line) => internal.push(line),
        passwordCost: TEST_PASSWORD_COST,
        ...(options.peerLimits ? { peerLimits: options.peerLimits } : {}),
      });
    let running: RunningServer = await serve(0);
    const port = running.server.port;
    let stopped = false;
    open.push({ stop: async () => void (stopped || (await running.stop())) });
    /** Stops the server cleanly (and `between` runs while it is down), then serves again on the same port. */
    const restart = async (between: () => void | Promise<void> = () => undefined) => {
      stopped = true;
      await running.stop();
      await between();
      running = await serve(port);
      stopped = false;
    };

    const connect = (extra: Partial<ServerConnectionOptions> = {}): Console => {
      const events: Console['events'] = [];
      const connection = connectToServer({
        server: running.server.url,
        ca: ca.cert,
        consoleHost: 'PC-TEST',
        onEvent: (event, payload) => events.push({ event, payload, at: performance.now() }),
        ...extra,
      });
      open.push({ stop: async () => connection.close() });
      const call = (channel: string, payload: unknown = {}) =>
        connection.call(channel, payload) as ReturnType<Console['call']>;
      return {
        connection,
        events,
        call,
        async signIn(role) {
          const operator = demoOperator(role);
          const result = await call('session.signIn', {
            username: operator.username,
            password: operator.password,
          });
          if (!result.ok) throw new Error(`sign-in failed: ${result.error.message}`);
          await connection.listening();
        },
      };
    };

    /** A raw connection for assertions and for writing what the issuer's ACS would. */
    const db = new Database(dbPath);
    sealWrites(db, dbPath, keyFile);
    open.push({
      stop: async () => {
        db.close();
      },
    });
    const lockInsert = db.prepare(
      `INSERT INTO lockouts (card_id, cause, since, until)
       SELECT id, 'wrong_codes', ?, ? FROM cards WHERE public_id = ?`,
    );
    /** A fresh 30-minute lock on the card, as if three wrong codes had just been entered. */
    const lockCard = (cardId: string) => {
      const now = clock.now().getTime();
      lockInsert.run(
        new Date(now - 60_000).toISOString(),
        new Date(now + 30 * 60_000).toISOString(),
        cardId,
      );
    };
    const people = demoPeople(DEMO_SEED, cardholders);
    return {
      get running() {
        return running;
      },
      restart,
      /** Stops the server cleanly (its core anchors the newest audit entry). */
      async stop() {
        stopped = true;
        await running.stop();
      },
      dbPath,
      keyFile,
      dir,
      clock,
      internal,
      connect,
      db,
      lockCard,
      people,
      ca,
    };
  };
}

/** Searches the person's card, opens it and verifies the caller, as an agent would. */
export async function openAndVerify(
  console: Console,
  person: { customerRef: string; dob: string; postcode: string; cards: { publicId: string }[] },
): Promise<string> {
  const cardId = person.cards[0]!.publicId;
  const found = await console.call('cards.search', {
    key: 'customer-ref',
    customerRef: person.customerRef,
  });
  await endOpenCall((channel, input) => console.call(channel, input));
  const opened = await console.call('cards.open', { cardId });
  const verified = await console.call('caller.verify', {
    cardId,
    dob: person.dob,
    postcode: person.postcode,
  });
  if (!found.ok || !opened.ok || !verified.ok)
    throw new Error(`could not open and verify: ${JSON.stringify([found, opened, verified])}`);
  return cardId;
}

/** A request as any HTTPS client could send it, with the token (and certificate) given. */
export function rawCall(
  url: string,
  ca: string,
  channel: string,
  payload: unknown,
  token: string | null,
  client: { cert: string; key: string } | null = null,
  /** Extra request headers, and the loopback address to call from (127.0.0.0/8). */
  from: { headers?: Record<string, string>; localAddress?: string } = {},
) {
  return new Promise<{
    status: number;
    headers: IncomingHttpHeaders;
    body: unknown;
    session: string | undefined;
  }>((resolve, reject) => {
    const body = JSON.stringify(payload);
    const req = request(
      `${url}/v1/call/${channel}`,
      {
        method: 'POST',
        // A connection of its own: a pooled one may be from before a restart.
        agent: false,
        ca,
        ...(client ?? {}),
        ...(from.localAddress ? { localAddress: from.localAddress } : {}),
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...from.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: JSON.parse(Buffer.concat(chunks).toString()),
            session: res.headers['desk-session'] as string | undefined,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
