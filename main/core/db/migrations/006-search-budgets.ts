import type { Migration } from '../migration.ts';

/**
 * Search budgets (issue 16): every search is limited per operator over a rolling hour, per
 * key and for searches that found nothing, counted from the audit trail itself inside the
 * search's transaction (append-only, shared by every window and process on the database).
 * This index keeps that count to the operator's own searches of the last hour, however long
 * the trail grows; the one-alert-per-hour check uses it too.
 */
export const m006SearchBudgets: Migration = {
  version: 6,
  name: 'an index for per-operator search budgets',
  sql: `
CREATE INDEX audit_log_by_operator_action ON audit_log (operator_id, action, at);
`,
};
