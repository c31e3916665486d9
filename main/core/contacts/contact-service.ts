/**
 * contacts.check: once the caller is verified in this call, does what they say match the
 * registered mobile or email? Match or no match only, limited per call, audited with a
 * keyed hash of the value (never the value). A registered contact that fails its seal matches
 * nothing (contact-store.ts).
 */
import type { ChannelInput, ChannelOutput } from '../../../shared/contract/index.ts';
import { normaliseEmail } from '../../../shared/input/email.ts';
import { normaliseMobile } from '../../../shared/input/mobile.ts';
import type { CallRegistry } from '../calls/call-registry.ts';
import { actorOnCall } from '../calls/open-call.ts';
import { lookupHash, lookupHashWith } from '../crypto/lookup-hash.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import type { Policy } from '../policy/policy.ts';
import { DeskFailure } from '../router/failure.ts';
import type { CallContext } from '../router/router.ts';
import { missWindowStart, verificationView } from '../verification/verification-state.ts';
import type { VerificationStore } from '../verification/verification-store.ts';
import type { ContactStore } from './contact-store.ts';
import { timingSafeEqual } from 'node:crypto';

export interface ContactServiceDeps {
  openCalls: CallRegistry;
  contacts: ContactStore;
  verifications: Pick<VerificationStore, 'counts'>;
  keys: KeyProvider;
  policy: () => Policy;
  origin: string;
}

export function createContactService(deps: ContactServiceDeps) {
  return {
    async check(
      input: ChannelInput<'contacts.check'>,
      ctx: CallContext,
    ): Promise<ChannelOutput<'contacts.check'>> {
      const { actor, open } = actorOnCall(deps, ctx, input.cardId);
      const policy = deps.policy();
      const state = verificationView(
        deps.verifications.counts(open.call, missWindowStart(policy, ctx.now)),
        policy,
        ctx.now,
      );
      if (state.status !== 'verified')
        throw new DeskFailure('forbidden', 'contacts.not-verified', 'Verify the caller first.');
      const value =
        input.kind === 'mobile' ? normaliseMobile(input.value) : normaliseEmail(input.value);
      if (!value)
        throw new DeskFailure(
          'invalid_input',
          input.kind === 'mobile' ? 'contacts.mobile' : 'contacts.email',
          input.kind === 'mobile' ? 'This is not a phone number.' : 'This is not an email address.',
        );
      // Checked against its seal: a value hash put in the file (the caller's own number, say)
      // matches nothing, and the lead is alerted.
      const registered = deps.contacts
        .forDecision(open.cardholderId, open.cardPublicId, ctx.now)
        .contacts.find((c) => c.kind === input.kind);
      const match =
        registered !== undefined &&
        !registered.altered &&
        timingSafeEqual(
          lookupHashWith(deps.keys.byId('lookup', registered.valueKeyId), input.kind, value),
          registered.valueHash,
        );
      const searched = lookupHash(deps.keys, 'search', `check-${input.kind}\u0000${value}`);
      const recorded = await deps.contacts.recordCheck({
        ...actor,
        call: open.call,
        cardPublicId: open.cardPublicId,
        kind: input.kind,
        match,
        valueHash: searched.hash.toString('hex'),
        valueKeyId: searched.keyId,
        limit: policy.contactChecksPerCall,
        perCard: { limit: policy.contactChecksPerCard, since: missWindowStart(policy, ctx.now) },
      });
      if (!recorded.recorded)
        throw new DeskFailure(
          'rate_limited',
          'contacts.no-checks-left',
          'No more checks in this call.',
        );
      return { match, checksLeft: recorded.left };
    },
  };
}
