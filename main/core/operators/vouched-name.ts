/**
 * An operator's display name as the lead's screens show it (the alert tray, the approval
 * queue, the audit explorer, the team view). operators.display_name is not sealed (migration
 * 007's MAC leaves it out), so a writer without the keys could give an agent a name of their
 * choosing ("Fraud Team Supervisor") to talk a lead into approving, or one the contract
 * refuses (a digit), which would fail every reply that names the agent. So a name is shown
 * only when the operator.create entry that created the operator, whose MAC holds, names it
 * for the same username, and it is a person's name; otherwise null, and the screen names the
 * operator by the username alone (which the sealed row and the trail both carry). Operators
 * created before the trail recorded display names are named by their username.
 */
import { PersonName } from '../../../shared/contract/strings.ts';
import type { StoredAuditEntry } from '../audit/canonical.ts';
import { rowCheckMemo } from '../db/row-check-memo.ts';
import type { StoreEdges } from '../edges.ts';

type Entry = StoredAuditEntry & { mac: Buffer | null };

export interface NamedOperator {
  username: string;
  /** Null: not vouched for by the trail; the operator is named by the username. */
  displayName: string | null;
}

/** The operator's username and vouched display name, or null when there is no such operator. */
export type VouchedName = (operatorId: number | null) => NamedOperator | null;

export function vouchedNames({ db, audit }: StoreEdges): VouchedName {
  const operator = db.prepare<[number], { username: string; display_name: string }>(
    'SELECT username, display_name FROM operators WHERE id = ?',
  );
  // Indexed by subject (audit_log_by_subject): one or two entries per operator.
  const created = db.prepare<[string], Entry>(
    `SELECT * FROM audit_log
     WHERE subject_id = ? AND action = 'operator.create' AND result = 'success'`,
  );
  const holds = rowCheckMemo((entry: Entry) => audit.storedEntryHolds(entry), 1024);
  const names = (entry: Entry, username: string, name: string) => {
    try {
      const details = JSON.parse(entry.details) as { username?: unknown; displayName?: unknown };
      return details.username === username && details.displayName === name;
    } catch {
      return false;
    }
  };
  return (operatorId) => {
    if (operatorId === null) return null;
    const row = operator.get(operatorId);
    if (!row) return null;
    const name = row.display_name;
    const vouched =
      PersonName.safeParse(name).success &&
      created
        .all(String(operatorId))
        .some(
          (entry) =>
            entry.subject_type === 'operator' && names(entry, row.username, name) && holds(entry),
        );
    return { username: row.username, displayName: vouched ? name : null };
  };
}
