import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { reasonText } from '../../ui/reason-text.ts';
import { useSessionStore } from './session-store.ts';

export function SignInScreen() {
  const { t } = useTranslation();
  const { busy, error, signIn } = useSessionStore(
    useShallow((s) => ({ busy: s.busy, error: s.error, signIn: s.signIn })),
  );
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await signIn(username.trim(), password);
    setPassword('');
  };

  return (
    <section className="panel panel-narrow" aria-labelledby="signin-title">
      <h1 id="signin-title">{t('signIn.title')}</h1>
      <p className="muted">{t('signIn.intro')}</p>
      <form onSubmit={(event) => void submit(event)} className="form">
        <label className="field">
          <span>{t('signIn.username')}</span>
          <input
            data-testid="signin-username"
            autoComplete="username"
            autoFocus
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            required
          />
        </label>
        <label className="field">
          <span>{t('signIn.password')}</span>
          <input
            data-testid="signin-password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            required
          />
        </label>
        {error && (
          <p className="error" role="alert" data-testid="signin-error">
            {reasonText(t, error)}
          </p>
        )}
        <button
          type="submit"
          className="button-primary"
          data-testid="signin-submit"
          disabled={busy}
        >
          {busy ? t('signIn.busy') : t('signIn.submit')}
        </button>
      </form>
    </section>
  );
}
