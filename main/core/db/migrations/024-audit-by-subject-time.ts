import type { Migration } from '../migration.ts';

/**
 * The fraud check reads every entry of a card in its window whatever the action
 * (lockout/fraud-at-send.ts): an entry renamed out of `lockout.fraud-reason-seen` is still read,
 * and fails its MAC. By subject and time, this index finds the window's entries directly;
 * with migration 021's (subject, action, seq) every entry the card ever had was read at each
 * lock status, a card opened thousands of times reading thousands.
 */
export const m024AuditBySubjectTime: Migration = {
  version: 24,
  name: 'audit entries by subject and time',
  sql: `
CREATE INDEX audit_log_by_subject_time ON audit_log (subject_id, at);
`,
};
