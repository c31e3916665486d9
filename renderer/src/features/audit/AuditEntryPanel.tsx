import { useTranslation } from 'react-i18next';
import type { AuditDetail, AuditEntryRow } from '../../../../shared/contract/index.ts';
import { formatDateTimeZone } from '../../ui/format.ts';
import { actionName } from './audit-names.ts';
import { useAuditStore } from './audit-store.ts';

/** One entry opened: who, when, from where, what, on what, how it ended, and its details. */
export function AuditEntryPanel({
  entry,
  details,
}: {
  entry: AuditEntryRow;
  details: AuditDetail[];
}) {
  const { t, i18n } = useTranslation();
  const close = useAuditStore((s) => s.close);
  return (
    <section
      className="panel audit-entry"
      aria-labelledby="audit-entry-title"
      data-testid="audit-entry"
      data-seq={entry.seq}
    >
      <div className="panel-head">
        <h2 id="audit-entry-title">{t('audit.entry.title', { seq: entry.seq })}</h2>
        <button
          type="button"
          className="button-quiet"
          data-testid="audit-entry-close"
          onClick={close}
        >
          {t('audit.entry.close')}
        </button>
      </div>
      <dl className="audit-facts">
        <dt>{t('audit.entry.at')}</dt>
        <dd>{formatDateTimeZone(entry.at, i18n.language)}</dd>
        <dt>{t('audit.entry.operator')}</dt>
        <dd data-testid="audit-entry-operator">
          {entry.operator === null
            ? t('audit.system')
            : `${entry.operatorName ?? ''} (${entry.operator})`}
        </dd>
        <dt>{t('audit.entry.origin')}</dt>
        <dd className="mono">{entry.origin ?? t('audit.withheld')}</dd>
        <dt>{t('audit.entry.action')}</dt>
        <dd data-testid="audit-entry-action" data-action={entry.action}>
          {actionName(t, entry.action)}
          {entry.group && ` · ${t(`audit.groups.${entry.group}`)}`}
        </dd>
        <dt>{t('audit.entry.result')}</dt>
        <dd data-testid="audit-entry-result">{t(`audit.results.${entry.result}`)}</dd>
        {entry.subjectType !== null && (
          <>
            <dt>{t('audit.entry.subject')}</dt>
            <dd>
              {t(`audit.subjects.${entry.subjectType}`, { defaultValue: entry.subjectType })}{' '}
              <span className="mono">{entry.subjectId ?? ''}</span>
            </dd>
          </>
        )}
      </dl>
      <h3 className="small-heading">{t('audit.entry.details')}</h3>
      {details.length === 0 ? (
        <p className="muted small">{t('audit.entry.noDetails')}</p>
      ) : (
        <dl className="audit-facts" data-testid="audit-entry-details">
          {details.map((detail) => (
            <div key={detail.key} className="audit-detail" data-key={detail.key}>
              <dt>{t(`audit.detailKeys.${detail.key}`, { defaultValue: detail.key })}</dt>
              <dd className="mono">
                {detail.withheld ? (
                  <span className="muted">{t('audit.withheld')}</span>
                ) : (
                  shownValue(detail.value)
                )}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

function shownValue(value: AuditDetail['value']): string {
  if (Array.isArray(value)) return value.map((item) => String(item)).join(', ');
  return value === null ? '—' : String(value);
}
