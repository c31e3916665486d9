/**
 * The opening of every command on the window's card: who acts (the signed-in operator) and
 * the window's open call, which must be on the card the request names.
 */
import type { Actor } from '../actor.ts';
import { DeskFailure } from '../router/failure.ts';
import { operatorActor } from '../router/operator-actor.ts';
import type { CallContext } from '../router/router.ts';
import type { CallRegistry, OpenCall } from './call-registry.ts';

export function openCallOn(registry: CallRegistry, ctx: CallContext, cardId: string): OpenCall {
  const open = registry.get(ctx.callerId);
  if (!open || open.cardPublicId !== cardId)
    throw new DeskFailure(
      'conflict',
      'call.not-open',
      'Open this card first: it is not the card of the call.',
    );
  return open;
}

/** Who acts and on which call: refused when signed out, or when the card is not the call's. */
export function actorOnCall(
  deps: { openCalls: CallRegistry; origin: string },
  ctx: CallContext,
  cardId: string,
): { actor: Actor; open: OpenCall } {
  return {
    actor: operatorActor(ctx, deps.origin),
    open: openCallOn(deps.openCalls, ctx, cardId),
  };
}
