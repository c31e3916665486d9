/** The window's open call, which must be on the card the request names. */
import { DeskFailure } from '../router/failure.ts';
import type { CallContext } from '../router/router.ts';
import type { CallRegistry, OpenCall } from './call-registry.ts';

export function openCallOn(registry: CallRegistry, ctx: CallContext, cardId: string): OpenCall {
  const open = registry.get(ctx.callerId);
  if (!open || open.cardPublicId !== cardId)
    throw new DeskFailure('conflict', 'Open this card first: it is not the card of the call.');
  return open;
}
