import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type {
  LockState,
  ResetStatus,
  VerificationView,
} from '../../../../shared/contract/index.ts';
import type { Language } from '../../../../shared/languages.ts';
import type { ResetEscalation } from '../../../../shared/lockout/lockout-codes.ts';
import { routerNow } from '../../app/router-clock.ts';
import { formatTime } from '../../ui/format.ts';
import { reasonKey, reasonText } from '../../ui/reason-text.ts';
import { lockKey, useLockoutStore, verificationKey } from './lockout-store.ts';
import { CancelRequestDialog } from './CancelRequestDialog.tsx';
import { ResetDialog } from './ResetDialog.tsx';
import { WaitingForLead } from './WaitingForLead.tsx';
import { ACS_UNANSWERED_FAILURES, resetProblem, withheldState } from './reset-problem.ts';

/** How often an open reset's state is asked for while it is on its way. */
const RESET_FOLLOW_MS = 2_000;

/**
 * Reset the lock: the button is enabled only when the router would allow it, and otherwise
 * says exactly why. An escalated reset becomes a request for a team lead; while it waits, the
 * waiting-for-lead panel takes the button's place (and may cancel the request); its outcome
 * (and the reset's state at the ACS: requested → applied, or failed with retry) shows here live.
 *
 * The card's lock and the caller's verification come from the workspace (the header); when
 * a reply of this feature shows the lock moved, `onLockChanged` has the header read again.
 */
