/** Who is acting, for stores and their audit entries: the signed-in operator of this window. */
import { DeskFailure } from './failure.ts';
import type { CallContext } from './router.ts';
import type { Actor } from '../actor.ts';

export function operatorActor(ctx: CallContext, origin: string): Actor {
  if (!ctx.session)
    throw new DeskFailure('unauthenticated', 'session.signed-out', 'Sign in first.');
  return {
    operatorId: ctx.session.operatorId,
    username: ctx.session.username,
    origin,
    at: ctx.now,
  };
}
