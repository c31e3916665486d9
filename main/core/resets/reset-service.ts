/**
 * lockout.status, lockout.reset and lockout.retry: the open card's lock, whether it may be
 * reset and why not, and the reset itself. Facts are read at the router's clock and judged by
 * decideReset() — the same function for the disabled button and for the command. An allowed
 * reset is recorded (reset + audit + outbox in one transaction) and then sent to the ACS
 * gateway; one that policy escalates becomes a request for a team lead.
 */
import type { ChannelInput, ResetStatus } from '../../../shared/contract/index.ts';
import type { ResetRefusal } from '../../../shared/resets/reset-codes.ts';
import { checkFreeText, describeFreeTextProblems } from '../../../shared/text/free-text-guard.ts';
import type { AcsGateway } from '../acs/acs-gateway.ts';
import { lockView } from '../acs/lock-view.ts';
import type { Actor } from '../cards/card-store.ts';
import type { CallRegistry, OpenCall } from '../calls/call-registry.ts';
import type { CallStore } from '../calls/call-store.ts';
import { openCallOn } from '../calls/open-call.ts';
import type { ContactRecord, ContactStore } from '../contacts/contact-store.ts';
import { fraudInHistory, recentSince } from '../diagnosis/diagnose.ts';
import type { AttemptStore } from '../history/attempt-store.ts';
import type { Policy } from '../policy/policy.ts';
import { DeskFailure } from '../router/failure.ts';
import { operatorActor } from '../router/operator-actor.ts';
import type { CallContext } from '../router/router.ts';
import { missWindowStart } from '../verification/verification-state.ts';
import type { ApprovalStore } from './approval-store.ts';
import { approvalView, resetView } from './reset-views.ts';
import { decideReset, REFUSAL_MESSAGES } from './reset-decision.ts';
import type { ResetRecord, ResetStore } from './reset-store.ts';

export interface ResetServiceDeps {
  acs: AcsGateway;
  resets: ResetStore;
  approvals: ApprovalStore;
  calls: CallStore;
  openCalls: CallRegistry;
  contacts: ContactStore;
  attempts: AttemptStore;
  policy: () => Policy;
  origin: string;
  /** Tells the leads a request is waiting, and remembers which window asked. */
  requested(approvalId: string, cardId: string, callerId: string): void;
}

const MINUTE = 60_000;

/**
 * When the card's contact details changed: a value that changed, a change asked for (even
 * if not yet in effect), and a pending change that has taken effect — the takeover pattern.
 */
function contactChanges(contacts: readonly ContactRecord[], now: Date): Date[] {
  return contacts.flatMap((contact) => [
    ...(contact.valueChangedAt ? [contact.valueChangedAt] : []),
    ...(contact.pending
      ? [
          contact.updatedAt,
          ...(contact.pending.effectiveAt.getTime() <= now.getTime()
            ? [contact.pending.effectiveAt]
            : []),
        ]
      : []),
  ]);
}
/** Refusals about the lock's state (already done, already asked) rather than about who asks. */
const CONFLICTS: ReadonlySet<ResetRefusal> = new Set([
  'not-locked',
  'approval-pending',
  'reset-in-progress',
]);

