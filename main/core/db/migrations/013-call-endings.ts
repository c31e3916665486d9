import type { Migration } from '../migration.ts';

/**
 * How a call ended, said explicitly: a call the agent ends without an outcome records why
 * (`no_outcome_reason`, shared/calls/call-codes.ts) with end_reason 'wrapped-up', so no call
 * ends silently when the agent leaves its card.
 *
 * A call transferred to the fraud team records the team's case reference in a field of its
 * own (shared/input/fraud-case-ref.ts: FR- and six digits, checked again here) and when.
 */
export const m013CallEndings: Migration = {
  version: 13,
  name: 'calls ended without an outcome say why; transfers to the fraud team',
  sql: `
ALTER TABLE calls ADD COLUMN no_outcome_reason TEXT
  CHECK (no_outcome_reason IN ('caller-disconnected', 'wrong-card', 'caller-will-call-back', 'other'));
ALTER TABLE calls ADD COLUMN fraud_case_ref TEXT
  CHECK (fraud_case_ref GLOB 'FR-[0-9][0-9][0-9][0-9][0-9][0-9]');
ALTER TABLE calls ADD COLUMN fraud_transferred_at TEXT;
`,
};
