/** The team lead's queue of escalated resets, and the decisions. */
import { create } from 'zustand';
import type { ApprovalQueueItem, ErrorCode } from '../../../shared/contract/index.ts';
import { desk } from '../lib/desk.ts';
import { holdsCardholderData } from './cardholder-data.ts';
import { onUnauthenticated } from './session-store.ts';

type DeskError = { code: ErrorCode; message: string };

interface ApprovalsState {
  requests: ApprovalQueueItem[];
  loaded: boolean;
  error: DeskError | null;
  load(): Promise<void>;
  decide(
    approvalId: string,
    decision: 'approve' | 'reject',
    note: string,
  ): Promise<DeskError | null>;
  clear(): void;
}

export const useApprovalsStore = create<ApprovalsState>((set, get) => ({
  requests: [],
  loaded: false,
  error: null,
  async load() {
    const result = await desk().approvals.list();
    if (result.ok) set({ requests: result.value.requests, loaded: true, error: null });
    else {
      set({ error: result.error });
      onUnauthenticated(result.error.code);
    }
  },
  async decide(approvalId, decision, note) {
    const result = await desk().approvals.decide({ approvalId, decision, note });
    await get().load();
    if (result.ok) return null;
    onUnauthenticated(result.error.code);
    return result.error;
  },
  clear: () => set({ requests: [], loaded: false, error: null }),
}));

holdsCardholderData(() => useApprovalsStore.getState().clear());
