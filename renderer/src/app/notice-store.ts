/**
 * A message that outlives the screen it came from: the call was saved, shown on the search
 * screen the agent lands on. Cleared when the agent searches again.
 */
import { create } from 'zustand';

export type Notice = 'call-saved';

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
