/**
 * What the audit trail says of an operator's sign-in state. The operator row is sealed, but a
 * row put back to an older copy of itself still matches its MAC: replaying the row from
 * before a run of wrong passwords would clear the failure count, and replaying it from before
 * a lockout would lift the lock. The trail is append-only, chained and anchored, so sign-in
 * takes it as the floor: failures since the operator's last sign-in or lockout count however
 * the row reads, and a lockout the trail recorded holds until its end.
 *
 * Both reads walk the (operator_id, action, at) index backwards from now, so they cost the
 * same however long the trail grows.
 */
import type { Db } from '../db/connection.ts';

export interface SignInTrail {
  /** Wrong passwords recorded since the operator's last sign-in or lockout. */
  failuresSinceReset(operatorId: number): number;
  /** The end of the operator's latest recorded lockout, when it is later than `now`. */
  lockedUntil(operatorId: number, now: Date): Date | null;
}

interface Mark {
  seq: number;
  at: string;
}

export function createSignInTrail(db: Db): SignInTrail {
  const latest = (action: string, result: string) =>
    db.prepare<[number], Mark & { details: string }>(
      `SELECT seq, at, details FROM audit_log
       WHERE operator_id = ? AND action = '${action}' AND result = '${result}'
       ORDER BY at DESC, seq DESC LIMIT 1`,
    );
  const lastSignIn = latest('session.sign-in', 'success');
  const lastResume = latest('session.resume', 'success');
  const lastLockout = latest('operator.locked-out', 'alert');
  const failuresAfter = db.prepare<[number, string, number], { n: number }>(
    `SELECT count(*) AS n FROM audit_log
     WHERE operator_id = ? AND action = 'session.sign-in' AND result = 'failure'
       AND at >= ? AND seq > ? AND json_extract(details, '$.reason') = 'wrong-password'`,
  );

  /** The latest entry that set the failure count back to zero. */
  function resetMark(operatorId: number): Mark {
    const marks = [lastSignIn, lastResume, lastLockout]
      .map((statement) => statement.get(operatorId))
      .filter((mark) => mark !== undefined);
    return marks.reduce<Mark>((a, b) => (b.seq > a.seq ? b : a), { seq: 0, at: '' });
  }

  return {
    failuresSinceReset(operatorId) {
      const mark = resetMark(operatorId);
      return failuresAfter.get(operatorId, mark.at, mark.seq)?.n ?? 0;
    },
    lockedUntil(operatorId, now) {
      const lockout = lastLockout.get(operatorId);
      if (!lockout) return null;
      const { until } = JSON.parse(lockout.details) as { until?: unknown };
      if (typeof until !== 'string') return null;
      const end = new Date(until);
      return end > now ? end : null;
    },
  };
}
