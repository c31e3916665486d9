/**
 * A message that outlives the screen it came from: the call was saved, shown on the search
 * screen the agent lands on. Cleared when the agent searches again.
 */
import { create } from 'zustand';

/** The call was saved with its outcome, or ended without one (and why). */
export type Notice = 'call-saved' | 'call-ended';

interface NoticeState {
  notice: Notice | null;
  announce(notice: Notice): void;
  dismiss(): void;
}

export const useNoticeStore = create<NoticeState>((set) => ({
  notice: null,
  announce: (notice) => set({ notice }),
  dismiss: () => set({ notice: null }),
}));
