/**
 * caller.verify: the caller's DOB and postcode, as the agent typed them, matched as a pair
 * against the open card's stored hash. The answer is verified or not — never which part.
 * Misses are limited per call and per card across calls; reaching a limit stops verification
 * and alerts the team lead (the call store writes the alert in the same transaction).
 */
import type { ChannelInput, ChannelOutput } from '../../../shared/contract/index.ts';
import { parseDateOfBirth } from '../../../shared/input/date-of-birth.ts';
import { normalisePostcode } from '../../../shared/input/postcode.ts';
import type { CallRegistry } from '../calls/call-registry.ts';
import { actorOnCall } from '../calls/open-call.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import type { Policy } from '../policy/policy.ts';
import { DeskFailure } from '../router/failure.ts';
import type { CallContext } from '../router/router.ts';
import { matchesVerificationPair } from './verification-hash.ts';
import { missWindowStart, verificationView } from './verification-state.ts';
import type { VerificationSealProblem, VerificationStore } from './verification-store.ts';

export interface VerificationServiceDeps {
  openCalls: CallRegistry;
  verifications: VerificationStore;
  keys: KeyProvider;
  policy: () => Policy;
  origin: string;
}

const BLOCKED =
  'Verification has stopped for this card after too many misses. Escalate to a team lead.';

const REFUSED: Record<VerificationSealProblem, string> = {
  'card-altered':
    "This card's record was changed outside Verify Desk (moved to another cardholder?), so the caller cannot be verified on it. Escalate to a team lead.",
  'facts-altered':
    "This cardholder's verification facts were changed outside Verify Desk, so the caller cannot be verified. Escalate to a team lead.",
  'facts-not-latest':
    "This cardholder's verification facts are not the ones last imported (put back or removed outside Verify Desk), so the caller cannot be verified. Escalate to a team lead.",
};

export function createVerificationService(deps: VerificationServiceDeps) {
  return {
    async verify(
      input: ChannelInput<'caller.verify'>,
      ctx: CallContext,
    ): Promise<ChannelOutput<'caller.verify'>> {
      const { actor, open } = actorOnCall(deps, ctx, input.cardId);
      const dob = parseDateOfBirth(input.dob);
      if (!dob || dob > ctx.now.toISOString().slice(0, 10))
        throw new DeskFailure(
          'invalid_input',
          'verification.dob',
          'The date of birth is not a date.',
        );
      const postcode = normalisePostcode(input.postcode);
      if (!postcode)
        throw new DeskFailure('invalid_input', 'verification.postcode', 'A postcode has 7 digits.');

      const policy = deps.policy();
      const windowStart = missWindowStart(policy, ctx.now);
      const before = verificationView(
        deps.verifications.counts(open.call, windowStart),
        policy,
        ctx.now,
      );
      if (before.status === 'verified') return before;

      // A card moved to another cardholder, facts that fail their seal (another cardholder's
      // copied in the file), or facts other than the ones the trail last recorded (a row put
      // back from before the cardholder moved) verify nobody: refused, audited, the lead alerted.
      const problem = deps.verifications.sealProblem(open.call.cardId, open.cardholderId);
      if (problem) {
        deps.verifications.refuseAltered({
          ...actor,
          call: open.call,
          cardPublicId: open.cardPublicId,
          problem,
        });
        throw new DeskFailure('conflict', `verification.${problem}`, REFUSED[problem]);
      }
      // No stored facts (an imported card without them) can never verify, and still counts.
      const facts = deps.verifications.factsOf(open.cardholderId);
      const verified = facts
        ? await matchesVerificationPair(deps.keys, facts, dob, postcode)
        : false;
      const recorded = await deps.verifications.record({
        ...actor,
        call: open.call,
        cardPublicId: open.cardPublicId,
        verified,
        limits: {
          perCall: policy.verificationMissesPerCall,
          perCard: policy.verificationMissesPerCard,
          windowStart,
        },
      });
      if (!recorded.recorded)
        throw new DeskFailure('rate_limited', 'verification.blocked', BLOCKED);
      return verificationView(recorded.counts, policy, ctx.now);
    },
  };
}
