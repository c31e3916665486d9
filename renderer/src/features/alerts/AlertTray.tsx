import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertView } from '../../../../shared/contract/index.ts';
import { formatDateTime } from '../../ui/format.ts';
import { NoteField, noteProblems } from '../../ui/NoteField.tsx';
import { ProblemList } from '../../ui/ProblemList.tsx';
import { reasonText } from '../../ui/reason-text.ts';
import { useAlertsStore } from './alerts-store.ts';
import { useLeadNoticeStore } from './lead-notice-store.ts';

/**
 * The team lead's tray: open alerts newest first, each acknowledged with a note (checked
 * here as the lead types and again by main), and below, what was acknowledged in the last day.
 */
export function AlertTray() {
  const { t } = useTranslation();
  const open = useAlertsStore((s) => s.open);
  const openCount = useAlertsStore((s) => s.openCount);
  const acknowledged = useAlertsStore((s) => s.acknowledged);
  const loaded = useAlertsStore((s) => s.loaded);
  const load = useAlertsStore((s) => s.load);
  const dismiss = useLeadNoticeStore((s) => s.dismiss);

  useEffect(() => {
    dismiss();
    void load();
  }, [load, dismiss]);

  return (
    <section className="panel alert-tray" aria-labelledby="alerts-title" data-testid="alert-tray">
      <h2 id="alerts-title">{t('alerts.title')}</h2>
      <p className="small muted" data-testid="alerts-count" aria-live="polite">
        {loaded ? t('alerts.count', { count: openCount }) : t('app.loading')}
      </p>
      <MuteNotices />
      {open.length > 0 && (
        <ul className="approval-list">
          {open.map((alert) => (
            <AlertItem key={alert.alertId} alert={alert} />
          ))}
        </ul>
      )}
      {acknowledged.length > 0 && (
        <>
          <h3>{t('alerts.acknowledgedTitle')}</h3>
          <ul className="alert-done-list small" data-testid="alerts-acknowledged">
            {acknowledged.map((alert) => (
              <AcknowledgedItem key={alert.alertId} alert={alert} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** The lead's own choice: no desktop notification (or banner) for new alerts and requests. */
function MuteNotices() {
  const { t } = useTranslation();
  const muted = useLeadNoticeStore((s) => s.muted);
  const setMuted = useLeadNoticeStore((s) => s.setMuted);
  return (
    <div className="notice-mute small">
      <label>
        <input
          type="checkbox"
          data-testid="notices-muted"
          checked={muted}
          aria-describedby="notices-muted-hint"
          onChange={(event) => setMuted(event.target.checked)}
        />{' '}
        {t('alerts.notice.mute')}
      </label>
      <p id="notices-muted-hint" className="muted">
        {t('alerts.notice.muteHint')}
      </p>
    </div>
  );
}

/** Who raised it, what it is about, and how often, in the lead's language. */
function AlertFacts({ alert }: { alert: AlertView }) {
  const { t, i18n } = useTranslation();
  const time = (iso: string) => formatDateTime(iso, i18n.language);
  return (
    <dl className="approval-facts small">
      <dt>{t('alerts.who')}</dt>
      <dd data-testid="alert-who">
        {alert.operator
          ? alert.operator.displayName === null
            ? alert.operator.username
            : `${alert.operator.displayName} (${alert.operator.username})`
          : t('alerts.system')}
      </dd>
      <dt>{t('alerts.when')}</dt>
      <dd>
        {time(alert.raisedAt)}
        {alert.occurrences > 1 &&
          ` · ${t('alerts.again', { count: alert.occurrences, time: time(alert.lastAt) })}`}
      </dd>
      {alert.subjectType && alert.subjectId && (
        <>
          <dt>{t('alerts.about')}</dt>
          <dd>
            {t(`alerts.subject.${alert.subjectType}`, { defaultValue: alert.subjectType })}{' '}
            <span className="mono">{alert.subjectId}</span>
          </dd>
        </>
      )}
      {alert.scope && (
        <>
          <dt>{t('alerts.scope')}</dt>
          <dd>{t(`alerts.scopes.${alert.scope}`, { defaultValue: alert.scope })}</dd>
        </>
      )}
    </dl>
  );
}

function AlertItem({ alert }: { alert: AlertView }) {
  const { t } = useTranslation();
  const acknowledge = useAlertsStore((s) => s.acknowledge);
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const found = noteProblems(t, note);
    if (note.trim() === '') found.push(t('alerts.needNote'));
    setProblems(found);
    if (found.length > 0) return;
    setBusy(true);
    const error = await acknowledge(alert.alertId, note);
    setBusy(false);
    if (error) setProblems([reasonText(t, error)]);
  };

  return (
    <li
      className="approval-item"
      data-testid="alert-item"
      data-alert-id={alert.alertId}
      data-alert-kind={alert.kind}
    >
      <div className="cause-row">
        <strong data-testid="alert-kind">{t(`alerts.kind.${alert.kind}`)}</strong>
      </div>
      <AlertFacts alert={alert} />
      <NoteField
        label={t('alerts.note')}
        value={note}
        onChange={setNote}
        testId="alert-note"
        rows={2}
      />
      <ProblemList problems={problems} testId="alert-problems" />
      <div className="dialog-actions">
        <button
          type="button"
          className="button-primary"
          data-testid="alert-acknowledge"
          disabled={busy}
          onClick={() => void submit()}
        >
          {t('alerts.acknowledge')}
        </button>
      </div>
    </li>
  );
}

function AcknowledgedItem({ alert }: { alert: AlertView }) {
  const { t, i18n } = useTranslation();
  return (
    <li data-testid="alert-acknowledged" data-alert-id={alert.alertId}>
      <strong>{t(`alerts.kind.${alert.kind}`)}</strong>
      {' · '}
      {t('alerts.acknowledgedBy', {
        who: alert.acknowledgedBy ?? '',
        time: alert.acknowledgedAt ? formatDateTime(alert.acknowledgedAt, i18n.language) : '',
      })}
      {alert.note && <span className="muted"> — {alert.note}</span>}
    </li>
  );
}
