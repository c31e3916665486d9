/**
 * cards.history: the open card's 3-D Secure attempts for the timeline, filtered by period
 * and outcome, each with whether its code went to the current contact.
 */
import type { AttemptView, ChannelInput, ChannelOutput } from '../../../shared/contract/index.ts';
import { FAILED_OUTCOMES } from '../../../shared/history/attempt-codes.ts';
import type { CallRegistry } from '../calls/call-registry.ts';
import { actorOnCall } from '../calls/open-call.ts';
import type { ContactRecord, ContactStore } from '../contacts/contact-store.ts';
import type { CallContext } from '../router/router.ts';
import type { AttemptRecord, AttemptStore } from './attempt-store.ts';
import { toCurrentDestination } from './destination-match.ts';

export interface HistoryServiceDeps {
  attempts: AttemptStore;
  contacts: Pick<ContactStore, 'of'>;
  openCalls: CallRegistry;
  origin: string;
}

const HOUR = 3_600_000;
const PERIOD_HOURS = { '24h': 24, '7d': 7 * 24, '30d': 30 * 24, all: null } as const;

export function attemptView(
  attempt: AttemptRecord,
  contacts: readonly ContactRecord[],
): AttemptView {
  return {
    id: `a${attempt.id}`,
    at: attempt.at.toISOString(),
    merchant: attempt.merchant,
    amountMinor: attempt.amountMinor,
    currency: attempt.currency,
    method: attempt.method,
    destination: attempt.destinationMasked,
    toCurrentDestination: toCurrentDestination(attempt, contacts),
    delivery: attempt.delivery,
    attemptsUsed: attempt.attemptsUsed,
    attemptsAllowed: attempt.attemptsAllowed,
    resends: attempt.resends,
    expiresAt: attempt.expiresAt?.toISOString() ?? null,
    outcome: attempt.outcome,
    transStatus: attempt.transStatus,
    transStatusReason: attempt.transStatusReason,
    eci: attempt.eci,
    challengeCancel: attempt.challengeCancel,
    acsTransId: attempt.acsTransId,
    dsTransId: attempt.dsTransId,
    merchantId: attempt.merchantId,
    acsId: attempt.acsId,
    dsId: attempt.dsId,
    // Who carried the code, for how it was sent (an SMS carrier for SMS, a provider for email).
    carrier:
      attempt.method === 'sms'
        ? attempt.smsCarrier
        : attempt.method === 'email'
          ? attempt.emailProvider
          : null,
  };
}

export function createHistoryService(deps: HistoryServiceDeps) {
  return {
    async list(
      input: ChannelInput<'cards.history'>,
      ctx: CallContext,
    ): Promise<ChannelOutput<'cards.history'>> {
      const { actor, open } = actorOnCall(deps, ctx, input.cardId);
      const hours = PERIOD_HOURS[input.period];
      const contacts = deps.contacts.of(open.cardholderId);
      // Each attempt becomes its view as it is read: the rows and records are never all held.
      const { attempts, total } = await deps.attempts.list(
        {
          ...actor,
          cardId: open.call.cardId,
          cardPublicId: open.cardPublicId,
          callPublicId: open.call.publicId,
          since: hours === null ? null : new Date(ctx.now.getTime() - hours * HOUR),
          outcomes:
            input.outcome === 'all'
              ? null
              : input.outcome === 'failed'
                ? FAILED_OUTCOMES
                : [input.outcome],
          filters: { period: input.period, outcome: input.outcome },
        },
        (attempt) => attemptView(attempt, contacts),
      );
      return {
        attempts,
        total,
        now: ctx.now.toISOString(),
      };
    },
  };
}
