/**
 * The closed lists around a lock reset, shared by the contract, main and the screen: why a
 * reset is refused, why policy sends it to a team lead, and the reasons an agent picks.
 */
export const RESET_REFUSALS = [
  'not-locked',
  'not-verified',
  'verification-expired',
  'fraud',
  'approval-pending',
  'reset-in-progress',
] as const;
export type ResetRefusal = (typeof RESET_REFUSALS)[number];

export const RESET_ESCALATIONS = ['second-reset', 'recent-contact-change'] as const;
export type ResetEscalation = (typeof RESET_ESCALATIONS)[number];

export const RESET_REASONS = [
  'cardholder-mistyped-code',
  'code-arrived-late',
  'resend-limit-reached',
  'other',
] as const;
export type ResetReason = (typeof RESET_REASONS)[number];

export const RESET_STATES = ['requested', 'applied', 'failed'] as const;
export const APPROVAL_STATES = ['pending', 'approved', 'rejected', 'expired'] as const;
