/**
 * The UI shows the router's time, never its own: every reply carries the router's `now`, and
 * the offset to the local clock lets countdowns tick between replies.
 */
import { create } from 'zustand';

interface RouterClock {
  offsetMs: number;
  sync(routerNowIso: string): void;
}

export const useRouterClock = create<RouterClock>((set) => ({
  offsetMs: 0,
  sync: (routerNowIso) => set({ offsetMs: new Date(routerNowIso).getTime() - Date.now() }),
}));

export const routerNow = (): number => Date.now() + useRouterClock.getState().offsetMs;
