/**
 * The embedded ACS: the local database's lockouts are the lock. State is computed from the
 * clock at every read, so an expired lock never shows as active; a reset clears the lock row.
 */
import { sealedWrite } from '../audit/audit-trail.ts';
import type { Db } from '../db/connection.ts';
import type { AcsCardState, AcsGateway, AcsLockState, AcsReset } from './acs-gateway.ts';
import type { LockoutRow, LockoutSeal } from './sealed-lockouts.ts';

/** `seal` checks lockout rows against their MAC (sealed-lockouts.ts); the console passes it. */
export function createEmbeddedAcsGateway(db: Db, seal?: LockoutSeal): AcsGateway {
  // The locks in force: started, not cleared, not yet expired. A fraud hold ranks first (it
  // must never hide behind a wrong-code lock), then until-reset locks, then the latest end
  // (firstInForce). Ranked here, not by an ORDER BY: a card has a handful of locks, and a
  // sort in SQLite costs each read more than the read itself.
  const inForce = db.prepare<
    [{ cardId: number; now: string }],
    Pick<LockoutRow, 'id' | 'cause' | 'since' | 'until'>
  >(`
    SELECT id, cause, since, until FROM lockouts
    WHERE card_id = @cardId AND since <= @now AND cleared_at IS NULL AND (until IS NULL OR until > @now)`);

  const resets = db.prepare<
    [number],
    { cleared_at: string; since: string; cause: LockoutRow['cause'] }
  >(`SELECT cleared_at, since, cause FROM lockouts
     WHERE card_id = ? AND cleared_at IS NOT NULL`);

  // The lock the reset was decided on: its start and, when the reset recorded it, its cause. A
  // card can hold two locks that started at the same moment (a wrong-code lock and a
  // resend-limit lock from one failed challenge); a reset clears the one decided on, never the
  // other, and never a fraud hold.
  const clear = db.prepare<[{ cardId: number; since: string; cause: string | null; at: string }]>(`
    UPDATE lockouts SET cleared_at = @at
    WHERE card_id = @cardId AND since = @since AND cleared_at IS NULL
      AND (@cause IS NULL OR cause = @cause) AND cause <> 'fraud_hold'
      AND (until IS NULL OR until > @at)`);

  function readResetsNow(cardId: number): AcsReset[] {
    // Newest first (ISO times: their text order is their time order).
    return resets
      .all(cardId)
      .sort((a, b) => compareText(b.cleared_at, a.cleared_at))
      .map((row) => ({
        clearedAt: new Date(row.cleared_at),
        lockedSince: new Date(row.since),
        cause: row.cause,
      }));
  }
  /** The lock now: a lock row that fails its seal makes the card held for fraud. */
  function readStateNow(cardId: number, now: Date): AcsCardState {
    const altered = seal?.alteredRows(cardId) ?? [];
    if (altered.length > 0) return alteredState(cardId, altered, now);
    return stateOf(cardId, firstInForce(inForce.all({ cardId, now: now.toISOString() })), now);
  }
  /** A lock row that does not verify is never used: the card counts as held for fraud. */
  function alteredState(cardId: number, altered: number[], now: Date): AcsCardState {
    seal?.alert(cardId, altered, now);
    return {
      lock: { state: 'locked', since: now, until: null, cause: 'fraud_hold' },
      asOf: now,
    };
  }
  function stateOf(
    cardId: number,
    row: Pick<LockoutRow, 'id' | 'cause' | 'since' | 'until'> | undefined,
    now: Date,
  ): AcsCardState {
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
  }

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
            cause: command.lockCause,
            at: command.at.toISOString(),
          }).changes,
      );
      return changed > 0 ? 'applied' : 'already-unlocked';
    },
    async readResets(cardId) {
      return readResetsNow(cardId);
    },
    async readState(cardId, now) {
      return readStateNow(cardId, now);
    },
    readNow: {
      card(cardId, now) {
        if (!seal) return { state: readStateNow(cardId, now), resets: readResetsNow(cardId) };
        // One read of the card's lockout rows, each checked against its MAC: the lock in force
        // and the resets are found among those that hold, as the two statements above find them.
        const { holding, altered } = seal.checkedRows(cardId);
        if (altered.length > 0)
          return { state: alteredState(cardId, altered, now), resets: readResetsNow(cardId) };
        const at = now.toISOString();
        const row = firstInForce(
          holding.filter(
            (lock) =>
              lock.since <= at &&
              lock.cleared_at === null &&
              (lock.until === null || lock.until > at),
          ),
        );
        const resets = holding
          .filter((lock): lock is LockoutRow & { cleared_at: string } => lock.cleared_at !== null)
          .sort((a, b) => compareText(b.cleared_at, a.cleared_at))
          .map((lock) => ({
            clearedAt: new Date(lock.cleared_at),
            lockedSince: new Date(lock.since),
            cause: lock.cause,
          }));
        return { state: stateOf(cardId, row, now), resets };
      },
    },
  };
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The lock that stands for the card among those in force: a fraud hold first, then one until
 * reset (no end), then the one that ends last; as `ORDER BY cause = 'fraud_hold' DESC, until
 * IS NOT NULL, until DESC` would rank them.
 */
export function firstInForce<T extends { cause: string; until: string | null }>(
  rows: readonly T[],
): T | undefined {
  let best: T | undefined;
  for (const row of rows) if (!best || ranksBefore(row, best)) best = row;
  return best;
}
function ranksBefore(a: { cause: string; until: string | null }, b: typeof a): boolean {
  const fraudA = a.cause === 'fraud_hold';
  const fraudB = b.cause === 'fraud_hold';
  if (fraudA !== fraudB) return fraudA;
  if ((a.until === null) !== (b.until === null)) return a.until === null;
  return a.until !== null && b.until !== null && a.until > b.until;
}
