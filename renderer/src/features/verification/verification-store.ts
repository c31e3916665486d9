/**
 * Verifying the caller of the open call: the answer to the last try (so the agent sees "not
 * verified" even though the state did not change) and the refusal, if any. Where
 * verification stands lives in the card's header; the panel hands each answer back to it.
 */
import { create } from 'zustand';
import type { DeskError, Result, VerificationView } from '../../../../shared/contract/index.ts';
import { holdsCallData } from '../../app/call-data.ts';
import { holdsCardholderData } from '../../app/cardholder-data.ts';
import { callDesk } from '../../app/desk-call.ts';

interface VerificationState {
  busy: boolean;
  error: DeskError | null;
  lastResult: VerificationView['status'] | null;
  /** The router's answer; a refusal is also kept in `error` to show. */
  verify(cardId: string, dob: string, postcode: string): Promise<Result<VerificationView>>;
  clear(): void;
}

const cleared = { error: null, lastResult: null };

export const useVerificationStore = create<VerificationState>((set) => ({
  ...cleared,
  busy: false,
  async verify(cardId, dob, postcode) {
    set({ busy: true, ...cleared });
    try {
      const result = await callDesk((desk) => desk.caller.verify({ cardId, dob, postcode }));
      set(result.ok ? { lastResult: result.value.status } : { error: result.error });
      return result;
    } finally {
      set({ busy: false });
    }
  },
  clear: () => set({ ...cleared }),
}));

holdsCardholderData(() => useVerificationStore.getState().clear());
holdsCallData(() => useVerificationStore.getState().clear());
