/**
 * What main pushes, handed to the stores it concerns. The page's shell wires events to
 * features, so no feature needs to know another's store.
 */
import { useEffect } from 'react';
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

  // A chain check running in main's worker reports how far it has got.
  useEffect(
    () =>
      desk().on('audit.verifyProgress', (progress) =>
        useAuditStore.getState().verifyProgress(progress),
      ),
    [],
  );
}
