/** The open card's 3-D Secure history for the timeline, with its filters. */
import { create } from 'zustand';
import type { AttemptView, ChannelInput, ErrorCode } from '../../../shared/contract/index.ts';
import { desk } from '../lib/desk.ts';
import { useRouterClock } from '../lib/router-clock.ts';
import { holdsCardholderData } from './cardholder-data.ts';
import { onUnauthenticated } from './session-store.ts';

type Filters = Pick<ChannelInput<'cards.history'>, 'period' | 'outcome'>;

interface HistoryState extends Filters {
  cardId: string | null;
  attempts: AttemptView[];
  total: number;
  busy: boolean;
  error: { code: ErrorCode; message: string } | null;
  load(cardId: string, filters?: Partial<Filters>): Promise<void>;
  clear(): void;
}

const initial = {
  cardId: null,
  attempts: [],
  total: 0,
  period: '30d' as const,
  outcome: 'all' as const,
  error: null,
};

export const useHistoryStore = create<HistoryState>((set, get) => ({
  ...initial,
  busy: false,
  async load(cardId, filters = {}) {
    const next = {
      period: filters.period ?? get().period,
      outcome: filters.outcome ?? get().outcome,
    };
    set({
      busy: true,
      error: null,
      ...next,
      ...(get().cardId !== cardId && { attempts: [], total: 0 }),
    });
    try {
      const result = await desk().cards.history({ cardId, ...next });
      if (result.ok) {
        useRouterClock.getState().sync(result.value.now);
        set({ cardId, attempts: result.value.attempts, total: result.value.total });
      } else {
        set({ error: result.error });
        onUnauthenticated(result.error.code);
      }
    } finally {
      set({ busy: false });
    }
  },
  clear: () => set({ ...initial }),
}));

holdsCardholderData(() => useHistoryStore.getState().clear());
