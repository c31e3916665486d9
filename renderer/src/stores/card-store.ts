/**
 * The open card and its call: header, contacts and where verification stands. Lock state
 * and verification come from the router each time, never a local flag.
 */
import { create } from 'zustand';
import type {
  CardHeader,
  ChannelInput,
  ChannelOutput,
  ErrorCode,
  VerificationView,
} from '../../../shared/contract/index.ts';
import { desk } from '../lib/desk.ts';
import { useRouterClock } from '../lib/router-clock.ts';
import { clearCardholderData, holdsCardholderData } from './cardholder-data.ts';
import { useSearchStore } from './search-store.ts';
import { onUnauthenticated } from './session-store.ts';

type DeskError = { code: ErrorCode; message: string };
export type ContactKind = 'mobile' | 'email';
export type ContactCheck = ChannelOutput<'contacts.check'> & { kind: ContactKind };
export type CallOutcome = ChannelInput<'calls.wrapUp'>['outcome'];

interface CardState {
  header: CardHeader | null;
  busy: boolean;
  error: DeskError | null;
  verifying: boolean;
  verifyError: DeskError | null;
  /** The last answer, so the agent sees "not verified" even though the state is unchanged. */
  lastVerifyResult: VerificationView['status'] | null;
  contactCheck: ContactCheck | null;
  contactCheckError: DeskError | null;
  open(cardId: string): Promise<void>;
  /** Re-reads the open card (a lock countdown reached zero, a verification expired). */
  refresh(): Promise<void>;
  verify(dob: string, postcode: string): Promise<void>;
  checkContact(kind: ContactKind, value: string): Promise<void>;
  /** Ends the call with its outcome and note; the workspace clears for the next call. */
  wrapUp(outcome: CallOutcome, note: string): Promise<DeskError | null>;
  close(): void;
}

const cleared = {
  header: null,
  error: null,
  verifyError: null,
  lastVerifyResult: null,
  contactCheck: null,
  contactCheckError: null,
};

export const useCardStore = create<CardState>((set, get) => ({
  ...cleared,
  busy: false,
  verifying: false,
  async open(cardId) {
    set({ busy: true, error: null });
    try {
      const result = await desk().cards.open({ cardId });
      if (result.ok) {
        useRouterClock.getState().sync(result.value.now);
        if (get().header?.callId !== result.value.callId) set({ ...cleared });
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
  async verify(dob, postcode) {
    const header = get().header;
    if (!header) return;
    set({ verifying: true, verifyError: null, lastVerifyResult: null });
    try {
      const result = await desk().caller.verify({ cardId: header.cardId, dob, postcode });
      if (result.ok) {
        set({
          header: { ...header, verification: result.value },
          lastVerifyResult: result.value.status,
        });
      } else {
        set({ verifyError: result.error });
        onUnauthenticated(result.error.code);
        // The state may have moved (another console used up the misses): read it again.
        if (result.error.code === 'rate_limited') await get().refresh();
      }
    } finally {
      set({ verifying: false });
    }
  },
  async checkContact(kind, value) {
    const header = get().header;
    if (!header) return;
    set({ contactCheck: null, contactCheckError: null });
    const result = await desk().contacts.check({ cardId: header.cardId, kind, value });
    if (result.ok) set({ contactCheck: { ...result.value, kind } });
    else {
      set({ contactCheckError: result.error });
      onUnauthenticated(result.error.code);
    }
  },
  async wrapUp(outcome, note) {
    const header = get().header;
    if (!header) return null;
    const result = await desk().calls.wrapUp({ cardId: header.cardId, outcome, note });
    if (!result.ok) {
      onUnauthenticated(result.error.code);
      return result.error;
    }
    // The next call starts clean: nothing of this cardholder stays on screen or in memory.
    clearCardholderData();
    useSearchStore.getState().announce('call-saved');
    return null;
  },
  close: () => set({ ...cleared }),
}));

holdsCardholderData(() => useCardStore.getState().close());
