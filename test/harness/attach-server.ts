/**
 * The `server` e2e target: the test's core served by a real desk server on loopback TLS
 * (main/server, a development CA made for the run), and each page's window.desk going
 * through the same connection a console's main process uses in connected mode
 * (main/connected). The page bridge is unchanged: only where its calls go differs.
 */
import type { Page } from '@playwright/test';
import { connectToServer, type ServerConnection } from '../../main/connected/server-connection.ts';
import { startDeskServer, type DeskServer } from '../../main/server/desk-server.ts';
import { createEventHub } from '../../main/server/event-hub.ts';
import { createDevCa } from '../../scripts/lib/dev-certs.ts';
import { bridgePage, type AttachedPage } from './attach-page.ts';
import type { TestDesk } from './test-desk.ts';

let certs: Promise<{ ca: string; cert: string; key: string }> | undefined;
const loopbackCerts = () =>
  (certs ??= (async () => {
    const ca = await createDevCa('Verify Desk e2e CA');
    const server = await ca.issue({ commonName: 'localhost', usage: 'server' });
    return { ca: ca.cert, ...server };
  })());

export interface ServedDesk {
  server: DeskServer;
  /** Gives a page window.desk through its own connection to the server. */
  attach(page: Page): Promise<AttachedPage>;
  /** Stops the server, runs `during`, then serves again on the same port (same core). */
  outage(during: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

let nextConsole = 1;

export async function serveTestDesk(desk: TestDesk): Promise<ServedDesk> {
  const { ca, cert, key } = await loopbackCerts();
  const events = createEventHub((line) => desk.internalErrors.push(line));
  desk.onEvent((callerId, event, payload) => events.emit(callerId, event, payload));
  const serve = (port: number) =>
    startDeskServer({
      core: desk.core,
      events,
      tls: { cert, key },
      host: '127.0.0.1',
      port,
      logInternal: (line) => desk.internalErrors.push(line),
    });
  let server = await serve(0);
  const connections: ServerConnection[] = [];

  return {
    get server() {
      return server;
    },
    async outage(during) {
      const port = server.port;
      await server.close();
      try {
        await during();
      } finally {
        server = await serve(port);
      }
    },
    async attach(page) {
      const callerId = `console-${nextConsole++}`;
      const listeners: ((callerId: string, event: string, payload: unknown) => void)[] = [];
      const connection = connectToServer({
        server: server.url,
        ca,
        consoleHost: `PC-E2E-${callerId}`,
        onEvent: (event, payload) => listeners.forEach((l) => l(callerId, event, payload)),
        // What the console's main process tells its window (main/connected/remote-core.ts).
        onStatus: (state) => listeners.forEach((l) => l(callerId, 'connection.changed', { state })),
        backoff: { minMs: 100, maxMs: 1_000 },
      });
      connections.push(connection);
      const ipc = await bridgePage(
        page,
        {
          call: async (_caller, channel, payload) => {
            const result = await connection.call(channel, payload);
            // Events of a new session flow once its socket is open, as in a console.
            if (channel === 'session.signIn' && connection.hasSession())
              await connection.listening();
            return result;
          },
          onEvent: (listener) => listeners.push(listener),
        },
        callerId,
      );
      return { callerId, ipc };
    },
    async close() {
      for (const connection of connections) connection.close();
      await server.close();
    },
  };
}
