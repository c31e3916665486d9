/**
 * What the audit trail says of an operator's sign-in state. The operator row is sealed, but a
 * row put back to an older copy of itself still matches its MAC: replaying the row from
 * before a run of wrong passwords would clear the failure count, and replaying it from before
 * a lockout would lift the lock. The trail is append-only, chained and anchored, so sign-in
 * takes it as the floor: failures since the operator's last sign-in or lockout count however
 * the row reads, and a lockout the trail recorded holds until its end.
 *
 * The trail's entries are read by action, whatever their result says, and each entry's MAC is
 * checked: someone who writes the file without the keys can flip a result or an `until`, but
 * not make the entry hold. An entry that fails reads the strictest way: it never sets the
 * count back to zero, it counts as a wrong password, and a lockout entry that fails is in
 * force for as long as it fails.
 *
 * An entry renamed, moved or deleted drops out of the selection without its MAC being read, so
 * the failures and lockouts counted once are looked for again at every count (counted-entries.ts):
 * one gone since is altered (`onAltered`, for the store to refuse and alert) and reads the same
 * strict way — a wrong password, a lock in force. The sign-in lock itself is also kept in the key
 * store (keys/sign-in-locks.ts), which holds it across processes.
 *
 * The reads walk the (operator_id, action, at) index backwards from now, so they cost the
 * same however long the trail grows; sign-ins are few, so checking each entry costs little.
 */
import type { StoredAuditEntry } from '../audit/canonical.ts';
import type { CountedEntries } from '../audit/counted-entries.ts';
import type { Db } from '../db/connection.ts';
import { policySchema } from '../policy/policy.ts';

export interface SignInTrail {
  /** Wrong passwords recorded since the operator's last sign-in or lockout. */
  failuresSinceReset(operatorId: number): number;
  /** The end of the operator's latest recorded lockout, when it is later than `now`. */
  lockedUntil(operatorId: number, now: Date): Date | null;
}

type Entry = StoredAuditEntry & { mac: Buffer | null };

/** The longest sign-in lock the policy allows: how long a lockout entry that fails holds. */
const LONGEST_LOCK_MS =
  (policySchema.shape.signInLockMinutes.unwrap().maxValue ?? 24 * 60) * 60_000;

interface Mark {
  seq: number;
  at: string;
}

export function createSignInTrail(
  db: Db,
  entryHolds: (entry: Entry) => boolean,
  counted: CountedEntries,
  /** An entry counted before that is gone from its selection or fails its MAC now. */
  onAltered: (seq: number) => void,
): SignInTrail {
  const newestFirst = (action: string) =>
    db.prepare<[number], Entry>(
      `SELECT * FROM audit_log WHERE operator_id = ? AND action = '${action}'
       ORDER BY at DESC, seq DESC`,
    );
  const signIns = newestFirst('session.sign-in');
  const resumes = newestFirst('session.resume');
  const lockouts = newestFirst('operator.locked-out');
  const signInsAfter = db.prepare<[number, string, number], Entry>(
    `SELECT * FROM audit_log
     WHERE operator_id = ? AND action = 'session.sign-in' AND at >= ? AND seq > ?`,
  );

  /** The newest entry of this kind with this result whose MAC holds. */
  function newestHolding(statement: typeof signIns, operatorId: number, result: string) {
    for (const entry of statement.iterate(operatorId))
      if (entry.result === result && entryHolds(entry)) return entry;
    return undefined;
  }

  /** The latest entry that set the failure count back to zero. */
  function resetMark(operatorId: number): Mark {
    const marks = [
      newestHolding(signIns, operatorId, 'success'),
      newestHolding(resumes, operatorId, 'success'),
      newestHolding(lockouts, operatorId, 'alert'),
    ].filter((mark) => mark !== undefined);
    return marks.reduce<Mark>((a, b) => (b.seq > a.seq ? b : a), { seq: 0, at: '' });
  }

  const wrongPassword = (entry: Entry): boolean => {
    if (!entryHolds(entry)) return true;
    if (entry.result !== 'failure') return false;
    return (JSON.parse(entry.details) as { reason?: unknown }).reason === 'wrong-password';
  };

  return {
    failuresSinceReset(operatorId) {
      const mark = resetMark(operatorId);
      const entries = signInsAfter.all(operatorId, mark.at, mark.seq);
      let failures = 0;
      const gone = counted(`sign-ins ${operatorId}`, entries);
      if (gone !== null) {
        onAltered(gone);
        failures++;
      }
      for (const entry of entries) if (wrongPassword(entry)) failures++;
      return failures;
    },
    lockedUntil(operatorId, now) {
      // Every lockout of the operator (a few a year at most): one whose entry fails reads as
      // in force, as neither its time nor its end can be believed, until the trail is put
      // right (a restore, or the entry as it was).
      const entries = lockouts.all(operatorId);
      const gone = counted(`lockouts ${operatorId}`, entries);
      if (gone !== null) onAltered(gone);
      let end: Date | null = gone === null ? null : new Date(now.getTime() + LONGEST_LOCK_MS);
      for (const lockout of entries) {
        let lockEnd: Date;
        if (entryHolds(lockout)) {
          const { until } = JSON.parse(lockout.details) as { until?: unknown };
          if (typeof until !== 'string') continue;
          lockEnd = new Date(until);
        } else {
          lockEnd = new Date(now.getTime() + LONGEST_LOCK_MS);
        }
        if (lockEnd > now && (!end || lockEnd > end)) end = lockEnd;
      }
      return end;
    },
  };
}
