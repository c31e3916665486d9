import type { Migration } from '../migration.ts';

/**
 * Indexes the query-plan check (scripts/check-query-plans.ts) found missing: each statement
 * below scanned a table that grows with the issuer's book and its years of calls.
 * - approval_requests by card (the reset row's seal check, a card's delete) and by call
 *   (the call's latest request);
 * - fraud_holds_seen by card and resets by approval (the child keys of a card's or a
 *   request's delete, which SQLite otherwise checks by a scan);
 * - surname_keys by cardholder (the import replaces a cardholder's keys; the primary key
 *   leads with the surname);
 * - the team's day reads a day or a week of calls, verification attempts, resets, approval
 *   requests and fraud transfers by time;
 * - alerts by kind and subject (the approval-wait watch raises each request's alert once).
 */
export const m016QueryPlanIndexes: Migration = {
  version: 16,
  name: 'indexes the query-plan check found missing',
  sql: `
CREATE INDEX approval_requests_by_card ON approval_requests (card_id);
CREATE INDEX approval_requests_by_call ON approval_requests (call_id, requested_at);
CREATE INDEX fraud_holds_seen_by_card ON fraud_holds_seen (card_id);
CREATE INDEX resets_by_approval ON resets (approval_id);
CREATE INDEX surname_keys_by_cardholder ON surname_keys (cardholder_id);
CREATE INDEX calls_by_start ON calls (started_at);
CREATE INDEX calls_by_fraud_transfer ON calls (fraud_transferred_at)
  WHERE fraud_transferred_at IS NOT NULL;
CREATE INDEX verification_attempts_by_time ON verification_attempts (at);
CREATE INDEX resets_by_time ON resets (requested_at);
CREATE INDEX approval_requests_by_time ON approval_requests (requested_at);
CREATE INDEX alerts_by_subject ON alerts (kind, subject_id);
`,
};
