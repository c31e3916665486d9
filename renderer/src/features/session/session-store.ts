/**
 * The operator's session as the router reports it. The router decides (idle lock, who may
 * resume); this store mirrors it, and empties every cardholder store whenever the session
 * is not active.
 */
import { create } from 'zustand';
import type { DeskError, Result, SessionView } from '../../../../shared/contract/index.ts';
import {
  clearCardholderData,
  lockCardholderData,
  resumeCardholderData,
} from '../../app/cardholder-data.ts';
import { desk } from '../../app/desk.ts';
import { onSessionLost } from '../../app/desk-call.ts';
import { useRouterClock } from '../../app/router-clock.ts';

interface SessionState {
  view: SessionView | null;
  busy: boolean;
  /** Why signing in or resuming was refused (shown by reason on the form). */
  error: DeskError | null;
  /** On the lock screen, the operator chose to sign in as someone else. */
  switching: boolean;
  load(): Promise<void>;
  signIn(username: string, password: string): Promise<void>;
  resume(password: string): Promise<void>;
  activity(): Promise<void>;
  signOut(): Promise<void>;
  switchOperator(): void;
}

/**
 * The session's own calls do not go through callDesk: a refused sign-in is unauthenticated
 * by nature, and asking the router for the session again would only repeat the answer.
 */
export const useSessionStore = create<SessionState>((set, get) => {
  const apply = (result: Result<SessionView>) => {
    if (!result.ok) {
      set({ error: result.error });
      return;
    }
    useRouterClock.getState().sync(result.value.now);
    const was = get().view?.state;
    const now = result.value.state;
    if (now === 'idle-locked') lockCardholderData();
    else if (now !== 'active') clearCardholderData();
    else if (was === 'idle-locked') resumeCardholderData();
    set({
      view: result.value,
      error: null,
      switching: result.value.state === 'idle-locked' && get().switching,
    });
  };

  const run = async (call: () => Promise<Result<SessionView>>) => {
    set({ busy: true, error: null });
    try {
      apply(await call());
    } finally {
      set({ busy: false });
    }
  };

  return {
    view: null,
    busy: false,
    error: null,
    switching: false,
    load: async () => apply(await desk().session.current()),
    signIn: (username, password) => run(() => desk().session.signIn({ username, password })),
    resume: (password) => run(() => desk().session.resume({ password })),
    activity: async () => apply(await desk().session.activity()),
    signOut: () => run(() => desk().session.signOut()),
    switchOperator: () => set({ switching: true, error: null }),
  };
});

// Any other call refused as unauthenticated: the session changed under us, ask the router.
onSessionLost(() => void useSessionStore.getState().load());
