import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useNavStore } from '../../app/nav-store.ts';
import { useLeadNoticeStore } from './lead-notice-store.ts';

/**
 * Where the console has no desktop notification (a browser), a new alert or approval request
 * is announced here instead, with the same words (lead-notice.ts) and a way to the tray or
 * the queue: a live region, so a screen reader says it too. It stays until opened or dismissed.
 */
export function AlertBanner() {
  const { t } = useTranslation();
  const { banner, dismiss } = useLeadNoticeStore(
    useShallow((s) => ({ banner: s.banner, dismiss: s.dismiss })),
  );
  const show = useNavStore((s) => s.show);
  return (
    <div className="alert-banner-slot" role="status" aria-live="polite">
      {banner && (
        <div
          className="notice alert-banner"
          data-testid="alert-banner"
          data-notice-about={banner.about}
        >
          <p>
            <strong>{banner.title}</strong> {banner.body}
          </p>
          <div className="alert-banner-actions">
            <button
              type="button"
              className="button-quiet"
              data-testid="alert-banner-open"
              onClick={() => {
                dismiss();
                show(banner.about === 'alert' ? 'alerts' : 'approvals');
              }}
            >
              {banner.about === 'alert' ? t('alerts.openTray') : t('alerts.notice.openQueue')}
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
