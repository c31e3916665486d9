/**
 * Numbered migrations, in order. Never edit one that has shipped: its SHA-256 is recorded
 * when applied and checked at every open, so an edited migration is caught. Add a new one.
 */
import type { Migration } from '../migration.ts';
import { m001OperatorsPolicyAudit } from './001-operators-policy-audit.ts';
import { m002CardholdersCardsLockouts } from './002-cardholders-cards-lockouts.ts';
import { m003ContactsVerificationCalls } from './003-contacts-verification-calls.ts';
import { m004AuthAttemptsCallWrapUp } from './004-auth-attempts-call-wrap-up.ts';
import { m005ResetsOutboxApprovals } from './005-resets-outbox-approvals.ts';
import { m006SearchBudgets } from './006-search-budgets.ts';
import { m007SealedRows } from './007-sealed-rows.ts';
import { m008CardholderLanguage } from './008-cardholder-language.ts';
import { m009AuditDesk } from './009-audit-desk.ts';
import { m010Import } from './010-import.ts';
import { m011ServerSessions } from './011-server-sessions.ts';
import { m012ImportFreshness } from './012-import-freshness.ts';
import { m013CallEndings } from './013-call-endings.ts';
import { m014EventsAlerts } from './014-events-alerts.ts';
import { m015AcsGateway } from './015-acs-gateway.ts';
import { m016QueryPlanIndexes } from './016-query-plan-indexes.ts';
import { m017AcsSeals } from './017-acs-seals.ts';
import { m018ApprovalCancel } from './018-approval-cancel.ts';
import { m019SearchBudgetCounts } from './019-search-budget-counts.ts';
import { m020CardAndFactsSeals } from './020-card-and-facts-seals.ts';
import { m021AuditBySubject } from './021-audit-by-subject.ts';
import { m022ResetsNotApplied } from './022-resets-not-applied.ts';
import { m023CardsAndContactsSealed } from './023-cards-and-contacts-sealed.ts';
import { m024AuditBySubjectTime } from './024-audit-by-subject-time.ts';
import { m025LeaseSeal } from './025-lease-seal.ts';

export const migrations: readonly Migration[] = [
  m001OperatorsPolicyAudit,
  m002CardholdersCardsLockouts,
  m003ContactsVerificationCalls,
  m004AuthAttemptsCallWrapUp,
  m005ResetsOutboxApprovals,
  m006SearchBudgets,
  m007SealedRows,
  m008CardholderLanguage,
  m009AuditDesk,
  m010Import,
  m011ServerSessions,
  m012ImportFreshness,
  m013CallEndings,
  m014EventsAlerts,
  m015AcsGateway,
  m016QueryPlanIndexes,
  m017AcsSeals,
  m018ApprovalCancel,
  m019SearchBudgetCounts,
  m020CardAndFactsSeals,
  m021AuditBySubject,
  m022ResetsNotApplied,
  m023CardsAndContactsSealed,
  m024AuditBySubjectTime,
  m025LeaseSeal,
];

export const latestSchemaVersion = migrations.at(-1)?.version ?? 0;
