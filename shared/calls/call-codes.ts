/** The closed lists of a call: how the agent sums it up, and why it ended. */
export const CALL_OUTCOMES = [
  'resolved-reset',
  'resolved-advice',
  'escalated',
  'not-verified',
  'other',
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/**
 * Why a call ended. `wrapped-up`: the agent ended it on purpose, with an outcome or with a
 * stated reason for having none (`no_outcome_reason`). `signed-out`: the window closed, or
 * another operator signed in at the lock screen, so nobody was there to say how it ended.
 * `next-card`: opening another card ended the call (before the router asked for an outcome;
 * older rows only).
 */
export const CALL_END_REASONS = ['next-card', 'signed-out', 'wrapped-up'] as const;
export type CallEndReason = (typeof CALL_END_REASONS)[number];

/**
 * Why the agent ended a call without an outcome, said explicitly when leaving the card (the
 * call is never ended silently). `other` needs a note.
 */
export const NO_OUTCOME_REASONS = [
  'caller-disconnected',
  'wrong-card',
  'caller-will-call-back',
  'other',
] as const;
export type NoOutcomeReason = (typeof NO_OUTCOME_REASONS)[number];
