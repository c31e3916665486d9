/** The lockout feature's slice of the router: the lock, and resetting it (status, reset, retry). */
import { createApprovalEvents } from '../approvals/approval-events.ts';
import { trailBrokenCheck } from '../audit/trail-gate.ts';
import { createApprovalStore } from '../approvals/approval-store.ts';
import { createContactStore } from '../contacts/contact-store.ts';
import { inOneRead } from '../db/read-scope.ts';
import type { Edges } from '../edges.ts';
import type { Handlers } from '../router/router.ts';
import { createVerificationStore } from '../verification/verification-store.ts';
import { createLockoutService } from './lockout-service.ts';
import { createFraudSignal } from './fraud-at-send.ts';
import { createLockoutStore } from './lockout-store.ts';
import { createRequesterStanding } from './requester-standing.ts';
import { createVouchedClears } from './vouched-clears.ts';

/** The core's lockout service; approvals send approved resets through its dispatch. */
export function lockoutServiceOf(edges: Edges) {
  return createLockoutService({
    acs: edges.acs,
    resets: edges.shared(createLockoutStore),
    approvals: edges.shared(createApprovalStore),
    verifications: edges.shared(createVerificationStore),
    openCalls: edges.openCalls,
    contacts: edges.shared(createContactStore),
    fraud: edges.shared(createFraudSignal),
    requesterStands: edges.shared(createRequesterStanding),
    clears: edges.shared(createVouchedClears),
    trailBroken: trailBrokenCheck(edges.keys),
    policy: edges.policy,
    oneRead: (read) => inOneRead(edges.db, read),
    origin: edges.origin,
    now: () => edges.clock.now(),
    logInternal: edges.logInternal,
    ...(edges.resetClaimMs === undefined ? {} : { claimMs: edges.resetClaimMs }),
    requested: edges.shared(createApprovalEvents).requested,
  });
}

export function lockoutHandlers(
  edges: Edges,
): Pick<Handlers, 'lockout.status' | 'lockout.reset' | 'lockout.retry'> {
  const service = edges.shared(lockoutServiceOf);
  return {
    'lockout.status': service.status,
    'lockout.reset': service.reset,
    'lockout.retry': service.retry,
  };
}
