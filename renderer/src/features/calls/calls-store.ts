/**
 * Ending the call: its outcome and note, saved with the call. Once saved, nothing of this
 * cardholder stays on screen or in memory, and the search screen says the call was saved.
 * The draft lives here, in the call's state, not in the form: the idle lock unmounts the
 * form, and the same operator resuming finds the note as they left it (memory only).
 */
import { create } from 'zustand';
import type { CallOutcome } from '../../../../shared/calls/call-codes.ts';
import type { DeskError } from '../../../../shared/contract/index.ts';
import { holdsCallData } from '../../app/call-data.ts';
import { clearCardholderData } from '../../app/cardholder-data.ts';
import { callDesk } from '../../app/desk-call.ts';
import { useNoticeStore } from '../../app/notice-store.ts';

/** The wrap-up as the agent is writing it: part of the call, so it survives the idle lock. */
export interface WrapUpDraft {
  outcome: CallOutcome | '';
  note: string;
}

const EMPTY_DRAFT: WrapUpDraft = { outcome: '', note: '' };

interface CallsState {
  saving: boolean;
  draft: WrapUpDraft;
  setDraft(patch: Partial<WrapUpDraft>): void;
  /** The refusal, if any, for the wrap-up form. */
  wrapUp(cardId: string, outcome: CallOutcome, note: string): Promise<DeskError | null>;
}

export const useCallsStore = create<CallsState>((set, get) => ({
  saving: false,
  draft: EMPTY_DRAFT,
  setDraft: (patch) => set({ draft: { ...get().draft, ...patch } }),
  async wrapUp(cardId, outcome, note) {
    set({ saving: true });
    try {
      const result = await callDesk((desk) => desk.calls.wrapUp({ cardId, outcome, note }));
      if (!result.ok) return result.error;
      set({ draft: EMPTY_DRAFT });
      clearCardholderData();
      useNoticeStore.getState().announce('call-saved');
      return null;
    } finally {
      set({ saving: false });
    }
  },
}));

// A draft belongs to its call: a new call, or leaving the card, starts with none.
holdsCallData(() => useCallsStore.setState({ draft: EMPTY_DRAFT }));
