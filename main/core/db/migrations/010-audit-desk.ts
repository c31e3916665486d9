import type { Migration } from '../migration.ts';

/**
 * The audit desk reads the trail newest first by sequence number, filtered by who, what or
 * how it ended: an index per filter, each ending in seq, keeps a page of a long trail to a
 * short index walk instead of a scan and a sort.
 */
export const m010AuditDesk: Migration = {
  version: 10,
  name: 'audit desk indexes',
  sql: `
CREATE INDEX audit_log_by_username_seq ON audit_log (username, seq);
CREATE INDEX audit_log_by_action_seq ON audit_log (action, seq);
CREATE INDEX audit_log_by_result_seq ON audit_log (result, seq);
`,
};
