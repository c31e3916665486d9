/**
 * The open card and its call: the header an agent works from. Lock state and verification
 * come from the router each time, never a local flag; the panels of other features report
 * what they learnt (a new verification) through the workspace, which patches the header.
 */
import { create } from 'zustand';
import type {
  CardHeader,
  DeskError,
  ResetStatus,
  VerificationView,
} from '../../../../shared/contract/index.ts';
import type { Language } from '../../../../shared/languages.ts';
import { clearCallData } from '../../app/call-data.ts';
import { holdsCardholderData } from '../../app/cardholder-data.ts';
import { callInto } from '../../app/desk-call.ts';

interface CardState {
  header: CardHeader | null;
  busy: boolean;
  error: DeskError | null;
  /** The lockout's status as its panel last read it: the script follows the reset with it. */
  resetStatus: ResetStatus | null;
  /** A lock was in force at some point of this call: its end is news for the caller. */
  lockSeenInCall: boolean;
  /** The caller's language as the agent chose it in this call (null: not chosen). */
  callerLanguage: Language | null;
  /**
   * The call kept through the idle lock: which card and call only, in memory (never on
   * disk); resume reads the card again from the router, so changes made meanwhile show.
   */
  suspended: { cardId: string; callId: string } | null;
  suspend(): void;
  resume(): Promise<void>;
  open(cardId: string): Promise<void>;
  /** Re-reads the open card (the lock changed, a countdown reached zero, a verification expired). */
  refresh(): Promise<void>;
  /** The verification panel's answer, so the header says where verification stands. */
  setVerification(verification: VerificationView): void;
  setResetStatus(status: ResetStatus | null): void;
  setCallerLanguage(language: Language): void;
  close(): void;
}

export const useCardStore = create<CardState>((set, get) => ({
  header: null,
  busy: false,
  error: null,
  resetStatus: null,
  lockSeenInCall: false,
  callerLanguage: null,
  suspended: null,
  async open(cardId) {
    await callInto(
      set,
      (desk) => desk.cards.open({ cardId }),
      (header) => {
        // A new call starts clean: nothing said in the previous one stays.
        const sameCall = (get().header?.callId ?? get().suspended?.callId) === header.callId;
        if (!sameCall) clearCallData();
        const seen = (sameCall && get().lockSeenInCall) || header.lock.state === 'locked';
        return sameCall
          ? { header, lockSeenInCall: seen, suspended: null }
          : {
              header,
              lockSeenInCall: seen,
              resetStatus: null,
              callerLanguage: null,
              suspended: null,
            };
      },
      { busy: true },
    );
  },
  async refresh() {
    const cardId = get().header?.cardId;
    if (cardId) await get().open(cardId);
  },
  setVerification(verification) {
    const header = get().header;
    if (header) set({ header: { ...header, verification } });
  },
  setResetStatus(resetStatus) {
    const locked = resetStatus?.lock.state === 'locked';
    set({ resetStatus, lockSeenInCall: get().lockSeenInCall || locked });
  },
  setCallerLanguage: (callerLanguage) => set({ callerLanguage }),
  suspend() {
    const header = get().header;
    if (header) set({ suspended: { cardId: header.cardId, callId: header.callId } });
    // No cardholder value stays: the header goes, the call's own state (drafts) stays.
    set({ header: null, error: null, resetStatus: null });
  },
  async resume() {
    const suspended = get().suspended;
    if (suspended) await get().open(suspended.cardId);
  },
  close() {
    clearCallData();
    set({
      header: null,
      error: null,
      resetStatus: null,
      lockSeenInCall: false,
      callerLanguage: null,
      suspended: null,
    });
  },
}));

holdsCardholderData(() => useCardStore.getState().close(), {
  onLock: () => useCardStore.getState().suspend(),
  onResume: () => void useCardStore.getState().resume(),
});
