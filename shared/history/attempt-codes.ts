/**
 * The closed lists of a 3-D Secure authentication attempt as the ACS records it, shared by
 * the contract, the database's CHECK lists, the demo and the timeline.
 */
export const ATTEMPT_METHODS = ['sms', 'email', 'app', 'frictionless'] as const;
export type AttemptMethod = (typeof ATTEMPT_METHODS)[number];

export const ATTEMPT_DELIVERIES = [
  'delivered',
  'sent',
  'pending',
  'failed',
  'bounced',
  'not-applicable',
] as const;
export type AttemptDelivery = (typeof ATTEMPT_DELIVERIES)[number];

export const ATTEMPT_OUTCOMES = [
  'authenticated',
  'frictionless',
  'wrong-code',
  'code-expired',
  'not-delivered',
  'cancelled',
  'locked',
  'rejected',
  'technical',
] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

export const FAILED_OUTCOMES = ATTEMPT_OUTCOMES.filter(
  (o) => o !== 'authenticated' && o !== 'frictionless',
);

/** EMV 3DS transStatus. */
export const TRANS_STATUSES = ['Y', 'N', 'U', 'A', 'C', 'D', 'R', 'I', 'S'] as const;
export type TransStatus = (typeof TRANS_STATUSES)[number];

/** How far back the timeline looks. */
export const HISTORY_PERIODS = ['24h', '7d', '30d', 'all'] as const;
export type HistoryPeriod = (typeof HISTORY_PERIODS)[number];
