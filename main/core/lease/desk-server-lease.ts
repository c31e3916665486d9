/**
 * A desk server's claim on its database: while it runs it holds the "desk-server" lease,
 * renewed well within its time to live. It means two things:
 *
 * - a second server on the same file refuses to start (two would each run the hosted work
 *   that must run once, and each keep its own sessions);
 * - desk-admin's writers (import, policy set, operator add/disable, syslog set, restore)
 *   refuse to write beside it: the server owns that data while it runs. Imports go through
 *   its drop folder; the rest wait until it is stopped;
 * - nothing migrates the database under it (main/core/db/migrate.ts).
 *
 * A server killed without releasing leaves its lease until the time runs out. On the same
 * machine that wait is skipped: the holder names its host and process id, and a process that
 * no longer exists holds nothing.
 */
import { hostname } from 'node:os';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import { createLease } from './lease.ts';

export const DESK_SERVER_LEASE = 'desk-server';
/** Renewed every third of this; a server frozen for longer loses its claim. */
export const DESK_SERVER_LEASE_MS = 30_000;

export class DeskServerRunningError extends Error {
  override readonly name = 'DeskServerRunningError';
}

export interface RunningServer {
  /** "desk-server@HOST:PID". */
  holder: string;
  /** When the claim runs out unless renewed. */
  until: string;
}

export const deskServerHolder = (host = hostname(), pid = process.pid): string =>
  `desk-server@${host}:${pid}`;

/** A holder on this machine whose process has ended: its lease holds nothing. */
function endedHere(holder: string): boolean {
  const match = /^desk-server@(.+):(\d+)$/u.exec(holder);
  if (!match || match[1] !== hostname()) return false;
  try {
    process.kill(Number(match[2]), 0);
    return false;
  } catch (error) {
    // EPERM: the process exists under another user; only ESRCH says it is gone.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * A claim no server makes: one that runs out further ahead than a renewal sets, beyond any
 * clock skew a shared database tolerates. Planted to lock the admins out; it holds nothing.
 */
const MAX_AHEAD_MS = DESK_SERVER_LEASE_MS + 60_000;

/** The server running on this database now, if any. */
export function runningDeskServer(db: Db, clock: Clock): RunningServer | null {
  const row = db
    .prepare<[string], { holder: string; expires_at: string }>(
      'SELECT holder, expires_at FROM leases WHERE name = ?',
    )
    .get(DESK_SERVER_LEASE);
  if (!row) return null;
  const expires = new Date(row.expires_at).getTime();
  const now = clock.now().getTime();
  if (!(expires > now) || expires > now + MAX_AHEAD_MS || endedHere(row.holder)) return null;
  return { holder: row.holder, until: row.expires_at };
}

export interface DeskServerClaim {
  /** Gives the claim up (a clean stop). */
  release(): void;
}

/**
 * Takes the claim for this process or throws DeskServerRunningError naming the server that
 * holds it; renews it until released. Losing it (frozen past the time to live, and another
 * server took over) is logged: that server now owns the work.
 */
export function claimDeskServer(
  db: Db,
  options: {
    clock: Clock;
    holder?: string;
    logInternal: (line: string) => void;
    /** The claim was taken over (this server froze past its time): it must stop serving. */
    onClaimLost?: () => void;
  },
): DeskServerClaim {
  const holder = options.holder ?? deskServerHolder();
  const lease = createLease(db, {
    name: DESK_SERVER_LEASE,
    holder,
    ttlMs: DESK_SERVER_LEASE_MS,
    clock: options.clock,
  });
  const handBack = db.prepare<[string, string, string]>(
    'UPDATE leases SET expires_at = min(expires_at, ?) WHERE name = ? AND holder <> ?',
  );
  const take = db.transaction((): RunningServer | null => {
    const other = runningDeskServer(db, options.clock);
    if (other) return other;
    // Whoever else is named holds nothing (time out, or a process that ended on this
    // machine): hand it back, so that the claim is taken now rather than in 30 s.
    handBack.run(options.clock.now().toISOString(), DESK_SERVER_LEASE, holder);
    return lease.acquire() ? null : { holder: 'unknown', until: '' };
  });
  const other = take.immediate();
  if (other !== null)
    throw new DeskServerRunningError(
      `Another desk server (${other.holder}) is serving this database; only one may run on a database.`,
    );
  const timer = setInterval(() => {
    let held = true;
    try {
      held = lease.acquire();
    } catch {
      // Busy or closing: the next renewal, well within the time to live, tries again.
      options.logInternal('desk-server: renewing the claim on the database failed');
    }
    if (!held) {
      clearInterval(timer);
      options.logInternal('desk-server: another server took this database over; stopping');
      options.onClaimLost?.();
    }
  }, DESK_SERVER_LEASE_MS / 3);
  timer.unref();
  return {
    release() {
      clearInterval(timer);
      lease.release();
    },
  };
}
