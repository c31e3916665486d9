/**
 * Every action the audit trail records, each with the group an auditor filters by. Action
 * strings are the trail's vocabulary: existing databases and exports hold them, so they
 * never change; a new action is added here first, and stores can write no other.
 */
export const AUDIT_GROUPS = [
  'sign-in',
  'search',
  'read',
  'verification',
  'call',
  'reset',
  'approval',
  'policy',
  'operator',
  'database',
  'export',
  'import',
  'alert',
  // Reading the trail itself: each filter query, each entry opened, each verification.
  'audit',
] as const;
export type AuditGroup = (typeof AUDIT_GROUPS)[number];

export const AUDIT_ACTION_GROUPS = {
  'session.sign-in': 'sign-in',
  'session.resume': 'sign-in',
  'session.sign-out': 'sign-in',
  'session.idle-lock': 'sign-in',
  'operator.locked-out': 'sign-in',
  'card.search': 'search',
  'card.open': 'read',
  'card.history': 'read',
  'caller.verify': 'verification',
  'contact.check': 'verification',
  'call.end': 'call',
  'call.wrap-up': 'call',
  // The agent ended the call without an outcome, saying why (never a silent end).
  'call.end-without-outcome': 'call',
  // The call was transferred to the fraud team, with the team's case reference.
  'call.fraud-transfer': 'call',
  'lockout.reset': 'reset',
  'lockout.reset-applied': 'reset',
  'lockout.reset-refused': 'reset',
  'approval.request': 'approval',
  'approval.queue': 'approval',
  'approval.decide': 'approval',
  'approval.expire': 'approval',
  // The requesting agent (or a lead) withdrew a request still waiting, saying why.
  'approval.cancel': 'approval',
  'policy.set': 'policy',
  'operator.create': 'operator',
  'operator.disable': 'operator',
  // The trail vouches for an operator's stored password hash (its digest): after raising the
  // hash to today's cost at sign-in, or at the first sign-in of an operator created before this.
  'operator.password-sealed': 'operator',
  'database.init': 'database',
  'database.demo': 'database',
  'alert.verification-limit': 'alert',
  // A sealed row (operator, policy, lockout, approval, reset) that does not match its MAC.
  'alert.altered-row': 'alert',
  // A card's fraud hold seen by the console for the first time (audit verify checks it stands).
  'lockout.fraud-hold-seen': 'reset',
  // The first sight of a recent attempt flagged as suspected fraud (transStatusReason 10/11).
  'lockout.fraud-reason-seen': 'reset',
  // desk-admin restore: the database was put back to a backup; the lost range is recorded.
  'database.restore': 'database',
  'database.backup': 'database',
  // The first process with the keys on a database upgraded to sealed cards and cardholders
  // records how far the rows from before go (main/core/acs/seals-from.ts).
  'database.seals-from': 'database',
  // A desk server took the database (its claim row's generation): the trail vouches for the
  // plain claim row (main/core/lease/server-claims.ts).
  'database.server-claim': 'database',
  'alert.search-limit': 'alert',
  'alert.card-not-handed-out': 'alert',
  // desk-admin import: one entry per file (its hash, counts by type and outcome), or its refusal.
  'import.run': 'import',
  'import.refused': 'import',
  // The import found a card moved to another cardholder or given another ACS reference in the
  // file (its row failing its seal) and wrote it back as the issuer's record says.
  'import.card-repaired': 'import',
  // The import changed a contact (its value, when it changed, a pending change): the
  // cardholder, the kind and a digest, never the value (main/core/contacts/contact-trail.ts).
  'import.contact-changed': 'import',
  // The import wrote (or removed) a cardholder's verification facts: the cardholder, a digest
  // of the row's MAC and the record's as-of time, never the DOB or postcode
  // (main/core/verification/facts-trail.ts).
  'import.facts-changed': 'import',
  // The import cleared a lockout lately (the embedded ACS's reset): the card, the lock and when
  // it was cleared, so the second-reset rule sees it whatever the rows say.
  'import.lockout-cleared': 'import',
  // The audit desk (issue 13): reading, verifying and exporting the trail is itself evidence.
  'audit.list': 'audit',
  'audit.entry': 'audit',
  'audit.verify': 'audit',
  'audit.export': 'export',
  // The central log server's address changed (desk-admin syslog set).
  'syslog.set': 'database',
  // The lead's alerts (issue 14): an approval waited longer than policy allows; a lead
  // acknowledged an alert with a note.
  'alert.approval-waiting': 'alert',
  'alert.acknowledge': 'alert',
  // The team's day written to a file by a lead.
  'team.export': 'export',
  // The network ACS gateway (docs/ACS-GATEWAY.md): its settings, a training database's mark,
  // a reset the ACS refused (or found another lock in force), one queued past the caller's
  // verification (never sent), and the lead's alert for it.
  'acs.set': 'database',
  'acs.training': 'database',
  // An import marked the database as holding ACS data: the gateway row as it then was.
  'acs.data-marked': 'import',
  'lockout.reset-acs-refused': 'reset',
  'lockout.reset-expired': 'reset',
  'alert.reset-expired': 'alert',
  // A lead read a pending request's card from the queue, read-only, outside any call.
  'card.read-only': 'read',
} as const satisfies Record<string, AuditGroup>;

export type AuditAction = keyof typeof AUDIT_ACTION_GROUPS;
export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_GROUPS) as AuditAction[];

/** The actions of one group, in the table's order (the explorer's action filter). */
export const auditActionsOf = (group: AuditGroup): AuditAction[] =>
  AUDIT_ACTIONS.filter((action) => AUDIT_ACTION_GROUPS[action] === group);

/** The formats an audit export is written in. */
export const AUDIT_EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

/** What came of an audited action. */
export const AUDIT_RESULTS = ['success', 'failure', 'refused', 'alert'] as const;
export type AuditResult = (typeof AUDIT_RESULTS)[number];

/** What a check of the chain found, worst first after "intact". */
export const AUDIT_VERIFICATION_STATUSES = [
  'intact',
  'altered',
  'missing',
  'wrong-key',
  'forged-checkpoint',
  'rolled-back',
  'altered-schema',
  'forged-row',
  'unanchored-tail',
  'empty',
] as const;
export type AuditVerificationStatus = (typeof AUDIT_VERIFICATION_STATUSES)[number];
