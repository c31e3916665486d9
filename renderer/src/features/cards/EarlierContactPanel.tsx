import { useTranslation } from 'react-i18next';
import type { CardHeader } from '../../../../shared/contract/index.ts';
import { formatDateTime } from '../../ui/format.ts';

/** Earlier calls and lock resets on this card: who called before, and what came of it. */
export function EarlierContactPanel({ earlier }: { earlier: CardHeader['earlier'] }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return (
    <section className="panel" aria-labelledby="earlier-title" data-testid="earlier">
      <h2 id="earlier-title">{t('earlier.title')}</h2>
      <h3 className="small-heading">{t('earlier.calls')}</h3>
      {earlier.calls.length === 0 ? (
        <p className="muted small">{t('earlier.noCalls')}</p>
      ) : (
        <ul className="plain-list" data-testid="earlier-calls">
          {earlier.calls.map((call) => (
            <li key={call.callId} data-testid="earlier-call">
              {t('earlier.call', {
                date: formatDateTime(call.startedAt, language),
                operator: call.operator,
              })}
              {' · '}
              {call.verified ? t('earlier.verified') : t('earlier.notVerified')}
              {' · '}
              <strong>
                {call.outcome ? t(`wrapUp.outcomes.${call.outcome}`) : t('earlier.open')}
              </strong>
            </li>
          ))}
        </ul>
      )}
      <h3 className="small-heading">{t('earlier.resets')}</h3>
      {earlier.resets.length === 0 ? (
        <p className="muted small">{t('earlier.noResets')}</p>
      ) : (
        <ul className="plain-list" data-testid="earlier-resets">
          {earlier.resets.map((reset) => (
            <li key={reset.at} data-testid="earlier-reset">
              {t('earlier.reset', {
                date: formatDateTime(reset.at, language),
                cause: t(`card.cause.${reset.cause}`),
              })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
