import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  RESET_REASONS,
  type ResetEscalation,
  type ResetReason,
} from '../../../../shared/lockout/lockout-codes.ts';
import { ChoiceField } from '../../ui/ChoiceField.tsx';
import { DialogActions } from '../../ui/DialogActions.tsx';
import { NoteField, noteProblems } from '../../ui/NoteField.tsx';
import { ProblemList } from '../../ui/ProblemList.tsx';
import { reasonText } from '../../ui/reason-text.ts';
import { useLockoutStore } from './lockout-store.ts';

/**
 * Confirming a reset: a reason from the list and a note (checked like wrap-up notes). A
 * modal dialog: Escape or Cancel closes it and nothing happens. A refusal (another console
 * reset the lock first, a lead was already asked) stays in the dialog, in the agent's words.
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
  const resetLock = useLockoutStore((s) => s.reset);
  const busy = useLockoutStore((s) => s.busy);
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
    found.push(...noteProblems(t, note));
    setProblems(found);
    if (found.length > 0 || reason === '') return;
    const error = await resetLock(reason, note);
    if (error) setProblems([reasonText(t, error)]);
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
        <ChoiceField
          label={t('reset.reason')}
          placeholder={t('reset.chooseReason')}
          options={RESET_REASONS}
          optionLabel={(r) => t(`reset.reasons.${r}`)}
          value={reason}
          onChange={setReason}
          testId="reset-reason"
        />
        <NoteField label={t('reset.note')} value={note} onChange={setNote} testId="reset-note" />
        <ProblemList problems={problems} testId="reset-problems" />
        <DialogActions
          quiet={{
            label: t('reset.cancel'),
            testId: 'reset-cancel',
            onClick: () => ref.current?.close(),
          }}
          primary={{
            label: escalated ? t('reset.confirmApproval') : t('reset.confirm'),
            testId: 'reset-confirm',
            disabled: busy,
          }}
        />
      </form>
    </dialog>
  );
}
