import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { LANGUAGES, setLanguage, type Language } from '../i18n/i18n.ts';
import { useAppStore } from '../stores/app-store.ts';
import { useApprovalsStore } from '../stores/approvals-store.ts';
import { useNavStore } from '../stores/nav-store.ts';
import { useSessionStore } from '../stores/session-store.ts';

export function TopBar() {
  const { t, i18n } = useTranslation();
  const info = useAppStore((s) => s.info);
  const { view, signOut } = useSessionStore(
    useShallow((s) => ({ view: s.view, signOut: s.signOut })),
  );
  const operator = view && view.state !== 'signed-out' ? view.operator : null;
  const { screen, show } = useNavStore(useShallow((s) => ({ screen: s.screen, show: s.show })));
  const waiting = useApprovalsStore((s) => s.requests.length);
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
        {info?.surface === 'preview' && (
          <span
            className="label label-preview"
            data-testid="label-preview"
            title={t('app.previewHint')}
          >
            {t('app.preview')}
          </span>
        )}
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
        {operator && (
          <span className="topbar-operator" data-testid="topbar-operator">
            {operator.displayName} · {t(`role.${operator.role}`)}
          </span>
        )}
        <label className="topbar-language">
          <span className="visually-hidden">{t('app.language')}</span>
          <select
            data-testid="language"
            value={i18n.language}
            onChange={(event) => setLanguage(event.target.value as Language)}
          >
            {LANGUAGES.map((language) => (
              <option key={language} value={language}>
                {language === 'ja' ? '日本語' : 'English'}
              </option>
            ))}
          </select>
        </label>
        {view?.state === 'active' && (
          <button
            type="button"
            className="button-quiet"
            data-testid="signout"
            onClick={() => void signOut()}
          >
            {t('app.signOut')}
          </button>
        )}
      </div>
    </header>
  );
}
