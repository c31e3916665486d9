/**
 * approvals.changed: a request was made, decided or expired, in this console or another on
 * the same database (events/event-bus.ts). It goes to every team lead's window, and to the
 * window that asked (remembered in the process that asked, until the request is no longer
 * pending) while the same operator is still signed in there; they then ask again
 * (lockout.status, approvals.list). Ids and states only, and only to active sessions: an
 * idle-locked window hears nothing until its operator resumes (and then asks again).
 */
import type { ApprovalState } from '../../../shared/approvals/approval-codes.ts';
import type { Edges } from '../edges.ts';
import { createEventBus, type EventBus } from '../events/event-bus.ts';

export interface ApprovalEvents {
  /** A request is waiting: remember the window that asked, and tell it and the leads. */
  requested(approvalId: string, cardId: string, callerId: string): void;
  /** A request changed: tell the window that asked and the leads. */
  changed(approvalId: string, cardId: string, state: ApprovalState): void;
}

export function createApprovalEvents(edges: Edges): ApprovalEvents {
  return approvalEventsOn(edges.shared(createEventBus), edges);
}

/** The approval events on a given bus (the core's, or a test's). */
export function approvalEventsOn(
  bus: EventBus,
  edges: Pick<Edges, 'clock' | 'sessions'>,
): ApprovalEvents {
  const requesterWindows = new Map<string, { callerId: string; operatorId: number }>();

  bus.addAudience('approvals.changed', ({ approvalId, state }) => {
    const asked = requesterWindows.get(approvalId);
    if (state !== 'pending') requesterWindows.delete(approvalId);
    if (!asked) return [];
    // The window that asked hears only while the operator who asked is signed in there.
    const session = edges.sessions.forCaller(asked.callerId, edges.clock.now());
    return session?.operatorId === asked.operatorId ? [asked.callerId] : [];
  });

  const changed = (approvalId: string, cardId: string, state: ApprovalState) =>
    bus.publish('approvals.changed', { approvalId, cardId, state });

  return {
    requested(approvalId, cardId, callerId) {
      const session = edges.sessions.forCaller(callerId, edges.clock.now());
      if (session) requesterWindows.set(approvalId, { callerId, operatorId: session.operatorId });
      changed(approvalId, cardId, 'pending');
    },
    changed,
  };
}
