/**
 * The embedded ACS: the local database's lockouts are the lock. State is computed from the
 * clock at every read, so an expired lock never shows as active; a reset clears the lock row.
 */
import { sealedWrite } from '../audit/audit-trail.ts';
import type { Db } from '../db/connection.ts';
import type { AcsGateway, AcsLockState } from './acs-gateway.ts';
import type { LockoutSeal } from './sealed-lockouts.ts';

interface LockoutRow {
  id: number;
  cause: Extract<AcsLockState, { state: 'locked' }>['cause'];
  since: string;
  until: string | null;
}

/** `seal` checks lockout rows against their MAC (sealed-lockouts.ts); the console passes it. */
export function createEmbeddedAcsGateway(db: Db, seal?: LockoutSeal): AcsGateway {
  // The lock in force: started, not cleared, not yet expired. A fraud hold ranks first (it
  // must never hide behind a wrong-code lock), then until-reset locks, then the latest end.
  const activeLock = db.prepare<[{ cardId: number; now: string }], LockoutRow>(`
    SELECT id, cause, since, until FROM lockouts
    WHERE card_id = @cardId AND since <= @now AND cleared_at IS NULL AND (until IS NULL OR until > @now)
    ORDER BY cause = 'fraud_hold' DESC, until IS NOT NULL, until DESC LIMIT 1`);

  const resets = db.prepare<
    [number],
    { cleared_at: string; since: string; cause: LockoutRow['cause'] }
  >(`SELECT cleared_at, since, cause FROM lockouts
     WHERE card_id = ? AND cleared_at IS NOT NULL ORDER BY cleared_at DESC`);

  const clear = db.prepare<[{ cardId: number; since: string; at: string }]>(`
    UPDATE lockouts SET cleared_at = @at
    WHERE card_id = @cardId AND since = @since AND cleared_at IS NULL
      AND (until IS NULL OR until > @at)`);

  return {
    kind: 'embedded',
    async applyReset(command) {
      // One UPDATE guarded by "not cleared yet": a retry with the same key changes nothing.
      // Lockouts are sealed: cleared through the trail's schema-checked write (sealed-rows.ts).
      const changed = sealedWrite(
        db,
        () =>
          clear.run({
            cardId: command.cardId,
            since: command.lockSince.toISOString(),
            at: command.at.toISOString(),
          }).changes,
      );
      return changed === 1 ? 'applied' : 'already-unlocked';
    },
    async readResets(cardId) {
      return resets.all(cardId).map((row) => ({
        clearedAt: new Date(row.cleared_at),
        lockedSince: new Date(row.since),
        cause: row.cause,
      }));
    },
    async readState(cardId, now) {
      const altered = seal?.alteredRows(cardId) ?? [];
      if (altered.length > 0) {
        // A lock row that does not verify is never used: the card counts as held for fraud.
        seal?.alert(cardId, altered, now);
        return {
          lock: { state: 'locked', since: now, until: null, cause: 'fraud_hold' },
          asOf: now,
        };
      }
      const row = activeLock.get({ cardId, now: now.toISOString() });
      if (row?.cause === 'fraud_hold') seal?.fraudHoldSeen(cardId, row.id, now);
      const lock: AcsLockState = row
        ? {
            state: 'locked',
            since: new Date(row.since),
            until: row.until ? new Date(row.until) : null,
            cause: row.cause,
          }
        : { state: 'unlocked' };
      return { lock, asOf: now };
    },
  };
}
