import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { CardHeader } from '../../../shared/contract/index.ts';
import { formatTime } from '../lib/format.ts';
import { routerNow } from '../lib/router-clock.ts';
import { useResetStore } from '../stores/reset-store.ts';
import { ResetDialog } from './ResetDialog.tsx';

/**
 * Reset the lock: the button is enabled only when the router would allow it, and otherwise
 * says exactly why. An escalated reset becomes a request for a team lead; its state (and the
 * reset's state at the ACS: requested → applied, or failed with retry) shows here live.
 */
export function ResetPanel({ header }: { header: CardHeader }) {
  const { t, i18n } = useTranslation();
  const { status, busy, error, load, retry } = useResetStore(
    useShallow((s) => ({
      status: s.status,
      busy: s.busy,
      error: s.error,
      load: s.load,
      retry: s.retry,
    })),
  );
  const [dialogOpen, setDialogOpen] = useState(false);
  // The router decides again whenever the lock or the caller's verification changes.
  const lockKey = JSON.stringify(header.lock);
  const verificationKey = JSON.stringify(header.verification);
  useEffect(() => {
    void load(header.cardId);
  }, [header.cardId, lockKey, verificationKey, load]);

  const time = (iso: string) => formatTime(iso, i18n.language);
  const escalates = status !== null && status.allowed && status.escalation.length > 0;
  const reset = status?.reset ?? null;
  const approval = status?.approval ?? null;
  // "Waiting for a lead" already says why the button is disabled: say it once.
  const saidByApproval = status?.refusal === 'approval-pending' && approval?.state === 'pending';

  // A pending request runs out at its time: ask the router again then, not a local guess.
  const pendingUntil = approval?.state === 'pending' ? approval.expiresAt : null;
  useEffect(() => {
    if (!pendingUntil) return;
    const timer = setTimeout(
      () => void load(header.cardId),
      Math.max(0, new Date(pendingUntil).getTime() - routerNow()) + 1_000,
    );
    return () => clearTimeout(timer);
  }, [pendingUntil, header.cardId, load]);

  return (
    <section className="panel" aria-labelledby="reset-title" data-testid="reset-panel">
      <h2 id="reset-title">{t('reset.title')}</h2>
      {status === null ? (
        <p className="muted">{t('app.loading')}</p>
      ) : (
        <>
          {approval && (
            <p
              id="approval-state"
              className={`small ${approval.state === 'rejected' || approval.state === 'expired' ? 'hint-stop' : 'notice'}`}
              data-testid="approval-state"
              data-state={approval.state}
              role="status"
            >
              {t(`reset.approval.${approval.state}`, {
                lead: approval.decidedBy ?? '',
                time: time(approval.expiresAt),
              })}
              {approval.decisionNote && <> — {approval.decisionNote}</>}
            </p>
          )}
          {reset && (
            <p
              className={`small ${reset.state === 'failed' ? 'hint-stop' : reset.state === 'applied' ? 'hint-ok' : ''}`}
              data-testid="reset-state"
              data-state={reset.state}
              role="status"
            >
              {t(`reset.state.${reset.state}`, {
                operator: reset.requestedBy,
                requested: time(reset.requestedAt),
                applied: reset.appliedAt ? time(reset.appliedAt) : '',
                error: reset.lastError ?? '',
              })}
            </p>
          )}
          {reset && reset.state !== 'applied' && (
            <button
              type="button"
              className="button-quiet"
              data-testid="reset-retry"
              disabled={busy}
              onClick={() => void retry()}
            >
              {t('reset.retry')}
            </button>
          )}
          {escalates && (
            <div className="notice small" data-testid="reset-escalation">
              <p>{t('reset.escalates')}</p>
              <ul>
                {status.escalation.map((reason) => (
                  <li key={reason}>{t(`reset.escalation.${reason}`)}</li>
                ))}
              </ul>
            </div>
          )}
          {!status.allowed && status.refusal && !saidByApproval && (
            <p
              id="reset-why"
              className="notice small"
              data-testid="reset-why"
              data-refusal={status.refusal}
            >
              {t(`reset.refusal.${status.refusal}`)}
            </p>
          )}
          <button
            type="button"
            className="button-primary"
            data-testid="reset-open"
            disabled={!status.allowed || busy}
            aria-describedby={
              saidByApproval ? 'approval-state' : status.refusal ? 'reset-why' : undefined
            }
            onClick={() => setDialogOpen(true)}
          >
            {escalates ? t('reset.askApproval') : t('reset.reset')}
          </button>
          {error && (
            <p className="error" role="alert" data-testid="reset-error">
              {error.message}
            </p>
          )}
        </>
      )}
      {dialogOpen && status && (
        <ResetDialog
          escalation={escalates ? status.escalation : []}
          onClose={() => setDialogOpen(false)}
        />
      )}
    </section>
  );
}
