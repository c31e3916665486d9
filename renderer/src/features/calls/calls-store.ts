/**
 * Ending the call: its outcome and note, saved with the call. Once saved, nothing of this
 * cardholder stays on screen or in memory, and the search screen says the call was saved.
 */
import { create } from 'zustand';
import type { CallOutcome } from '../../../../shared/calls/call-codes.ts';
import type { DeskError } from '../../../../shared/contract/index.ts';
import { clearCardholderData } from '../../app/cardholder-data.ts';
import { callDesk } from '../../app/desk-call.ts';
import { useNoticeStore } from '../../app/notice-store.ts';

interface CallsState {
  saving: boolean;
  /** The refusal, if any, for the wrap-up form. */
  wrapUp(cardId: string, outcome: CallOutcome, note: string): Promise<DeskError | null>;
}

export const useCallsStore = create<CallsState>((set) => ({
  saving: false,
  async wrapUp(cardId, outcome, note) {
    set({ saving: true });
    try {
      const result = await callDesk((desk) => desk.calls.wrapUp({ cardId, outcome, note }));
      if (!result.ok) return result.error;
      clearCardholderData();
      useNoticeStore.getState().announce('call-saved');
      return null;
    } finally {
      set({ saving: false });
    }
  },
}));
