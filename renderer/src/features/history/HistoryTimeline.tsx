import { useVirtualizer } from '@tanstack/react-virtual';
import type { TFunction } from 'i18next';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { AttemptView } from '../../../../shared/contract/index.ts';
import {
  ATTEMPT_DELIVERIES,
  ATTEMPT_METHODS,
  ATTEMPT_OUTCOMES,
  FAILED_OUTCOMES,
  HISTORY_PERIODS,
} from '../../../../shared/history/attempt-codes.ts';
import { formatDateTimeZone, formatTime } from '../../ui/format.ts';
import { formatAmount } from '../../ui/money.ts';
import { useHistoryStore } from './history-store.ts';

/**
 * The card's 3-D Secure history, newest first, in plain language; protocol codes and the ACS
 * and DS transaction IDs (for escalation to the ACS vendor) on expand. Virtualised: only the
 * rows in view are in the page, so ten thousand attempts scroll as smoothly as ten.
 */
export function HistoryTimeline({ cardId }: { cardId: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  // The rows' fixed words (outcome, method, delivery, expand), each looked up once per
  // language instead of once per row rendered: i18next resolving a key costs more than the
  // rest of the row.
  const words = useMemo(() => wordsOf(t), [t]);
  const { attempts, total, period, outcome, busy, load } = useHistoryStore(
    useShallow((s) => ({
      attempts: s.attempts,
      total: s.total,
      period: s.period,
      outcome: s.outcome,
      busy: s.busy,
      load: s.load,
    })),
  );
  const scrollRef = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    void load(cardId);
  }, [cardId, load]);

  // A new filter starts at the newest attempt, not wherever the old list was scrolled to.
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [period, outcome]);

  // The virtualizer lays out every row again whenever getItemKey is a new function: kept the
  // same while the attempts are, so a render while scrolling does not walk all 10,000.
  const getItemKey = useCallback((index: number) => attempts[index]!.id, [attempts]);
  // The React Compiler leaves this component unmemoised (the virtualizer's functions change
  // as it measures), which is what a scrolling list needs; nothing memoised reads from it.
  // directDomUpdates: the virtualizer writes each row's position and the list's height
  // itself, and React renders only when the rows in view change — not again each time a row
  // that came into view is measured (a second render of every row in view, each frame of a
  // fling, before). The estimate is a collapsed row's height (60 px in both languages; 82 when
  // its outcome wraps), so nearly every row measures what was estimated and the virtualizer
  // has nothing to lay out again. 'position' writes `top`: `transform` would give each row a
  // compositor layer of its own, which cost more to paint here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: attempts.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 60,
    overscan: 8,
    getItemKey,
    directDomUpdates: true,
    directDomUpdatesMode: 'position',
  });

  // The same function on every render, so a row still in view is not rendered again.
  const toggle = useCallback(
    (id: string) =>
      setExpanded((current) => {
        const next = new Set(current);
        if (!next.delete(id)) next.add(id);
        return next;
      }),
    [],
  );

  return (
    <section className="panel history" aria-labelledby="history-title" data-testid="history">
      <div className="panel-head">
        <h2 id="history-title">{t('history.title')}</h2>
        <div className="filters">
          <label className="inline-field">
            <span>{t('history.period')}</span>
            <select
              data-testid="history-period"
              value={period}
              onChange={(event) =>
                void load(cardId, { period: event.target.value as typeof period })
              }
            >
              {HISTORY_PERIODS.map((p) => (
                <option key={p} value={p}>
                  {t(`history.periods.${p}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="inline-field">
            <span>{t('history.outcomeFilter')}</span>
            <select
              data-testid="history-outcome"
              value={outcome}
              onChange={(event) =>
                void load(cardId, { outcome: event.target.value as typeof outcome })
              }
            >
              <option value="all">{t('history.outcomeFilters.all')}</option>
              <option value="failed">{t('history.outcomeFilters.failed')}</option>
              {ATTEMPT_OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {t(`history.outcome.${o}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      <p className="muted small" data-testid="history-count" aria-live="polite">
        {busy && attempts.length === 0
          ? t('history.loading')
          : t('history.count', { shown: attempts.length, count: total })}
      </p>
      {!busy && attempts.length === 0 ? (
        <p className="notice" data-testid="history-empty">
          {t('history.empty')}
        </p>
      ) : (
        <div
          ref={scrollRef}
          className="history-scroll"
          data-testid="history-scroll"
          tabIndex={0}
          aria-label={t('history.title')}
        >
          <div role="list" ref={virtualizer.containerRef} style={{ position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const attempt = attempts[item.index]!;
              return (
                <div
                  key={item.key}
                  role="listitem"
                  aria-setsize={attempts.length}
                  aria-posinset={item.index + 1}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  className="history-item"
                  style={{ position: 'absolute', top: 0, left: 0, right: 0 }}
                >
                  <AttemptRow
                    attempt={attempt}
                    expanded={expanded.has(attempt.id)}
                    onToggle={toggle}
                    t={t}
                    words={words}
                    language={language}
                  />
                </div>
              );
            })}
          </div>
        </div>
      )}
    </section>
  );
}

type Words = ReturnType<typeof wordsOf>;

/** The words every row shows, by code, in the current language. */
function wordsOf(t: TFunction) {
  const table = <K extends string>(codes: readonly K[], text: (code: K) => string) =>
    Object.fromEntries(codes.map((code) => [code, text(code)])) as Record<K, string>;
  return {
    outcome: table(ATTEMPT_OUTCOMES, (o) => t(`history.outcome.${o}`)),
    method: table(ATTEMPT_METHODS, (m) => t(`history.method.${m}`)),
    delivery: table(ATTEMPT_DELIVERIES, (d) => t(`history.delivery.${d}`)),
    noCodeSent: t('history.noCodeSent'),
    noDestination: t('history.noDestination'),
    expand: t('history.expand'),
    collapse: t('history.collapse'),
  };
}

/**
 * A row renders again only when its attempt, its expansion or the language changes. The
 * list's `t` and words are passed in: one subscription to the language, not one per row.
 */
const AttemptRow = memo(function AttemptRow({
  attempt,
  expanded,
  onToggle,
  t,
  words,
  language,
}: {
  attempt: AttemptView;
  expanded: boolean;
  onToggle: (id: string) => void;
  t: TFunction;
  words: Words;
  language: string;
}) {
  const failed = FAILED_OUTCOMES.some((outcome) => outcome === attempt.outcome);
  const challenge = attempt.method === 'sms' || attempt.method === 'email';
  // A row agrees with itself: delivery, attempts and expiry only when a code was sent. An
  // attempt the ACS rejected with no code entered never reached the challenge.
  const codeSent =
    challenge &&
    attempt.delivery !== 'not-applicable' &&
    !(attempt.outcome === 'rejected' && attempt.attemptsUsed === 0);
  return (
    <div className="attempt" data-testid="history-row" data-outcome={attempt.outcome}>
      <div className="attempt-main">
        <span className={`attempt-outcome ${failed ? 'attempt-failed' : 'attempt-ok'}`}>
          {words.outcome[attempt.outcome]}
        </span>
        <span className="attempt-time">{formatDateTimeZone(attempt.at, language)}</span>
        <span className="attempt-merchant">{attempt.merchant}</span>
        <span className="attempt-amount">
          {formatAmount(attempt.amountMinor, attempt.currency, language)}
        </span>
      </div>
      <div className="attempt-detail small">
        <span>{words.method[attempt.method]}</span>
        {challenge && !codeSent && <span data-testid="history-no-code">{words.noCodeSent}</span>}
        {codeSent &&
          (attempt.destination ? (
            <span>
              <span className="mono">{attempt.destination}</span> ·{' '}
              {words.delivery[attempt.delivery]}
              {attempt.carrier && (
                <span data-testid="history-carrier">
                  {' '}
                  · {t(`history.via.${attempt.method}`, { carrier: attempt.carrier })}
                </span>
              )}
            </span>
          ) : (
            <span>{words.noDestination}</span>
          ))}
        {codeSent && attempt.attemptsAllowed > 0 && (
          <span>
            {t('history.attempts', {
              used: attempt.attemptsUsed,
              allowed: attempt.attemptsAllowed,
            })}
          </span>
        )}
        {codeSent && attempt.resends > 0 && (
          <span>{t('history.resends', { count: attempt.resends })}</span>
        )}
        {codeSent && attempt.expiresAt && (
          <span>{t('history.expires', { time: formatTime(attempt.expiresAt, language) })}</span>
        )}
        {attempt.toCurrentDestination === false && codeSent && (
          <span className="warning-inline" data-testid="history-not-current">
            ⚠ {t(`history.notCurrent.${attempt.method}`)}
          </span>
        )}
        <button
          type="button"
          className="button-link"
          aria-expanded={expanded}
          onClick={() => onToggle(attempt.id)}
        >
          {expanded ? words.collapse : words.expand}
        </button>
      </div>
      {expanded && <ProtocolCodes attempt={attempt} />}
    </div>
  );
});

function ProtocolCodes({ attempt }: { attempt: AttemptView }) {
  const { t } = useTranslation();
  const meaning = (table: string, code: string) => {
    if (table === 'transStatusReason' && Number(code) >= 80)
      return t('codes.transStatusReason.scheme');
    return t(`codes.${table}.${code}`, { defaultValue: t('codes.unknown') });
  };
  const rows: [string, string | null][] = [
    ['transStatus', attempt.transStatus],
    ['transStatusReason', attempt.transStatusReason],
    ['eci', attempt.eci],
    ['challengeCancel', attempt.challengeCancel],
  ];
  return (
    <div className="codes" data-testid="history-codes">
      <dl className="code-list">
        {rows
          .filter((row): row is [string, string] => row[1] !== null)
          .map(([table, code]) => (
            <div key={table}>
              <dt>{t(`history.${table}`)}</dt>
              <dd>
                <span className="mono">{code}</span> {meaning(table, code)}
              </dd>
            </div>
          ))}
      </dl>
      <CopyId label={t('history.acsTransId')} value={attempt.acsTransId} />
      <CopyId label={t('history.dsTransId')} value={attempt.dsTransId} />
      {attempt.merchantId && <CopyId label={t('history.merchantId')} value={attempt.merchantId} />}
      {attempt.acsId && <CopyId label={t('history.acsId')} value={attempt.acsId} />}
      {attempt.dsId && <CopyId label={t('history.dsId')} value={attempt.dsId} />}
    </div>
  );
}

function CopyId({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = () =>
    void navigator.clipboard.writeText(value).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  return (
    <p className="copy-id small">
      <span>{label}</span> <span className="mono">{value}</span>{' '}
      <button
        type="button"
        className="button-link"
        onClick={copy}
        aria-label={`${t('history.copy')}: ${label}`}
      >
        {copied ? t('history.copied') : t('history.copy')}
      </button>
    </p>
  );
}
