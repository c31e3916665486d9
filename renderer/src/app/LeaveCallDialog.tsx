import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CALL_OUTCOMES,
  NO_OUTCOME_REASONS,
  type NoOutcomeReason,
} from '../../../shared/calls/call-codes.ts';
import { useCallsStore } from '../features/calls/calls-store.ts';
import { ChoiceField } from '../ui/ChoiceField.tsx';
import { NoteField, noteProblems } from '../ui/NoteField.tsx';
import { ProblemList } from '../ui/ProblemList.tsx';
import { reasonText } from '../ui/reason-text.ts';
import { useLeaveStore, type LeaveIntent } from './leave-store.ts';

/**
 * The agent is leaving a card with its call open: how did the call end? An outcome (the
 * wrap-up, with the draft the agent may have started), or no outcome and why. A modal
 * dialog: Escape or "Stay on this call" keeps the call and the card as they were.
 */
export function LeaveCallDialog({ cardId, intent }: { cardId: string; intent: LeaveIntent }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const { stay, proceed } = useLeaveStore.getState();
  const { wrapUp, endWithoutOutcome, setDraft } = useCallsStore.getState();
  const saving = useCallsStore((s) => s.saving);
  const { outcome, note } = useCallsStore((s) => s.draft);
  const [reason, setReason] = useState<NoOutcomeReason | ''>('');
  const [problems, setProblems] = useState<string[]>([]);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const end = async (
    missing: string | null,
    call: () => Promise<Awaited<ReturnType<typeof wrapUp>>>,
  ) => {
    const found = [...(missing ? [missing] : []), ...noteProblems(t, note)];
    setProblems(found);
    if (found.length > 0) return;
    const error = await call();
    if (error) setProblems([reasonText(t, error)]);
    else await proceed(intent);
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    void end(outcome === '' ? t('wrapUp.needOutcome') : null, () =>
      wrapUp(cardId, outcome as Exclude<typeof outcome, ''>, note),
    );
  };

  const endNoOutcome = (event: FormEvent) => {
    event.preventDefault();
    const missing =
      reason === ''
        ? t('leaveCall.needReason')
        : reason === 'other' && note.trim() === ''
          ? t('leaveCall.needNote')
          : null;
    void end(missing, () => endWithoutOutcome(cardId, reason as NoOutcomeReason, note));
  };

  return (
    <dialog
      ref={ref}
      className="dialog dialog-wide"
      aria-labelledby="leave-call-title"
      aria-describedby="leave-call-intro"
      data-testid="leave-call"
      onClose={stay}
    >
      <h2 id="leave-call-title">{t('leaveCall.title')}</h2>
      <p id="leave-call-intro" className="small">
        {t(`leaveCall.intro.${intent.kind}`)}
      </p>
      <form className="form" onSubmit={save} noValidate>
        <ChoiceField
          label={t('wrapUp.outcome')}
          placeholder={t('wrapUp.choose')}
          options={CALL_OUTCOMES}
          optionLabel={(o) => t(`wrapUp.outcomes.${o}`)}
          value={outcome}
          onChange={(value) => setDraft({ outcome: value })}
          testId="leave-call-outcome"
        />
        <NoteField
          label={t('wrapUp.note')}
          value={note}
          onChange={(value) => setDraft({ note: value })}
          testId="leave-call-note"
        />
        <button
          type="submit"
          className="button-primary"
          data-testid="leave-call-save"
          disabled={saving}
        >
          {t('leaveCall.save')}
        </button>
      </form>
      <form className="form leave-call-none" onSubmit={endNoOutcome} noValidate>
        <ChoiceField
          label={t('leaveCall.reason')}
          placeholder={t('leaveCall.chooseReason')}
          options={NO_OUTCOME_REASONS}
          optionLabel={(r) => t(`leaveCall.reasons.${r}`)}
          value={reason}
          onChange={setReason}
          testId="leave-call-reason"
        />
        <button
          type="submit"
          className="button-quiet"
          data-testid="leave-call-no-outcome"
          disabled={saving}
        >
          {t('leaveCall.endWithoutOutcome')}
        </button>
      </form>
      <ProblemList problems={problems} testId="leave-call-problems" />
      <div className="dialog-actions">
        <button
          type="button"
          className="button-quiet"
          data-testid="leave-call-stay"
          onClick={() => ref.current?.close()}
        >
          {t('leaveCall.stay')}
        </button>
      </div>
    </dialog>
  );
}
