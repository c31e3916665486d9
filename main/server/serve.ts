/**
 * The desk server as a whole: main/core opened once on the database (migrations run at
 * open, a newer database refused), its keys from the server's key store (a protected key
 * file, or the service account's keychain), its events delivered through the hub, and the
 * HTTPS/WebSocket front (desk-server.ts). `desk-admin serve` and `npm run server` call this.
 */
import { hostname } from 'node:os';
import type { Clock } from '../core/clock.ts';
import { createDeskCore, type DeskCore } from '../core/desk-core.ts';
import { deskCoreOptions } from '../core/desk-core-options.ts';
import type { PasswordCost } from '../core/operators/password.ts';
import { startDeskServer, type DeskServer } from './desk-server.ts';
import { createEventHub } from './event-hub.ts';
import type { HostedService } from './hosted-services.ts';
import type { PeerLimits } from './peer-limits.ts';
import type { ServerTls } from './tls-options.ts';

export interface ServeOptions {
  dbPath: string;
  /** A key file named explicitly; otherwise the service account's OS keychain. */
  keyFile?: string;
  anchorPath?: string;
  host: string;
  port: number;
  tls: ServerTls;
  clock: Clock;
  /**
   * Forward the audit trail to the central log server `desk-admin syslog set` named (under
   * its lease: one sender per database, here rather than in every console).
   */
  forwardSyslog?: boolean;
  /** How often the server looks for approvals waiting too long (default 5 s). */
  alertTimerMs?: number;
  /** Send queued resets to the ACS (the outbox relay, under its lease). */
  relayResets?: boolean;
  /** How often the server looks at new audit entries (the trail watch, default 5 s). */
  trailWatchMs?: number;
  /** Work the server runs once for all consoles, built on the opened core. */
  services?: (core: DeskCore) => readonly HostedService[];
  logInternal: (line: string) => void;
  passwordCost?: PasswordCost;
  /** Another server took the database over (this one froze past its claim): stop serving. */
  onClaimLost?: () => void;
  /** What one peer address may ask (main/server/peer-limits.ts); defaults to DEFAULT_PEER_LIMITS. */
  peerLimits?: Partial<PeerLimits>;
}

export interface RunningServer {
  server: DeskServer;
  core: DeskCore;
  /** Stops serving, then closes the database (anchoring the newest audit entry). */
  stop(): Promise<void>;
}

export async function serveDatabase(options: ServeOptions): Promise<RunningServer> {
  const events = createEventHub(options.logInternal);
  const core = createDeskCore(
    deskCoreOptions({
      dbPath: options.dbPath,
      clock: options.clock,
      origin: `desk-server@${hostname()}`,
      surface: 'desktop',
      persistSessions: true,
      claimAsServer: true,
      ...(options.onClaimLost ? { onClaimLost: options.onClaimLost } : {}),
      forwardSyslog: options.forwardSyslog ?? false,
      // Alerts that time raises (an approval waiting too long): one watch per database, leased.
      alertTimerMs: options.alertTimerMs ?? 5_000,
      relayResets: options.relayResets ?? false,
      // The whole audit chain kept verified: one watch per database, leased.
      trailWatchMs: options.trailWatchMs ?? 5_000,
      emit: (callerId, event, payload) => events.emit(callerId, event, payload),
      logInternal: options.logInternal,
      ...(options.keyFile ? { keyFile: options.keyFile } : {}),
      ...(options.anchorPath ? { anchorPath: options.anchorPath } : {}),
      ...(options.passwordCost ? { passwordCost: options.passwordCost } : {}),
    }),
  );
  let server: DeskServer;
  try {
    server = await startDeskServer({
      core,
      events,
      tls: options.tls,
      host: options.host,
      port: options.port,
      services: options.services?.(core) ?? [],
      logInternal: options.logInternal,
      ...(options.peerLimits ? { peerLimits: options.peerLimits } : {}),
    });
  } catch (error) {
    core.close();
    throw error;
  }
  return {
    server,
    core,
    async stop() {
      try {
        await server.close();
      } finally {
        core.close();
      }
    },
  };
}

/** `HOST:PORT`, `[v6]:PORT` or `:PORT` (loopback). */
export function parseListen(listen: string): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:]+)\]|([^:[\]]*)):(\d{1,5})$/u.exec(listen);
  const port = Number(match?.[3]);
  if (!match || !Number.isInteger(port) || port > 65_535)
    throw new Error(`--listen "${listen}" is not HOST:PORT (e.g. 0.0.0.0:8443 or 127.0.0.1:8443).`);
  return { host: match[1] ?? (match[2] || '127.0.0.1'), port };
}
