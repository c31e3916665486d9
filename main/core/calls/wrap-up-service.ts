/**
 * calls.wrapUp: the call ends with its outcome and a note. The note passes the free-text
 * guard first (no card number, code, email or phone: PCI DSS, and the console never holds a
 * code); a refused note changes nothing and says why. Then the window has no call.
 */
import type { ChannelInput, ChannelOutput } from '../../../shared/contract/index.ts';
import { checkedNote } from '../checked-note.ts';
import { DeskFailure } from '../router/failure.ts';
import type { CallContext } from '../router/router.ts';
import type { CallRegistry } from './call-registry.ts';
import type { CallStore } from './call-store.ts';
import { actorOnCall } from './open-call.ts';

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
      const { actor, open } = actorOnCall(deps, ctx, input.cardId);
      const note = checkedNote(input.note, ctx.now);
      const ended = await deps.calls.wrapUp({
        ...actor,
        call: open.call,
        outcome: input.outcome,
        note,
      });
      deps.openCalls.clear(ctx.callerId);
      if (!ended) throw new DeskFailure('conflict', 'call.ended', 'This call had already ended.');
      return { callId: open.call.publicId, endedAt: ctx.now.toISOString() };
    },
  };
}
