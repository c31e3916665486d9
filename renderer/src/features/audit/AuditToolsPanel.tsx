import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { AuditVerification } from '../../../../shared/contract/index.ts';
import { useAuditStore } from './audit-store.ts';

/** Verify the chain (in a worker, with progress) and export what the filter shows. */
export function AuditToolsPanel() {
  const { t } = useTranslation();
  const { verifying, progress, verification, verify, exporting, exported, exportAs } =
    useAuditStore(
      useShallow((s) => ({
        verifying: s.verifying,
        progress: s.progress,
        verification: s.verification,
        verify: s.verify,
        exporting: s.exporting,
        exported: s.exported,
        exportAs: s.exportAs,
      })),
    );

  return (
    <section className="panel audit-tools" aria-labelledby="audit-tools-title">
      <h2 id="audit-tools-title">{t('audit.tools.title')}</h2>
      <div className="audit-tool" data-testid="audit-verify">
        <button
          type="button"
          className="button-primary"
          data-testid="audit-verify-start"
          disabled={verifying}
          onClick={() => void verify()}
        >
          {t('audit.verify.start')}
        </button>
        {progress && (
          <progress
            data-testid="audit-verify-progress"
            aria-label={t('audit.verify.progress')}
            max={Math.max(progress.total, 1)}
            value={progress.checked}
          />
        )}
        {verification && <VerificationResult result={verification} />}
      </div>
      <div className="audit-tool" data-testid="audit-export">
        <p className="muted small">{t('audit.export.hint')}</p>
        <div className="audit-export-buttons">
          <button
            type="button"
            className="button-quiet"
            data-testid="audit-export-csv"
            disabled={exporting}
            onClick={() => void exportAs('csv')}
          >
            {t('audit.export.csv')}
          </button>
          <button
            type="button"
            className="button-quiet"
            data-testid="audit-export-jsonl"
            disabled={exporting}
            onClick={() => void exportAs('jsonl')}
          >
            {t('audit.export.jsonl')}
          </button>
        </div>
        {exported && (
          <p
            className={exported.saved ? 'notice notice-ok' : 'notice'}
            role="status"
            data-testid="audit-export-result"
            data-format={exported.format}
            data-rows={exported.rows}
            data-saved={exported.saved}
          >
            {exported.saved
              ? t('audit.export.saved', { count: exported.rows })
              : t('audit.export.cancelled')}
            {exported.sha256 && (
              <>
                {' '}
                <span className="mono small audit-hash">SHA-256 {exported.sha256}</span>
              </>
            )}
          </p>
        )}
      </div>
    </section>
  );
}

function VerificationResult({ result }: { result: AuditVerification }) {
  const { t } = useTranslation();
  // A consistent chain whose newest entries await their checkpoint is not an alarm.
  const good =
    result.status === 'intact' || result.status === 'empty' || result.status === 'unanchored-tail';
  return (
    <p
      className={good ? 'notice notice-ok' : 'error'}
      role={good ? 'status' : 'alert'}
      data-testid="audit-verify-result"
      data-status={result.status}
      data-first-bad={result.firstBadSeq ?? ''}
    >
      {t(`audit.verify.status.${result.status}`, {
        count: result.entriesChecked,
        seq: result.firstBadSeq ?? 0,
        from: result.lastAnchoredSeq + 1,
        to: result.entriesChecked,
      })}
    </p>
  );
}
