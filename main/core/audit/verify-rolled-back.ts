/**
 * Sealed rows put back to an older version of themselves (its MAC still verifies) that the
 * trail says have moved on since: an approval request pending (or otherwise) again after its
 * decision, cancellation or expiry, and a reset no longer applied after the ACS confirmed it.
 * `audit verify` names them (verify-rows.ts).
 */
import type Database from 'better-sqlite3';

const APPROVAL_STATE_OF = `CASE a.action
  WHEN 'approval.decide' THEN CASE json_extract(a.details, '$.decision')
    WHEN 'approve' THEN 'approved' WHEN 'reject' THEN 'rejected' END
  WHEN 'approval.cancel' THEN 'cancelled'
  WHEN 'approval.expire' THEN 'expired' END`;

export function rolledBackApprovalsAndResets(db: Database.Database): string[] {
  const problems: string[] = [];
  // `+result`: the entries of these actions by the action index; on `result` alone SQLite
  // would walk every successful entry of the trail (0.24 s at 1,000,000 entries).
  const approvals = db
    .prepare<[], { seq: number; public_id: string; state: string; want: string }>(
      `SELECT a.seq, r.public_id, r.state, ${APPROVAL_STATE_OF} AS want
       FROM audit_log a JOIN approval_requests r ON r.public_id = a.subject_id
       WHERE a.seq IN (SELECT max(seq) FROM audit_log
                       WHERE action IN ('approval.decide', 'approval.cancel', 'approval.expire')
                         AND +result = 'success' GROUP BY subject_id)`,
    )
    .all();
  for (const row of approvals)
    if (row.want !== null && row.want !== row.state)
      problems.push(
        `approval request ${row.public_id} is ${row.state}, but the trail says it was ${row.want} (audit entry ${row.seq})`,
      );
  const resets = db
    .prepare<[], { seq: number; public_id: string; state: string }>(
      `SELECT a.seq, r.public_id, r.state FROM audit_log a JOIN resets r ON r.public_id = a.subject_id
       WHERE a.action = 'lockout.reset-applied' AND a.result = 'success' AND r.state <> 'applied'`,
    )
    .all();
  for (const row of resets)
    problems.push(
      `reset ${row.public_id} is ${row.state}, but the ACS confirmed it applied (audit entry ${row.seq})`,
    );
  return problems;
}
