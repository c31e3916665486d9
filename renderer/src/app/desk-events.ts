/**
 * What main pushes, handed to the stores it concerns. The page's shell wires events to
 * features, so no feature needs to know another's store.
 */
import { useEffect } from 'react';
import { useAlertsStore } from '../features/alerts/alerts-store.ts';
import { noticeFor, type LeadEvent } from '../features/alerts/lead-notice.ts';
import { useLeadNoticeStore } from '../features/alerts/lead-notice-store.ts';
import { useApprovalsStore } from '../features/approvals/approvals-store.ts';
import { useAuditStore } from '../features/audit/audit-store.ts';
import { useLockoutStore } from '../features/lockout/lockout-store.ts';
import { useSessionStore } from '../features/session/session-store.ts';
import { useConnectionStore } from './connection-store.ts';
import { desk } from './desk.ts';
import { useNavStore } from './nav-store.ts';

/** Whether this event tells the lead at once (lead-notice.ts), as things stand now. */
function noticeWanted(event: LeadEvent) {
  const session = useSessionStore.getState().view;
  return noticeFor(event, {
    role: session && session.state !== 'signed-out' ? session.operator.role : null,
    active: session?.state === 'active',
    muted: useLeadNoticeStore.getState().muted,
  });
}

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
  // a lead's queue refreshes; a new request tells the lead (with how many now wait).
  useEffect(
    () =>
      desk().on('approvals.changed', (change) => {
        const lockout = useLockoutStore.getState();
        if (lockout.cardId === change.cardId) void lockout.load(change.cardId);
        const session = useSessionStore.getState().view;
        if (session?.state === 'active' && session.operator.role === 'lead') {
          const wanted = noticeWanted({ name: 'approvals.changed', payload: change });
          const approvals = useApprovalsStore.getState();
          void approvals.load().then(() => {
            if (!wanted) return;
            const count = useApprovalsStore.getState().requests.length;
            if (count > 0) void useLeadNoticeStore.getState().tell({ ...wanted, count });
          });
        }
      }),
    [],
  );

  // An alert was raised, counted again or acknowledged (here or in another console on the
  // database): a lead's tray and badge are read again, and a new one tells the lead.
  useEffect(
    () =>
      desk().on('alerts.changed', (change) => {
        const session = useSessionStore.getState().view;
        if (session?.state !== 'active' || session.operator.role !== 'lead') return;
        const wanted = noticeWanted({ name: 'alerts.changed', payload: change });
        void useAlertsStore
          .getState()
          .load()
          .then(() => {
            if (!wanted) return;
            const count = useAlertsStore.getState().openCount;
            if (count > 0) void useLeadNoticeStore.getState().tell({ ...wanted, count });
          });
      }),
    [],
  );

  // The lead clicked the desktop notification (the app brought the window forward): the
  // tray, or the queue for a request.
  useEffect(
    () =>
      desk().on('alerts.noticeOpened', ({ about }) => {
        const session = useSessionStore.getState().view;
        if (session?.state !== 'active' || session.operator.role !== 'lead') return;
        useLeadNoticeStore.getState().dismiss();
        useNavStore.getState().show(about === 'alert' ? 'alerts' : 'approvals');
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
    useLeadNoticeStore.getState().signedIn(leadSince);
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
