/**
 * approvals.changed: a request was made, decided or expired. It goes to the window that
 * asked (remembered until the request is no longer pending) while the same operator is
 * still signed in there, and to every team lead's window, who then ask again
 * (lockout.status, approvals.list). Ids and states only, and only to active sessions: an
 * idle-locked window hears nothing until its operator resumes (and then asks again).
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
  const requesterWindows = new Map<string, { callerId: string; operatorId: number }>();

  function changed(approvalId: string, cardId: string, state: ApprovalState): void {
    const now = edges.clock.now();
    const active = (callerId: string) => {
      const session = edges.sessions.forCaller(callerId, now);
      return session?.state === 'active' ? session : null;
    };
    const leads = edges.sessions.callers().filter((callerId) => active(callerId)?.role === 'lead');
    const asked = requesterWindows.get(approvalId);
    // The window that asked hears only while the operator who asked is active there.
    const requester =
      asked && active(asked.callerId)?.operatorId === asked.operatorId ? asked.callerId : null;
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
      const session = edges.sessions.forCaller(callerId, edges.clock.now());
      if (session) requesterWindows.set(approvalId, { callerId, operatorId: session.operatorId });
      changed(approvalId, cardId, 'pending');
    },
    changed,
  };
}
