/**
 * Leaving a card never ends its call silently. Going back to search (the back button, Escape,
 * the find key), opening another card and signing out all come here: with a call open, the
 * leave dialog asks how the call ended — an outcome, or none and why — and only then does
 * the agent go where they were going. The router enforces the same (call.still-open), so a
 * call this screen did not know of (the page was reloaded) is asked for too.
 */
import { create } from 'zustand';
import { useCardStore } from '../features/cards/card-store.ts';
import { SEARCH_FOCUS_ID } from '../features/cards/SearchScreen.tsx';
import { useSessionStore } from '../features/session/session-store.ts';
import { holdsCardholderData } from './cardholder-data.ts';
import { callDesk } from './desk-call.ts';

/** Where the agent was going when they left the card. */
export type LeaveIntent =
  { kind: 'search' } | { kind: 'open'; cardId: string } | { kind: 'sign-out' };

interface LeaveState {
  /** The open call's card and where the agent goes once it has ended; null: no dialog. */
  pending: { cardId: string; intent: LeaveIntent } | null;
  /** Go where the intent says, asking first when a call is open. */
  leave(intent: LeaveIntent): Promise<void>;
  /** The call has ended (saved or ended without an outcome): go where the agent was going. */
  proceed(intent: LeaveIntent): Promise<void>;
  /** Stay on the call. */
  stay(): void;
}

/** The call this screen knows is open (on screen, or kept through the idle lock). */
function knownCall(): string | null {
  const card = useCardStore.getState();
  return card.header?.cardId ?? card.suspended?.cardId ?? null;
}

async function go(intent: LeaveIntent): Promise<'done' | 'call-open'> {
  switch (intent.kind) {
    case 'search':
      useCardStore.getState().close();
      return 'done';
    case 'open': {
      await useCardStore.getState().open(intent.cardId);
      const error = useCardStore.getState().error;
      if (error?.reason !== 'call.still-open') return 'done';
      useCardStore.setState({ error: null });
      return 'call-open';
    }
    case 'sign-out': {
      await useSessionStore.getState().signOut();
      if (useSessionStore.getState().error?.reason !== 'call.still-open') return 'done';
      useSessionStore.setState({ error: null });
      return 'call-open';
    }
  }
}

export const useLeaveStore = create<LeaveState>((set) => ({
  pending: null,
  async leave(intent) {
    const open = knownCall();
    // Opening the card of the call itself is not leaving it.
    if (open !== null && !(intent.kind === 'open' && intent.cardId === open)) {
      set({ pending: { cardId: open, intent } });
      return;
    }
    if ((await go(intent)) === 'done') return;
    // The router knows of a call this screen lost: ask for its outcome all the same.
    const current = await callDesk((desk) => desk.calls.current());
    if (current.ok && current.value.call)
      set({ pending: { cardId: current.value.call.cardId, intent } });
  },
  async proceed(intent) {
    set({ pending: null });
    // Ending the call already cleared the card: back to search is where it lands.
    if (intent.kind !== 'search') await go(intent);
    else requestAnimationFrame(() => document.getElementById(SEARCH_FOCUS_ID)?.focus());
  },
  stay: () => set({ pending: null }),
}));

// The dialog names no cardholder value, but it belongs to the screen the lock takes away.
holdsCardholderData(() => useLeaveStore.getState().stay());
