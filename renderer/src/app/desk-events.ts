/**
 * What main pushes, handed to the stores it concerns. The page's shell wires events to
 * features, so no feature needs to know another's store.
 */
import { useEffect } from 'react';
import { useAlertsStore } from '../features/alerts/alerts-store.ts';
import { useApprovalsStore } from '../features/approvals/approvals-store.ts';
import { useAuditStore } from '../features/audit/audit-store.ts';
import { useLockoutStore } from '../features/lockout/lockout-store.ts';
import { useSessionStore } from '../features/session/session-store.ts';
import { useConnectionStore } from './connection-store.ts';
import { desk } from './desk.ts';

export function useDeskEvents(): void {
  // The OS locked the screen: main pushes this so the lock screen shows at once.
  useEffect(() => desk().on('session.changed', () => void useSessionStore.getState().load()), []);

  // Connected mode: the desk server is unreachable, or back (then the session is read again:
  // it survived the outage, or the page shows sign-in).
  useEffect(
    () =>
      desk().on('connection.changed', ({ state }) => {
        useConnectionStore.getState().setLost(state === 'lost');
        if (state === 'connected') void useSessionStore.getState().load();
      }),
    [],
  );

  // A reset request was made, decided or expired: the agent who asked sees it at once, and
  // a lead's queue refreshes.
  useEffect(
    () =>
      desk().on('approvals.changed', (change) => {
        const lockout = useLockoutStore.getState();
        if (lockout.cardId === change.cardId) void lockout.load(change.cardId);
        const session = useSessionStore.getState().view;
        if (session?.state === 'active' && session.operator.role === 'lead') {
          void useApprovalsStore.getState().load();
        }
      }),
    [],
  );

  // An alert was raised, counted again or acknowledged (here or in another console on the
  // database): a lead's tray and badge are read again, and a new one is announced.
  useEffect(
    () =>
      desk().on('alerts.changed', (change) => {
        const session = useSessionStore.getState().view;
        if (session?.state !== 'active' || session.operator.role !== 'lead') return;
        const alerts = useAlertsStore.getState();
        void alerts.load();
        if (change.state === 'open') alerts.announce(change.alertId);
      }),
    [],
  );

  // A lead's counts are right from sign-in on, and read again on resume: what changed while
  // the console was locked was not pushed to it.
  const leadSince = useSessionStore((s) =>
    s.view?.state === 'active' && s.view.operator.role === 'lead' ? s.view.operator.username : null,
  );
  useEffect(() => {
    if (!leadSince) return;
    void useAlertsStore.getState().load();
    void useApprovalsStore.getState().load();
  }, [leadSince]);

  // A chain check running in main's worker reports how far it has got.
  useEffect(
    () =>
      desk().on('audit.verifyProgress', (progress) =>
        useAuditStore.getState().verifyProgress(progress),
      ),
    [],
  );
}