export function createResetService(deps: ResetServiceDeps) {
  async function facts(open: OpenCall, now: Date) {
    const policy = deps.policy();
    const { lock } = await deps.acs.readState(open.call.cardId, now);
    const resets = await deps.acs.readResets(open.call.cardId);
    const recent = deps.attempts.recent(open.call.cardId, recentSince(now));
    const approval =
      lock.state === 'locked' ? deps.approvals.pendingFor(open.call.cardId, lock.since, now) : null;
    const latest = deps.resets.latest(open.call.cardId);
    const verifiedAt = deps.calls.counts(open.call, missWindowStart(policy, now)).lastVerifiedAt;
    const decision = decideReset(
      {
        now,
        lock,
        verifiedAt,
        fraudSeen: fraudInHistory(recent),
        resetsAt: resets.map((reset) => reset.clearedAt),
        contactChangesAt: contactChanges(deps.contacts.of(open.cardholderId), now),
        approvalPending: approval !== null,
        resetInProgress:
          lock.state === 'locked' &&
          latest !== null &&
          latest.state !== 'applied' &&
          latest.lockSince.getTime() === lock.since.getTime(),
      },
      policy,
    );
    return { lock, decision, approval, verifiedAt, latest };
  }

  /** Refused: audited (a failed attempt is evidence too), then said to the operator. */
  function refuse(actor: Actor, open: OpenCall, refusal: ResetRefusal | 'lost-race'): never {
    deps.resets.refused({
      ...actor,
      cardPublicId: open.cardPublicId,
      callPublicId: open.call.publicId,
      refusal,
    });
    if (refusal === 'lost-race') {
      // Another console (or a double click) got there first: one reset, and this one says so.
      const latest = deps.resets.latest(open.call.cardId);
      const message =
        latest?.state === 'applied'
          ? REFUSAL_MESSAGES['not-locked']
          : REFUSAL_MESSAGES['reset-in-progress'];
      throw new DeskFailure('conflict', message);
    }
    throw new DeskFailure(
      CONFLICTS.has(refusal) ? 'conflict' : 'forbidden',
      REFUSAL_MESSAGES[refusal],
    );
  }

  async function status(open: OpenCall, now: Date): Promise<ResetStatus> {
    const { lock, decision, latest } = await facts(open, now);
    const approval = deps.approvals.latestInCall(open.call.id, now);
    return {
      allowed: decision.allowed,
      refusal: decision.allowed ? null : decision.refusal,
      escalation: decision.allowed ? decision.escalation : [],
      lock: lockView(lock),
      reset: latest ? resetView(latest) : null,
      approval: approval ? approvalView(approval) : null,
    };
  }

  /** Sends the reset to the ACS with its idempotency key; the outbox records the answer. */
  async function dispatch(reset: ResetRecord, actor: Actor): Promise<ResetRecord> {
    try {
      const outcome = await deps.acs.applyReset({
        idempotencyKey: reset.idempotencyKey,
        cardId: reset.cardId,
        lockSince: reset.lockSince,
        at: actor.at,
      });
      return deps.resets.markApplied({ ...actor, reset, outcome });
    } catch (error) {
      const kind = error instanceof Error ? error.name : 'UnknownError';
      return deps.resets.markFailed({ ...actor, reset, error: kind.slice(0, 64) });
    }
  }

  return {
    dispatch,

    async status(input: ChannelInput<'lockout.status'>, ctx: CallContext) {
      return status(openCallOn(deps.openCalls, ctx, input.cardId), ctx.now);
    },

    async reset(input: ChannelInput<'lockout.reset'>, ctx: CallContext): Promise<ResetStatus> {
      const actor = operatorActor(ctx, deps.origin);
      const open = openCallOn(deps.openCalls, ctx, input.cardId);
      const note = checkFreeText(input.note);
      if (!note.ok) throw new DeskFailure('invalid_input', describeFreeTextProblems(note.problems));
      if (note.text === '')
        throw new DeskFailure('invalid_input', 'Say in the note why the lock is reset.');
      const { lock, decision, verifiedAt } = await facts(open, ctx.now);
      if (!decision.allowed) refuse(actor, open, decision.refusal);
      if (lock.state !== 'locked' || verifiedAt === null) refuse(actor, open, 'not-locked');
      const common = {
        ...actor,
        cardId: open.call.cardId,
        cardPublicId: open.cardPublicId,
        callId: open.call.id,
        callPublicId: open.call.publicId,
        lockSince: lock.since,
        reason: input.reason,
        note: note.text,
      };

      if (decision.escalation.length > 0) {
        // A request cannot outlive the verification it rests on.
        const policy = deps.policy();
        const expiresAt = new Date(
          Math.min(
            ctx.now.getTime() + policy.approvalValidMinutes * MINUTE,
            verifiedAt.getTime() + policy.verificationValidMinutes * MINUTE,
          ),
        );
        const approval = deps.approvals.request({
          ...common,
          escalation: decision.escalation,
          expiresAt,
        });
        if (!approval) refuse(actor, open, 'approval-pending');
        deps.requested(approval.publicId, open.cardPublicId, ctx.callerId);
        return status(open, ctx.now);
      }

      const reset = deps.resets.record(common);
      if (!reset) refuse(actor, open, 'lost-race');
      await dispatch(reset, actor);
      return status(open, ctx.now);
    },

    async retry(input: ChannelInput<'lockout.retry'>, ctx: CallContext): Promise<ResetStatus> {
      const actor = operatorActor(ctx, deps.origin);
      const open = openCallOn(deps.openCalls, ctx, input.cardId);
      const { decision, latest } = await facts(open, ctx.now);
      // Sent but never confirmed (the console stopped in between) may be sent again too: the
      // idempotency key makes a second delivery harmless.
      if (!latest || latest.state === 'applied') {
        throw new DeskFailure(
          'conflict',
          'There is no unconfirmed reset on this card to send again.',
        );
      }
      if (!decision.allowed && decision.refusal === 'fraud') refuse(actor, open, 'fraud');
      await dispatch(latest, actor);
      return status(open, ctx.now);
    },
  };
}

export type ResetService = ReturnType<typeof createResetService>;
