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
 *
 * The row is plain, so a server believes it only as far as the audit trail vouches for it
 * (server-claims.ts): a holder named without a claim entry holds nothing against a server,
 * and cannot stop the one running.
 */
import { hostname } from 'node:os';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import type { AuditTrail } from '../audit/audit-trail.ts';
import { serverClaims, type RecordedClaim } from './server-claims.ts';

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

/** Held until after `at`, no further ahead than a renewal sets, by a process that may run. */
function liveClaim(row: { holder: string; expires_at: string }, at: Date): boolean {
  const expires = new Date(row.expires_at).getTime();
  const now = at.getTime();
  return expires > now && expires <= now + MAX_AHEAD_MS && !endedHere(row.holder);
}

/**
 * The server running on this database now, if any, as the row says (desk-admin and the
 * migrations refuse to write beside it; a row planted there makes them wait, never serve).
 */
export function runningDeskServer(db: Db, clock: Clock): RunningServer | null {
  const row = db
    .prepare<[string], { holder: string; expires_at: string }>(
      'SELECT holder, expires_at FROM leases WHERE name = ?',
    )
    .get(DESK_SERVER_LEASE);
  if (!row || !liveClaim(row, clock.now())) return null;
  return { holder: row.holder, until: row.expires_at };
}

export interface DeskServerClaim {
  /** Gives the claim up (a clean stop). */
  release(): void;
}

interface ClaimRow {
  holder: string;
  generation: number;
  expires_at: string;
}

/** How many claim rows the trail does not vouch for are alerted, per process: a flood is logged only. */
const FORGED_ALERTS = 20;

/**
 * Takes the claim for this process or throws DeskServerRunningError naming the server that
 * holds it; renews it until released. Every claim taken is recorded in the audit trail
 * (server-claims.ts), in the transaction that writes the row:
 *
 * - a live claim row is someone else's only when the trail's newest claim names it; one it
 *   does not name was written without the keys: the claim is taken over all the same, and
 *   the lead alerted (`alert.altered-row`, table leases);
 * - while it runs, this server has lost its claim only when a newer claim entry holds (a
 *   server with the keys took over: it froze past its time). It then stops serving. A row
 *   changed, planted or deleted by anyone else is written back as this server's claim, and
 *   the lead alerted.
 */
export function claimDeskServer(
  db: Db,
  options: {
    clock: Clock;
    holder?: string;
    /** The trail the claim is recorded in and checked against (the server's own). */
    audit: Pick<AuditTrail, 'transact' | 'append' | 'storedEntryHolds'>;
    /** The origin of the claim's entries. */
    origin: string;
    logInternal: (line: string) => void;
    /** The claim was taken over (this server froze past its time): it must stop serving. */
    onClaimLost?: () => void;
  },
): DeskServerClaim {
  const { audit, clock } = options;
  const holder = options.holder ?? deskServerHolder();
  const claims = serverClaims(db, audit);
  const read = db.prepare<[string], ClaimRow>(
    'SELECT holder, generation, expires_at FROM leases WHERE name = ?',
  );
  const write = db.prepare<[string, string, number, string, string]>(
    `INSERT INTO leases (name, holder, generation, acquired_at, expires_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, generation = excluded.generation,
       acquired_at = excluded.acquired_at, expires_at = excluded.expires_at`,
  );
  const renew = db.prepare<[string, string]>('UPDATE leases SET expires_at = ? WHERE name = ?');
  const giveUp = db.prepare<[string, string, string, number]>(
    'UPDATE leases SET expires_at = ? WHERE name = ? AND holder = ? AND generation = ?',
  );
  const until = (at: Date) => new Date(at.getTime() + DESK_SERVER_LEASE_MS).toISOString();
  const ours = (row: ClaimRow | undefined, claim: RecordedClaim) =>
    row !== undefined && row.holder === claim.holder && row.generation === claim.generation;

  const alerted = new Set<string>();
  function alertForged(row: ClaimRow | undefined, at: Date): void {
    options.logInternal(
      'desk-server: the claim row names a holder the audit trail does not vouch for; this server holds the claim',
    );
    const named = row?.holder.slice(0, 120) ?? null;
    if (alerted.has(String(named)) || alerted.size >= FORGED_ALERTS) return;
    alerted.add(String(named));
    audit.append({
      at,
      operatorId: null,
      username: null,
      origin: options.origin,
      action: 'alert.altered-row',
      subjectType: 'database',
      subjectId: null,
      result: 'alert',
      details: {
        table: 'leases',
        name: DESK_SERVER_LEASE,
        holder: named,
        expiresAt: row?.expires_at.slice(0, 40) ?? null,
      },
    });
  }

  const taken = audit.transact((): RunningServer | (RecordedClaim & { acquiredAt: string }) => {
    const at = clock.now();
    const row = read.get(DESK_SERVER_LEASE);
    const newest = claims.newestHolding();
    const live = row !== undefined && liveClaim(row, at);
    if (live && newest && ours(row, newest)) return { holder: row.holder, until: row.expires_at };
    // Free (its time ran out, its process ended, it runs out further ahead than a server
    // renews) or a claim no server with the keys made: a new claim, numbered after both.
    const seen = row && Number.isSafeInteger(row.generation) ? row.generation : 0;
    const generation = Math.max(seen, newest?.generation ?? 0) + 1;
    write.run(DESK_SERVER_LEASE, holder, generation, at.toISOString(), until(at));
    const seq = claims.record({ holder, generation, at, origin: options.origin });
    if (live) alertForged(row, at);
    return { seq, holder, generation, acquiredAt: at.toISOString() };
  });
  if (!('seq' in taken))
    throw new DeskServerRunningError(
      `Another desk server (${taken.holder}) is serving this database; only one may run on a database.`,
    );
  const mine = taken;

  /** Renews the claim: false once a newer claim entry holds (another server took over). */
  const keep = db.transaction((): { held: boolean; forged: ClaimRow | null | undefined } => {
    const at = clock.now();
    if (claims.holdingAfter(mine.seq)) return { held: false, forged: null };
    const row = read.get(DESK_SERVER_LEASE);
    if (ours(row, mine)) {
      renew.run(until(at), DESK_SERVER_LEASE);
      return { held: true, forged: null };
    }
    // Another holder named, or the row gone, with no claim entry behind it: written without
    // the keys. The claim is still this server's.
    write.run(DESK_SERVER_LEASE, mine.holder, mine.generation, mine.acquiredAt, until(at));
    return { held: true, forged: row };
  });

  const timer = setInterval(() => {
    let held = true;
    try {
      const kept = keep.immediate();
      held = kept.held;
      if (kept.forged !== null) {
        const forged = kept.forged;
        audit.transact(() => alertForged(forged, clock.now()));
      }
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
      giveUp.run(clock.now().toISOString(), DESK_SERVER_LEASE, mine.holder, mine.generation);
    },
  };
}
