/**
 * approvals.list, approvals.decide and approvals.cancel: the team lead's queue of escalated resets, with the
 * card's context (masked card, name, the lock as it is now), and the decision. Approving
 * records the reset with the decision and sends it to the ACS like any other reset. The
 * requesting agent's window and every lead are told at once (approvals.changed).
 */
import type {
  ApprovalQueueItem,
  ChannelInput,
  ChannelOutput,
} from '../../../shared/contract/index.ts';
import { maskCard } from '../../../shared/cards/mask.ts';
import type { Brand } from '../../../shared/cards/brands.ts';
import type { ApprovalProblem } from '../../../shared/approvals/approval-codes.ts';
import type { LockCause } from '../../../shared/lockout/lockout-codes.ts';
import type { AcsGateway } from '../acs/acs-gateway.ts';
import { lockView } from '../acs/lock-view.ts';
import type { Actor } from '../actor.ts';
import type { CardStore } from '../cards/card-store.ts';
import { checkedNote, shownNote } from '../checked-note.ts';
import { fraudInHistory, recentSince } from '../diagnosis/diagnose.ts';
import type { AttemptStore } from '../history/attempt-store.ts';
import { DeskFailure } from '../router/failure.ts';
import { operatorActor } from '../router/operator-actor.ts';
import type { CallContext } from '../router/router.ts';
import type { LockoutService } from '../lockout/lockout-service.ts';
import type { LockoutStore } from '../lockout/lockout-store.ts';
import { REFUSAL_MESSAGES } from '../lockout/reset-decision.ts';
import type { ResetRowSeal } from '../lockout/reset-row-seal.ts';
import { resetView } from '../lockout/reset-view.ts';
import type { SessionRegistry } from '../session/session-registry.ts';
import type { ApprovalEvents } from './approval-events.ts';
import type { ApprovalStore } from './approval-store.ts';
import { approvalView } from './approval-view.ts';

export interface ApprovalServiceDeps {
  approvals: ApprovalStore;
  cards: Pick<CardStore, 'byPublicId'>;
  acs: AcsGateway;
  attempts: Pick<AttemptStore, 'recent'>;
  /** An approved reset is recorded with the decision, then sent like any other. */
  resets: Pick<LockoutStore, 'recordWithin'>;
  lockout: Pick<LockoutService, 'dispatch'>;
  origin: string;
  /** Tells the requesting window and the leads that a request changed. */
  changed: ApprovalEvents['changed'];
  /** Cards the queue shows may be opened in the lead's session. */
  sessions: Pick<SessionRegistry, 'handOut'>;
  /** A request or reset row altered without the keys: never queued, never approved. */
  seal: ResetRowSeal;
  /** The audit trail is marked broken (audit/trail-gate.ts): no reset is approved. */
  trailBroken: () => boolean;
  /**
   * The requesting operator's standing as the trail vouches for it (null: disabled, or a row
   * that does not hold): a request rests on its agent's verification of the caller and note,
   * so a disabled agent's request is never approved.
   */
  requesterStanding: (operatorId: number) => unknown;
}

/** English for logs and the CLI; the screen says each problem by its reason. */
const PROBLEMS = {
  'not-found': ['not_found', 'There is no such approval request.'],
  'own-request': ['forbidden', 'You cannot approve or reject your own request: another lead must.'],
  expired: [
    'conflict',
    'This request has expired. The agent can ask again if the card is still locked.',
  ],
  decided: ['conflict', 'This request has already been decided.'],
  'already-reset': ['conflict', 'Already unlocked: this lock has already been reset.'],
  cancelled: ['conflict', 'This request was cancelled: there is nothing left to decide.'],
  'not-own-request': ['not_found', 'There is no such approval request among yours.'],
  'requester-disabled': [
    'forbidden',
    'The agent who asked for this reset has been disabled: it cannot be approved. Reject it; the caller can be verified again in a new call.',
  ],
} as const satisfies Record<ApprovalProblem, readonly [DeskFailure['code'], string]>;

