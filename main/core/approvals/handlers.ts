/**
 * The approvals feature's slice of the router: the lead's queue, the decision, cancelling,
 * and a request's card read-only.
 */
import { createCardStore } from '../cards/card-store.ts';
import { createContactStore } from '../contacts/contact-store.ts';
import type { Edges } from '../edges.ts';
import { createAttemptStore } from '../history/attempt-store.ts';
import { lockoutServiceOf } from '../lockout/handlers.ts';
import { createLockoutStore } from '../lockout/lockout-store.ts';
import { createResetRowSeal } from '../lockout/reset-row-seal.ts';
import type { Handlers } from '../router/router.ts';
import { createApprovalCard } from './approval-card.ts';
import { createApprovalEvents } from './approval-events.ts';
import { trailBrokenCheck } from '../audit/trail-gate.ts';
import { createOperatorStore } from '../operators/operator-store.ts';
import { createApprovalService } from './approval-service.ts';
import { createApprovalStore } from './approval-store.ts';

export function approvalsHandlers(
  edges: Edges,
): Pick<Handlers, 'approvals.list' | 'approvals.decide' | 'approvals.cancel' | 'approvals.card'> {
  const operators = createOperatorStore(edges.db, edges.audit, edges.keys);
  const service = createApprovalService({
    approvals: edges.shared(createApprovalStore),
    cards: edges.shared(createCardStore),
    acs: edges.acs,
    attempts: edges.shared(createAttemptStore),
    resets: edges.shared(createLockoutStore),
    lockout: edges.shared(lockoutServiceOf),
    origin: edges.origin,
    changed: edges.shared(createApprovalEvents).changed,
    sessions: edges.sessions,
    seal: edges.shared(createResetRowSeal),
    trailBroken: trailBrokenCheck(edges.keys),
    requesterStanding: (operatorId) => operators.standing(operatorId),
  });
  const card = createApprovalCard({
    approvals: edges.shared(createApprovalStore),
    cards: edges.shared(createCardStore),
    contacts: edges.shared(createContactStore),
    attempts: edges.shared(createAttemptStore),
    acs: edges.acs,
    policy: edges.policy,
    sessions: edges.sessions,
    seal: edges.shared(createResetRowSeal),
    origin: edges.origin,
  });
  return {
    'approvals.list': service.list,
    'approvals.decide': service.decide,
    'approvals.card': card,
    'approvals.cancel': service.cancel,
  };
}
