import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApprovalView } from '../../../../shared/contract/index.ts';
import { LOCK_WORDS } from '../../../../shared/diagnosis/script-words.ts';
import type { Language } from '../../../../shared/languages.ts';
import { routerNow } from '../../app/router-clock.ts';
import { formatTime } from '../../ui/format.ts';

/** How often the wait is counted again: it is said in whole minutes. */
const TICK_MS = 15_000;

/** The router's time in ms, ticking while the panel shows. */
function useTickingNow(): number {
  const [now, setNow] = useState(routerNow);
  useEffect(() => {
    const timer = setInterval(() => setNow(routerNow()), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/**
 * The agent's request waits for a team lead: why a lead is needed, how long it has waited
 * (in whole minutes by the router's clock, counted again every 15 s), what to say to the caller meanwhile (the words of the
 * "reset requested" script, in the caller's language), and the way to withdraw it.
 */
export function WaitingForLead({
  approval,
  callerLanguage,
  busy,
  onCancel,
}: {
  approval: ApprovalView;
  callerLanguage: Language;
  busy: boolean;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const now = useTickingNow();
  const waitedMinutes = Math.max(0, Math.floor((now - Date.parse(approval.requestedAt)) / 60_000));
  return (
    <div
      className="waiting-lead"
      role="group"
      aria-labelledby="waiting-title"
      data-testid="waiting-for-lead"
    >
      <div className="waiting-head">
        <h3 id="waiting-title">{t('waitingForLead.title')}</h3>
        <span className="waiting-time small" role="timer" data-testid="waiting-time">
          {waitedMinutes === 0
            ? t('waitingForLead.justAsked')
            : t('waitingForLead.waited', {
                time: t('approvals.waitedMinutes', { count: waitedMinutes }),
              })}
        </span>
      </div>
      <p
        id="approval-state"
        className="small muted"
        data-testid="approval-state"
        data-state={approval.state}
        role="status"
      >
        {t('waitingForLead.expires', { time: formatTime(approval.expiresAt, i18n.language) })}
      </p>
      {approval.escalation.length > 0 && (
        <div className="small" data-testid="waiting-why">
          <p>{t('waitingForLead.why')}</p>
          <ul>
            {approval.escalation.map((reason) => (
              <li key={reason}>{t(`reset.escalation.${reason}`)}</li>
            ))}
          </ul>
        </div>
      )}
      <figure className="script waiting-script" data-testid="waiting-script" lang={callerLanguage}>
        <figcaption className="small muted" lang={i18n.language}>
          {t('waitingForLead.say')}
        </figcaption>
        <p className="script-line script-general" data-line="lock.stillWaiting">
          {LOCK_WORDS.stillWaiting[callerLanguage]}
        </p>
      </figure>
      <button
        type="button"
        className="button-quiet"
        data-testid="waiting-cancel"
        disabled={busy}
        onClick={onCancel}
      >
        {t('waitingForLead.cancel')}
      </button>
    </div>
  );
}
