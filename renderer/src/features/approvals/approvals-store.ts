/** The team lead's queue of escalated resets, the decisions, and a request's card read-only. */
import { create } from 'zustand';
import type { ApprovalDecision } from '../../../../shared/approvals/approval-codes.ts';
import type {
  ApprovalCard,
  ApprovalQueueItem,
  DeskError,
} from '../../../../shared/contract/index.ts';
import { holdsCardholderData } from '../../app/cardholder-data.ts';
import { callDesk, callInto } from '../../app/desk-call.ts';

interface ApprovalsState {
  requests: ApprovalQueueItem[];
  /** The router's clock when the queue was read: how long each request has waited. */
  now: string | null;
  loaded: boolean;
  error: DeskError | null;
  /** The card of a request, opened read-only from the queue (null: the queue shows). */
  card: ApprovalCard | null;
  /** Why the card did not open (shown on the queue). */
  cardError: DeskError | null;
  load(): Promise<void>;
  openCard(approvalId: string): Promise<void>;
  closeCard(): void;
  /** Decides and reads the queue again; the refusal, if any, for the item's form. */
  decide(approvalId: string, decision: ApprovalDecision, note: string): Promise<DeskError | null>;
  clear(): void;
}

export const useApprovalsStore = create<ApprovalsState>((set, get) => ({
  requests: [],
  now: null,
  loaded: false,
  error: null,
  card: null,
  cardError: null,
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
  async openCard(approvalId) {
    const result = await callDesk((desk) => desk.approvals.card({ approvalId }));
    set(
      result.ok ? { card: result.value, cardError: null } : { card: null, cardError: result.error },
    );
  },
  closeCard: () => set({ card: null, cardError: null }),
  async decide(approvalId, decision, note) {
    const result = await callDesk((desk) => desk.approvals.decide({ approvalId, decision, note }));
    await get().load();
    return result.ok ? null : result.error;
  },
  clear: () =>
    set({ requests: [], now: null, loaded: false, error: null, card: null, cardError: null }),
}));

holdsCardholderData(() => useApprovalsStore.getState().clear());
