/**
 * calls.wrapUp: the call ends with its outcome and a note. The note passes the free-text
 * guard first (no card number, code, email or phone: PCI DSS, and the console never holds a
 * code); a refused note changes nothing and says why. Then the window has no call.
 */
import type { ChannelInput, ChannelOutput } from '../../../shared/contract/index.ts';
import { checkFreeText, describeFreeTextProblems } from '../../../shared/text/free-text-guard.ts';
import { DeskFailure } from '../router/failure.ts';
import { operatorActor } from '../router/operator-actor.ts';
import type { CallContext } from '../router/router.ts';
import type { CallRegistry } from './call-registry.ts';
import type { CallStore } from './call-store.ts';
import { openCallOn } from './open-call.ts';

export interface WrapUpServiceDeps {
  calls: CallStore;
  openCalls: CallRegistry;
  origin: string;
}

export function createWrapUpService(deps: WrapUpServiceDeps) {
  return {
    async wrapUp(
      input: ChannelInput<'calls.wrapUp'>,
      ctx: CallContext,
    ): Promise<ChannelOutput<'calls.wrapUp'>> {
      const actor = operatorActor(ctx, deps.origin);
      const open = openCallOn(deps.openCalls, ctx, input.cardId);
      const checked = checkFreeText(input.note);
      if (!checked.ok) {
        throw new DeskFailure('invalid_input', describeFreeTextProblems(checked.problems));
      }
      const ended = await deps.calls.wrapUp({
        ...actor,
        call: open.call,
        outcome: input.outcome,
        note: checked.text,
      });
      deps.openCalls.clear(ctx.callerId);
      if (!ended) throw new DeskFailure('conflict', 'This call had already ended.');
      return { callId: open.call.publicId, endedAt: ctx.now.toISOString() };
    },
  };
}
