/** Search results: masked card and name only, paged; what was searched stays only in memory. */
import { create } from 'zustand';
import type { ChannelInput, ChannelOutput, ErrorCode } from '../../../shared/contract/index.ts';
import { desk } from '../lib/desk.ts';
import { useRouterClock } from '../lib/router-clock.ts';
import { holdsCardholderData } from './cardholder-data.ts';
import { onUnauthenticated } from './session-store.ts';

export type SearchQuery = ChannelInput<'cards.search'>;
type SearchOutput = ChannelOutput<'cards.search'>;

interface SearchState {
  query: SearchQuery | null;
  answer: Omit<SearchOutput, 'now'> | null;
  busy: boolean;
  error: { code: ErrorCode; message: string } | null;
  /** A message for the agent on the search screen (the last call was saved). */
  notice: 'call-saved' | null;
  announce(notice: 'call-saved'): void;
  search(query: SearchQuery): Promise<void>;
  showPage(page: number): Promise<void>;
  clear(): void;
}

export const useSearchStore = create<SearchState>((set, get) => ({
  query: null,
  answer: null,
  busy: false,
  error: null,
  notice: null,
  announce: (notice) => set({ notice }),
  async search(query) {
    set({ busy: true, error: null, query, notice: null });
    try {
      const result = await desk().cards.search(query);
      if (result.ok) {
        useRouterClock.getState().sync(result.value.now);
        set({ answer: result.value });
      } else {
        set({ answer: null, error: result.error });
        onUnauthenticated(result.error.code);
      }
    } finally {
      set({ busy: false });
    }
  },
  async showPage(page) {
    const query = get().query;
    if (query) await get().search({ ...query, page });
  },
  clear: () => set({ query: null, answer: null, error: null }),
}));

holdsCardholderData(() => useSearchStore.getState().clear());
