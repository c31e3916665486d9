/**
 * The time-driven alert: an escalated reset still waiting for a lead after
 * `approvalWaitAlertMinutes` raises one "approval-waiting" alert. Every console process on a
 * database (and the desk server) runs this watch; the lease "alert-timer" lets one of them
 * look at a time, and what it raises is written under the lease (fenced) with a check that
 * the request has no such alert yet, in one write transaction: two processes on one file
 * raise each alert once. "No such alert yet" is asked of the trail (an alert.approval-waiting
 * entry about the request whose MAC holds), never of the alerts table, where a row planted
 * by a writer without the keys would otherwise stop the alert for good.
 */
import { randomBytes } from 'node:crypto';
import type { AuditTrail } from '../audit/audit-trail.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import { createLease } from '../lease/lease.ts';
import type { Policy } from '../policy/policy.ts';

export const ALERT_TIMER_LEASE = 'alert-timer';

export interface ApprovalWaitWatchOptions {
  db: Db;
  /** The keys its lease is sealed with (lease.ts); without them the lease row is unsealed. */
  keys?: Pick<KeyProvider, 'current' | 'byId'>;
  /** The trail that raises alerts from its entries (desk-core's), and vouches for them. */
  audit: Pick<AuditTrail, 'append' | 'entryHolds'>;
  clock: Clock;
  policy: () => Policy;
  origin: string;
  logInternal: (line: string) => void;
  /** How often to look (default 5 s); the lease lives three times as long. */
  everyMs?: number;
  holder?: string;
}

export interface ApprovalWaitWatch {
  /** One look now (the timer calls it; tests may too): how many alerts it raised. */
  check(): number;
  halt(): void;
}

interface WaitingRow {
  public_id: string;
  card_public_id: string;
  requested_by: number;
  username: string;
  requested_at: string;
}

export function startApprovalWaitWatch(options: ApprovalWaitWatchOptions): ApprovalWaitWatch {
  const everyMs = options.everyMs ?? 5_000;
  const lease = createLease(options.db, {
    name: ALERT_TIMER_LEASE,
    holder: options.holder ?? randomBytes(12).toString('base64url'),
    ttlMs: everyMs * 3,
    clock: options.clock,
    ...(options.keys && { keys: options.keys }),
  });
  // Pending, not expired, waiting since before the threshold; those the trail already
  // alerted on are passed over below (one indexed read each, migration 021).
  const waiting = options.db.prepare<[string, string], WaitingRow>(`
    SELECT a.public_id, c.public_id AS card_public_id, a.requested_by, o.username, a.requested_at
    FROM approval_requests a
    JOIN cards c ON c.id = a.card_id
    JOIN operators o ON o.id = a.requested_by
    WHERE a.state = 'pending' AND a.expires_at > ? AND a.requested_at <= ?
    ORDER BY a.requested_at, a.id`);
  const alerted = (requestId: string) =>
    options.audit.entryHolds('alert.approval-waiting', requestId);

  function check(): number {
    if (!options.db.open || !lease.acquire()) return 0;
    const now = options.clock.now();
    const limitMs = options.policy().approvalWaitAlertMinutes * 60_000;
    const before = new Date(now.getTime() - limitMs).toISOString();
    const done = lease.fenced(() => {
      const rows = waiting.all(now.toISOString(), before).filter((row) => !alerted(row.public_id));
      for (const row of rows) {
        options.audit.append({
          at: now,
          operatorId: null,
          username: null,
          origin: options.origin,
          action: 'alert.approval-waiting',
          subjectType: 'approval',
          subjectId: row.public_id,
          result: 'alert',
          details: {
            cardId: row.card_public_id,
            requestedBy: row.username,
            requestedAt: row.requested_at,
            waitedMinutes: Math.floor((now.getTime() - Date.parse(row.requested_at)) / 60_000),
          },
        });
      }
      return rows.length;
    });
    return done.held ? done.value : 0;
  }

  const timer = setInterval(() => {
    try {
      check();
    } catch (error) {
      options.logInternal(
        `alert-timer: a round failed (${error instanceof Error ? error.constructor.name : typeof error})`,
      );
    }
  }, everyMs);
  timer.unref();

  return {
    check,
    halt() {
      clearInterval(timer);
      try {
        if (options.db.open) lease.release();
      } catch {
        // The database may already be closing; the lease then runs out by itself.
      }
    },
  };
}