export function ResetPanel({
  cardId,
  lock,
  verification,
  onLockChanged,
  onStatus,
  callerLanguage,
}: {
  cardId: string;
  lock: LockState;
  verification: VerificationView;
  onLockChanged: () => void;
  /** Every status read, so the call's script follows the reset (requested, applied, …). */
  onStatus: (status: ResetStatus | null) => void;
  /** The caller's language, for what to say while a request waits for a lead. */
  callerLanguage: Language;
}) {
  const { t, i18n } = useTranslation();
  const { status, busy, error, follow, load, retry } = useLockoutStore(
    useShallow((s) => ({
      status: s.status,
      busy: s.busy,
      error: s.error,
      follow: s.follow,
      load: s.load,
      retry: s.retry,
    })),
  );
  // What the agent was asked to confirm stays while the dialog is open, even when a refusal
  // re-reads the status underneath (a request must not turn into "Reset now").
  const [dialog, setDialog] = useState<{ escalation: ResetEscalation[] } | null>(null);
  const [cancelling, setCancelling] = useState(false);

  // The router decides again whenever the lock or the caller's verification moves.
  const headerLock = lockKey(lock);
  const verified = verificationKey(verification);
  useEffect(() => {
    void follow(cardId, verified, headerLock);
  }, [cardId, verified, headerLock, follow]);

  // A reply here saw a different lock than the header shows (reset, approved, expired):
  // the header (badge, earlier resets) is read again, once per lock seen.
  // Only a lock a reply shows for the first time counts: the header catching up must not.
  const statusLock = status ? lockKey(status.lock) : null;
  const seenLock = useRef<string | null>(null);
  useEffect(() => {
    if (statusLock === null || statusLock === seenLock.current) return;
    seenLock.current = statusLock;
    if (statusLock !== headerLock) onLockChanged();
  }, [statusLock, headerLock, onLockChanged]);

  useEffect(() => onStatus(status), [status, onStatus]);

  const time = (iso: string) => formatTime(iso, i18n.language);
  const escalates = status !== null && status.allowed && status.escalation.length > 0;
  const reset = status?.reset ?? null;
  const approval = status?.approval ?? null;
  // A request of this call waits for a lead: the waiting panel takes the reset controls' place
  // (it says why, how long, what to say, and lets the agent cancel), until it is decided,
  // cancelled or runs out.
  const waiting = approval?.state === 'pending' ? approval : null;

  // A pending request runs out at its time: ask the router again then, not a local guess.
  const pendingUntil = approval?.state === 'pending' ? approval.expiresAt : null;
  useEffect(() => {
    if (!pendingUntil) return;
    const timer = setTimeout(
      () => void load(cardId),
      Math.max(0, new Date(pendingUntil).getTime() - routerNow()) + 1_000,
    );
    return () => clearTimeout(timer);
  }, [pendingUntil, cardId, load]);

  // A reset on its way to the ACS (or queued for it) moves on without the agent: the relay,
  // another console or the ACS coming back. Ask again every few seconds until it settles.
  const open = reset !== null && (reset.state === 'requested' || reset.state === 'failed');
  useEffect(() => {
    if (!open) return;
    const timer = setInterval(() => void load(cardId), RESET_FOLLOW_MS);
    return () => clearInterval(timer);
  }, [open, cardId, load]);
  // Not sent yet because the ACS did not answer: the reset is queued; what to tell the caller.
  const queued =
    reset !== null &&
    reset.state === 'failed' &&
    ACS_UNANSWERED_FAILURES.has(reset.lastError ?? '');

  return (
    <section className="panel" aria-labelledby="reset-title" data-testid="reset-panel">
      <h2 id="reset-title">{t('reset.title')}</h2>
      {status === null ? (
        <p className="muted">{t('app.loading')}</p>
      ) : (
        <>
          {waiting && (
            <WaitingForLead
              approval={waiting}
              callerLanguage={callerLanguage}
              busy={busy}
              onCancel={() => setCancelling(true)}
            />
          )}
          {approval && !waiting && (
            <p
              id="approval-state"
              className={`small ${approval.state === 'rejected' || approval.state === 'expired' ? 'hint-stop' : approval.state === 'cancelled' ? 'muted' : 'notice'}`}
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
              className={`small ${reset.state === 'applied' ? 'hint-ok' : reset.state === 'requested' ? '' : 'hint-stop'}`}
              data-testid="reset-state"
              data-state={reset.state}
              role="status"
            >
              {t(
                `reset.state.${(reset.state === 'refused' && withheldState(reset.lastError)) || reset.state}`,
                {
                  operator: reset.requestedBy,
                  requested: time(reset.requestedAt),
                  applied: reset.appliedAt ? time(reset.appliedAt) : '',
                  error: t(`reset.problem.${resetProblem(reset.lastError)}`),
                },
              )}
            </p>
          )}
          {queued && (
            <p className="notice small" data-testid="reset-queued" role="status">
              {t('acsGateway.queued')}
            </p>
          )}
          {status.lockSource !== 'embedded' && status.lockSource !== 'live' && (
            <p className="muted small" data-testid="reset-lock-source">
              {t(`acsGateway.decidedOn.${status.lockSource}`)}
            </p>
          )}
          {reset && (reset.state === 'requested' || reset.state === 'failed') && (
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
          {!status.allowed && status.refusal && !waiting && (
            <p
              id="reset-why"
              className="notice small"
              data-testid="reset-why"
              data-refusal={status.refusal}
            >
              {t(reasonKey(`reset.${status.refusal}`))}
            </p>
          )}
          {!waiting && (
            <button
              type="button"
              className="button-primary"
              data-testid="reset-open"
              data-shortcut="reset"
              disabled={!status.allowed || busy}
              aria-describedby={status.refusal ? 'reset-why' : undefined}
              onClick={() => setDialog({ escalation: escalates ? status.escalation : [] })}
            >
              {escalates ? t('reset.askApproval') : t('reset.reset')}
            </button>
          )}
          {error && (
            <p className="error" role="alert" data-testid="reset-error">
              {reasonText(t, error)}
            </p>
          )}
        </>
      )}
      {dialog && <ResetDialog escalation={dialog.escalation} onClose={() => setDialog(null)} />}
      {cancelling && <CancelRequestDialog onClose={() => setCancelling(false)} />}
    </section>
  );
}
