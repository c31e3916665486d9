import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardHeader } from '../../../../shared/contract/index.ts';
import { formatRemaining, formatTime } from '../../ui/format.ts';
import { routerNow } from '../../app/router-clock.ts';

/**
 * The live lock: a countdown on the router's clock. At zero it asks the router again
 * (`onExpired`) rather than deciding locally that the lock has ended.
 */
export function LockBadge({
  lock,
  onExpired,
}: {
  lock: CardHeader['lock'];
  onExpired: () => void;
}) {
  const { t, i18n } = useTranslation();
  const until = lock.state === 'locked' && lock.until ? new Date(lock.until).getTime() : null;
  const [remaining, setRemaining] = useState(() => (until === null ? 0 : until - routerNow()));

  useEffect(() => {
    if (until === null) return;
    const tick = () => {
      const left = until - routerNow();
      setRemaining(left);
      if (left <= 0) {
        clearInterval(timer);
        onExpired();
      }
    };
    const timer = setInterval(tick, 1000);
    tick();
    return () => clearInterval(timer);
  }, [until, onExpired]);

  if (lock.state === 'unlocked') {
    return (
      <span className="badge badge-ok" data-testid="card-lock-badge">
        {t('card.notLocked')}
      </span>
    );
  }
  return (
    <span className="lock">
      <span className="badge badge-locked" data-testid="card-lock-badge">
        {lock.until
          ? t('card.lockedUntil', { time: formatTime(lock.until, i18n.language) })
          : t('card.lockedUntilReset')}
      </span>
      {lock.until && (
        <span className="lock-countdown" data-testid="card-lock-countdown" role="timer">
          {t('card.remaining', { time: formatRemaining(remaining) })}
        </span>
      )}
      <span className="lock-cause">
        {t(`card.cause.${lock.cause}`)} ·{' '}
        {t('card.since', { time: formatTime(lock.since, i18n.language) })}
      </span>
    </span>
  );
}
