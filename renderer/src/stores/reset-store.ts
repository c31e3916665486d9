/**
 * The open card's reset: whether it is allowed and why not (as the router decides), the
 * reset or approval request in progress, and the commands. Re-read whenever the card or its
 * verification changes and when main says an approval request changed.
 */
import { create } from 'zustand';
import type { ErrorCode, ResetStatus } from '../../../shared/contract/index.ts';
import type { ResetReason } from '../../../shared/resets/reset-codes.ts';
import { desk } from '../lib/desk.ts';
import { useCardStore } from './card-store.ts';
import { holdsCardholderData } from './cardholder-data.ts';
import { onUnauthenticated } from './session-store.ts';

type DeskError = { code: ErrorCode; message: string };

interface ResetState {
  cardId: string | null;
  status: ResetStatus | null;
  busy: boolean;
  error: DeskError | null;
  load(cardId: string): Promise<void>;
  reset(reason: ResetReason, note: string): Promise<DeskError | null>;
  retry(): Promise<void>;
  clear(): void;
}

export const useResetStore = create<ResetState>((set, get) => {
  /** A reply that changed the lock: the header (lock badge, earlier resets) is read again. */
  const settle = async (status: ResetStatus) => {
    set({ status });
    const header = useCardStore.getState().header;
    if (header && JSON.stringify(header.lock) !== JSON.stringify(status.lock)) {
      await useCardStore.getState().refresh();
    }
  };
  return {
    cardId: null,
    status: null,
    busy: false,
    error: null,
    async load(cardId) {
      if (get().cardId !== cardId) set({ cardId, status: null, error: null });
      const result = await desk().lockout.status({ cardId });
      if (get().cardId !== cardId) return;
      if (result.ok) await settle(result.value);
      else {
        set({ error: result.error });
        onUnauthenticated(result.error.code);
      }
    },
    async reset(reason, note) {
      const cardId = get().cardId;
      if (!cardId) return null;
      set({ busy: true, error: null });
      try {
        const result = await desk().lockout.reset({ cardId, reason, note });
        if (result.ok) {
          await settle(result.value);
          return null;
        }
        onUnauthenticated(result.error.code);
        // The state moved under us (another console reset it): show it as it is now.
        await get().load(cardId);
        return result.error;
      } finally {
        set({ busy: false });
      }
    },
    async retry() {
      const cardId = get().cardId;
      if (!cardId) return;
      set({ busy: true, error: null });
      try {
        const result = await desk().lockout.retry({ cardId });
        if (result.ok) await settle(result.value);
        else {
          set({ error: result.error });
          onUnauthenticated(result.error.code);
        }
      } finally {
        set({ busy: false });
      }
    },
    clear: () => set({ cardId: null, status: null, error: null, busy: false }),
  };
});

holdsCardholderData(() => useResetStore.getState().clear());
