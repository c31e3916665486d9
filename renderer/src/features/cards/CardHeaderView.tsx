import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardHeader } from '../../../../shared/contract/index.ts';
import { useLeaveStore } from '../../app/leave-store.ts';
import { routerNow } from '../../app/router-clock.ts';
import { formatRemaining, formatTime } from '../../ui/format.ts';
import { useCardStore } from './card-store.ts';
import { LockBadge } from './LockBadge.tsx';

/**
 * The call bar, pinned above the workspace: who (name with its kana reading), which product
 * and card (masked), the live lock with its countdown, the badges an agent must not miss
 * (fraud hold, contact change pending or recent), where verification stands, how long the
 * call has run, and how fresh the data is.
 */
export function CardHeaderView({ header }: { header: CardHeader }) {
  const { t, i18n } = useTranslation();
  const refresh = useCardStore((s) => s.refresh);
  const leave = useLeaveStore((s) => s.leave);
  const { badges, verification } = header;
  const reading = header.nameKana ?? (header.nameLatin !== header.name ? header.nameLatin : null);

  return (
    <section className="panel card-header" data-testid="card-header" aria-labelledby="card-name">
      <div className="call-bar-row">
        <button
          type="button"
          className="button-quiet"
          data-testid="card-back"
          onClick={() => void leave({ kind: 'search' })}
        >
          ← {t('card.back')}
        </button>
        <h1 id="card-name" data-testid="card-name">
          {header.name}
          {reading && (
            <span className="name-latin" data-testid="card-reading">
              {reading}
            </span>
          )}
        </h1>
        <span className="call-fact">
          <span className="visually-hidden">{t('card.product')}: </span>
          <span data-testid="card-product">
            {t(`product.${header.product}`, { defaultValue: header.product })}
          </span>
        </span>
        <span className="call-fact mono">
          <span className="visually-hidden">{t('card.number')}: </span>
          <span data-testid="card-masked">{header.maskedCard}</span>
        </span>
        <span
          className={`badge ${verification.status === 'verified' ? 'badge-ok' : verification.status === 'blocked' ? 'badge-danger' : 'badge-quiet'}`}
          data-testid="card-verification"
          data-status={verification.status}
        >
          {t(`card.verification.${verification.status}`)}
        </span>
        <CallTimer since={header.callStartedAt} />
        <span
          className={`small call-bar-end ${header.lockSource === 'last-known' || header.lockSource === 'local-record' ? 'hint-stop' : 'muted'}`}
          data-testid="card-data-as-of"
          data-source={header.lockSource}
        >
          {header.lockSource === 'embedded'
            ? t('card.dataAsOf', { time: formatTime(header.dataAsOf, i18n.language) })
            : t(`acsGateway.lock.${header.lockSource}`, {
                time: formatTime(header.dataAsOf, i18n.language),
              })}
        </span>
      </div>
      <div className="badges" data-testid="card-badges">
        <LockBadge lock={header.lock} onExpired={() => void refresh()} />
        {badges.fraudHold && (
          <span className="badge badge-danger" data-testid="badge-fraud-hold">
            {t('card.badge.fraudHold')}
          </span>
        )}
        {badges.contactChangePending && (
          <span className="badge badge-warn" data-testid="badge-contact-pending">
            {t('card.badge.contactPending')}
          </span>
        )}
        {badges.recentContactChange && (
          <span className="badge badge-warn" data-testid="badge-recent-contact-change">
            ⚠ {t('card.badge.recentContactChange')}
          </span>
        )}
      </div>
    </section>
  );
}

/** How long this call has run, on the router's clock. */
function CallTimer({ since }: { since: string }) {
  const { t } = useTranslation();
  const start = Date.parse(since);
  const [elapsed, setElapsed] = useState(() => routerNow() - start);
  useEffect(() => {
    const timer = setInterval(() => setElapsed(routerNow() - start), 1000);
    return () => clearInterval(timer);
  }, [start]);
  return (
    <span className="call-fact" data-testid="call-timer">
      {t('card.callTimer', { time: formatRemaining(elapsed) })}
    </span>
  );
}
