/**
 * Where caller verification stands, from the counts and the policy at the router's clock.
 * A valid verification wins; otherwise a reached limit blocks; otherwise the misses left.
 */
import type { VerificationView } from '../../../shared/contract/index.ts';
import type { VerificationCounts } from './verification-store.ts';
import type { Policy } from '../policy/policy.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Misses on a card count across calls from this instant on. */
export const missWindowStart = (policy: Policy, now: Date): Date =>
  new Date(now.getTime() - policy.verificationMissWindowHours * HOUR);

export function verificationView(
  counts: VerificationCounts,
  policy: Policy,
  now: Date,
): VerificationView {
  const verifiedUntil = counts.lastVerifiedAt
    ? new Date(counts.lastVerifiedAt.getTime() + policy.verificationValidMinutes * MINUTE)
    : null;
  if (counts.lastVerifiedAt && verifiedUntil && now < verifiedUntil) {
    return {
      status: 'verified',
      at: counts.lastVerifiedAt.toISOString(),
      until: verifiedUntil.toISOString(),
    };
  }
  if (counts.callMisses >= policy.verificationMissesPerCall)
    return { status: 'blocked', limit: 'call' };
  if (counts.cardMisses >= policy.verificationMissesPerCard)
    return { status: 'blocked', limit: 'card' };
  return {
    status: 'unverified',
    missesLeft: Math.min(
      policy.verificationMissesPerCall - counts.callMisses,
      policy.verificationMissesPerCard - counts.cardMisses,
    ),
    missedInCall: counts.callMisses,
    expiredAt: verifiedUntil ? verifiedUntil.toISOString() : null,
  };
}
