/** Search results: masked card and name only, paged; what was searched stays only in memory. */
import { create } from 'zustand';
import type { ChannelInput, ChannelOutput, DeskError } from '../../../../shared/contract/index.ts';
import { holdsCardholderData } from '../../app/cardholder-data.ts';
import { callInto } from '../../app/desk-call.ts';
import { useNoticeStore } from '../../app/notice-store.ts';

export type SearchQuery = ChannelInput<'cards.search'>;
type SearchOutput = ChannelOutput<'cards.search'>;

interface SearchState {
  query: SearchQuery | null;
  answer: Omit<SearchOutput, 'now'> | null;
  busy: boolean;
  error: DeskError | null;
  search(query: SearchQuery): Promise<void>;
  showPage(page: number): Promise<void>;
  clear(): void;
}

export const useSearchStore = create<SearchState>((set, get) => ({
  query: null,
  answer: null,
  busy: false,
  error: null,
  async search(query) {
    set({ query });
    useNoticeStore.getState().dismiss();
    const result = await callInto(
      set,
      (desk) => desk.cards.search(query),
      (answer) => ({ answer }),
      { busy: true },
    );
    if (!result.ok) set({ answer: null });
  },
  async showPage(page) {
    const query = get().query;
    if (query) await get().search({ ...query, page });
  },
  clear: () => set({ query: null, answer: null, error: null }),
}));

holdsCardholderData(() => useSearchStore.getState().clear());
