/**
 * Connected mode's stand-in for main/core in the console's main process: the same port the
 * shell binds to IPC (router, endCaller, osLocked, osIdle, close), each window's calls going
 * to the desk server over its own connection (server-connection.ts), and the server's events
 * for that window's session pushed to it. The console holds no database and no keys; the
 * session token stays in the connection's memory.
 */
import type { ChannelInput, ChannelOutput } from '../../shared/contract/index.ts';
import type { Result } from '../../shared/contract/result.ts';
import {
  connectToServer,
  type ConnectionStatus,
  type ServerConnection,
} from './server-connection.ts';
import type { ConsoleConfig } from './console-config.ts';

export interface RemoteCore {
  router: { call(callerId: string, channel: string, payload: unknown): Promise<Result<unknown>> };
  endCaller(callerId: string): Promise<void>;
  osLocked(): Promise<void>;
  osIdle(seconds: number): Promise<void>;
  close(): void;
}

export interface RemoteCoreOptions {
  config: ConsoleConfig;
  /** This machine's name, for the audit origin on the server. */
  consoleHost: string;
  emit(callerId: string, event: string, payload: unknown): void;
  /** The connection of a window was lost or is back (for the log; the window is told by event). */
  onStatus?(callerId: string, status: ConnectionStatus): void;
  /** Tests shorten the reconnection backoff. */
  backoff?: { minMs: number; maxMs: number };
}

export function createRemoteCore(options: RemoteCoreOptions): RemoteCore {
  const connections = new Map<string, ServerConnection>();
  const connectionOf = (callerId: string): ServerConnection => {
    let connection = connections.get(callerId);
    if (!connection) {
      connection = connectToServer({
        server: options.config.server,
        ca: options.config.ca,
        ...(options.config.cert ? { cert: options.config.cert } : {}),
        ...(options.config.key ? { key: options.config.key } : {}),
        consoleHost: options.consoleHost,
        onEvent: (event, payload) => options.emit(callerId, event, payload),
        onStatus: (status) => {
          options.onStatus?.(callerId, status);
          options.emit(callerId, 'connection.changed', { state: status });
        },
        ...(options.backoff ? { backoff: options.backoff } : {}),
      });
      connections.set(callerId, connection);
    }
    return connection;
  };

  /** Signs out a window's session on the server (its call ends there, audited). */
  async function end(callerId: string): Promise<void> {
    const connection = connections.get(callerId);
    if (!connection) return;
    connections.delete(callerId);
    try {
      if (connection.hasSession()) await connection.call('session.signOut', {});
    } finally {
      connection.close();
    }
  }

  /** The server's idle lock, as its last app.info said (the policy's default until then). */
  let idleLockMinutes = 15;

  async function lockOnServer(input: ChannelInput<'session.osLock'>): Promise<void> {
    const signedIn = [...connections].filter(([, connection]) => connection.hasSession());
    await Promise.all(
      signedIn.map(async ([callerId, connection]) => {
        const result = await connection.call('session.osLock', input);
        if (result.ok) {
          // The window asks again and finds itself locked.
          if ((result.value as ChannelOutput<'session.osLock'>).changed)
            options.emit(callerId, 'session.changed', { reason: input.reason });
          return;
        }
        // The server did not confirm (the network went with the suspend, a restart): fail
        // closed when the lock was due. The window's token is dropped here, whatever the
        // server later does with it; a short idle during an outage keeps the call.
        const due =
          input.reason === 'os-lock' || input.idleSeconds * 1000 >= idleLockMinutes * 60_000;
        if (!due) return;
        await end(callerId).catch(() => undefined);
        options.emit(callerId, 'session.changed', { reason: input.reason });
      }),
    );
  }

  return {
    router: {
      async call(callerId, channel, payload) {
        const result = await connectionOf(callerId).call(channel, payload);
        if (channel === 'app.info' && result.ok)
          idleLockMinutes = (result.value as ChannelOutput<'app.info'>).idleLockMinutes;
        return result;
      },
    },
    endCaller: end,
    // The OS locked the screen, or nobody used the machine for longer than the idle lock:
    // each window's session locks on the server, its call kept for the resume, as a local
    // console's would. The server decides whether the idle time is past its policy.
    osLocked: () => lockOnServer({ reason: 'os-lock' }),
    osIdle: (seconds) => lockOnServer({ reason: 'os-idle', idleSeconds: Math.floor(seconds) }),
    close() {
      for (const connection of connections.values()) connection.close();
      connections.clear();
    },
  };
}
