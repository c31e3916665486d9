import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { SEARCH_KEYS, type SearchKey } from '../../../../shared/cards/search-keys.ts';
import { parseCardNumber } from '../../../../shared/input/card-number.ts';
import { normaliseCustomerRef } from '../../../../shared/input/customer-ref.ts';
import { normaliseEmail } from '../../../../shared/input/email.ts';
import { normaliseMobile } from '../../../../shared/input/mobile.ts';
import { useLeaveStore } from '../../app/leave-store.ts';
import { useNoticeStore } from '../../app/notice-store.ts';
import { formatTime } from '../../ui/format.ts';
import { reasonKey, reasonText } from '../../ui/reason-text.ts';
import { useSearchStore, type SearchQuery } from './search-store.ts';

/** The search form's first field: the focus-search shortcut lands here. */
export const SEARCH_FOCUS_ID = 'search-first-field';

/**
 * Find the caller's card by whatever they give: the card number, last 4 and surname, the
 * registered mobile or email, or the customer reference. Obvious mistakes are explained
 * before anything is searched; results are masked and paged.
 */
export function SearchScreen() {
  const { t, i18n } = useTranslation();
  const notice = useNoticeStore((s) => s.notice);
  const { query, answer, busy, error, search, showPage, clear } = useSearchStore(
    useShallow((s) => ({
      query: s.query,
      answer: s.answer,
      busy: s.busy,
      error: s.error,
      search: s.search,
      showPage: s.showPage,
      clear: s.clear,
    })),
  );
  const leave = useLeaveStore((s) => s.leave);
  const openCard = (cardId: string) => leave({ kind: 'open', cardId });
  const [key, setKey] = useState<SearchKey>(query?.key ?? 'last4-surname');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const resultsRef = useRef<HTMLUListElement>(null);

  const field = (name: string) => fields[name] ?? '';
  const setField = (name: string, value: string) => setFields((f) => ({ ...f, [name]: value }));

  // Results arrive: the first one takes the focus, so Enter opens it.
  useEffect(() => {
    resultsRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, [answer]);

  function toQuery(): SearchQuery | string {
    switch (key) {
      case 'card-number': {
        const check = parseCardNumber(field('number'));
        if (check.ok) return { key, number: check.digits };
        // Only the screen knows the brand's lengths: the router's refusal cannot name them.
        if (check.problem === 'length' && check.brand) {
          return t('search.cardNumberLength', {
            brand: check.brand,
            lengths: new Intl.ListFormat(i18n.language, { type: 'disjunction' }).format(
              check.lengths.map(String),
            ),
          });
        }
        return t(reasonKey(`search.card-number.${check.problem}`));
      }
      case 'last4-surname': {
        const last4 = field('last4').normalize('NFKC').trim();
        if (!/^\d{4}$/u.test(last4)) return t(reasonKey('search.last4'));
        if (field('surname').trim() === '') return t(reasonKey('search.surname'));
        return { key, last4, surname: field('surname') };
      }
      case 'mobile':
        return normaliseMobile(field('mobile'))
          ? { key, mobile: field('mobile') }
          : t(reasonKey('search.mobile'));
      case 'email':
        return normaliseEmail(field('email'))
          ? { key, email: field('email') }
          : t(reasonKey('search.email'));
      case 'customer-ref':
        return normaliseCustomerRef(field('customerRef'))
          ? { key, customerRef: field('customerRef') }
          : t(reasonKey('search.customer-ref'));
    }
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next = toQuery();
    if (typeof next === 'string') return setProblem(next);
    setProblem(null);
    await search(next);
  };

  const chooseKey = (next: SearchKey) => {
    setKey(next);
    setProblem(null);
    clear();
  };

  // Arrow keys move between results; Escape goes back to the form.
  const onResultsKey = (event: KeyboardEvent<HTMLUListElement>) => {
    const buttons = [...(resultsRef.current?.querySelectorAll('button') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      buttons[Math.min(buttons.length - 1, Math.max(0, at + step))]?.focus();
    }
  };

  const input = (
    name: string,
    props: {
      label: string;
      inputMode?: 'numeric' | 'tel' | 'email';
      grow?: boolean;
      maxLength?: number;
      first?: boolean;
    },
  ) => (
    <label className={`field ${props.grow ? 'field-grow' : ''}`} key={name}>
      <span>{props.label}</span>
      <input
        id={props.first ? SEARCH_FOCUS_ID : undefined}
        data-testid={`search-${name}`}
        inputMode={props.inputMode}
        autoComplete="off"
        spellCheck={false}
        autoFocus={props.first}
        maxLength={props.maxLength}
        value={field(name)}
        onChange={(event) => setField(name, event.target.value)}
      />
    </label>
  );

  return (
    <section className="panel" aria-labelledby="search-title">
      <h1 id="search-title">{t('search.title')}</h1>
      {notice !== null && (
        <p className="notice-ok" role="status" data-testid="search-notice">
          {notice === 'call-saved' ? t('wrapUp.saved') : t('leaveCall.ended')}
        </p>
      )}
      <fieldset className="segmented" data-testid="search-keys">
        <legend className="visually-hidden">{t('search.by')}</legend>
        {SEARCH_KEYS.map((option) => (
          <label key={option} className={option === key ? 'segment segment-on' : 'segment'}>
            <input
              type="radio"
              name="search-key"
              value={option}
              data-testid={`search-key-${option}`}
              checked={option === key}
              onChange={() => chooseKey(option)}
            />
            {t(`search.key.${option}`)}
          </label>
        ))}
      </fieldset>
      <form onSubmit={(event) => void submit(event)} className="form form-row" noValidate>
        {key === 'card-number' &&
          input('number', {
            label: t('search.cardNumber'),
            inputMode: 'numeric',
            grow: true,
            maxLength: 40,
            first: true,
          })}
        {key === 'last4-surname' && [
          input('last4', {
            label: t('search.last4'),
            inputMode: 'numeric',
            maxLength: 8,
            first: true,
          }),
          input('surname', { label: t('search.surname'), grow: true, maxLength: 64 }),
        ]}
        {key === 'mobile' &&
          input('mobile', {
            label: t('search.mobile'),
            inputMode: 'tel',
            grow: true,
            maxLength: 40,
            first: true,
          })}
        {key === 'email' &&
          input('email', {
            label: t('search.email'),
            inputMode: 'email',
            grow: true,
            maxLength: 254,
            first: true,
          })}
        {key === 'customer-ref' &&
          input('customerRef', {
            label: t('search.customerRef'),
            grow: true,
            maxLength: 40,
            first: true,
          })}
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
          {reasonText(t, error)}
        </p>
      )}
      {answer && (
        <div className="results" aria-live="polite">
          <h2>{t('search.results')}</h2>
          {answer.total === 0 ? (
            <p className="notice" data-testid="search-empty">
              {t('search.empty')}
            </p>
          ) : (
            <>
              <p className="muted" data-testid="search-count">
                {t('search.resultCount', { count: answer.total })}
                {answer.pages > 1 &&
                  ` · ${t('search.pageOf', { page: answer.page + 1, pages: answer.pages })}`}
              </p>
              <ul
                className="result-list"
                data-testid="search-results"
                ref={resultsRef}
                onKeyDown={onResultsKey}
                aria-label={t('search.results')}
              >
                {answer.results.map((card) => (
                  <li key={card.cardId}>
                    <button
                      type="button"
                      className="result"
                      data-testid={`search-result-${card.cardId}`}
                      onClick={() => void openCard(card.cardId)}
                    >
                      <span className="result-card">{card.maskedCard}</span>
                      <span className="result-name">
                        {card.name}
                        {card.nameKana && (
                          <span className="result-reading" data-testid="search-result-reading">
                            {card.nameKana}
                          </span>
                        )}
                      </span>
                      <span className="result-product" data-testid="search-result-product">
                        {t(`product.${card.product}`, { defaultValue: card.product })}
                      </span>
                      {card.lock.state === 'locked' && (
                        <span className="badge badge-locked" data-testid="search-result-lock">
                          {card.lock.until
                            ? t('card.lockedUntil', {
                                time: formatTime(card.lock.until, i18n.language),
                              })
                            : t('card.lockedUntilReset')}
                        </span>
                      )}
                    </button>
                  </li>
                ))}
              </ul>
              {answer.pages > 1 && (
                <nav className="pager" aria-label={t('search.pages')}>
                  <button
                    type="button"
                    className="button-quiet"
                    data-testid="search-previous"
                    disabled={answer.page === 0 || busy}
                    onClick={() => void showPage(answer.page - 1)}
                  >
                    {t('search.previous')}
                  </button>
                  <button
                    type="button"
                    className="button-quiet"
                    data-testid="search-next"
                    disabled={answer.page + 1 >= answer.pages || busy}
                    onClick={() => void showPage(answer.page + 1)}
                  >
                    {t('search.next')}
                  </button>
                </nav>
              )}
            </>
          )}
          {answer.tooMany && (
            <p className="notice" data-testid="search-too-many">
              {t('search.tooMany')}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
