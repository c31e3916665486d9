import type { Migration } from '../migration.ts';

/**
 * The search budgets' counts from the index alone (issue 19). Every search counts the
 * operator's successful searches of the last hour by key, and those that matched nothing
 * (card-store.ts). With migration 006's index each counted entry was a row read from the
 * table, to test its result and parse its details: an agent near a budget of thousands an
 * hour paid milliseconds per search for it. These indexes hold the key searched and whether
 * anything matched, so both counts are covering-index range scans.
 */
export const m019SearchBudgetCounts: Migration = {
  version: 19,
  name: 'covering indexes for the search budgets',
  sql: `
CREATE INDEX audit_log_search_keys
  ON audit_log (operator_id, action, result, json_extract(details, '$.key'), at);
CREATE INDEX audit_log_search_matched
  ON audit_log (operator_id, action, result, json_extract(details, '$.matched'), at);
`,
};
