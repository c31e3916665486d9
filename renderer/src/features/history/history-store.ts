/** The open card's 3-D Secure history for the timeline, with its filters. */
import { create } from 'zustand';
import type { AttemptView, ChannelInput, DeskError } from '../../../../shared/contract/index.ts';
import { holdsCardholderData } from '../../app/cardholder-data.ts';
import { callInto } from '../../app/desk-call.ts';

type Filters = Pick<ChannelInput<'cards.history'>, 'period' | 'outcome'>;

interface HistoryState extends Filters {
  cardId: string | null;
  attempts: AttemptView[];
  total: number;
  busy: boolean;
  error: DeskError | null;
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
    set({ ...next, ...(get().cardId !== cardId && { attempts: [], total: 0 }) });
    await callInto(
      set,
      (desk) => desk.cards.history({ cardId, ...next }),
      ({ attempts, total }) => ({ cardId, attempts, total }),
      { busy: true },
    );
  },
  clear: () => set({ ...initial }),
}));

holdsCardholderData(() => useHistoryStore.getState().clear());
