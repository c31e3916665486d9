/**
 * The fraud holds the trail says the console saw (`lockout.fraud-hold-seen`, one entry per
 * hold: sealed-lockouts.ts) that no longer stand in lockouts: the row deleted, moved to another
 * card, cleared or made another lock. The console never clears or deletes a fraud hold (a
 * reset is refused for fraud), so such a hold was lifted outside Verify Desk. `audit verify`
 * names each one (verify-rows.ts), and the trail watch's full pass alerts the lead
 * (trail-watch.ts). One indexed read of the seen entries (by action) and one read per entry:
 * cheap beside the rest of the row checks, which the watch does not run.
 */
import type { Db } from '../db/connection.ts';

export const FRAUD_HOLD_SEEN = 'lockout.fraud-hold-seen';

export interface FraudHoldGone {
  /** The seen entry. */
  seq: number;
  cardPublicId: string;
  lockoutId: number;
}

export function fraudHoldsGone(db: Db): FraudHoldGone[] {
  const seen = db
    .prepare<[], { seq: number; subject_id: string | null; details: string }>(
      `SELECT seq, subject_id, details FROM audit_log WHERE action = '${FRAUD_HOLD_SEEN}' ORDER BY seq`,
    )
    .all();
  const hold = db.prepare<[number, string], { id: number }>(
    `SELECT l.id FROM lockouts l JOIN cards c ON c.id = l.card_id
     WHERE l.id = ? AND c.public_id = ? AND l.cause = 'fraud_hold' AND l.cleared_at IS NULL`,
  );
  const gone: FraudHoldGone[] = [];
  for (const entry of seen) {
    const { lockoutId } = JSON.parse(entry.details) as { lockoutId?: unknown };
    if (typeof lockoutId !== 'number' || entry.subject_id === null) continue;
    if (!hold.get(lockoutId, entry.subject_id))
      gone.push({ seq: entry.seq, cardPublicId: entry.subject_id, lockoutId });
  }
  return gone;
}
