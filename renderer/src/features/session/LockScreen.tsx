import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../app/app-store.ts';
import { reasonText } from '../../ui/reason-text.ts';
import { useSessionStore } from './session-store.ts';

/** Shown while the session is idle-locked: no cardholder data, only the same operator resumes. */
export function LockScreen() {
  const { t } = useTranslation();
  const minutes = useAppStore((s) => s.info?.idleLockMinutes ?? 15);
  const { view, busy, error, resume, switchOperator } = useSessionStore(
    useShallow((s) => ({
      view: s.view,
      busy: s.busy,
      error: s.error,
      resume: s.resume,
      switchOperator: s.switchOperator,
    })),
  );
  const [password, setPassword] = useState('');
  if (view?.state !== 'idle-locked') return null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await resume(password);
    setPassword('');
  };

  return (
    <section className="panel panel-narrow" aria-labelledby="lock-title" data-testid="lock-screen">
      <h1 id="lock-title">{t('lock.title')}</h1>
      <p className="muted">{t('lock.intro', { minutes })}</p>
      <p>
        {t('lock.signedInAs', {
          name: view.operator.displayName,
          username: view.operator.username,
        })}
      </p>
      <form onSubmit={(event) => void submit(event)} className="form">
        <label className="field">
          <span>{t('lock.password')}</span>
          <input
            data-testid="lock-password"
            type="password"
            autoComplete="current-password"
            autoFocus
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            required
          />
        </label>
        {error && (
          <p className="error" role="alert" data-testid="lock-error">
            {reasonText(t, error)}
          </p>
        )}
        <button type="submit" className="button-primary" data-testid="lock-submit" disabled={busy}>
          {t('lock.submit')}
        </button>
      </form>
      <hr />
      <p className="muted small">{t('lock.switchHint')}</p>
      <button
        type="button"
        className="button-quiet"
        data-testid="lock-switch-operator"
        onClick={switchOperator}
      >
        {t('lock.switchOperator')}
      </button>
    </section>
  );
}
