/**
 * The open card and its call: the header an agent works from. Lock state and verification
 * come from the router each time, never a local flag; the panels of other features report
 * what they learnt (a new verification) through the workspace, which patches the header.
 */
import { create } from 'zustand';
import type { CardHeader, DeskError, VerificationView } from '../../../../shared/contract/index.ts';
import { clearCallData } from '../../app/call-data.ts';
import { holdsCardholderData } from '../../app/cardholder-data.ts';
import { callInto } from '../../app/desk-call.ts';

interface CardState {
  header: CardHeader | null;
  busy: boolean;
  error: DeskError | null;
  open(cardId: string): Promise<void>;
  /** Re-reads the open card (the lock changed, a countdown reached zero, a verification expired). */
  refresh(): Promise<void>;
  /** The verification panel's answer, so the header says where verification stands. */
  setVerification(verification: VerificationView): void;
  close(): void;
}

export const useCardStore = create<CardState>((set, get) => ({
  header: null,
  busy: false,
  error: null,
  async open(cardId) {
    await callInto(
      set,
      (desk) => desk.cards.open({ cardId }),
      (header) => {
        // A new call starts clean: nothing said in the previous one stays.
        if (get().header?.callId !== header.callId) clearCallData();
        return { header };
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
  close() {
    clearCallData();
    set({ header: null, error: null });
  },
}));

holdsCardholderData(() => useCardStore.getState().close());
