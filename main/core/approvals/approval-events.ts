/**
 * approvals.changed: a request was made, decided or expired. It goes to the window that
 * asked (remembered until the request is no longer pending) and to every signed-in team
 * lead, who then ask again (lockout.status, approvals.list). Ids and states only.
 */
import type { ApprovalState } from '../../../shared/approvals/approval-codes.ts';
import { contract } from '../../../shared/contract/index.ts';
import type { Edges } from '../edges.ts';

export interface ApprovalEvents {
  /** A request is waiting: remember the window that asked, and tell it and the leads. */
  requested(approvalId: string, cardId: string, callerId: string): void;
  /** A request changed: tell the window that asked and the leads. */
  changed(approvalId: string, cardId: string, state: ApprovalState): void;
}

export function createApprovalEvents(
  edges: Pick<Edges, 'clock' | 'sessions' | 'emit'>,
): ApprovalEvents {
  const requesterWindows = new Map<string, string>();

  function changed(approvalId: string, cardId: string, state: ApprovalState): void {
    const now = edges.clock.now();
    const leads = edges.sessions
      .callers()
      .filter((callerId) => edges.sessions.forCaller(callerId, now)?.role === 'lead');
    const requester = requesterWindows.get(approvalId);
    const payload = contract.events['approvals.changed'].payload.parse({
      approvalId,
      cardId,
      state,
    });
    for (const callerId of new Set([...(requester ? [requester] : []), ...leads])) {
      edges.emit(callerId, 'approvals.changed', payload);
    }
    if (state !== 'pending') requesterWindows.delete(approvalId);
  }

  return {
    requested(approvalId, cardId, callerId) {
      requesterWindows.set(approvalId, callerId);
      changed(approvalId, cardId, 'pending');
    },
    changed,
  };
}
