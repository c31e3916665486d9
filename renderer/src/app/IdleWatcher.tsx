import { useEffect } from 'react';
import { useSessionStore } from '../features/session/session-store.ts';
import { routerNow } from './router-clock.ts';

const ACTIVITY_PING_MS = 30_000;
const POLL_MS = 30_000;

/**
 * Tells the router the operator is at the keyboard (at most every 30 s), and asks it for the
 * session when the idle lock is due and every 30 s, so the lock screen appears on time. The
 * router decides; this only keeps the screen in step with it.
 */
export function IdleWatcher({ idleLockAt }: { idleLockAt: string }) {
  const activity = useSessionStore((s) => s.activity);
  const load = useSessionStore((s) => s.load);

  useEffect(() => {
    let lastPing = 0;
    const onInput = () => {
      const now = Date.now();
      if (now - lastPing < ACTIVITY_PING_MS) return;
      lastPing = now;
      void activity();
    };
    const events = ['keydown', 'pointerdown', 'wheel'] as const;
    for (const event of events) window.addEventListener(event, onInput, { passive: true });
    return () => {
      for (const event of events) window.removeEventListener(event, onInput);
    };
  }, [activity]);

  useEffect(() => {
    const due = Math.max(0, new Date(idleLockAt).getTime() - routerNow()) + 250;
    const atLock = setTimeout(() => void load(), due);
    const poll = setInterval(() => void load(), POLL_MS);
    return () => {
      clearTimeout(atLock);
      clearInterval(poll);
    };
  }, [idleLockAt, load]);

  return null;
}
