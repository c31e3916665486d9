/**
 * Ending the call, always on purpose. calls.wrapUp: its outcome and a note.
 * calls.endWithoutOutcome: no outcome, but why (and a note, required for "other").
 * calls.fraudTransfer: the transfer to the fraud team with the team's case reference.
 * calls.current: which card the window's open call is on, so the screen can ask how it ended
 * before the router lets the agent open another card or sign out. Notes pass the free-text
 * guard first (no card number, code, email or phone: PCI DSS, and the console never holds a
 * code); a refused note changes nothing and says why. Then the window has no call.
 */
import type { ChannelInput, ChannelOutput } from '../../../shared/contract/index.ts';
import {
  FRAUD_CASE_REF_EXAMPLE,
  normaliseFraudCaseRef,
} from '../../../shared/input/fraud-case-ref.ts';
import { checkedNote } from '../checked-note.ts';
import { DeskFailure } from '../router/failure.ts';
import { operatorActor } from '../router/operator-actor.ts';
import type { CallContext } from '../router/router.ts';
import type { CallRegistry } from './call-registry.ts';
import type { CallStore } from './call-store.ts';
import { actorOnCall } from './open-call.ts';

export interface WrapUpServiceDeps {
  calls: CallStore;
  openCalls: CallRegistry;
  origin: string;
}

const callEnded = () => new DeskFailure('conflict', 'call.ended', 'This call had already ended.');

export function createWrapUpService(deps: WrapUpServiceDeps) {
  return {
    async wrapUp(
      input: ChannelInput<'calls.wrapUp'>,
      ctx: CallContext,
    ): Promise<ChannelOutput<'calls.wrapUp'>> {
      const { actor, open } = actorOnCall(deps, ctx, input.cardId);
      const note = checkedNote(input.note, ctx.now);
      const ended = await deps.calls.wrapUp({
        ...actor,
        call: open.call,
        outcome: input.outcome,
        note,
      });
      deps.openCalls.clear(ctx.callerId);
      if (!ended) throw callEnded();
      return { callId: open.call.publicId, endedAt: ctx.now.toISOString() };
    },

    async endWithoutOutcome(
      input: ChannelInput<'calls.endWithoutOutcome'>,
      ctx: CallContext,
    ): Promise<ChannelOutput<'calls.endWithoutOutcome'>> {
      const { actor, open } = actorOnCall(deps, ctx, input.cardId);
      const note = checkedNote(
        input.note,
        ctx.now,
        input.reason === 'other'
          ? 'Say in the note why the call ended without an outcome.'
          : undefined,
      );
      const ended = await deps.calls.endWithoutOutcome({
        ...actor,
        call: open.call,
        reason: input.reason,
        note,
      });
      deps.openCalls.clear(ctx.callerId);
      if (!ended) throw callEnded();
      return { callId: open.call.publicId, endedAt: ctx.now.toISOString() };
    },

    async fraudTransfer(
      input: ChannelInput<'calls.fraudTransfer'>,
      ctx: CallContext,
    ): Promise<ChannelOutput<'calls.fraudTransfer'>> {
      const { actor, open } = actorOnCall(deps, ctx, input.cardId);
      // What was typed is never stored or echoed unless it is a case reference.
      const caseRef = normaliseFraudCaseRef(input.caseRef);
      if (!caseRef)
        throw new DeskFailure(
          'invalid_input',
          'call.fraud-case-ref',
          `A fraud case reference looks like ${FRAUD_CASE_REF_EXAMPLE}.`,
        );
      if (!(await deps.calls.fraudTransfer({ ...actor, call: open.call, caseRef })))
        throw new DeskFailure(
          'conflict',
          'call.fraud-transferred',
          'This call was already transferred to the fraud team, or has ended.',
        );
      return { caseRef, transferredAt: ctx.now.toISOString() };
    },

    async current(_input: object, ctx: CallContext): Promise<ChannelOutput<'calls.current'>> {
      operatorActor(ctx, deps.origin);
      const open = deps.openCalls.get(ctx.callerId);
      if (!open || !deps.calls.isOpen(open.call)) return { call: null };
      return { call: { cardId: open.cardPublicId, callId: open.call.publicId } };
    },
  };
}
