/** The closed lists of a call: how the agent sums it up, and why it ended. */
export const CALL_OUTCOMES = [
  'resolved-reset',
  'resolved-advice',
  'escalated',
  'not-verified',
  'other',
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Another card opened, the operator signed out, or the agent wrapped the call up. */
export const CALL_END_REASONS = ['next-card', 'signed-out', 'wrapped-up'] as const;
export type CallEndReason = (typeof CALL_END_REASONS)[number];
