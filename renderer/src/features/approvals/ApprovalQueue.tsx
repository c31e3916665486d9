import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApprovalDecision } from '../../../../shared/approvals/approval-codes.ts';
import type { ApprovalQueueItem } from '../../../../shared/contract/index.ts';
import { DialogActions } from '../../ui/DialogActions.tsx';
import { formatDateTime, formatTime } from '../../ui/format.ts';
import { NoteField, noteProblems } from '../../ui/NoteField.tsx';
import { ProblemList } from '../../ui/ProblemList.tsx';
import { reasonText } from '../../ui/reason-text.ts';
import { ApprovalCardView } from './ApprovalCardView.tsx';
import { useApprovalsStore } from './approvals-store.ts';

/**
 * The team lead's queue: escalated resets with the card's context, oldest first. Approving
 * resets the lock at once; rejecting needs a note. A lead's own requests are shown but
 * cannot be decided by them (the router refuses and says so). A request's card opens here
 * read-only (ApprovalCardView), and back leads to the queue.
 */
export function ApprovalQueue() {
  const { t } = useTranslation();
  const requests = useApprovalsStore((s) => s.requests);
  const loaded = useApprovalsStore((s) => s.loaded);
  const load = useApprovalsStore((s) => s.load);
  const card = useApprovalsStore((s) => s.card);
  const cardError = useApprovalsStore((s) => s.cardError);

  useEffect(() => {
    void load();
  }, [load]);

  if (card) return <ApprovalCardView card={card} />;

  return (
    <section className="panel" aria-labelledby="approvals-title" data-testid="approvals">
      <h2 id="approvals-title">{t('approvals.title')}</h2>
      <p className="small muted" data-testid="approvals-count" aria-live="polite">
        {loaded ? t('approvals.count', { count: requests.length }) : t('app.loading')}
      </p>
      {cardError && (
        <p className="error" role="alert" data-testid="approval-card-error">
          {reasonText(t, cardError)}
        </p>
      )}
      {requests.length > 0 && (
        <ul className="approval-list">
          {requests.map((item) => (
            <ApprovalItem key={item.approval.approvalId} item={item} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ApprovalItem({ item }: { item: ApprovalQueueItem }) {
  const { t, i18n } = useTranslation();
  const decide = useApprovalsStore((s) => s.decide);
  const openCard = useApprovalsStore((s) => s.openCard);
  const now = useApprovalsStore((s) => s.now);
  const waitedMinutes = now
    ? Math.max(0, Math.floor((Date.parse(now) - Date.parse(item.approval.requestedAt)) / 60_000))
    : null;
  const earlier = item.earlierReset;
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const time = (iso: string) => formatTime(iso, i18n.language);
  const id = item.approval.approvalId;

  const submit = async (decision: ApprovalDecision) => {
    const found = noteProblems(t, note);
    if (decision === 'reject' && note.trim() === '') found.push(t('approvals.needNote'));
    setProblems(found);
    if (found.length > 0) return;
    setBusy(true);
    const error = await decide(id, decision, note);
    setBusy(false);
    if (error) setProblems([reasonText(t, error)]);
  };

  return (
    <li className="approval-item" data-testid="approval-item" data-approval-id={id}>
      <div className="cause-row">
        <strong>{item.name}</strong>
        <span className="mono">{item.maskedCard}</span>
        <span className={item.lock.state === 'locked' ? 'hint-stop small' : 'hint-ok small'}>
          {item.lock.state === 'locked'
            ? item.lock.until
              ? t('approvals.lockedUntil', { time: time(item.lock.until) })
              : t('approvals.lockedUntilReset')
            : t('approvals.unlocked')}
        </span>
        <button
          type="button"
          className="button-quiet"
          data-testid="approval-open-card"
          onClick={() => void openCard(id)}
        >
          {t('approvals.openCard')}
        </button>
      </div>
      <dl className="approval-facts small">
        <dt>{t('approvals.requestedBy')}</dt>
        <dd data-testid="approval-requested-by">
          {item.requestedByName === null
            ? item.approval.requestedBy
            : `${item.requestedByName} (${item.approval.requestedBy})`}{' '}
          · {time(item.approval.requestedAt)}
        </dd>
        <dt>{t('approvals.waiting')}</dt>
        <dd data-testid="approval-waiting">
          {waitedMinutes === null ? '' : t('approvals.waitedMinutes', { count: waitedMinutes })}
        </dd>
        <dt>{t('approvals.verified')}</dt>
        <dd data-testid="approval-verified">
          {item.verifiedAt ? time(item.verifiedAt) : t('approvals.notVerified')}
        </dd>
        <dt>{t('approvals.earlierReset')}</dt>
        <dd data-testid="approval-earlier-reset">
          {earlier
            ? earlier.by
              ? t('approvals.earlierResetBy', {
                  time: formatDateTime(earlier.at, i18n.language),
                  who: earlier.byName ?? earlier.by,
                })
              : t('approvals.earlierResetAtAcs', {
                  time: formatDateTime(earlier.at, i18n.language),
                })
            : t('approvals.noEarlierReset')}
        </dd>
        <dt>{t('approvals.why')}</dt>
        <dd>{item.approval.escalation.map((e) => t(`reset.escalation.${e}`)).join(' / ')}</dd>
        <dt>{t('reset.reason')}</dt>
        <dd>{t(`reset.reasons.${item.reason}`)}</dd>
        <dt>{t('reset.note')}</dt>
        <dd>{item.note}</dd>
        <dt>{t('approvals.expires')}</dt>
        <dd>{time(item.approval.expiresAt)}</dd>
      </dl>
      <NoteField
        label={t('approvals.note')}
        value={note}
        onChange={setNote}
        testId="approval-note"
        rows={2}
      />
      <ProblemList problems={problems} testId="approval-problems" />
      <DialogActions
        quiet={{
          label: t('approvals.reject'),
          testId: 'approval-reject',
          disabled: busy,
          onClick: () => void submit('reject'),
        }}
        primary={{
          label: t('approvals.approve'),
          testId: 'approval-approve',
          disabled: busy,
          onClick: () => void submit('approve'),
        }}
      />
    </li>
  );
}
