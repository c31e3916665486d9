/** The open card's header. Lock state comes from the router each time, never a local flag. */
import { create } from 'zustand';
import type { CardHeader, ErrorCode } from '../../../shared/contract/index.ts';
import { desk } from '../lib/desk.ts';
import { useRouterClock } from '../lib/router-clock.ts';
import { holdsCardholderData } from './cardholder-data.ts';
import { onUnauthenticated } from './session-store.ts';

interface CardState {
  header: CardHeader | null;
  busy: boolean;
  error: { code: ErrorCode; message: string } | null;
  open(cardId: string): Promise<void>;
  /** Re-reads the open card (a lock countdown reached zero). */
  refresh(): Promise<void>;
  close(): void;
}

export const useCardStore = create<CardState>((set, get) => ({
  header: null,
  busy: false,
  error: null,
  async open(cardId) {
    set({ busy: true, error: null });
    try {
      const result = await desk().cards.open({ cardId });
      if (result.ok) {
        useRouterClock.getState().sync(result.value.now);
        set({ header: result.value });
      } else {
        set({ error: result.error });
        onUnauthenticated(result.error.code);
      }
    } finally {
      set({ busy: false });
    }
  },
  async refresh() {
    const cardId = get().header?.cardId;
    if (cardId) await get().open(cardId);
  },
  close: () => set({ header: null, error: null }),
}));

holdsCardholderData(() => useCardStore.getState().close());
