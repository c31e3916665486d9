import { useTranslation } from 'react-i18next';
import type { CardHeader } from '../../../../shared/contract/index.ts';
import { formatTime } from '../../ui/format.ts';
import { useCardStore } from './card-store.ts';
import { LockBadge } from './LockBadge.tsx';

/**
 * The open card: who, which product and card (masked), the live lock, the badges an agent
 * must not miss (fraud hold, contact change pending or recent), and how fresh it is.
 */
export function CardHeaderView({ header }: { header: CardHeader }) {
  const { t, i18n } = useTranslation();
  const refresh = useCardStore((s) => s.refresh);
  const close = useCardStore((s) => s.close);
  const { badges } = header;

  return (
    <section className="panel card-header" data-testid="card-header" aria-labelledby="card-name">
      <div className="card-header-top">
        <button type="button" className="button-quiet" data-testid="card-back" onClick={close}>
          ← {t('card.back')}
        </button>
        <span className="muted small" data-testid="card-data-as-of">
          {t('card.dataAsOf', { time: formatTime(header.dataAsOf, i18n.language) })}
        </span>
      </div>
      <h1 id="card-name" data-testid="card-name">
        {header.name}
        {header.nameLatin !== header.name && <span className="name-latin">{header.nameLatin}</span>}
      </h1>
      <dl className="facts">
        <div>
          <dt>{t('card.product')}</dt>
          <dd data-testid="card-product">
            {t(`product.${header.product}`, { defaultValue: header.product })}
          </dd>
        </div>
        <div>
          <dt>{t('card.number')}</dt>
          <dd data-testid="card-masked" className="mono">
            {header.maskedCard}
          </dd>
        </div>
      </dl>
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
