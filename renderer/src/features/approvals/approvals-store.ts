/** The team lead's queue of escalated resets, and the decisions. */
import { create } from 'zustand';
import type { ApprovalDecision } from '../../../../shared/approvals/approval-codes.ts';
import type { ApprovalQueueItem, DeskError } from '../../../../shared/contract/index.ts';
import { holdsCardholderData } from '../../app/cardholder-data.ts';
import { callDesk, callInto } from '../../app/desk-call.ts';

interface ApprovalsState {
  requests: ApprovalQueueItem[];
  /** The router's clock when the queue was read: how long each request has waited. */
  now: string | null;
  loaded: boolean;
  error: DeskError | null;
  load(): Promise<void>;
  /** Decides and reads the queue again; the refusal, if any, for the item's form. */
  decide(approvalId: string, decision: ApprovalDecision, note: string): Promise<DeskError | null>;
  clear(): void;
}

export const useApprovalsStore = create<ApprovalsState>((set, get) => ({
  requests: [],
  now: null,
  loaded: false,
  error: null,
  async load() {
    await callInto(
      set,
      (desk) => desk.approvals.list(),
      ({ requests, now }) => ({
        requests,
        now,
        loaded: true,
      }),
    );
  },
  async decide(approvalId, decision, note) {
    const result = await callDesk((desk) => desk.approvals.decide({ approvalId, decision, note }));
    await get().load();
    return result.ok ? null : result.error;
  },
  clear: () => set({ requests: [], now: null, loaded: false, error: null }),
}));

holdsCardholderData(() => useApprovalsStore.getState().clear());
