/** The session feature's slice of the router: sign in, resume, activity, sign out. */
import { trailBrokenCheck } from '../audit/trail-gate.ts';
import { createCallStore } from '../calls/call-store.ts';
import type { Edges } from '../edges.ts';
import { createOperatorStore } from '../operators/operator-store.ts';
import type { Handlers } from '../router/router.ts';
import { createSessionService } from './session-service.ts';

/** The core's session service; desk-core also asks it to lock every session (OS lock, idle). */
export function sessionServiceOf(edges: Edges) {
  const calls = edges.shared(createCallStore);
  return createSessionService({
    operators: createOperatorStore(edges.db, edges.audit, edges.keys),
    sessions: edges.sessions,
    policy: edges.policy,
    origin: edges.origin,
    keys: edges.keys,
    passwordCost: edges.passwordCost,
    trailBroken: trailBrokenCheck(edges.keys),
    alertAlteredOperator: (operatorId, at) =>
      edges.audit.transact(() =>
        edges.audit.append({
          at,
          operatorId: null,
          username: null,
          origin: edges.origin,
          action: 'alert.altered-row',
          subjectType: 'operator',
          subjectId: String(operatorId),
          result: 'alert',
          details: { table: 'operators' },
        }),
      ),
    hasOpenCall(callerId) {
      const open = edges.openCalls.get(callerId);
      return open !== null && calls.isOpen(open.call);
    },
    // A new operator, a sign-out at the lock screen or a closed window ends the window's call.
    async endCallOf(callerId, operator, at) {
      const open = edges.openCalls.clear(callerId);
      if (open) {
        await calls.end({
          ...operator,
          origin: edges.origin,
          at,
          call: open.call,
          reason: 'signed-out',
        });
      }
    },
  });
}

export function sessionHandlers(
  edges: Edges,
): Pick<
  Handlers,
  | 'session.current'
  | 'session.signIn'
  | 'session.resume'
  | 'session.activity'
  | 'session.osLock'
  | 'session.signOut'
> {
  const service = edges.shared(sessionServiceOf);
  return {
    'session.current': service.current,
    'session.signIn': service.signIn,
    'session.resume': service.resume,
    'session.activity': service.activity,
    'session.osLock': service.osLock,
    'session.signOut': service.signOut,
  };
}