export function createApprovalService(deps: ApprovalServiceDeps) {
  /**
   * Approving re-reads the card: the lock asked about must still be in force (not run out,
   * not replaced by another), and fraud may have come to light while the request waited (a
   * fraud hold, a checkout rejected as stolen card or suspected fraud). Either way no lead
   * approves it; the refusal is audited and the request stays for a rejection or expiry.
   */
  async function refuseIfNoLongerSafe(
    cmd: Actor & { approvalId: string },
  ): Promise<LockCause | null> {
    const approval = deps.approvals.byPublicId(cmd.approvalId);
    if (!approval || approval.state !== 'pending') return null;
    const { lock } = await deps.acs.readState(approval.cardId, cmd.at);
    const recent = deps.attempts.recent(approval.cardId, recentSince(cmd.at));
    const problem =
      (lock.state === 'locked' && lock.cause === 'fraud_hold') ||
      fraudInHistory(recent) ||
      deps.seal.altered(approval.cardId, cmd.at)
        ? 'fraud'
        : lock.state !== 'locked' || lock.since.getTime() !== approval.lockSince.getTime()
          ? 'not-locked'
          : null;
    if (!problem) return lock.state === 'locked' ? lock.cause : null;
    deps.approvals.refused({ ...cmd, publicId: approval.publicId, decision: 'approve', problem });
    throw new DeskFailure(
      problem === 'fraud' ? 'forbidden' : 'conflict',
      `reset.${problem}`,
      REFUSAL_MESSAGES[problem],
    );
  }

  return {
    async list(_input: ChannelInput<'approvals.list'>, ctx: CallContext) {
      const actor = operatorActor(ctx, deps.origin);
      const requests: ApprovalQueueItem[] = [];
      for (const approval of deps.approvals.pending(ctx.now)) {
        const card = deps.cards.byPublicId(approval.cardPublicId);
        // A forged request (or one beside a forged row) is not shown; the seal alerts the lead.
        if (!card || deps.seal.altered(card.id, ctx.now)) continue;
        const { lock } = await deps.acs.readState(card.id, ctx.now);
        const context = deps.approvals.context(approval);
        const earlier = (await deps.acs.readResets(card.id))
          .filter((reset) => reset.clearedAt < approval.requestedAt)
          .sort((a, b) => b.clearedAt.getTime() - a.clearedAt.getTime())[0];
        const earlierBy = earlier ? deps.approvals.resetBy(card.id, earlier.lockedSince) : null;
        requests.push({
          approval: approvalView(approval),
          cardId: card.publicId,
          maskedCard: maskCard(card.brand as Brand, card.last4),
          name: card.cardholderName,
          lock: lockView(lock),
          reason: approval.reason,
          note: shownNote(approval.note),
          requestedByName: approval.requestedByName,
          verifiedAt: context.verifiedAt?.toISOString() ?? null,
          earlierReset: earlier
            ? {
                at: earlier.clearedAt.toISOString(),
                by: earlierBy?.username ?? null,
                byName: earlierBy?.displayName ?? null,
              }
            : null,
        });
      }
      deps.approvals.listed({ ...actor, shown: requests.length });
      // The lead may open the cards the queue showed (and no other by id).
      deps.sessions.handOut(
        ctx.callerId,
        requests.map((request) => request.cardId),
      );
      return { requests, now: ctx.now.toISOString() };
    },

    /**
     * The agent who asked (or a lead) withdraws a request still waiting, with a note saying
     * why. The store decides within its transaction (pending, not expired, one's own unless a
     * lead); the window that asked and every lead hear at once, so the request leaves every
     * lead's queue and the agent's panel offers the reset again.
     */
    async cancel(
      input: ChannelInput<'approvals.cancel'>,
      ctx: CallContext,
    ): Promise<ChannelOutput<'approvals.cancel'>> {
      const actor = operatorActor(ctx, deps.origin);
      const note = checkedNote(
        input.note,
        ctx.now,
        'Say in the note why the request is cancelled.',
      );
      const outcome = deps.approvals.cancel({
        ...actor,
        publicId: input.approvalId,
        note,
        mayCancelOthers: ctx.session?.role === 'lead',
      });
      if (!outcome.ok) {
        const [code, message] = PROBLEMS[outcome.problem];
        if (outcome.problem === 'expired' && outcome.approval) {
          deps.changed(input.approvalId, outcome.approval.cardPublicId, 'expired');
        }
        throw new DeskFailure(code, `approval.${outcome.problem}`, message);
      }
      deps.changed(outcome.approval.publicId, outcome.approval.cardPublicId, 'cancelled');
      return { approval: approvalView(outcome.approval) };
    },

    async decide(
      input: ChannelInput<'approvals.decide'>,
      ctx: CallContext,
    ): Promise<ChannelOutput<'approvals.decide'>> {
      const actor = operatorActor(ctx, deps.origin);
      if (input.decision === 'approve' && deps.trailBroken())
        throw new DeskFailure('forbidden', 'reset.trail-broken', REFUSAL_MESSAGES['trail-broken']);
      const note = checkedNote(
        input.note,
        ctx.now,
        `Say in the note why the reset is ${input.decision === 'approve' ? 'approved' : 'rejected'}.`,
      );
      // The cause of the lock approved, as just read: the reset names its lock by it.
      const lockCause =
        input.decision === 'approve'
          ? await refuseIfNoLongerSafe({ ...actor, approvalId: input.approvalId })
          : null;
      const outcome = deps.approvals.decide({
        ...actor,
        publicId: input.approvalId,
        decision: input.decision,
        note,
        recordReset: (approval) => {
          if (deps.requesterStanding(approval.requestedById) === null) {
            // Thrown inside the decision's transaction: nothing of it is written.
            const [code, message] = PROBLEMS['requester-disabled'];
            throw new DeskFailure(code, 'approval.requester-disabled', message);
          }
          return deps.resets.recordWithin({
            ...actor,
            cardId: approval.cardId,
            cardPublicId: approval.cardPublicId,
            callId: approval.callId,
            callPublicId: approval.callPublicId,
            lockSince: approval.lockSince,
            // null only when the request is no longer pending: decide() then records nothing.
            lockCause: lockCause ?? 'other',
            reason: approval.reason,
            note: approval.note,
            approval: {
              id: approval.id,
              publicId: approval.publicId,
              requestedBy: approval.requestedById,
            },
          });
        },
      });
      if (!outcome.ok) {
        const [code, message] = PROBLEMS[outcome.problem];
        if (outcome.problem === 'expired' && outcome.approval) {
          deps.changed(input.approvalId, outcome.approval.cardPublicId, 'expired');
        }
        throw new DeskFailure(code, `approval.${outcome.problem}`, message);
      }
      const reset = outcome.reset ? await deps.lockout.dispatch(outcome.reset, actor) : null;
      deps.changed(
        outcome.approval.publicId,
        outcome.approval.cardPublicId,
        outcome.approval.state === 'approved' ? 'approved' : 'rejected',
      );
      return {
        approval: approvalView(outcome.approval),
        reset: reset ? resetView(reset) : null,
      };
    },
  };
}
