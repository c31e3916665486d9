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
 * Each entry's chain MAC is checked (a verdict remembered by its content), and the entries are
 * read whatever their result says. One that fails reads the strictest way, never skipped: a
 * clear now, as no time it says can be believed (a writer who edits the entry of yesterday's
 * clear sends the next reset to a lead, as the clear would have). The
 * reads are the card's entries of those actions (audit_log_by_subject), a handful.
 */
import type { AuditAction } from '../../../shared/audit/audit-codes.ts';
import type { StoredAuditEntry } from '../audit/canonical.ts';
import { countedEntries } from '../audit/counted-entries.ts';
import { rowCheckMemo } from '../db/row-check-memo.ts';
import type { Edges, StoreEdges } from '../edges.ts';

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

export function createVouchedClears({
  db,
  audit,
  keys,
}: StoreEdges & Partial<Pick<Edges, 'keys'>>): VouchedClears {
  // One read of the card's entries of either kind (audit_log_by_subject, one range each): a
  // reset it asked for (a day before the window too: a reset is recorded before it is applied,
  // a queued one within the caller's verification, two hours at most) and a clear imported.
  const ofCard = db.prepare<[number, string], Entry>(
    `SELECT * FROM audit_log WHERE subject_id = (SELECT public_id FROM cards WHERE id = ?)
       AND action IN ('lockout.reset', '${LOCKOUT_CLEARED}') AND at > ?`,
  );
  const applied = db.prepare<[string, string], Entry>(
    `SELECT * FROM audit_log WHERE subject_id = ? AND action = 'lockout.reset-applied'
       AND at > ?`,
  );
  const holds = rowCheckMemo<Entry>((entry) => audit.storedEntryHolds(entry));
  // An entry read before and gone from the selection since (renamed, moved to another card,
  // its time moved back, deleted) is read the same way: a clear now, and the trail marked
  // broken (counted-entries.ts) — before the trail watch's next full pass.
  const counted = countedEntries(db, holds);
  const gone = (key: string, entries: Entry[], now: Date): boolean => {
    const seq = counted(key, entries);
    if (seq === null) return false;
    try {
      keys?.trailBreak?.mark({
        seq,
        foundAt: now.toISOString(),
        problem: 'entry-altered: an entry of a clear counted for the second-reset rule is gone',
      });
    } catch {
      // The key store cannot be written now: the reset goes to a lead all the same.
    }
    return true;
  };

  return (cardId, now) => {
    const from = now.getTime() - RECORD_CLEARS_WITHIN_HOURS * HOUR;
    const clears: Date[] = [];
    const entries = ofCard.all(cardId, new Date(from - 24 * HOUR).toISOString());
    if (gone(`card ${cardId}`, entries, now)) clears.push(now);
    for (const entry of entries) {
      const details = detailsOf(entry);
      if (!holds(entry)) {
        // An edited entry of either kind: a clear now (no time it says can be believed).
        clears.push(now);
        continue;
      }
      if (entry.action === LOCKOUT_CLEARED) {
        const clearedAt = details?.['clearedAt'];
        if (typeof clearedAt === 'string') clears.push(new Date(clearedAt));
        continue;
      }
      const resetId = details?.['resetId'];
      if (typeof resetId !== 'string') continue;
      const answers = applied.all(resetId, new Date(from).toISOString());
      if (gone(`reset ${resetId}`, answers, now)) clears.push(now);
      for (const answer of answers) {
        if (!holds(answer)) clears.push(now);
        else if (answer.result === 'success') clears.push(new Date(answer.at));
      }
    }
    return clears;
  };
}

function detailsOf(entry: Entry): Record<string, unknown> | null {
  try {
    const details = JSON.parse(entry.details) as unknown;
    return details && typeof details === 'object' ? (details as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
