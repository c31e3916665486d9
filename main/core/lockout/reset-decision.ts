/**
 * Whether a lock may be reset now, as a pure function of the facts read at the router's
 * clock. A reset is refused unless the card is locked now, the caller was verified in this
 * call and that verification has not expired, and nothing points to fraud (a fraud hold, or
 * transStatusReason 11 in the recent history). Policy sends some allowed resets to a team
 * lead instead: a second reset of the card within the escalation window, or a contact
 * detail changed within the recent-change days (the takeover pattern).
 *
 * The reset command and the "why is the button disabled" query both ask this function, so
 * what the screen says and what the router does cannot drift apart.
 */
import type { AcsLockState } from '../acs/acs-gateway.ts';
import { TRAIL_BROKEN_MESSAGE } from '../audit/trail-gate.ts';
import type { Policy } from '../policy/policy.ts';
import type { ResetEscalation, ResetRefusal } from '../../../shared/lockout/lockout-codes.ts';

export interface ResetFacts {
  now: Date;
  lock: AcsLockState;
  /** When the caller was last verified in this call; null when not. */
  verifiedAt: Date | null;
  /** A recent attempt carried transStatusReason 11 (suspected fraud). */
  fraudSeen: boolean;
  /** When earlier locks on the card were cleared (resets), any order. */
  resetsAt: readonly Date[];
  /** When the card's contact details last changed (value changes), any order. */
  contactChangesAt: readonly Date[];
  /** An approval request for this lock is waiting for a lead. */
  approvalPending: boolean;
  /** This lock already has a reset not yet applied at the ACS (sent, or failed: retry it). */
  resetInProgress: boolean;
  /**
   * The audit trail is marked broken (audit/trail-watch.ts): the facts above that come from
   * the trail (misses, fraud seen, how resets ended) may be hiding something.
   */
  trailBroken: boolean;
}

export type ResetDecision =
  { allowed: false; refusal: ResetRefusal } | { allowed: true; escalation: ResetEscalation[] };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** English reasons for the router's refusals; the screen shows its own translation by code. */
export const REFUSAL_MESSAGES: Record<ResetRefusal, string> = {
  'not-locked': 'Already unlocked: the card is not locked now, so there is nothing to reset.',
  'not-verified': 'Verify the caller in this call before resetting the lock.',
  'verification-expired': 'The caller’s verification has expired. Verify the caller again.',
  fraud: 'Fraud is suspected on this card: do not reset. Transfer the call to the fraud team.',
  'approval-pending': 'A reset of this lock is already waiting for a team lead’s approval.',
  'reset-in-progress':
    'Already reset: the ACS has not confirmed it yet. Retry it if it failed rather than resetting again.',
  'trail-broken': TRAIL_BROKEN_MESSAGE,
};

export function decideReset(facts: ResetFacts, policy: Policy): ResetDecision {
  // Before anything read from the trail is believed.
  if (facts.trailBroken) return { allowed: false, refusal: 'trail-broken' };
  const now = facts.now.getTime();
  const lock = facts.lock;
  const locked =
    lock.state === 'locked' &&
    lock.since.getTime() <= now &&
    (lock.until === null || lock.until.getTime() > now);
  // Fraud first: a fraud hold is a lock, but never one to reset.
  if ((locked && lock.cause === 'fraud_hold') || facts.fraudSeen) {
    return { allowed: false, refusal: 'fraud' };
  }
  if (!locked) return { allowed: false, refusal: 'not-locked' };
  if (facts.resetInProgress) return { allowed: false, refusal: 'reset-in-progress' };
  if (facts.verifiedAt === null) return { allowed: false, refusal: 'not-verified' };
  if (now - facts.verifiedAt.getTime() >= policy.verificationValidMinutes * MINUTE) {
    return { allowed: false, refusal: 'verification-expired' };
  }
  if (facts.approvalPending) return { allowed: false, refusal: 'approval-pending' };

  const escalation: ResetEscalation[] = [];
  // Times stamped by other systems' clocks (the ACS's clears, the feed's contact changes): one
  // "in the future" (that clock ahead of ours, or a local time written as UTC) is the most
  // recent there is, never one to leave out.
  const recent = (at: Date, span: number) => now - at.getTime() < span;
  if (facts.resetsAt.some((at) => recent(at, policy.resetEscalationHours * HOUR))) {
    escalation.push('second-reset');
  }
  if (facts.contactChangesAt.some((at) => recent(at, policy.recentContactChangeDays * DAY))) {
    escalation.push('recent-contact-change');
  }
  return { allowed: true, escalation };
}
