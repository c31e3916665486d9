import type { Migration } from '../migration.ts';

/**
 * How a call ended, said explicitly: a call the agent ends without an outcome records why
 * (`no_outcome_reason`, shared/calls/call-codes.ts) with end_reason 'wrapped-up', so no call
 * ends silently when the agent leaves its card.
 */
export const m014CallEndings: Migration = {
  version: 14,
  name: 'calls ended without an outcome say why',
  sql: `
ALTER TABLE calls ADD COLUMN no_outcome_reason TEXT
  CHECK (no_outcome_reason IN ('caller-disconnected', 'wrong-card', 'caller-will-call-back', 'other'));
`,
};
