import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApprovalCard } from '../../../../shared/contract/index.ts';
import { formatDate, formatDateTime } from '../../ui/format.ts';
import { formatAmount } from '../../ui/money.ts';
import { useApprovalsStore } from './approvals-store.ts';

/**
 * A request's card as a lead reads it from the queue: read-only and said so, outside any
 * call — the live lock, the masked contacts, the recent 3-D Secure history and the earlier
 * resets. No verification, no reset, no wrap-up: the router opened no call for it. Back
 * leads to the queue.
 */
export function ApprovalCardView({ card }: { card: ApprovalCard }) {
  const { t, i18n } = useTranslation();
  const closeCard = useApprovalsStore((s) => s.closeCard);
  const heading = useRef<HTMLHeadingElement>(null);
  const time = (iso: string) => formatDateTime(iso, i18n.language);

  // The lead lands on the card's heading (keyboard and screen reader alike).
  useEffect(() => heading.current?.focus(), [card.approvalId]);

  return (
    <section
      className="panel approval-card"
      aria-labelledby="approval-card-title"
      data-testid="approval-card"
      data-approval-id={card.approvalId}
    >
      <p className="notice read-only-label" data-testid="approval-card-read-only">
        <strong>{t('approvals.card.readOnly')}</strong> {t('approvals.card.readOnlyWhy')}
      </p>
      <div className="cause-row">
        <h2 id="approval-card-title" ref={heading} tabIndex={-1}>
          {card.name}
          {card.nameKana && <span className="muted small"> （{card.nameKana}）</span>}
        </h2>
        <span className="mono">{card.maskedCard}</span>
        <span
          className={card.lock.state === 'locked' ? 'hint-stop small' : 'hint-ok small'}
          data-testid="approval-card-lock"
          data-lock={card.lock.state}
        >
          {card.lock.state === 'locked'
            ? card.lock.until
              ? t('card.lockedUntil', { time: time(card.lock.until) })
              : t('card.lockedUntilReset')
            : t('card.notLocked')}
        </span>
        {card.fraudHold && <span className="hint-stop small">{t('card.badge.fraudHold')}</span>}
      </div>
      <p className="small muted">
        {t(`product.${card.product}`, { defaultValue: card.product })} ·{' '}
        {t('card.dataAsOf', { time: time(card.dataAsOf) })}
      </p>

      <h3>{t('contacts.title')}</h3>
      <dl className="approval-facts small" data-testid="approval-card-contacts">
        {card.contacts.map((contact) => (
          <div key={contact.kind} className="fact-pair" data-contact={contact.kind}>
            <dt>{t(`contacts.kind.${contact.kind}`)}</dt>
            <dd>
              {contact.registered ? (
                <>
                  <span className="mono">{contact.registered.masked}</span> ·{' '}
                  {t(`contacts.status.${contact.registered.status}`)}
                </>
              ) : (
                t('contacts.none')
              )}
              {contact.pending && (
                <>
                  {' · '}
                  {t(`contacts.pending.${contact.kind}`, {
                    masked: contact.pending.masked,
                    date: formatDate(contact.pending.effectiveAt, i18n.language),
                  })}
                </>
              )}
            </dd>
          </div>
        ))}
      </dl>

      <h3>{t('history.title')}</h3>
      {card.history.length === 0 ? (
        <p className="small muted">{t('approvals.card.noHistory')}</p>
      ) : (
        <table className="small approval-card-history" data-testid="approval-card-history">
          <caption className="muted">{t('approvals.card.historyWindow')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('approvals.card.when')}</th>
              <th scope="col">{t('approvals.card.merchant')}</th>
              <th scope="col">{t('approvals.card.amount')}</th>
              <th scope="col">{t('approvals.card.method')}</th>
              <th scope="col">{t('approvals.card.outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {card.history.map((attempt) => (
              <tr key={attempt.id} data-testid="approval-card-attempt">
                <td>{time(attempt.at)}</td>
                <td>{attempt.merchant}</td>
                <td>{formatAmount(attempt.amountMinor, attempt.currency, i18n.language)}</td>
                <td>
                  {t(`history.method.${attempt.method}`)}
                  {attempt.destination && <span className="mono"> {attempt.destination}</span>}
                </td>
                <td>{t(`history.outcome.${attempt.outcome}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>{t('approvals.earlierReset')}</h3>
      {card.resets.length === 0 ? (
        <p className="small muted">{t('approvals.noEarlierReset')}</p>
      ) : (
        <ul className="small" data-testid="approval-card-resets">
          {card.resets.map((reset) => (
            <li key={reset.at}>{t('approvals.card.resetAt', { time: time(reset.at) })}</li>
          ))}
        </ul>
      )}

      <div className="dialog-actions">
        <button
          type="button"
          className="button-primary"
          data-testid="approval-card-back"
          onClick={closeCard}
        >
          {t('approvals.card.back')}
        </button>
      </div>
    </section>
  );
}
