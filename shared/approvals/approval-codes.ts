/** The closed lists of four-eyes approval: where a request stands, what a lead decides. */
export const APPROVAL_STATES = ['pending', 'approved', 'rejected', 'expired', 'cancelled'] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];

export const APPROVAL_DECISIONS = ['approve', 'reject'] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

/** Why a decision was refused (a reset refusal may also stop an approval). */
export const APPROVAL_PROBLEMS = [
  'not-found',
  'own-request',
  'expired',
  'decided',
  'already-reset',
  'cancelled',
  'not-own-request',
  'requester-disabled',
] as const;
export type ApprovalProblem = (typeof APPROVAL_PROBLEMS)[number];
