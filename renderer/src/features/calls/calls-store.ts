/**
 * Ending the call: its outcome and note, saved with the call. Once saved, nothing of this
 * cardholder stays on screen or in memory, and the search screen says the call was saved.
 * The draft lives here, in the call's state, not in the form: the idle lock unmounts the
 * form, and the same operator resuming finds the note as they left it (memory only).
 */
import { create } from 'zustand';
import type { CallOutcome, NoOutcomeReason } from '../../../../shared/calls/call-codes.ts';
import type { DeskError, Result } from '../../../../shared/contract/index.ts';
import { holdsCallData } from '../../app/call-data.ts';
import { clearCardholderData } from '../../app/cardholder-data.ts';
import { callDesk } from '../../app/desk-call.ts';
import { useNoticeStore, type Notice } from '../../app/notice-store.ts';

/** The wrap-up as the agent is writing it: part of the call, so it survives the idle lock. */
export interface WrapUpDraft {
  outcome: CallOutcome | '';
  note: string;
}

const EMPTY_DRAFT: WrapUpDraft = { outcome: '', note: '' };

/** The call's transfer to the fraud team, once recorded. */
export interface FraudTransfer {
  caseRef: string;
  transferredAt: string;
}

interface CallsState {
  saving: boolean;
  draft: WrapUpDraft;
  fraudTransfer: FraudTransfer | null;
  /** Records the transfer with the fraud team's case reference; the refusal, if any. */
  recordFraudTransfer(cardId: string, caseRef: string): Promise<DeskError | null>;
  setDraft(patch: Partial<WrapUpDraft>): void;
  /** The refusal, if any, for the wrap-up form. */
  wrapUp(cardId: string, outcome: CallOutcome, note: string): Promise<DeskError | null>;
  /** Ends the call without an outcome, saying why; the refusal, if any. */
  endWithoutOutcome(
    cardId: string,
    reason: NoOutcomeReason,
    note: string,
  ): Promise<DeskError | null>;
}

export const useCallsStore = create<CallsState>((set, get) => {
  /** The call ends: nothing of the cardholder stays, and the search screen says so. */
  async function endCall(
    call: () => Promise<Result<unknown>>,
    notice: Notice,
  ): Promise<DeskError | null> {
    set({ saving: true });
    try {
      const result = await call();
      if (!result.ok) return result.error;
      set({ draft: EMPTY_DRAFT, fraudTransfer: null });
      clearCardholderData();
      useNoticeStore.getState().announce(notice);
      return null;
    } finally {
      set({ saving: false });
    }
  }

  return {
    saving: false,
    draft: EMPTY_DRAFT,
    fraudTransfer: null,
    async recordFraudTransfer(cardId, caseRef) {
      set({ saving: true });
      try {
        const result = await callDesk((desk) => desk.calls.fraudTransfer({ cardId, caseRef }));
        if (!result.ok) return result.error;
        const { draft } = get();
        // A transferred call was escalated: the wrap-up starts from that.
        set({
          fraudTransfer: result.value,
          draft: draft.outcome === '' ? { ...draft, outcome: 'escalated' } : draft,
        });
        return null;
      } finally {
        set({ saving: false });
      }
    },
    setDraft: (patch) => set({ draft: { ...get().draft, ...patch } }),
    wrapUp: (cardId, outcome, note) =>
      endCall(() => callDesk((desk) => desk.calls.wrapUp({ cardId, outcome, note })), 'call-saved'),
    endWithoutOutcome: (cardId, reason, note) =>
      endCall(
        () => callDesk((desk) => desk.calls.endWithoutOutcome({ cardId, reason, note })),
        'call-ended',
      ),
  };
});

// A draft belongs to its call: a new call, or leaving the card, starts with none.
holdsCallData(() => useCallsStore.setState({ draft: EMPTY_DRAFT, fraudTransfer: null }));
