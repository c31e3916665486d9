import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useNavStore } from '../../app/nav-store.ts';
import { useAlertsStore } from './alerts-store.ts';

/**
 * A new alert, announced to a team lead wherever they are in the console (a live region, so
 * a screen reader says it too), with a way to the tray. It stays until opened or dismissed.
 */
export function AlertBanner() {
  const { t } = useTranslation();
  const { announced, open, dismiss } = useAlertsStore(
    useShallow((s) => ({ announced: s.announced, open: s.open, dismiss: s.dismiss })),
  );
  const show = useNavStore((s) => s.show);
  const alert = announced ? open.find((a) => a.alertId === announced) : undefined;
  return (
    <div className="alert-banner-slot" role="status" aria-live="polite">
      {alert && (
        <div className="notice alert-banner" data-testid="alert-banner">
          <p>
            <strong>{t('alerts.banner')}</strong> {t(`alerts.kind.${alert.kind}`)}
            {alert.operator && ` · ${alert.operator.displayName}`}
          </p>
          <div className="alert-banner-actions">
            <button
              type="button"
              className="button-quiet"
              data-testid="alert-banner-open"
              onClick={() => {
                dismiss();
                show('alerts');
              }}
            >
              {t('alerts.openTray')}
            </button>
            <button
              type="button"
              className="button-quiet"
              data-testid="alert-banner-dismiss"
              onClick={dismiss}
            >
              {t('alerts.dismiss')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
