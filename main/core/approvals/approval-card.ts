/**
 * approvals.card: a lead reads the card of a pending request from the queue, read-only. The
 * approval is the origin (DESIGN: a card opens only from a search, approval or alert of this
 * session): the request must be pending and its card handed to this session by the queue.
 * Nothing here opens a call, so no verification, reset or wrap-up can follow from it; what is
 * read — the live lock, the masked contacts, the recent 3-D Secure history — is audited as a
 * read, one entry per opening. Any other id gets one answer, and nothing is written.
 */
import type { Brand } from '../../../shared/cards/brands.ts';
import { maskCard } from '../../../shared/cards/mask.ts';
import type { ChannelInput, ChannelOutput } from '../../../shared/contract/index.ts';
import type { AcsGateway } from '../acs/acs-gateway.ts';
import { freshLock, freshResets } from '../acs/live-lock.ts';
import { lockView } from '../acs/lock-view.ts';
import { contactViews } from '../cards/card-service.ts';
import type { CardStore } from '../cards/card-store.ts';
import type { ContactStore } from '../contacts/contact-store.ts';
import type { AttemptStore } from '../history/attempt-store.ts';
import { attemptView } from '../history/history-service.ts';
import type { ResetRowSeal } from '../lockout/reset-row-seal.ts';
import type { Policy } from '../policy/policy.ts';
import { DeskFailure } from '../router/failure.ts';
import { operatorActor } from '../router/operator-actor.ts';
import type { CallContext } from '../router/router.ts';
import type { SessionRegistry } from '../session/session-registry.ts';
import type { ApprovalStore } from './approval-store.ts';

/** How far back, and how many, of the card's 3-D Secure attempts the lead reads. */
export const APPROVAL_CARD_HISTORY_DAYS = 30;
export const APPROVAL_CARD_HISTORY_LIMIT = 50;
const DAY = 86_400_000;

export interface ApprovalCardDeps {
  approvals: Pick<ApprovalStore, 'pending' | 'cardRead'>;
  cards: Pick<CardStore, 'byPublicId'>;
  contacts: Pick<ContactStore, 'of'>;
  attempts: Pick<AttemptStore, 'recent'>;
  acs: AcsGateway;
  policy: () => Policy;
  sessions: Pick<SessionRegistry, 'wasHandedOut'>;
  seal: ResetRowSeal;
  origin: string;
}

const NOT_SHOWN = 'There is no such request in your approval queue: open a card from the queue.';

export function createApprovalCard(deps: ApprovalCardDeps) {
  return async function approvalCard(
    input: ChannelInput<'approvals.card'>,
    ctx: CallContext,
  ): Promise<ChannelOutput<'approvals.card'>> {
    const approval = deps.approvals.pending(ctx.now).find((a) => a.publicId === input.approvalId);
    const card = approval ? deps.cards.byPublicId(approval.cardPublicId) : null;
    // Pending, its card shown to this session by the queue, and not beside a forged row (the
    // queue leaves those out): otherwise the id is not an origin, whatever it names.
    if (
      !approval ||
      !card ||
      !deps.sessions.wasHandedOut(ctx.callerId, card.publicId) ||
      deps.seal.altered(card.id, ctx.now)
    ) {
      throw new DeskFailure('not_found', 'approval.not-found', NOT_SHOWN);
    }
    const state = await freshLock(deps.acs, card.id, ctx.now);
    const lock = lockView(state.lock);
    const contactRecords = deps.contacts.of(card.cardholderId);
    const history = deps.attempts
      .recent(card.id, new Date(ctx.now.getTime() - APPROVAL_CARD_HISTORY_DAYS * DAY))
      .sort((a, b) => b.at.getTime() - a.at.getTime())
      .slice(0, APPROVAL_CARD_HISTORY_LIMIT)
      .map((attempt) => attemptView(attempt, contactRecords));
    const resets = (await freshResets(deps.acs, card.id)).sort(
      (a, b) => b.clearedAt.getTime() - a.clearedAt.getTime(),
    );
    deps.approvals.cardRead({
      ...operatorActor(ctx, deps.origin),
      publicId: approval.publicId,
      cardPublicId: card.publicId,
      attempts: history.length,
    });
    return {
      approvalId: approval.publicId,
      cardId: card.publicId,
      maskedCard: maskCard(card.brand as Brand, card.last4),
      name: card.cardholderName,
      nameKana: card.cardholderNameKana,
      product: card.product,
      lock,
      lockSource: state.source,
      dataAsOf: state.asOf.toISOString(),
      fraudHold: lock.state === 'locked' && lock.cause === 'fraud_hold',
      contacts: contactViews(contactRecords, deps.policy(), ctx.now),
      history,
      resets: resets.map((reset) => ({
        at: reset.clearedAt.toISOString(),
        lockedSince: reset.lockedSince.toISOString(),
      })),
      now: ctx.now.toISOString(),
    };
  };
}
