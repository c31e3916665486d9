import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useCardStore } from '../stores/card-store.ts';
import { useSearchStore } from '../stores/search-store.ts';

/** Find the caller's card by the last 4 digits and the surname; results are masked. */
export function SearchScreen() {
  const { t } = useTranslation();
  const { results, truncated, busy, error, search } = useSearchStore(
    useShallow((s) => ({
      results: s.results,
      truncated: s.truncated,
      busy: s.busy,
      error: s.error,
      search: s.searchByLast4AndSurname,
    })),
  );
  const openCard = useCardStore((s) => s.open);
  const [last4, setLast4] = useState('');
  const [surname, setSurname] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const digits = last4.normalize('NFKC').trim();
    if (!/^\d{4}$/u.test(digits)) return setProblem(t('search.invalidLast4'));
    if (surname.trim() === '') return setProblem(t('search.invalidSurname'));
    setProblem(null);
    await search(digits, surname);
  };

  return (
    <section className="panel" aria-labelledby="search-title">
      <h1 id="search-title">{t('search.title')}</h1>
      <form onSubmit={(event) => void submit(event)} className="form form-row">
        <label className="field field-last4">
          <span>{t('search.last4')}</span>
          <input
            data-testid="search-last4"
            inputMode="numeric"
            autoComplete="off"
            autoFocus
            maxLength={8}
            value={last4}
            onChange={(event) => setLast4(event.target.value)}
          />
        </label>
        <label className="field field-grow">
          <span>{t('search.surname')}</span>
          <input
            data-testid="search-surname"
            autoComplete="off"
            value={surname}
            onChange={(event) => setSurname(event.target.value)}
          />
        </label>
        <button
          type="submit"
          className="button-primary"
          data-testid="search-submit"
          disabled={busy}
        >
          {busy ? t('search.busy') : t('search.submit')}
        </button>
      </form>
      {problem && (
        <p className="error" role="alert" data-testid="search-problem">
          {problem}
        </p>
      )}
      {error && (
        <p className="error" role="alert" data-testid="search-error">
          {t(`errors.${error.code}`)}
        </p>
      )}
      {results && (
        <div className="results" aria-live="polite">
          <h2>{t('search.results')}</h2>
          {results.length === 0 ? (
            <p className="notice" data-testid="search-empty">
              {t('search.empty')}
            </p>
          ) : (
            <>
              <p className="muted">{t('search.resultCount', { count: results.length })}</p>
              <ul className="result-list" data-testid="search-results">
                {results.map((card) => (
                  <li key={card.cardId}>
                    <button
                      type="button"
                      className="result"
                      data-testid={`search-result-${card.cardId}`}
                      onClick={() => void openCard(card.cardId)}
                    >
                      <span className="result-card">{card.maskedCard}</span>
                      <span className="result-name">{card.name}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
          {truncated && (
            <p className="notice" data-testid="search-truncated">
              {t('search.truncated')}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
