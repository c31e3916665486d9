import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DialogActions } from '../../ui/DialogActions.tsx';
import { NoteField, noteProblems } from '../../ui/NoteField.tsx';
import { ProblemList } from '../../ui/ProblemList.tsx';
import { reasonText } from '../../ui/reason-text.ts';
import { useLockoutStore } from './lockout-store.ts';

/**
 * Withdrawing a request that waits for a lead: a note saying why (checked like every note).
 * A modal dialog: Escape or "Keep waiting" closes it and nothing happens. A refusal (a lead
 * decided meanwhile, the request ran out) stays in the dialog, in the agent's words.
 */
export function CancelRequestDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRequest = useLockoutStore((s) => s.cancelRequest);
  const busy = useLockoutStore((s) => s.busy);
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<string[]>([]);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: string[] = [];
    if (note.trim() === '') found.push(t('waitingForLead.needNote'));
    found.push(...noteProblems(t, note));
    setProblems(found);
    if (found.length > 0) return;
    const error = await cancelRequest(note);
    if (error) setProblems([reasonText(t, error)]);
    else ref.current?.close();
  };

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="cancel-request-title"
      data-testid="cancel-request-dialog"
      onClose={onClose}
    >
      <h2 id="cancel-request-title">{t('waitingForLead.dialogTitle')}</h2>
      <p className="small">{t('waitingForLead.dialogIntro')}</p>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <NoteField
          label={t('waitingForLead.note')}
          value={note}
          onChange={setNote}
          testId="cancel-request-note"
        />
        <ProblemList problems={problems} testId="cancel-request-problems" />
        <DialogActions
          quiet={{
            label: t('waitingForLead.keep'),
            testId: 'cancel-request-keep',
            onClick: () => ref.current?.close(),
          }}
          primary={{
            label: t('waitingForLead.confirm'),
            testId: 'cancel-request-confirm',
            disabled: busy,
          }}
        />
      </form>
    </dialog>
  );
}
