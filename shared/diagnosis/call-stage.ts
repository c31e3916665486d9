/**
 * Where the call stands, as far as what to say goes: the caller's verification in this call,
 * then any reset of the lock this call asked for (directly or through a team lead), then
 * whether a lock seen in this call has ended. The script is chosen from the cause and this.
 */
import type { ApprovalState } from '../approvals/approval-codes.ts';
import type { ResetViewState } from '../lockout/lockout-codes.ts';

export const CALL_STAGES = [
  'unverified',
  'verification-failed',
  'verification-blocked',
  'verified',
  'reset-requested',
  'reset-approved',
  'reset-rejected',
  'reset-sent',
  'reset-applied',
  'reset-failed',
  'reset-refused',
  'lock-lifted',
] as const;
export type CallStage = (typeof CALL_STAGES)[number];

export interface CallStageInput {
  verification:
    | { status: 'unverified'; missedInCall: number }
    | { status: 'verified'; at: string }
    | { status: 'blocked' };
  /** The card's latest reset (it may belong to an earlier call). */
  reset: { state: ResetViewState; requestedAt: string } | null;
  /** The latest approval request made in this call. */
  approval: { state: ApprovalState } | null;
  /** The card is locked now (by the router's clock). */
  lockedNow: boolean;
  /** A lock was in force at some point of this call. */
  lockSeenInCall: boolean;
}

export function callStage(input: CallStageInput): CallStage {
  const { verification } = input;
  const lifted = input.lockSeenInCall && !input.lockedNow;
  if (verification.status === 'blocked') return 'verification-blocked';
  // Unverified, a lock that ended is not news to tell: the caller hears the general words.
  if (verification.status === 'unverified')
    return verification.missedInCall > 0 ? 'verification-failed' : 'unverified';
  const approval = input.approval?.state ?? null;
  if (approval === 'pending') return 'reset-requested';
  if (approval === 'rejected') return 'reset-rejected';
  // A reset counts for this call when it was asked for after the caller was verified in it:
  // a reset needs that verification, so an earlier one belongs to another call.
  const ours =
    input.reset !== null && Date.parse(input.reset.requestedAt) >= Date.parse(verification.at)
      ? input.reset
      : null;
  // Failed: the ACS did not answer and the relay sends it again by itself. Refused by the ACS
  // or expired unsent: final, the lock stays on (the caller is told so, not asked to hold).
  if (ours?.state === 'failed') return 'reset-failed';
  if (ours?.state === 'refused' || ours?.state === 'expired') return 'reset-refused';
  if (ours?.state === 'requested') return 'reset-sent';
  if (approval === 'approved') return 'reset-approved';
  if (ours?.state === 'applied') return 'reset-applied';
  if (lifted) return 'lock-lifted';
  return 'verified';
}
