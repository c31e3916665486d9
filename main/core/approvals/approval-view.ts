/** An approval request as the contract carries it: the agent's reset panel and the lead's queue. */
import type { ApprovalView } from '../../../shared/contract/index.ts';
import { shownNote } from '../checked-note.ts';
import type { ApprovalRecord } from './approval-store.ts';

export function approvalView(approval: ApprovalRecord): ApprovalView {
  return {
    approvalId: approval.publicId,
    state: approval.state,
    requestedAt: approval.requestedAt.toISOString(),
    requestedBy: approval.requestedBy,
    expiresAt: approval.expiresAt.toISOString(),
    escalation: approval.escalation,
    decidedBy: approval.decidedBy,
    decisionNote: approval.decisionNote === null ? null : shownNote(approval.decisionNote),
  };
}
