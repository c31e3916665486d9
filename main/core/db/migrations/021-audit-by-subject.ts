import type { Migration } from '../migration.ts';

/**
 * The trail as evidence for decisions (issue 17): whether the caller was verified in a call,
 * how many answers missed, and whether a reset or an approval already ended, are read from the
 * audit entries the trail vouches for (their chain MAC holds), never from rows a writer without
 * the keys could add, change or delete. Each such read asks for one subject's entries of one
 * action: this index finds them directly instead of walking every entry of the action.
 */
export const m021AuditBySubject: Migration = {
  version: 21,
  name: 'audit entries by subject and action',
  sql: `
CREATE INDEX audit_log_by_subject ON audit_log (subject_id, action, seq);
`,
};
