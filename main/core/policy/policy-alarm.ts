/**
 * The lead's alert when the policy in force cannot be vouched for (policy-store.ts): a row
 * changed, deleted or put back outside Verify Desk. One `alert.altered-row` audit entry (table
 * policy, the key as its subject; it raises the lead's alert, alerts/alert-rules.ts) per key and
 * problem until the policy reads clean again: a console refusing every call on it does not
 * flood the tray or the trail.
 */
import type { AuditTrail } from '../audit/audit-trail.ts';
import type { PolicyProblem } from './policy-store.ts';

export interface PolicyAlarm {
  /** A read refused the key's row (policy-store.ts onAltered). */
  altered(key: string, problem: PolicyProblem): void;
  /** The policy read clean: a later alteration alerts again. */
  clear(): void;
}

export function createPolicyAlarm(
  audit: Pick<AuditTrail, 'append' | 'transact'>,
  origin: string,
  now: () => Date,
): PolicyAlarm {
  const raised = new Set<string>();
  return {
    altered(key, problem) {
      const said = `${key}\u0000${problem}`;
      if (raised.has(said)) return;
      // Marked first: telling the leads (events to their windows) reads the policy again.
      raised.add(said);
      try {
        audit.transact(() =>
          audit.append({
            at: now(),
            operatorId: null,
            username: null,
            origin,
            action: 'alert.altered-row',
            subjectType: 'policy',
            subjectId: key,
            result: 'alert',
            details: { table: 'policy', key, problem },
          }),
        );
      } catch (error) {
        raised.delete(said);
        throw error;
      }
    },
    clear() {
      raised.clear();
    },
  };
}
