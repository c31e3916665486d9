import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { ApprovalQueue } from './components/ApprovalQueue.tsx';
import { IdleWatcher } from './components/IdleWatcher.tsx';
import { LockScreen } from './components/LockScreen.tsx';
import { SearchScreen } from './components/SearchScreen.tsx';
import { Shortcuts } from './components/Shortcuts.tsx';
import { SignInScreen } from './components/SignInScreen.tsx';
import { TopBar } from './components/TopBar.tsx';
import { Workspace } from './components/Workspace.tsx';
import { useAppStore } from './stores/app-store.ts';
import { useApprovalsStore } from './stores/approvals-store.ts';
import { useCardStore } from './stores/card-store.ts';
import { useNavStore } from './stores/nav-store.ts';
import { useResetStore } from './stores/reset-store.ts';
import { useSessionStore } from './stores/session-store.ts';

export function App() {
  const { t } = useTranslation();
  const info = useAppStore((s) => s.info);
  const { view, switching } = useSessionStore(
    useShallow((s) => ({ view: s.view, switching: s.switching })),
  );
  const header = useCardStore((s) => s.header);
  const screen = useNavStore((s) => s.screen);

  // The OS locked the screen: main pushes this so the lock screen shows at once.
  useEffect(
    () => window.desk.on('session.changed', () => void useSessionStore.getState().load()),
    [],
  );

  // A reset request was made, decided or expired: the agent who asked sees it at once, and
  // a lead's queue refreshes.
  useEffect(
    () =>
      window.desk.on('approvals.changed', (change) => {
        const reset = useResetStore.getState();
        if (reset.cardId === change.cardId) void reset.load(change.cardId);
        const session = useSessionStore.getState().view;
        if (session?.state === 'active' && session.operator.role === 'lead') {
          void useApprovalsStore.getState().load();
        }
      }),
    [],
  );

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
        {view.operator.role === 'lead' && screen === 'approvals' ? (
          <ApprovalQueue />
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
      <main className="content">{content}</main>
    </div>
  );
}
