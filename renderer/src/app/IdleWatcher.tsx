import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSessionStore } from '../features/session/session-store.ts';
import { routerNow } from './router-clock.ts';

const ACTIVITY_PING_MS = 30_000;
const POLL_MS = 30_000;
/** The warning shows this long before the idle lock. */
export const IDLE_WARNING_MS = 60_000;

/**
 * Tells the router the operator is at the keyboard (at most every 30 s), and asks it for the
 * session when the idle lock is due and every 30 s, so the lock screen appears on time. The
 * router decides; this only keeps the screen in step with it. A minute before the lock it
 * warns; any input then counts at once.
 */
export function IdleWatcher({ idleLockAt }: { idleLockAt: string }) {
  const { t } = useTranslation();
  const activity = useSessionStore((s) => s.activity);
  const load = useSessionStore((s) => s.load);
  // The lock time the warning is for: a new one (input counted) takes the warning away.
  const [warnedFor, setWarnedFor] = useState<string | null>(null);
  const warning = warnedFor === idleLockAt;
  const lastPing = useRef(0);

  useEffect(() => {
    const onInput = () => {
      const now = Date.now();
      if (now - lastPing.current < ACTIVITY_PING_MS) return;
      lastPing.current = now;
      void activity();
    };
    const events = ['keydown', 'pointerdown', 'wheel'] as const;
    for (const event of events) window.addEventListener(event, onInput, { passive: true });
    return () => {
      for (const event of events) window.removeEventListener(event, onInput);
    };
  }, [activity]);

  useEffect(() => {
    const left = new Date(idleLockAt).getTime() - routerNow();
    const atWarning = setTimeout(
      () => {
        // From now on the next input is sent at once: the warning must not outlive it.
        lastPing.current = 0;
        setWarnedFor(idleLockAt);
      },
      Math.max(0, left - IDLE_WARNING_MS),
    );
    const atLock = setTimeout(() => void load(), Math.max(0, left) + 250);
    const poll = setInterval(() => void load(), POLL_MS);
    return () => {
      clearTimeout(atWarning);
      clearTimeout(atLock);
      clearInterval(poll);
    };
  }, [idleLockAt, load]);

  return warning ? (
    <p className="idle-warning" role="alert" data-testid="idle-warning">
      {t('lock.warning')}
    </p>
  ) : null;
}
