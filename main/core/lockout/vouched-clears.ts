/**
 * When the card's earlier locks were cleared, as the audit trail vouches for it — for the
 * second-reset rule (reset-decision.ts), beside what the ACS gateway says. The embedded ACS (a
 * demo, a training database, any database without imported ACS data) reads its resets from the
 * lockouts table, whose rows a writer without the keys can delete: the cleared lock gone, a
 * second reset within the window would no longer go to a lead. The trail cannot lose an entry
 * without breaking its chain, so the clears it records count whatever the rows say:
 *
 * - a reset this console applied: the card's `lockout.reset` entry names the reset, whose
 *   `lockout.reset-applied` success entry says when the ACS confirmed it;
 * - a clear the import wrote (`import.lockout-cleared`, one entry per lockout an import clears,
 *   when the clear is recent enough to matter: RECORD_CLEARS_WITHIN_HOURS).
 *
 * Each entry is used only when its chain MAC holds (a verdict remembered by its content). The
 * reads are the card's entries of those actions (audit_log_by_subject), a handful.
 */
import type { AuditAction } from '../../../shared/audit/audit-codes.ts';
import type { StoredAuditEntry } from '../audit/canonical.ts';
import { rowCheckMemo } from '../db/row-check-memo.ts';
import type { StoreEdges } from '../edges.ts';

export const LOCKOUT_CLEARED = 'import.lockout-cleared' satisfies AuditAction;

/**
 * How far back a clear an import writes is recorded: the longest second-reset window policy
 * allows (resetEscalationHours, policy.ts). An older clear never sends a reset to a lead.
 */
export const RECORD_CLEARS_WITHIN_HOURS = 168;
const HOUR = 3_600_000;

/** Whether a clear at `clearedAt` is recent enough (at `now`) to be recorded. */
export const clearMatters = (clearedAt: string, now: Date): boolean =>
  Date.parse(clearedAt) > now.getTime() - RECORD_CLEARS_WITHIN_HOURS * HOUR;

/** The details of one `import.lockout-cleared` entry. */
export interface LockoutClearedDetails {
  runId: string;
  /** The lockout's external id, when the lock started and why, and when it was cleared. */
  lockoutId: string;
  lockSince: string;
  cause: string;
  clearedAt: string;
}

type Entry = StoredAuditEntry & { mac: Buffer | null };

export type VouchedClears = (cardId: number, now: Date) => Date[];

export function createVouchedClears({ db, audit }: StoreEdges): VouchedClears {
  const cardOf = db.prepare<[number], { public_id: string }>(
    'SELECT public_id FROM cards WHERE id = ?',
  );
  // A reset is recorded before it is applied (a queued one within the caller's verification,
  // two hours at most): its request a day before the window is looked at too.
  const requested = db.prepare<[string, string], Entry>(
    `SELECT * FROM audit_log WHERE subject_id = ? AND action = 'lockout.reset' AND at > ?`,
  );
  const applied = db.prepare<[string, string], Entry>(
    `SELECT * FROM audit_log WHERE subject_id = ? AND action = 'lockout.reset-applied'
       AND result = 'success' AND at > ?`,
  );
  const imported = db.prepare<[string, string, string], Entry>(
    `SELECT * FROM audit_log WHERE subject_id = ? AND action = ? AND at > ?`,
  );
  const holds = rowCheckMemo<Entry>((entry) => audit.storedEntryHolds(entry));
  const detail = (entry: Entry, key: string): unknown =>
    (JSON.parse(entry.details) as Record<string, unknown>)[key];

  return (cardId, now) => {
    const card = cardOf.get(cardId);
    if (!card) return [];
    const from = new Date(now.getTime() - RECORD_CLEARS_WITHIN_HOURS * HOUR).toISOString();
    const clears: Date[] = [];
    const asked = new Date(Date.parse(from) - 24 * HOUR).toISOString();
    for (const request of requested.all(card.public_id, asked)) {
      const resetId = detail(request, 'resetId');
      if (typeof resetId !== 'string' || !holds(request)) continue;
      for (const entry of applied.all(resetId, from))
        if (holds(entry)) clears.push(new Date(entry.at));
    }
    for (const entry of imported.all(card.public_id, LOCKOUT_CLEARED, from)) {
      const clearedAt = detail(entry, 'clearedAt');
      if (typeof clearedAt === 'string' && holds(entry)) clears.push(new Date(clearedAt));
    }
    return clears;
  };
}
