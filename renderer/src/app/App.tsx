import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { AlertBanner } from '../features/alerts/AlertBanner.tsx';
import { AlertTray } from '../features/alerts/AlertTray.tsx';
import { ApprovalQueue } from '../features/approvals/ApprovalQueue.tsx';
import { AuditExplorer } from '../features/audit/AuditExplorer.tsx';
import { useCardStore } from '../features/cards/card-store.ts';
import { SearchScreen } from '../features/cards/SearchScreen.tsx';
import { TeamDay } from '../features/team/TeamDay.tsx';
import { Workspace } from '../features/cards/Workspace.tsx';
import { LockScreen } from '../features/session/LockScreen.tsx';
import { SignInScreen } from '../features/session/SignInScreen.tsx';
import { useSessionStore } from '../features/session/session-store.ts';
import { useAppStore } from './app-store.ts';
import { useConnectionStore } from './connection-store.ts';
import { useDeskEvents } from './desk-events.ts';
import { IdleWatcher } from './IdleWatcher.tsx';
import { LeaveCallDialog } from './LeaveCallDialog.tsx';
import { useLeaveStore } from './leave-store.ts';
import { useNavStore } from './nav-store.ts';
import { Shortcuts } from './Shortcuts.tsx';
import { TopBar } from './TopBar.tsx';

/** The page: the top bar, and the screen the session and role call for. */
export function App() {
  const { t } = useTranslation();
  const info = useAppStore((s) => s.info);
  const { view, switching } = useSessionStore(
    useShallow((s) => ({ view: s.view, switching: s.switching })),
  );
  const header = useCardStore((s) => s.header);
  const screen = useNavStore((s) => s.screen);
  const leaving = useLeaveStore((s) => s.pending);
  const connectionLost = useConnectionStore((s) => s.lost);
  useDeskEvents();

  useEffect(() => {
    void Promise.all([useAppStore.getState().load(), useSessionStore.getState().load()]).then(
      () => {
        // Tests wait for this marker instead of sleeping.
        document.documentElement.dataset.deskReady = 'true';
      },
    );
  }, []);

  let content;
  if (!info || !view) content = <p className="muted">{t('app.loading')}</p>;
  else if (view.state === 'signed-out' || (view.state === 'idle-locked' && switching))
    content = <SignInScreen />;
  else if (view.state === 'idle-locked') content = <LockScreen />;
  else
    content = (
      <>
        <IdleWatcher idleLockAt={view.idleLockAt} />
        <Shortcuts />
        {leaving && (
          <LeaveCallDialog
            key={`${leaving.cardId}:${leaving.intent.kind}`}
            cardId={leaving.cardId}
            intent={leaving.intent}
          />
        )}
        {view.operator.role === 'auditor' ||
        (view.operator.role === 'lead' && screen === 'audit') ? (
          <AuditExplorer />
        ) : view.operator.role === 'lead' && screen === 'approvals' ? (
          <ApprovalQueue />
        ) : view.operator.role === 'lead' && screen === 'alerts' ? (
          <AlertTray />
        ) : view.operator.role === 'lead' && screen === 'team' ? (
          <TeamDay />
        ) : header ? (
          <Workspace header={header} />
        ) : (
          <SearchScreen />
        )}
      </>
    );

  return (
    <div className="app">
      <TopBar />
      {connectionLost && (
        <p className="error connection-lost" role="alert" data-testid="connection-lost">
          {t('connection.lost')}
        </p>
      )}
      {view?.state === 'active' && view.operator.role === 'lead' && <AlertBanner />}
      {/* While the server is unreachable nothing here can be used: the banner says why. */}
      <main className="content" inert={connectionLost} aria-busy={connectionLost}>
        {content}
      </main>
    </div>
  );
}
