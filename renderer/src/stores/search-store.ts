/** Search results: masked card and name only, and whether more matched than were shown. */
import { create } from 'zustand';
import type { ChannelOutput, ErrorCode } from '../../../shared/contract/index.ts';
import { desk } from '../lib/desk.ts';
import { useRouterClock } from '../lib/router-clock.ts';
import { holdsCardholderData } from './cardholder-data.ts';
import { onUnauthenticated } from './session-store.ts';

type SearchOutput = ChannelOutput<'cards.search'>;

interface SearchState {
  results: SearchOutput['results'] | null;
  truncated: boolean;
  busy: boolean;
  error: { code: ErrorCode; message: string } | null;
  searchByLast4AndSurname(last4: string, surname: string): Promise<void>;
  clear(): void;
}

export const useSearchStore = create<SearchState>((set) => ({
  results: null,
  truncated: false,
  busy: false,
  error: null,
  async searchByLast4AndSurname(last4, surname) {
    set({ busy: true, error: null });
    try {
      const result = await desk().cards.search({ key: 'last4-surname', last4, surname });
      if (result.ok) {
        useRouterClock.getState().sync(result.value.now);
        set({ results: result.value.results, truncated: result.value.truncated });
      } else {
        set({ results: null, error: result.error });
        onUnauthenticated(result.error.code);
      }
    } finally {
      set({ busy: false });
    }
  },
  clear: () => set({ results: null, truncated: false, error: null }),
}));

holdsCardholderData(() => useSearchStore.getState().clear());
