/**
 * Connected mode's stand-in for main/core in the console's main process: the same port the
 * shell binds to IPC (router, endCaller, osLocked, osIdle, close), each window's calls going
 * to the desk server over its own connection (server-connection.ts), and the server's events
 * for that window's session pushed to it. The console holds no database and no keys; the
 * session token stays in the connection's memory.
 */
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

  return {
    router: { call: (callerId, channel, payload) => connectionOf(callerId).call(channel, payload) },
    endCaller: end,
    // The OS locked the screen or the machine went idle: the console signs its windows out
    // of the server rather than leave a session open on a machine nobody is at. (A server-
    // side lock that keeps the call would need a channel of its own; not built yet.)
    async osLocked() {
      const callers = [...connections.keys()];
      await Promise.all(callers.map(end));
      // Each window asks again and finds itself signed out.
      for (const callerId of callers)
        options.emit(callerId, 'session.changed', { reason: 'os-lock' });
    },
    async osIdle() {
      // The server's idle lock (policy idleLockMinutes) runs on the server's clock.
    },
    close() {
      for (const connection of connections.values()) connection.close();
      connections.clear();
    },
  };
}
