/** Resets and approval requests as the contract carries them. */
import type { ApprovalView, ResetView } from '../../../shared/contract/index.ts';
import type { ApprovalRecord } from './approval-store.ts';
import type { ResetRecord } from './reset-store.ts';

export function resetView(reset: ResetRecord): ResetView {
  return {
    resetId: reset.publicId,
    state: reset.state,
    requestedAt: reset.requestedAt.toISOString(),
    requestedBy: reset.requestedBy,
    appliedAt: reset.appliedAt?.toISOString() ?? null,
    attempts: reset.attempts,
    lastError: reset.lastError,
  };
}

export function approvalView(approval: ApprovalRecord): ApprovalView {
  return {
    approvalId: approval.publicId,
    state: approval.state,
    requestedAt: approval.requestedAt.toISOString(),
    requestedBy: approval.requestedBy,
    expiresAt: approval.expiresAt.toISOString(),
    escalation: approval.escalation,
    decidedBy: approval.decidedBy,
    decisionNote: approval.decisionNote,
  };
}
