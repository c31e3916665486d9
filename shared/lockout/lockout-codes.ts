/**
 * The closed lists of the lockout feature, shared by the contract, main, the database's
 * CHECK lists and the screen: why a card is locked, why a reset is refused, why policy
 * sends it to a team lead, the reasons an agent picks, and where a reset stands.
 */
export const LOCK_CAUSES = ['wrong_codes', 'resend_limit', 'fraud_hold', 'other'] as const;
export type LockCause = (typeof LOCK_CAUSES)[number];

export const RESET_REFUSALS = [
  'not-locked',
  'not-verified',
  'verification-expired',
  'fraud',
  'approval-pending',
  'reset-in-progress',
  // The audit trail failed verification (the trail watch): nothing is decided on it.
  'trail-broken',
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

/** A reset as the console records it: requested → applied, or failed (and sent again). */
export const RESET_STATES = ['requested', 'applied', 'failed'] as const;
export type ResetState = (typeof RESET_STATES)[number];

/**
 * Where a reset stands as the screen shows it: the recorded states, and the outbox's two
 * final ones — refused (the ACS said no, or another lock is in force) and expired (queued past
 * the caller's verification, never sent). Additive: the recorded names never change.
 */
export const RESET_VIEW_STATES = [...RESET_STATES, 'refused', 'expired'] as const;
export type ResetViewState = (typeof RESET_VIEW_STATES)[number];

/**
 * Where the lock shown (and judged) came from: the embedded ACS (the local database), read
 * live from the network ACS, or — the ACS not answering — the last state read from it, or the
 * console's own imported record when it was never read.
 */
export const LOCK_SOURCES = ['embedded', 'live', 'last-known', 'local-record'] as const;
export type LockSource = (typeof LOCK_SOURCES)[number];

/**
 * A reset's delivery to the ACS, row by row in the outbox: pending → applied, or failed (and
 * tried again), or refused (the ACS said no, or another lock is in force), or expired (queued
 * past the caller's verification: never sent).
 */
export const OUTBOX_STATES = ['pending', 'applied', 'failed', 'refused', 'expired'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/**
 * A reset's recorded problem when the console itself did not send it: fraud was suspected on
 * the card by the time it was to be sent (not the ACS's word).
 */
export const RESET_WITHHELD_FOR_FRAUD = 'fraud-suspected';

/**
 * The same, when the operator who asked for the reset was disabled (or their account found
 * altered) by the time it was to be sent: nobody who may still act decided it.
 */
export const RESET_WITHHELD_REQUESTER_DISABLED = 'requester-disabled';
