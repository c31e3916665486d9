import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useAlertsStore } from '../features/alerts/alerts-store.ts';
import { useApprovalsStore } from '../features/approvals/approvals-store.ts';
import { FeedFreshness } from '../features/imports/FeedFreshness.tsx';
import { useSessionStore } from '../features/session/session-store.ts';
import { setLanguage } from '../i18n/i18n.ts';
import { LanguagePicker } from '../ui/LanguagePicker.tsx';
import { useAppStore } from './app-store.ts';
import { useLeaveStore } from './leave-store.ts';
import { useNavStore } from './nav-store.ts';

export function TopBar() {
  const { t, i18n } = useTranslation();
  const info = useAppStore((s) => s.info);
  const view = useSessionStore((s) => s.view);
  const leave = useLeaveStore((s) => s.leave);
  const operator = view && view.state !== 'signed-out' ? view.operator : null;
  const { screen, show } = useNavStore(useShallow((s) => ({ screen: s.screen, show: s.show })));
  const waiting = useApprovalsStore((s) => s.requests.length);
  const alerts = useAlertsStore((s) => s.openCount);
  const lead = view?.state === 'active' && view.operator.role === 'lead';

  return (
    <header className="topbar">
      <div className="topbar-brand">
        <span className="topbar-name">{t('app.name')}</span>
        {info?.demo && (
          <span className="label label-demo" data-testid="label-demo" title={t('app.demoHint')}>
            {t('app.demo')}
          </span>
        )}
        {info && (
          <span
            className="label label-quiet"
            data-testid="label-acs"
            data-acs={info.acs}
            title={t(`acsGateway.${info.acs}Hint`)}
          >
            {t(`acsGateway.${info.acs}`)}
          </span>
        )}
        {info?.benchmark && (
          <span
            className="label label-demo"
            data-testid="label-benchmark"
            title={t('app.benchmarkHint')}
          >
            {t('app.benchmark')}
          </span>
        )}
        {info?.surface === 'preview' && (
          <span
            className="label label-preview"
            data-testid="label-preview"
            title={t('app.previewHint')}
          >
            {t('app.preview')}
          </span>
        )}
        <FeedFreshness active={view?.state === 'active'} />
      </div>
      <div className="topbar-side">
        {lead && (
          <button
            type="button"
            className="button-quiet topbar-nav"
            data-testid="nav-approvals"
            aria-pressed={screen === 'approvals'}
            onClick={() => show(screen === 'approvals' ? 'desk' : 'approvals')}
          >
            {screen === 'approvals' ? t('approvals.back') : t('approvals.open', { count: waiting })}
          </button>
        )}
        {lead && (
          <button
            type="button"
            className="button-quiet topbar-nav"
            data-testid="nav-alerts"
            aria-pressed={screen === 'alerts'}
            onClick={() => show(screen === 'alerts' ? 'desk' : 'alerts')}
          >
            {screen === 'alerts' ? t('approvals.back') : t('alerts.open')}
            <span
              className={alerts > 0 ? 'count-badge count-badge-alert' : 'count-badge'}
              data-testid="alerts-badge"
            >
              {alerts}
            </span>
          </button>
        )}
        {lead && (
          <button
            type="button"
            className="button-quiet topbar-nav"
            data-testid="nav-team"
            aria-pressed={screen === 'team'}
            onClick={() => show(screen === 'team' ? 'desk' : 'team')}
          >
            {screen === 'team' ? t('approvals.back') : t('team.open')}
          </button>
        )}
        {lead && (
          <button
            type="button"
            className="button-quiet topbar-nav"
            data-testid="nav-audit"
            aria-pressed={screen === 'audit'}
            onClick={() => show(screen === 'audit' ? 'desk' : 'audit')}
          >
            {screen === 'audit' ? t('approvals.back') : t('audit.open')}
          </button>
        )}
        {operator && (
          <span className="topbar-operator" data-testid="topbar-operator">
            {operator.displayName} · {t(`role.${operator.role}`)}
          </span>
        )}
        <LanguagePicker
          className="topbar-language"
          label={t('app.language')}
          hideLabel
          value={i18n.language}
          onChange={setLanguage}
          testId="language"
        />
        {view?.state === 'active' && (
          <button
            type="button"
            className="button-quiet"
            data-testid="signout"
            onClick={() => void leave({ kind: 'sign-out' })}
          >
            {t('app.signOut')}
          </button>
        )}
      </div>
    </header>
  );
}
