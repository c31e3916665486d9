import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  RESET_REASONS,
  type ResetEscalation,
  type ResetReason,
} from '../../../shared/resets/reset-codes.ts';
import { freeTextProblems, NOTE_MAX_LENGTH } from '../../../shared/text/free-text-guard.ts';
import { useResetStore } from '../stores/reset-store.ts';
import { ProblemList } from './ProblemList.tsx';

/**
 * Confirming a reset: a reason from the list and a note (checked like wrap-up notes). A
 * modal dialog: Escape or Cancel closes it and nothing happens.
 */
export function ResetDialog({
  escalation,
  onClose,
}: {
  escalation: readonly ResetEscalation[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const resetLock = useResetStore((s) => s.reset);
  const busy = useResetStore((s) => s.busy);
  const [reason, setReason] = useState<ResetReason | ''>('');
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<string[]>([]);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: string[] = [];
    if (reason === '') found.push(t('reset.needReason'));
    if (note.trim() === '') found.push(t('reset.needNote'));
    found.push(...freeTextProblems(note).map((problem) => t(`wrapUp.problems.${problem}`)));
    setProblems(found);
    if (found.length > 0 || reason === '') return;
    const error = await resetLock(reason, note);
    if (error) setProblems([error.message]);
    else ref.current?.close();
  };

  const escalated = escalation.length > 0;
  return (
    <dialog
      ref={ref}
      className="dialog dialog-wide"
      aria-labelledby="reset-dialog-title"
      data-testid="reset-dialog"
      onClose={onClose}
    >
      <h2 id="reset-dialog-title">
        {escalated ? t('reset.dialogTitleApproval') : t('reset.dialogTitle')}
      </h2>
      <p className="small">{escalated ? t('reset.dialogIntroApproval') : t('reset.dialogIntro')}</p>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <label className="field">
          <span>{t('reset.reason')}</span>
          <select
            data-testid="reset-reason"
            value={reason}
            onChange={(event) => setReason(event.target.value as ResetReason)}
          >
            <option value="" disabled>
              {t('reset.chooseReason')}
            </option>
            {RESET_REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`reset.reasons.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('reset.note')}</span>
          <textarea
            data-testid="reset-note"
            rows={3}
            maxLength={NOTE_MAX_LENGTH + 200}
            value={note}
            onChange={(event) => setNote(event.target.value)}
          />
          <span className="small muted">{t('wrapUp.noteHint')}</span>
        </label>
        <ProblemList problems={problems} testId="reset-problems" />
        <div className="dialog-actions">
          <button
            type="button"
            className="button-quiet"
            data-testid="reset-cancel"
            onClick={() => ref.current?.close()}
          >
            {t('reset.cancel')}
          </button>
          <button
            type="submit"
            className="button-primary"
            data-testid="reset-confirm"
            disabled={busy}
          >
            {escalated ? t('reset.confirmApproval') : t('reset.confirm')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
